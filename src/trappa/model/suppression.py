"""Small-number suppression for anything public: counts of 1–5 persons are never shown.

Primary suppression hides every count from 1 to 5. Complementary suppression
then makes sure a hidden count cannot be worked out from a total: in any group
that is published with its total, a lone hidden cell takes the smallest other
visible non-zero cell with it. Zero is shown (no person can be identified
from nobody), and so are counts of six and more.
"""

from __future__ import annotations

import polars as pl

THRESHOLD = 5


def suppress(
    frame: pl.DataFrame, value: str, groups: list[list[str]] | None = None
) -> tuple[pl.DataFrame, list[dict[str, object]]]:
    """Replace hidden values by null in ``value`` and add ``{value}_suppressed`` (bool).

    ``groups`` lists the column sets whose totals are published (``[[]]`` = the grand total).
    Returns the frame and the totals that must be hidden too (a group whose lone hidden cell has
    no visible non-zero neighbour to hide with it), each as a dict of the group's key values.
    """
    hidden_totals: list[dict[str, object]] = []
    groups = groups if groups is not None else [[]]
    hidden = (pl.col(value) >= 1) & (pl.col(value) <= THRESHOLD)
    out = frame.with_row_index("__i").with_columns(hidden.fill_null(False).alias("__hidden"))
    changed = True
    while changed:  # hiding a cell in one group can leave a lone hidden cell in another
        changed = False
        for keys in groups:
            by: list[str | pl.Expr] = list(keys) if keys else [pl.lit(1).alias("__all")]
            lone = out.group_by(by).agg(
                pl.col("__hidden").sum().alias("n"), pl.col("__i"), pl.col(value), pl.col("__hidden")
            )
            for row in lone.filter(pl.col("n") == 1).iter_rows(named=True):
                candidates = [
                    (v, i)
                    for i, v, h in zip(row["__i"], row[value], row["__hidden"], strict=True)
                    if not h and v and v > 0
                ]
                if candidates:
                    _v, index = min(candidates)
                    out = out.with_columns(
                        pl.when(pl.col("__i") == index).then(True).otherwise(pl.col("__hidden")).alias("__hidden")
                    )
                    changed = True
                else:
                    key = {k: row[k] for k in keys}
                    if key not in hidden_totals:
                        hidden_totals.append(key)
    return out.with_columns(
        pl.when(pl.col("__hidden")).then(None).otherwise(pl.col(value)).alias(value),
        pl.col("__hidden").alias(f"{value}_suppressed"),
    ).drop("__i", "__hidden"), hidden_totals
