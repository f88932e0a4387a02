"""Excel files: good ones are read with typed cells; hostile ones are refused before the reader sees them."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import fastexcel
import pytest
import xlsxwriter

from trappa.errors import InputFileError
from trappa.ingest.contracts import CONTRACTS, read_contract
from trappa.ingest.limits import FileLimits


def _workbook(path: Path, rows: list[list[object]], *, extra=None) -> Path:
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Rekneskap")
    datefmt = wb.add_format({"num_format": "dd.mm.yyyy"})
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if isinstance(v, date):
                ws.write_datetime(i, j, v, datefmt)
            elif isinstance(v, str):
                ws.write_string(i, j, v)
            elif v is not None:
                ws.write_number(i, j, v)
    if extra:
        extra(ws)
    wb.close()
    return path


ACCOUNT_ROWS = [
    ["år", "ansvar", "ansvarsnamn", "art", "funksjon", "beløp"],
    [2023, 4601, "Heimesjukepleie", "10100", 254, 1234.5],
    [2023, 4602, "Sjukeheim", 16000, "253", -1.234],
]


def test_typed_cells_are_taken_as_numbers(tmp_path):
    frame = read_contract(_workbook(tmp_path / "a.xlsx", ACCOUNT_ROWS), CONTRACTS["accounts"])
    assert frame["cost_centre"].to_list() == ["4601", "4602"]
    assert frame["function"].to_list() == ["254", "253"]
    assert frame["art"].to_list() == ["10100", "16000"]
    # -1.234 as a number cell is a number, not the ambiguous text "1.234"
    assert frame["amount_ore"].to_list() == [123450, -123]
    assert frame["source_row"].to_list() == [2, 3]


def test_title_rows_above_header_and_date_cells(tmp_path):
    rows = [
        ["Vedtak frå fagsystemet"],
        [None],
        ["personnøkkel", "teneste", "trinn", "timar per veke", "frå dato", "til dato", "aldersgruppe", "brukargruppe"],
        ["A1", "Heimesjukepleie", 6, 3.5, date(2023, 2, 1), None, "80-84", "andre"],
        ["A2", "Heimesjukepleie", 6, "x", "01.02.2023", None, "80-84", "andre"],
    ]
    with pytest.raises(InputFileError) as info:
        read_contract(_workbook(tmp_path / "v.xlsx", rows), CONTRACTS["decisions"])
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (5, "timar per veke")
    frame = read_contract(_workbook(tmp_path / "v2.xlsx", rows[:4]), CONTRACTS["decisions"])
    assert frame["start_date"].to_list() == [date(2023, 2, 1)]


def _rezip(
    src: Path,
    dst: Path,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
    compression=zipfile.ZIP_DEFLATED,
) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", compression) as zout:
        for item in zin.infolist():
            data = (replace or {}).get(item.filename, zin.read(item.filename))
            zout.writestr(item.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def test_cell_at_xfd1048576_is_refused(tmp_path):
    path = _workbook(tmp_path / "far.xlsx", ACCOUNT_ROWS, extra=lambda ws: ws.write_string(1048575, 16383, "x"))
    with pytest.raises(InputFileError, match="XFD1048576"):
        read_contract(path, CONTRACTS["accounts"])


def test_one_cell_in_column_xfd_is_refused(tmp_path):
    path = _workbook(tmp_path / "wide.xlsx", ACCOUNT_ROWS, extra=lambda ws: ws.write_string(0, 16383, "x"))
    with pytest.raises(InputFileError, match="XFD"):
        read_contract(path, CONTRACTS["accounts"])


def test_zip_bomb_is_refused(tmp_path):
    good = _workbook(tmp_path / "good.xlsx", ACCOUNT_ROWS)
    bomb = _rezip(good, tmp_path / "bomb.xlsx", add={"xl/media/padding.xml": b" " * 50_000_000})
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(InputFileError, match="zip-bombe"):
        read_contract(bomb, CONTRACTS["accounts"])


def test_total_uncompressed_size_is_bounded(tmp_path):
    good = _workbook(tmp_path / "good.xlsx", ACCOUNT_ROWS)
    with pytest.raises(InputFileError, match="pakkar seg ut"):
        read_contract(good, CONTRACTS["accounts"], limits=FileLimits(max_uncompressed_bytes=1000))


def test_too_many_zip_entries(tmp_path):
    good = _workbook(tmp_path / "good.xlsx", ACCOUNT_ROWS)
    many = _rezip(good, tmp_path / "many.xlsx", add={f"xl/x/{i}.bin": b"" for i in range(2500)})
    with pytest.raises(InputFileError, match="2\u00a0510 delar"):
        read_contract(many, CONTRACTS["accounts"])


def test_file_size_is_bounded(tmp_path):
    good = _workbook(tmp_path / "good.xlsx", ACCOUNT_ROWS)
    with pytest.raises(InputFileError, match="grensa for Excel-filer"):
        read_contract(good, CONTRACTS["accounts"], limits=FileLimits(max_xlsx_bytes=100))


def test_a_sheet_with_more_cells_than_the_reader_holds_in_500_mb_is_sent_to_csv(tmp_path):
    """The reader holds the whole sheet as cells (a million rows of six: 492 MB): large exports go as CSV."""
    good = _workbook(tmp_path / "good.xlsx", ACCOUNT_ROWS)
    with pytest.raises(InputFileError) as info:
        read_contract(good, CONTRACTS["accounts"], limits=FileLimits(max_cells=5))
    assert "grensa for Excel-filer" in str(info.value) and "CSV UTF-8" in str(info.value)
    assert read_contract(good, CONTRACTS["accounts"]).height == len(ACCOUNT_ROWS) - 1


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol3;</t></si></sst>"""


