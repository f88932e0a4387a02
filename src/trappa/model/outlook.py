"""The staircase in 2040: reference and scenarios with uncertainty bands and a staffing check.

Ties coverage rates, population series and scenario rules together; every
piece is a pure function over tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from trappa.errors import TrappaError
from trappa.model.bands import DEFAULT_BANDS, bands_frame
from trappa.model.coverage import coverage_rates, person_ages
from trappa.model.decisions import active_in_year
from trappa.model.move_pricing import band_ratios, corrections, group_intensities, group_mix
from trappa.model.projection import (
    REGISTERED,
    healthy_ageing,
    intensities,
    population_series,
    project_persons,
)
from trappa.model.scenario import Scenario
from trappa.model.scenario_grid import Grid, affected, places_per_person, run
from trappa.model.sums import exact_sum

LOW_HIGH = {"MMMM": ("LLML", "HHMH")}


def low_high_alternatives(main: str, available: set[str]) -> tuple[str, str]:
    low, high = LOW_HIGH.get(main, (f"{main}-L", f"{main}-H"))
    return (low if low in available else main, high if high in available else main)


@dataclass
class Outlook:
    """Projection of one scenario: per year and step, with low/high bands and unmet need."""

    scenario: Scenario
    base_year: int
    rates: pl.DataFrame
    table: pl.DataFrame
    pricing: list[str] = field(default_factory=list)  # how moved persons were priced, in words

    def totals(self) -> pl.DataFrame:
        cols = [c for c in self.table.columns if c not in ("year", "step")]
        return self.table.group_by("year").agg(exact_sum(c, in_row_order=True) for c in cols).sort("year")


@dataclass(frozen=True)
class GroupPricing:
    """What moves are priced by: the user groups of each step and band, and what a person of each costs."""

    mix: pl.DataFrame  # step, band, user_group, mix (see trappa.model.move_pricing.group_mix)
    groups: pl.DataFrame  # step, user_group, persons, <metric>_per_person
    ratios: pl.DataFrame | None = None  # step, user_group, band, ratio: the band's use within its group
    names: dict[str, str] = field(default_factory=dict)  # user group → the name people know it by


def _run(
    rates: pl.DataFrame,
    series: pl.DataFrame,
    rate_column: str,
    scenario: Scenario,
    intensity: pl.DataFrame,
    years: range,
    base_year: int,
    pricing: GroupPricing | None = None,
) -> tuple[pl.DataFrame, list[str]]:
    """The scenario's metrics per year and step, and how its moves were priced (when ``pricing`` is given)."""
    persons = project_persons(rates, series, years, rate_column=rate_column)
    persons = healthy_ageing(persons, base_year, scenario.healthy_ageing_years)
    outcome = run(Grid.from_persons(persons, steps=affected(scenario)), scenario, places_per_person(intensity))
    growth = scenario.real_cost_growth_percent / 100
    table = outcome.metrics(intensity, base_year, growth)
    if pricing is None or not scenario.moves:
        return table, []
    named = {k: m.cost_per_person for k, m in enumerate(scenario.moves) if m.cost_per_person is not None}
    fix, notes = corrections(outcome, pricing.mix, pricing.groups, intensity, base_year, growth, ratios=pricing.ratios,
                             named=named, names=pricing.names)  # fmt: skip
    metrics = [c for c in fix.columns if c not in ("year", "step")]
    joined = table.join(fix, on=["year", "step"], how="left", suffix="__fix")
    return joined.with_columns((pl.col(m) + pl.col(f"{m}__fix").fill_null(0.0)).alias(m) for m in metrics).drop(
        f"{m}__fix" for m in metrics
    ), notes


