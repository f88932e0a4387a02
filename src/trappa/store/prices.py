"""The unit-price catalogues (versions per year) and the calculator's saved cases."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from trappa.store import tables as t
from trappa.store.db import Database

PRICE_FIELDS = ("kind", "step", "time_of_day", "setting", "travel_group", "staffing_factor", "ownership", "price",
                "source", "note")  # fmt: skip


def add_catalogue(engine: Database, year: int, rows: list[dict[str, Any]], note: str, username: str | None) -> int:
    """Store a new version of the year's catalogue, with all its prices, in one transaction; its version."""
    with engine.begin() as conn:
        last = conn.execute(select(func.max(t.price_catalogues.c.version)).where(t.price_catalogues.c.year == year))
        version = int(last.scalar() or 0) + 1
        made = conn.execute(
            insert(t.price_catalogues).values(
                year=year, version=version, note=note, username=username, at=datetime.now(UTC)
            )  # fmt: skip
        )
        catalogue_id = made.inserted_primary_key[0]  # type: ignore[index]
        if rows:
            conn.execute(insert(t.prices), [{**{f: r.get(f) for f in PRICE_FIELDS}, "catalogue_id": catalogue_id}
                                            for r in rows])  # fmt: skip
    return version


def catalogues(engine: Database) -> list[dict[str, Any]]:
    """Every version of every year, newest first, with its number of prices."""
    c, p = t.price_catalogues, t.prices
    query = (
        select(c, func.count(p.c.id).label("prices"))
        .select_from(c.outerjoin(p, p.c.catalogue_id == c.c.id))
        .group_by(c.c.id)
        .order_by(c.c.year.desc(), c.c.version.desc())
    )
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings().all()]


def prices_of(engine: Database, year: int, version: int | None = None) -> tuple[int, list[dict[str, Any]]] | None:
    """(version, prices) of the year's catalogue: the given version, or the latest; None when there is none."""
    c = t.price_catalogues
    with engine.connect() as conn:
        where = c.c.year == year if version is None else (c.c.year == year) & (c.c.version == version)
        found = conn.execute(select(c.c.id, c.c.version).where(where).order_by(c.c.version.desc()).limit(1)).first()
        if found is None:
            return None
        rows = conn.execute(select(t.prices).where(t.prices.c.catalogue_id == found.id).order_by(t.prices.c.id))
        return int(found.version), [{f: r[f] for f in PRICE_FIELDS} for r in rows.mappings().all()]


def save_calculation(engine: Database, values: dict[str, Any], username: str | None, calc_id: int | None = None) -> int:
    with engine.begin() as conn:
        stamp = {**values, "username": username, "at": datetime.now(UTC)}
        if calc_id is None:
            return int(conn.execute(insert(t.calculations).values(**stamp)).inserted_primary_key[0])  # type: ignore[index]
        done = conn.execute(update(t.calculations).where(t.calculations.c.id == calc_id).values(**stamp))
        return calc_id if done.rowcount else 0


def calculations(engine: Database) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.calculations).order_by(t.calculations.c.at.desc(), t.calculations.c.id.desc()))
        return [dict(r) for r in rows.mappings().all()]


def calculation(engine: Database, calc_id: int) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = conn.execute(select(t.calculations).where(t.calculations.c.id == calc_id)).mappings().first()
    return dict(row) if row else None


def delete_calculation(engine: Database, calc_id: int) -> bool:
    with engine.begin() as conn:
        return conn.execute(delete(t.calculations).where(t.calculations.c.id == calc_id)).rowcount > 0
