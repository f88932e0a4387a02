"""Moves priced by who moves (flytting prisa etter kven som flyttar).

A scenario that moves persons from one step to another must not price them at the destination step's
average: an elderly person moved from a nursing home to 24-hour housing does not cost what a young
adult with an intellectual disability costs there. Each moved person is split by the user groups of
the source step in the base year (within the age band, else over the whole step), and priced at what
a person of that user group costs on the destination step (shared costs of the step spread over its
persons). Where a group has too few persons on a step to carry a price, the step's average is used,
and the pricing basis says so.
"""

from __future__ import annotations

import polars as pl

from trappa.model.projection import INTENSITY_COLUMNS
from trappa.model.scenario import Scenario, apply_moves, apply_rate_changes
from trappa.model.sums import exact_sum

MIN_PERSONS = 5  # a group's price on a step rests on at least this many persons, else the step average
# what grows with the hours a person is decided (the band's use within its group); places and decisions do not
BAND_METRICS = ("decided_hours_per_week", "ftes", "net_cost", "gross_cost")
SHARED = "alle"  # costs the mapping gives to all user groups of a step


def group_intensities(group_profile: pl.DataFrame) -> pl.DataFrame:
    """step, user_group, persons, <metric>_per_person: each metric per person of a user group on a step,
    with the step's shared part (user group «alle») spread over all its persons."""
    metrics = list(INTENSITY_COLUMNS.values())
    table = group_profile.with_columns(pl.col(m).fill_null(0.0).cast(pl.Float64) for m in metrics)
    shared = table.filter(pl.col("user_group") == SHARED).select("step", *(pl.col(m).alias(f"__shared_{m}")
                                                                          for m in metrics))  # fmt: skip
    groups = table.filter(pl.col("user_group") != SHARED)
    step_persons = groups.group_by("step").agg(exact_sum("persons").alias("__step_persons"))
    out = groups.join(shared, on="step", how="left").join(step_persons, on="step", how="left")
    per_person = []
    for metric, column in INTENSITY_COLUMNS.items():
        own = pl.when(pl.col("persons") > 0).then(pl.col(column) / pl.col("persons")).otherwise(0.0)
        spread = (
            pl.when(pl.col("__step_persons") > 0)
            .then(pl.col(f"__shared_{column}").fill_null(0.0) / pl.col("__step_persons"))
            .otherwise(0.0)
        )
        per_person.append((own + spread).alias(f"{metric}_per_person"))
    return out.select("step", "user_group", "persons", *per_person)


def moved_persons(persons: pl.DataFrame, scenario: Scenario, by: list[str] | None = None) -> pl.DataFrame:
    """move, from_step, to_step, year (, by), band, moved: the persons each move takes, after the rate
    changes and the moves before it (the order the projection applies them)."""
    by = by or []
    frame = apply_rate_changes(persons, scenario.rate_changes)
    assert isinstance(frame, pl.DataFrame)
    out = []
    for k, move in enumerate(scenario.moves):
        leaving = (pl.col("step") == move.from_step) & (
            pl.col("band").is_in(move.bands) if move.bands else pl.lit(True)
        )
        share = move.share_percent / 100 * move.weight()
        out.append(
            frame.filter(leaving).select(
                pl.lit(k).alias("move"), pl.lit(move.from_step).alias("from_step"),
                pl.lit(move.to_step).alias("to_step"), "year", *by, "band", (pl.col("persons") * share).alias("moved"),
            )
        )  # fmt: skip
        moved = apply_moves(frame, [move], by)
        assert isinstance(moved, pl.DataFrame)
        frame = moved
    schema = {"move": pl.Int32, "from_step": pl.Int64, "to_step": pl.Int64, "year": pl.Int64, "band": pl.Utf8,
              "moved": pl.Float64}  # fmt: skip
    if not out:
        return pl.DataFrame(schema=schema)  # type: ignore[arg-type]
    return pl.concat([o.cast(schema) for o in out])  # type: ignore[arg-type]


