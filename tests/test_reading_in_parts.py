"""A large file is read and checked a part at a time: the result and the problems must not depend on the parts.

Every case reads the same file whole and in parts of a few rows (``BATCH_ROWS``), and compares.
"""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trappa.errors import InputFileError
from trappa.ingest import contracts, reader
from trappa.ingest.contracts import ACCOUNTS, DECISIONS, read_contract

from .conftest import write

HEADER = "år;ansvar;ansvarsnamn;art;funksjon;beløp"


def _line(i: int) -> str:
    return f"2023;{4000 + i};Eining {i % 7};10100;254;{1000 + i},50"


def _read(path, monkeypatch, rows: int | None):
    if rows:
        monkeypatch.setattr(reader, "BATCH_ROWS", rows)
    try:
        return read_contract(path, ACCOUNTS), None
    except InputFileError as exc:
        return None, [p.describe() for p in exc.problems]
    finally:
        monkeypatch.setattr(reader, "BATCH_ROWS", 200_000)


FILES = {
    "plain": (HEADER + "\n" + "\n".join(_line(i) for i in range(23)) + "\n").encode(),
    "windows line ends, no last break": ("\r\n".join([HEADER, *(_line(i) for i in range(17))])).encode(),
    "blank lines inside": (HEADER + "\n" + "\n\n".join(_line(i) for i in range(11)) + "\n\r\n\n").encode(),
    "title line and BOM": ("\ufeffRekneskap 2023\n\n" + HEADER + "\n" + "\n".join(_line(i) for i in range(9))).encode(),
    "quoted": (HEADER + "\n" + "\n".join(f'"{_line(i)}"'.replace(";", '";"') for i in range(13))).encode(),
    "windows-1252": (HEADER + "\n" + "\n".join(_line(i).replace("Eining", "Åsane") for i in range(12))).encode(
        "cp1252"
    ),
    "utf-16": ("\r\n".join([HEADER, *(_line(i) for i in range(10))])).encode("utf-16"),
    "separators only": (HEADER + "\n" + "\n".join(_line(i) if i % 4 else ";;;;;" for i in range(15))).encode(),
    "bad amounts far apart": (
        HEADER + "\n" + "\n".join(_line(i) if i % 5 else "2023;1;x;10100;254;mykje" for i in range(21))
    ).encode(),  # fmt: skip
    "a row too long": (HEADER + "\n" + "\n".join(_line(i) + (";x" if i == 14 else "") for i in range(16))).encode(),
    "a lone carriage return in a line": (
        HEADER + "\n" + "\n".join(_line(i) for i in range(9)) + "\n2023;1;a\rb;10100;254;1\n"
    ).encode(),
    "a zero byte late in the file": (
        HEADER + "\n" + "\n".join(_line(i) for i in range(9)) + "\n2023;1;a\x00;10100;254;1\n"
    ).encode(),
    "a double row far from the first": (HEADER + "\n" + "\n".join(_line(i % 12) for i in range(13))).encode(),
}


@pytest.mark.parametrize("name", list(FILES))
@pytest.mark.parametrize("rows", [1, 2, 3, 5])
def test_the_parts_do_not_change_the_answer(tmp_path, monkeypatch, name, rows):
    path = write(tmp_path / "rekneskap.csv", FILES[name])
    whole, whole_problems = _read(path, monkeypatch, None)
    parts, part_problems = _read(path, monkeypatch, rows)
    assert part_problems == whole_problems
    if whole is None:
        assert parts is None and whole_problems
    else:
        assert parts is not None and parts.equals(whole)
        assert whole.height > 0


def test_problems_are_counted_over_all_parts(tmp_path, monkeypatch):
    """The first SHOWN of a kind are listed, the rest counted in one line, though they fall in many parts."""
    lines = [_line(i) if i % 2 else f"2023;{4000 + i};x;10100;254;mykje" for i in range(40)]
    path = write(tmp_path / "a.csv", HEADER + "\n" + "\n".join(lines))
    monkeypatch.setattr(contracts, "SHOWN", 5)
    monkeypatch.setattr(reader, "BATCH_ROWS", 3)
    with pytest.raises(InputFileError) as info:
        read_contract(path, ACCOUNTS)
    listed = [p for p in info.value.problems if p.message == "verdien kan ikkje lesast"]
    assert [p.row for p in listed] == [2, 4, 6, 8, 10]
    more_lines = [p for p in info.value.problems if "rader til" in p.message]
    (more,) = more_lines
    assert more.message == "verdien kan ikkje lesast: og 15 rader til, fram til rad 40"
    assert more.row == 40


