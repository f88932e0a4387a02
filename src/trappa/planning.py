"""Run a projection on the stored data: one place for the CLI and the web to ask for the staircase in 2040."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import Engine

from trappa.errors import TrappaError
from trappa.model.decisions import resolve_steps
from trappa.model.outlook import Outlook, compare, project_scenario, staffing_check
from trappa.model.profile import Profile, build_profile, steps_frame
from trappa.model.projection import by_category
from trappa.model.scenario import Scenario, reference
from trappa.staircase import Staircase
from trappa.store.repository import get_setting, load_inputs, load_population, stored_years


@dataclass
class ProjectionRun:
    municipality: str
    base_year: int
    to_year: int
    demo_population: bool
    base_profile: Profile
    outlooks: list[Outlook]
    comparison: pl.DataFrame
    staffing: dict[str, pl.DataFrame]
    categories: dict[str, pl.DataFrame]


def main_alternative(population: pl.DataFrame) -> str:
    """SSB's main alternative when it is stored; the demo's own projection otherwise."""
    alternatives = set(population["alternative"].to_list())
    return "MMMM" if "MMMM" in alternatives or "DEMO" not in alternatives else "DEMO"


def run_projection(
    engine: Engine,
    staircase: Staircase,
    scenarios: list[Scenario],
    *,
    to_year: int,
    base_year: int | None = None,
    municipality: str | None = None,
    staff_change_percent: float = 0.0,
) -> ProjectionRun:
    """The reference ("alternativ 0") and each scenario, from the latest (or given) year with accounts."""
    code = municipality or get_setting(engine, "municipality_code")
    if not code:
        raise TrappaError("Kva kommune? Gi kommunenummeret med --municipality, til dømes --municipality 4631.")
    years = stored_years(engine)
    if not years:
        raise TrappaError("Ingen rekneskap er importert. Prøv «trappa demo».")
    base = base_year or years[-1]
    population = load_population(engine, code)
    if population.is_empty():
        raise TrappaError(f"Inga befolkning for kommune {code}. Bruk «trappa population fetch --municipality {code}».")
    inputs = load_inputs(engine, base)
    profile = build_profile(inputs, staircase, base)
    decisions = resolve_steps(inputs.decisions, inputs.services)
    main = main_alternative(population)
    everything = [reference(main), *scenarios]
    outlooks = [
        project_scenario(decisions, population, profile.table, s, base_year=base, to_year=to_year) for s in everything
    ]
    staffing = {
        o.scenario.name: staffing_check(o, profile.controls.ftes_in_steps, staff_change_percent) for o in outlooks
    }
    steps = steps_frame(staircase)
    categories = {o.scenario.name: by_category(o.table, steps) for o in outlooks}
    return ProjectionRun(
        code,
        base,
        to_year,
        "DEMO" in set(population["alternative"].to_list()),
        profile,
        outlooks,
        compare(outlooks),
        staffing,
        categories,
    )
