"""The exact øre split as it was before its fast path (groups of one row kept whole, weights summed
after one sort): the reference the fast split is held to, to the øre, in tests/test_profile.py."""

from __future__ import annotations

import polars as pl

from trappa.model.sums import exact_sum


def reference_split(frame: pl.DataFrame, group: list[str], value: str, weight: str) -> pl.DataFrame:
    """Split ``value`` (Int64) within each ``group`` in proportion to ``weight``.

    Rows of one group carry the same ``value`` (the amount to split) and their own
    ``weight``; the result replaces ``value`` by each row's exact part.
    """
    if frame.is_empty() or not (frame[value] != 0).any():
        return frame  # nothing to split (no budget given, say): every part is 0, as the amounts are
    total_weight = exact_sum(weight).over(group)  # the same to the last bit in any row order
    ideal = pl.col(value).cast(pl.Float64) * pl.col(weight) / total_weight
    base = ideal.floor().cast(pl.Int64)
    out = frame.with_columns(ideal.alias("__ideal"), base.alias("__base")).with_columns(
        (pl.col(value) - pl.col("__base").sum().over(group)).alias("__left"),
        (pl.col("__ideal") - pl.col("__base")).alias("__frac"),
    )
    # One sort ranks every group's rows: largest remainder first, ties by the rows' own content
    # (every other column, in order), never by their order: the same data in any order gives the
    # same øre to the same rows.
    others = [c for c in frame.columns if c != value]
    ranked = (
        out.with_row_index("__row")
        .sort([*group, "__frac", *others], descending=[False] * len(group) + [True] + [False] * len(others))
        .with_row_index("__at")
    )
    rank = pl.col("__at") - pl.col("__at").min().over(group) + 1
    # __left can be negative only through float error in floor(); both cases are handled.
    extra = (
        pl.when(pl.col("__left") >= 0)
        .then((rank <= pl.col("__left")).cast(pl.Int64))
        .otherwise(-(rank <= -pl.col("__left")).cast(pl.Int64))
    )
    return (
        ranked.with_columns((pl.col("__base") + extra).alias(value))
        .sort("__row")  # back in the order the rows came
        .drop("__row", "__at", "__ideal", "__base", "__left", "__frac")
    )
