"""Projection of the staircase (framskriving av tenestebehov) to 2040 and 2050.

The reference ("alternativ 0") is the method of the national projection of
service needs: persons per step in year t = Σ over age bands of projected
inhabitants(t, band) × the base year's coverage rate(step, band). Decisions,
hours, places, FTEs and cost follow from the base year's intensities per
person; costs are at constant prices, optionally with a yearly real growth.
"""

from __future__ import annotations

import polars as pl

from trappa.errors import TrappaError
from trappa.model.bands import band_of
from trappa.model.sums import exact_sum

REGISTERED = "registrert"
INTENSITY_COLUMNS = {
    "decisions": "decisions",
    "decided_hours_per_week": "decided_hours_per_week",
    "places": "places",
    "ftes": "ftes",
    "net_cost": "net_cost",
    "gross_cost": "gross_cost",
}
METRICS = ["persons", *INTENSITY_COLUMNS]


def population_series(
    population: pl.DataFrame, bands: pl.DataFrame, alternative: str, by: list[str] | None = None
) -> pl.DataFrame:
    """year (, by), band, inhabitants: registered counts where they exist, the chosen projection after.

    ``population`` is the long table of :mod:`trappa.ingest.population` (sexes are summed).
    """
    by = by or []
    banded = population.with_columns(band_of(pl.col("age"), bands).alias("band"))
    registered = banded.filter(pl.col("alternative") == REGISTERED)
    projected = banded.filter(pl.col("alternative") == alternative)
    if projected.is_empty() and alternative != REGISTERED:
        found = sorted(set(population["alternative"].to_list()) - {REGISTERED})
        raise TrappaError(
            f"Inga framskriving med alternativ {alternative}. Tilgjengeleg: {', '.join(found) or 'ingen'}."
        )
    # Per municipality (or whatever ``by`` names): projected years only after the last registered year.
    keys = by or ["__all"]
    if not by:
        registered = registered.with_columns(pl.lit(1).alias("__all"))
        projected = projected.with_columns(pl.lit(1).alias("__all"))
    last = registered.group_by(keys).agg(pl.col("year").max().alias("__last"))
    projected = (
        projected.join(last, on=keys, how="left")
        .filter(pl.col("__last").is_null() | (pl.col("year") > pl.col("__last")))
        .drop("__last")
    )
    if not by:
        registered, projected = registered.drop("__all"), projected.drop("__all")
    both = pl.concat([registered, projected])
    return (
        both.group_by(["year", *by, "band"])
        .agg(exact_sum("persons", in_row_order=True).alias("inhabitants"))
        .sort(["year", *by, "band"])
    )


def intensities(profile_table: pl.DataFrame) -> pl.DataFrame:
    """Per step of the base year: each metric per person (0 where a step has no persons)."""
    cols = []
    for metric, column in INTENSITY_COLUMNS.items():
        value = pl.col(column).fill_null(0.0).cast(pl.Float64)
        cols.append(
            pl.when(pl.col("persons") > 0).then(value / pl.col("persons")).otherwise(0.0).alias(f"{metric}_per_person")
        )
    return profile_table.select("step", *cols)


def check_years(population: pl.DataFrame, years: range) -> None:
    """Refuse a projection over years the population series does not have."""
    missing = sorted(set(years) - set(population["year"].unique().to_list()))
    if missing:
        raise TrappaError(f"Befolkninga manglar for åra {missing[0]}–{missing[-1]}. Hent eller importer framskrivinga.")


def project_persons(
    rates: pl.DataFrame, series: pl.DataFrame, years: range, by: list[str] | None = None, rate_column: str = "rate"
) -> pl.DataFrame:
    """year (, by), step, band, persons = inhabitants × rate."""
    by = by or []
    pop = series.filter(pl.col("year").is_in(list(years)))
    check_years(pop, years)
    return (
        # A fixed row order whatever order the rates came in (the population is sorted, the rates are
        # sorted here, and the join keeps both orders): later sums add in row order.
        pop.join(
            rates.select([*by, "step", "band", pl.col(rate_column).alias("rate")]).sort([*by, "step", "band"]),
            on=[*by, "band"],
            how="inner",
            maintain_order="left_right",
        )
        .with_columns((pl.col("inhabitants") * pl.col("rate")).alias("persons"))
        .select(["year", *by, "step", "band", "persons", "rate", "inhabitants"])
    )


