"""SPC for many series at once: the rules of `trappa.model.spc` over one long table.

The måltavle charts every KPI of every unit each month; a loop over hundreds of thousands of short
series in Python is too slow, so this computes the same limits, rules and signals for a long table
(one row per series and period, in period order) with array operations over the whole table: sums
per segment with ``bincount``, runs with cumulative sums. Window expressions in Polars (``over``)
took twice as long for the benchmark's 16 million points. A segment is a series, or the part of it
after a re-base; its limits come from all its points, as in NHSRplotthedots by default, or from its
first ``baseline`` points. `tests/test_spc.py` holds the two implementations to the same answers.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from trappa.model.spc import LIMIT, RUN, SCREEN

SIGNALS = ["none", "improvement", "concern", "neither"]


def _segment_starts(frame: pl.DataFrame, series: str, segment: str | None) -> np.ndarray:
    """True on the first row of every segment: where the series, or its segment, changes."""
    keys = [series] if segment is None else [series, segment]
    start = np.zeros(frame.height, dtype=bool)
    if frame.height:
        start[0] = True
    for key in keys:
        col = frame[key].to_numpy()
        start[1:] |= col[1:] != col[:-1]
    return start


def _back(flags: np.ndarray, k: int) -> np.ndarray:
    """``flags`` moved k rows later: row i holds what row i − k held (False before the start)."""
    out = np.zeros_like(flags)
    out[k:] = flags[:-k]
    return out


def _ahead(flags: np.ndarray, k: int) -> np.ndarray:
    """``flags`` moved k rows earlier: row i holds what row i + k held (False past the end)."""
    out = np.zeros_like(flags)
    out[:-k] = flags[k:]
    return out


def _runs_ending(condition: np.ndarray, length: int) -> np.ndarray:
    """True where ``condition`` held on this row and the ``length`` − 1 rows before it.

    Doubling: runs of 2, 4, … by AND with a shifted copy, so a handful of passes over bytes instead of
    a cumulative sum. Every condition passed here is false on the first row of a segment (it
    compares with the row before), so a run never spans two segments.
    """
    run, covered = condition, 1
    while covered < length:
        k = min(covered, length - covered)
        run = run & _back(run, k)
        covered += k
    return run


def _mark_back(ends: np.ndarray, length: int = RUN) -> np.ndarray:
    """A run that ends at i marks i and the ``length`` − 1 rows before it (all in its segment)."""
    marked, covered = ends, 1
    while covered < length:
        k = min(covered, length - covered)
        marked = marked | _ahead(marked, k)
        covered += k
    return marked


CHUNK = 1 << 18  # rows per pass: scratch arrays stay in cache and their memory is reused


def spc_frame(
    frame: pl.DataFrame,
    *,
    series: str = "series",
    value: str = "value",
    improvement: int = 0,
    segment: str | None = None,
    baseline: int | None = None,
    chunk: int = CHUNK,
) -> pl.DataFrame:
    """Add centre, lower, upper, the four rule columns and ``signal`` to a long table of series.

    ``frame`` must be sorted by ``series`` and period. ``segment`` names a column that changes where
    a re-base starts a new segment; ``baseline`` fixes the limits of each series' first segment from
    its first N points.
    ``improvement`` is 1 (up), −1 (down) or 0. ``signal`` is «none», «improvement», «concern» or
    «neither».
    """
    v = frame[value].to_numpy().astype(np.float64, copy=False)
    n = v.size
    new_series = _segment_starts(frame, series, None)
    start = new_series if segment is None else _segment_starts(frame, series, segment)
    out = _Out(n)
    # whole segments per chunk, so no rule looks across a chunk's edge; fresh memory is slow to touch
    # on a virtual machine, so the chunks' scratch is freed and reused instead of 16 million rows at once
    first = np.flatnonzero(start)
    edges = np.unique(first[np.searchsorted(first, np.arange(0, n, chunk), side="right") - 1])
    for lo, hi in zip(edges, [*edges[1:], n], strict=False):
        _chunk(v[lo:hi], start[lo:hi], new_series[lo:hi], out, slice(lo, hi), improvement, baseline)
    signal = pl.Series("signal", SIGNALS, dtype=pl.Enum(SIGNALS)).gather(out.code)
    return frame.with_columns(
        pl.Series("centre", out.centre),
        pl.Series("lower", out.lower),
        pl.Series("upper", out.upper),
        pl.Series("beyond_limits", out.beyond),
        pl.Series("trend", out.trend),
        pl.Series("two_of_three", out.two_of_three),
        pl.Series("shift", out.shift),
        signal,
    )


class _Out:
    """The result columns, filled chunk by chunk."""

    def __init__(self, n: int) -> None:
        self.centre, self.lower, self.upper = np.empty(n), np.empty(n), np.empty(n)
        self.beyond, self.trend = np.empty(n, dtype=bool), np.empty(n, dtype=bool)
        self.two_of_three, self.shift = np.empty(n, dtype=bool), np.empty(n, dtype=bool)
        self.code = np.empty(n, dtype=np.int8)  # index into SIGNALS


def _chunk(
    v: np.ndarray,
    start: np.ndarray,
    new_series: np.ndarray,
    out: _Out,
    rows: slice,
    improvement: int,
    baseline: int | None,
) -> None:
    """Limits, rules and signal codes for whole segments ``v`` (``start`` marks each one's first row).

    A baseline fixes the limits of the first segment of a series only, as `trappa.model.spc.chart`
    does: a later segment starts after a re-base, when the process has changed.
    """
    n = v.size
    first = np.flatnonzero(start)
    lengths = np.diff(np.append(first, n))

    def spread(per_segment: np.ndarray) -> np.ndarray:
        """One value per segment onto each of its rows (a repeat is cheaper than an index)."""
        return np.repeat(per_segment, lengths)

    if baseline:
        in_base = (np.arange(n) - spread(first) < baseline) | spread(~new_series[first])
    else:
        in_base = np.ones(n, dtype=bool)

    def mean_where(weights: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The mean of ``weights`` over the rows of each segment where ``mask`` holds; NaN where none do."""
        counts = np.add.reduceat(mask.astype(np.int32), first)
        sums = np.add.reduceat(np.where(mask, weights, 0.0), first)
        with np.errstate(invalid="ignore", divide="ignore"):
            return sums / counts

    step = np.zeros(n)
    np.subtract(v[1:], v[:-1], out=step[1:])
    step[start] = 0.0
    mr = np.abs(step)
    has_mr = ~start & in_base
    amr = mean_where(mr, has_mr)
    screened = mean_where(mr, has_mr & (mr < SCREEN * spread(amr)))
    amr = np.where(np.isnan(screened), np.nan_to_num(amr, nan=0.0), screened)

    centre = out.centre[rows]
    centre[:] = spread(mean_where(v, in_base))
    width = spread(LIMIT * amr)
    lower, upper = out.lower[rows], out.upper[rows]
    np.subtract(centre, width, out=lower)
    np.add(centre, width, out=upper)
    # np.sign is slow on floats (it minds NaN); two comparisons give the same −1, 0, +1
    side = (v > centre).astype(np.int8) - (v < centre)
    sigma2 = 2 * width / 3
    near = (v >= lower) & (v <= upper) & ((v > centre + sigma2) | (v < centre - sigma2))

    after_first = ~start
    same_side = np.zeros(n, dtype=bool)
    same_side[1:] = (side[1:] != 0) & (side[1:] == side[:-1])
    same_side &= after_first
    rising = (step > 0) & after_first
    falling = (step < 0) & after_first
    out.trend[rows] = _mark_back(_runs_ending(rising, RUN - 1) | _runs_ending(falling, RUN - 1))
    out.shift[rows] = _mark_back(_runs_ending(same_side, RUN - 1))

    # 2 of 3: a window of three rows of one segment, all on one side, two or more of them near a limit
    window = np.zeros(n, dtype=bool)
    if n >= 3:
        whole = ~start[1:-1] & ~start[2:]
        nearby = near[:-2].astype(np.int8) + near[1:-1] + near[2:]
        sided = np.abs(side[:-2].astype(np.int16) + side[1:-1] + side[2:])
        window[:-2] = whole & (nearby >= 2) & (sided == 3)
    in_window = window.copy()
    in_window[1:] |= window[:-1]
    in_window[2:] |= window[:-2]
    out.two_of_three[rows] = near & in_window

    out.beyond[rows] = (v > upper) | (v < lower)
    flagged = out.beyond[rows] | out.trend[rows] | out.two_of_three[rows] | out.shift[rows]
    if improvement == 0:
        out.code[rows] = flagged * np.int8(3)
    else:
        out.code[rows] = flagged * np.where(side == improvement, 1, 2).astype(np.int8)
