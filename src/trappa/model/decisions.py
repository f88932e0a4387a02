"""Decisions (vedtak): which step each belongs to, and how active it was in a year."""

from __future__ import annotations

from datetime import date

import polars as pl


def resolve_steps(decisions: pl.DataFrame, services: pl.DataFrame | None) -> pl.DataFrame:
    """Step from the decision itself, else from the service→step table; null when neither says."""
    if services is None or services.is_empty():
        return decisions
    table = services.select("service", pl.col("step").alias("__service_step")).unique("service")
    return (
        decisions.join(table, on="service", how="left")
        .with_columns(pl.coalesce("step", "__service_step").alias("step"))
        .drop("__service_step")
    )


def active_in_year(decisions: pl.DataFrame, year: int) -> pl.DataFrame:
    """Decisions active at some time in ``year``, with their active days in it."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    return (
        decisions.lazy()
        .filter((pl.col("start_date") <= last) & (pl.col("end_date").is_null() | (pl.col("end_date") >= first)))
        .with_columns(
            (
                (
                    pl.min_horizontal(pl.col("end_date").fill_null(last), pl.lit(last))
                    - pl.max_horizontal(pl.col("start_date"), pl.lit(first))
                ).dt.total_days()
                + 1
            ).alias("active_days")
        )
        .collect()
    )


def active_on(day: date) -> pl.Expr:
    return (pl.col("start_date") <= day) & (pl.col("end_date").is_null() | (pl.col("end_date") >= day))


def decision_volumes(active: pl.DataFrame, year: int, on_date: date, by: list[str]) -> pl.DataFrame:
    """Persons, decisions and decided hours per step (and ``by`` columns).

    - persons: distinct person keys with a decision active in the year;
    - persons_on_date: distinct person keys active on ``on_date``;
    - decided_hours_per_week: weekly decided hours averaged over the year;
    - decided_hours_year: decided hours in the year (weekly hours × active weeks).
    """
    days_in_year = (date(year, 12, 31) - date(year, 1, 1)).days + 1
    return (
        active.lazy()
        .filter(pl.col("step").is_not_null())
        .group_by(["step", *by])
        .agg(
            pl.col("person_key").n_unique().alias("persons"),
            pl.col("person_key").filter(active_on(on_date)).n_unique().alias("persons_on_date"),
            pl.len().alias("decisions"),
            (pl.col("hours_per_week") * pl.col("active_days"))
            .sum()
            .truediv(days_in_year)
            .alias("decided_hours_per_week"),
            (pl.col("hours_per_week") * pl.col("active_days") / 7).sum().alias("decided_hours_year"),
        )
        .collect()
    )


def decisions_without_step(active: pl.DataFrame) -> pl.DataFrame:
    """Services of active decisions that have no step: the allocation office must place them."""
    return (
        active.filter(pl.col("step").is_null())
        .group_by("service")
        .agg(pl.len().alias("decisions"), pl.col("person_key").n_unique().alias("persons"))
        .sort("decisions", descending=True)
    )
