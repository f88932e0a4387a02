"""Reading files as Norwegian users export them, and refusing text that is not sound."""

from __future__ import annotations

import pytest

from trappa.errors import InputFileError
from trappa.ingest.contracts import ACCOUNTS, MAPPING, read_contract

from .conftest import write

HEADER = "år;ansvar;ansvarsnamn;art;funksjon;beløp"
ROWS = ["2023;4601;Heimesjukepleie Sør;10100;254;1 234,50", "2023;4602;Bufellesskap Åsane;16000;254;-500"]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("utf-16", b"")],
)
def test_encodings(tmp_path, encoding, prefix):
    text = "\r\n".join([HEADER, *ROWS]) + "\r\n"
    path = write(tmp_path / "a.csv", prefix + text.encode(encoding))
    frame = read_contract(path, ACCOUNTS)
    assert frame["cost_centre_name"].to_list() == ["Heimesjukepleie Sør", "Bufellesskap Åsane"]
    assert frame["amount_ore"].to_list() == [123450, -50000]


@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_separators(tmp_path, sep):
    rows = [HEADER.replace(";", sep)] + [
        f'2023{sep}4601{sep}"Heimesjukepleie, Sør"{sep}10100{sep}254{sep}"1 234,50"',
    ]
    frame = read_contract(write(tmp_path / "a.csv", "\n".join(rows)), ACCOUNTS)
    assert frame["cost_centre_name"].to_list() == ["Heimesjukepleie, Sør"]
    assert frame["amount_ore"].to_list() == [123450]


def test_title_line_and_blank_lines_before_header_keep_row_numbers(tmp_path):
    text = "Rekneskap 2023 frå økonomisystemet\n\n" + HEADER + "\n" + ROWS[0] + "\n\n2023;4603;X;10100;254;1.234\n"
    with pytest.raises(InputFileError) as info:
        read_contract(write(tmp_path / "a.csv", text), ACCOUNTS)
    (problem,) = info.value.problems
    assert problem.row == 6
    assert problem.column == "beløp"


def test_double_encoded_text_is_refused(tmp_path):
    text = HEADER + "\n2023;4601;Heimesjukepleie SÃ¸r;10100;254;100\n"
    with pytest.raises(InputFileError) as info:
        read_contract(write(tmp_path / "a.csv", text), ACCOUNTS)
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (2, "ansvarsnamn")
    assert "dobbeltkoda" in problem.message


def test_double_encoded_cp1252_file_is_refused(tmp_path):
    text = HEADER + "\n2023;4601;Bufellesskap Ã…sane;10100;254;100\n"
    with pytest.raises(InputFileError, match="dobbeltkoda"):
        read_contract(write(tmp_path / "a.csv", text, "cp1252"), ACCOUNTS)


def test_text_that_does_not_decode_is_refused(tmp_path):
    data = (HEADER + "\n2023;4601;Heim").encode("cp1252") + b"\x81\x8d" + b";10100;254;100\n"
    with pytest.raises(InputFileError, match="UTF-8 eller Windows-1252") as info:
        read_contract(write(tmp_path / "a.csv", data), ACCOUNTS)
    assert info.value.problems[0].row == 2


def test_ragged_rows_are_reported(tmp_path):
    text = HEADER + "\n" + ROWS[0] + ";extra\n" + ROWS[1] + "\n"
    with pytest.raises(InputFileError) as info:
        read_contract(write(tmp_path / "a.csv", text), ACCOUNTS)
    assert info.value.problems[0].row == 2


def test_file_without_known_header(tmp_path):
    with pytest.raises(InputFileError, match="overskriftsrad"):
        read_contract(write(tmp_path / "a.csv", "a;b;c\n1;2;3\n"), ACCOUNTS)


def test_old_xls_is_refused(tmp_path):
    with pytest.raises(InputFileError, match=r"\.xls"):
        read_contract(write(tmp_path / "a.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100), ACCOUNTS)


def test_missing_file(tmp_path):
    with pytest.raises(InputFileError, match="finst ikkje"):
        read_contract(tmp_path / "nope.csv", ACCOUNTS)


def test_mapping_defaults(tmp_path):
    frame = read_contract(write(tmp_path / "m.csv", "år;ansvar;trinn\n2023;4601;6\n2023;46*;utanfor\n"), MAPPING)
    assert frame["share"].to_list() == [100.0, 100.0]
    assert frame["user_group"].to_list() == ["alle", "alle"]
    assert frame["step"].to_list() == [6, 0]


def test_a_large_plain_file_keeps_the_row_numbers_a_person_sees(tmp_path):
    """The fast reader (no quotes: Polars) numbers rows as the careful one: blank lines and lines of
    separators only are skipped but counted, Windows line ends are fine, a BOM is not part of a heading."""
    from trappa.errors import InputFileError
    from trappa.ingest.contracts import CONTRACTS, read_contract

    text = "\ufeffRekneskap 2023\r\når;ansvar;art;funksjon;beløp\r\n2023;4601;10100;254;5\r\n\r\n;;;;\r\n"
    text += "2023;4602;10100;254;x\r\n2023;4603;10100;254;7"
    path = tmp_path / "crlf.csv"
    path.write_bytes(text.encode("utf-8"))
    with pytest.raises(InputFileError) as info:
        read_contract(path, CONTRACTS["accounts"])
    assert [(p.row, p.column) for p in info.value.problems] == [(6, "beløp")]
    path.write_bytes(text.replace(";x", ";6").encode("utf-8"))
    frame = read_contract(path, CONTRACTS["accounts"])
    assert frame["source_row"].to_list() == [3, 6, 7] and frame["amount_ore"].to_list() == [500, 600, 700]
