"""Key figures (nøkkeltal) per unit and in total for a year: the staffing KPI chain on the stored data.

Units (einingar) are groups of cost centres (`trappa import units`). A unit's wage cost comes from the
accounts of its cost centres split by art, its FTEs from the FTE file (`brutto årsverk` where given,
otherwise `årsverk`). Decided hours and users are known for the municipality as a whole until the
decisions name their delivering unit, so the per-user and per-decided-hour figures are given in total.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from trappa.errors import TrappaError
from trappa.model.decisions import active_in_year, decision_volumes, resolve_steps
from trappa.model.kpi import UnitFigures, WageCost, WhatIf, chain, wage_cost, what_if
from trappa.services import municipality
from trappa.services import profile as profiles
from trappa.services.database import Database
from trappa.store.repository import load_inputs, load_table

__all__ = ["KpiReport", "WageCost", "WhatIf", "kpis", "what_if_total"]


@dataclass(frozen=True)
class KpiReport:
    period: str
    units: list[tuple[str, dict[str, float | None]]]
    total: dict[str, float | None]


def _figures(db: Database, year: int | None) -> tuple[int, list[tuple[str, UnitFigures]], UnitFigures]:
    """The year asked for (the latest with accounts when none), and the figures of each unit and all together."""
    available = profiles.years(db)
    if not available:
        raise TrappaError("Ingen rekneskap er importert enno. Importer rekneskapen først (filtypen accounts).")
    year = year or available[-1]
    if year not in available:
        shown = ", ".join(map(str, available)) or "ingen"
        raise TrappaError(f"Ingen rekneskap for {year}. År med rekneskap: {shown}.")
    units = load_table(db, "units")
    if units.is_empty():
        raise TrappaError("Ingen einingar er lagra enno. Importer kva ansvar kvar eining har (filtypen units).")
    settings = municipality.load(db)
    inputs = load_inputs(db, year)
    decisions = active_in_year(resolve_steps(inputs.decisions, inputs.services), year).filter(pl.col("step") > 0)
    volumes = decision_volumes(decisions, year, date(year, 12, 31), [])
    decided_hours = float(volumes["decided_hours_year"].sum()) if volumes.height else 0.0
    users = decisions["person_key"].n_unique()
    ftes = inputs.ftes.with_columns(pl.coalesce("gross_ftes", "ftes").alias("__gross"))

    def figures(centres: list[str], *, with_volumes: bool) -> UnitFigures:
        lines = inputs.accounts.filter(pl.col("cost_centre").is_in(centres))
        staff = ftes.filter(pl.col("cost_centre").is_in(centres))
        rota = staff["rota_hours"].drop_nulls()
        return UnitFigures(
            wage=wage_cost([(art, ore / 100) for art, ore in lines.select("art", "amount_ore").iter_rows()]),
            gross_ftes=float(staff["__gross"].sum()),
            decided_hours=decided_hours if with_volumes else 0.0,
            users=users if with_volumes else 0,
            rota_hours=float(rota.sum()) if rota.len() else None,
            hours_per_gross_fte=settings.hours_per_gross_fte,
            hours_per_net_fte=settings.hours_per_net_fte,
        )

    by_unit = units.group_by("unit").agg(pl.col("cost_centre")).sort("unit")
    per_unit = [(name, figures(centres, with_volumes=False)) for name, centres in by_unit.iter_rows()]
    return year, per_unit, figures(units["cost_centre"].to_list(), with_volumes=True)


def kpis(db: Database, year: int | None = None, unit: str | None = None) -> KpiReport:
    """The KPI chain per unit (or one unit) and for all units together in a year (docs/kpis.md)."""
    year, per_unit, total = _figures(db, year)
    if unit is not None:
        names = [name for name, _f in per_unit]
        if unit not in names:
            raise TrappaError(f"Eininga «{unit}» finst ikkje. Einingane er: {', '.join(names)}.")
        per_unit = [(name, f) for name, f in per_unit if name == unit]
    return KpiReport(str(year), [(name, chain(f)) for name, f in per_unit], chain(total))


def what_if_total(
    db: Database,
    year: int | None = None,
    *,
    decided_hours: float = 0.0,
    ftes: float = 0.0,
    overtime: float = 0.0,
    temporary: float = 0.0,
) -> WhatIf:
    """What a change by percent does to the total: the chain before and after, and the saving."""
    _year, _per_unit, total = _figures(db, year)
    return what_if(total, decided_hours=decided_hours, ftes=ftes, overtime=overtime, temporary=temporary)
