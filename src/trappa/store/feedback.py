"""Feedback from the accessibility statement's form."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update

from trappa.store import tables as t
from trappa.store.db import Database


def add_feedback(engine: Database, message: str, contact: str | None, page: str | None) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(t.feedback).values(message=message, contact=contact, page=page, received_at=datetime.now(UTC))
        )


def feedback_entries(engine: Database, limit: int = 200, *, open_only: bool = False) -> list[dict[str, Any]]:
    query = select(t.feedback).order_by(t.feedback.c.id.desc()).limit(limit)
    if open_only:
        query = query.where(t.feedback.c.handled_at.is_(None))
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [dict(r) for r in rows]


def mark_handled(engine: Database, feedback_id: int, username: str | None) -> bool:
    """Mark a message as handled; False when there is no such message."""
    with engine.begin() as conn:
        done = conn.execute(
            update(t.feedback)
            .where(t.feedback.c.id == feedback_id)
            .values(handled_at=datetime.now(UTC), handled_by=username)
        )
    return done.rowcount > 0
