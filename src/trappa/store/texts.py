"""Versions of the staircase in use (step texts and all): every change is a new row, none is ever rewritten."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from trappa.store.db import Database


def add_staircase_version(
    engine: Database, yaml_text: str, username: str | None, note: str, kind: str = "service"
) -> int:
    from sqlalchemy import insert

    from trappa.store import tables as t  # SQLAlchemy's tables: loaded by a write, not by every command

    with engine.begin() as conn:
        return int(
            conn.execute(
                insert(t.staircase_versions)
                .values(kind=kind, yaml=yaml_text, username=username, note=note[:300], at=datetime.now(UTC))
                .returning(t.staircase_versions.c.id)
            ).scalar_one()
        )


def staircase_history(engine: Database, limit: int = 50, kind: str = "service") -> list[dict[str, Any]]:
    from sqlalchemy import select

    from trappa.store import tables as t

    v = t.staircase_versions
    query = select(v.c.id, v.c.username, v.c.note, v.c.at).where(v.c.kind == kind).order_by(v.c.id.desc()).limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(query)
        return [dict(r._mapping) for r in rows]
