"""Scenarios: named changes to the reference projection, saved as JSON with a published schema.

- ``rate_changes``: change a coverage rate per step and band by percent or to a value, phased in;
- ``moves``: move a share of persons from one step to another (institution → 24-hour housing);
- ``caps``: a step cannot exceed its capacity in places; the overflow goes to a chosen step, or is
  shown as unmet need.

Applied in that order, each year. A scenario with no changes is the reference ("alternativ 0").
"""

from __future__ import annotations

import json
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, model_validator

from trappa.model.sums import exact_sum

SCHEMA_ID: Literal["trappa.scenario"] = "trappa.scenario"
SCHEMA_VERSION: Literal[1] = 1


class Phase(BaseModel):
    """Phased in linearly: nothing before ``from_year``, the full change from ``to_year`` on."""

    model_config = ConfigDict(extra="forbid")
    from_year: int = Field(ge=1990, le=2100)
    to_year: int = Field(ge=1990, le=2100)

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.to_year < self.from_year:
            raise ValueError("to_year must not be before from_year")
        return self

    def weight(self) -> pl.Expr:
        span = self.to_year - self.from_year + 1
        return ((pl.col("year") - self.from_year + 1) / span).clip(0.0, 1.0)


class RateChange(Phase):
    step: int = Field(ge=1)
    bands: list[str] | None = Field(None, description="Age bands; all bands when left out")
    change_percent: float | None = Field(None, ge=-100, description="Change of the base rate in percent")
    set_rate: float | None = Field(None, ge=0, le=1, description="New rate (persons per inhabitant)")

    @model_validator(mode="after")
    def _one(self) -> RateChange:
        if (self.change_percent is None) == (self.set_rate is None):
            raise ValueError("give exactly one of change_percent and set_rate")
        return self


class Move(Phase):
    from_step: int = Field(ge=1)
    to_step: int = Field(ge=1)
    share_percent: float = Field(gt=0, le=100)
    bands: list[str] | None = None
    cost_per_person: float | None = Field(
        None,
        ge=0,
        description="Net cost a year of a moved person on the new step, kroner: a price the scenario "
        "names (from the unit-price catalogue, say) instead of what the person's user group costs there",
    )
    price_kind: str | None = Field(
        None,
        description="A service kind of the unit-price catalogue priced per place-year (housing_24h …): "
        "the base year's catalogue gives cost_per_person",
    )

    @model_validator(mode="after")
    def _different(self) -> Move:
        if self.from_step == self.to_step:
            raise ValueError("from_step and to_step must differ")
        return self


class Cap(BaseModel):
    model_config = ConfigDict(extra="forbid")
    step: int = Field(ge=1)
    places: float = Field(ge=0, description="Places that exist or are planned")
    from_year: int = Field(ge=1990, le=2100)
    places_by_year: dict[int, float] = Field(
        default_factory=dict, description="Planned changes: from this year, this many places"
    )
    overflow_to: int | None = Field(
        None, ge=1, description="Step that takes the persons above the cap; none = unmet need"
    )

    def capacity(self) -> pl.Expr:
        expr = pl.lit(self.places)
        for year, places in sorted(self.places_by_year.items()):
            expr = pl.when(pl.col("year") >= year).then(pl.lit(places)).otherwise(expr)
        return pl.when(pl.col("year") >= self.from_year).then(expr).otherwise(None)


class Scenario(BaseModel):
    """A named alternative to the reference projection."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_id: Literal["trappa.scenario"] = Field(SCHEMA_ID, alias="schema")
    schema_version: Literal[1] = SCHEMA_VERSION
    name: str = Field(min_length=1, max_length=100)
    description: str = ""
    population_alternative: str = Field("MMMM", description="SSB alternative: MMMM (main), LLML, HHMH …")
    real_cost_growth_percent: float = Field(0.0, ge=-10, le=20, description="Yearly real growth of cost per person")
    healthy_ageing_years: float = Field(
        0.0,
        ge=0,
        le=5,
        description="Healthy ageing, an assumption: years of healthy life gained per decade; the coverage of the "
        "bands from 67 shifts that far towards older ages (0 = off)",
    )
    rate_changes: list[RateChange] = Field(default_factory=list)
    moves: list[Move] = Field(default_factory=list)
    caps: list[Cap] = Field(default_factory=list)

    def to_json(self) -> str:
        return self.model_dump_json(by_alias=True, indent=2)

    @classmethod
    def from_json(cls, text: str) -> Scenario:
        return cls.model_validate(json.loads(text))


def reference(population_alternative: str = "MMMM") -> Scenario:
    return Scenario(
        name="Alternativ 0",
        description="Dagens dekningsgrader held fast",
        population_alternative=population_alternative,
        real_cost_growth_percent=0.0,
    )


def json_schema() -> dict:
    return Scenario.model_json_schema(by_alias=True)


def _in_bands(bands: list[str] | None) -> pl.Expr:
    return pl.lit(True) if not bands else pl.col("band").is_in(bands)


Frame = pl.DataFrame | pl.LazyFrame


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
            .then(pl.col("rate") + change.weight() * (target - pl.col("rate")))
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
        share = move.share_percent / 100 * move.weight()
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
        allowed = cap.capacity() / per_place if per_place > 0 else cap.capacity()
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


def scenario_problems(scenario: Scenario, steps: list[int], bands: list[str]) -> list[str]:
    """What a scenario names that the staircase or the age bands do not have, as «field: problem» lines.

    A step that does not exist would otherwise be projected as a nameless step, and persons moved
    to it would silently leave the staircase.
    """
    known = set(steps)
    shown = (
        f"{min(steps)}–{max(steps)}" if steps == list(range(min(steps), max(steps) + 1)) else ", ".join(map(str, steps))
    )
    problems = []

    def step(field: str, value: int | None) -> None:
        if value is not None and value not in known:
            problems.append(f"{field}: trinn {value} finst ikkje i trappa (trinna er {shown})")

    def band_list(field: str, values: list[str] | None) -> None:
        for value in values or []:
            if value not in bands:
                problems.append(f"{field}: aldersgruppa «{value}» finst ikkje (bruk {', '.join(bands)})")

    for i, r in enumerate(scenario.rate_changes):
        step(f"rate_changes[{i}].step", r.step)
        band_list(f"rate_changes[{i}].bands", r.bands)
    for i, m in enumerate(scenario.moves):
        step(f"moves[{i}].from_step", m.from_step)
        step(f"moves[{i}].to_step", m.to_step)
        band_list(f"moves[{i}].bands", m.bands)
    for i, c in enumerate(scenario.caps):
        step(f"caps[{i}].step", c.step)
        step(f"caps[{i}].overflow_to", c.overflow_to)
        for year in c.places_by_year:
            if not 1990 <= year <= 2100:
                problems.append(f"caps[{i}].places_by_year: året {year} er utanfor 1990–2100")
    return problems
