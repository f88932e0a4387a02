"""Flows between steps (flyt i trappa) from the decision history: moves, entries, exits and lengths of stay.

Staff only: the counts are of persons, so anything public must suppress 1–5 (none of this is public yet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from trappa.errors import TrappaError
from trappa.model.decisions import resolve_steps
from trappa.model.flow_projection import FlowChange, project_flows
from trappa.model.flows import OUTSIDE, flows, length_of_stay, stock_changes
from trappa.services import staircase
from trappa.services.database import Database
from trappa.store.read import load_table

__all__ = ["FlowChange", "FlowOutlook", "FlowReport", "flow_outlook", "flow_report", "parse_change", "year_dates"]


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
    if not 1901 < year < 2100:
        raise TrappaError(f"Året {year} er utanfor det trappa reknar med (1902–2099).")
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


@dataclass(frozen=True)
class FlowOutlook:
    """The staircase projected by its flows: unchanged and with the changes, against the rate projection."""

    base_year: int
    to_year: int
    names: dict[int, str]
    changes: list[FlowChange]
    table: pl.DataFrame  # step, today, unchanged, changed, rate_growth, flow_growth


def parse_change(text: str, from_year: int, to_year: int) -> FlowChange:
    """«6:12=-10» (10 % fewer move from step 6 to step 12; 0 is leaving the staircase)."""
    try:
        pair, percent = text.split("=", 1)
        a, b = pair.replace("-", ":").split(":", 1)
        return FlowChange(from_step=int(a), to_step=int(b), change_percent=float(percent.replace(",", ".")),
                          from_year=from_year, to_year=to_year)  # fmt: skip
    except (ValueError, TypeError):
        raise TrappaError(f"«{text}»: skriv endringa som FRÅ:TIL=PROSENT, til dømes 6:12=-10.") from None


def flow_outlook(db: Database, changes: list[FlowChange], *, to_year: int = 2040) -> FlowOutlook:
    """Each step's persons at the end of ``to_year`` by the base year's flows, unchanged and changed.

    Entries grow with the step's demand in the rate projection (alternativ 0); with unchanged flows
    the two should grow alike, and ``rate_growth`` against ``flow_growth`` shows how far they agree.
    """
    from trappa.model.flows import positions
    from trappa.services import profile as profiles
    from trappa.services import projection

    years = profiles.years(db)
    if not years:
        raise TrappaError("Ingen rekneskap er importert: flytmodellen tek basisåret frå rekneskapen.")
    base = years[-1]
    if to_year <= base:
        raise TrappaError(f"Siste år ({to_year}) må liggje etter basisåret {base}.")
    first, second = year_dates(base)
    report = flow_report(db, first, second)
    decisions = resolve_steps(load_table(db, "decisions"), load_table(db, "services"))
    stock = {int(s): float(n) for s, n in positions(decisions, second).group_by("step").len().iter_rows()}
    rate = projection.run(db, [], to_year=to_year).outlooks[0].table
    today = {r["step"]: r["persons"] for r in rate.filter(pl.col("year") == base).iter_rows(named=True)}
    growth = {(r["step"], r["year"]): (r["persons"] / today[r["step"]] if today.get(r["step"]) else 1.0)
              for r in rate.iter_rows(named=True)}  # fmt: skip
    unchanged = project_flows(report.flows, stock, growth, base, to_year)
    moved = project_flows(report.flows, stock, growth, base, to_year, changes)
    end = pl.col("year") == to_year
    table = (
        unchanged.filter(end)
        .select("step", pl.col("persons").alias("unchanged"))
        .join(moved.filter(end).select("step", pl.col("persons").alias("changed")), on="step")
        .join(
            pl.DataFrame(
                {"step": list(stock), "today": list(stock.values())}, schema={"step": pl.Int64, "today": pl.Float64}
            ),
            on="step",
            how="left",
        )  # fmt: skip
        .with_columns(
            pl.col("today").fill_null(0.0),
            pl.col("step")
            .replace_strict({s: growth.get((s, to_year), 1.0) for s in today}, default=None, return_dtype=pl.Float64)
            .alias("rate_growth"),  # fmt: skip
        )
        .with_columns(pl.when(pl.col("today") > 0).then(pl.col("unchanged") / pl.col("today")).alias("flow_growth"))
        .select("step", "today", "unchanged", "changed", "rate_growth", "flow_growth")
        .sort("step")
    )
    return FlowOutlook(base, to_year, report.names, changes, table)
