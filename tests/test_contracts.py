"""Every contract: the example file is good, and each kind of bad input gets a clear error."""

from __future__ import annotations

from datetime import date

import pytest

from trappa.errors import InputFileError
from trappa.ingest.contracts import CONTRACTS, read_contract

from .conftest import EXAMPLES, write


@pytest.mark.parametrize("kind", list(CONTRACTS))
def test_example_files_are_valid(kind):
    frame = read_contract(EXAMPLES / f"{kind}.csv", CONTRACTS[kind])
    assert frame.height > 0


def test_accounts_example_values():
    frame = read_contract(EXAMPLES / "accounts.csv", CONTRACTS["accounts"])
    assert frame["amount_ore"][0] == 1_250_000_000
    assert frame["amount_ore"][2] == -85_000_000
    assert frame["amount_ore"][3] == -41_234_567
    assert frame["budget_ore"][2] == -80_000_000


def test_decisions_example_values():
    frame = read_contract(EXAMPLES / "decisions.csv", CONTRACTS["decisions"])
    first = frame.row(0, named=True)
    assert first["start_date"] == date(2022, 3, 1)
    assert first["end_date"] is None
    assert first["hours_per_week"] == 3.5
    assert frame["step"][4] is None  # taken from the service table later


def _problems(tmp_path, kind, text):
    with pytest.raises(InputFileError) as info:
        read_contract(write(tmp_path / f"{kind}.csv", text), CONTRACTS[kind])
    return info.value.problems


def test_all_errors_of_a_file_are_reported_at_once(tmp_path):
    text = (
        "år;ansvar;art;funksjon;beløp\n"
        "2023;4601;10100;254;1.234\n"  # ambiguous
        "20x3;4601;10100;254;100\n"  # year unreadable
        "2023;4601;abc;254;100\n"  # art form
        "2023;4601;10100;25;100\n"  # function form
        "1850;4601;10100;254;100\n"  # year range
        "2023;;10100;254;100\n"  # empty required
    )
    problems = _problems(tmp_path, "accounts", text)
    where = {(p.row, p.column) for p in problems}
    assert where == {(2, "beløp"), (3, "år"), (4, "art"), (5, "funksjon"), (6, "år"), (7, "ansvar")}
    for p in problems:
        assert p.file == "accounts.csv" and p.fix
    ambiguous = next(p for p in problems if p.row == 2)
    assert ambiguous.value == "1.234" and "tvetydig" in ambiguous.message


def test_missing_required_column_names_it(tmp_path):
    problems = _problems(tmp_path, "accounts", "år;ansvar;art;beløp\n2023;1;010;5\n")
    assert [(p.row, p.column) for p in problems] == [(1, "funksjon")]
    assert "legg til" in problems[0].fix


def test_more_than_two_decimals_in_kroner(tmp_path):
    problems = _problems(tmp_path, "accounts", "år;ansvar;art;funksjon;beløp\n2023;1;010;254;1,005\n")
    assert problems[0].column == "beløp" and problems[0].value == "1,005"


def test_ftes_negative_is_refused(tmp_path):
    problems = _problems(tmp_path, "ftes", "år;ansvar;årsverk\n2023;4601;-2\n")
    assert (problems[0].row, problems[0].column) == (2, "årsverk")


def test_places_needs_a_real_step(tmp_path):
    problems = _problems(tmp_path, "places", "år;eining;trinn;plassar\n2023;Heiane;x;12\n")
    assert problems[0].column == "trinn"


def test_mapping_share_range_and_user_group(tmp_path):
    problems = _problems(
        tmp_path,
        "mapping",
        "år;ansvar;trinn;brukargruppe;del\n2023;4601;6;eldre;150\n2023;4602;6;ungdom;50\n",
    )
    where = {(p.row, p.column) for p in problems}
    assert (2, "del") in where and (3, "brukargruppe") in where


DECISION_HEADER = "personnøkkel;teneste;trinn;timar per veke;frå dato;til dato;aldersgruppe;brukargruppe\n"


def test_decision_errors_never_echo_values(tmp_path):
    text = (
        DECISION_HEADER
        + "A1;Heimesjukepleie;6;abc;32.13.2023;;80-84;ukjend\nA2;Heimesjukepleie;6;2;01.02.2023;01.01.2023;80-84;andre\n"
    )
    problems = _problems(tmp_path, "decisions", text)
    where = {(p.row, p.column) for p in problems}
    assert {(2, "timar per veke"), (2, "frå dato"), (2, "brukargruppe")} <= where
    assert any(p.row == 3 and "sluttdatoen er før" in p.message for p in problems)
    for p in problems:
        assert p.value is None
    message = str(InputFileError("decisions.csv", problems))
    for secret in ("abc", "32.13.2023", "ukjend", "A1", "A2"):
        assert secret not in message


def test_decisions_with_a_name_column_are_refused(tmp_path):
    text = "personnøkkel;namn;teneste;frå dato;aldersgruppe;brukargruppe\nA1;Kari Nordmann;Heimesjukepleie;01.01.2023;80-84;andre\n"
    problems = _problems(tmp_path, "decisions", text)
    assert problems[0].column == "namn"
    assert "Kari" not in str(InputFileError("decisions.csv", problems))


def test_decisions_need_age_band_or_birth_year(tmp_path):
    problems = _problems(tmp_path, "decisions", "personnøkkel;teneste;frå dato;brukargruppe\nA1;X;01.01.2023;andre\n")
    assert "aldersgruppe" in problems[0].message


def test_english_headers_and_iso_dates(tmp_path):
    text = "person_key,service,step,hours_per_week,start_date,end_date,birth_year,user_group\nA1,Home care,6,2.5,2023-01-01,,1940,others\n"
    frame = read_contract(write(tmp_path / "d.csv", text), CONTRACTS["decisions"])
    assert frame["user_group"][0] == "andre"
    assert frame["hours_per_week"][0] == 2.5
