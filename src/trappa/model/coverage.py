"""Coverage rates (dekningsgrad): users of a step per inhabitant of an age band, in a base year.

rate = persons with a decision on the step active in the base year, in the band
÷ inhabitants of the band on 1 January of the base year. The counts behind every
rate are kept, so a rate from a small band is never shown without them, and
a 95 % interval (Wilson) tells how far it can be trusted.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from trappa.errors import TrappaError
from trappa.model.bands import band_of
from trappa.model.decisions import active_in_year, active_on

Z95 = 1.959963984540054


def person_ages(decisions: pl.DataFrame, base_year: int, bands: pl.DataFrame) -> pl.DataFrame:
    """Each decision's band: from the birth year (age reached in the base year), else its own age band."""
    labels = set(bands["band"].to_list())
    by_birth = band_of(pl.lit(base_year) - pl.col("birth_year"), bands)
    given = pl.col("age_band").str.replace_all(r"\s", "").str.replace("–", "-")
    out = decisions.with_columns(pl.coalesce(by_birth, pl.when(given.is_in(list(labels))).then(given)).alias("band"))
    unknown = out.filter(pl.col("band").is_null())
    if unknown.height:
        found = sorted(set(unknown["age_band"].drop_nulls().to_list()))
        raise TrappaError(
            f"{unknown.height} vedtak har aldersgruppe som ikkje passar med aldersgruppene for dekningsgrad "
            f"({', '.join(sorted(labels))}): {', '.join(found) or 'manglar'}. Bruk fødselsår, eller same aldersgrupper."
        )
    return out


def wilson(k: pl.Expr, n: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """95 % Wilson score interval of a proportion k/n (well-behaved for small counts and for k = 0)."""
    p = k / n
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * ((p * (1 - p) / n + z2 / (4 * n * n)).sqrt()) / (1 + z2 / n)
    return (centre - half).clip(lower_bound=0), centre + half


def coverage_rates(
    decisions: pl.DataFrame,
    inhabitants: pl.DataFrame,
    bands: pl.DataFrame,
    base_year: int,
    *,
    by_user_group: bool = False,
) -> pl.DataFrame:
    """step (, user_group), band, persons, inhabitants, rate, rate_low, rate_high.

    ``inhabitants`` has band and inhabitants for the base year (see :func:`trappa.model.projection.population_series`).
    """
    by = ["user_group"] if by_user_group else []
    if inhabitants.is_empty():
        raise TrappaError(f"Inga befolkning for {base_year}. Importer eller hent befolkninga først.")
    active = person_ages(active_in_year(decisions, base_year).filter(pl.col("step") > 0), base_year, bands)
    persons = active.group_by(["step", *by, "band"]).agg(pl.col("person_key").n_unique().alias("persons"))
    inhabitants = inhabitants.select("band", "inhabitants")
    steps = persons.select(["step", *by]).unique()
    grid = steps.join(bands.select("band"), how="cross")
    low, high = wilson(pl.col("persons").cast(pl.Float64), pl.col("inhabitants"))
    return (
        grid.join(persons, on=["step", *by, "band"], how="left")
        .join(inhabitants, on="band", how="left")
        .with_columns(pl.col("persons").fill_null(0), pl.col("inhabitants").fill_null(0.0))
        .with_columns(
            pl.when(pl.col("inhabitants") > 0)
            .then(pl.col("persons") / pl.col("inhabitants"))
            .otherwise(0.0)
            .alias("rate"),
            pl.when(pl.col("inhabitants") > 0).then(low).otherwise(0.0).alias("rate_low"),
            pl.when(pl.col("inhabitants") > 0).then(high).otherwise(0.0).alias("rate_high"),
        )
        .sort(["step", *by, "band"])
    )


GROUPINGS = ("step", "category", "user_group")
ALL_BANDS = "alle"


def census_coverage(
    decisions: pl.DataFrame,
    inhabitants: pl.DataFrame,
    bands: pl.DataFrame,
    *,
    year: int,
    census: date | None = None,
    by: str = "step",
    steps: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Coverage as the sector counts it: persons with a decision active on a census date (or, without
    one, at some time in ``year``) over the inhabitants of each band on 1 January of the population year.

    ``decisions`` have their steps resolved; ``inhabitants`` has band and inhabitants (the population
    year the caller chose); ``by`` is step, category (``steps`` gives each step's) or user_group. Rows:
    the group, band (and «alle» for all ages), persons, inhabitants, rate and its 95 % interval.
    """
    if by not in GROUPINGS:
        raise TrappaError(f"Ukjend inndeling «{by}»: bruk {', '.join(GROUPINGS)}.")
    if inhabitants.is_empty():
        raise TrappaError("Inga befolkning for året teljinga skal delast på. Importer eller hent befolkninga.")
    on_steps = decisions.filter(pl.col("step") > 0)
    active = on_steps.filter(active_on(census)) if census else active_in_year(on_steps, year)
    age_year = census.year if census else year
    aged = person_ages(active, age_year, bands)
    if by == "category":
        if steps is None:
            raise TrappaError("Kategoriane treng trappa sine trinn.")
        aged = aged.join(steps.select("step", "category"), on="step", how="left")
    group = by
    per_band = aged.group_by(group, "band").agg(pl.col("person_key").n_unique().alias("persons"))
    every_age = aged.group_by(group).agg(pl.col("person_key").n_unique().alias("persons"))
    people = inhabitants.select("band", pl.col("inhabitants").cast(pl.Float64))
    groups = aged.select(group).unique()
    grid = groups.join(bands.select("band"), how="cross")
    banded = (
        grid.join(per_band, on=[group, "band"], how="left")
        .join(people, on="band", how="left")
        .with_columns(pl.col("persons").fill_null(0), pl.col("inhabitants").fill_null(0.0))
    )
    total = every_age.with_columns(pl.lit(ALL_BANDS).alias("band"), pl.lit(float(people["inhabitants"].sum())).alias(
        "inhabitants"))  # fmt: skip
    both = pl.concat([banded.select(group, "band", "persons", "inhabitants"),
                      total.select(group, "band", "persons", "inhabitants")])  # fmt: skip
    low, high = wilson(pl.col("persons").cast(pl.Float64), pl.col("inhabitants"))
    has = pl.col("inhabitants") > 0
    order = {b: i for i, b in enumerate([*bands["band"].to_list(), ALL_BANDS])}
    return (
        both.with_columns(
            pl.when(has).then(pl.col("persons") / pl.col("inhabitants")).alias("rate"),
            pl.when(has).then(low).alias("rate_low"),
            pl.when(has).then(high).alias("rate_high"),
            pl.col("band").replace_strict(order, return_dtype=pl.Int64).alias("__order"),
        )
        .sort(group, "__order")
        .drop("__order")
        .rename({group: "group"})
    )


def method_text(year: int, census: date | None, population_year: int) -> str:
    """The counting method in words, for every output that shows a rate."""
    counted = f"med vedtak aktivt {census:%d.%m.%Y}" if census else f"med vedtak aktivt ein gong i {year}"
    return f"Personar {counted}, delt på innbyggjarar 1. januar {population_year} i same aldersgruppe."
