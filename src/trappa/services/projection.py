"""The staircase in 2040 (framskriving): the reference and scenarios on the stored data, and saved scenarios."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import ValidationError

from trappa.errors import TrappaError
from trappa.model.bands import DEFAULT_BANDS
from trappa.model.decisions import resolve_steps
from trappa.model.outlook import Outlook, compare, project_scenario, staffing_check, waterfall
from trappa.model.profile import Profile, build_profile, steps_frame
from trappa.model.projection import HOME_CARE_DIRECT_TIME, by_category, ftes_from_volume
from trappa.model.scenario import Cap, Move, RateChange, Scenario, reference, scenario_problems
from trappa.model.sums import exact_sum
from trappa.report.labels import USER_GROUP_NAMES
from trappa.report.projection_out import ProjectionRun
from trappa.services import audit, municipality, outline, staircase
from trappa.services import profile as profiles
from trappa.services.database import Database
from trappa.services.memo import Memo, key, no_memo
from trappa.staircase.model import Language
from trappa.staircase.outline import Outline
from trappa.store.read import load_inputs, load_table
from trappa.store.repository import delete_scenario, load_population, load_scenarios, save_scenario

# The shells build scenarios from these; they come from the model through here.
__all__ = ["BANDS", "Cap", "Move", "ProjectionRun", "ProjectionSummary", "RateChange", "Scenario", "run"]
BANDS = DEFAULT_BANDS


@dataclass(frozen=True)
class ProjectionSummary:
    """The staircase today next to the end year, per step and in total: what the staff page shows."""

    base_year: int
    to_year: int
    scenario_name: str | None
    rows: list[dict[str, Any]]
    totals: list[dict[str, Any]]
    place_years: list[int]  # the years the places table shows
    places: list[dict[str, Any]]  # per step with places today: today, needed per year, planned per year


def main_alternative(population: pl.DataFrame) -> str:
    """SSB's main alternative when it is stored; the demo's own projection otherwise."""
    alternatives = set(population["alternative"].to_list())
    return "MMMM" if "MMMM" in alternatives or "DEMO" not in alternatives else "DEMO"


def municipality_code(db: Database, given: str | None = None) -> str:
    """The municipality number given, else the one in the settings."""
    if given:
        return municipality.check_code(given)
    stored = municipality.load(db).code
    if not stored:
        raise TrappaError(
            "Kva kommune? Set kommunenummeret (fire siffer, til dømes 4631) først: "
            "«trappa municipality set --number 4631», eller på sida Kommunen."
        )
    return stored


def run(
    db: Database,
    scenarios: list[Scenario],
    *,
    to_year: int,
    base_year: int | None = None,
    municipality_number: str | None = None,
    staff_change_percent: float = 0.0,
    memo: Memo = no_memo,
) -> ProjectionRun:
    """The reference and each scenario, from the latest (or given) year with accounts."""
    code = municipality_code(db, municipality_number)
    for s in scenarios:
        check(db, s)
    cache_key = key(db, "projection", code, to_year, base_year, staff_change_percent, *(s.to_json() for s in scenarios))
    return memo(cache_key, lambda: _run(db, scenarios, code, to_year, base_year, staff_change_percent))


def with_catalogue_prices(db: Database, scenario: Scenario, year: int) -> Scenario:
    """The scenario with each move that names a catalogue kind priced from the year's catalogue."""
    if not any(m.price_kind and m.cost_per_person is None for m in scenario.moves):
        return scenario
    from trappa.model.prices import BY_CODE, find
    from trappa.services import prices as price_service

    catalogue = price_service.catalogue(db, year)
    moves = []
    for m in scenario.moves:
        if m.price_kind and m.cost_per_person is None:
            kind = BY_CODE.get(m.price_kind)
            if kind is None or kind.unit != "place_year":
                raise TrappaError(f"«{m.price_kind}» er ikkje ein tenestetype med pris per plassår i prislista.")
            price = find(catalogue.prices, m.price_kind)
            if price is None:
                raise TrappaError(f"Prislista for {year} har ingen pris for {kind.nn.lower()}.")
            m = m.model_copy(update={"cost_per_person": price.price})
        moves.append(m)
    return scenario.model_copy(update={"moves": moves})


