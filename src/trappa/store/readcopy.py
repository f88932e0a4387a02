"""A columnar read copy of a SQLite file's tables (lesekopi), kept beside the file.

SQLite hands rows to Python one value at a time: a year of a national data set (500 000 account
lines, 230 000 decisions) takes about three seconds to read that way, the same rows from Parquet a
tenth of a second. So what a table read gives is also written, per table and year, as Parquet in a
folder beside the database file (``trappa.sqlite.lesekopi/``), and read from there the next time.

A copy is used only while the imports it was made from are the ones in force: its name carries a key
made of the active imports of its table (number, content hash, rows, time), read in the same
statement before the rows and again after. An import, a replaced import or an emptied database gives
a new key, and the table is read from the database again; a copy that cannot be read is read from the
database too. Only file databases have a copy; PostgreSQL reads through ADBC (:mod:`trappa.store.arrow`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import polars as pl

from trappa.store.db import Database

SUFFIX = ".lesekopi"


def folder(db: Database) -> Path | None:
    """Where the copies of this database lie: beside a SQLite file; None for any other database."""
    return None if db.file is None else Path(db.file).with_name(Path(db.file).name + SUFFIX)


_KEY_SQL = (
    'SELECT "id", "sha256", "row_count", "imported_at" FROM "imports" '
    'WHERE "kind" = :kind AND "status" = \'active\' ORDER BY "id"'
)


def key(db: Database, kind: str) -> str:
    """What the stored rows of ``kind`` come from: the active imports of that kind, as one short hash."""
    rows = db.rows(_KEY_SQL, {"kind": kind})
    return hashlib.sha256(repr([tuple(map(str, r)) for r in rows]).encode()).hexdigest()[:20]


def through(db: Database, kind: str, year: int | None, load: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    """``load()``'s table, from the copy where one made from the same imports exists; else loaded, and
    kept for next time."""
    place = folder(db)
    if place is None:
        return load()
    before = key(db, kind)
    name = f"{kind}-{'alle' if year is None else year}"
    path = place / f"{name}-{before}.parquet"
    if path.exists():
        try:
            return pl.read_parquet(path)
        except (OSError, pl.exceptions.PolarsError):
            pass  # damaged or half there: read the database, and write it again
    frame = load()
    if key(db, kind) == before:  # an import between the two reads: these rows may be from either
        _write(frame, path, name)
    return frame


def kept(db: Database, name: str, make: Callable[[], str]) -> str:
    """A small document made from the data (``make()``), kept beside the copies as ``name``: the name
    must say everything the document comes from (a hash of its source), as nothing else is checked."""
    place = folder(db)
    if place is None:
        return make()
    path = place / name
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        pass  # not made yet (or damaged): made, and kept for next time
    text = make()
    _replace(path, lambda part: part.write_text(text, "utf-8"))  # not written: made every time
    return text


def forget(db: Database, name: str) -> None:
    """Remove one kept document (found damaged by its reader)."""
    place = folder(db)
    if place is not None:
        (place / name).unlink(missing_ok=True)


def _write(frame: pl.DataFrame, path: Path, name: str) -> None:
    if not _replace(path, lambda part: frame.write_parquet(part, statistics=False)):
        return  # not written: the database is read every time, as before
    for old in path.parent.glob(f"{name}-*.parquet"):
        if old != path:
            old.unlink(missing_ok=True)


def _replace(path: Path, write: Callable[[Path], object]) -> bool:
    """``write`` a file under a name of its own, then rename it to ``path``: a reader sees the whole file
    or none. False where the folder cannot be written to."""
    try:
        path.parent.mkdir(mode=0o700, exist_ok=True)
        part = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        write(part)
        os.replace(part, path)
    except OSError:
        return False
    return True


def remove(db: Database) -> None:
    """Remove every copy (when the database is emptied: the copies hold the same data)."""
    place = folder(db)
    if place is not None:
        shutil.rmtree(place, ignore_errors=True)
