"""SPC charts (statistical process control, XmR and p-charts) for any series an analyst has."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trappa.errors import TrappaError
from trappa.ingest.series import read_series
from trappa.model.spc import TRIAL_BELOW, Chart, Improvement, chart

__all__ = ["Chart", "SpcReport", "chart_file"]


@dataclass(frozen=True)
class SpcReport:
    """A chart with where it came from and the recorded reasons for each re-base."""

    source: str
    improvement: Improvement
    target: float | None
    chart: Chart
    rebases: list[tuple[str, str]]  # (period, reason)


def chart_file(
    path: Path,
    *,
    improvement: Improvement = "neutral",
    target: float | None = None,
    baseline: int | None = None,
    rebases: dict[str, str] | None = None,
) -> SpcReport:
    """Read `periode`, `verdi` (and `nemnar` for a p-chart) and chart it.

    A re-base needs a reason (it is drawn and reported with it); a fixed baseline at least 12 points.
    """
    if baseline is not None and baseline < TRIAL_BELOW:
        raise TrappaError(f"Ein fast basisperiode må ha minst {TRIAL_BELOW} punkt, ikkje {baseline}.")
    series = read_series(path)
    positions = []
    for period, reason in (rebases or {}).items():
        if not reason.strip():
            raise TrappaError(f"Nytt utgangspunkt frå {period} treng ei grunngjeving: skriv {period}=GRUNN.")
        if period not in series.periods:
            raise TrappaError(
                f"Perioden {period} finst ikkje i {path.name}. Periodane går frå {series.periods[0]} til {series.periods[-1]}."
            )
        positions.append(series.periods.index(period))
    try:
        result = chart(
            series.periods,
            series.values,
            improvement=improvement,
            target=target,
            baseline=baseline,
            rebases=positions,
            denominators=series.denominators,
        )
    except ValueError as exc:
        raise TrappaError(f"{path.name}: {exc}") from None
    ordered = sorted((rebases or {}).items(), key=lambda item: series.periods.index(item[0]))
    return SpcReport(path.name, improvement, target, result, ordered)