def inputs_of(db: Database, year: int) -> Any:
    return load_inputs(db, year)


def _group_profile(db: Database, inputs: Any, steps: Outline, year: int) -> pl.DataFrame:
    """The base year's profile by user group: what a person of each group costs on each step."""
    return build_profile(inputs, steps, year, by_user_group=True,
                         refund_arts=municipality.load(db).refund_arts).table  # fmt: skip


def _base(
    db: Database, code: str, to_year: int, base_year: int | None
) -> tuple[int, pl.DataFrame, Outline, Profile, pl.DataFrame]:
    """The base year, the population, the staircase, the base year's profile and its decisions, checked."""
    available = profiles.years(db)
    if not available:
        raise TrappaError("Ingen rekneskap er importert. Importer rekneskapen først (filtypen accounts).")
    base = base_year or available[-1]
    if base not in available:
        raise TrappaError(f"Ingen rekneskap for basisåret {base}. Importerte år: {', '.join(map(str, available))}.")
    if to_year <= base:
        raise TrappaError(f"Siste år ({to_year}) må liggje etter basisåret {base}.")
    population = load_population(db, code)
    if population.is_empty():
        raise TrappaError(
            f"Inga befolkning for kommune {code}. Hent befolkning og framskriving frå SSB, "
            "eller importer ei fil frå Statistikkbanken."
        )
    steps = outline.current(db)
    inputs = load_inputs(db, base)
    profile = build_profile(inputs, steps, base)
    decisions = resolve_steps(inputs.decisions, inputs.services)
    return base, population, steps, profile, decisions


# the pricing notes are in Nynorsk; they name the user groups as people do, never by their codes
GROUP_NAMES = {code: names[0] for code, names in USER_GROUP_NAMES.items()}


def _run(
    db: Database, scenarios: list[Scenario], code: str, to_year: int, base_year: int | None, staff_change: float
) -> ProjectionRun:
    base, population, steps, profile, decisions = _base(db, code, to_year, base_year)
    scenarios = [with_catalogue_prices(db, s, base) for s in scenarios]
    everything = [reference(main_alternative(population)), *scenarios]
    groups = _group_profile(db, inputs_of(db, base), steps, base) if any(s.moves for s in scenarios) else None
    outlooks = [
        project_scenario(
            decisions,
            population,
            profile.table,
            s,
            base_year=base,
            to_year=to_year,
            group_profile=groups,
            group_names=GROUP_NAMES,
        )  # fmt: skip
        for s in everything
    ]
    staffing = {o.scenario.name: staffing_check(o, profile.controls.ftes_in_steps, staff_change) for o in outlooks}
    categories = {o.scenario.name: by_category(o.table, steps_frame(steps)) for o in outlooks}
    settings = municipality.load(db)
    return ProjectionRun(
        code,
        settings.name,
        settings.synthetic,
        base,
        to_year,
        "DEMO" in set(population["alternative"].to_list()),
        profile,
        outlooks,
        compare(outlooks),
        staffing,
        categories,
    )


