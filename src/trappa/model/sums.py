"""Sums that come out the same to the last bit on every run.

Polars adds a group's floats in parallel and combines the partial sums in whatever order its
threads finish, so a total can differ in the last bit from one run to the next (seen in the
projection's low and high columns). The same data must give the same output byte for byte, so
every sum that reaches a user goes through :func:`exact_sum`: the group's values in row order,
added one after another.
"""

from __future__ import annotations

import polars as pl


def exact_sum(column: str | pl.Expr) -> pl.Expr:
    """The sum of a column within a group (``agg`` or ``over``), in row order, the same on every run."""
    expr = pl.col(column) if isinstance(column, str) else column
    # implode + list.sum keeps the group's rows in order and adds them in one thread; a plain
    # .sum() is combined from per-thread partial sums (and .sort().sum() is optimised back to it).
    return expr.implode().list.sum()
