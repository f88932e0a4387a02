"""Storage on SQLite and PostgreSQL: imports are recorded, atomic, idempotent and replace by year."""

from __future__ import annotations

import os

import polars as pl
import pytest

from trappa.errors import InputFileError, TrappaError
from trappa.ingest.contracts import CONTRACTS, read_contract
from trappa.services.imports import import_file
from trappa.store.repository import import_history, load_inputs, load_table, store_import

from .conftest import BACKENDS, EXAMPLES, write

HEADER = "år;ansvar;ansvarsnamn;art;funksjon;beløp\n"


def test_ci_runs_postgresql_too():
    if os.environ.get("CI"):
        assert "postgresql" in BACKENDS, "the test command must start PostgreSQL in CI"


@pytest.mark.parametrize("kind", list(CONTRACTS))
def test_round_trip_of_every_example(engine, kind):
    path = EXAMPLES / f"{kind}.csv"
    if kind in ("delivered_hours", "sickness_absence"):  # they name units, which must be known first
        import_file(engine, "test", "units", EXAMPLES / "units.csv")
    result = import_file(engine, "test", kind, path)
    assert not result.unchanged and result.rows > 0
    expected = read_contract(path, CONTRACTS[kind]).drop("source_row")
    stored = load_table(engine, kind)
    assert stored.sort(stored.columns).equals(expected.select(stored.columns).sort(stored.columns))


def test_import_is_recorded_with_hash_and_rows(engine):
    import_file(engine, "test", "accounts", EXAMPLES / "accounts.csv")
    history = import_history(engine)
    assert history.height == 1
    rec = history.row(0, named=True)
    assert rec["kind"] == "accounts" and rec["file_name"] == "accounts.csv"
    assert rec["row_count"] == 10 and len(rec["sha256"]) == 64 and rec["years"] == "2023"
    assert rec["status"] == "active" and rec["imported_at"] is not None


def test_same_file_twice_changes_nothing(engine):
    first = import_file(engine, "test", "accounts", EXAMPLES / "accounts.csv")
    before = load_table(engine, "accounts")
    again = import_file(engine, "test", "accounts", EXAMPLES / "accounts.csv")
    assert again.unchanged and again.import_id == first.import_id
    assert import_history(engine).height == 1
    assert load_table(engine, "accounts").equals(before)


def test_importing_a_year_again_replaces_that_year_only(engine, tmp_path):
    import_file(engine, "test", "accounts", write(tmp_path / "a22.csv", HEADER + "2022;1;A;10100;254;100\n"))
    import_file(
        engine,
        "test",
        "accounts",
        write(tmp_path / "a23.csv", HEADER + "2023;1;A;10100;254;200\n2023;2;B;10100;254;300\n"),
    )
    import_file(engine, "test", "accounts", write(tmp_path / "a23b.csv", HEADER + "2023;1;A;10100;254;250\n"))
    stored = load_table(engine, "accounts").sort("year")
    assert stored.select("year", "amount_ore").rows() == [(2022, 10000), (2023, 25000)]
    statuses = dict(import_history(engine).select("file_name", "status").iter_rows())
    assert statuses == {"a22.csv": "active", "a23.csv": "replaced", "a23b.csv": "active"}


def test_half_bad_file_leaves_nothing_stored(engine, tmp_path):
    import_file(engine, "test", "accounts", EXAMPLES / "accounts.csv")
    before = load_table(engine, "accounts")
    bad = HEADER + "2023;1;A;10100;254;100\n2023;2;B;10100;254;1.234\n"
    with pytest.raises(InputFileError):
        import_file(engine, "test", "accounts", write(tmp_path / "bad.csv", bad))
    assert load_table(engine, "accounts").equals(before)
    assert import_history(engine).height == 1


