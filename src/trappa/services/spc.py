"""SPC charts (statistical process control, XmR and p-charts) for any series an analyst has."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from trappa.errors import TrappaError
from trappa.ingest.series import read_series
from trappa.model.spc import TRIAL_BELOW, Chart, Improvement, chart
from trappa.services.database import Database
from trappa.services.memo import Memo, no_memo

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


MEASURES = {"persons": "Personar", "decisions": "Vedtak", "decided_hours": "Vedtakstimar"}


@dataclass(frozen=True)
class StepChart:
    """One step's monthly series as an SPC chart (a tile on the måltavle and its chart page)."""

    step: int
    name: str
    measure: str
    report: SpcReport


def staircase_charts(
    db: Database, measure: str = "persons", step: int | None = None, *, memo: Memo = no_memo
) -> list[StepChart]:
    """An SPC chart per step of a monthly measure (persons, decisions or decided hours), limits from all months."""
    from trappa.services import profile, staircase

    if measure not in MEASURES:
        raise TrappaError(f"Ukjend mål «{measure}»: bruk {', '.join(MEASURES)}.")
    frame = profile.monthly(db, None, step, memo=memo)
    names = {s.number: s.name.nn for s in staircase.current(db).steps}
    charts = []
    for number in sorted(set(frame["step"].to_list())):
        rows = frame.filter(frame["step"] == number).sort("period")
        result = chart(rows["period"].to_list(), [float(v) for v in rows[measure].to_list()])
        report = SpcReport(f"{names.get(number, number)}: {MEASURES[measure].lower()}", "neutral", None, result, [])
        charts.append(StepChart(number, names.get(number, str(number)), measure, report))
    return charts