def add_metrics(
    persons: pl.DataFrame | pl.LazyFrame,
    intensity: pl.DataFrame,
    base_year: int,
    real_growth: float = 0.0,
    by: list[str] | None = None,
) -> pl.DataFrame:
    """year (, by), step, persons, decisions, decided_hours_per_week, places, ftes, net_cost, gross_cost.

    ``persons`` may be per band (it is summed per step first) or already per step.
    """
    by = by or []
    per_step = persons.lazy().group_by(["year", *by, "step"]).agg(exact_sum("persons", in_row_order=True))
    return with_intensities(per_step.collect(), intensity, base_year, real_growth, by)


def with_intensities(
    per_step: pl.DataFrame,
    intensity: pl.DataFrame,
    base_year: int,
    real_growth: float = 0.0,
    by: list[str] | None = None,
) -> pl.DataFrame:
    """Metrics from persons per step: the base year's intensities per person; costs grow by ``real_growth``."""
    by = by or []
    growth = (1 + real_growth) ** (pl.col("year") - base_year).cast(pl.Float64)
    out = per_step.join(intensity, on=[*[b for b in by if b in intensity.columns], "step"], how="left")
    exprs = []
    for metric in INTENSITY_COLUMNS:
        value = pl.col("persons") * pl.col(f"{metric}_per_person").fill_null(0.0)
        if metric in ("net_cost", "gross_cost"):
            value = value * growth
        exprs.append(value.alias(metric))
    extra = [c for c in per_step.columns if c not in ("year", "step", "persons", *by)]
    return out.select(["year", *by, "step", "persons", *exprs, *extra]).sort(["year", *by, "step"])


def by_category(projection: pl.DataFrame, steps: pl.DataFrame, by: list[str] | None = None) -> pl.DataFrame:
    """The same metrics summed per category of the staircase."""
    by = by or []
    return (
        projection.join(steps.select("step", "category"), on="step", how="left")
        .group_by(["year", *by, "category"])
        .agg(exact_sum(m, in_row_order=True) for m in METRICS if m in projection.columns)
        .sort(["year", *by, "category"])
    )


WEEKS_A_YEAR = 52
HOME_CARE_DIRECT_TIME = 0.6  # the share of working time with the user in home care, when not set


def ftes_from_volume(decided_hours_per_week: float, direct_time_share: float, hours_per_gross_fte: float) -> float:
    """The FTEs the decided volume needs: decided hours ÷ the share of working time that is direct time with
    the user ÷ hours per gross FTE (a week's hours × 52 for a year)."""
    if direct_time_share <= 0 or hours_per_gross_fte <= 0:
        return 0.0
    return decided_hours_per_week * WEEKS_A_YEAR / direct_time_share / hours_per_gross_fte


OLD_FROM = 67  # healthy ageing shifts the coverage of the bands from this age


def healthy_ageing(persons: pl.DataFrame, base_year: int, years_per_decade: float) -> pl.DataFrame:
    """Coverage of the old bands shifted towards older ages as healthy life expectancy grows.

    After t years the rates of a band from 67 move ``years_per_decade`` × t / 10 years of the way towards the
    band below it (linearly, at most the whole band): an 85-year-old then needs what an 83-year-old
    needs today. ``persons`` is :func:`project_persons`'s table; its persons follow the new rates.
    """
    if years_per_decade <= 0 or persons.is_empty():
        return persons
    labels = persons["band"].unique().to_list()
    from trappa.model.bands import bands_frame

    bands = bands_frame(labels).with_columns(
        pl.col("band").shift(1).alias("below"),
        pl.when(pl.col("age_to") >= 130).then(5).otherwise(pl.col("age_to") - pl.col("age_from") + 1).alias("width"),
    )
    below = persons.select("year", "step", pl.col("band").alias("below"), pl.col("rate").alias("__rate_below"))
    shifted = pl.min_horizontal(
        pl.lit(years_per_decade) * (pl.col("year") - base_year).cast(pl.Float64) / 10 / pl.col("width"), pl.lit(1.0)
    )
    old = pl.col("age_from") >= OLD_FROM
    out = (
        persons.join(bands.select("band", "below", "width", "age_from"), on="band", how="left")
        .join(below, on=["year", "step", "below"], how="left")
        .with_columns(
            pl.when(old & pl.col("__rate_below").is_not_null())
            .then(pl.col("rate") - (pl.col("rate") - pl.col("__rate_below")) * shifted)
            .otherwise(pl.col("rate"))
            .alias("rate")
        )
        .with_columns((pl.col("inhabitants") * pl.col("rate")).alias("persons"))
    )
    return out.select(persons.columns)