def band_ratios(aged: pl.DataFrame) -> pl.DataFrame:
    """step, user_group, band, ratio: a band's decided hours per person against its user group's on the step.

    ``aged`` is the base year's decisions active in the year with their band and ``active_days``.
    A band with fewer than MIN_PERSONS persons, or a step without decided hours, has ratio 1.
    """
    hours = exact_sum(pl.col("hours_per_week") * pl.col("active_days") / 7)
    per_band = aged.group_by("step", "user_group", "band").agg(
        hours.alias("hours"), pl.col("person_key").n_unique().alias("persons")
    )
    per_group = aged.group_by("step", "user_group").agg(
        hours.alias("group_hours"), pl.col("person_key").n_unique().alias("group_persons")
    )
    ok = (pl.col("persons") >= MIN_PERSONS) & (pl.col("group_hours") > 0)
    ratio = (pl.col("hours") / pl.col("persons")) / (pl.col("group_hours") / pl.col("group_persons"))
    return per_band.join(per_group, on=["step", "user_group"]).select(
        "step", "user_group", "band", pl.when(ok).then(ratio).otherwise(1.0).alias("ratio")
    )


def group_mix(group_rates: pl.DataFrame) -> pl.DataFrame:
    """step, band, user_group, mix: each user group's share of a step's persons in an age band in the base
    year, and (band «*») over all bands, for bands with no one."""
    per_band = group_rates.group_by("step", "band", "user_group").agg(exact_sum("persons"))
    whole = per_band.group_by("step", "user_group").agg(exact_sum("persons")).with_columns(pl.lit("*").alias("band"))
    both = pl.concat([per_band, whole.select(per_band.columns)])
    total = exact_sum("persons").over("step", "band")
    return both.filter(total > 0).with_columns((pl.col("persons") / total).alias("mix")).drop("persons")


def _notes(split: pl.DataFrame, groups: pl.DataFrame) -> list[str]:
    """How each move was priced, in words: per user group, on how many persons its price rests."""
    counts = {(r["step"], r["user_group"]): int(r["persons"]) for r in groups.iter_rows(named=True)}
    parts = (
        split.group_by("move", "from_step", "to_step", "user_group")
        .agg(exact_sum("moved"))
        .sort("move", "moved", descending=[False, True])
    )
    words: dict[tuple[int, int, int], list[str]] = {}
    for r in parts.iter_rows(named=True):
        to, group = r["to_step"], r["user_group"]
        n = counts.get((to, group), 0)
        text = (f"{group}: prisa som {n} personar i gruppa på trinn {to}" if n >= MIN_PERSONS
                else f"{group}: for få i gruppa på trinn {to} ({n}), prisa som snittet på trinnet")  # fmt: skip
        words.setdefault((r["move"], r["from_step"], to), []).append(text)
    return [f"Flytting frå trinn {f} til {t}: " + "; ".join(w) + "." for (_m, f, t), w in words.items()]


