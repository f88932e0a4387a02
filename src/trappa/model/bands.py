"""Age bands (aldersgrupper) for coverage rates: configurable, default 0–66, 67–79, 80–84, 85–89, 90+."""

from __future__ import annotations

import re

import polars as pl

from trappa.errors import TrappaError

DEFAULT_BANDS = ("0-66", "67-79", "80-84", "85-89", "90+")
MAX_AGE = 130


def bands_frame(bands: tuple[str, ...] | list[str] = DEFAULT_BANDS) -> pl.DataFrame:
    """band, age_from, age_to; bands must cover ages 0 and up without gaps or overlaps."""
    rows = []
    for band in bands:
        m = re.fullmatch(r"\s*(\d{1,3})\s*[-–]\s*(\d{1,3})\s*|\s*(\d{1,3})\s*\+\s*", band)
        if not m:
            raise TrappaError(f"Aldersgruppa «{band}» kan ikkje lesast. Skriv til dømes 0-66 eller 90+.")
        low, high = (int(m.group(1)), int(m.group(2))) if m.group(1) else (int(m.group(3)), MAX_AGE)
        rows.append((f"{low}-{high}" if m.group(1) else f"{low}+", low, high))
    rows.sort(key=lambda r: r[1])
    expected = 0
    for label, low, high in rows:
        if low != expected or high < low:
            raise TrappaError(f"Aldersgruppene må dekkje alle aldrar utan hol eller overlapp; sjå «{label}».")
        expected = high + 1
    if expected <= MAX_AGE:
        raise TrappaError("Den eldste aldersgruppa må vere open oppover, til dømes 90+.")
    return pl.DataFrame(rows, schema={"band": pl.Utf8, "age_from": pl.Int64, "age_to": pl.Int64}, orient="row")


def band_of(age: pl.Expr, bands: pl.DataFrame) -> pl.Expr:
    """The band label an age falls in."""
    expr = pl.lit(None, pl.Utf8)
    for label, low, high in bands.iter_rows():
        expr = pl.when(age.is_between(low, high)).then(pl.lit(label)).otherwise(expr)
    return expr
