"""The municipality's own settings as stored rows of key and value (typed in `trappa.services.municipality`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trappa.store.db import Database

if TYPE_CHECKING:
    from sqlalchemy import Connection

# Raised by every write, so results computed from the settings (hours per FTE, wage arts …) are
# computed again: it is part of the data version that names cached results.
VERSION = "__version"


def read_settings(db: Database) -> dict[str, str]:
    # plain SQL: every command and page asks it, and a command that only reads loads no SQLAlchemy
    return {key: value for key, value in db.rows('SELECT "key", "value" FROM "settings"') if key != VERSION}


def settings_version(conn: Connection) -> str:
    from sqlalchemy import select

    from trappa.store import tables as t

    return conn.execute(select(t.settings.c.value).where(t.settings.c.key == VERSION)).scalar_one_or_none() or "0"


def bump_version(conn: Connection) -> None:
    """Within another write (the måltavle's re-bases, limits, targets, measures): what was computed
    from the old state is computed again."""
    _set(conn, {VERSION: str(int(settings_version(conn)) + 1)})


def write_settings(db: Database, values: dict[str, str | None]) -> None:
    """Set each key in one transaction; a value of None removes the key."""
    with db.begin() as conn:
        _set(conn, {**values, VERSION: str(int(settings_version(conn)) + 1)})


def _set(conn: Connection, values: dict[str, str | None]) -> None:
    from sqlalchemy import delete, insert

    from trappa.store import tables as t

    for key, value in values.items():
        conn.execute(delete(t.settings).where(t.settings.c.key == key))
        if value is not None:
            conn.execute(insert(t.settings).values(key=key, value=value))
