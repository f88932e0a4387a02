"""The municipality's settings as one typed model (pydantic): validated as a whole when written, and
when a page reads them all. Loaded by those, not by a command that only needs a few of them."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field, field_validator

from trappa.model.kpi import PART_NAMES

DEFAULT_NAME = "Kommunen"


class MunicipalitySettings(BaseModel):
    """What a municipality sets once: who it is, which staircase it uses, what it publishes, how FTEs count."""

    name: str = Field(DEFAULT_NAME, description="Shown in titles of pages and reports")
    code: str | None = Field(None, description="Municipality number (kommunenummer), four digits")
    synthetic: bool = Field(False, description="The data are made up (Demo kommune)")
    publish_figures: bool = Field(False, description="The public pages show figures per step")
    language: Literal["nn", "nb", "en"] = Field("nn", description="The language pages open in")
    staircase_yaml: str | None = Field(None, description="The staircase in use; the Alver template when not set")
    housing_yaml: str | None = Field(None, description="The housing staircase in use; the template when not set")
    hours_per_gross_fte: float = Field(1846.0, gt=0, description="35,5 h × 52 weeks")
    hours_per_net_fte: float = Field(1645.0, gt=0, description="Without holidays and absence")
    comparison_municipalities: list[str] = Field(default_factory=list, description="Municipality numbers")
    kostra_group: str | None = Field(None, description="The municipality's KOSTRA group (EKG01 … EKG17)")
    wage_arts: dict[str, str] = Field(
        default_factory=dict,
        description="Own account types (art) and the part of wage cost each is, over KOSTRA's default "
        "(10150 → faste tillegg); three digits change a KOSTRA art",
    )

    direct_time_shares: dict[str, float] = Field(
        default_factory=dict,
        description="Per step, the share of working time that is direct time with the user (home care about 0.6); "
        "steps marked home care get 0.6 unless set",
    )
    housing_unit_costs: dict[str, float] = Field(
        default_factory=dict, description="Per housing type (its number): what a new unit costs, kroner"
    )
    housing_planned: dict[str, float] = Field(
        default_factory=dict, description="Per housing type (its number): units planned or under construction"
    )
    refund_thresholds: dict[str, float] = Field(
        default_factory=dict,
        description="Ressurskrevjande tenester: the threshold (innslagspunkt) of each year, kroner per person",
    )
    refund_share: float = Field(0.8, gt=0, le=1, description="Share of the wage cost above the threshold refunded")
    refund_arts: list[str] = Field(
        default_factory=list, description="Account types (art) the refund is booked on: the profile shows it apart"
    )
    refund_age_limit: int = Field(67, ge=1, le=120, description="Persons younger than this in the year count")
    refund_wage_share: float = Field(
        1.0, gt=0, le=1, description="Share of a service's cost that is direct wage cost, for the calculator"
    )

    @field_validator("direct_time_shares")
    @classmethod
    def _shares(cls, value: dict[str, float]) -> dict[str, float]:
        for step, share in value.items():
            if not step.isdigit():
                raise ValueError(f"«{step}» er ikkje eit trinnummer.")
            if not 0 < share <= 1:
                raise ValueError(f"Delen direkte tid på trinn {step} må vere mellom 0 og 100 %.")
        return dict(sorted(value.items(), key=lambda kv: int(kv[0])))

    @field_validator("refund_arts")
    @classmethod
    def _refund_arts(cls, value: list[str]) -> list[str]:
        for art in value:
            if not (art.isdigit() and 3 <= len(art) <= 8):
                raise ValueError(f"Arten «{art}» skal vere tre til åtte siffer, til dømes 18110.")
        return sorted(set(value))

    @field_validator("refund_thresholds")
    @classmethod
    def _thresholds(cls, value: dict[str, float]) -> dict[str, float]:
        for year, threshold in value.items():
            if not (year.isdigit() and len(year) == 4):
                raise ValueError(f"«{year}» er ikkje eit år: skriv året med fire siffer.")
            if threshold <= 0:
                raise ValueError(f"Innslagspunktet for {year} må vere over 0 kr.")
        return dict(sorted(value.items()))

    @field_validator("wage_arts")
    @classmethod
    def _wage_arts(cls, value: dict[str, str]) -> dict[str, str]:
        for art, part in value.items():
            if not (art.isdigit() and 3 <= len(art) <= 8):
                raise ValueError(f"Arten «{art}» skal vere tre til åtte siffer, til dømes 10150 eller 020.")
            if part not in PART_NAMES:
                names = ", ".join(PART_NAMES.values())
                raise ValueError(f"«{part}» er ikkje ein del av lønskostnaden. Bruk ein av desse: {names}.")
        return dict(sorted(value.items()))

    @field_validator("kostra_group")
    @classmethod
    def _group(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"EKG\d{2}", value):
            raise ValueError(f"«{value}» er ikkje ei KOSTRA-gruppe. Skriv EKG01 … EKG17.")
        return value

    @field_validator("code")
    @classmethod
    def _four_digits(cls, value: str | None) -> str | None:
        if value is not None and not (len(value) == 4 and value.isdigit()):
            raise ValueError(f"Kommunenummeret «{value}» skal ha fire siffer, til dømes 4631.")
        return value
