"""Key figures (nøkkeltal) per unit and in total, per year or month: the staffing KPI chain on the stored data.

Units (einingar) are groups of cost centres (`trappa import units`). A unit's wage cost comes from the
accounts of its cost centres split by art, its FTEs from the FTE file (`brutto årsverk` where given,
otherwise `årsverk`), its decided hours and users from the decisions that name it as the delivering
unit (`eining`), its delivered hours and sickness absence from their own monthly files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from trappa.errors import TrappaError
from trappa.model.decisions import resolve_steps
from trappa.model.kpi import UnitFigures, WageCost, WhatIf, what_if
from trappa.model.kpi_catalogue import KPIS
from trappa.model.kpi_frame import PARTS, TOTAL, periods, unit_kpis
from trappa.model.staircase_figures import FIGURES, OLD_AGE, net_cost_by_category, person_counts, staircase_figures
from trappa.services import municipality, staircase
from trappa.services import profile as profiles
from trappa.services.database import Database
from trappa.services.memo import Memo, key, no_memo
from trappa.store.read import load_table
from trappa.store.repository import load_population

if TYPE_CHECKING:
    from trappa.services.municipality_model import MunicipalitySettings

__all__ = [
    "TOTAL",
    "KpiReport",
    "WageCost",
    "WhatIf",
    "kpis",
    "monthly_table",
    "unit_names",
    "what_if_total",
    "what_if_unit",
]

CODES = [k.code for k in KPIS]
UNIT_CODES = [k.code for k in KPIS if k.scope == "unit"]  # the staircase figures are the sector's only
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class KpiReport:
    period: str
    units: list[tuple[str, dict[str, float | None]]]
    total: dict[str, float | None]


def unit_names(db: Database) -> list[str]:
    units = load_table(db, "units")
    if units.is_empty():
        raise TrappaError("Ingen einingar er lagra enno. Importer kva ansvar kvar eining har (filtypen units).")
    return sorted(units["unit"].unique().to_list())


@dataclass(frozen=True)
class _Yearless:
    """What every year's table reads the same: read once when many years are computed."""

    units: pl.DataFrame
    decisions: pl.DataFrame
    settings: MunicipalitySettings
    steps: pl.DataFrame  # step, category, home_care
    population: pl.DataFrame  # inhabitants on 1 January: year, age, persons (registered, then projected)

    def inhabitants(self, year: int) -> tuple[int | None, int | None]:
        """All inhabitants and those aged 80 and over on 1 January of ``year``; None when not stored."""
        found = self.population.filter(pl.col("year") == year)
        if found.is_empty():
            return None, None
        old = found.filter(pl.col("age") >= OLD_AGE)["persons"].sum()
        return round(found["persons"].sum()), round(old) or None


def _yearless(db: Database) -> _Yearless:
    decisions = resolve_steps(load_table(db, "decisions"), load_table(db, "services"))
    settings = municipality.load(db)
    steps = pl.DataFrame(
        [(s.number, s.category, s.home_care) for s in staircase.current(db).steps],
        schema={"step": pl.Int64, "category": pl.Int64, "home_care": pl.Boolean},
        orient="row",
    )
    return _Yearless(load_table(db, "units"), decisions, settings, steps, _population(db, settings.code))


def _population(db: Database, code: str | None) -> pl.DataFrame:
    """Inhabitants by year and age: registered where SSB has counted, the main projection after."""
    from trappa.services.projection import main_alternative

    empty = pl.DataFrame(schema={"year": pl.Int64, "age": pl.Int64, "persons": pl.Float64})
    stored = load_population(db, code) if code else empty
    if stored.is_empty():
        return empty
    registered = stored.filter(pl.col("alternative") == "registrert")
    last = registered["year"].max() if registered.height else None
    projected = stored.filter(pl.col("alternative") == main_alternative(stored))
    if last is not None:
        projected = projected.filter(pl.col("year") > last)
    return pl.concat([registered, projected]).select("year", "age", "persons")


def _table(db: Database, year: int, *, monthly: bool, shared: _Yearless | None = None) -> pl.DataFrame:
    """The wide KPI table of a year from what is stored (see trappa.model.kpi_frame.unit_kpis), with the
    staircase figures (trappetal) on the row of all units together."""
    shared = shared or _yearless(db)
    accounts = load_table(db, "accounts", year)
    chain = unit_kpis(
        accounts=accounts,
        ftes=load_table(db, "ftes", year),
        decisions=shared.decisions,
        units=shared.units,
        delivered=load_table(db, "delivered_hours", year),
        absence=load_table(db, "sickness_absence", year),
        year=year,
        monthly=monthly,
        hours_per_gross_fte=shared.settings.hours_per_gross_fte,
        hours_per_net_fte=shared.settings.hours_per_net_fte,
        arts=shared.settings.wage_arts,
    )
    figures = staircase_figures(
        person_counts(shared.decisions, shared.steps, periods(year, monthly), year),
        net_cost_by_category(accounts, load_table(db, "mapping", year), shared.steps, monthly=monthly),
        *shared.inhabitants(year),
    )
    on_total = figures.select("period", *FIGURES).with_columns(unit=pl.lit(TOTAL))
    return chain.join(on_total, on=["unit", "period"], how="left")


