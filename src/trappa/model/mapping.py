"""The mapping (fordelingsnøkkel): cost centres to steps and user groups.

A mapping row names a cost centre by exact code, range (``1000-1999``) or prefix
(``12*``), optionally narrowed to one KOSTRA function, and gives a step, a user
group and a share in percent. Rows with the same cost-centre selector and
function form one key; its shares should sum to 100.

For each account line the most specific key wins: exact code with function,
then exact code, then range/prefix with function, then range/prefix; among
equals the narrowest range. Step 0 means "deliberately not in the staircase".
Step -1 («etter kostnad») spreads a shared cost centre over the steps and user groups
in proportion to the direct gross costs on them that year. Money no key matches, or
the part of a key's shares below 100 %, is *unmapped*.
"""

from __future__ import annotations

import polars as pl

from trappa.model.allocation import split_exact

UNMAPPED_GROUP = "ikkje_fordelt"
PROPORTIONAL = -1  # «etter kostnad»: in proportion to the direct costs on the steps
_KEY = ["year", "cost_centre", "function"]


def selectors(mapping: pl.DataFrame) -> pl.DataFrame:
    """One row per mapping key, with how it matches and how specific it is."""
    sel = mapping.select(
        "year", pl.col("cost_centre").str.replace_all(r"\s", "").alias("selector"), "function"
    ).unique()
    range_parts = pl.col("selector").str.extract_groups(r"^(\d+)-(\d+)$")
    return sel.with_columns(
        pl.when(pl.col("selector").str.contains(r"^\d+-\d+$"))
        .then(pl.lit("range"))
        .when(pl.col("selector").str.ends_with("*"))
        .then(pl.lit("prefix"))
        .otherwise(pl.lit("exact"))
        .alias("match"),
        range_parts.struct.field("1").cast(pl.Int64).alias("low"),
        range_parts.struct.field("2").cast(pl.Int64).alias("high"),
        pl.col("selector").str.strip_suffix("*").alias("prefix"),
    ).with_columns(
        (
            pl.when(pl.col("match") == "exact").then(2).otherwise(0) + pl.col("function").is_not_null().cast(pl.Int32)
        ).alias("specificity"),
        # Prefix width depends on the code it matches; see match_keys.
        pl.when(pl.col("match") == "range").then(pl.col("high") - pl.col("low")).otherwise(0).alias("width"),
    )


def match_keys(keys: pl.DataFrame, sel: pl.DataFrame) -> pl.DataFrame:
    """All (account key, selector) pairs that match; keys have year, cost_centre, function."""
    exact = sel.filter(pl.col("match") == "exact")
    loose = sel.filter(pl.col("match") != "exact")
    by_exact = keys.join(
        exact.rename({"function": "sel_function"}),
        left_on=["year", "cost_centre"],
        right_on=["year", "selector"],
        how="inner",
    ).with_columns(pl.col("cost_centre").alias("selector"))
    centres = keys.select("year", "cost_centre").unique()
    numeric = pl.col("cost_centre").cast(pl.Int64, strict=False)
    by_loose = (
        centres.join(loose, on="year", how="inner")
        .filter(
            pl.when(pl.col("match") == "range")
            .then(numeric.is_between(pl.col("low"), pl.col("high")))
            .otherwise(pl.col("cost_centre").str.starts_with(pl.col("prefix")))
        )
        .with_columns(
            pl.when(pl.col("match") == "prefix")
            .then(
                pl.lit(10, pl.Int64).pow(pl.col("cost_centre").str.len_chars() - pl.col("prefix").str.len_chars()) - 1
            )
            .otherwise(pl.col("width"))
            .alias("width")
        )
        .rename({"function": "sel_function"})
        .join(keys, on=["year", "cost_centre"], how="inner")
    )
    cols = [*_KEY, "selector", "sel_function", "specificity", "width"]
    both = pl.concat([by_exact.select(cols), by_loose.select(cols)])
    return both.filter(pl.col("sel_function").is_null() | (pl.col("sel_function") == pl.col("function")))


