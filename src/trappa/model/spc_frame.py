"""SPC for many series at once: the rules of `trappa.model.spc` as Polars window expressions.

The måltavle charts every KPI of every unit each month; a loop over hundreds of thousands of short
series in Python is too slow, so this computes the same limits, rules and signals for a long table
(one row per series and period, in period order) in one pass. Limits come from all the points of each
series, as in NHSRplotthedots by default. `tests/test_spc.py` holds the two implementations to the
same answers.
"""

from __future__ import annotations

import polars as pl

from trappa.model.spc import LIMIT, RUN, SCREEN


def _same(k: int) -> str:
    return f"__same{k}"


def _shifted(expr: pl.Expr, series: str, k: int) -> pl.Expr:  # noqa: ARG001 - the masks name the series
    """``expr`` k rows back (k > 0) or ahead (k < 0) within the same series; null across a boundary.

    The table is sorted by series, so a plain shift masked where the series changes (the ``__same``
    columns, computed once) does what a window shift would, many times faster than ``shift().over()``.
    """
    return pl.when(pl.col(_same(k))).then(expr.shift(k))


def _any_of_next(flag: pl.Expr, length: int = RUN) -> pl.Expr:
    """True where the flag is set here or on any of the next ``length`` − 1 points.

    Only the last point of a run is flagged, and a run lies inside one series, so marking back from
    it never reaches into the series before: no mask is needed.
    """
    return flag.cast(pl.Int8).reverse().rolling_max(length, min_samples=1).reverse() == 1


def _all_of_last(condition: pl.Expr, length: int) -> pl.Expr:
    """True where the condition held on this point and the ``length`` − 1 points before it.

    Every condition used here is false on the first point of a series (it compares with the point
    before), so a run of true values never spans two series.
    """
    return (condition.cast(pl.Int8).rolling_sum(length) == length).fill_null(False)


def spc_frame(
    frame: pl.DataFrame, *, series: str = "series", value: str = "value", improvement: int = 0
) -> pl.DataFrame:
    """Add centre, lower, upper, the four rule columns and ``signal`` to a long table of series.

    ``frame`` must be sorted by ``series`` and period. ``improvement`` is 1 (up), −1 (down) or 0.
    ``signal`` is «none», «improvement», «concern» or «neither».
    """
    v = pl.col(value)
    steps = [-2, -1, 1, 2]
    frame = frame.with_columns(
        *((pl.col(series) == pl.col(series).shift(k)).fill_null(False).alias(_same(k)) for k in steps)
    )
    mr = (v - _shifted(v, series, 1)).abs()
    out = frame.with_columns(v.mean().over(series).alias("centre"), mr.alias("__mr"))
    out = out.with_columns(pl.col("__mr").mean().over(series).alias("__amr"))
    screened = pl.when(pl.col("__mr") < SCREEN * pl.col("__amr")).then(pl.col("__mr"))
    out = out.with_columns(screened.mean().over(series).fill_null(pl.col("__amr")).fill_null(0.0).alias("__amr"))
    out = out.with_columns(
        (pl.col("centre") - LIMIT * pl.col("__amr")).alias("lower"),
        (pl.col("centre") + LIMIT * pl.col("__amr")).alias("upper"),
    )
    side = pl.when(v > pl.col("centre")).then(1).when(v < pl.col("centre")).then(-1).otherwise(0)
    near = (
        (v >= pl.col("lower"))
        & (v <= pl.col("upper"))
        & (
            (v > pl.col("centre") + 2 * LIMIT * pl.col("__amr") / 3)
            | (v < pl.col("centre") - 2 * LIMIT * pl.col("__amr") / 3)
        )
    )
    out = out.with_columns(side.alias("__side"), near.alias("__near"), (v - _shifted(v, series, 1)).alias("__step"))
    s, n = pl.col("__side"), pl.col("__near")
    same_side_ends = _all_of_last(((s != 0) & (s == _shifted(s, series, 1))).fill_null(False), RUN - 1)
    rising = _all_of_last((pl.col("__step") > 0).fill_null(False), RUN - 1)
    falling = _all_of_last((pl.col("__step") < 0).fill_null(False), RUN - 1)
    nearby = n.cast(pl.Int32) + _shifted(n, series, -1).cast(pl.Int32) + _shifted(n, series, -2).cast(pl.Int32)
    sided = (s + _shifted(s, series, -1) + _shifted(s, series, -2)).abs()
    out = out.with_columns(((nearby >= 2) & (sided == 3)).fill_null(False).alias("__window"))
    w = pl.col("__window")
    in_window = w | _shifted(w, series, 1).fill_null(False) | _shifted(w, series, 2).fill_null(False)
    out = out.with_columns(
        ((v > pl.col("upper")) | (v < pl.col("lower"))).alias("beyond_limits"),
        _any_of_next(rising | falling).alias("trend"),
        (n & in_window).alias("two_of_three"),
        _any_of_next(same_side_ends).alias("shift"),
    )
    flagged = pl.col("beyond_limits") | pl.col("trend") | pl.col("two_of_three") | pl.col("shift")
    direction = (
        pl.lit("neither")
        if improvement == 0
        else pl.when(s == improvement).then(pl.lit("improvement")).otherwise(pl.lit("concern"))
    )
    signal = pl.when(flagged).then(direction).otherwise(pl.lit("none")).alias("signal")
    scratch = ["__mr", "__amr", "__side", "__near", "__step", "__window", *(_same(k) for k in steps)]
    return out.with_columns(signal).drop(scratch)
