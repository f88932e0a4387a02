"""The måltavle's own records: measures (tiltak), re-bases and targets of SPC charts, the units a leader sees."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, delete, insert, select, update

from trappa.store import tables as t
from trappa.store.db import Database
from trappa.store.municipality import bump_version


def add_measure(engine: Database, values: dict[str, Any], username: str | None) -> int:
    with engine.begin() as conn:
        bump_version(conn)  # the måltavle is cached by this version
        result = conn.execute(insert(t.measures).values(**values, username=username, at=datetime.now(UTC)))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def update_measure(engine: Database, measure_id: int, values: dict[str, Any], username: str | None) -> bool:
    with engine.begin() as conn:
        bump_version(conn)  # the måltavle is cached by this version
        done = conn.execute(
            update(t.measures)
            .where(t.measures.c.id == measure_id)
            .values(**values, username=username, at=datetime.now(UTC))
        )
    return done.rowcount > 0


def measures(engine: Database) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.measures).order_by(t.measures.c.start, t.measures.c.id)).mappings().all()
    return [dict(r) for r in rows]


def _add_record(engine: Database, table: Table, values: dict[str, Any], username: str | None) -> None:
    with engine.begin() as conn:
        bump_version(conn)  # the måltavle is cached by this version
        conn.execute(insert(table).values(**values, username=username, at=datetime.now(UTC)))


def _delete_record(engine: Database, table: Table, record_id: int, unit: str, kpi: str) -> bool:
    """Delete a record of the named unit's chart (a leader checked for one unit cannot reach another's)."""
    where = (table.c.id == record_id) & (table.c.unit == unit) & (table.c.kpi == kpi)
    with engine.begin() as conn:
        bump_version(conn)  # the måltavle is cached by this version
        return conn.execute(delete(table).where(where)).rowcount > 0


def _records(engine: Database, table: Table, month: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(table).order_by(table.c[month], table.c.id)).mappings().all()
    return [dict(r) for r in rows]


def add_rebase(engine: Database, values: dict[str, Any], username: str | None) -> None:
    _add_record(engine, t.rebases, values, username)


def delete_rebase(engine: Database, rebase_id: int, unit: str, kpi: str) -> bool:
    return _delete_record(engine, t.rebases, rebase_id, unit, kpi)


def rebases(engine: Database) -> list[dict[str, Any]]:
    return _records(engine, t.rebases, "period")


def add_baseline(engine: Database, values: dict[str, Any], username: str | None) -> None:
    _add_record(engine, t.baselines, values, username)


def delete_baseline(engine: Database, baseline_id: int, unit: str, kpi: str) -> bool:
    return _delete_record(engine, t.baselines, baseline_id, unit, kpi)


def baselines(engine: Database) -> list[dict[str, Any]]:
    return _records(engine, t.baselines, "until")


def set_target(engine: Database, unit: str, kpi: str, target: float | None, username: str | None) -> None:
    """Set (or, with None, remove) the target of a unit's KPI."""
    where = (t.kpi_targets.c.unit == unit) & (t.kpi_targets.c.kpi == kpi)
    with engine.begin() as conn:
        bump_version(conn)  # the måltavle is cached by this version
        conn.execute(delete(t.kpi_targets).where(where))
        if target is not None:
            conn.execute(
                insert(t.kpi_targets).values(unit=unit, kpi=kpi, target=target, username=username, at=datetime.now(UTC))
            )


def targets(engine: Database) -> dict[tuple[str, str], float]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.kpi_targets.c.unit, t.kpi_targets.c.kpi, t.kpi_targets.c.target)).all()
    return {(u, k): float(v) for u, k, v in rows}


def leader_units(engine: Database, username: str) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.user_units.c.unit).where(t.user_units.c.username == username).order_by(t.user_units.c.unit)
        ).all()
    return [r[0] for r in rows]


def set_leader_units(engine: Database, username: str, units: list[str]) -> None:
    with engine.begin() as conn:
        conn.execute(delete(t.user_units).where(t.user_units.c.username == username))
        if units:
            conn.execute(insert(t.user_units), [{"username": username, "unit": u} for u in sorted(set(units))])
