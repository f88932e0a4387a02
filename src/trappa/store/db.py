"""Database connection: SQLite by default, PostgreSQL when the settings name one."""

from __future__ import annotations

from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

from trappa.errors import TrappaError


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (from `Settings.resolved_database_url`); plain postgresql:// URLs use psycopg 3."""
    resolved = url
    if resolved.startswith("postgresql://"):
        resolved = "postgresql+psycopg://" + resolved.removeprefix("postgresql://")
    engine = create_engine(resolved, future=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

    return engine


def alembic_config() -> Config:
    ini = resources.files("trappa.store").joinpath("alembic.ini")
    cfg = Config(str(ini))
    cfg.set_main_option("script_location", str(resources.files("trappa.store").joinpath("migrations")))
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the database schema up to date (alembic upgrade head)."""
    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as exc:  # noqa: BLE001 - connection failures are user-fixable
        raise TrappaError(
            f"Kan ikkje opne databasen ({engine.url.render_as_string(hide_password=True)}): "
            f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}. "
            "Sjekk TRAPPA_DATABASE_URL."
        ) from None
