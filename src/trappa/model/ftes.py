"""FTEs (årsverk) per step: each cost centre's FTEs follow its money.

A centre's FTEs are split in proportion to its gross cost on each step and user
group (so a centre mapped 70/30 puts 70/30 of its staff there too). A centre
with FTEs but no gross cost in the accounts uses its mapping rows that have no
function. FTEs nothing matches are unmapped and listed by ``trappa check``.
"""

from __future__ import annotations

import polars as pl

from trappa.model.mapping import UNMAPPED_GROUP, best_keys, match_keys, selectors, targets
from trappa.model.sums import exact_sum


def yearly_ftes(ftes: pl.DataFrame) -> pl.DataFrame:
    """FTEs of the year per row: a monthly row (the FTEs of that month) counts one twelfth.

    So a file of twelve months gives the year's mean, and a centre that closed in June half its staff.
    """
    if "month" not in ftes.columns:
        return ftes
    return ftes.with_columns(pl.when(pl.col("month").is_null()).then(pl.col("ftes")).otherwise(pl.col("ftes") / 12))


def allocate_ftes(ftes: pl.DataFrame, cost_allocation: pl.DataFrame, mapping: pl.DataFrame) -> pl.DataFrame:
    """year, cost_centre, step, user_group, ftes; the FTE column sums to the input."""
    per_centre = ftes.group_by("year", "cost_centre").agg(exact_sum("ftes"))
    gross = (
        cost_allocation.filter(~pl.col("is_income"))
        .group_by("year", "cost_centre", "step", "user_group")
        .agg(pl.col("amount_ore").sum().clip(lower_bound=0).alias("weight"))
        .filter(pl.col("weight") > 0)
    )
    by_cost = per_centre.join(gross, on=["year", "cost_centre"], how="inner").with_columns(
        (pl.col("ftes") * pl.col("weight") / exact_sum("weight").over("year", "cost_centre")).alias("ftes")
    )
    rest = per_centre.join(gross.select("year", "cost_centre").unique(), on=["year", "cost_centre"], how="anti")
    keys = rest.select("year", "cost_centre", pl.lit(None, pl.Utf8).alias("function"))
    best, _ = best_keys(match_keys(keys, selectors(mapping)))
    # A centre with FTEs but no cost cannot be spread «etter kostnad»: those FTEs stay unmapped.
    tgt = targets(mapping).filter(pl.col("function").is_null() & (pl.col("step") != -1)).drop("function")
    by_map = (
        rest.join(best.select("year", "cost_centre", "selector"), on=["year", "cost_centre"], how="inner")
        .join(tgt, on=["year", "selector"], how="inner")
        .with_columns(
            (
                pl.col("ftes")
                * pl.col("share")
                / pl.max_horizontal(exact_sum("share").over("year", "cost_centre"), pl.lit(100.0))
            ).alias("ftes")
        )
    )
    cols = ["year", "cost_centre", "step", "user_group", "ftes"]
    placed = pl.concat([by_cost.select(cols), by_map.select(cols)])
    placed_sum = placed.group_by("year", "cost_centre").agg(exact_sum("ftes").alias("placed"))
    leftover = (
        per_centre.join(placed_sum, on=["year", "cost_centre"], how="left")
        .with_columns((pl.col("ftes") - pl.col("placed").fill_null(0.0)).alias("ftes"))
        .filter(pl.col("ftes").abs() > 1e-9)
        .with_columns(pl.lit(None, pl.Int64).alias("step"), pl.lit(UNMAPPED_GROUP).alias("user_group"))
    )
    return pl.concat([placed, leftover.select(cols)])
