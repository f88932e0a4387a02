"""Staff accounts and the append-only audit log.

Passwords are hashed with argon2id. The audit log is only ever inserted into:
no function here updates or deletes a row of it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Select, bindparam, delete, func, insert, select, update

from trappa.errors import TrappaError
from trappa.store import tables as t
from trappa.store.db import Database

# In rising order of what they may do. A leader (einingsleiar) reads like a viewer and keeps the
# måltavle of the units tied to them (trappa.services.users.set_units).
# caseworker: the calculator and the price catalogue only, no profile data (forvaltningskontoret)
ROLES = ("caseworker", "viewer", "leader", "editor", "analyst", "admin")
ROLE_NAMES = {
    "caseworker": "sakshandsamar",
    "viewer": "lesar",
    "leader": "leiar",
    "editor": "redaktør",
    "analyst": "analytikar",
    "admin": "administrator",
}
_hasher = PasswordHasher()
MIN_PASSWORD = 12


@dataclass(frozen=True)
class User:
    id: int
    username: str
    role: str
    password_hash: str
    session_generation: int = 0

    def can(self, role: str) -> bool:
        """Roles are ordered: admin ⊃ analyst ⊃ editor ⊃ leader ⊃ viewer ⊃ caseworker."""
        return ROLES.index(self.role) >= ROLES.index(role)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise TrappaError(f"Passordet må ha minst {MIN_PASSWORD} teikn.")


def create_user(engine: Database, username: str, password: str, role: str) -> User:
    username = username.strip()
    if role not in ROLES:
        raise TrappaError(f"Ukjend rolle «{role}». Vel ein av: {', '.join(ROLES)}.")
    if not username or len(username) > 100:
        raise TrappaError("Brukarnamnet må ha mellom 1 og 100 teikn.")
    _check_password(password)
    with engine.begin() as conn:
        if conn.execute(select(t.users.c.id).where(t.users.c.username == username)).first():
            raise TrappaError(f"Brukaren «{username}» finst alt.")
        conn.execute(
            insert(t.users).values(
                username=username,
                password_hash=_hasher.hash(password),
                role=role,
                active=1,
                created_at=datetime.now(UTC),
            )
        )
    user = get_user(engine, username)
    assert user is not None
    return user


def count_admins(engine: Database) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(select(func.count()).where(t.users.c.role == "admin", t.users.c.active == 1)).scalar_one()
        )


def get_user(engine: Database, username: str) -> User | None:
    with engine.connect() as conn:
        row = conn.execute(select(t.users).where(t.users.c.username == username, t.users.c.active == 1)).first()
    return User(row.id, row.username, row.role, row.password_hash, row.session_generation) if row else None


def get_user_by_id(engine: Database, user_id: int) -> User | None:
    """The active user with this number (every signed-in page asks it)."""
    with engine.connect() as conn:
        row = conn.execute(_by_id(), {"user_id": user_id}).first()
    return User(row.id, row.username, row.role, row.password_hash, row.session_generation) if row else None


@functools.cache
def _by_id() -> Select:
    # Built once, with the number bound at each call: building the expression cost more than asking.
    return select(t.users).where(t.users.c.id == bindparam("user_id"), t.users.c.active == 1)


def verify(engine: Database, username: str, password: str) -> User | None:
    user = get_user(engine, username)
    if user is None:
        _hasher.hash(password)  # the same work either way, so timing does not tell which usernames exist
        return None
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    return user


def end_sessions(engine: Database, user_id: int) -> None:
    """Every session of the user ends now (they are signed with the generation this raises)."""
    with engine.begin() as conn:
        conn.execute(
            update(t.users).where(t.users.c.id == user_id)
            .values(session_generation=t.users.c.session_generation + 1)
        )  # fmt: skip


def set_role(engine: Database, username: str, role: str) -> None:
    if role not in ROLES:
        raise TrappaError(f"Ukjend rolle «{role}».")
    user = get_user(engine, username)
    if user is None:
        raise TrappaError(f"Fann ikkje brukaren «{username}».")
    _guard_last_admin(engine, user, losing=role != "admin")
    with engine.begin() as conn:
        conn.execute(update(t.users).where(t.users.c.id == user.id).values(role=role))


def _guard_last_admin(engine: Database, user: User, *, losing: bool) -> None:
    if losing and user.role == "admin" and count_admins(engine) <= 1:
        raise TrappaError("Den siste administratoren kan ikkje slåast av, slettast eller miste rolla si.")


def _any_user(engine: Database, username: str) -> tuple[int, str, bool] | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(t.users.c.id, t.users.c.role, t.users.c.active).where(t.users.c.username == username)
        ).first()
    return (row.id, row.role, bool(row.active)) if row else None


def set_active(engine: Database, username: str, active: bool) -> None:
    """Disable or enable a user; a disabled user's sessions end at once (sessions look the user up each time)."""
    found = _any_user(engine, username)
    if found is None:
        raise TrappaError(f"Fann ikkje brukaren «{username}».")
    user_id, role, _ = found
    if not active:
        _guard_last_admin(engine, User(user_id, username, role, ""), losing=True)
    with engine.begin() as conn:
        conn.execute(update(t.users).where(t.users.c.id == user_id).values(active=1 if active else 0))


def delete_user(engine: Database, username: str) -> None:
    """Remove a user; the audit log keeps the name in its rows."""
    found = _any_user(engine, username)
    if found is None:
        raise TrappaError(f"Fann ikkje brukaren «{username}».")
    user_id, role, active = found
    if active:
        _guard_last_admin(engine, User(user_id, username, role, ""), losing=True)
    with engine.begin() as conn:
        conn.execute(delete(t.user_units).where(t.user_units.c.username == username))
        conn.execute(delete(t.users).where(t.users.c.id == user_id))


def set_password(engine: Database, username: str, password: str) -> None:
    """A new password; every session of the user ends (the session fingerprint holds the hash)."""
    _check_password(password)
    found = _any_user(engine, username)
    if found is None:
        raise TrappaError(f"Fann ikkje brukaren «{username}».")
    with engine.begin() as conn:
        conn.execute(update(t.users).where(t.users.c.id == found[0]).values(password_hash=_hasher.hash(password)))


def list_users(engine: Database) -> list[dict]:
    with engine.connect() as conn:
        return [
            dict(r._mapping)
            for r in conn.execute(
                select(t.users.c.username, t.users.c.role, t.users.c.active, t.users.c.created_at).order_by(
                    t.users.c.username
                )
            )
        ]


def audit(
    engine: Database, username: str | None, action: str, target: str | None, outcome: str, detail: str | None = None
) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(t.audit_log).values(
                at=datetime.now(UTC), username=username, action=action, target=target, outcome=outcome, detail=detail
            )
        )


def audit_entries(engine: Database, limit: int = 500, offset: int = 0, action: str | None = None) -> pl.DataFrame:
    """The newest entries first, a page at a time, of one kind of action or all."""
    query = select(t.audit_log).order_by(t.audit_log.c.id.desc()).limit(limit).offset(offset)
    if action:
        query = query.where(t.audit_log.c.action == action)
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return pl.DataFrame([dict(r) for r in rows]) if rows else pl.DataFrame()


def audit_count(engine: Database, action: str | None = None) -> int:
    query = select(func.count()).select_from(t.audit_log)
    if action:
        query = query.where(t.audit_log.c.action == action)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())
