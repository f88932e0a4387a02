"""Flows between steps (flyt i trappa) from the decision history: moves, entries, exits and lengths of stay.

Staff only: the counts are of persons, so anything public must suppress 1–5 (none of this is public yet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from trappa.errors import TrappaError
from trappa.model.decisions import resolve_steps
from trappa.model.flows import OUTSIDE, flows, length_of_stay, stock_changes
from trappa.services import staircase
from trappa.services.database import Database
from trappa.store.repository import load_table

__all__ = ["FlowReport", "flow_report", "year_dates"]


@dataclass(frozen=True)
class FlowReport:
    first: date
    second: date
    names: dict[int, str]  # step → «12 Institusjon …»; 0 → outside the staircase
    flows: pl.DataFrame  # from_step, to_step, persons
    stock: pl.DataFrame  # step, before, came, went, after
    stays: pl.DataFrame  # step, ended, median_days, mean_days


def year_dates(year: int) -> tuple[date, date]:
    """A pair of years: the last day of the year before and the last day of ``year``."""
    return date(year - 1, 12, 31), date(year, 12, 31)


def flow_report(db: Database, first: date, second: date) -> FlowReport:
    if second <= first:
        raise TrappaError(f"Den andre datoen ({second:%d.%m.%Y}) må vere etter den første ({first:%d.%m.%Y}).")
    decisions = resolve_steps(load_table(db, "decisions"), load_table(db, "services"))
    if decisions.is_empty():
        raise TrappaError("Ingen vedtak er importerte. Importer vedtaka først (filtypen decisions).")
    names = {s.number: f"{s.number} {s.name.nn}" for s in staircase.current(db).steps}
    names[OUTSIDE] = "Utanfor trappa"
    flow = flows(decisions, first, second)
    return FlowReport(first, second, names, flow, stock_changes(flow), length_of_stay(decisions, first, second))
