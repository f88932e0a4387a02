"""CSV as Excel in Norway opens it: UTF-8 with BOM, semicolon, decimal comma."""

from __future__ import annotations

import csv
import io

import polars as pl

from trappa.report.labels import LABELS, label
from trappa.report.safe_text import defuse


def to_csv(frame: pl.DataFrame, language: str = "nn", headers: list[str] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    heads = headers or [label(c, language) if c in LABELS else c for c in frame.columns]
    writer.writerow([defuse(h) or "" for h in heads])  # a heading can carry a name someone typed
    for row in frame.iter_rows():
        writer.writerow([_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float):
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return defuse(str(value)) or ""


def ore_as_kroner_text(col: str) -> pl.Expr:
    """Øre to kroner text with a decimal comma: -123456 -> '-1234,56'."""
    magnitude = pl.col(col).abs()
    return (
        pl.when(pl.col(col).is_null())
        .then(None)
        .otherwise(
            pl.concat_str(
                [
                    pl.when(pl.col(col) < 0).then(pl.lit("-")).otherwise(pl.lit("")),
                    (magnitude // 100).cast(pl.Utf8),
                    pl.lit(","),
                    (magnitude % 100).cast(pl.Utf8).str.zfill(2),
                ]
            )
        )
        .alias(col)
    )
