"""Scenarios: named changes to the reference projection, saved as JSON with a published schema.

- ``rate_changes``: change a coverage rate per step and band by percent or to a value, phased in;
- ``moves``: move a share of persons from one step to another (institution → 24-hour housing);
- ``caps``: a step cannot exceed its capacity in places; the overflow goes to a chosen step, or is
  shown as unmet need.

Applied in that order, each year (:mod:`trappa.model.scenario_grid`). A scenario with no changes is the
reference ("alternativ 0").
"""

from __future__ import annotations

import json
from typing import Literal

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
