"""The database handle every service takes, opened once from the settings."""

from __future__ import annotations

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from trappa.settings import Settings
from trappa.store.db import make_engine, migrate

# The handle is SQLAlchemy's engine; shells hold it without knowing that.
Database = Engine


def open_database(settings: Settings) -> Database:
    """Connect and bring the schema up to date (SQLite under TRAPPA_HOME, or TRAPPA_DATABASE_URL)."""
    engine = make_engine(settings.resolved_database_url)
    migrate(engine)
    return engine


def open_url(url: str) -> Database:
    """The same for an explicit URL (tests, benchmarks, a copy of a database)."""
    engine = make_engine(url)
    migrate(engine)
    return engine


def reachable(db: Database) -> bool:
    """Whether the database answers now (for /helse and the load balancer in front of the site)."""
    try:
        with db.connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True


def error_types() -> tuple[type[Exception], ...]:
    """The database's own errors, for a web page that answers them itself (503 when the database is away)."""
    from sqlalchemy.exc import SQLAlchemyError

    return (SQLAlchemyError,)


def is_outage(exc: BaseException) -> bool:
    """An error that means the database is away (restarting, unreachable), not that a request was wrong."""
    from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

    return isinstance(exc, OperationalError | InterfaceError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    )
