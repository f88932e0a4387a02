"""Pydantic model of a staircase template.

A staircase is ordered by how much the municipality intervenes in a person's
life; steps are grouped in categories. Texts are Nynorsk first (``nn``), with
Bokmål (``nb``) and English (``en``) as translations that fall back to Nynorsk.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Language = Literal["nn", "nb", "en"]


class LocalText(BaseModel):
    """A text in Nynorsk with optional Bokmål and English translations."""

    model_config = ConfigDict(extra="forbid")

    nn: str = Field(min_length=1, description="Nynorsk (required)")
    nb: str | None = None
    en: str | None = None

    @field_validator("nn")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("Nynorsk text must not be blank")
        return value.strip()

    def get(self, language: Language = "nn") -> str:
        return getattr(self, language) or self.nn


class StepDescription(BaseModel):
    """The longer description citizens read: goal, target group, services, how to apply."""

    model_config = ConfigDict(extra="forbid")

    goal: LocalText
    target_group: LocalText
    services: LocalText
    how_to_apply: LocalText


class Category(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1)
    name: LocalText


class Step(BaseModel):
    """One step (trinn) of the staircase."""

    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1, le=99)
    code: str | None = Field(default=None, description="Label as the municipality writes it, e.g. '01'")
    category: int = Field(ge=1)
    name: LocalText
    short: LocalText
    description: StepDescription
    partly_outside_cost_profile: bool = False
    home_care: bool = Field(
        default=False,
        description="Heimetenester (praktisk bistand, helsehjelp i heimen, BPA): trappetala følgjer kor mange "
        "her har under 2,5 og over 15 vedtakstimar i veka",
    )


class Staircase(BaseModel):
    """A service staircase: steps in order, grouped in categories."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    kind: Literal["service"] = "service"
    name: LocalText
    source: str | None = None
    categories: list[Category] = Field(min_length=1)
    steps: list[Step] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Staircase:
        seen: set[int] = set()
        for i, step in enumerate(self.steps):
            if step.number in seen:
                raise ValueError(f"steps[{i}].number: step number {step.number} is used twice")
            seen.add(step.number)
        cats = {c.number for c in self.categories}
        if len(cats) != len(self.categories):
            raise ValueError("categories: a category number is used twice")
        for i, step in enumerate(self.steps):
            if step.category not in cats:
                raise ValueError(
                    f"steps[{i}].category: step {step.number} names category {step.category}, "
                    f"which is not among categories {sorted(cats)}"
                )
        self.steps.sort(key=lambda s: s.number)
        return self

    def step(self, number: int) -> Step:
        for s in self.steps:
            if s.number == number:
                return s
        raise KeyError(number)

    @property
    def step_numbers(self) -> list[int]:
        return [s.number for s in self.steps]


class HousingType(BaseModel):
    """One type of housing in the housing staircase (bustadtrapp)."""

    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1)
    name: LocalText
    description: LocalText
    target_group: LocalText
    services: LocalText
    resident_pays: LocalText
    units: int | None = Field(
        default=None, ge=0, description="Number of units (bueiningar), typed in by the municipality"
    )
    steps: list[int] = Field(
        default_factory=list, description="Service steps whose places (from the places data) are this type's units"
    )


class HousingStaircase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    kind: Literal["housing"] = "housing"
    name: LocalText
    source: str | None = None
    types: list[HousingType] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> HousingStaircase:
        seen: set[int] = set()
        for i, t in enumerate(self.types):
            if t.number in seen:
                raise ValueError(f"types[{i}].number: housing type number {t.number} is used twice")
            seen.add(t.number)
        self.types.sort(key=lambda t: t.number)
        return self