def test_database_failure_mid_import_rolls_back(engine):
    import_file(engine, "test", "accounts", EXAMPLES / "accounts.csv")
    before = load_table(engine, "accounts")
    frame = read_contract(EXAMPLES / "accounts.csv", CONTRACTS["accounts"]).drop("source_row")
    broken = pl.concat([frame, frame.head(1).with_columns(pl.lit(None, pl.Utf8).alias("art"))])
    with pytest.raises(TrappaError, match="Ingenting frå fila er lagra"):
        store_import(engine, "accounts", broken, file_name="broken.csv", sha256="0" * 64)
    assert load_table(engine, "accounts").equals(before)
    assert import_history(engine).height == 1


def test_year_option_refuses_other_years(engine, tmp_path):
    path = write(tmp_path / "a.csv", HEADER + "2023;1;A;10100;254;100\n2022;1;A;10100;254;100\n")
    with pytest.raises(InputFileError) as info:
        import_file(engine, "test", "accounts", path, year=2023)
    assert info.value.problems[0].row == 3
    assert load_table(engine, "accounts").height == 0


def test_decisions_replace_the_whole_snapshot(engine, tmp_path):
    head = "personnøkkel;teneste;trinn;frå dato;aldersgruppe;brukargruppe\n"
    import_file(
        engine,
        "test",
        "decisions",
        write(tmp_path / "v1.csv", head + "A1;X;6;01.01.2023;80-84;andre\nA2;X;6;01.01.2023;80-84;andre\n"),
    )
    import_file(engine, "test", "decisions", write(tmp_path / "v2.csv", head + "A3;X;6;01.01.2023;80-84;andre\n"))
    assert load_table(engine, "decisions")["person_key"].to_list() == ["A3"]


def test_load_inputs_gives_typed_tables(engine):
    for kind in CONTRACTS:
        import_file(engine, "test", kind, EXAMPLES / f"{kind}.csv")
    inputs = load_inputs(engine)
    assert inputs.decisions.schema["start_date"] == pl.Date
    assert inputs.accounts.schema["amount_ore"] == pl.Int64
    assert inputs.accounts["amount_ore"].sum() == 4_070_015_483


def test_load_inputs_for_one_year_reads_only_that_year(engine, tmp_path):
    import_file(
        engine,
        "test",
        "accounts",
        write(tmp_path / "a.csv", HEADER + "2022;1;A;10100;254;100\n2023;1;A;10100;254;200\n"),
    )
    head = "personnøkkel;teneste;trinn;frå dato;til dato;aldersgruppe;brukargruppe\n"
    decisions = (
        "A1;X;6;01.01.2020;31.12.2022;80-84;andre\n"  # ended before 2023
        "A2;X;6;01.01.2020;01.01.2023;80-84;andre\n"  # one day in 2023
        "A3;X;6;31.12.2023;;80-84;andre\n"  # starts on the last day
        "A4;X;6;01.01.2024;;80-84;andre\n"  # not yet
    )
    import_file(engine, "test", "decisions", write(tmp_path / "v.csv", head + decisions))
    inputs = load_inputs(engine, 2023)
    assert inputs.accounts["amount_ore"].to_list() == [20000]
    assert sorted(inputs.decisions["person_key"].to_list()) == ["A2", "A3"]
    assert inputs.decisions.schema["end_date"] == pl.Date


def test_the_years_with_accounts_come_from_the_imports_and_match_the_rows(engine, tmp_path):
    from trappa.services.imports import import_file
    from trappa.store.repository import stored_years

    header = "år;ansvar;ansvarsnamn;art;funksjon;beløp\n"
    both = tmp_path / "a.csv"
    both.write_text(header + "2021;4601;X;10100;254;1\n2022;4601;X;10100;254;2\n", "utf-8")
    again = tmp_path / "b.csv"
    again.write_text(header + "2022;4601;X;10100;254;3\n2023;4601;X;10100;254;4\n", "utf-8")
    assert stored_years(engine) == []
    import_file(engine, "test", "accounts", both)
    import_file(engine, "test", "accounts", again)
    distinct = sorted(load_table(engine, "accounts")["year"].unique().to_list())
    assert stored_years(engine) == distinct == [2021, 2022, 2023]
