"""Database connection: SQLite by default, PostgreSQL when the settings name one.

`Database` is the handle every service takes. A command asks a few small questions before it reads a
table (is the schema current, which version of the data, which years, the municipality's settings);
on a SQLite file they go through the standard library's ``sqlite3``, so a command that only reads
never loads SQLAlchemy (a third of a second of every start, issue 14). Everything else — writes,
migrations, PostgreSQL — goes through SQLAlchemy's engine, made the first time it is needed.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trappa.errors import TrappaError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine


class Database:
    """One database: its URL, SQLAlchemy's engine when first needed, and plain reads of a SQLite file."""

    def __init__(self, url: str) -> None:
        # plain postgresql:// URLs use psycopg 3
        self.url = (
            "postgresql+psycopg://" + url.removeprefix("postgresql://") if url.startswith("postgresql://") else url
        )
        self.backend = self.url.split(":", 1)[0].split("+", 1)[0]  # sqlite or postgresql
        self.file = _sqlite_file(self.url)
        self._local = threading.local()
        self._generation = 0  # raised by dispose: each thread's plain connection is then opened anew
        self.observers: list[Callable[[str], None]] = []  # told of each plain question (tests count them)

    def __repr__(self) -> str:
        return f"Database({self.backend}, {self.file or 'server'})"

    @cached_property
    def engine(self) -> Engine:
        return make_engine(self.url)

    def connect(self) -> Connection:
        """A connection of the engine (``with db.connect() as conn``)."""
        return self.engine.connect()

    def begin(self) -> Any:
        """A transaction of the engine, committed when the block ends (``with db.begin() as conn``)."""
        return self.engine.begin()

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """The rows of a read-only question in plain SQL with ``:name`` parameters."""
        for observe in self.observers:
            observe(sql)
        if self.file is None:
            with self.engine.connect() as conn:
                return [tuple(r) for r in conn.execute(_text(sql), params or {})]
        local = self._local
        plain: sqlite3.Connection | None = getattr(local, "conn", None)
        if plain is None or local.generation != self._generation:
            if plain is not None:
                plain.close()
            # One connection per thread, kept (opening one costs as much as the question); it closes with
            # its thread. mode=rw: a file that is not there is an error, never a new empty database.
            uri = f"{Path(self.file).absolute().as_uri()}?mode=rw"
            plain = sqlite3.connect(uri, uri=True, check_same_thread=False)
            local.conn, local.generation = plain, self._generation
        return plain.execute(sql, params or {}).fetchall()

    def dispose(self) -> None:
        """Close the connections: the engine's pool, and this thread's plain one at once (any other
        thread's at its next question); new ones are opened when asked."""
        self._generation += 1
        plain = getattr(self._local, "conn", None)
        if plain is not None:
            plain.close()
            self._local.conn = None
        if "engine" in self.__dict__:
            self.engine.dispose()


def _sqlite_file(url: str) -> str | None:
    """The file of a sqlite:/// URL; None for an in-memory database, a file: URI or any other database."""
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///")
    if not path or path == ":memory:" or path.startswith("file:") or "?" in path:
        return None
    return path


@lru_cache(maxsize=256)
def _text(sql: str) -> Any:
    from sqlalchemy import text

    return text(sql)  # one object per question: SQLAlchemy then compiles it once


def make_engine(url: str) -> Engine:
    """An engine for ``url``, with SQLite's pragmas set on every connection."""
    from sqlalchemy import create_engine, event

    engine = create_engine(url, future=True)
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


def is_current(db: Database) -> bool:
    """True when the database is at the newest revision: one small query, without loading Alembic."""
    try:
        found = [r[0] for r in db.rows("SELECT version_num FROM alembic_version")]
    except Exception:  # noqa: BLE001 - no table yet, or no database yet: Alembic will say what is wrong
        return False
    return found == [head_revision()]


def migrate(db: Database) -> None:
    """Bring the database schema up to date (alembic upgrade head); a current database costs one query."""
    if is_current(db):
        return
    from alembic import command

    cfg = alembic_config()
    try:
        with db.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as exc:  # noqa: BLE001 - connection failures are user-fixable
        raise TrappaError(
            f"Kan ikkje opne databasen ({db.engine.url.render_as_string(hide_password=True)}): "
            f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}. "
            "Sjekk TRAPPA_DATABASE_URL."
        ) from None


def open_url(url: str) -> Database:
    """A database from its URL, its schema brought up to date."""
    db = Database(url)
    migrate(db)
    return db
