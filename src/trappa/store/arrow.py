"""Stored rows straight into Arrow and Polars through ADBC on PostgreSQL, without a Python object per value.

Reading a year of a national data set (500 000 account lines, 230 000 decisions) through the
database's Python driver makes a tuple per row and an object per value: most of the time the profile
took. ADBC's PostgreSQL driver hands the rows over as Arrow columns (binary COPY).

Not for SQLite: its ADBC driver carries a SQLite library of its own, and two SQLite libraries in one
process do not see each other's locks. Tried here: the ADBC connection read a snapshot from before the
last commit (still in the write-ahead log), and after it closed, the next connection of the process's
own SQLite got «disk I/O error». SQLite files get a columnar read copy instead (:mod:`trappa.store.readcopy`).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from trappa.store.db import Database

Schema = dict[str, pl.DataType | type[pl.DataType]]


def read(db: Database, sql: str, schema: Schema) -> pl.DataFrame | None:
    """The rows of ``sql`` (which binds nothing) with ``schema``'s columns, or None where ADBC does not
    serve the database (or refuses the query): the caller then reads through the Python driver."""
    if db.backend != "postgresql":
        return None
    uri = "postgresql://" + db.url.split("://", 1)[1]  # libpq's own form of the URL, without the driver
    frame = _fetch(uri, sql)
    return None if frame is None else frame.select(pl.col(c).cast(d) for c, d in schema.items())


def _fetch(uri: str, sql: str) -> pl.DataFrame | None:
    # The low-level API: its stream goes to Polars through the Arrow C interface, without pyarrow.
    import adbc_driver_manager
    import adbc_driver_postgresql

    handles: list[Any] = []
    try:
        handles.append(adbc_driver_postgresql.connect(uri))
        handles.append(adbc_driver_manager.AdbcConnection(handles[0]))
        handles.append(adbc_driver_manager.AdbcStatement(handles[1]))
        handles[2].set_sql_query(sql)
        stream, _ = handles[2].execute_query()
        return pl.DataFrame(stream)
    except adbc_driver_manager.Error:
        return None
    finally:
        for handle in reversed(handles):
            handle.close()
