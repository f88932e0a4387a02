"""Database connection: SQLite by default, PostgreSQL when TRAPPA_DATABASE_URL says so."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

from trappa.errors import TrappaError


def data_home() -> Path:
    """Where the embedded database lives: $TRAPPA_HOME, else the user's data folder."""
    home = os.environ.get("TRAPPA_HOME")
    if home:
        return Path(home)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "trappa"


def database_url(url: str | None = None) -> str:
    if url:
        return url
    env = os.environ.get("TRAPPA_DATABASE_URL")
    if env:
        return env
    home = data_home()
    home.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{home / 'trappa.sqlite'}"


def make_engine(url: str | None = None) -> Engine:
    resolved = database_url(url)
    if resolved.startswith("postgresql://"):
        resolved = "postgresql+psycopg://" + resolved.removeprefix("postgresql://")
    engine = create_engine(resolved, future=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
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
