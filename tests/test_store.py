"""Storage on SQLite and PostgreSQL: imports are recorded, atomic, idempotent and replace by year."""

from __future__ import annotations

import os

import polars as pl
import pytest

from trappa.errors import InputFileError, TrappaError
from trappa.ingest.contracts import CONTRACTS, read_contract
from trappa.services.imports import import_file
from trappa.store.read import load_inputs, load_table
from trappa.store.repository import import_history, store_import

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
    from trappa.store.read import stored_years

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


@pytest.mark.parametrize("kind", ["accounts", "decisions"])
def test_tables_read_through_arrow_are_the_tables_read_row_by_row(engine, kind):
    """PostgreSQL's rows come through ADBC as Arrow columns, SQLite's through the read copy: columns
    empty for thousands of rows that then hold text, numbers or dates come out as the Python driver
    gives them, on both databases, read once and read again."""
    from datetime import date

    from trappa.store import arrow
    from trappa.store.read import SCHEMAS, _read_rows, year_sql

    n = 3000
    if kind == "accounts":
        frame = pl.DataFrame({
            "year": [2023] * n + [2022], "cost_centre": [f"{i:06d}" for i in range(n + 1)],
            "cost_centre_name": [None] * (n - 1) + ["Heimeteneste «nord»", "x"], "art": ["10100"] * (n + 1),
            "function": ["254"] * (n + 1), "amount_ore": list(range(n + 1)),
            "budget_ore": [None] * (n - 1) + [-5, 7], "month": [None] * (n - 1) + [12, 1],
        })  # fmt: skip
    else:
        frame = pl.DataFrame({
            "person_key": [f"p{i}" for i in range(n + 1)], "service": ["Heimehjelp"] * (n + 1),
            "step": [None] * (n - 1) + [3, 4], "hours_per_week": [1.5] * n + [2.0],
            "start_date": [date(2023, 1, 1)] * n + [date(2021, 1, 1)],
            "end_date": [None] * (n - 1) + [date(2023, 6, 30), date(2021, 12, 31)],
            "age_band": [None] * (n - 1) + ["80-89", "90+"], "birth_year": [None] * (n - 1) + [1940, 1930],
            "user_group": ["andre"] * (n + 1), "child_or_adult": [None] * (n - 1) + ["vaksen", "barn"],
            "unit": [None] * (n - 1) + ["Eining 1", None],
        })  # fmt: skip
    store_import(engine, kind, frame, file_name=f"{kind}.csv", sha256="x" * 64)
    read = load_table(engine, kind, 2023)
    if engine.backend == "postgresql":  # the Arrow path was taken
        assert arrow.read(engine, year_sql(kind, 2023), SCHEMAS[kind]) is not None
    by_row = _read_rows(engine, year_sql(kind, 2023), SCHEMAS[kind])
    if engine.backend == "sqlite":
        by_row = by_row.with_columns(pl.col(c).str.to_date() for c, d in SCHEMAS[kind].items() if d == pl.Date)
    assert read.schema == pl.Schema(SCHEMAS[kind])
    assert read.height == n and read.equals(by_row)
    assert read.filter(pl.col(read.columns[2]).is_not_null()).height == 1  # the one late value is there
    assert load_table(engine, kind, 2023).equals(by_row)  # and again (on SQLite: from the copy)


def test_an_in_memory_database_has_no_read_copy_and_is_read_all_the_same():
    from trappa.services.database import open_url
    from trappa.store import arrow, readcopy
    from trappa.store.read import SCHEMAS, year_sql

    memory = open_url("sqlite://")
    assert readcopy.folder(memory) is None
    assert arrow.read(memory, year_sql("accounts", None), SCHEMAS["accounts"]) is None
    assert load_table(memory, "accounts").is_empty()


