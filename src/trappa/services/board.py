"""The måltavle (monthly board): every KPI of a unit as an SPC chart, this month's signals, measures and re-bases.

A tile per KPI with its last value, the variation and (where a target is set) the assurance; a chart per
unit and KPI with its re-bases (each with a date and a reason, never automatic) and the measures
(tiltak) drawn at their start month. Leaders see their own units (`allowed`); analysts see all and the
total. Measures have a page of their own: the KPI before and after the start, and the SPC verdict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl

from trappa.errors import TrappaError
from trappa.model.kpi_catalogue import BY_CODE, KPIS, Kpi
from trappa.model.spc import TRIAL_BELOW, Chart, Point, chart
from trappa.services import audit
from trappa.services import kpi as kpi_service
from trappa.services.database import Database
from trappa.services.memo import Memo, key, no_memo
from trappa.store import board as store

__all__ = ["BY_CODE", "KPIS", "TOTAL", "Board", "Tile", "board", "tile", "tiles"]

TOTAL = kpi_service.TOTAL
MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
STATUSES = {"planned": "planlagt", "running": "i gang", "done": "gjennomført", "stopped": "stoppa"}


@dataclass(frozen=True)
class Tile:
    """One KPI of one unit on the board, as an SPC chart."""

    unit: str
    kpi: Kpi
    chart: Chart
    target: float | None
    rebases: list[dict[str, Any]] = field(default_factory=list)
    measures: list[dict[str, Any]] = field(default_factory=list)
    baselines: list[dict[str, Any]] = field(default_factory=list)  # fixed by a person: limits from months up to

    @property
    def source(self) -> str:
        return f"{self.unit or 'Alle einingane'}: {self.kpi.nn.lower()}"

    @property
    def last(self) -> Point:
        return self.chart.points[-1]


@dataclass(frozen=True)
class Board:
    unit: str  # TOTAL for the whole sector
    units: list[str]  # the units this person may see
    tiles: list[Tile]
    signals: list[Tile]  # across every unit this person sees: the tiles whose last month is a signal
    last_period: str | None

    @property
    def missing(self) -> list[Kpi]:
        """The KPIs the unit has no monthly figures for (their data is not imported by month)."""
        shown = {t.kpi.code for t in self.tiles}
        mine = [k for k in KPIS if self.unit == TOTAL or k.scope == "unit"]  # staircase figures: the sector's
        return [k for k in mine if k.code not in shown]


def _improvement(k: Kpi) -> Literal["up", "down", "neutral"]:
    return k.direction


def _series(table: pl.DataFrame, unit: str, code: str) -> pl.DataFrame:
    columns = ["period", code] + (["absence_days", "possible_days"] if code == "sickness_absence" else [])
    return table.filter((pl.col("unit") == unit) & pl.col(code).is_not_null()).select(columns).sort("period")


def _tile(
    table: pl.DataFrame,
    unit: str,
    k: Kpi,
    rebases: list[dict[str, Any]],
    measures: list[dict[str, Any]],
    targets: dict[tuple[str, str], float],
    baselines: list[dict[str, Any]] | None = None,
) -> Tile | None:
    rows = _series(table, unit, k.code)
    if rows.height == 0:
        return None
    periods = rows["period"].to_list()
    mine = [r for r in rebases if r["unit"] == unit and r["kpi"] == k.code and r["period"] in periods]
    positions = [periods.index(r["period"]) for r in mine]
    fixed = [b for b in baselines or [] if b["unit"] == unit and b["kpi"] == k.code and b["until"] in periods]
    ends = [periods.index(b["until"]) for b in fixed]
    target = targets.get((unit, k.code))
    if k.code == "sickness_absence":  # a proportion: a p-chart whose limits follow the possible days
        result = chart(periods, rows["absence_days"].to_list(), improvement=_improvement(k), target=target,
                       rebases=positions, denominators=rows["possible_days"].to_list(), fixed=ends)  # fmt: skip
    else:
        result = chart(periods, rows[k.code].to_list(), improvement=_improvement(k), target=target, rebases=positions,
                       fixed=ends)  # fmt: skip
    drawn = [m for m in measures if (m["unit"] in (unit, None, "") or unit == TOTAL) and (m["kpi"] in (k.code, None))]
    return Tile(unit, k, result, target, mine, drawn, fixed)


def _allowed_units(db: Database, allowed: list[str] | None) -> list[str]:
    names = kpi_service.unit_names(db)
    return names if allowed is None else [n for n in names if n in allowed]


def tiles(db: Database, *, allowed: list[str] | None = None, memo: Memo = no_memo) -> list[Tile]:
    """Every tile this person sees: each KPI of each of their units (and of the total, for those who see all)."""
    # once per data version (which a change on the måltavle raises): SPC for every tile took most of each view
    return memo(key(db, "tiles", tuple(allowed) if allowed is not None else None),
                lambda: _tiles(db, allowed, memo))  # fmt: skip


def _tiles(db: Database, allowed: list[str] | None, memo: Memo) -> list[Tile]:
    units = _allowed_units(db, allowed)
    table = kpi_service.monthly_table(db, memo=memo)
    if table.is_empty():
        raise TrappaError("Ingen månadstal enno: importer rekneskap og årsverk med månad (kolonnen «periode»).")
    rebases, measures, targets, fixed = store.rebases(db), store.measures(db), store.targets(db), store.baselines(db)
    seen = ([TOTAL] if allowed is None else []) + units
    return [t for u in seen for k in KPIS if (t := _tile(table, u, k, rebases, measures, targets, fixed)) is not None]


def board(db: Database, unit: str = TOTAL, *, allowed: list[str] | None = None, memo: Memo = no_memo) -> Board:
    """The board of one unit (or, with TOTAL, the whole sector) and this month's signals across units."""
    units = _allowed_units(db, allowed)
    if unit == TOTAL and allowed is not None:
        if not units:
            raise TrappaError(
                "Du er ikkje knytt til nokon eining enno. Be ein administrator knyte deg til einingane dine."
            )
        unit = units[0]
    if unit != TOTAL and unit not in units:
        raise TrappaError(f"Eininga «{unit}» finst ikkje, eller du har ikkje tilgang til henne.")
    every = tiles(db, allowed=allowed, memo=memo)
    last = max((t.last.period for t in every), default=None)
    signals = [t for t in every if t.last.period == last and t.last.signal != "none"]
    shown = [t for t in every if t.unit == unit]
    return Board(unit, units, shown, sorted(signals, key=lambda t: (t.unit == TOTAL, t.unit, t.kpi.code)), last)


