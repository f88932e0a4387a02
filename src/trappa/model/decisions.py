"""Decisions (vedtak): which step each belongs to, and how active it was in a year."""

from __future__ import annotations

from datetime import date

import polars as pl

from trappa.model.sums import exact_sum


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
            exact_sum(pl.col("hours_per_week") * pl.col("active_days"))
            .truediv(days_in_year)
            .alias("decided_hours_per_week"),
            exact_sum(pl.col("hours_per_week") * pl.col("active_days") / 7).alias("decided_hours_year"),
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


def month_spans(year: int) -> list[tuple[str, date, date]]:
    """(«2024-03», first day, last day) of each month of the year."""
    import calendar

    return [(f"{year}-{m:02d}", date(year, m, 1), date(year, m, calendar.monthrange(year, m)[1])) for m in range(1, 13)]


def span_volumes(decisions: pl.DataFrame, spans: list[tuple[str, date, date]], by: list[str]) -> pl.DataFrame:
    """Per ``by`` columns and span (label, first, last day): persons, decisions and decided hours active in it.

    A span's decided hours come from the decisions active in it: hours per week × days active in the
    span ÷ 7. With ``by`` empty, one row per span for all the decisions together. Columns: the ``by``
    columns, period (the span's label), persons, decisions, decided_hours; only spans with a decision.
    """
    lazy = decisions.lazy()
    frames = []
    for label, first, last in spans:
        active = lazy.filter(
            (pl.col("start_date") <= last) & (pl.col("end_date").is_null() | (pl.col("end_date") >= first))
        ).with_columns(
            (
                (
                    pl.min_horizontal(pl.col("end_date").fill_null(last), pl.lit(last))
                    - pl.max_horizontal(pl.col("start_date"), pl.lit(first))
                ).dt.total_days()
                + 1
            ).alias("__days")
        )
        aggs = [
            pl.col("person_key").n_unique().alias("persons"),
            pl.len().alias("decisions"),
            exact_sum(pl.col("hours_per_week") * pl.col("__days") / 7).alias("decided_hours"),
        ]
        grouped = active.group_by(by).agg(*aggs) if by else active.select(*aggs).filter(pl.col("decisions") > 0)
        frames.append(grouped.with_columns(period=pl.lit(label)))
    schema_cols = [*by, "period", "persons", "decisions", "decided_hours"]
    return pl.concat(frames, how="diagonal").collect().select(schema_cols)


def monthly_volumes(decisions: pl.DataFrame, year: int) -> pl.DataFrame:
    """Per step and month of ``year``: persons and decisions active in the month, and its decided hours.

    ``decisions`` must have their steps resolved. Columns: step, period («2024-03»), persons,
    decisions, decided_hours (see :func:`span_volumes`); every month of every step that has a
    decision in the year is present.
    """
    found = span_volumes(decisions.filter(pl.col("step") > 0), month_spans(year), ["step"])
    steps = found.select("step").unique()
    months = pl.DataFrame({"period": [label for label, _first, _last in month_spans(year)]})
    full = steps.join(months, how="cross")
    return (
        full.join(found, on=["step", "period"], how="left")
        .with_columns(
            pl.col("persons").fill_null(0).cast(pl.Int64),
            pl.col("decisions").fill_null(0).cast(pl.Int64),
            pl.col("decided_hours").fill_null(0.0),
        )
        .sort("step", "period")
    )
