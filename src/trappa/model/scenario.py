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


def apply_rate_changes(persons: pl.DataFrame, changes: list[RateChange]) -> pl.DataFrame:
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


def apply_moves(persons: pl.DataFrame, moves: list[Move], by: list[str]) -> pl.DataFrame:
    out = persons
    keys = ["year", *by, "band"]
    for move in moves:
        moved = (
            out.filter((pl.col("step") == move.from_step) & _in_bands(move.bands))
            .with_columns((pl.col("persons") * move.share_percent / 100 * move.weight()).alias("moved"))
            .select([*keys, "moved"])
        )
        out = (
            out.join(moved, on=keys, how="left")
            .with_columns(
                pl.when(pl.col("step") == move.from_step)
                .then(pl.col("persons") - pl.col("moved").fill_null(0.0))
                .when(pl.col("step") == move.to_step)
                .then(pl.col("persons") + pl.col("moved").fill_null(0.0))
                .otherwise(pl.col("persons"))
                .alias("persons")
            )
            .drop("moved")
        )
        missing = moved.join(out.filter(pl.col("step") == move.to_step).select(keys), on=keys, how="anti")
        if missing.height:  # the receiving step had no row for a band: add it
            template = out.filter(pl.col("step") == move.from_step).select([*keys, "inhabitants"])
            extra = missing.join(template, on=keys, how="left").select(
                [
                    *keys,
                    pl.lit(move.to_step, pl.Int64).alias("step"),
                    pl.col("moved").alias("persons"),
                    pl.lit(0.0).alias("rate"),
                    "inhabitants",
                ]
            )
            out = pl.concat([out, extra.select(out.columns)])
    return out


def apply_caps(persons: pl.DataFrame, caps: list[Cap], places_per_person: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Persons above a step's capacity go to ``overflow_to`` or to ``unmet`` (same step, unmet persons)."""
    out = persons.with_columns(
        pl.col("unmet").fill_null(0.0) if "unmet" in persons.columns else pl.lit(0.0).alias("unmet")
    )
    ppp = dict(places_per_person.select("step", "places_per_person").iter_rows())
    keys = ["year", *by]
    for cap in caps:
        per_place = ppp.get(cap.step) or 0.0
        allowed = cap.capacity() / per_place if per_place > 0 else cap.capacity()
        totals = (
            out.filter(pl.col("step") == cap.step)
            .group_by(keys)
            .agg(pl.col("persons").sum().alias("total"))
            .with_columns(allowed.alias("allowed"))
            .with_columns(
                pl.when(pl.col("allowed").is_not_null() & (pl.col("total") > pl.col("allowed")))
                .then(pl.col("allowed") / pl.col("total"))
                .otherwise(1.0)
                .alias("keep")
            )
            .select([*keys, "keep"])
        )
        out = out.join(totals, on=keys, how="left").with_columns(pl.col("keep").fill_null(1.0))
        excess = (pl.col("persons") * (1 - pl.col("keep"))).alias("excess")
        capped = out.filter(pl.col("step") == cap.step).with_columns(excess)
        overflow = capped.select([*keys, "band", "excess"])
        out = out.with_columns(
            pl.when(pl.col("step") == cap.step)
            .then(pl.col("persons") * pl.col("keep"))
            .otherwise(pl.col("persons"))
            .alias("persons")
        ).drop("keep")
        if cap.overflow_to is None:
            out = (
                out.join(overflow, on=[*keys, "band"], how="left")
                .with_columns(
                    pl.when(pl.col("step") == cap.step)
                    .then(pl.col("unmet") + pl.col("excess").fill_null(0.0))
                    .otherwise(pl.col("unmet"))
                    .alias("unmet")
                )
                .drop("excess")
            )
        else:
            target = cap.overflow_to
            out = (
                out.join(overflow, on=[*keys, "band"], how="left")
                .with_columns(
                    pl.when(pl.col("step") == target)
                    .then(pl.col("persons") + pl.col("excess").fill_null(0.0))
                    .otherwise(pl.col("persons"))
                    .alias("persons")
                )
                .drop("excess")
            )
            missing = overflow.join(
                out.filter(pl.col("step") == target).select([*keys, "band"]), on=[*keys, "band"], how="anti"
            )
            if missing.height:
                extra = missing.select(
                    [
                        *keys,
                        "band",
                        pl.lit(target, pl.Int64).alias("step"),
                        pl.col("excess").alias("persons"),
                        pl.lit(0.0).alias("rate"),
                        pl.lit(0.0).alias("inhabitants"),
                        pl.lit(0.0).alias("unmet"),
                    ]
                )
                out = pl.concat([out, extra.select(out.columns)])
    return out


def apply(
    persons: pl.DataFrame, scenario: Scenario, places_per_person: pl.DataFrame, by: list[str] | None = None
) -> pl.DataFrame:
    """The scenario's persons per year, step and band (with ``unmet`` persons per capped step)."""
    by = by or []
    out = apply_rate_changes(persons, scenario.rate_changes)
    out = apply_moves(out, scenario.moves, by)
    out = apply_caps(out, scenario.caps, places_per_person, by)
    return out
