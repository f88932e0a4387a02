"""The database handle every service takes (`trappa.store.db.Database`), opened once per command or server."""

from __future__ import annotations

import sqlite3

from trappa.store import db as store

Database = store.Database


def open_url(url: str) -> Database:
    """Connect and bring the schema up to date (the URL from `trappa.home.database_url`, or given)."""
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
