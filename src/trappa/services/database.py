"""The database handle every service takes, opened once from the settings."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from trappa.store import db as store

if TYPE_CHECKING:
    from trappa.settings import Settings

Database = store.Database


def open_database(settings: Settings) -> Database:
    """Connect and bring the schema up to date (SQLite under TRAPPA_HOME, or TRAPPA_DATABASE_URL)."""
    return store.open_url(settings.resolved_database_url)


def open_url(url: str) -> Database:
    """The same for an explicit URL (tests, benchmarks, a copy of a database)."""
    return store.open_url(url)


def reachable(db: Database) -> bool:
    """Whether the database answers now (for /helse and the load balancer in front of the site)."""
    try:
        db.rows("SELECT 1")
    except error_types():
        return False
    return True


def error_types() -> tuple[type[Exception], ...]:
    """The database's own errors, for a web page that answers them itself (503 when the database is away)."""
    from sqlalchemy.exc import SQLAlchemyError

    return (SQLAlchemyError, sqlite3.Error)


def is_outage(exc: BaseException) -> bool:
    """An error that means the database is away (restarting, unreachable), not that a request was wrong."""
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    if isinstance(exc, sqlite3.OperationalError):  # a plain read of a SQLite file that is not there
        return True
    return isinstance(exc, OperationalError | InterfaceError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )
