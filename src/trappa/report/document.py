"""The profile as a documented, stable JSON document (schema ``trappa.profile``, version 1).

Other tools read this shape; change it only by adding fields, or by a new
version. The JSON Schema is published in docs/profile.schema.json.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import polars as pl
from pydantic import BaseModel, Field

from trappa.model.profile import Profile

SCHEMA_ID = "trappa.profile"
SCHEMA_VERSION = 1


class StepRow(BaseModel):
    """One step (and user group, when split by user group) of one year. Money in NOK."""

    step: int
    step_code: str
    step_name: str
    category: int
    user_group: str | None = Field(None, description="habilitering, psykisk_helse_rus, andre or alle (shared)")
    gross_cost: float = Field(description="Expense account types (KOSTRA art 000–599)")
    income: float = Field(description="Income account types (600–999); negative as in the accounts")
    net_cost: float = Field(description="gross_cost + income; may be negative")
    refund_income: float = Field(
        0.0,
        description="Of the income: the state's refund for high-cost users (ressurskrevjande tenester), booked on the "
        "arts the municipality names in its settings; negative as in the accounts",
    )
    share_of_net_percent: float | None = Field(description="net_cost / sum of net_cost over all steps × 100")
    budget: float = Field(description="Net budget, where budget amounts were imported")
    bought_cost: float = Field(0.0, description="Gross cost of purchases replacing own production (KOSTRA art 300–399)")
    own_cost: float = Field(0.0, description="gross_cost − bought_cost: the municipality's own production")
    bought_places: float | None = Field(
        None, description="Places bought from others (places data marked kjøp); empty where no unit says"
    )
    budget_deviation: float | None = Field(
        None, description="net_cost − budget (accounts minus budget); empty when the year has no budget"
    )
    ftes: float
    persons: int = Field(description="Distinct person keys with a decision active in the year")
    persons_on_date: int = Field(description="Distinct person keys with a decision active on reference_date")
    decisions: int = Field(description="Decisions active in the year")
    decided_hours_per_week: float = Field(description="Weekly decided hours, averaged over the year")
    decided_hours_per_week_per_person: float | None
    decided_hours_year: float = Field(description="Decided hours in the year (weekly hours × active weeks)")
    cost_per_person: float | None
    cost_per_decided_hour: float | None
    ftes_per_person: float | None
    places: float | None
    occupied_days: float | None
    occupancy_percent: float | None
    cost_per_place: float | None


class ControlTotalsDoc(BaseModel):
    """Where every krone went. ``balanced``: accounts_total = in_steps + outside_staircase + unmapped, to the øre."""

    accounts_total: float
    in_steps: float
    outside_staircase: float
    unmapped: float
    balanced: bool
    gross_total: float
    income_total: float
    ftes_total: float
    ftes_in_steps: float
    ftes_outside: float
    ftes_unmapped: float
    decisions_active: int
    decisions_in_steps: int
    decisions_outside: int
    decisions_without_step: int


class UnmappedCentre(BaseModel):
    cost_centre: str
    cost_centre_name: str | None
    amount: float


class ShareProblem(BaseModel):
    cost_centre: str
    function: str | None
    share_sum_percent: float


class ServiceWithoutStep(BaseModel):
    service: str
    decisions: int
    persons: int


class YearProfile(BaseModel):
    year: int
    reference_date: date
    by_user_group: bool
    steps: list[StepRow]
    control_totals: ControlTotalsDoc
    unmapped_cost_centres: list[UnmappedCentre]
    mapping_share_problems: list[ShareProblem]
    services_without_step: list[ServiceWithoutStep]
    warnings: list[str]


class ProfileDocument(BaseModel):
    schema_id: str = Field(SCHEMA_ID, alias="schema")
    schema_version: int = SCHEMA_VERSION
    municipality: str
    synthetic: bool = Field(description="True for the demo municipality: made-up data")
    staircase: str
    currency: str = "NOK"
    basis: str = Field("accounts", description="accounts (rekneskap), or budget: the budget amounts as the profile")
    years: list[YearProfile]

    model_config = {"populate_by_name": True}


# Kroner to the øre; everything else (FTEs, hours, shares, rates) to six decimals. Sums of floats carry
# noise in their last digits that depends on the order they were added in; the document must not.
MONEY = {
    "gross_cost",
    "income",
    "refund_income",
    "net_cost",
    "budget",
    "budget_deviation",
    "bought_cost",
    "own_cost",
    "cost_per_person",
    "cost_per_decided_hour",
    "cost_per_place",
}


def rounded(value: Any, decimals: int = 6) -> Any:
    """A float for a document: no NaN or infinity, no float noise, and never «-0»."""
    if not isinstance(value, float):
        return value
    if math.isnan(value) or math.isinf(value):
        return None
    return round(value, decimals) + 0.0


def _clean(field: str, value: Any) -> Any:
    return rounded(value, 2 if field in MONEY else 6)


def year_profile(profile: Profile) -> YearProfile:
    c = profile.controls
    fields = list(StepRow.model_fields)
    rows = profile.table.select([f for f in fields if f in profile.table.columns]).to_dicts()
    return YearProfile(
        year=profile.year,
        reference_date=profile.on_date,
        by_user_group=profile.by_user_group,
        steps=[StepRow(**{k: _clean(k, v) for k, v in r.items()}) for r in rows],
        control_totals=ControlTotalsDoc(
            accounts_total=c.accounts_total_ore / 100,
            in_steps=c.in_steps_ore / 100,
            outside_staircase=c.outside_staircase_ore / 100,
            unmapped=c.unmapped_ore / 100,
            balanced=c.balanced,
            gross_total=c.gross_total_ore / 100,
            income_total=c.income_total_ore / 100,
            ftes_total=rounded(c.ftes_total),
            ftes_in_steps=rounded(c.ftes_in_steps),
            ftes_outside=rounded(c.ftes_outside),
            ftes_unmapped=rounded(c.ftes_unmapped),
            decisions_active=c.decisions_active,
            decisions_in_steps=c.decisions_in_steps,
            decisions_outside=c.decisions_outside,
            decisions_without_step=c.decisions_without_step,
        ),
        unmapped_cost_centres=[
            UnmappedCentre(
                cost_centre=r["cost_centre"], cost_centre_name=r["cost_centre_name"], amount=r["amount_ore"] / 100
            )
            for r in profile.unmapped_centres.to_dicts()
        ],
        mapping_share_problems=[
            ShareProblem(cost_centre=r["selector"], function=r["function"], share_sum_percent=rounded(r["share_sum"]))
            for r in profile.share_problems.to_dicts()
        ],
        services_without_step=[ServiceWithoutStep(**r) for r in profile.services_without_step.to_dicts()],
        warnings=profile.warnings,
    )


def profile_document(
    profiles: list[Profile], *, municipality: str, synthetic: bool, staircase: str, basis: str = "accounts"
) -> ProfileDocument:
    return ProfileDocument(
        schema=SCHEMA_ID,
        municipality=municipality,
        synthetic=synthetic,
        staircase=staircase,
        basis=basis,
        years=[year_profile(p) for p in profiles],
    )


def to_json(document: ProfileDocument) -> str:
    return document.model_dump_json(by_alias=True, indent=2)


def json_schema() -> dict[str, Any]:
    return ProfileDocument.model_json_schema(by_alias=True)


def flat_rows(profiles: list[Profile]) -> pl.DataFrame:
    """All years' step rows in one table with a year column (for CSV)."""
    fields = list(StepRow.model_fields)
    frames = []
    for p in profiles:
        cols = [f for f in fields if f in p.table.columns]
        frames.append(p.table.select(pl.lit(p.year).alias("year"), *cols))
    return pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
