"""Feedback on accessibility (tilbakemelding), from the form on the accessibility statement."""

from __future__ import annotations

from typing import Any

from trappa.errors import TrappaError
from trappa.services import audit
from trappa.services.database import Database
from trappa.store.feedback import add_feedback, feedback_entries
from trappa.store.feedback import mark_handled as mark_handled_row


def submit(db: Database, message: str, contact: str = "", page: str = "") -> None:
    """Store a message from anyone. Anonymous, so not in the audit log (which records staff and the terminal)."""
    if not message.strip():
        raise TrappaError("Skriv ei melding.")
    add_feedback(db, message.strip()[:4000], contact.strip()[:200] or None, page.strip()[:300] or None)


def entries(db: Database, limit: int = 200, *, open_only: bool = False) -> list[dict[str, Any]]:
    """Messages, newest first; ``open_only`` leaves out those marked as handled."""
    return feedback_entries(db, limit, open_only=open_only)


def mark_handled(db: Database, actor: str | None, feedback_id: int) -> None:
    if not mark_handled_row(db, feedback_id, actor):
        raise TrappaError(f"Fann inga tilbakemelding med nummer {feedback_id}.")
    audit.record(db, actor, "feedback_handled", f"tilbakemelding {feedback_id}", "ok")
