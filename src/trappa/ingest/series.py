"""A series for an SPC chart from an analyst's spreadsheet: `periode`, `verdi`, optionally `nemnar`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import polars as pl

from trappa.errors import InputFileError, Problem
from trappa.ingest.columns import normalise_label
from trappa.ingest.numbers import AMBIGUOUS_HINT, is_ambiguous_expr, number_expr
from trappa.ingest.reader import read_table

PERIOD = {"periode", "period", "månad", "maned", "måned", "month", "dato", "date"}
VALUE = {"verdi", "value", "tal", "tall"}
DENOMINATOR = {"nemnar", "nevner", "denominator"}


@dataclass(frozen=True)
class Series:
    periods: list[str]
    values: list[float]
    denominators: list[float] | None


def _find(columns: list[str], names: set[str]) -> str | None:
    return next((c for c in columns if normalise_label(c) in {normalise_label(n) for n in names}), None)


def _is_header(cells: list[str]) -> bool:
    labels = {normalise_label(c) for c in cells}
    return bool(labels & {normalise_label(n) for n in PERIOD}) and bool(labels & {normalise_label(n) for n in VALUE})


def _period(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_series(path: Path, display_name: str | None = None) -> Series:
    """Read the series; every bad cell is reported with its row and column, and nothing is used."""
    raw = read_table(path, _is_header, display_name=display_name)
    name = raw.name
    cols = raw.frame.columns
    period_col, value_col, den_col = _find(cols, PERIOD), _find(cols, VALUE), _find(cols, DENOMINATOR)
    assert period_col and value_col  # guaranteed by _is_header
    frame = raw.frame.with_columns(raw.row_numbers.alias("__row"))
    numbers = [value_col, *([den_col] if den_col else [])]
    as_text = frame.with_columns(pl.col(c).cast(pl.Utf8) for c in numbers)
    parsed = as_text.with_columns(
        *(number_expr(pl.col(c)).alias(f"__{c}") for c in numbers),
        *(is_ambiguous_expr(pl.col(c)).alias(f"__amb_{c}") for c in numbers),
    )
    problems = []
    for row in parsed.iter_rows(named=True):
        period = row[period_col]
        if period is None or not str(period).strip():
            problems.append(Problem(name, row["__row"], period_col, "perioden manglar", "skriv månaden som 2024-03"))
        for c in numbers:
            if row[f"__{c}"] is None:
                fix = AMBIGUOUS_HINT if row[f"__amb_{c}"] else "skriv eit tal, til dømes 12,5"
                problems.append(Problem(name, row["__row"], c, "verdien er ikkje eit tal", fix, row[c]))
            elif c == den_col and row[f"__{c}"] <= 0:
                problems.append(Problem(name, row["__row"], c, "nemnaren må vere over 0", "rett talet", row[c]))
    if not problems and parsed.height < 2:
        problems.append(Problem(name, None, None, "serien har færre enn to punkt", "ta med fleire periodar"))
    if problems:
        raise InputFileError(name, problems)
    return Series(
        [_period(p) for p in parsed[period_col].to_list()],
        [float(v) for v in parsed[f"__{value_col}"].to_list()],
        [float(v) for v in parsed[f"__{den_col}"].to_list()] if den_col else None,
    )
