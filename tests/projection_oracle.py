"""The scenario rules as they were on long Polars tables, kept as the oracle for the dense core.

:mod:`trappa.model.scenario_grid` applies the same rules on arrays; these functions (the product's own
until the core moved to arrays) say what the results must be, to the last bit on full grids.
"""

from __future__ import annotations

import polars as pl

from trappa.model.move_pricing import BAND_METRICS, MIN_PERSONS
from trappa.model.projection import INTENSITY_COLUMNS
from trappa.model.scenario import Cap, Move, Phase, RateChange, Scenario
from trappa.model.sums import exact_sum


def _weight(phase: Phase) -> pl.Expr:
    # Looked up, not divided: Polars divides a column by a number as a multiplication by its inverse
    # (3 × 0,2 = 0,6000000000000001, not 3 / 5), which is not the rule's arithmetic.
    span = phase.to_year - phase.from_year + 1
    table = {y: min(max((y - phase.from_year + 1) / span, 0.0), 1.0) for y in range(1900, 2200)}
    return pl.col("year").replace_strict(table, return_dtype=pl.Float64)


def _allowed(cap: Cap, per_place: float) -> pl.Expr:
    """Persons the cap allows per year (null before it applies); looked up for the same reason as _weight."""
    table: dict[int, float | None] = {}
    for y in range(1900, 2200):
        places = cap.places
        for year, planned in sorted(cap.places_by_year.items()):
            places = planned if y >= year else places
        table[y] = None if y < cap.from_year else (places / per_place if per_place > 0 else places)
    return pl.col("year").replace_strict(table, return_dtype=pl.Float64)


Frame = pl.DataFrame | pl.LazyFrame


def _in_bands(bands: list[str] | None) -> pl.Expr:
    return pl.lit(True) if not bands else pl.col("band").is_in(bands)


def apply_rate_changes(persons: Frame, changes: list[RateChange]) -> Frame:
    """persons has year, step, band, rate, inhabitants; rates change, persons follow."""
    out = persons
    for change in changes:
        if change.set_rate is not None:
            target = pl.lit(change.set_rate)
        else:
            target = pl.col("rate") * (1 + (change.change_percent or 0.0) / 100)
        hit = (pl.col("step") == change.step) & _in_bands(change.bands)
        out = out.with_columns(
            pl.when(hit)
            .then(pl.col("rate") + _weight(change) * (target - pl.col("rate")))
            .otherwise(pl.col("rate"))
            .alias("rate")
        )
    return out.with_columns((pl.col("inhabitants") * pl.col("rate")).alias("persons"))


def apply_moves(persons: Frame, moves: list[Move], by: list[str]) -> Frame:
    """Move a share of each band's persons from one step to another; the total never changes."""
    out = persons
    keys = ["year", *by, "band"]
    for move in moves:
        leaving = (pl.col("step") == move.from_step) & _in_bands(move.bands)
        share = move.share_percent / 100 * _weight(move)
        # One row per (year, band) is on the step left, the others add 0.0: the sum is exact in any order.
        moved = pl.when(leaving).then(pl.col("persons") * share).otherwise(0.0).sum().over(keys)
        out = out.with_columns(
            pl.when(leaving)
            .then(pl.col("persons") * (1 - share))
            .when(pl.col("step") == move.to_step)
            .then(pl.col("persons") + moved)
            .otherwise(pl.col("persons"))
            .alias("persons")
        )
    return out


def apply_caps(persons: Frame, caps: list[Cap], places_per_person: pl.DataFrame, by: list[str]) -> Frame:
    """Persons above a step's capacity go to ``overflow_to``, or are kept as ``unmet`` on the capped step."""
    ppp = dict(places_per_person.select("step", "places_per_person").iter_rows())
    keys = ["year", *by]
    out = persons
    for cap in caps:
        per_place = ppp.get(cap.step) or 0.0
        allowed = _allowed(cap, per_place)
        on_step = pl.col("step") == cap.step
        total = exact_sum(pl.when(on_step).then(pl.col("persons")).otherwise(0.0), in_row_order=True).over(keys)
        keep = pl.when(allowed.is_not_null() & (total > allowed)).then(allowed / total).otherwise(1.0)
        out = out.with_columns(pl.when(on_step).then(pl.col("persons") * (1 - keep)).otherwise(0.0).alias("__excess"))
        if cap.overflow_to is None:
            out = out.with_columns(
                (pl.col("persons") - pl.col("__excess")).alias("persons"),
                (pl.col("unmet") + pl.col("__excess")).alias("unmet"),
            )
        else:
            # Only the capped step's row of a band has excess: exact in any order, as for moves.
            arriving = pl.col("__excess").sum().over([*keys, "band"])
            out = out.with_columns(
                pl.when(on_step)
                .then(pl.col("persons") - pl.col("__excess"))
                .when(pl.col("step") == cap.overflow_to)
                .then(pl.col("persons") + arriving)
                .otherwise(pl.col("persons"))
                .alias("persons")
            )
        out = out.drop("__excess")
    return out


