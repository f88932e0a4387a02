"""The audit log (revisjonslogg): who did what, when, from the web or the terminal. Append-only."""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import datetime

from trappa.services.database import Database


def cli_actor() -> str:
    """Who acts from the terminal: ``cli:<login name>``."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no login name in some containers
        name = "ukjend"
    return f"cli:{name}"


# What each action and outcome is called where people read the log.
ACTION_NAMES = {
    "login": "innlogging",
    "logout": "utlogging",
    "import": "import",
    "export": "eksport",
    "mapping": "fordelingsnøkkel",
    "scenario": "scenario",
    "staircase": "trappa",
    "housing_staircase": "bustadtrappa",
    "settings": "innstillingar",
    "role_change": "ny rolle",
    "user_create": "ny brukar",
    "user_disable": "brukar slått av",
    "user_enable": "brukar slått på",
    "user_delete": "brukar sletta",
    "password_reset": "nytt passord",
    "feedback_handled": "tilbakemelding handsama",
    "demo": "demokommune",
    "rebase": "nytt utgangspunkt",
    "target": "mål",
    "measure": "tiltak",
    "leader_units": "einingar for leiar",
}
OUTCOME_NAMES = {"ok": "ok", "refused": "avvist", "failed": "feila"}


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str | None
    action: str
    target: str | None
    outcome: str
    detail: str | None

    @property
    def action_name(self) -> str:
        return ACTION_NAMES.get(self.action, self.action)

    @property
    def outcome_name(self) -> str:
        return OUTCOME_NAMES.get(self.outcome, self.outcome)


def record(
    db: Database, actor: str | None, action: str, target: str | None, outcome: str = "ok", detail: str | None = None
) -> None:
    from trappa.store.accounts import audit  # the writing store loads SQLAlchemy: only when there is a write

    audit(db, actor, action, target, outcome, detail)


@dataclass
class AuditPage:
    """One page of the log, newest first (a flood of failed logins cannot push older entries out of reach)."""

    entries: list[AuditEntry]
    page: int
    pages: int
    total: int
    action: str | None


def page_of(db: Database, page: int = 1, action: str | None = None, per_page: int = 100) -> AuditPage:
    action = action if action in ACTION_NAMES else None
    from trappa.store.accounts import audit_count

    total = audit_count(db, action)
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    return AuditPage(entries(db, per_page, (page - 1) * per_page, action), page, pages, total, action)


def entries(db: Database, limit: int = 500, offset: int = 0, action: str | None = None) -> list[AuditEntry]:
    from trappa.store.accounts import audit_entries

    frame = audit_entries(db, limit, offset, action)
    return [
        AuditEntry(r["at"], r["username"], r["action"], r["target"], r["outcome"], r["detail"])
        for r in (frame.to_dicts() if frame.height else [])
    ]


def record_export(db: Database, actor: str | None, what: str) -> None:
    """Figures leaving trappa as a file (Excel, CSV, JSON): logged from the web and the terminal alike."""
    record(db, actor, "export", what, "ok")
