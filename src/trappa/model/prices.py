"""The unit-price catalogue (einingsprisar): what an hour, a place-year, a day or a call-out costs.

A catalogue belongs to a year and is kept in versions. Each price names its service kind and, where
it matters, the time of day, the setting (ambulant or in housing, and the travel-time group), the
staffing factor of a group service and whether a place is the municipality's own or bought. Each
price says where it came from: computed from the municipality's own profile, imported from a
spreadsheet, typed in, or carried from an earlier year by an index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, field_validator

Unit = Literal["hour", "user_hour", "place_year", "day", "callout"]
Source = Literal["computed", "imported", "typed", "indexed"]
TIMES = ("day", "night", "stationary", "base")  # dag/kveld, natt, stasjonær, kontor/base
SETTINGS = ("ambulant", "housing")  # ambulant (with travel), in housing (no travel)
OWNERSHIPS = ("own", "bought")
STAFFING_FACTORS = (1.0, 0.8, 0.5, 0.3, 0.1)
WEEKS = 52

UNIT_WORDS = {"hour": "time", "user_hour": "brukartime", "place_year": "plassår", "day": "døgn", "callout": "utrykking"}
QUANTITY_WORDS = {"hour": "timar", "user_hour": "brukartimar", "place_year": "plassår", "day": "døgn",
                  "callout": "utrykkingar"}  # fmt: skip
TIME_WORDS = {"day": "dag/kveld", "night": "natt", "stationary": "stasjonær", "base": "kontor/base", "": ""}
SETTING_WORDS = {"ambulant": "ambulant", "housing": "i bustad", "": ""}
OWNERSHIP_WORDS = {"own": "eigen plass", "bought": "kjøpt plass", "": ""}
SOURCE_WORDS = {"computed": "rekna frå profilen", "imported": "importert", "typed": "skrive inn",
                "indexed": "framskriven med indeks"}  # fmt: skip


@dataclass(frozen=True)
class ServiceKind:
    code: str
    nn: str
    nb: str
    en: str
    unit: Unit


KINDS: tuple[ServiceKind, ...] = (
    ServiceKind("home_health_care", "Heimesjukepleie", "Hjemmesykepleie", "Home health care", "hour"),
    ServiceKind("practical_help", "Praktisk bistand – daglege gjeremål", "Praktisk bistand – daglige gjøremål",
                "Practical help – daily tasks", "hour"),
    ServiceKind("practical_training", "Praktisk bistand – opplæring", "Praktisk bistand – opplæring",
                "Practical help – training", "hour"),
    ServiceKind("bpa", "Brukarstyrt personleg assistanse (BPA)", "Brukerstyrt personlig assistanse (BPA)",
                "User-controlled personal assistance (BPA)", "hour"),
    ServiceKind("care_allowance", "Omsorgsstønad", "Omsorgsstønad", "Care allowance", "hour"),
    ServiceKind("respite", "Avlasting utanfor institusjon", "Avlastning utenfor institusjon",
                "Respite outside institution", "hour"),
    ServiceKind("support_contact", "Støttekontakt", "Støttekontakt", "Support contact", "hour"),
    ServiceKind("day_activity", "Dagaktivitet", "Dagaktivitet", "Day activity", "hour"),
    ServiceKind("extra_staffing", "Ekstra bemanning i institusjon", "Ekstra bemanning i institusjon",
                "Extra staffing in institution", "hour"),
    ServiceKind("staffed_housing_hours", "Tenester i bustad med personalbase", "Tjenester i bolig med personalbase",
                "Services in housing with a staff base", "hour"),
    ServiceKind("group_service", "Gruppetilbod", "Gruppetilbud", "Group service", "user_hour"),
    ServiceKind("short_stay_rehab", "Korttidsopphald – rehabilitering", "Korttidsopphold – rehabilitering",
                "Short stay – rehabilitation", "place_year"),
    ServiceKind("short_stay_other", "Korttidsopphald – anna og avlasting", "Korttidsopphold – annet og avlastning",
                "Short stay – other and respite", "place_year"),
    ServiceKind("long_term", "Langtidsplass, ordinær", "Langtidsplass, ordinær", "Long-term place, ordinary",
                "place_year"),
    ServiceKind("old_peoples_home", "Aldersheim", "Aldershjem", "Old people's home", "place_year"),
    ServiceKind("dementia", "Skjerma eining for personar med demens", "Skjermet enhet for personer med demens",
                "Sheltered unit for people with dementia", "place_year"),
    ServiceKind("reinforced", "Forsterka plass", "Forsterket plass", "Reinforced place", "place_year"),
    ServiceKind("housing_24h", "Bustad med heildøgns bemanning", "Bolig med heldøgns bemanning",
                "Housing with 24-hour staff", "place_year"),
    ServiceKind("discharge_ready", "Utskrivingsklar pasient (døgnpris)", "Utskrivningsklar pasient (døgnpris)",
                "Patient ready for discharge (daily rate)", "day"),
    ServiceKind("safety_alarm", "Tryggleiksalarm – utrykking", "Trygghetsalarm – utrykning",
                "Safety alarm – call-out", "callout"),
)  # fmt: skip
BY_CODE = {k.code: k for k in KINDS}

# The step each kind belongs to, by the staircase template's numbering; another staircase says its own.
KIND_STEPS: dict[str, dict[str, int]] = {
    "alver": {"safety_alarm": 3, "support_contact": 4, "day_activity": 4, "group_service": 4, "practical_help": 5,
              "practical_training": 5, "care_allowance": 5, "respite": 5, "home_health_care": 6, "bpa": 7,
              "staffed_housing_hours": 9, "housing_24h": 10, "short_stay_rehab": 11, "short_stay_other": 11,
              "discharge_ready": 11, "long_term": 12, "old_peoples_home": 12, "dementia": 12, "extra_staffing": 12,
              "reinforced": 13},
    "asker": {"safety_alarm": 3, "support_contact": 4, "day_activity": 4, "group_service": 4, "practical_help": 5,
              "practical_training": 5, "care_allowance": 5, "respite": 5, "home_health_care": 7, "bpa": 7,
              "staffed_housing_hours": 8, "short_stay_rehab": 9, "short_stay_other": 9, "discharge_ready": 9,
              "housing_24h": 10, "long_term": 12, "old_peoples_home": 12, "dementia": 12, "extra_staffing": 12,
              "reinforced": 13},
}  # fmt: skip


class Price(BaseModel):
    """One price of the catalogue: kroner per unit of its kind (an hour, a place-year, a day, a call-out)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: str
    step: int | None = Field(None, ge=1)
    time_of_day: str = ""
    setting: str = ""
    travel_group: int | None = Field(None, ge=1, le=9, description="Travel-time group of an ambulant service")
    staffing_factor: float | None = Field(None, gt=0, le=1)
    ownership: str = ""
    price: float = Field(ge=0)
    source: Source
    note: str = ""

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in BY_CODE:
            raise ValueError(f"ukjend tenestetype «{value}»")
        return value

    @field_validator("time_of_day")
    @classmethod
    def _time(cls, value: str) -> str:
        if value and value not in TIMES:
            raise ValueError(f"tid på døgnet må vere ein av {', '.join(TIMES)}")
        return value

    @field_validator("setting")
    @classmethod
    def _setting(cls, value: str) -> str:
        if value and value not in SETTINGS:
            raise ValueError(f"staden må vere ein av {', '.join(SETTINGS)}")
        return value

    @field_validator("ownership")
    @classmethod
    def _ownership(cls, value: str) -> str:
        if value and value not in OWNERSHIPS:
            raise ValueError(f"eige eller kjøpt må vere ein av {', '.join(OWNERSHIPS)}")
        return value

    @property
    def key(self) -> tuple[str, str, str, int | None, float | None, str]:
        return (self.kind, self.time_of_day, self.setting, self.travel_group, self.staffing_factor, self.ownership)

    def describe(self) -> str:
        """The price's kind and its qualifiers in words: «Heimesjukepleie, natt, ambulant»."""
        parts = [BY_CODE[self.kind].nn, TIME_WORDS[self.time_of_day], SETTING_WORDS[self.setting],
                 f"reisetidsgruppe {self.travel_group}" if self.travel_group else "",
                 f"bemanningsfaktor {self.staffing_factor:g}".replace(".", ",") if self.staffing_factor else "",
                 OWNERSHIP_WORDS[self.ownership]]  # fmt: skip
        return ", ".join(p for p in parts if p)


