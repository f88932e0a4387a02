"""Hostile and broken files (issue 15): each is refused with a message that says where and how to fix it,
nothing is stored, and the process that asked goes on. The files are made by scripts/make_hostile.py."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from trappa.errors import InputFileError
from trappa.ingest.isolated import read_apart
from trappa.ingest.limits import FileLimits
from trappa.services.imports import import_file
from trappa.store.read import load_table
from trappa.store.repository import import_history

from .conftest import write

HOSTILE = Path(__file__).parent / "data" / "hostile"

# file: its kind and the words its refusal must have («stored» for data that is odd but fine); written
# with the files by scripts/make_hostile.py
EXPECTED: dict[str, dict[str, str]] = json.loads((HOSTILE / "expected.json").read_text(encoding="utf-8"))


def test_every_hostile_file_is_in_the_list_and_the_list_is_long():
    on_disk = {p.name for p in HOSTILE.iterdir() if p.name != "expected.json"}
    assert on_disk == set(EXPECTED) and len(EXPECTED) >= 50


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_hostile_file_is_refused_with_nothing_stored(sqlite_engine, name):
    kind, words = EXPECTED[name]["kind"], EXPECTED[name]["expect"]
    if words == "stored":
        assert import_file(sqlite_engine, "test", kind, HOSTILE / name).rows > 0
        return
    with pytest.raises(InputFileError) as info:
        import_file(sqlite_engine, "test", kind, HOSTILE / name)
    assert words in str(info.value)
    assert "Ingenting frå fila er lagra" in str(info.value)
    assert load_table(sqlite_engine, kind).height == 0 and import_history(sqlite_engine).height == 0


def test_cells_without_a_position_are_placed_one_after_another(sqlite_engine):
    result = import_file(sqlite_engine, "test", "accounts", HOSTILE / "cells-without-position.xlsx")
    assert result.rows == 1 and load_table(sqlite_engine, "accounts")["amount_ore"].to_list()[0] == 100_000


def test_the_unterminated_quote_is_reported_where_the_field_began(tmp_path):
    from trappa.ingest.contracts import CONTRACTS, read_contract

    with pytest.raises(InputFileError) as info:
        read_contract(HOSTILE / "unterminated-quote.csv", CONTRACTS["accounts"])
    assert [p.row for p in info.value.problems] == [3]


def _abort() -> None:
    os.abort()  # what the Rust reader does when an allocation fails


def _allocate() -> bytes:
    return b"x" * 3_000_000_000


def test_a_reader_that_aborts_takes_only_its_own_process(tmp_path):
    with pytest.raises(InputFileError, match="lesaren stoppa på denne fila"):
        read_apart(_abort, name="kræsj.xlsx")
    # and the next read works as before
    assert read_apart(sorted, [3, 1, 2], name="neste.csv") == [1, 2, 3]


def test_a_read_over_the_memory_ceiling_is_refused(tmp_path):
    with pytest.raises(InputFileError, match="meir enn 1 GB minne"):
        read_apart(_allocate, name="stor.csv", limits=FileLimits(max_memory_bytes=1_000_000_000))


def test_refusals_made_apart_keep_every_problem(tmp_path):
    bad = "år;ansvar;art;funksjon;beløp\n2023;4601;10100;254;x\n2023;4601;10100;254;y\n"
    path = write(tmp_path / "to-feil.csv", bad)
    with pytest.raises(InputFileError) as info:
        from trappa.ingest.contracts import read_kind

        read_apart(read_kind, "accounts", path, "to-feil.csv", name="to-feil.csv")
    assert [p.row for p in info.value.problems] == [2, 3] and "Ingenting frå fila er lagra" in str(info.value)


def test_the_mapping_form_follows_the_rules_of_a_mapping_file(sqlite_engine, tmp_path):
    """Before: year 99999 and −5 and a formula as a cost centre were stored from the web form."""
    from trappa.ingest.contracts import CONTRACTS, read_contract
    from trappa.services import mapping

    from .conftest import EXAMPLES

    for kind in ("accounts", "mapping"):
        import_file(sqlite_engine, "test", kind, EXAMPLES / f"{kind}.csv")
    before = load_table(sqlite_engine, "mapping")
    for year, centre, message in ((99999, "4601", "mellom 1990 og 2100"), (-5, "4601", "mellom 1990 og 2100"),
                                  (2023, "=1+1", "ikkje ein formel")):  # fmt: skip
        with pytest.raises(InputFileError, match=message):
            mapping.set_cost_centre_key(sqlite_engine, "test", year, centre, [("6", "alle", 100.0)])
    assert load_table(sqlite_engine, "mapping").equals(before)
    as_file = write(tmp_path / "f.csv", "år;ansvar;trinn;del\n2023;=1+1;6;100\n99999;4601;6;100\n")
    with pytest.raises(InputFileError) as info:
        read_contract(as_file, CONTRACTS["mapping"])
    assert [p.row for p in info.value.problems] == [2, 3]


def test_dates_and_years_outside_a_sane_window_are_refused(tmp_path):
    from trappa.ingest.contracts import CONTRACTS, read_contract

    text = "personnøkkel;teneste;trinn;frå dato;aldersgruppe;brukargruppe\n"
    for start in ("0001-01-01", "28.02.1900", "1900-01-01", "2999-01-01"):
        text += f"A{start};Heimesjukepleie;6;{start};80-84;andre\n"
    with pytest.raises(InputFileError) as info:
        read_contract(write(tmp_path / "v.csv", text), CONTRACTS["decisions"])
    assert [p.row for p in info.value.problems] == [2, 3, 4, 5]
    assert all("mellom 1901 og 2099" in p.fix for p in info.value.problems)


def test_exact_duplicate_rows_are_refused_with_the_row_they_repeat(tmp_path):
    from trappa.ingest.contracts import CONTRACTS, read_contract

    text = "år;ansvar;art;funksjon;beløp\n2023;4601;10100;254;5\n2023;4601;10100;254;6\n2023;4601;10100;254;5\n"
    with pytest.raises(InputFileError) as info:
        read_contract(write(tmp_path / "d.csv", text), CONTRACTS["accounts"])
    assert [(p.row, "lik rad 2" in p.message) for p in info.value.problems] == [(4, True)]


def test_hidden_and_direction_characters_are_refused_in_cells_and_headings(tmp_path):
    from trappa.ingest.contracts import CONTRACTS, read_contract

    text = "år;ansvar;ansvarsnamn;art;funksjon;beløp\n2023;4601;Heime\u202etjenester;10100;254;5\n"
    text += "2023;4602;Sjuke\u200bheim;10100;254;5\n"
    with pytest.raises(InputFileError) as info:
        read_contract(write(tmp_path / "b.csv", text), CONTRACTS["accounts"])
    assert [p.row for p in info.value.problems] == [2, 3]
    heading = "år;ansvar;ans\u202evar;art;funksjon;beløp\n2023;4601;x;10100;254;5\n"
    with pytest.raises(InputFileError, match="overskrifta"):
        read_contract(write(tmp_path / "h.csv", heading), CONTRACTS["accounts"])
