"""Import a file: read and check it against its contract, then store it atomically."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from trappa.errors import InputFileError, Problem, TrappaError
from trappa.ingest.contracts import CONTRACTS, read_contract
from trappa.store.repository import ImportResult, file_hash, store_import

KINDS = tuple(CONTRACTS)


def import_file(
    engine: Engine,
    kind: str,
    path: Path,
    *,
    year: int | None = None,
    display_name: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    if kind not in CONTRACTS:
        raise TrappaError(f"Ukjend filtype «{kind}». Vel ein av: {', '.join(KINDS)}.")
    contract = CONTRACTS[kind]
    name = display_name or path.name
    frame = read_contract(path, contract, display_name=name)
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
                        "ta rada ut av fila, eller importer utan --year",
                        None if contract.sensitive else str(y),
                    )
                    for r, y in other.select("source_row", "year").iter_rows()
                ],
            )
    return store_import(
        engine, kind, frame.drop("source_row"), file_name=name, sha256=file_hash(path), progress=progress
    )


def import_population(engine: Engine, path: Path, *, display_name: str | None = None) -> ImportResult:
    """A Statistikkbanken export of population or projection (any of its CSV dialects, or XLSX)."""
    from trappa.ingest.population import read_population

    name = display_name or path.name
    frame = read_population(path, display_name=name)
    return store_import(engine, "population", frame, file_name=name, sha256=file_hash(path))


def store_population(engine: Engine, frame: pl.DataFrame, source: str) -> ImportResult:
    """Population fetched from SSB (or made by the demo), recorded as an import of its own."""
    import hashlib

    digest = hashlib.sha256(frame.sort(frame.columns).write_csv().encode()).hexdigest()
    return store_import(engine, "population", frame, file_name=source, sha256=digest)
