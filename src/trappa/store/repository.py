"""Reading and writing the municipality's data.

An import replaces, in one transaction, the data of the years the file holds
(decisions and the service table are whole snapshots and replace everything).
Importing a file whose content is already the active import changes nothing.
"""

from __future__ import annotations

import functools
import hashlib
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
from sqlalchemy import Connection, Delete, Engine, Select, Table, delete, func, insert, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from trappa.errors import TrappaError
from trappa.ingest.population import SCHEMA as POPULATION_SCHEMA
from trappa.model.profile import ProfileInputs
from trappa.store import arrow, readcopy
from trappa.store import tables as t

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


@dataclass(frozen=True)
class ImportResult:
    kind: str
    file_name: str
    rows: int
    years: list[int]
    import_id: int | None
    unchanged: bool


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def store_import(
    engine: Engine,
    kind: str,
    frame: pl.DataFrame,
    *,
    file_name: str,
    sha256: str,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Replace the stored data of ``kind`` for the years in ``frame``, atomically."""
    table = t.DATA_TABLES[kind]
    frame = frame.select([pl.col(c).cast(d) for c, d in SCHEMAS[kind].items()])
    years = [] if kind in YEARLESS else sorted(int(y) for y in frame["year"].unique().to_list())
    years_text = ",".join(str(y) for y in years) or None
    refused: tuple[type[BaseException], ...] = (SQLAlchemyError, sqlite3.Error, *_driver_errors(engine))
    try:
        return _store(engine, kind, table, frame, years, years_text, file_name, sha256, progress)
    except refused as exc:
        first = str(getattr(exc, "orig", exc)).splitlines()[0] if str(exc) else type(exc).__name__
        raise TrappaError(
            f"{file_name}: databasen avviste lagringa ({first}). Ingenting frå fila er lagra; dataa frå før er urørte."
        ) from exc


def _driver_errors(engine: Engine) -> tuple[type[Exception], ...]:
    """PostgreSQL's own errors, where the database is PostgreSQL (psycopg is loaded only then)."""
    if engine.dialect.name != "postgresql":
        return ()
    import psycopg

    return (psycopg.Error,)


def _store(
    engine: Engine,
    kind: str,
    table: Table,
    frame: pl.DataFrame,
    years: list[int],
    years_text: str | None,
    file_name: str,
    sha256: str,
    progress: Callable[[int], None] | None,
) -> ImportResult:
    with engine.begin() as conn:
        _one_import_of_a_kind_at_a_time(conn, kind, file_name)
        active = conn.execute(
            select(t.imports.c.id, t.imports.c.sha256).where(
                t.imports.c.kind == kind,
                t.imports.c.status == "active",
                t.imports.c.years.is_(years_text) if years_text is None else t.imports.c.years == years_text,
            )
        ).all()
        if len(active) == 1 and active[0].sha256 == sha256:
            return ImportResult(kind, file_name, frame.height, years, active[0].id, unchanged=True)
        import_id = conn.execute(
            insert(t.imports)
            .values(
                kind=kind,
                years=years_text,
                file_name=file_name,
                sha256=sha256,
                row_count=frame.height,
                imported_at=datetime.now(UTC),
                status="active",
            )
            .returning(t.imports.c.id)
        ).scalar_one()
        conn.execute(_replaced_rows(kind, table, frame, years))
        _retire_replaced_imports(conn, kind, import_id)
        bulk_insert(conn, table, frame.with_columns(pl.lit(import_id).alias("import_id")), progress)
    return ImportResult(kind, file_name, frame.height, years, import_id, unchanged=False)


class ImportBusy(TrappaError):
    """Another import of the same kind is being stored right now."""


def _one_import_of_a_kind_at_a_time(conn: Connection, kind: str, file_name: str) -> None:
    """Two imports of one kind at once would both be stored as active on PostgreSQL (each deletes what it
    sees, neither sees the other's uncommitted rows). A lock held until commit lets one through and tells
    the other plainly. SQLite already takes one writer at a time."""
    if conn.dialect.name != "postgresql":
        return
    key = zlib.crc32(f"trappa-import:{kind}".encode())
    if not conn.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": key}).scalar_one():
        raise ImportBusy(
            f"{file_name}: ei anna fil av same slag vert lagra akkurat no. Ingenting frå denne fila er lagra; "
            "vent til den andre importen er ferdig, og prøv igjen."
        )


def _replaced_rows(kind: str, table: Table, frame: pl.DataFrame, years: list[int]) -> Delete:
    """What an import replaces: everything (snapshots), its years, or for population its
    municipalities × alternatives × years, so a projection does not wipe the registered counts."""
    if kind in YEARLESS:
        return delete(table)
    if kind == "population":
        return delete(table).where(
            table.c.year.in_(years),
            table.c.municipality.in_(frame["municipality"].unique().to_list()),
            table.c.alternative.in_(frame["alternative"].unique().to_list()),
        )
    return delete(table).where(table.c.year.in_(years))


def _retire_replaced_imports(conn: Connection, kind: str, new_id: int) -> None:
    """Mark earlier imports of this kind that no longer have any rows as replaced."""
    table = t.DATA_TABLES[kind]
    still_used = select(table.c.import_id).distinct()
    conn.execute(
        update(t.imports)
        .where(
            t.imports.c.kind == kind,
            t.imports.c.status == "active",
            t.imports.c.id != new_id,
            t.imports.c.id.not_in(still_used),
        )
        .values(status="replaced")
    )


def bulk_insert(
    conn: Connection,
    table: Table,
    frame: pl.DataFrame,
    progress: Callable[[int], None] | None = None,
    batch: int = 50_000,
) -> None:
    columns = frame.columns
    if conn.dialect.name == "postgresql":
        raw = conn.connection.driver_connection
        assert raw is not None
        with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for start in range(0, frame.height, batch):
                for row in frame.slice(start, batch).iter_rows():
                    copy.write_row(row)
                if progress:
                    progress(min(batch, frame.height - start))
        return
    if conn.dialect.name == "sqlite":
        # sqlite3 stores dates as ISO text, as SQLAlchemy's Date type expects.
        frame = frame.with_columns(pl.col(pl.Date).dt.strftime("%Y-%m-%d"))
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        for start in range(0, frame.height, batch):
            conn.exec_driver_sql(sql, frame.slice(start, batch).rows())
            if progress:
                progress(min(batch, frame.height - start))
        return
    for start in range(0, frame.height, batch):
        conn.execute(insert(table), frame.slice(start, batch).to_dicts())
        if progress:
            progress(min(batch, frame.height - start))


def _year_query(kind: str, year: int | None) -> Select:
    """The stored columns of a table; with ``year``, only that year's rows (for decisions: those active
    at some time in the year)."""
    table = t.DATA_TABLES[kind]
    query = select(*(table.c[c] for c in SCHEMAS[kind]))
    if year is not None and kind == "decisions":
        return query.where(
            table.c.start_date <= date(year, 12, 31),
            (table.c.end_date.is_(None)) | (table.c.end_date >= date(year, 1, 1)),
        )
    if year is not None and kind not in YEARLESS:
        return query.where(table.c.year == year)
    return query


def load_table(engine: Engine, kind: str, year: int | None = None) -> pl.DataFrame:
    """One stored table as typed Polars; with ``year``, only that year's rows (for decisions: those
    active at some time in the year)."""
    return readcopy.through(engine, kind, year, lambda: _load_table(engine, kind, year))


def _load_table(engine: Engine, kind: str, year: int | None) -> pl.DataFrame:
    schema = SCHEMAS[kind]
    query = _year_query(kind, year)
    frame = arrow.read(engine, query, schema)
    if frame is None:
        frame = _read_rows(engine, query, schema)
    if engine.dialect.name == "sqlite":  # SQLite keeps dates as ISO text
        frame = frame.with_columns(pl.col(c).str.to_date("%Y-%m-%d") for c, d in schema.items() if d == pl.Date)
    return frame


def _read_rows(engine: Engine, query: Select, schema: dict[str, pl.DataType | type[pl.DataType]]) -> pl.DataFrame:
    """The rows through the database's Python driver: where no ADBC driver serves the database."""
    with engine.connect() as conn:
        compiled = query.compile(dialect=conn.dialect)
        params = compiled.construct_params()
        # The driver's own tuples, not SQLAlchemy rows: a million rows load several times faster.
        ordered = tuple(params[name] for name in compiled.positiontup) if compiled.positiontup else params
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(str(compiled), ordered)
            rows = cursor.fetchall()
        finally:
            cursor.close()
    text_dates = {c: pl.Utf8 if d == pl.Date else d for c, d in schema.items()}
    return pl.DataFrame(rows, schema=text_dates if engine.dialect.name == "sqlite" else schema, orient="row")


def load_inputs(engine: Engine, year: int | None = None) -> ProfileInputs:
    """Everything the profile needs; with ``year``, only what that year's profile reads."""
    return ProfileInputs(
        accounts=load_table(engine, "accounts", year),
        ftes=load_table(engine, "ftes", year),
        decisions=load_table(engine, "decisions", year),
        places=load_table(engine, "places", year),
        mapping=load_table(engine, "mapping", year),
        services=load_table(engine, "services"),
    )


def load_population(engine: Engine, municipality: str) -> pl.DataFrame:
    """The population series of a municipality and its predecessors, following it across number changes."""
    from trappa.ssb.municipalities import follow, lineage

    codes = lineage(municipality)["code"].to_list()
    table = t.population
    query = select(*(table.c[c] for c in SCHEMAS["population"])).where(table.c.municipality.in_(codes))
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    frame = pl.DataFrame(rows, schema=SCHEMAS["population"], orient="row")
    if frame.is_empty():
        return frame
    names = frame.filter(pl.col("municipality") == municipality)["municipality_name"].drop_nulls()
    followed = follow(frame.drop("municipality_name"), municipality)
    return followed.with_columns(pl.lit(names[0] if len(names) else None, pl.Utf8).alias("municipality_name")).select(
        list(SCHEMAS["population"])
    )


def save_scenario(engine: Engine, name: str, document: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(t.scenarios).where(t.scenarios.c.name == name))
        conn.execute(insert(t.scenarios).values(name=name, document=document, updated_at=datetime.now(UTC)))


def load_scenarios(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return {r.name: r.document for r in conn.execute(select(t.scenarios).order_by(t.scenarios.c.name))}


def delete_scenario(engine: Engine, name: str) -> bool:
    with engine.begin() as conn:
        return conn.execute(delete(t.scenarios).where(t.scenarios.c.name == name)).rowcount > 0


def stored_years(engine: Engine) -> list[int]:
    """Years with accounts, from the active imports' own list of years: a handful of rows, where a
    DISTINCT over every account line took half of each public page (issue 14). The same set: an import
    is active while any of its rows remain, and a year's rows are only ever replaced by another import."""
    with engine.connect() as conn:
        lists = conn.execute(_years_query()).scalars()
        return sorted({int(y) for text in lists if text for y in text.split(",")})


@functools.cache
def _years_query() -> Select:
    return select(t.imports.c.years).where(t.imports.c.kind == "accounts", t.imports.c.status == "active")


def data_version(engine: Engine) -> str:
    """Changes with every import, every new version of the staircase and every change of the
    municipality's settings: the key for cached results."""
    # one statement, not three: every page asks it (a kept public page asks nothing else)
    with engine.connect() as conn:
        imports, texts, settings = conn.execute(_version_query()).one()
    return f"{imports}.{texts}.{settings or '0'}"


@functools.cache
def _version_query() -> Select:
    # Built once: making the expression anew took five sixths of the 0,7 ms the question cost.
    from trappa.store.municipality import VERSION

    return select(
        select(func.coalesce(func.max(t.imports.c.id), 0)).scalar_subquery(),
        select(func.coalesce(func.max(t.staircase_versions.c.id), 0)).scalar_subquery(),
        select(t.settings.c.value).where(t.settings.c.key == VERSION).scalar_subquery(),
    )


def import_history(engine: Engine) -> pl.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(select(t.imports).order_by(t.imports.c.id.desc())).mappings().all()
    return pl.DataFrame([dict(r) for r in rows]) if rows else pl.DataFrame()


def clear_all(engine: Engine) -> None:
    """Remove all imported data and scenarios (used before building the demo municipality)."""
    with engine.begin() as conn:
        conn.execute(delete(t.scenarios))
        for table in (t.rebases, t.baselines, t.measures, t.kpi_targets):  # the måltavle's records follow the data
            conn.execute(delete(table))
        for table in (t.prices, t.price_catalogues, t.calculations):  # so do the prices made from it
            conn.execute(delete(table))
        for table in (t.kostra_figures, t.expense_needs):  # and the comparison with others
            conn.execute(delete(table))
        for table in t.DATA_TABLES.values():
            conn.execute(delete(table))
        conn.execute(delete(t.imports))
    readcopy.remove(engine)
