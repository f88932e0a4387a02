"""Reading and writing the municipality's data.

An import replaces, in one transaction, the data of the years the file holds
(decisions and the service table are whole snapshots and replace everything).
Importing a file whose content is already the active import changes nothing.
"""

from __future__ import annotations

import hashlib
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from sqlalchemy import Connection, Delete, Table, delete, insert, select, text, update
from sqlalchemy.exc import SQLAlchemyError

from trappa.errors import TrappaError
from trappa.store import readcopy
from trappa.store import tables as t
from trappa.store.db import Database
from trappa.store.read import SCHEMAS, YEARLESS


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
    engine: Database,
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


def _driver_errors(engine: Database) -> tuple[type[Exception], ...]:
    """PostgreSQL's own errors, where the database is PostgreSQL (psycopg is loaded only then)."""
    if engine.backend != "postgresql":
        return ()
    import psycopg

    return (psycopg.Error,)


def _store(
    engine: Database,
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


def load_population(engine: Database, municipality: str) -> pl.DataFrame:
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


def save_scenario(engine: Database, name: str, document: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(t.scenarios).where(t.scenarios.c.name == name))
        conn.execute(insert(t.scenarios).values(name=name, document=document, updated_at=datetime.now(UTC)))


def load_scenarios(engine: Database) -> dict[str, str]:
    with engine.connect() as conn:
        return {r.name: r.document for r in conn.execute(select(t.scenarios).order_by(t.scenarios.c.name))}


def delete_scenario(engine: Database, name: str) -> bool:
    with engine.begin() as conn:
        return conn.execute(delete(t.scenarios).where(t.scenarios.c.name == name)).rowcount > 0


def import_history(engine: Database) -> pl.DataFrame:
    with engine.connect() as conn:
        rows = conn.execute(select(t.imports).order_by(t.imports.c.id.desc())).mappings().all()
    return pl.DataFrame([dict(r) for r in rows]) if rows else pl.DataFrame()


def clear_all(engine: Database) -> None:
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