def _complete_grid(persons: pl.DataFrame, steps: set[int], by: list[str]) -> pl.DataFrame:
    """Rows with zero persons for steps a scenario sends people to but the base year had no users of."""
    missing = steps - set(persons["step"].unique().to_list())
    if not missing:
        return persons
    cells = persons.select(["year", *by, "band", "inhabitants"]).unique(["year", *by, "band"])
    extra = cells.join(pl.DataFrame({"step": sorted(missing)}, schema={"step": pl.Int64}), how="cross").with_columns(
        pl.lit(0.0).alias("persons"), pl.lit(0.0).alias("rate")
    )
    return pl.concat([persons, extra.select(persons.columns)])


def apply_lazy(
    persons: pl.DataFrame, scenario: Scenario, places_per_person: pl.DataFrame, by: list[str] | None = None
) -> pl.LazyFrame:
    """The scenario's rules as one lazy query (Polars fuses and parallelises it)."""
    by = by or []
    targets = {m.to_step for m in scenario.moves} | {c.overflow_to for c in scenario.caps if c.overflow_to}
    base = _complete_grid(persons, targets, by).with_columns(pl.lit(0.0).alias("unmet"))
    lazy = apply_rate_changes(base.lazy(), scenario.rate_changes)
    lazy = apply_moves(lazy, scenario.moves, by)
    return apply_caps(lazy, scenario.caps, places_per_person, by)  # type: ignore[return-value]


def apply(
    persons: pl.DataFrame, scenario: Scenario, places_per_person: pl.DataFrame, by: list[str] | None = None
) -> pl.DataFrame:
    """The scenario's persons per year, step and band (with ``unmet`` persons per capped step)."""
    return apply_lazy(persons, scenario, places_per_person, by).collect()


def affected_steps(scenario: Scenario) -> set[int]:
    """Steps whose persons a scenario can change; every other step is as in the reference."""
    steps = {c.step for c in scenario.rate_changes}
    steps |= {m.from_step for m in scenario.moves} | {m.to_step for m in scenario.moves}
    steps |= {c.step for c in scenario.caps} | {c.overflow_to for c in scenario.caps if c.overflow_to}
    return steps


def scenario_step_totals(
    persons: pl.DataFrame,
    scenarios: list[Scenario],
    places_per_person: pl.DataFrame,
    by: list[str] | None = None,
) -> list[pl.DataFrame]:
    """Persons and unmet need per year (, by) and step for each scenario.

    The reference totals are computed once; a scenario recomputes only the steps it touches
    (usually a few of thirteen) and takes the others from the reference. All queries run together.
    """
    by = by or []
    keys = ["year", *by, "step"]

    def totals(rows: pl.LazyFrame) -> pl.LazyFrame:
        return rows.group_by(keys).agg(exact_sum("persons", in_row_order=True), exact_sum("unmet", in_row_order=True))

    reference_totals = totals(persons.lazy().with_columns(pl.lit(0.0).alias("unmet"))).collect()
    queries = []
    for scenario in scenarios:
        steps = sorted(affected_steps(scenario))
        if not steps:
            queries.append(reference_totals.lazy())
            continue
        touched = totals(apply_lazy(persons.filter(pl.col("step").is_in(steps)), scenario, places_per_person, by))
        untouched = reference_totals.lazy().filter(~pl.col("step").is_in(steps))
        queries.append(pl.concat([untouched, touched.select(reference_totals.columns)]))
    return [frame.sort(keys) for frame in pl.collect_all(queries)]


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
        share = move.share_percent / 100 * _weight(move)
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
    # Every user group that moves has the step's average on every step, also where it has no row of its
    # own (the old code had none there: such a group's band weighting was lost, and a price the scenario
    # names was not set against the average it replaces).
    pairs = pl.concat([
        groups.select("step", "user_group"),
        average.select("step").join(split.select("user_group").unique(), how="cross"),
    ]).unique()  # fmt: skip
    priced = pairs.join(groups, on=["step", "user_group"], how="left").join(average, on="step", how="left").with_columns(
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
