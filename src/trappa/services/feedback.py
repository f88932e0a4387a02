"""Feedback on accessibility (tilbakemelding), from the form on the accessibility statement."""

from __future__ import annotations

from trappa.errors import TrappaError
from trappa.services.database import Database
from trappa.store.feedback import add_feedback, feedback_entries


def submit(db: Database, message: str, contact: str = "", page: str = "") -> None:
    """Store a message from anyone. Anonymous, so not in the audit log (which records staff and the terminal)."""
    if not message.strip():
        raise TrappaError("Skriv ei melding.")
    add_feedback(db, message.strip()[:4000], contact.strip()[:200] or None, page.strip()[:300] or None)


def entries(db: Database, limit: int = 200) -> list[dict[str, object]]:
    return feedback_entries(db, limit)