def computed(profile_table: pl.DataFrame, kind_steps: dict[str, int]) -> list[Price]:
    """Prices from the municipality's own profile: per decided hour, or per place, of each kind's step.

    An hour-priced kind gets its step's net cost per decided hour, a place-year kind its step's net cost
    per place; a kind whose step has no such figure gets no computed price (it must be typed or imported).
    """
    by_step = {r["step"]: r for r in profile_table.iter_rows(named=True)}
    prices = []
    for kind in KINDS:
        step = kind_steps.get(kind.code)
        row = by_step.get(step) if step is not None else None
        if row is None:
            continue
        figure = {"hour": row.get("cost_per_decided_hour"), "place_year": row.get("cost_per_place")}.get(kind.unit)
        if figure is None or figure <= 0:
            continue
        unit = "vedtakstime" if kind.unit == "hour" else "plass"
        prices.append(Price(kind=kind.code, step=step, price=float(figure), source="computed",
                            note=f"netto kostnad per {unit} på trinn {step}"))  # fmt: skip
    return prices


def carried(prices: list[Price], index_percent: float, years: int, from_year: int) -> list[Price]:
    """The prices carried ``years`` years on by an index a year (wage growth, say): price × (1 + p)^years."""
    factor = (1 + index_percent / 100) ** years
    note = f"frå {from_year} med {index_percent:g} % i året".replace(".", ",")
    return [p.model_copy(update={"price": p.price * factor, "source": "indexed", "note": note}) for p in prices]


def find(
    prices: list[Price],
    kind: str,
    *,
    time_of_day: str = "",
    setting: str = "",
    travel_group: int | None = None,
    staffing_factor: float | None = None,
    ownership: str = "",
) -> Price | None:
    """The most specific price that fits: a qualifier both the price and the case name must match.

    A price without a qualifier fits any value of it, so a catalogue may give one price for home
    health care and a higher one for its nights only; a case that does not say (own or bought place)
    gets the first price that fits.
    """
    asked = {"time_of_day": time_of_day, "setting": setting, "travel_group": travel_group,
             "staffing_factor": staffing_factor, "ownership": ownership}  # fmt: skip
    best: tuple[tuple[int, int], Price] | None = None
    for p in prices:
        if p.kind != kind:
            continue
        named = {q: getattr(p, q) for q in asked if getattr(p, q) not in ("", None)}
        given = {q for q, v in asked.items() if v not in ("", None)}
        if any(q in given and asked[q] != v for q, v in named.items()):
            continue
        # the most qualifiers matched; among those, the fewest the case did not ask about; then catalogue order
        score = (len(named.keys() & given), -len(named.keys() - given))
        if best is None or score > best[0]:
            best = (score, p)
    return best[1] if best else None