def test_entities_in_xml_are_refused(tmp_path):
    good = _workbook(tmp_path / "good.xlsx", ACCOUNT_ROWS)
    evil = _rezip(good, tmp_path / "lol.xlsx", replace={"xl/sharedStrings.xml": BILLION_LAUGHS})
    with pytest.raises(InputFileError, match="DTD"):
        read_contract(evil, CONTRACTS["accounts"])


def test_broken_xml_is_refused(tmp_path):
    good = _workbook(tmp_path / "good.xlsx", ACCOUNT_ROWS)
    evil = _rezip(good, tmp_path / "broken.xlsx", replace={"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row>"})
    with pytest.raises(InputFileError, match="ikkje gyldig XML|Excel-fila kunne ikkje lesast"):
        read_contract(evil, CONTRACTS["accounts"])


def test_zip_header_without_zip_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(InputFileError, match="zip"):
        read_contract(path, CONTRACTS["accounts"])


def test_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "other.xlsx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hei")
    path.write_bytes(buf.getvalue())
    with pytest.raises(InputFileError):
        read_contract(path, CONTRACTS["accounts"])


class PanicException(BaseException):
    """The shape of pyo3's PanicException: a BaseException, not an Exception."""


def test_a_panic_in_the_rust_reader_becomes_our_error(tmp_path, monkeypatch):
    good = _workbook(tmp_path / "good.xlsx", ACCOUNT_ROWS)

    def panicking_reader(_source):
        raise PanicException("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(fastexcel, "read_excel", panicking_reader)
    with pytest.raises(InputFileError, match="PanicException"):
        read_contract(good, CONTRACTS["accounts"])


def test_a_zip_claiming_an_unknown_version_is_refused_cleanly(tmp_path):
    """Found by the fuzzer: one flipped byte made zipfile raise NotImplementedError past the guard."""
    import io
    import zipfile

    from trappa.errors import InputFileError
    from trappa.ingest.xlsx_guard import check_xlsx

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    data = bytearray(buffer.getvalue())
    central = data.rindex(b"PK\x01\x02")
    data[central + 6] = 64  # "version needed to extract": 6.4
    path = tmp_path / "x.xlsx"
    path.write_bytes(bytes(data))
    with pytest.raises(InputFileError, match="ikkje ei gyldig .xlsx-fil"):
        check_xlsx(path, "x.xlsx")
