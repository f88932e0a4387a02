"""Key figures (nøkkeltal) per unit and in total, per year or month: the staffing KPI chain on the stored data.

Units (einingar) are groups of cost centres (`trappa import units`). A unit's wage cost comes from the
accounts of its cost centres split by art, its FTEs from the FTE file (`brutto årsverk` where given,
otherwise `årsverk`), its decided hours and users from the decisions that name it as the delivering
unit (`eining`), its delivered hours and sickness absence from their own monthly files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import polars as pl

from trappa.errors import TrappaError
from trappa.model.decisions import resolve_steps
from trappa.model.kpi import UnitFigures, WageCost, WhatIf, what_if
from trappa.model.kpi_catalogue import KPIS
from trappa.model.kpi_frame import PARTS, TOTAL, unit_kpis
from trappa.services import municipality
from trappa.services import profile as profiles
from trappa.services.database import Database
from trappa.services.memo import Memo, key, no_memo
from trappa.store.repository import load_table

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
    settings: municipality.MunicipalitySettings


def _yearless(db: Database) -> _Yearless:
    decisions = resolve_steps(load_table(db, "decisions"), load_table(db, "services"))
    return _Yearless(load_table(db, "units"), decisions, municipality.load(db))


def _table(db: Database, year: int, *, monthly: bool, shared: _Yearless | None = None) -> pl.DataFrame:
    """The wide KPI table of a year from what is stored (see trappa.model.kpi_frame.unit_kpis)."""
    shared = shared or _yearless(db)
    return unit_kpis(
        accounts=load_table(db, "accounts", year),
        ftes=load_table(db, "ftes", year),
        decisions=shared.decisions,
        units=shared.units,
        delivered=load_table(db, "delivered_hours", year),
        absence=load_table(db, "sickness_absence", year),
        year=year,
        monthly=monthly,
        hours_per_gross_fte=shared.settings.hours_per_gross_fte,
        hours_per_net_fte=shared.settings.hours_per_net_fte,
    )


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


def _values(row: dict[str, object]) -> dict[str, float | None]:
    return {code: (None if row.get(code) is None else float(row[code])) for code in CODES}  # type: ignore[arg-type]


def kpis(
    db: Database,
    year: int | None = None,
    unit: str | None = None,
    month: str | None = None,
    *,
    allowed: list[str] | None = None,
) -> KpiReport:
    """The KPI chain per unit (or one unit) and for all units together in a year or a month (docs/kpis.md).

    ``allowed`` limits the units to those a leader sees; the total is then left out.
    """
    year, month = _period(db, year, month)
    names = _check_unit(db, unit, allowed)
    table = _table(db, year, monthly=month is not None).filter(pl.col("period") == (month or str(year)))
    rows = {r["unit"]: r for r in table.iter_rows(named=True)}
    shown = [unit] if unit else names
    total = _values(rows[TOTAL]) if allowed is None else {}
    return KpiReport(month or str(year), [(n, _values(rows[n])) for n in shown if n in rows], total)


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


def _figures(row: dict[str, Any], settings: municipality.MunicipalitySettings) -> UnitFigures:
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