def test_the_read_copy_is_used_only_while_its_imports_are_in_force(sqlite_engine, tmp_path):
    from sqlalchemy import text

    from trappa.store import readcopy
    from trappa.store.repository import clear_all

    import_file(sqlite_engine, "test", "accounts", EXAMPLES / "accounts.csv")
    first = load_table(sqlite_engine, "accounts", 2023)
    place = readcopy.folder(sqlite_engine)
    assert place is not None and [p.name.split("-")[:2] for p in place.glob("*.parquet")] == [["accounts", "2023"]]
    # The copy is what is read now: rows changed behind trappa's back (never done by trappa) do not show.
    with sqlite_engine.begin() as conn:
        conn.execute(text("UPDATE accounts SET amount_ore = amount_ore + 1"))
    assert load_table(sqlite_engine, "accounts", 2023).equals(first)
    # A new import of the table gives a new key: read from the database, and a new copy replaces the old.
    write(tmp_path / "more.csv", HEADER + "2023;999;Ny;10100;254;100,00\n")
    import_file(sqlite_engine, "test", "accounts", tmp_path / "more.csv")
    after = load_table(sqlite_engine, "accounts", 2023)
    assert after.height == 1 and after["cost_centre"][0] == "999"
    assert len(list(place.glob("accounts-2023-*.parquet"))) == 1
    # A damaged copy is read from the database again.
    next(place.glob("accounts-2023-*.parquet")).write_bytes(b"not parquet")
    assert load_table(sqlite_engine, "accounts", 2023).equals(after)
    # Emptying the database removes the copies with the data.
    clear_all(sqlite_engine)
    assert not place.exists() and load_table(sqlite_engine, "accounts", 2023).is_empty()


def test_rows_read_while_an_import_lands_are_not_kept(sqlite_engine, tmp_path, monkeypatch):
    from trappa.store import read, readcopy

    import_file(sqlite_engine, "test", "accounts", EXAMPLES / "accounts.csv")
    real = read._load_table

    def load_then_import(engine, kind, year):
        frame = real(engine, kind, year)
        write(tmp_path / "more.csv", HEADER + "2023;999;Ny;10100;254;100,00\n")
        import_file(sqlite_engine, "test", "accounts", tmp_path / "more.csv")  # lands between the two keys
        return frame

    monkeypatch.setattr(read, "_load_table", load_then_import)
    load_table(sqlite_engine, "accounts", 2023)
    place = readcopy.folder(sqlite_engine)
    assert place is None or not list(place.glob("*.parquet"))


def test_the_plain_reads_name_the_tables_and_columns_that_are_stored():
    """`store.read` asks in plain SQL (no SQLAlchemy on a command's way): its names are the tables'."""
    from trappa.store import read
    from trappa.store import tables as t

    for kind, schema in read.SCHEMAS.items():
        assert read.table_name(kind) == t.DATA_TABLES[kind].name
        assert set(schema) <= set(t.DATA_TABLES[kind].c.keys()), kind


def test_a_plain_read_of_a_sqlite_file_that_is_not_there_fails_and_makes_no_file(tmp_path):
    import sqlite3

    from trappa.store.db import Database, is_current

    missing = tmp_path / "borte.sqlite"
    db = Database(f"sqlite:///{missing}")
    assert not is_current(db)
    with pytest.raises(sqlite3.OperationalError):
        db.rows("SELECT 1")
    assert not missing.exists()


def test_a_command_that_only_reads_loads_neither_sqlalchemy_nor_alembic(demo_home):
    """A third of a second of every command went to loading SQLAlchemy (issue 14)."""
    import json
    import subprocess
    import sys

    probe = (
        "import sys; from trappa.cli import main; sys.argv = ['trappa', 'profile', '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('sqlalchemy', 'alembic', 'psycopg') if m in sys.modules), file=sys.stderr)"
    )
    env = {**os.environ, "TRAPPA_HOME": str(demo_home), "TRAPPA_DATABASE_URL": ""}
    done = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["municipality"].startswith("Demo kommune")
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
