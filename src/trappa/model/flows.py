"""Flows between steps (flyt i trappa), from the decision history: who moved from which step to which.

On each of two dates a person is on the highest step they have a decision on (the most the
municipality intervenes), or outside the staircase. Between the dates every person makes one flow:
stays, moves from one step to another, enters (from outside) or leaves (to outside), so each step's
count on the second date is its count on the first, plus those who came, minus those who went. The
length of stay on a step is the length of a spell: a person's decisions on the step joined where
they follow each other without a gap.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

OUTSIDE = 0  # not on any step of the staircase on the date


def positions(decisions: pl.DataFrame, day: date) -> pl.DataFrame:
    """person_key, step: each person's highest step with a decision active on ``day``."""
    active = decisions.filter(
        (pl.col("step") > 0)
        & (pl.col("start_date") <= day)
        & (pl.col("end_date").is_null() | (pl.col("end_date") >= day))
    )
    return active.group_by("person_key").agg(pl.col("step").max())


def flows(decisions: pl.DataFrame, first: date, second: date) -> pl.DataFrame:
    """from_step, to_step, persons: how many went from each position on ``first`` to each on ``second``.

    Step 0 (``OUTSIDE``) is outside the staircase: from 0 is entering, to 0 is leaving. Persons who are
    outside on both dates are not counted.
    """
    before = positions(decisions, first).rename({"step": "from_step"})
    after = positions(decisions, second).rename({"step": "to_step"})
    both = before.join(after, on="person_key", how="full", coalesce=True).with_columns(
        pl.col("from_step").fill_null(OUTSIDE), pl.col("to_step").fill_null(OUTSIDE)
    )
    return (
        both.group_by("from_step", "to_step").agg(pl.len().cast(pl.Int64).alias("persons")).sort("from_step", "to_step")
    )


def stock_changes(flow: pl.DataFrame) -> pl.DataFrame:
    """step, before, came, went, after: per step, from the flows; after = before + came − went."""
    steps = sorted({*flow["from_step"].to_list(), *flow["to_step"].to_list()} - {OUTSIDE})
    rows = []
    for step in steps:
        into = flow.filter(pl.col("to_step") == step)
        out_of = flow.filter(pl.col("from_step") == step)
        stayed = int(flow.filter((pl.col("from_step") == step) & (pl.col("to_step") == step))["persons"].sum())
        before = int(out_of["persons"].sum())
        after = int(into["persons"].sum())
        rows.append((step, before, after - stayed, before - stayed, after))
    schema = {"step": pl.Int64, "before": pl.Int64, "came": pl.Int64, "went": pl.Int64, "after": pl.Int64}
    return pl.DataFrame(rows, schema=schema, orient="row")


def spells(decisions: pl.DataFrame, until: date) -> pl.DataFrame:
    """person_key, step, start, end, days: decisions on the same step joined where they follow each other
    (the next starts at most a day after the last ends); an open spell ends on ``until``."""
    rows = (
        decisions.filter(pl.col("step") > 0)
        .with_columns(pl.col("end_date").fill_null(until).alias("__end"))
        .filter(pl.col("start_date") <= until)
        .sort("person_key", "step", "start_date")
    )
    # a new spell starts where the decision begins after everything before it on the step has ended
    reach = pl.col("__end").cum_max().shift(1).over("person_key", "step")
    starts = (pl.col("start_date") > reach + timedelta(days=1)).fill_null(True)
    grouped = rows.with_columns(starts.cast(pl.Int64).cum_sum().over("person_key", "step").alias("__spell"))
    joined = grouped.group_by("person_key", "step", "__spell").agg(
        pl.col("start_date").min().alias("start"),
        pl.min_horizontal(pl.col("__end").max(), pl.lit(until)).alias("end"),
        (pl.col("end_date").is_null() | (pl.col("end_date") > until)).any().alias("open"),
    )
    return joined.with_columns(((pl.col("end") - pl.col("start")).dt.total_days() + 1).alias("days")).drop("__spell")


def length_of_stay(decisions: pl.DataFrame, first: date, second: date) -> pl.DataFrame:
    """step, ended, median_days, mean_days: the spells on each step that ended between the two dates."""
    ended = spells(decisions, second).filter(~pl.col("open") & (pl.col("end") > first) & (pl.col("end") <= second))
    return (
        ended.group_by("step")
        .agg(
            pl.len().cast(pl.Int64).alias("ended"),
            pl.col("days").median().alias("median_days"),
            pl.col("days").mean().alias("mean_days"),
        )
        .sort("step")
    )
