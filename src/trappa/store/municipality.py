"""The municipality's own settings as stored rows of key and value (typed in `trappa.services.municipality`)."""

from __future__ import annotations

import functools

from sqlalchemy import Connection, Engine, Select, delete, insert, select

from trappa.store import tables as t

# Raised by every write, so results computed from the settings (hours per FTE, wage arts …) are
# computed again: it is part of the data version that names cached results.
VERSION = "__version"


def read_settings(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        rows = conn.execute(_settings_query())
        return {r.key: r.value for r in rows if r.key != VERSION}


@functools.cache
def _settings_query() -> Select:
    return select(t.settings.c.key, t.settings.c.value)  # built once: every page asks it


def settings_version(conn: Connection) -> str:
    return conn.execute(select(t.settings.c.value).where(t.settings.c.key == VERSION)).scalar_one_or_none() or "0"


def bump_version(conn: Connection) -> None:
    """Within another write (the måltavle's re-bases, limits, targets, measures): what was computed
    from the old state is computed again."""
    version = int(settings_version(conn)) + 1
    conn.execute(delete(t.settings).where(t.settings.c.key == VERSION))
    conn.execute(insert(t.settings).values(key=VERSION, value=str(version)))


def write_settings(engine: Engine, values: dict[str, str | None]) -> None:
    """Set each key in one transaction; a value of None removes the key."""
    with engine.begin() as conn:
        version = int(settings_version(conn)) + 1
        for key, value in {**values, VERSION: str(version)}.items():
            conn.execute(delete(t.settings).where(t.settings.c.key == key))
            if value is not None:
                conn.execute(insert(t.settings).values(key=key, value=value))
