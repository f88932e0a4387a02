"""The staircase in 2040: reference and scenarios with uncertainty bands and a staffing check.

Ties coverage rates, population series and scenario rules together; every
piece is a pure function over tables.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from trappa.errors import TrappaError
from trappa.model.bands import DEFAULT_BANDS, bands_frame
from trappa.model.coverage import coverage_rates
from trappa.model.projection import REGISTERED, intensities, population_series, project_persons, with_intensities
from trappa.model.scenario import Scenario, scenario_step_totals

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

    def totals(self) -> pl.DataFrame:
        cols = [c for c in self.table.columns if c not in ("year", "step")]
        return self.table.group_by("year").agg(pl.col(c).sum() for c in cols).sort("year")


def _run(
    rates: pl.DataFrame,
    series: pl.DataFrame,
    rate_column: str,
    scenario: Scenario,
    intensity: pl.DataFrame,
    years: range,
    base_year: int,
) -> pl.DataFrame:
    persons = project_persons(rates, series, years, rate_column=rate_column)
    places = intensity.select("step", pl.col("places_per_person"))
    (totals,) = scenario_step_totals(persons, [scenario], places)
    return with_intensities(totals, intensity, base_year, scenario.real_cost_growth_percent / 100)


def project_scenario(
    decisions: pl.DataFrame,
    population: pl.DataFrame,
    base_profile: pl.DataFrame,
    scenario: Scenario,
    *,
    base_year: int,
    to_year: int,
    bands: tuple[str, ...] = DEFAULT_BANDS,
) -> Outlook:
    """Persons, decisions, hours, places, FTEs and cost per step and year, base_year..to_year."""
    if to_year < base_year:
        raise TrappaError(f"Sluttåret {to_year} er før basisåret {base_year}.")
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
    rates = coverage_rates(decisions, base_pop, band_table, base_year)
    intensity = intensities(base_profile)
    years = range(base_year, to_year + 1)
    table = _run(rates, series, "rate", scenario, intensity, years, base_year)
    low_alt, high_alt = low_high_alternatives(main, available)
    low = _run(
        rates, population_series(population, band_table, low_alt), "rate_low", scenario, intensity, years, base_year
    )
    high = _run(
        rates, population_series(population, band_table, high_alt), "rate_high", scenario, intensity, years, base_year
    )
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
    return Outlook(scenario, base_year, rates, table.sort("year", "step"))


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
    need = outlook.table.group_by("year").agg(pl.col("ftes").sum().alias("ftes_needed")).sort("year")
    return need.with_columns(
        (ftes_today * (1 + yearly_change_percent / 100) ** (pl.col("year") - outlook.base_year).cast(pl.Float64)).alias(
            "ftes_supply"
        )
    ).with_columns(
        (pl.col("ftes_supply") - pl.col("ftes_needed")).alias("ftes_gap"),
        (pl.col("ftes_needed") <= pl.col("ftes_supply") + 1e-9).alias("can_be_staffed"),
    )