def _inputs(
    decisions: pl.DataFrame,
    population: pl.DataFrame,
    base_profile: pl.DataFrame,
    scenario: Scenario,
    base_year: int,
    bands: tuple[str, ...],
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The base year's coverage rates, the population series of the scenario's alternative, the intensities."""
    band_table = bands_frame(bands)
    available = set(population["alternative"].unique().to_list())
    main = scenario.population_alternative
    if main not in available:
        projected = sorted(available - {REGISTERED})
        if not projected:
            raise TrappaError(
                "Inga befolkningsframskriving er lagra. Hent ho frå SSB, eller importer ei framskriving frå Statistikkbanken."
            )
        raise TrappaError(f"Scenarioet brukar befolkningsalternativ {main}, men berre {', '.join(projected)} er lagra.")
    series = population_series(population, band_table, main)
    base_pop = series.filter(pl.col("year") == base_year)
    return coverage_rates(decisions, base_pop, band_table, base_year), series, intensities(base_profile)


def project_scenario(
    decisions: pl.DataFrame,
    population: pl.DataFrame,
    base_profile: pl.DataFrame,
    scenario: Scenario,
    *,
    base_year: int,
    to_year: int,
    bands: tuple[str, ...] = DEFAULT_BANDS,
    group_profile: pl.DataFrame | None = None,
    group_names: dict[str, str] | None = None,
) -> Outlook:
    """Persons, decisions, hours, places, FTEs and cost per step and year, base_year..to_year.

    With ``group_profile`` (the base year's profile by user group) moved persons are priced by who moves
    (trappa.model.move_pricing); without it, at the destination step's average.
    """
    if to_year < base_year:
        raise TrappaError(f"Sluttåret {to_year} er før basisåret {base_year}.")
    rates, series, intensity = _inputs(decisions, population, base_profile, scenario, base_year, bands)
    band_table = bands_frame(bands)
    available = set(population["alternative"].unique().to_list())
    main = scenario.population_alternative
    years = range(base_year, to_year + 1)
    pricing = _pricing(decisions, series, band_table, base_year, group_profile, group_names) if scenario.moves else None
    table, notes = _run(rates, series, "rate", scenario, intensity, years, base_year, pricing)
    low_alt, high_alt = low_high_alternatives(main, available)
    low, _notes = _run(rates, population_series(population, band_table, low_alt), "rate_low", scenario, intensity,
                       years, base_year, pricing)  # fmt: skip
    high, _notes = _run(rates, population_series(population, band_table, high_alt), "rate_high", scenario, intensity,
                        years, base_year, pricing)  # fmt: skip
    for name, frame in (("low", low), ("high", high)):
        table = table.join(
            frame.select("year", "step", *(pl.col(m).alias(f"{m}_{name}") for m in ("persons", "ftes", "net_cost"))),
            on=["year", "step"],
            how="left",
        )
    # A band is a band: low never above the line, high never below. The base year is observed, not
    # projected: it has no range at all.
    observed = pl.col("year") == base_year
    table = table.with_columns(
        *(pl.when(observed).then(pl.col(m)).otherwise(pl.min_horizontal(f"{m}_low", m)).alias(f"{m}_low")
          for m in ("persons", "ftes", "net_cost")),
        *(pl.when(observed).then(pl.col(m)).otherwise(pl.max_horizontal(f"{m}_high", m)).alias(f"{m}_high")
          for m in ("persons", "ftes", "net_cost")),
    )  # fmt: skip
    return Outlook(scenario, base_year, rates, table.sort("year", "step"), notes)


def _pricing(
    decisions: pl.DataFrame,
    series: pl.DataFrame,
    band_table: pl.DataFrame,
    base_year: int,
    group_profile: pl.DataFrame | None,
    group_names: dict[str, str] | None = None,
) -> GroupPricing | None:
    if group_profile is None:
        return None
    base_pop = series.filter(pl.col("year") == base_year)
    group_rates = coverage_rates(decisions, base_pop, band_table, base_year, by_user_group=True)
    aged = person_ages(active_in_year(decisions, base_year).filter(pl.col("step") > 0), base_year, band_table)
    return GroupPricing(group_mix(group_rates), group_intensities(group_profile), band_ratios(aged), group_names or {})


def compare(outlooks: list[Outlook], reference_name: str | None = None) -> pl.DataFrame:
    """scenario, year, step and each metric, with the difference to the reference (the first by default)."""
    if not outlooks:
        return pl.DataFrame()
    ref = next((o for o in outlooks if o.scenario.name == reference_name), outlooks[0])
    metrics = ["persons", "places", "ftes", "net_cost", "unmet"]
    base = ref.table.select("year", "step", *(pl.col(m).alias(f"{m}_ref") for m in metrics))
    frames = []
    for o in outlooks:
        frames.append(
            o.table.select("year", "step", *metrics)
            .join(base, on=["year", "step"], how="left")
            .with_columns(
                pl.lit(o.scenario.name).alias("scenario"),
                *((pl.col(m) - pl.col(f"{m}_ref").fill_null(0.0)).alias(f"{m}_diff") for m in metrics),
            )
            .drop(*(f"{m}_ref" for m in metrics))
        )
    return pl.concat(frames).select("scenario", "year", "step", pl.exclude("scenario", "year", "step"))


def staffing_check(outlook: Outlook, ftes_today: float, yearly_change_percent: float) -> pl.DataFrame:
    """FTEs the scenario needs each year against the supply (today's FTEs, changing by a yearly percent)."""
    need = outlook.table.group_by("year").agg(exact_sum("ftes", in_row_order=True).alias("ftes_needed")).sort("year")
    return need.with_columns(
        (ftes_today * (1 + yearly_change_percent / 100) ** (pl.col("year") - outlook.base_year).cast(pl.Float64)).alias(
            "ftes_supply"
        )
    ).with_columns(
        (pl.col("ftes_supply") - pl.col("ftes_needed")).alias("ftes_gap"),
        (pl.col("ftes_needed") <= pl.col("ftes_supply") + 1e-9).alias("can_be_staffed"),
    )


DRIVER_METRICS = ("persons", "ftes", "net_cost")


def measures(scenario: Scenario) -> list[tuple[str, Scenario]]:
    """Each of the scenario's measures in the order the projection applies them, in words, with the
    scenario that has it and every measure before it (no real cost growth: that is a driver of its own)."""
    steps: list[tuple[str, Scenario]] = []
    base = scenario.model_copy(update={"rate_changes": [], "moves": [], "caps": [], "real_cost_growth_percent": 0.0,
                                       "healthy_ageing_years": 0.0})  # fmt: skip
    if scenario.healthy_ageing_years:
        base = base.model_copy(update={"healthy_ageing_years": scenario.healthy_ageing_years})
        words = f"Sunn aldring ({scenario.healthy_ageing_years:g} år per tiår, ei antaking)".replace(".", ",")
        steps.append((words, base))
    done: dict[str, list] = {"rate_changes": [], "moves": [], "caps": []}
    for change in scenario.rate_changes:
        what = (f"{change.change_percent:+g} %" if change.change_percent is not None
                else f"til {change.set_rate:g}").replace(".", ",")  # fmt: skip
        done["rate_changes"] = [*done["rate_changes"], change]
        steps.append((f"Dekningsgrad trinn {change.step} {what}", base.model_copy(update=dict(done))))
    for move in scenario.moves:
        done["moves"] = [*done["moves"], move]
        label = f"Flytting {move.share_percent:g} % frå trinn {move.from_step} til {move.to_step}".replace(".", ",")
        steps.append((label, base.model_copy(update=dict(done))))
    for cap in scenario.caps:
        done["caps"] = [*done["caps"], cap]
        steps.append((f"Tak på trinn {cap.step}", base.model_copy(update=dict(done))))
    return steps


def waterfall(
    decisions: pl.DataFrame,
    population: pl.DataFrame,
    base_profile: pl.DataFrame,
    scenario: Scenario,
    *,
    base_year: int,
    to_year: int,
    bands: tuple[str, ...] = DEFAULT_BANDS,
    group_profile: pl.DataFrame | None = None,
    group_names: dict[str, str] | None = None,
) -> pl.DataFrame:
    """What drives the change from today to ``to_year``: order, driver, step, persons, ftes, net_cost.

    Rows: today (the base year); demography alone (today's coverage on the projected population); each
    measure of the scenario in turn, added to those before it; real cost growth; and the scenario in
    ``to_year``. The drivers' changes add up to the scenario minus today, for every step and metric.
    """
    rates, series, intensity = _inputs(decisions, population, base_profile, scenario, base_year, bands)
    years = range(base_year, to_year + 1)
    pricing = (
        _pricing(decisions, series, bands_frame(bands), base_year, group_profile, group_names)
        if scenario.moves
        else None
    )

    def end(s: Scenario, year: int = to_year) -> pl.DataFrame:
        table, _notes = _run(rates, series, "rate", s, intensity, years, base_year, pricing)
        return table.filter(pl.col("year") == year).select("step", *DRIVER_METRICS)

    plain = scenario.model_copy(update={"rate_changes": [], "moves": [], "caps": [], "real_cost_growth_percent": 0.0,
                                        "healthy_ageing_years": 0.0})  # fmt: skip
    states = [("I dag", end(plain, base_year)), ("Demografi", end(plain))]
    states += [(label, end(partial)) for label, partial in measures(scenario)]
    states.append(("Realvekst i kostnad per person", end(scenario)))
    steps = pl.concat([f.select("step") for _n, f in states]).unique().sort("step")

    def aligned(frame: pl.DataFrame) -> pl.DataFrame:
        return steps.join(frame, on="step", how="left").with_columns(pl.col(m).fill_null(0.0) for m in DRIVER_METRICS)

    rows = [aligned(states[0][1]).with_columns(pl.lit(0).alias("order"), pl.lit(states[0][0]).alias("driver"))]
    for k in range(1, len(states)):
        before, after = aligned(states[k - 1][1]), aligned(states[k][1])
        change = after.select("step", *((pl.col(m) - before[m]).alias(m) for m in DRIVER_METRICS))
        rows.append(change.with_columns(pl.lit(k).alias("order"), pl.lit(states[k][0]).alias("driver")))
    last = aligned(states[-1][1]).with_columns(pl.lit(len(states)).alias("order"),
                                               pl.lit(f"{scenario.name} {to_year}").alias("driver"))  # fmt: skip
    rows.append(last)
    columns = ["order", "driver", "step", *DRIVER_METRICS]
    return pl.concat([r.select(columns) for r in rows]).sort("order", "step")
