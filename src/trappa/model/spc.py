"""Statistical process control (SPC) as NHS England's *Making Data Count* does it.

One small function per rule, after NHSRplotthedots (the reference implementation):

- XmR (individuals) chart: centre = mean of the baseline; moving ranges of the baseline at or above
  3.267 × their mean are screened out and the mean taken again; limits = centre ± 2.66 × mean moving
  range; the «2-sigma» lines are two thirds of the way to each limit.
- p-chart for proportions: centre = Σ numerators ÷ Σ denominators of the baseline; limits
  centre ± 3 √(p(1−p)/n) for each point's own denominator, within 0 and 1.
- Special-cause rules: a point beyond a limit (strictly; a point on a limit is inside); 7 points in a
  row rising or falling (a tie breaks the run); 2 of 3 points between the 2-sigma line and the limit on
  the same side; 7 points in a row on one side of the centre (a point on it breaks the run). Every point
  of a run is labelled, as NHSRplotthedots does.
- A re-base starts a new segment with its own limits and rules. A segment of fewer than 12 points has
  trial limits.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

LIMIT = 2.66  # 3 / d2 (1.128) for moving ranges of two points
SCREEN = 3.267  # D4 for moving ranges of two points: ranges at or above D4 × mean are left out
RUN = 7
TRIAL_BELOW = 12

Improvement = Literal["up", "down", "neutral"]
Signal = Literal["none", "improvement", "concern", "neither"]
RULES = ("beyond_limits", "trend", "two_of_three", "shift")


@dataclass(frozen=True)
class Point:
    period: str
    value: float
    centre: float
    lower: float
    upper: float
    signal: Signal = "none"
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chart:
    """An SPC chart: its points, what the last point says, and whether a target is met."""

    points: list[Point]
    variation: Literal["common_cause", "improvement", "concern", "neither"]
    assurance: Literal["pass", "fail", "hit_or_miss"] | None
    trial_limits: bool
    baseline_points: int
    segments: list[int] = field(default_factory=list)  # index of the first point of each segment


# -- limits --------------------------------------------------------------------------------------


def moving_ranges(values: Sequence[float]) -> list[float]:
    return [abs(b - a) for a, b in zip(values, values[1:], strict=False)]


def mean_moving_range(values: Sequence[float], *, screen: bool = True) -> float:
    """Mean moving range, with ranges at or above 3.267 × the mean left out before it is taken again."""
    ranges = moving_ranges(values)
    if not ranges:
        return 0.0
    amr = sum(ranges) / len(ranges)
    if screen:
        kept = [r for r in ranges if r < SCREEN * amr]
        amr = sum(kept) / len(kept) if kept else amr
    return amr


def xmr_limits(baseline: Sequence[float]) -> tuple[float, float, float]:
    """(centre, lower, upper) of an individuals chart from its baseline values."""
    centre = sum(baseline) / len(baseline)
    amr = mean_moving_range(baseline)
    return centre, centre - LIMIT * amr, centre + LIMIT * amr


# -- rules (each returns, per point, whether the point is part of a signal) --------------------------


def beyond_limits(values: Sequence[float], lower: Sequence[float], upper: Sequence[float]) -> list[bool]:
    return [v > u or v < lo for v, lo, u in zip(values, lower, upper, strict=True)]


def _spread_back(ends: list[bool], length: int = RUN) -> list[bool]:
    """A run that ends at i marks i and the length − 1 points before it."""
    marked = [False] * len(ends)
    for i, end in enumerate(ends):
        if end:
            for j in range(max(0, i - length + 1), i + 1):
                marked[j] = True
    return marked


def trend(values: Sequence[float], length: int = RUN) -> list[bool]:
    """Points in a run of ``length`` strictly rising or strictly falling values."""
    ends = [False] * len(values)
    for i in range(length - 1, len(values)):
        steps = [values[j + 1] - values[j] for j in range(i - length + 1, i)]
        ends[i] = all(s > 0 for s in steps) or all(s < 0 for s in steps)
    return _spread_back(ends, length)


def sides(values: Sequence[float], centre: Sequence[float]) -> list[int]:
    """+1 above the centre, −1 below, 0 on it."""
    return [(v > c) - (v < c) for v, c in zip(values, centre, strict=True)]


def shift(values: Sequence[float], centre: Sequence[float], length: int = RUN) -> list[bool]:
    """Points in a run of ``length`` on the same side of the centre; a point on the centre breaks it."""
    side = sides(values, centre)
    ends = [False] * len(values)
    for i in range(length - 1, len(values)):
        window = side[i - length + 1 : i + 1]
        ends[i] = window[0] != 0 and all(s == window[0] for s in window)
    return _spread_back(ends, length)


def near_limits(
    values: Sequence[float],
    centre: Sequence[float],
    lower: Sequence[float],
    upper: Sequence[float],
) -> list[bool]:
    """Points beyond the 2-sigma line (two thirds of the way to a limit) but not beyond the limit."""
    near = []
    for v, c, lo, u in zip(values, centre, lower, upper, strict=True):
        inside = lo <= v <= u
        near.append(inside and (v > c + 2 * (u - c) / 3 or v < c - 2 * (c - lo) / 3))
    return near


def two_of_three(
    values: Sequence[float], centre: Sequence[float], lower: Sequence[float], upper: Sequence[float]
) -> list[bool]:
    """Points near a limit that are 2 of 3 consecutive points near a limit, all three on the same side."""
    near = near_limits(values, centre, lower, upper)
    side = sides(values, centre)
    marked = [False] * len(values)
    for start in range(len(values) - 2):
        window = range(start, start + 3)
        same_side = abs(sum(side[j] for j in window)) == 3
        if same_side and sum(near[j] for j in window) >= 2:
            for j in window:
                marked[j] = marked[j] or near[j]
    return marked


# -- the chart -----------------------------------------------------------------------------------


def _signal(side: int, improvement: Improvement) -> Signal:
    if improvement == "neutral":
        return "neither"
    wanted = 1 if improvement == "up" else -1
    return "improvement" if side == wanted else "concern"


def _segments(n: int, rebases: Sequence[int]) -> list[tuple[int, int]]:
    starts = sorted({0, *(r for r in rebases if 0 < r < n)})
    return [(s, e) for s, e in zip(starts, [*starts[1:], n], strict=True)]


def chart(
    periods: Sequence[str],
    values: Sequence[float],
    *,
    improvement: Improvement = "neutral",
    target: float | None = None,
    baseline: int | None = None,
    rebases: Sequence[int] = (),
    denominators: Sequence[float] | None = None,
    fixed: Sequence[int] = (),
) -> Chart:
    """An XmR chart, or a p-chart when ``denominators`` are given (``values`` are then numerators).

    ``baseline`` fixes the limits of the first segment from its first N points; ``rebases`` are the
    indexes where a new segment starts; ``fixed`` are the indexes of the last point of a baseline a
    person has fixed (on the måltavle): the segment holding it gets its limits from its points up to
    there (the last one in a segment counts).
    """
    if len(periods) != len(values) or (denominators is not None and len(denominators) != len(values)):
        raise ValueError("periods, values and denominators must be as long as each other")
    points: list[Point] = []
    segments = _segments(len(values), rebases)
    trial = False
    baseline_points = 0
    for k, (start, end) in enumerate(segments):
        ends = [i for i in fixed if start <= i < end]
        until = (max(ends) - start + 1) if ends else (baseline if (k == 0 and baseline) else None)
        seg_values = list(values[start:end])
        base_n = min(until, len(seg_values)) if until else len(seg_values)
        trial = base_n < TRIAL_BELOW
        baseline_points = base_n
        if denominators is None:
            c, lo, u = xmr_limits(seg_values[:base_n])
            shown = seg_values
            centre, lower, upper = [c] * len(shown), [lo] * len(shown), [u] * len(shown)
        else:
            seg_den = list(denominators[start:end])
            shown, centre, lower, upper = _p_limits(seg_values, seg_den, base_n)
        rules = {
            "beyond_limits": beyond_limits(shown, lower, upper),
            "trend": trend(shown),
            "two_of_three": two_of_three(shown, centre, lower, upper),
            "shift": shift(shown, centre),
        }
        side = sides(shown, centre)
        for i, value in enumerate(shown):
            met = tuple(name for name in RULES if rules[name][i])
            signal: Signal = _signal(side[i], improvement) if met else "none"
            points.append(Point(str(periods[start + i]), value, centre[i], lower[i], upper[i], signal, met))
    last = points[-1] if points else None
    variation = "common_cause" if last is None or last.signal == "none" else last.signal
    return Chart(
        points,
        variation,  # type: ignore[arg-type]
        _assurance(last, target, improvement),
        trial,
        baseline_points,
        [s for s, _e in segments],
    )


def _p_limits(
    numerators: list[float], denominators: list[float], base_n: int
) -> tuple[list[float], list[float], list[float], list[float]]:
    if any(d <= 0 for d in denominators):
        raise ValueError("every denominator must be above 0")
    p = sum(numerators[:base_n]) / sum(denominators[:base_n])
    shown = [n / d for n, d in zip(numerators, denominators, strict=True)]
    sigma = [math.sqrt(p * (1 - p) / d) for d in denominators]
    lower = [max(0.0, p - 3 * s) for s in sigma]
    upper = [min(1.0, p + 3 * s) for s in sigma]
    return shown, [p] * len(shown), lower, upper


def _assurance(
    last: Point | None, target: float | None, improvement: Improvement
) -> Literal["pass", "fail", "hit_or_miss"] | None:
    """Against a target: pass when both limits lie on its passing side, fail when both lie on the failing side."""
    if last is None or target is None or improvement == "neutral":
        return None
    if target > last.upper:
        return "fail" if improvement == "up" else "pass"
    if target < last.lower:
        return "pass" if improvement == "up" else "fail"
    return "hit_or_miss"
