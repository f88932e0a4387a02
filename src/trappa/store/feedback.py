"""Feedback from the accessibility statement's form."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select

from trappa.store import tables as t


def add_feedback(engine: Engine, message: str, contact: str | None, page: str | None) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(t.feedback).values(message=message, contact=contact, page=page, received_at=datetime.now(UTC))
        )


def feedback_entries(engine: Engine, limit: int = 200) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.feedback).order_by(t.feedback.c.id.desc()).limit(limit)).mappings().all()
    return [dict(r) for r in rows]
