"""The staffing-pattern calculator (bemanningsplan) on the municipality's own figures.

A plan (YAML, see docs/staffing.md) names the pay rules and the patterns to compare. Hours per gross
FTE come from the municipality's settings and the cost per gross FTE from its own key figures (the
latest year with accounts) wherever the plan leaves them out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from trappa.errors import TrappaError
from trappa.ingest.yaml_doc import load_model, model_from
from trappa.model.staffing import PatternResult, StaffingPlan, compare
from trappa.services import municipality
from trappa.services.database import Database

__all__ = ["PatternResult", "StaffingPlan", "compare_file", "compare_plan", "read_plan"]

EXPECTED = "felta pay og patterns (sjå docs/staffing.md)"


def read_plan(path: Path) -> StaffingPlan:
    return load_model(path, StaffingPlan, EXPECTED)


def plan_from(data: dict[str, Any], source: str = "planen") -> StaffingPlan:
    return model_from(data, StaffingPlan, source)


def _own_cost_per_gross_fte(db: Database) -> float:
    from trappa.services import kpi

    try:
        value = kpi.kpis(db).total.get("cost_per_gross_fte")
    except TrappaError:
        value = None
    if not value:
        raise TrappaError(
            "Kostnad per brutto årsverk manglar: skriv pay.cost_per_gross_fte i planen, eller importer "
            "rekneskap, årsverk og einingar så trappa kan rekne han ut."
        )
    return float(value)


def compare_plan(db: Database, plan: StaffingPlan) -> list[PatternResult]:
    """Each pattern's paid hours, FTEs and cost a year, and the difference to the first."""
    pay = plan.pay
    filled = pay.model_copy(
        update={
            "hours_per_gross_fte": pay.hours_per_gross_fte or municipality.load(db).hours_per_gross_fte,
            "cost_per_gross_fte": pay.cost_per_gross_fte or _own_cost_per_gross_fte(db),
        }
    )
    return compare(plan.model_copy(update={"pay": filled}))


def compare_file(db: Database, path: Path) -> list[PatternResult]:
    return compare_plan(db, read_plan(path))