def summary(db: Database, run_: ProjectionRun, *, language: Language = "nn") -> ProjectionSummary:
    """Per step: today, the reference and the last scenario in the end year, with the low–high band."""
    names = {s.number: s.name.get(language) for s in staircase.current(db).steps}
    ref, chosen = run_.outlooks[0], run_.outlooks[-1]
    base, end = run_.base_year, run_.to_year

    def value(outlook: Outlook, step: int, year: int, column: str = "persons") -> float:
        hit = outlook.table.filter((pl.col("step") == step) & (pl.col("year") == year))
        return float(hit[column][0]) if hit.height else 0.0

    rows = [
        {
            "step": step,
            "name": name,
            "today": value(ref, step, base),
            "reference": value(ref, step, end),
            "scenario": value(chosen, step, end),
            "low": value(chosen, step, end, "persons_low"),
            "high": value(chosen, step, end, "persons_high"),
            "unmet": value(chosen, step, end, "unmet"),
            "ftes_today": value(ref, step, base, "ftes"),
            "ftes_end": value(chosen, step, end, "ftes"),
            "cost_today": value(ref, step, base, "net_cost"),
            "cost_end": value(chosen, step, end, "net_cost"),
        }
        for step, name in names.items()
    ]
    # With a scenario: what it does to each step against alternative 0 in the end year; without one:
    # what today's coverage on the new population does against today.
    against = "reference" if len(run_.outlooks) > 1 else "today"
    for row in rows:
        row["answer"] = answer(float(row[against]), float(row["scenario"]))  # type: ignore[arg-type]
    settings = municipality.load(db)
    shares = direct_time_shares(db)
    for row in rows:
        share = shares.get(int(row["step"]))  # type: ignore[call-overload]
        step = int(row["step"])  # type: ignore[call-overload]
        row["direct_time_share"] = share
        row["ftes_volume_today"] = None if share is None else ftes_from_volume(
            value(ref, step, base, "decided_hours_per_week"), share, settings.hours_per_gross_fte)  # fmt: skip
        row["ftes_volume_end"] = None if share is None else ftes_from_volume(
            value(chosen, step, end, "decided_hours_per_week"), share, settings.hours_per_gross_fte)  # fmt: skip
    totals = []
    for o in run_.outlooks:
        by_year = {r["year"]: r for r in o.totals().filter(pl.col("year") == end).to_dicts()}
        staffing = run_.staffing[o.scenario.name].filter(pl.col("year") == end).to_dicts()[0]
        totals.append(
            {
                "name": o.scenario.name,
                "persons": by_year[end]["persons"],
                "ftes": by_year[end]["ftes"],
                "net_cost": by_year[end]["net_cost"],
                "unmet": by_year[end]["unmet"],
                "ftes_supply": staffing["ftes_supply"],
                "can_be_staffed": staffing["can_be_staffed"],
            }
        )
    place_years, places = places_needed(run_, chosen, names)
    name = chosen.scenario.name if len(run_.outlooks) > 1 else None
    return ProjectionSummary(base, end, name, rows, totals, place_years, places)


def places_needed(
    run_: ProjectionRun, chosen: Outlook, names: dict[int, str]
) -> tuple[list[int], list[dict[str, Any]]]:
    """Places each step with places today needs in the chosen scenario, every fifth year and the last,
    beside today's places and the places a cap in the scenario plans (places under construction)."""
    base, end = run_.base_year, run_.to_year
    years = sorted({base, *range(base + 5 - base % 5, end, 5), end})
    today = {r["step"]: r["places"] for r in run_.base_profile.table.iter_rows(named=True) if r["places"]}
    caps = {c.step: c for c in chosen.scenario.caps}
    out = []
    for step, places in sorted(today.items()):
        on_step = chosen.table.filter(pl.col("step") == step)
        needed = {int(r["year"]): float(r["places"]) for r in on_step.iter_rows(named=True) if r["year"] in years}
        cap = caps.get(step)
        planned = {}
        if cap is not None:
            for y in years:
                if y >= cap.from_year:
                    planned[y] = next((p for yy, p in sorted(cap.places_by_year.items(), reverse=True) if y >= yy),
                                      cap.places)  # fmt: skip
        out.append({"step": step, "name": names.get(step, str(step)), "today": float(places), "needed": needed,
                    "planned": planned})  # fmt: skip
    return years, out