def _period(db: Database, year: int | None, month: str | None) -> tuple[int, str | None]:
    """The year (the latest with accounts when none is asked for) and the month, checked."""
    if month is not None:
        found = MONTH.match(month.strip())
        if not found:
            raise TrappaError(f"Månaden «{month}» har feil form: skriv år og månad som 2024-03.")
        if year is not None and int(found[1]) != year:
            raise TrappaError(f"Månaden {month} er ikkje i året {year}.")
        year = int(found[1])
    available = profiles.years(db)
    if not available:
        raise TrappaError("Ingen rekneskap er importert enno. Importer rekneskapen først (filtypen accounts).")
    year = year or available[-1]
    if year not in available:
        shown = ", ".join(map(str, available)) or "ingen"
        raise TrappaError(f"Ingen rekneskap for {year}. År med rekneskap: {shown}.")
    return year, month.strip() if month else None


def _check_unit(db: Database, unit: str | None, allowed: list[str] | None) -> list[str]:
    names = [n for n in unit_names(db) if allowed is None or n in allowed]
    if unit is not None and unit not in names:
        raise TrappaError(f"Eininga «{unit}» finst ikkje. Einingane er: {', '.join(names) or 'ingen'}.")
    return names


def _values(row: dict[str, object], codes: list[str] = CODES) -> dict[str, float | None]:
    return {code: (None if row.get(code) is None else float(row[code])) for code in codes}  # type: ignore[arg-type]


def kpis(
    db: Database,
    year: int | None = None,
    unit: str | None = None,
    month: str | None = None,
    *,
    allowed: list[str] | None = None,
    memo: Memo = no_memo,
) -> KpiReport:
    """The KPI chain per unit (or one unit) and for all units together in a year or a month (docs/kpis.md).

    ``allowed`` limits the units to those a leader sees; the total is then left out.
    """
    year, month = _period(db, year, month)
    names = _check_unit(db, unit, allowed)
    monthly = month is not None
    # the year's whole table once per data version (it took 1,2 s on every view of the page)
    whole = memo(key(db, "kpi-table", year, monthly), lambda: _table(db, year, monthly=monthly))
    table = whole.filter(pl.col("period") == (month or str(year)))
    rows = {r["unit"]: r for r in table.iter_rows(named=True)}
    shown = [unit] if unit else names
    total = _values(rows[TOTAL]) if allowed is None else {}
    return KpiReport(month or str(year), [(n, _values(rows[n], UNIT_CODES)) for n in shown if n in rows], total)


def monthly_table(db: Database, *, memo: Memo = no_memo) -> pl.DataFrame:
    """Every unit's (and the total's) KPIs for every month of every year with accounts: the måltavle's data."""

    def compute() -> pl.DataFrame:
        shared = _yearless(db)
        frames = [_table(db, year, monthly=True, shared=shared) for year in profiles.years(db)]
        if not frames:
            return pl.DataFrame()
        table = pl.concat(frames)
        # Months with no data at all (before the first monthly file) are not part of any series.
        has_data = (
            pl.col("gross_ftes").is_not_null()
            | pl.col("wage_cost").is_not_null()
            | (pl.col("users") > 0)
            | pl.col("possible_days").is_not_null()
            | pl.col("delivered_hours").is_not_null()
        )
        return table.filter(has_data).sort("unit", "period")

    return memo(key(db, "kpi-monthly"), compute)


def _figures(row: dict[str, Any], settings: MunicipalitySettings) -> UnitFigures:
    """A year's row of the wide table as the chain's input (the what-if works on whole years)."""
    return UnitFigures(
        wage=WageCost(**{p: float(row[p]) for p in PARTS}),
        gross_ftes=float(row["gross_ftes"] or 0.0),
        decided_hours=float(row["decided_hours"]),
        users=int(row["users"]),
        rota_hours=row["rota_hours"],
        delivered_hours=row["delivered_hours"],
        sickness_absence=row["sickness_absence"],
        hours_per_gross_fte=settings.hours_per_gross_fte,
        hours_per_net_fte=settings.hours_per_net_fte,
    )


def what_if_unit(
    db: Database,
    year: int | None = None,
    unit: str | None = None,
    *,
    decided_hours: float = 0.0,
    ftes: float = 0.0,
    overtime: float = 0.0,
    temporary: float = 0.0,
) -> WhatIf:
    """What a change by percent does to a unit (or the total, when no unit): the chain before and after, the saving."""
    year, _month = _period(db, year, None)
    _check_unit(db, unit, None)
    shared = _yearless(db)
    table = _table(db, year, monthly=False, shared=shared)
    row = table.filter(pl.col("unit") == (unit or TOTAL)).row(0, named=True)
    return what_if(
        _figures(row, shared.settings), decided_hours=decided_hours, ftes=ftes, overtime=overtime, temporary=temporary
    )


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
    return what_if_unit(db, year, None, decided_hours=decided_hours, ftes=ftes, overtime=overtime, temporary=temporary)