def test_an_identity_number_in_a_late_part_refuses_the_file(tmp_path, monkeypatch):
    rows = [f"p{i};Heimesjukepleie;3;5;2023-01-01;;67-79;;Eldre;;" for i in range(30)]
    rows[27] = "15076510013;Heimesjukepleie;3;5;2023-01-01;;67-79;;Eldre;;"
    header = "personnøkkel;teneste;trinn;timar per veke;frå dato;til dato;aldersgruppe;fødselsår;brukargruppe;barn eller vaksen;eining"
    path = write(tmp_path / "vedtak.csv", header + "\n" + "\n".join(rows))
    monkeypatch.setattr(reader, "BATCH_ROWS", 4)
    with pytest.raises(InputFileError) as info:
        read_contract(path, DECISIONS)
    assert "fødselsnummer" in str(info.value)
    assert [(p.row, p.column) for p in info.value.problems] == [(29, "personnøkkel")]


def test_an_xlsx_is_checked_in_parts_too(tmp_path, monkeypatch):
    import xlsxwriter

    path = tmp_path / "rekneskap.xlsx"
    book = xlsxwriter.Workbook(str(path))  # a test fixture, not an output of trappa
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER.split(";"))
    for i in range(1, 12):
        sheet.write_row(i, 0, [2023, 4000 + i, f"Eining {i}", "10100", "254", "mykje" if i in (2, 11) else 10.5 * i])
    book.close()
    whole, whole_problems = _read(path, monkeypatch, None)
    parts, part_problems = _read(path, monkeypatch, 2)
    assert whole is None and part_problems == whole_problems
    assert [p.split(",")[1].strip() for p in whole_problems] == ["rad 3", "rad 12"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kinds=st.lists(st.sampled_from(["good", "bad", "blank", "double", "crlf"]), min_size=1, max_size=25),
    rows=st.integers(1, 6),
)
def test_any_mix_of_lines_reads_the_same_in_parts(tmp_path_factory, monkeypatch, kinds, rows):
    lines = []
    for i, kind in enumerate(kinds):
        if kind == "good":
            lines.append(_line(i) + "\n")
        elif kind == "bad":
            lines.append(f"2023;{i};x;10100;254;1.234\n")
        elif kind == "blank":
            lines.append("\n")
        elif kind == "double":
            lines.append(_line(0) + "\n")
        else:
            lines.append(_line(i) + "\r\n")
    path = write(tmp_path_factory.mktemp("parts") / "a.csv", HEADER + "\n" + "".join(lines))
    assert _read(path, monkeypatch, rows)[1] == _read(path, monkeypatch, None)[1]
    whole, parts = _read(path, monkeypatch, None)[0], _read(path, monkeypatch, rows)[0]
    assert (whole is None) == (parts is None)
    if whole is not None and parts is not None:
        assert parts.equals(whole)
        assert isinstance(whole, pl.DataFrame)


def test_a_value_that_must_be_unique_is_checked_over_all_parts(tmp_path, monkeypatch):
    from trappa.ingest.contracts import UNITS

    text = "eining;ansvar\n" + "\n".join(f"Eining {i};{4600 + i}" for i in range(9)) + "\nEining 9;4601\n"
    path = write(tmp_path / "einingar.csv", text)
    monkeypatch.setattr(reader, "BATCH_ROWS", 3)
    with pytest.raises(InputFileError) as info:
        read_contract(path, UNITS)
    assert [(p.row, p.message) for p in info.value.problems] == [
        (3, "ansvaret står i meir enn éi eining"),
        (11, "ansvaret står i meir enn éi eining"),
    ]
