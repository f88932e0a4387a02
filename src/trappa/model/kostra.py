"""Comparisons with KOSTRA: needs-adjusted expenses, «handlingsrom», and the own accounts against what SSB
publishes.

Figures come in the long shape of :mod:`trappa.ssb.kostra` (region, region_name, year, figure, function,
value). The expense-need index for health and care (utgiftsbehovsindeks, from the income system's «grønt
hefte») is 1 for the country; a municipality with index 1,10 is expected to need 10 % more per inhabitant.

- Needs-adjusted net expenses per inhabitant = own ÷ index.
- Handlingsrom against a comparator: what the municipality would spend if it spent like the comparator,
  corrected for both expense needs, subtracted from what it spends:
  (own per inhabitant − comparator per inhabitant × own index ÷ comparator index) × inhabitants.
  Positive: the municipality spends more than the comparator would in its place (a theoretical saving);
  negative: it spends less.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from trappa.model.accounts import kostra_art
from trappa.model.sums import exact_sum

PER_INHABITANT = "net_per_inhabitant"
AMOUNT = "net_thousand"
COUNTRY = "EAK"


@dataclass(frozen=True)
class Series:
    """One figure over years for the municipality, its comparators, the group and the country."""

    figure: str
    label: str
    unit: str
    kind: str
    function: str
    function_name: str
    years: list[int]
    rows: list[tuple[str, str, list[float | None]]]  # region, name, value per year


def per_inhabitant(figures: pl.DataFrame, year: int) -> pl.DataFrame:
    """region, region_name, function, value: net operating expenses per inhabitant in ``year``."""
    return figures.filter((pl.col("figure") == PER_INHABITANT) & (pl.col("year") == year)).select(
        "region", "region_name", "function", "value"
    )


def inhabitants(figures: pl.DataFrame, region: str, year: int) -> float | None:
    """The inhabitants KOSTRA divides by: the amount (1000 kr) over the amount per inhabitant, on the function
    with the largest amount (the least rounding)."""
    mine = figures.filter((pl.col("region") == region) & (pl.col("year") == year))
    both = (
        mine.filter(pl.col("figure") == AMOUNT)
        .select("function", pl.col("value").alias("amount"))
        .join(
            mine.filter(pl.col("figure") == PER_INHABITANT).select("function", pl.col("value").alias("per")),
            on="function",
        )  # fmt: skip
        .filter(pl.col("amount").is_not_null() & pl.col("per").is_not_null() & (pl.col("per") != 0))
        .sort(pl.col("amount").abs(), descending=True)
    )
    if both.is_empty():
        return None
    row = both.row(0, named=True)
    return round(row["amount"] * 1000 / row["per"])


def need_index(needs: pl.DataFrame, region: str, year: int) -> float | None:
    """The region's expense-need index for the year (the country's is 1 by definition)."""
    if region == COUNTRY:
        return 1.0
    found = needs.filter((pl.col("region") == region) & (pl.col("year") == year))
    return float(found["index"][0]) if found.height else None


def needs_adjusted(figures: pl.DataFrame, needs: pl.DataFrame, year: int) -> pl.DataFrame:
    """region, region_name, function, value, index, adjusted (= value ÷ index; empty without an index)."""
    base = per_inhabitant(figures, year)
    indices = pl.DataFrame(
        {"region": r, "index": need_index(needs, r, year)} for r in base["region"].unique().sort().to_list()
    ) if base.height else pl.DataFrame(schema={"region": pl.Utf8, "index": pl.Float64})  # fmt: skip
    return (
        base.join(indices.cast({"index": pl.Float64}), on="region", how="left")
        .with_columns((pl.col("value") / pl.col("index")).alias("adjusted"))
        .sort("region", "function")
    )


@dataclass(frozen=True)
class Handlingsrom:
    """Per comparator and function: what spending like the comparator would have changed, and the total."""

    region: str
    year: int
    inhabitants: float | None
    own_index: float | None
    table: pl.DataFrame  # comparator, comparator_name, function, own, theirs, comparator_index, per_inhabitant, mnok
    totals: pl.DataFrame  # comparator, comparator_name, mnok (over the functions both have)
    notes: list[str]


def handlingsrom(
    figures: pl.DataFrame, needs: pl.DataFrame, region: str, comparators: list[str], year: int
) -> Handlingsrom:
    """The theoretical saving (positive) or extra cost (negative) of spending like each comparator, needs-adjusted.

    A comparator without an index is compared unadjusted on its side (index 1) and the note says so; without
    the municipality's own index nothing is needs-adjusted and the note says that too.
    """
    notes: list[str] = []
    pc = per_inhabitant(figures, year)
    own = pc.filter(pl.col("region") == region).select("function", pl.col("value").alias("own"))
    people = inhabitants(figures, region, year)
    own_index = need_index(needs, region, year)
    if own_index is None:
        notes.append(f"Kommunen har ingen utgiftsbehovsindeks for {year}: tala er ikkje behovskorrigerte.")
    if people is None:
        notes.append("Talet på innbyggjarar manglar (netto driftsutgifter i 1000 kr og per innbyggjar): ingen MNOK.")
    rows = []
    for comparator in comparators:
        theirs = pc.filter(pl.col("region") == comparator)
        if theirs.is_empty():
            notes.append(f"Ingen tal for {comparator} i {year}.")
            continue
        index = need_index(needs, comparator, year)
        if index is None and own_index is not None:
            notes.append(f"{comparator} har ingen utgiftsbehovsindeks for {year}: samanlikna med indeks 1.")
        rows.append(
            own.join(theirs.select("function", pl.col("region_name").alias("comparator_name"),
                                   pl.col("value").alias("theirs")), on="function", how="inner")
            .with_columns(pl.lit(comparator).alias("comparator"),
                          pl.lit(index if own_index is not None else None, dtype=pl.Float64).alias("comparator_index"))
        )  # fmt: skip
    schema = {"comparator": pl.Utf8, "comparator_name": pl.Utf8, "function": pl.Utf8, "own": pl.Float64,
              "theirs": pl.Float64, "comparator_index": pl.Float64, "per_inhabitant": pl.Float64,
              "mnok": pl.Float64}  # fmt: skip
    if not rows:
        empty = pl.DataFrame(schema=schema)
        return Handlingsrom(region, year, people, own_index, empty, empty.select("comparator", "comparator_name",
                                                                                  "mnok"), notes)  # fmt: skip
    ratio = pl.lit(own_index) / pl.col("comparator_index").fill_null(1.0) if own_index is not None else pl.lit(1.0)
    table = (
        pl.concat(rows)
        .with_columns((pl.col("own") - pl.col("theirs") * ratio).alias("per_inhabitant"))
        .with_columns((pl.col("per_inhabitant") * (people or 0.0) / 1e6).alias("mnok"))
        .with_columns(pl.when(people is not None).then(pl.col("mnok")).alias("mnok"))
        .select(list(schema))
    )
    order = {c: i for i, c in enumerate(comparators)}
    table = table.sort(pl.col("comparator").replace_strict(order, return_dtype=pl.Int64), "function")
    totals = (
        table.group_by("comparator", "comparator_name", maintain_order=True)
        .agg(exact_sum(pl.col("mnok").fill_null(0.0)).alias("mnok"), pl.col("mnok").is_null().any().alias("__none"))
        .with_columns(pl.when(~pl.col("__none")).then(pl.col("mnok")).alias("mnok"))
        .drop("__none")
    )
    return Handlingsrom(region, year, people, own_index, table, totals, notes)


# KOSTRA art ranges that are not operating expenses or income: financing (500–599, 900–999) and
# internal transfers (690 fordelte utgifter, 790 internt salg). trappa can name these in a difference.
FINANCING = (pl.col("__art") >= 500) & (pl.col("__art") < 600) | (pl.col("__art") >= 900)
INTERNAL = pl.col("__art").is_in([690, 790])


def reconcile(accounts: pl.DataFrame, figures: pl.DataFrame, region: str, year: int,
              functions: list[str]) -> pl.DataFrame:  # fmt: skip
    """Per function: the own accounts (all lines, financing and internal transfers apart, operating net) against
    SSB's net operating expenses for the municipality, and what is left unexplained.

    Amounts in kroner. ``accounts`` has year, art, function, amount_ore (income negative).
    """
    lines = accounts.filter(pl.col("year") == year).with_columns(
        kostra_art(pl.col("art").cast(pl.Utf8)).cast(pl.Int32, strict=False).alias("__art"),
        pl.col("function").cast(pl.Utf8).str.slice(0, 3).alias("function"),
    )
    own = lines.group_by("function").agg(
        (exact_sum("amount_ore") / 100).alias("own_all"),
        (exact_sum(pl.col("amount_ore").filter(FINANCING)) / 100).alias("financing"),
        (exact_sum(pl.col("amount_ore").filter(INTERNAL)) / 100).alias("internal"),
    )
    ssb = figures.filter((pl.col("region") == region) & (pl.col("year") == year) & (pl.col("figure") == AMOUNT)).select(
        "function", (pl.col("value") * 1000).alias("ssb")
    )
    frame = pl.DataFrame({"function": functions}, schema={"function": pl.Utf8})
    return (
        frame.join(own, on="function", how="left")
        .join(ssb, on="function", how="left")
        .with_columns(pl.col("own_all", "financing", "internal").fill_null(0.0))
        .with_columns((pl.col("own_all") - pl.col("financing") - pl.col("internal")).alias("own_operating"))
        .with_columns((pl.col("ssb") - pl.col("own_operating")).alias("difference"))
        .with_columns(
            pl.when(pl.col("ssb").is_not_null() & (pl.col("ssb") != 0))
            .then(pl.col("difference") / pl.col("ssb"))
            .alias("difference_share")
        )
    )


def outside(accounts: pl.DataFrame, year: int, functions: list[str]) -> float:
    """Net of the own accounts on functions outside health and care (kroner): not in the comparison."""
    lines = accounts.filter(pl.col("year") == year)
    return (
        float(lines.filter(~pl.col("function").cast(pl.Utf8).str.slice(0, 3).is_in(functions))["amount_ore"].sum())
        / 100
    )
