"""Reading the municipality's data: the stored tables as typed Polars, the years, the data version.

Every command and page reads through here, so nothing here loads SQLAlchemy: on a SQLite file the
questions go through ``sqlite3`` and the tables come from the columnar read copy
(:mod:`trappa.store.readcopy`); on PostgreSQL the tables come through ADBC (:mod:`trappa.store.arrow`).
The questions are plain SQL with every name in double quotes, the same text for both databases.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import polars as pl

from trappa.ingest.population_columns import SCHEMA as POPULATION_SCHEMA
from trappa.model.profile import ProfileInputs
from trappa.store import arrow, readcopy
from trappa.store.db import Database
from trappa.store.municipality import VERSION

# Polars types of every stored column (the database id and import_id left out).
SCHEMAS: dict[str, dict[str, pl.DataType | type[pl.DataType]]] = {
    "accounts": {
        "year": pl.Int64,
        "cost_centre": pl.Utf8,
        "cost_centre_name": pl.Utf8,
        "art": pl.Utf8,
        "function": pl.Utf8,
        "amount_ore": pl.Int64,
        "budget_ore": pl.Int64,
        "month": pl.Int64,
    },
    "ftes": {
        "year": pl.Int64,
        "cost_centre": pl.Utf8,
        "ftes": pl.Float64,
        "gross_ftes": pl.Float64,
        "net_ftes": pl.Float64,
        "rota_hours": pl.Float64,
        "month": pl.Int64,
    },
    "decisions": {
        "person_key": pl.Utf8,
        "service": pl.Utf8,
        "step": pl.Int64,
        "hours_per_week": pl.Float64,
        "start_date": pl.Date,
        "end_date": pl.Date,
        "age_band": pl.Utf8,
        "birth_year": pl.Int64,
        "user_group": pl.Utf8,
        "child_or_adult": pl.Utf8,
        "unit": pl.Utf8,
    },
    "places": {
        "year": pl.Int64,
        "unit": pl.Utf8,
        "step": pl.Int64,
        "places": pl.Float64,
        "occupied_days": pl.Float64,
        "provision": pl.Utf8,
    },
    "mapping": {
        "year": pl.Int64,
        "cost_centre": pl.Utf8,
        "function": pl.Utf8,
        "step": pl.Int64,
        "user_group": pl.Utf8,
        "share": pl.Float64,
    },
    "services": {"service": pl.Utf8, "step": pl.Int64},
    "units": {"unit": pl.Utf8, "cost_centre": pl.Utf8, "places": pl.Float64},
    "delivered_hours": {"year": pl.Int64, "month": pl.Int64, "unit": pl.Utf8, "hours": pl.Float64},
    "sickness_absence": {
        "year": pl.Int64,
        "month": pl.Int64,
        "unit": pl.Utf8,
        "absence_days": pl.Float64,
        "possible_days": pl.Float64,
    },
    "population": POPULATION_SCHEMA,
}
YEARLESS = {"decisions", "services", "units"}
# The tables' names where they differ from the kind of file (a test holds them to store.tables).
TABLE_NAMES = {"mapping": "mapping_rows"}


def table_name(kind: str) -> str:
    return TABLE_NAMES.get(kind, kind)


def year_sql(kind: str, year: int | None) -> str:
    """The stored columns of a table; with ``year``, only that year's rows (for decisions: those active
    at some time in the year). Only a year of our own goes into the text, as a number."""
    columns = ", ".join(f'"{c}"' for c in SCHEMAS[kind])
    sql = f'SELECT {columns} FROM "{table_name(kind)}"'
    if year is not None and kind == "decisions":
        first, last = date(int(year), 1, 1).isoformat(), date(int(year), 12, 31).isoformat()
        return f'{sql} WHERE "start_date" <= \'{last}\' AND ("end_date" IS NULL OR "end_date" >= \'{first}\')'
    if year is not None and kind not in YEARLESS:
        return f'{sql} WHERE "year" = {int(year)}'
    return sql


def load_table(db: Database, kind: str, year: int | None = None) -> pl.DataFrame:
    """One stored table as typed Polars; with ``year``, only that year's rows (for decisions: those
    active at some time in the year)."""
    return readcopy.through(db, kind, year, lambda: _load_table(db, kind, year))


def _load_table(db: Database, kind: str, year: int | None) -> pl.DataFrame:
    schema = SCHEMAS[kind]
    sql = year_sql(kind, year)
    frame = arrow.read(db, sql, schema)
    if frame is None:
        frame = _read_rows(db, sql, schema)
    if db.backend == "sqlite":  # SQLite keeps dates as ISO text
        frame = frame.with_columns(pl.col(c).str.to_date("%Y-%m-%d") for c, d in schema.items() if d == pl.Date)
    return frame


def _read_rows(db: Database, sql: str, schema: dict[str, pl.DataType | type[pl.DataType]]) -> pl.DataFrame:
    """The rows through the database's Python driver: where no ADBC driver serves the database."""
    rows: Sequence[Any]
    if db.file is not None:
        rows = db.rows(sql)
    else:
        with db.connect() as conn:
            # The driver's own tuples, not SQLAlchemy rows: a million rows load several times faster.
            cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            try:
                cursor.execute(sql)
                rows = cursor.fetchall()
            finally:
                cursor.close()
    text_dates = {c: pl.Utf8 if d == pl.Date else d for c, d in schema.items()}
    return pl.DataFrame(rows, schema=text_dates if db.backend == "sqlite" else schema, orient="row")


def load_inputs(db: Database, year: int | None = None) -> ProfileInputs:
    """Everything the profile needs; with ``year``, only what that year's profile reads."""
    return ProfileInputs(
        accounts=load_table(db, "accounts", year),
        ftes=load_table(db, "ftes", year),
        decisions=load_table(db, "decisions", year),
        places=load_table(db, "places", year),
        mapping=load_table(db, "mapping", year),
        services=load_table(db, "services"),
    )


def stored_years(db: Database) -> list[int]:
    """Years with accounts, from the active imports' own list of years: a handful of rows, where a
    DISTINCT over every account line took half of each public page (issue 14). The same set: an import
    is active while any of its rows remain, and a year's rows are only ever replaced by another import."""
    lists = db.rows('SELECT "years" FROM "imports" WHERE "kind" = \'accounts\' AND "status" = \'active\'')
    return sorted({int(y) for (text,) in lists if text for y in text.split(",")})


_VERSION_SQL = (
    'SELECT (SELECT COALESCE(MAX("id"), 0) FROM "imports"), '
    '(SELECT COALESCE(MAX("id"), 0) FROM "staircase_versions"), '
    f'(SELECT "value" FROM "settings" WHERE "key" = \'{VERSION}\')'
)


def data_version(db: Database) -> str:
    """Changes with every import, every new version of the staircase and every change of the
    municipality's settings: the key for cached results."""
    # one statement, not three: every page asks it (a kept public page asks nothing else)
    ((imports, texts, settings),) = db.rows(_VERSION_SQL)
    return f"{imports}.{texts}.{settings or '0'}"