def best_keys(matches: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The winning selector per account key, and the keys where two selectors tie."""
    # Most keys match one selector: only the others are ranked (ranking all took a fifth of the allocation).
    several = pl.len().over(_KEY) > 1
    ranked = matches.filter(several).sort(["specificity", "width", "selector"], descending=[True, False, False])
    chosen = ranked.group_by(_KEY, maintain_order=True).first()
    best = pl.concat([matches.filter(~several), chosen.select(matches.columns)])
    ties = (
        ranked.join(chosen.select(*_KEY, "specificity", "width"), on=[*_KEY, "specificity", "width"])
        .group_by(_KEY)
        .agg(pl.col("selector").unique().sort().alias("selectors"), pl.len().alias("n"))
        .filter(pl.col("n") > 1)
        .drop("n")
    )
    return best, ties


def targets(mapping: pl.DataFrame) -> pl.DataFrame:
    """Step and user-group shares of each key, topped up with an unmapped part below 100 %."""
    m = mapping.with_columns(pl.col("cost_centre").str.replace_all(r"\s", "").alias("selector"))
    rows = m.group_by("year", "selector", "function", "step", "user_group").agg(pl.col("share").sum())
    gaps = (
        rows.group_by("year", "selector", "function")
        .agg((100.0 - pl.col("share").sum()).alias("share"))
        .filter(pl.col("share") > 1e-9)
        .with_columns(pl.lit(None, pl.Int64).alias("step"), pl.lit(UNMAPPED_GROUP).alias("user_group"))
    )
    return pl.concat([rows, gaps.select(rows.columns)])


def share_problems(mapping: pl.DataFrame) -> pl.DataFrame:
    """Keys whose shares do not sum to 100 %."""
    return (
        mapping.with_columns(pl.col("cost_centre").str.replace_all(r"\s", "").alias("selector"))
        .group_by("year", "selector", "function")
        .agg(pl.col("share").sum().alias("share_sum"))
        .filter((pl.col("share_sum") - 100.0).abs() > 1e-6)
        .sort("year", "selector", "function", nulls_last=True)
    )


def allocate(totals: pl.DataFrame, mapping: pl.DataFrame, values: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split each account total over steps and user groups, exactly.

    ``totals`` has year, cost_centre, function and Int64 ``values`` columns
    plus any other columns to carry along. Returns (allocation, ties); the
    allocation has the same columns plus ``step`` (null = unmapped, 0 = not in
    the staircase) and ``user_group``, and every value column sums to the input.
    """
    keys = totals.select(_KEY).unique()
    best, ties = best_keys(match_keys(keys, selectors(mapping)))
    chosen = totals.with_row_index("__src").join(best.select(*_KEY, "selector", "sel_function"), on=_KEY, how="left")
    matched = chosen.filter(pl.col("selector").is_not_null())
    unmatched = chosen.filter(pl.col("selector").is_null()).with_columns(
        pl.lit(None, pl.Int64).alias("step"), pl.lit(UNMAPPED_GROUP).alias("user_group")
    )
    tgt = targets(mapping).rename({"function": "sel_function"})
    parts = matched.join(tgt, on=["year", "selector", "sel_function"], how="left", nulls_equal=True)
    for value in values:
        parts = split_exact(parts, ["__src"], value, "share")
    keep = [*totals.columns, "step", "user_group"]
    direct = pl.concat([parts.select(keep), unmatched.select(keep)])
    return _spread_in_proportion(direct, values, keep), ties


def _spread_in_proportion(allocation: pl.DataFrame, values: list[str], keep: list[str]) -> pl.DataFrame:
    """Parts keyed «etter kostnad» spread over the steps by the year's direct gross costs, exactly.

    Direct costs are the expense parts (not income) on real steps; with none in a year the parts
    stay unmapped, so the control totals show them.
    """
    shared = allocation.filter(pl.col("step") == PROPORTIONAL)
    rest = allocation.filter((pl.col("step") != PROPORTIONAL) | pl.col("step").is_null())
    if shared.is_empty():
        return allocation
    expense = ~pl.col("is_income") if "is_income" in allocation.columns else pl.col(values[0]) > 0
    weights = (
        rest.filter((pl.col("step") > 0) & expense)
        .group_by("year", "step", "user_group")
        .agg(pl.col(values[0]).sum().alias("__weight"))
        .filter(pl.col("__weight") > 0)
    )
    spread = shared.drop("step", "user_group").with_row_index("__shared").join(weights, on="year", how="left")
    placed = spread.filter(pl.col("__weight").is_not_null())
    for value in values:
        placed = split_exact(placed, ["__shared"], value, "__weight")
    nowhere = spread.filter(pl.col("__weight").is_null()).with_columns(
        pl.lit(None, pl.Int64).alias("step"), pl.lit(UNMAPPED_GROUP).alias("user_group")
    )
    return pl.concat([rest, placed.select(keep), nowhere.select(keep)])
