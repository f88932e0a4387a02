"""Splitting amounts by percentage keys so that not one øre is lost or made up.

Each amount is split by integer floors; the øre left over go one each to the
parts with the largest fractional remainders (the largest-remainder method).
The total of the parts is the amount, exactly, whatever the weights.
"""

from __future__ import annotations

import polars as pl


def split_exact(frame: pl.DataFrame, group: list[str], value: str, weight: str) -> pl.DataFrame:
    """Split ``value`` (Int64) within each ``group`` in proportion to ``weight``.

    Rows of one group carry the same ``value`` (the amount to split) and their own
    ``weight``; the result replaces ``value`` by each row's exact part.
    """
    if frame.is_empty() or not (frame[value] != 0).any():
        return frame  # nothing to split (no budget given, say): every part is 0, as the amounts are
    # A group of one row keeps its whole amount (its share of its own weight), as the largest-remainder
    # rule gives it; most cost centres map to one step, and only the other rows need ranking (sorting
    # all of them took a quarter of the profile at national scale).
    several = frame.select((pl.len().over(group) > 1) & (pl.col(value) != 0)).to_series().arg_true()
    if several.is_empty():
        return frame
    parts = _largest_remainder(frame[several].with_columns(several.alias("__row")), group, value, weight)
    return frame.with_columns(frame[value].scatter(parts["__row"], parts[value]))


def _largest_remainder(frame: pl.DataFrame, group: list[str], value: str, weight: str) -> pl.DataFrame:
    """``__row`` and the exact part ``value`` of each row, in the order the ranking leaves them."""
    # Each group's weights added in one fixed order (sorted by weight), the same to the last bit in any
    # row order; a plain sum over rows put in that order, where exact_sum's per-group sort cost 35 ms.
    frame = frame.sort([*group, weight])
    ideal = pl.col(value).cast(pl.Float64) * pl.col(weight) / pl.col(weight).sum().over(group)
    base = ideal.floor().cast(pl.Int64)
    out = frame.with_columns(ideal.alias("__ideal"), base.alias("__base")).with_columns(
        (pl.col(value) - pl.col("__base").sum().over(group)).alias("__left"),
        (pl.col("__ideal") - pl.col("__base")).alias("__frac"),
    )
    # One sort ranks every group's rows: largest remainder first, ties by the rows' own content
    # (every other column, in order), never by their order: the same data in any order gives the
    # same øre to the same rows.
    others = [c for c in frame.columns if c not in (value, "__row")]
    ranked = out.sort(
        [*group, "__frac", *others], descending=[False] * len(group) + [True] + [False] * len(others)
    ).with_row_index("__at")
    rank = pl.col("__at") - pl.col("__at").min().over(group) + 1
    # __left can be negative only through float error in floor(); both cases are handled.
    extra = (
        pl.when(pl.col("__left") >= 0)
        .then((rank <= pl.col("__left")).cast(pl.Int64))
        .otherwise(-(rank <= -pl.col("__left")).cast(pl.Int64))
    )
    return ranked.select("__row", (pl.col("__base") + extra).alias(value))