def direct_time_shares(db: Database) -> dict[int, float]:
    """Per step, the share of working time that is direct time with the user: the municipality's setting,
    else 60 % on the steps the staircase marks as home care."""
    set_ = {int(k): v for k, v in municipality.load(db).direct_time_shares.items()}
    defaults = {s.number: HOME_CARE_DIRECT_TIME for s in staircase.current(db).steps if s.home_care}
    return {**defaults, **set_}


ANSWERS = {"strengthen": "må styrkast", "reduce": "kan reduserast", "same": "om lag som i dag",
           "missing": "manglar i dag", "none": "ingen brukarar"}  # fmt: skip


def answer(today: float, end: float, margin: float = 0.05) -> str:
    """The staircase's questions for one step in words: is it to be strengthened, reduced or left, or missing?"""
    if today <= 0.5:
        return ANSWERS["missing"] if end > 0.5 else ANSWERS["none"]
    change = (end - today) / today
    if change > margin:
        return ANSWERS["strengthen"]
    if change < -margin:
        return ANSWERS["reduce"]
    return ANSWERS["same"]


# -- saved scenarios ---------------------------------------------------------------------------


def scenarios(db: Database) -> dict[str, Scenario]:
    """Saved scenarios by name."""
    return {name: Scenario.from_json(doc) for name, doc in load_scenarios(db).items()}


def parse_scenario(text: str, source: str) -> Scenario:
    try:
        return Scenario.from_json(text)
    except (ValidationError, json.JSONDecodeError) as exc:
        raise TrappaError(f"{source}: scenarioet er ugyldig: {readable(exc)}") from None


def check(db: Database, s: Scenario, source: str | None = None) -> Scenario:
    """Refuse a scenario that names a step or age band the municipality's staircase does not have."""
    problems = scenario_problems(s, staircase.current(db).step_numbers, list(BANDS))
    if problems:
        raise TrappaError(f"{source or s.name}: scenarioet passar ikkje til trappa: " + "; ".join(problems) + ".")
    return s


def scenario(db: Database, name_or_file: str) -> Scenario:
    """A saved scenario by name, or a scenario file (.json)."""
    path = Path(name_or_file)
    if name_or_file.endswith(".json") and path.exists():
        return check(db, parse_scenario(path.read_text("utf-8"), str(path)), str(path))
    stored = load_scenarios(db)
    if name_or_file not in stored:
        raise TrappaError(f"Fann ikkje scenarioet «{name_or_file}». Lagra: {', '.join(stored) or 'ingen'}.")
    return parse_scenario(stored[name_or_file], name_or_file)


def save(db: Database, actor: str | None, s: Scenario) -> None:
    check(db, s)
    save_scenario(db, s.name, s.to_json())
    audit.record(db, actor, "scenario", s.name, "ok", "lagra")


def import_scenario(db: Database, actor: str | None, path: Path) -> Scenario:
    if not path.exists():
        raise TrappaError(f"{path} finst ikkje.")
    s = check(db, parse_scenario(path.read_text("utf-8"), str(path)), str(path))
    save(db, actor, s)
    return s


def new_scenario(
    db: Database, actor: str | None, name: str, description: str = "", alternative: str = "MMMM"
) -> Scenario:
    """An empty scenario (equal to the reference) to export, edit and import again."""
    try:
        s = Scenario(
            name=name, description=description, population_alternative=alternative, real_cost_growth_percent=0.0
        )
    except ValidationError as exc:
        raise TrappaError(f"Scenarioet er ugyldig: {readable(exc)}") from None
    save(db, actor, s)
    return s


def delete(db: Database, actor: str | None, name: str) -> bool:
    found = delete_scenario(db, name)
    if found:
        audit.record(db, actor, "scenario", name, "ok", "sletta")
    return found


def readable(exc: Exception) -> str:
    """A validation error in one line a person can act on."""
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
    return str(exc)


