"""Fuzzing the import entry point: whatever the file, only trappa's own error may come out."""

from __future__ import annotations

import contextlib
import io
import zipfile

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trappa.errors import TrappaError
from trappa.ingest.contracts import CONTRACTS
from trappa.services.imports import import_file

KINDS = list(CONTRACTS)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

HEADERS = {
    "accounts": "år;ansvar;ansvarsnamn;art;funksjon;beløp;budsjett",
    "decisions": "personnøkkel;teneste;trinn;timar per veke;frå dato;til dato;aldersgruppe;fødselsår;brukargruppe",
    "mapping": "år;ansvar;funksjon;trinn;brukargruppe;del",
    "ftes": "år;ansvar;årsverk;turnustimar",
    "places": "år;eining;trinn;plassar;belagde døgn",
    "services": "teneste;trinn",
    "units": "eining;ansvar;plassar",
    "delivered_hours": "periode;eining;utførte timar",
    "sickness_absence": "periode;eining;fråværsdagsverk;moglege dagsverk",
}
cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "1.234",
            "1 234,5",
            "−5",
            "01.01.2023",
            "2023-03",
            "2023-13",
            "2023-13-01",
            "utanfor",
            "andre",
            "90+",
            "12345678901",
            "01010150031",
            "Ã¦",
            "=1+1",
            "NaN",
            "inf",
            "1e308",
            "99999999999999999999",
            "\u00a0",
            "\x00",
            "\ufeff",
            '"',
            ";",
        ]
    ),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


def _expect_only_our_errors(engine, kind, path):
    with contextlib.suppress(TrappaError):
        import_file(engine, "test", kind, path)


@SETTINGS
@given(kind=st.sampled_from(KINDS), data=st.binary(max_size=2000))
def test_random_bytes(sqlite_engine, tmp_path, kind, data):
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    _expect_only_our_errors(sqlite_engine, kind, path)


@SETTINGS
@given(
    kind=st.sampled_from(KINDS),
    rows=st.lists(st.lists(cell, min_size=0, max_size=10), max_size=8),
    sep=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_csv_shaped_input(sqlite_engine, tmp_path, kind, rows, sep, encoding):
    text = HEADERS[kind].replace(";", sep) + "\n" + "\n".join(sep.join(r) for r in rows)
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    _expect_only_our_errors(sqlite_engine, kind, path)


def _xlsx_bytes(kind: str, rows: list[list[str]]) -> bytes:
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": True})
    ws = wb.add_worksheet()
    for j, h in enumerate(HEADERS[kind].split(";")):
        ws.write_string(0, j, h)
    for i, r in enumerate(rows, start=1):
        for j, v in enumerate(r):
            ws.write(i, j, v)
    wb.close()
    return buf.getvalue()


@SETTINGS
@given(
    kind=st.sampled_from(KINDS), rows=st.lists(st.lists(cell.filter(lambda s: "\x00" not in s), max_size=9), max_size=5)
)
def test_xlsx_cells(sqlite_engine, tmp_path, kind, rows):
    path = tmp_path / "f.xlsx"
    path.write_bytes(_xlsx_bytes(kind, rows))
    _expect_only_our_errors(sqlite_engine, kind, path)


BASE = _xlsx_bytes("accounts", [["2023", "4601", "Heim", "10100", "254", "100", "90"]])


@SETTINGS
@given(
    flips=st.lists(
        st.tuples(st.integers(min_value=0, max_value=len(BASE) - 1), st.integers(0, 255)), min_size=1, max_size=20
    )
)
def test_corrupted_xlsx(sqlite_engine, tmp_path, flips):
    data = bytearray(BASE)
    for pos, byte in flips:
        data[pos] = byte
    path = tmp_path / "f.xlsx"
    path.write_bytes(bytes(data))
    _expect_only_our_errors(sqlite_engine, "accounts", path)


@SETTINGS
@given(
    part=st.sampled_from(
        ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml", "[Content_Types].xml"]
    ),
    junk=st.binary(max_size=500),
)
def test_xlsx_with_garbage_parts(sqlite_engine, tmp_path, part, junk):
    src = zipfile.ZipFile(io.BytesIO(BASE))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            z.writestr(item.filename, junk if item.filename == part else src.read(item.filename))
    path = tmp_path / "f.xlsx"
    path.write_bytes(out.getvalue())
    _expect_only_our_errors(sqlite_engine, "accounts", path)
