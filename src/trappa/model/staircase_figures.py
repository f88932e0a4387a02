"""Staircase figures per month or year (trappetal): where the money and the people are on the staircase.

The sector's own questions of the staircase, followed month by month on the måltavle:

- how much of the net cost lies on the low steps (categories 1 and 2: prevention, activity and
  coping) and how much in category 4 (institution and round-the-clock care);
- how many people have a service, per 1 000 inhabitants and, for those aged 80 and over, per 1 000
  inhabitants aged 80 and over (population on 1 January of the year);
- of the people with home care (steps marked ``home_care`` in the staircase) on the last day of the
  period, the share with under 2,5 and over 15 decided hours a week, all their home-care decisions
  active that day added up.

Category numbers are the staircase's own; a staircase without a category 4 has 0 there.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from trappa.model.accounts import is_income
from trappa.model.decisions import span_volumes
from trappa.model.mapping import allocate

LOW_CATEGORIES = (1, 2)
INSTITUTION_CATEGORY = 4
OLD_AGE = 80
LIGHT_HOURS = 2.5  # a week
HEAVY_HOURS = 15.0

FIGURES = (
    "low_steps_cost_share",
    "institution_cost_share",
    "persons_per_1000",
    "persons_80_per_1000",
    "home_care_light_share",
    "home_care_heavy_share",
)


def _label(monthly: bool) -> pl.Expr:
    if monthly:
        return pl.format("{}-{}", pl.col("year"), pl.col("month").cast(pl.Utf8).str.zfill(2))
    return pl.col("year").cast(pl.Utf8)


def net_cost_by_category(
    accounts: pl.DataFrame, mapping: pl.DataFrame, steps: pl.DataFrame, *, monthly: bool
) -> pl.DataFrame:
    """period, low_net_kr, institution_net_kr, steps_net_kr: the accounts split over the steps by the
    year's key (as the profile does) and summed by category. A month counts only accounts with a month."""
    rows = accounts.filter(pl.col("month").is_not_null()) if monthly else accounts
    schema = {"period": pl.Utf8, "low_net_kr": pl.Float64, "institution_net_kr": pl.Float64, "steps_net_kr": pl.Float64}
    if rows.is_empty() or mapping.is_empty():
        return pl.DataFrame(schema=schema)
    totals = (
        rows.with_columns(_label(monthly).alias("period"), is_income(pl.col("art")).alias("is_income"))
        .group_by("year", "period", "cost_centre", "function", "is_income")
        .agg(pl.col("amount_ore").sum())
    )
    placed, _ties = allocate(totals, mapping, ["amount_ore"])
    on_steps = placed.filter(pl.col("step") > 0).join(steps.select("step", "category"), on="step", how="inner")
    ore = pl.col("amount_ore")  # whole øre: summed exactly, in any order, then made kroner
    return (
        on_steps.group_by("period")
        .agg(
            (ore.filter(pl.col("category").is_in(LOW_CATEGORIES)).sum() / 100).alias("low_net_kr"),
            (ore.filter(pl.col("category") == INSTITUTION_CATEGORY).sum() / 100).alias("institution_net_kr"),
            (ore.sum() / 100).alias("steps_net_kr"),
        )
        .select(list(schema))
        .cast(schema)  # type: ignore[arg-type]
    )


def is_old(year: int) -> pl.Expr:
    """Aged 80 or more in ``year``: from the birth year, else from an age band that starts at 80 or above."""
    band_start = pl.col("age_band").str.extract(r"^\s*(\d+)", 1).cast(pl.Int64, strict=False)
    return pl.coalesce(
        (pl.lit(year) - pl.col("birth_year")) >= OLD_AGE,
        band_start >= OLD_AGE,
    ).fill_null(False)


def person_counts(
    decisions: pl.DataFrame, steps: pl.DataFrame, spans: list[tuple[str, date, date]], year: int
) -> pl.DataFrame:
    """period, persons, persons_80, home_care_users, home_care_light, home_care_heavy.

    ``decisions`` have their steps resolved; persons are distinct across the staircase's steps.
    """
    on_steps = decisions.filter(pl.col("step") > 0).with_columns(is_old(year).alias("__old"))
    everyone = span_volumes(on_steps, spans, []).select("period", "persons")
    old = span_volumes(on_steps.filter(pl.col("__old")), spans, []).select(
        "period", pl.col("persons").alias("persons_80")
    )
    home_steps = steps.filter(pl.col("home_care"))["step"].to_list()
    # hours a week per person on the last day of the period (a date, as KOSTRA counts): one day's
    # decided hours of all their home-care decisions active then, times seven
    last_days = [(label, last, last) for label, _first, last in spans]
    per_person = (
        span_volumes(on_steps.filter(pl.col("step").is_in(home_steps)), last_days, ["person_key"])
        .with_columns((pl.col("decided_hours") * 7).alias("hours"))
        .group_by("period")
        .agg(
            pl.len().alias("home_care_users"),
            (pl.col("hours") < LIGHT_HOURS - 1e-9).sum().alias("home_care_light"),
            (pl.col("hours") > HEAVY_HOURS + 1e-9).sum().alias("home_care_heavy"),
        )
    )
    grid = pl.DataFrame({"period": [label for label, _f, _l in spans]})
    out = grid.join(everyone, on="period", how="left").join(old, on="period", how="left")
    out = out.join(per_person, on="period", how="left")
    counts = ["persons", "persons_80", "home_care_users", "home_care_light", "home_care_heavy"]
    return out.with_columns(*(pl.col(c).fill_null(0).cast(pl.Int64) for c in counts))


def staircase_figures(
    persons: pl.DataFrame, cost: pl.DataFrame, inhabitants: int | None, inhabitants_80: int | None
) -> pl.DataFrame:
    """The figures of :data:`FIGURES` per period from :func:`person_counts`, :func:`net_cost_by_category`
    and the population of the year; a figure without its data is null, never zero."""

    def per_1000(count: str, population: int | None) -> pl.Expr:
        if not population:
            return pl.lit(None, pl.Float64)
        return pl.col(count) * 1000 / population

    def share(part: str, whole: str) -> pl.Expr:
        return pl.when(pl.col(whole).is_not_null() & (pl.col(whole) != 0)).then(pl.col(part) / pl.col(whole))

    return (
        persons.join(cost, on="period", how="left")
        .with_columns(
            share("low_net_kr", "steps_net_kr").alias("low_steps_cost_share"),
            share("institution_net_kr", "steps_net_kr").alias("institution_cost_share"),
            per_1000("persons", inhabitants).alias("persons_per_1000"),
            per_1000("persons_80", inhabitants_80).alias("persons_80_per_1000"),
            share("home_care_light", "home_care_users").alias("home_care_light_share"),
            share("home_care_heavy", "home_care_users").alias("home_care_heavy_share"),
        )
        .select("period", *FIGURES, "home_care_light", "home_care_heavy", "home_care_users")
    )