def tile(db: Database, unit: str, code: str, *, allowed: list[str] | None = None, memo: Memo = no_memo) -> Tile:
    """One unit's chart of one KPI, with its re-bases, measures and target."""
    if code not in BY_CODE:
        raise TrappaError(f"Ukjend nøkkeltal «{code}».")
    units = _allowed_units(db, allowed)
    if (unit == TOTAL and allowed is not None) or (unit != TOTAL and unit not in units):
        raise TrappaError(f"Eininga «{unit}» finst ikkje, eller du har ikkje tilgang til henne.")
    table = kpi_service.monthly_table(db, memo=memo)
    found = None if table.is_empty() else _tile(table, unit, BY_CODE[code], store.rebases(db), store.measures(db),
                                                  store.targets(db), store.baselines(db))  # fmt: skip
    if found is None:
        raise TrappaError(f"Ingen månadstal for {BY_CODE[code].nn.lower()} i {unit or 'alle einingane'}.")
    return found


def rebase(
    db: Database, actor: str | None, unit: str, code: str, period: str, reason: str, measure_id: int | None = None
) -> None:
    """Start a new segment of a chart from ``period``: allowed only with a reason; stored and drawn."""
    if not reason.strip():
        raise TrappaError("Eit nytt utgangspunkt treng ei grunngjeving: skriv kvifor prosessen har endra seg.")
    found = tile(db, unit, code)
    periods = [p.period for p in found.chart.points]
    if period not in periods[1:]:
        raise TrappaError(f"Månaden {period} er ikkje ein av månadene i diagrammet (etter den første).")
    store.add_rebase(
        db, {"unit": unit, "kpi": code, "period": period, "reason": reason.strip(), "measure_id": measure_id}, actor
    )
    audit.record(db, actor, "rebase", f"{unit or 'alle'} / {code} frå {period}", "ok", reason.strip()[:300])


