"""Importing the municipality's files: read and check against the contract, store atomically, log who did it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from trappa.errors import InputFileError, Problem, TrappaError
from trappa.ingest.contracts import CONTRACTS, read_kind
from trappa.ingest.isolated import read_apart
from trappa.ingest.population import read_population
from trappa.report.formatting import count
from trappa.services import audit
from trappa.services.database import Database
from trappa.store.read import load_table
from trappa.store.repository import ImportResult, file_hash, import_history, store_import

KINDS = tuple(CONTRACTS)
__all__ = ["KINDS", "ImportResult", "history", "import_file", "import_population", "kind_titles"]


def kind_titles() -> dict[str, str]:
    """Each kind of file with the title users know it by (rekneskap, årsverk …)."""
    return {k: c.title for k, c in CONTRACTS.items()}


def import_file(
    db: Database,
    actor: str | None,
    kind: str,
    path: Path,
    *,
    year: int | None = None,
    display_name: str | None = None,
    progress: Callable[[int], None] | None = None,
    apart: bool | None = None,
    checked: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import one file, all or nothing; refused files are logged with the number of problems.

    ``apart`` reads the file in a process of its own under a memory ceiling (:mod:`trappa.ingest.isolated`):
    always for Excel files, whose Rust reader can abort the process, and for every file on the web
    (the server must not wait or die); a CSV of up to 20 MB on the command line is read here, which is faster.
    ``checked`` hears the number of rows once the file is read and checked, before they are stored.
    """
    name = display_name or path.name
    target = f"{kind}: {name}"
    try:
        result = _import(db, kind, path, name, year, progress, _apart(path) if apart is None else apart, checked)
    except InputFileError as exc:
        audit.record(db, actor, "import", target, "refused", count(len(exc.problems), "feil"))
        raise
    except TrappaError as exc:
        audit.record(db, actor, "import", target, "failed", str(exc)[:300])
        raise
    detail = "same innhald som før" if result.unchanged else count(result.rows, "rad")
    audit.record(db, actor, "import", target, "ok", detail)
    return result


# A text file larger than this is read in a process of its own on the command line too, so the memory
# ceiling holds for it (a small one is read here: a fork costs more than reading it).
APART_FROM_BYTES = 20_000_000


def _apart(path: Path) -> bool:
    """Whether the file is read in a process of its own: an Excel workbook (a zip) always, a large text file."""
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"PK\x03\x04" or path.stat().st_size > APART_FROM_BYTES
    except OSError:
        return False


def prepare_reading() -> None:
    """Have the reading process ready before the first upload (the web server calls this as it starts)."""
    from trappa.ingest.isolated import warm

    warm()


def _import(
    db: Database,
    kind: str,
    path: Path,
    name: str,
    year: int | None,
    progress: Callable[[int], None] | None,
    apart: bool,
    checked: Callable[[int], None] | None = None,
) -> ImportResult:
    if kind not in CONTRACTS:
        raise TrappaError(f"Ukjend filtype «{kind}». Vel ein av: {', '.join(KINDS)}.")
    contract = CONTRACTS[kind]
    frame = read_apart(read_kind, kind, path, name, name=name) if apart else read_kind(kind, path, name)
    if year is not None and contract.by_year:
        other = frame.filter(pl.col("year") != year)
        if other.height:
            raise InputFileError(
                name,
                [
                    Problem(
                        name,
                        int(r),
                        "år",
                        f"rada gjeld eit anna år enn {year}",
                        f"ta rada ut av fila, eller importer fila for alle åra ho har (ikkje berre {year})",
                        None if contract.sensitive else str(y),
                    )
                    for r, y in other.select("source_row", "year").iter_rows()
                ],
            )
    _check_units_exist(db, kind, frame, name)
    if checked:
        checked(frame.height)
    return store_import(db, kind, frame.drop("source_row"), file_name=name, sha256=file_hash(path), progress=progress)


def _check_units_exist(db: Database, kind: str, frame: pl.DataFrame, name: str) -> None:
    """A file that names units (decisions, delivered hours, sickness absence) may name only stored units."""
    if kind not in ("decisions", "delivered_hours", "sickness_absence") or frame["unit"].null_count() == frame.height:
        return
    known = set(load_table(db, "units")["unit"].to_list())
    unknown = frame.filter(pl.col("unit").is_not_null() & ~pl.col("unit").is_in(list(known)))
    if unknown.is_empty():
        return
    fix = (
        "skriv namnet slik det står i einingsfila, eller legg eininga til der"
        if known
        else "importer einingane først (filtypen units), så denne fila"
    )
    label = CONTRACTS[kind].column("unit").label
    raise InputFileError(
        name,
        [
            Problem(name, int(r), label, f"eininga «{u}» finst ikkje", fix, None if CONTRACTS[kind].sensitive else u)
            for r, u in unknown.select("source_row", "unit").iter_rows()
        ],
    )


def import_population(
    db: Database, actor: str | None, path: Path, *, display_name: str | None = None, apart: bool | None = None
) -> ImportResult:
    """A Statistikkbanken export of population or projection (any of its CSV dialects, or XLSX)."""
    name = display_name or path.name
    try:
        isolate = _apart(path) if apart is None else apart
        frame = read_apart(read_population, path, name, name=name) if isolate else read_population(path, name)
        result = store_import(db, "population", frame, file_name=name, sha256=file_hash(path))
    except TrappaError as exc:
        audit.record(db, actor, "import", f"population: {name}", "refused", str(exc)[:300])
        raise
    audit.record(db, actor, "import", f"population: {name}", "ok", count(result.rows, "rad"))
    return result


def store_population(db: Database, actor: str | None, frame: pl.DataFrame, source: str) -> ImportResult:
    """Population fetched from SSB (or made by the demo), recorded as an import of its own."""
    digest = hashlib.sha256(frame.sort(frame.columns).write_csv().encode()).hexdigest()
    result = store_import(db, "population", frame, file_name=source, sha256=digest)
    audit.record(db, actor, "import", f"population: {source}", "ok", count(result.rows, "rad"))
    return result


def store_frame(db: Database, kind: str, frame: pl.DataFrame, *, source: str) -> ImportResult:
    """A table made inside trappa (the mapping editor's result) stored as an import, so it shows in the history.

    The caller writes the audit entry: it knows what the person changed.
    """
    digest = hashlib.sha256(frame.sort(frame.columns, nulls_last=True).write_csv().encode()).hexdigest()
    return store_import(db, kind, frame, file_name=source, sha256=digest)


def history(db: Database) -> list[dict[str, Any]]:
    """Every import, newest first."""
    frame = import_history(db)
    return frame.to_dicts() if frame.height else []
