"""Files that carry national identity numbers are refused whole, and the numbers are never repeated."""

from __future__ import annotations

import pytest
import xlsxwriter

from trappa.errors import InputFileError
from trappa.ingest.contracts import CONTRACTS, read_contract
from trappa.ingest.identity import is_identity_number
from trappa.services.imports import import_file
from trappa.store.repository import import_history, load_table

from .conftest import write

# Synthetic numbers that pass the check digits (made with the published algorithm, not real people).


def _make_valid(prefix9: str) -> str:
    w1, w2 = (3, 7, 6, 1, 8, 9, 4, 5, 2), (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    d = [int(c) for c in prefix9]
    k1 = 11 - sum(a * b for a, b in zip(d, w1, strict=False)) % 11
    k1 = 0 if k1 == 11 else k1
    if k1 == 10:
        return ""
    d.append(k1)
    k2 = 11 - sum(a * b for a, b in zip(d, w2, strict=False)) % 11
    k2 = 0 if k2 == 11 else k2
    return "" if k2 == 10 else "".join(map(str, d)) + str(k2)


def test_check_digits():
    made = [n for n in (_make_valid(p) for p in ("010101500", "150765005", "410101500", "311299123")) if n]
    assert made
    for n in made:
        assert is_identity_number(n)
        assert is_identity_number(n[:6] + " " + n[6:])
    assert not is_identity_number("01010150032")
    assert not is_identity_number("12345678901")
    assert not is_identity_number("0101015003")


def test_decision_file_with_identity_number_is_refused(tmp_path):
    number = _make_valid("010101500")
    text = (
        "personnøkkel;teneste;trinn;frå dato;aldersgruppe;brukargruppe\n"
        f"A1;Heimesjukepleie;6;01.01.2023;80-84;andre\n{number};Heimesjukepleie;6;01.01.2023;80-84;andre\n"
    )
    with pytest.raises(InputFileError) as info:
        read_contract(write(tmp_path / "vedtak.csv", text), CONTRACTS["decisions"])
    message = str(info.value)
    assert "fødselsnummer" in message and "Ingenting frå fila er lagra" in message
    assert number not in message
    assert info.value.problems[0].row == 3 and info.value.problems[0].column == "personnøkkel"


def test_identity_number_in_any_file_and_column_is_refused(tmp_path):
    number = _make_valid("150765005")
    text = f"år;ansvar;ansvarsnamn;art;funksjon;beløp\n2023;4601;{number[:6]} {number[6:]};10100;254;1\n"
    with pytest.raises(InputFileError, match="fødselsnummer") as info:
        read_contract(write(tmp_path / "a.csv", text), CONTRACTS["accounts"])
    assert number not in str(info.value)


def test_identity_number_in_excel_number_cell_without_leading_zero(tmp_path):
    number = _make_valid("010101500")
    path = tmp_path / "vedtak.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    for j, h in enumerate(["personnøkkel", "teneste", "frå dato", "aldersgruppe", "brukargruppe"]):
        ws.write_string(0, j, h)
    ws.write_number(1, 0, int(number))  # Excel drops the leading zero
    for j, v in enumerate(["Heimesjukepleie", "01.01.2023", "80-84", "andre"], start=1):
        ws.write_string(1, j, v)
    wb.close()
    with pytest.raises(InputFileError, match="fødselsnummer"):
        read_contract(path, CONTRACTS["decisions"])


def test_refused_file_stores_nothing(tmp_path, sqlite_engine):
    number = _make_valid("010101500")
    text = f"personnøkkel;teneste;trinn;frå dato;aldersgruppe;brukargruppe\n{number};X;6;01.01.2023;80-84;andre\n"
    with pytest.raises(InputFileError):
        import_file(sqlite_engine, "test", "decisions", write(tmp_path / "v.csv", text))
    assert load_table(sqlite_engine, "decisions").height == 0
    assert import_history(sqlite_engine).height == 0


def test_ordinary_long_numbers_pass():
    text_ok = "12345678901"
    assert not is_identity_number(text_ok)