def remove_rebase(db: Database, actor: str | None, unit: str, code: str, rebase_id: int) -> None:
    if not store.delete_rebase(db, rebase_id, unit, code):
        raise TrappaError("Fann ikkje det nye utgangspunktet i dette diagrammet.")
    audit.record(db, actor, "rebase", f"{unit or 'alle'} / {code} nr. {rebase_id}", "ok", "fjerna")


def fix_baseline(db: Database, actor: str | None, unit: str, code: str, until: str, reason: str) -> None:
    """Fix the limits of the segment holding ``until`` from its months up to and including ``until``.

    A leader does this once the process is understood, so that later months are judged against it
    instead of moving the limits with every new month. At least 12 months, and a reason, are needed.
    """
    if not reason.strip():
        raise TrappaError("Faste grenser treng ei grunngjeving: skriv kvifor desse månadene er eit godt utgangspunkt.")
    found = tile(db, unit, code)
    periods = [p.period for p in found.chart.points]
    if until not in periods:
        raise TrappaError(f"Månaden {until} er ikkje ein av månadene i diagrammet.")
    at = periods.index(until)
    start = max(s for s in found.chart.segments if s <= at)
    if at - start + 1 < TRIAL_BELOW:
        raise TrappaError(
            f"Faste grenser treng minst {TRIAL_BELOW} månader; frå {periods[start]} til {until} er det berre "
            f"{at - start + 1}. Vel ein seinare månad."
        )
    store.add_baseline(db, {"unit": unit, "kpi": code, "until": until, "reason": reason.strip()}, actor)
    audit.record(db, actor, "baseline", f"{unit or 'alle'} / {code} til {until}", "ok", reason.strip()[:300])


def remove_baseline(db: Database, actor: str | None, unit: str, code: str, baseline_id: int) -> None:
    if not store.delete_baseline(db, baseline_id, unit, code):
        raise TrappaError("Fann ikkje dei faste grensene i dette diagrammet.")
    audit.record(db, actor, "baseline", f"{unit or 'alle'} / {code} nr. {baseline_id}", "ok", "fjerna")


def set_target(db: Database, actor: str | None, unit: str, code: str, target: float | None) -> None:
    if code not in BY_CODE:
        raise TrappaError(f"Ukjend nøkkeltal «{code}».")
    store.set_target(db, unit, code, target, actor)
    audit.record(db, actor, "target", f"{unit or 'alle'} / {code}", "ok", "fjerna" if target is None else str(target))


# --- measures (tiltak) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureEffect:
    """A KPI before and after a measure's start, and what SPC says about the change."""

    measure: dict[str, Any]
    tile: Tile | None
    before: float | None  # mean of the months before the start
    after: float | None
    changed: bool  # the months from the start form a new process: a shift or points beyond the old limits
    in_expected_direction: bool | None
    verdict: str


def add_measure(db: Database, actor: str | None, values: dict[str, Any]) -> int:
    """Register a measure: name, unit (or none for the sector), KPI, start month, expected effect, status."""
    clean = _checked_measure(db, values)
    measure_id = store.add_measure(db, clean, actor)
    audit.record(db, actor, "measure", clean["name"], "ok", f"frå {clean['start']}")
    return measure_id


def update_measure(db: Database, actor: str | None, measure_id: int, values: dict[str, Any]) -> None:
    clean = _checked_measure(db, values)
    if not store.update_measure(db, measure_id, clean, actor):
        raise TrappaError("Fann ikkje tiltaket.")
    audit.record(db, actor, "measure", clean["name"], "ok", "endra")


