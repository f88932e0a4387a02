"""Database connection: SQLite by default, PostgreSQL when the settings name one."""

from __future__ import annotations

from importlib import resources
from typing import Any

from sqlalchemy import Engine, create_engine, event, text

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


def alembic_config() -> Any:
    from alembic.config import Config

    ini = resources.files("trappa.store").joinpath("alembic.ini")
    cfg = Config(str(ini))
    cfg.set_main_option("script_location", str(resources.files("trappa.store").joinpath("migrations")))
    return cfg


def head_revision() -> str:
    """The newest migration's revision: its file name starts with it (0012_kostra.py → 0012)."""
    versions = resources.files("trappa.store").joinpath("migrations", "versions")
    return max(f.name[:4] for f in versions.iterdir() if f.name[:4].isdigit() and f.name.endswith(".py"))


def is_current(engine: Engine) -> bool:
    """True when the database is at the newest revision: one small query, without loading Alembic."""
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except Exception:  # noqa: BLE001 - no table yet, or no database yet: Alembic will say what is wrong
        return False
    return found == [head_revision()]


def migrate(engine: Engine) -> None:
    """Bring the database schema up to date (alembic upgrade head); a current database costs one query."""
    if is_current(engine):
        return
    from alembic import command

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