def corrections(
    moved: pl.DataFrame,
    mix: pl.DataFrame,
    groups: pl.DataFrame,
    steps: pl.DataFrame,
    base_year: int,
    real_growth: float = 0.0,
    by: list[str] | None = None,
    ratios: pl.DataFrame | None = None,
    named: dict[int, float] | None = None,
) -> tuple[pl.DataFrame, list[str]]:
    """(year, step, <metric> corrections), notes: what pricing moved persons by their user group changes
    against pricing them at the steps' averages (``steps``: step, <metric>_per_person), and how each move
    was priced."""
    metrics = list(INTENSITY_COLUMNS)
    by = by or []
    if moved.is_empty():
        return pl.DataFrame(schema={"year": pl.Int64, "step": pl.Int64, **dict.fromkeys(metrics, pl.Float64)}), []
    # the moved persons of each band by user group: the band's mix, else the step's over all bands
    # maintain_order: the rows stay in the order of ``moved`` whatever order the mix came in, so the sums
    # in row order below add the same numbers in the same order every run
    banded = moved.join(mix, left_on=["from_step", "band"], right_on=["step", "band"], how="inner",
                        maintain_order="left")  # fmt: skip
    lacking = moved.join(mix.select("step", "band").unique(), left_on=["from_step", "band"],
                         right_on=["step", "band"], how="anti")  # fmt: skip
    whole = lacking.join(mix.filter(pl.col("band") == "*").drop("band"), left_on="from_step", right_on="step",
                         how="inner", maintain_order="left")  # fmt: skip
    # after the mix the band no longer matters: one row per move, year and user group
    split = pl.concat([banded.select(whole.columns), whole]).with_columns(
        (pl.col("moved") * pl.col("mix")).alias("moved")
    )
    # the age band within the user group: how much more (or less) a person of the band uses than the group
    if ratios is not None and ratios.height:
        for side in ("to", "from"):
            split = split.join(
                ratios.select(pl.col("step").alias(f"{side}_step"), "user_group", "band", pl.col("ratio").alias(f"r_{side}")),
                on=[f"{side}_step", "user_group", "band"], how="left",
            )  # fmt: skip
    else:
        split = split.with_columns(pl.lit(1.0).alias("r_to"), pl.lit(1.0).alias("r_from"))
    # The rows come in the order of ``moved`` (project_persons sorts; the joins keep the left order), so
    # each group is added in a fixed order; the groups are sorted after, so the sums below see one too.
    split_keys = ["move", "from_step", "to_step", "year", *by, "user_group"]
    split = (
        split.group_by(split_keys)
        .agg(
            exact_sum("moved", in_row_order=True),
            exact_sum(pl.col("moved") * pl.col("r_to").fill_null(1.0), in_row_order=True).alias("moved_to"),
            exact_sum(pl.col("moved") * pl.col("r_from").fill_null(1.0), in_row_order=True).alias("moved_from"),
        )
        .sort(split_keys)
    )
    average = steps.select("step", *(pl.col(f"{m}_per_person").alias(f"avg_{m}") for m in metrics))
    # a group's price on a step where it has persons enough; the step's average otherwise
    priced = groups.join(average, on="step", how="left").with_columns(
        *(pl.when(pl.col("persons") >= MIN_PERSONS).then(pl.col(f"{m}_per_person")).otherwise(pl.col(f"avg_{m}"))
          .alias(f"grp_{m}") for m in metrics)
    )  # fmt: skip
    notes = _notes(split, groups)
    for k, price in sorted((named or {}).items()):
        notes.append(f"Flytting {k + 1}: kostnaden på det nye trinnet er prisen scenarioet nemner, {price:,.0f} kr per "
                     "person i året.".replace(",", "\u00a0"))  # fmt: skip
    prices = priced.select("step", "user_group", *(f"grp_{m}" for m in metrics), *(f"avg_{m}" for m in metrics)).lazy()
    lazy_split = split.lazy()
    arrive = lazy_split.join(prices, left_on=["to_step", "user_group"], right_on=["step", "user_group"], how="left")
    leave = lazy_split.join(prices, left_on=["from_step", "user_group"], right_on=["step", "user_group"], how="left")
    growth = (1 + real_growth) ** (pl.col("year") - base_year).cast(pl.Float64)

    named = named or {}
    named_price = pl.col("move").replace_strict(named, default=None, return_dtype=pl.Float64)

    def delta(frame: pl.LazyFrame, step: str, side: str, sign: float) -> pl.LazyFrame:
        exprs = []
        for m in metrics:
            group_price = pl.col(f"grp_{m}").fill_null(pl.col(f"avg_{m}")).fill_null(0.0)
            if side == "to" and m in ("net_cost", "gross_cost") and named:  # the price the scenario names
                group_price = pl.when(named_price.is_not_null()).then(named_price).otherwise(group_price)
            weighted = pl.col(f"moved_{side}") if m in BAND_METRICS else pl.col("moved")
            value = sign * (weighted * group_price - pl.col("moved") * pl.col(f"avg_{m}").fill_null(0.0))
            exprs.append((value * growth if m in ("net_cost", "gross_cost") else value).alias(m))
        return frame.select("year", *by, pl.col(step).alias("step"), *exprs)

    both = pl.concat([delta(arrive, "to_step", "to", 1.0), delta(leave, "from_step", "from", -1.0)])
    keys = ["year", *by, "step"]
    # no sort: the caller joins the corrections on these keys
    return both.group_by(keys).agg(exact_sum(m, in_row_order=True) for m in metrics).collect(), notes