def _checked_measure(db: Database, values: dict[str, Any]) -> dict[str, Any]:
    name = str(values.get("name") or "").strip()
    if not name:
        raise TrappaError("Tiltaket treng eit namn.")
    start = str(values.get("start") or "").strip()
    if not MONTH.match(start):
        raise TrappaError(f"Startmånaden «{start}» har feil form: skriv år og månad som 2024-03.")
    unit = (values.get("unit") or "").strip() or None
    if unit is not None and unit not in kpi_service.unit_names(db):
        raise TrappaError(f"Eininga «{unit}» finst ikkje.")
    code = (values.get("kpi") or "").strip() or None
    if code is not None and code not in BY_CODE:
        raise TrappaError(f"Ukjend nøkkeltal «{code}».")
    status = values.get("status") or "running"
    if status not in STATUSES:
        raise TrappaError(f"Ukjend status «{status}»: bruk {', '.join(STATUSES.values())}.")
    return {
        "name": name[:200],
        "unit": unit,
        "kpi": code,
        "start": start,
        "expected_mnok": values.get("expected_mnok"),
        "expected_change": values.get("expected_change"),
        "status": status,
        "note": (values.get("note") or "").strip() or None,
    }


def measures(db: Database, *, allowed: list[str] | None = None) -> list[dict[str, Any]]:
    return [m for m in store.measures(db) if allowed is None or m["unit"] in allowed]


def effect(db: Database, measure_id: int, *, memo: Memo = no_memo) -> MeasureEffect:
    """Did the process change at the measure's start, in the expected direction, and by how much?

    The months before the start are the baseline; the chart is re-based at the start, and the months
    after are judged against the old limits: a shift (7 on one side), or a point beyond them.
    """
    found = next((m for m in store.measures(db) if m["id"] == measure_id), None)
    if found is None:
        raise TrappaError("Fann ikkje tiltaket.")
    if not found["kpi"]:
        return MeasureEffect(found, None, None, None, False, None, "Tiltaket har ikkje eit nøkkeltal å følgje.")
    table = kpi_service.monthly_table(db, memo=memo)
    unit = found["unit"] or TOTAL
    k = BY_CODE[found["kpi"]]
    rows = _series(table, unit, k.code) if not table.is_empty() else pl.DataFrame()
    if rows.height == 0:
        return MeasureEffect(found, None, None, None, False, None, "Ingen månadstal for dette nøkkeltalet enno.")
    periods = rows["period"].to_list()
    values = rows[k.code].to_list()
    cut = next((i for i, p in enumerate(periods) if p >= found["start"]), len(periods))
    before, after = values[:cut], values[cut:]
    shown = _tile(table, unit, k, [{"unit": unit, "kpi": k.code, "period": periods[cut]}] if 0 < cut < len(periods)
                  else [], [found], {})  # fmt: skip
    if len(before) < 2 or not after:
        return MeasureEffect(found, shown, _mean(before), _mean(after), False, None,
                             "For få månader før eller etter starten til å seie noko enno.")  # fmt: skip
    old = chart(periods[:cut], before)
    lower, upper, centre = old.points[0].lower, old.points[0].upper, old.points[0].centre
    sides = [1 if v > centre else -1 if v < centre else 0 for v in after]
    run = _longest_run(sides)
    beyond = sum(1 for v in after if v > upper or v < lower)
    changed = run >= 7 or beyond >= 1
    mean_after = _mean(after)
    moved_up = mean_after is not None and mean_after > centre
    direction = None if k.direction == "neutral" else (moved_up == (k.direction == "up"))
    if not changed:
        verdict = "Ingen særskild endring: etter starten varierer talet som før."
    elif direction is None:
        verdict = "Prosessen har endra seg etter starten."
    elif direction:
        verdict = "Prosessen har endra seg etter starten, i den retninga tiltaket skulle."
    else:
        verdict = "Prosessen har endra seg etter starten, men i feil retning."
    return MeasureEffect(found, shown, _mean(before), mean_after, changed, direction if changed else None, verdict)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _longest_run(sides: list[int]) -> int:
    best = run = 0
    previous = 0
    for s in sides:
        run = run + 1 if s != 0 and s == previous else (1 if s != 0 else 0)
        previous = s
        best = max(best, run)
    return best
