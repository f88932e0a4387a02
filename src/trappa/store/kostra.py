"""KOSTRA figures and the expense-need index: replaced cell by cell, all or nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
from sqlalchemy import and_, delete, insert, select

from trappa.store import tables as t
from trappa.store.db import Database

FIGURE_SCHEMA = {"region": pl.Utf8, "region_name": pl.Utf8, "year": pl.Int64, "figure": pl.Utf8,
                 "function": pl.Utf8, "value": pl.Float64, "source": pl.Utf8}  # fmt: skip


def store_figures(engine: Database, frame: pl.DataFrame, source: str) -> int:
    """Store the figures in one transaction; a cell already stored (region, year, figure, function) is replaced."""
    k = t.kostra_figures
    rows = [{**r, "source": source, "at": datetime.now(UTC)} for r in frame.iter_rows(named=True)]
    with engine.begin() as conn:
        for region, year in frame.select("region", "year").unique().iter_rows():
            figures = frame.filter((pl.col("region") == region) & (pl.col("year") == year))["figure"].unique()
            conn.execute(
                delete(k).where(and_(k.c.region == region, k.c.year == year, k.c.figure.in_(figures.to_list())))
            )
        if rows:
            conn.execute(insert(k), rows)
    return len(rows)


def load_figures(engine: Database) -> pl.DataFrame:
    k = t.kostra_figures
    query = select(k.c.region, k.c.region_name, k.c.year, k.c.figure, k.c.function, k.c.value, k.c.source).order_by(
        k.c.region, k.c.figure, k.c.function, k.c.year
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return pl.DataFrame([tuple(r) for r in rows], schema=FIGURE_SCHEMA, orient="row")


def set_need(engine: Database, region: str, year: int, index: float, source: str) -> None:
    e = t.expense_needs
    with engine.begin() as conn:
        conn.execute(delete(e).where(and_(e.c.region == region, e.c.year == year)))
        conn.execute(insert(e).values(region=region, year=year, index=index, source=source, at=datetime.now(UTC)))


def store_needs(engine: Database, rows: list[dict]) -> None:
    """Several indices in one transaction (an imported file)."""
    e = t.expense_needs
    with engine.begin() as conn:
        for r in rows:
            conn.execute(delete(e).where(and_(e.c.region == r["region"], e.c.year == r["year"])))
        conn.execute(insert(e), [{**r, "at": datetime.now(UTC)} for r in rows])


def load_needs(engine: Database) -> pl.DataFrame:
    e = t.expense_needs
    with engine.connect() as conn:
        rows = conn.execute(select(e.c.region, e.c.year, e.c.index, e.c.source).order_by(e.c.region, e.c.year)).all()
    return pl.DataFrame([tuple(r) for r in rows], schema={"region": pl.Utf8, "year": pl.Int64, "index": pl.Float64,
                                                         "source": pl.Utf8}, orient="row")  # fmt: skip
