"""Municipality numbers change; a population series must follow the municipality, not the number.

Each change says that (part of) an old municipality number continues in a new
one from 1 January of a year. Mergers have share 1 for every predecessor;
splits give each successor the share of the old population it took over.
Only changes relevant to trappa's users are listed here; add a municipality's
own history with ``extra`` (same shape) where it is missing.
"""

from __future__ import annotations

import polars as pl

# old code, new code, year the new code applies from, share of the old population
CHANGES: list[tuple[str, str, int, float]] = [
    # 2020: Alver = Lindås + Meland + Radøy
    ("1263", "4631", 2020, 1.0),
    ("1256", "4631", 2020, 1.0),
    ("1260", "4631", 2020, 1.0),
    # 2020: Ålesund = Ålesund + Haram + Sandøy + Skodje + Ørskog
    ("1504", "1507", 2020, 1.0),
    ("1534", "1507", 2020, 1.0),
    ("1546", "1507", 2020, 1.0),
    ("1529", "1507", 2020, 1.0),
    ("1523", "1507", 2020, 1.0),
    # 2024: Ålesund split again: Haram re-established (share: its population 1.1.2024)
    ("1507", "1508", 2024, 0.855),
    ("1507", "1580", 2024, 0.145),
    # 2020: Asker = Asker + Røyken + Hurum; 2024: new county number
    ("0220", "3025", 2020, 1.0),
    ("0627", "3025", 2020, 1.0),
    ("0628", "3025", 2020, 1.0),
    ("3025", "3203", 2024, 1.0),
    # 2020: Bergen and Bjørgvin county renumbering
    ("1201", "4601", 2020, 1.0),
]


def changes_frame(extra: list[tuple[str, str, int, float]] | None = None) -> pl.DataFrame:
    return pl.DataFrame(
        CHANGES + (extra or []),
        schema={"old": pl.Utf8, "new": pl.Utf8, "from_year": pl.Int64, "share": pl.Float64},
        orient="row",
    )


def lineage(code: str, extra: list[tuple[str, str, int, float]] | None = None) -> pl.DataFrame:
    """For a municipality's current code: every (code, year-range) whose population belongs to it, with shares.

    Returns columns code, until_year (last year that code was in use for this lineage; null = still in use)
    and share. Following the chain backwards multiplies shares: 1507 → 1508 (0.855) makes
    1504 count 0.855 towards 1508 before 2020.
    """
    changes = changes_frame(extra)
    out: list[tuple[str, int | None, float]] = [(code, None, 1.0)]
    frontier = [(code, 1.0)]
    while frontier:
        current, share = frontier.pop()
        preds = changes.filter(pl.col("new") == current)
        for old, _new, year, part in preds.iter_rows():
            out.append((old, year - 1, share * part))
            frontier.append((old, share * part))
    return pl.DataFrame(out, schema={"code": pl.Utf8, "until_year": pl.Int64, "share": pl.Float64}, orient="row")


def follow(population: pl.DataFrame, code: str, extra: list[tuple[str, str, int, float]] | None = None) -> pl.DataFrame:
    """The population series of municipality ``code`` across number changes.

    ``population`` has columns municipality, year and any others; rows of predecessor numbers in the years
    before the change count towards ``code`` with their share. The result keeps the other columns, with
    municipality set to ``code`` and persons summed.
    """
    lin = lineage(code, extra)
    # A code's rows count for this lineage in the years before it was replaced (or always, for the current code)
    # and not before the year it itself came into use.
    starts = changes_frame(extra).group_by("new").agg(pl.col("from_year").min().alias("first_year"))
    lin = lin.join(starts, left_on="code", right_on="new", how="left")
    keys = [c for c in population.columns if c not in ("municipality", "municipality_name", "persons")]
    joined = population.join(lin, left_on="municipality", right_on="code", how="inner").filter(
        (pl.col("until_year").is_null() | (pl.col("year") <= pl.col("until_year")))
        & (pl.col("first_year").is_null() | (pl.col("year") >= pl.col("first_year")))
    )
    return (
        joined.group_by(keys)
        .agg((pl.col("persons") * pl.col("share")).sum().alias("persons"))
        .with_columns(pl.lit(code).alias("municipality"))
        .sort(keys)
    )
