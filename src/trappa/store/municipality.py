"""The municipality's own settings as stored rows of key and value (typed in `trappa.services.municipality`)."""

from __future__ import annotations

from sqlalchemy import Engine, delete, insert, select

from trappa.store import tables as t


def read_settings(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return {r.key: r.value for r in conn.execute(select(t.settings.c.key, t.settings.c.value))}


def write_settings(engine: Engine, values: dict[str, str | None]) -> None:
    """Set each key in one transaction; a value of None removes the key."""
    with engine.begin() as conn:
        for key, value in values.items():
            conn.execute(delete(t.settings).where(t.settings.c.key == key))
            if value is not None:
                conn.execute(insert(t.settings).values(key=key, value=value))
