"""Staff accounts (brukarar) and roles; logging in. The first admin is made from the terminal."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trappa.errors import TrappaError
from trappa.services import audit
from trappa.services.database import Database
from trappa.store import accounts
from trappa.store.accounts import ROLE_NAMES, ROLES, User

__all__ = [
    "ROLES",
    "ROLE_NAMES",
    "User",
    "by_id",
    "create",
    "list_users",
    "log_in",
    "may_keep_board",
    "set_role",
    "set_units",
    "units_of",
]


def create(db: Database, actor: str | None, username: str, password: str, role: str) -> User:
    user = accounts.create_user(db, username, password, role)
    audit.record(db, actor, "user_create", f"{user.username} ({user.role})", "ok")
    return user


def set_role(db: Database, actor: str | None, username: str, role: str) -> None:
    try:
        accounts.set_role(db, username, role)
    except TrappaError as exc:
        audit.record(db, actor, "role_change", f"{username} → {role}", "refused", str(exc))
        raise
    audit.record(db, actor, "role_change", f"{username} → {role}", "ok")


def _changed(db: Database, actor: str | None, action: str, target: str, change: Callable[[], None]) -> None:
    try:
        change()
    except TrappaError as exc:
        audit.record(db, actor, action, target, "refused", str(exc))
        raise
    audit.record(db, actor, action, target, "ok")


def set_active(db: Database, actor: str | None, username: str, active: bool) -> None:
    """Enable or disable a user; a disabled user is signed out at once and cannot sign in."""
    action = "user_enable" if active else "user_disable"
    _changed(db, actor, action, username, lambda: accounts.set_active(db, username, active))


def delete(db: Database, actor: str | None, username: str) -> None:
    _changed(db, actor, "user_delete", username, lambda: accounts.delete_user(db, username))


def reset_password(db: Database, actor: str | None, username: str, password: str) -> None:
    """A new password chosen by an admin; the user's sessions end."""
    _changed(db, actor, "password_reset", username, lambda: accounts.set_password(db, username, password))


def list_users(db: Database) -> list[dict[str, Any]]:
    return accounts.list_users(db)


def by_id(db: Database, user_id: int) -> User | None:
    return accounts.get_user_by_id(db, user_id)


def log_in(db: Database, username: str, password: str, *, blocked: bool = False) -> User | None:
    """The user if the password is right; every attempt is logged (``blocked``: too many recent failures)."""
    if blocked:
        audit.record(db, username, "login", None, "refused", "for mange forsøk")
        return None
    user = accounts.verify(db, username, password)
    audit.record(db, user.username if user else username, "login", None, "ok" if user else "failed")
    return user


def log_out(db: Database, user: User) -> None:
    """Sign out: the session ends on the server too, so a copied cookie no longer works."""
    accounts.end_sessions(db, user.id)
    audit.record(db, user.username, "logout", None, "ok")


def leader_units(db: Database, username: str) -> list[str]:
    """The units a leader is tied to."""
    from trappa.store import board

    return board.leader_units(db, username)


def units_of(db: Database, user: User) -> list[str] | None:
    """The units a person sees on the måltavle: a leader their own, everyone else all (None)."""
    return leader_units(db, user.username) if user.role == "leader" else None


def may_keep_board(user: User, unit: str, allowed: list[str] | None) -> bool:
    """May this person set targets, re-bases and measures for ``unit``: a leader for their units, analysts for all."""
    if user.role == "leader":
        return allowed is not None and unit in allowed
    return user.can("analyst")


def set_units(db: Database, actor: str | None, username: str, units: list[str]) -> None:
    """Tie a leader to the units they lead (replacing what was there)."""
    from trappa.services.kpi import unit_names
    from trappa.store.board import set_leader_units

    if not any(u["username"] == username for u in accounts.list_users(db)):
        raise TrappaError(f"Brukaren «{username}» finst ikkje.")
    known = set(unit_names(db)) if units else set()
    unknown = [u for u in units if u not in known]
    if unknown:
        raise TrappaError(f"Desse einingane finst ikkje: {', '.join(unknown)}.")
    set_leader_units(db, username, units)
    audit.record(db, actor, "leader_units", username, "ok", ", ".join(sorted(units)) or "ingen")
