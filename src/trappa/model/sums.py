"""Sums that come out the same to the last bit on every run.

Polars adds a group's floats in parallel and combines the partial sums in whatever order its
threads finish, so a total can differ in the last bit from one run to the next (seen in the
projection's low and high columns); and a group's rows can come in another order from one run to
the next (a group_by's output order is not fixed). The same data must give the same output byte for
byte, so every float sum that reaches a user goes through :func:`exact_sum`: the group's values
sorted, then added one after another — the same result whatever the threads or the row order.
"""

from __future__ import annotations

import polars as pl


def exact_sum(column: str | pl.Expr, *, in_row_order: bool = False) -> pl.Expr:
    """The sum of a column within a group (``agg`` or ``over``), the same on every run and in any row order.

    ``in_row_order`` adds in the order the rows come, without sorting: about four times faster, and
    the same on every run only where that order is itself fixed (the projection's frames, built
    sorted by year, step and band).
    """
    expr = pl.col(column) if isinstance(column, str) else column
    # implode + list.sum adds the group's values in one thread; a plain .sum() is combined from
    # per-thread partial sums (and .sort().sum() is optimised back to it).
    return (expr if in_row_order else expr.sort()).implode().list.sum()