@dataclass(frozen=True)
class Drivers:
    """What drives the change from the base year to ``to_year`` (see trappa.model.outlook.waterfall)."""

    scenario_name: str
    base_year: int
    to_year: int
    names: dict[int, str]
    table: pl.DataFrame  # order, driver, step, persons, ftes, net_cost

    def totals(self) -> pl.DataFrame:
        """order, driver, persons, ftes, net_cost: each driver summed over the steps."""
        return (
            self.table.group_by("order", "driver")
            .agg(exact_sum(m) for m in ("persons", "ftes", "net_cost"))
            .sort("order")
        )


def drivers(
    db: Database,
    scenario: Scenario | None = None,
    *,
    to_year: int = 2040,
    base_year: int | None = None,
    municipality_number: str | None = None,
) -> Drivers:
    """Demography alone, each measure of the scenario and real cost growth, from today to ``to_year``."""
    code = municipality_code(db, municipality_number)
    base, population, steps, profile, decisions = _base(db, code, to_year, base_year)
    chosen = with_catalogue_prices(db, scenario or reference(main_alternative(population)), base)
    check(db, chosen)
    groups = _group_profile(db, inputs_of(db, base), steps, base) if chosen.moves else None
    table = waterfall(decisions, population, profile.table, chosen, base_year=base, to_year=to_year,
                      group_profile=groups, group_names=GROUP_NAMES)  # fmt: skip
    names = {s.number: s.name("nn") for s in steps.steps}
    return Drivers(chosen.name, base, to_year, names, table)


def save_presets(db: Database, actor: str | None, municipality_number: str | None = None) -> list[Scenario]:
    """Alternativ 0, 1 and 2 from the material, saved as scenarios to edit (trappa.model.presets)."""
    from trappa.model.presets import presets

    code = municipality_code(db, municipality_number)
    population = load_population(db, code)
    alternative = main_alternative(population) if not population.is_empty() else "MMMM"
    made = presets(staircase.current(db).id, alternative)
    for s in made:
        save(db, actor, s)
    return made


@dataclass(frozen=True)
class HousingNeed:
    """The units a housing type needs each year, against those it has and those planned."""

    number: int
    name: str
    steps: list[int]
    units_today: float | None  # None: the municipality has not said, and no places data covers its steps
    planned: float
    needed: dict[int, float]  # year → units
    gap: float | None  # units needed in the end year beyond today's and the planned
    unit_cost: float | None  # kroner per new unit, as the municipality typed it
    investment: float | None  # gap × unit cost


def housing_needs(db: Database, run_: ProjectionRun, years: list[int]) -> list[HousingNeed]:
    """Per type of the housing staircase: units needed = persons on its steps × today's units per person,
    each of ``years``, in the last scenario of ``run_``; with the gap in the end year and its investment."""
    settings = municipality.load(db)
    chosen = run_.outlooks[-1].table
    places = load_table(db, "places", run_.base_year)
    out = []
    for t in staircase.housing(db).types:
        on_steps = chosen.filter(pl.col("step").is_in(t.steps))
        persons_today = float(on_steps.filter(pl.col("year") == run_.base_year)["persons"].sum())
        counted = places.filter(pl.col("step").is_in(t.steps))["places"].sum() if t.steps else 0
        units = float(counted) if counted else (float(t.units) if t.units is not None else None)
        ratio = units / persons_today if units is not None and persons_today > 0 else None
        needed = {} if ratio is None else {
            y: float(on_steps.filter(pl.col("year") == y)["persons"].sum()) * ratio for y in years}  # fmt: skip
        planned = settings.housing_planned.get(str(t.number), 0.0)
        gap = None if units is None or not needed else max(0.0, needed[years[-1]] - units - planned)
        cost = settings.housing_unit_costs.get(str(t.number))
        out.append(HousingNeed(t.number, t.name.nn, list(t.steps), units, planned, needed, gap, cost,
                               None if gap is None or cost is None else gap * cost))  # fmt: skip
    return out
