"""The projection as a documented, stable JSON document (schema ``trappa.projection``, version 1).

Other tools read this shape; change it only by adding fields, or by a new version. The JSON Schema
is published in docs/projection.schema.json and a test keeps it current. Money is NOK at constant prices.
"""

from __future__ import annotations

from typing import Any, Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from trappa.model.outlook import Outlook
from trappa.model.scenario import Scenario
from trappa.report.document import rounded

SCHEMA_ID: Literal["trappa.projection"] = "trappa.projection"
SCHEMA_VERSION: Literal[1] = 1


class _Row(BaseModel):
    # A new column in the model's tables must be added here on purpose, or the document fails to build.
    model_config = ConfigDict(extra="forbid")


class CoverageRate(_Row):
    """Persons on a step per inhabitant of an age band in the base year (dekningsgrad), with a 95 % interval."""

    step: int
    band: str = Field(description="Age band: 0-66, 67-79, 80-84, 85-89, 90+")
    persons: int
    inhabitants: float
    rate: float | None
    rate_low: float | None
    rate_high: float | None


class StepYear(_Row):
    """One step in one year of one scenario; _low and _high are the uncertainty band."""

    year: int
    step: int
    persons: float
    decisions: float
    decided_hours_per_week: float
    places: float
    ftes: float
    net_cost: float
    gross_cost: float
    unmet: float = Field(description="Persons a cap left without a place")
    persons_low: float
    ftes_low: float
    net_cost_low: float
    persons_high: float
    ftes_high: float
    net_cost_high: float


class CategoryYear(_Row):
    """The steps of one category of the staircase added up, per year."""

    year: int
    category: int
    persons: float
    decisions: float
    decided_hours_per_week: float
    places: float
    ftes: float
    net_cost: float
    gross_cost: float


class StaffingYear(_Row):
    """FTEs the scenario needs against the FTEs that can be recruited (today's, changing by a yearly percent)."""

    year: int
    ftes_needed: float
    ftes_supply: float
    ftes_gap: float
    can_be_staffed: bool


class ScenarioResult(BaseModel):
    scenario: Scenario
    pricing: list[str] = Field(
        default_factory=list,
        description="How the scenario's moved persons were priced: by the user group they belong to on the "
        "destination step, or the step's average where a group has too few persons",
    )
    coverage_rates: list[CoverageRate]
    projection: list[StepYear]
    categories: list[CategoryYear]
    staffing: list[StaffingYear]


class Comparison(_Row):
    """A scenario against the reference (the first scenario), per step and year; _diff = scenario − reference."""

    scenario: str
    year: int
    step: int
    persons: float
    places: float
    ftes: float
    net_cost: float
    unmet: float
    persons_diff: float
    places_diff: float
    ftes_diff: float
    net_cost_diff: float
    unmet_diff: float


class ProjectionDocument(BaseModel):
    """The reference («alternativ 0») and each scenario from the base year to ``to_year``."""

    model_config = ConfigDict(populate_by_name=True)
    schema_id: Literal["trappa.projection"] = Field(SCHEMA_ID, alias="schema")
    schema_version: Literal[1] = SCHEMA_VERSION
    municipality: str = Field(description="Municipality number (kommunenummer)")
    demo_population: bool = Field(description="True when the population is the demo's own projection, not SSB's")
    base_year: int | None
    to_year: int
    scenarios: list[ScenarioResult]
    comparison: list[Comparison]


MONEY = ("net_cost", "gross_cost")


def _rows(frame: pl.DataFrame | None) -> list[dict[str, Any]]:
    """Rows with kroner to the øre and other figures to six decimals (rates to ten: they are small)."""
    if frame is None:
        return []

    def decimals(field: str) -> int:
        return 2 if field.startswith(MONEY) else 10 if field.startswith("rate") else 6

    return [{k: rounded(v, decimals(k)) for k, v in row.items()} for row in frame.to_dicts()]


def projection_document(
    outlooks: list[Outlook],
    comparison: pl.DataFrame,
    staffing: dict[str, pl.DataFrame],
    categories: dict[str, pl.DataFrame],
    *,
    municipality: str,
    demo_population: bool,
    to_year: int,
) -> ProjectionDocument:
    return ProjectionDocument.model_validate(
        {
            "schema": SCHEMA_ID,
            "schema_version": SCHEMA_VERSION,
            "municipality": municipality,
            "demo_population": demo_population,
            "base_year": outlooks[0].base_year if outlooks else None,
            "to_year": to_year,
            "scenarios": [
                {
                    "scenario": o.scenario,
                    "pricing": o.pricing,
                    "coverage_rates": _rows(o.rates),
                    "projection": _rows(o.table),
                    "categories": _rows(categories.get(o.scenario.name)),
                    "staffing": _rows(staffing.get(o.scenario.name)),
                }
                for o in outlooks
            ],
            "comparison": _rows(comparison),
        }
    )


def to_json(document: ProjectionDocument) -> str:
    return document.model_dump_json(by_alias=True, indent=2)


def json_schema() -> dict[str, Any]:
    return ProjectionDocument.model_json_schema(by_alias=True)
