"""The resource calculator (ressurskalkulator) for the allocation office: what alternatives cost a year.

A case is up to four alternatives for one person, each a list of services: hours a week by time of
day, a share of a place, days or call-outs a year. Each alternative's cost a year is hours × 52 ×
the hour's price (a place share × the price of a place-year …); the difference to the first
alternative, and what that difference buys: the same money as hours a week (or a share of a place)
of each service the caseworker picks. No name and no identity number: only a reference the caseworker
may type (the service refuses one that looks like a national identity number).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from trappa.model.prices import BY_CODE, TIMES, WEEKS, Price, find


class ServiceLine(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str
    hours_per_week: dict[str, float] = Field(
        default_factory=dict, description="Hours a week by time of day (day, night, stationary, base)"
    )
    place_share: float | None = Field(None, gt=0, le=10, description="Share of a place a year (1 = a whole place)")
    days_per_year: float | None = Field(None, gt=0, le=366)
    callouts_per_year: float | None = Field(None, gt=0)
    setting: str = ""
    travel_group: int | None = Field(None, ge=1, le=9)
    staffing_factor: float | None = Field(None, gt=0, le=1)
    ownership: str = ""

    @field_validator("kind")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in BY_CODE:
            raise ValueError(f"ukjend tenestetype «{value}»; sjå `trappa prices kinds`")
        return value

    @model_validator(mode="after")
    def _quantity_fits_the_kind(self) -> ServiceLine:
        unit = BY_CODE[self.kind].unit
        wanted = {"hour": "hours_per_week", "user_hour": "hours_per_week", "place_year": "place_share",
                  "day": "days_per_year", "callout": "callouts_per_year"}[unit]  # fmt: skip
        given = [f for f in ("hours_per_week", "place_share", "days_per_year", "callouts_per_year") if getattr(self, f)]
        if given != [wanted]:
            raise ValueError(f"{BY_CODE[self.kind].nn} vert målt i {wanted}, ikkje {', '.join(given) or 'ingenting'}")
        for time, hours in self.hours_per_week.items():
            if time not in TIMES:
                raise ValueError(f"tid på døgnet «{time}» finst ikkje; bruk {', '.join(TIMES)}")
            if not 0 <= hours <= 168:
                raise ValueError(f"{hours} timar i veka er ikkje mogleg")
        return self


class Alternative(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=120)
    services: list[ServiceLine] = Field(min_length=1, max_length=20)


class Case(BaseModel):
    """A calculation for one person: the alternatives to compare (the first is the reference)."""

    model_config = ConfigDict(extra="forbid")
    reference: str = Field("", max_length=60, description="The case reference the caseworker types; optional")
    catalogue_year: int | None = Field(None, ge=2000, le=2100)
    buys: list[str] = Field(default_factory=list, max_length=8, description="Kinds to express differences in")
    age: int | None = Field(
        None, ge=0, le=120, description="The person's age in the year, for the state's refund for high-cost users"
    )
    alternatives: list[Alternative] = Field(min_length=1, max_length=4)

    @field_validator("reference")
    @classmethod
    def _stripped(cls, value: str) -> str:
        return value.strip()  # the service refuses one that looks like an identity number (trappa.ingest.identity)

    @field_validator("buys")
    @classmethod
    def _known_buys(cls, value: list[str]) -> list[str]:
        unknown = [k for k in value if k not in BY_CODE]
        if unknown:
            raise ValueError(f"ukjende tenestetypar: {', '.join(unknown)}")
        return value


@dataclass(frozen=True)
class LineCost:
    kind: str
    step: int | None
    what: str  # the kind with its time of day, setting …
    quantity: float  # units a year: hours, place-years, days, call-outs
    unit: str
    price: float
    cost: float


@dataclass(frozen=True)
class AlternativeCost:
    name: str
    lines: list[LineCost]
    total: float
    difference: float  # against the first alternative
    steps: list[int]  # the steps it reaches, lowest first

    @property
    def highest_step(self) -> int | None:
        return self.steps[-1] if self.steps else None


@dataclass(frozen=True)
class Buys:
    """What an alternative's difference to the first buys of one service: a quantity and its measure."""

    alternative: str
    kind: str
    quantity: float  # hours a week, share of a place, days or call-outs a year; negative when it costs less
    measure: str


@dataclass(frozen=True)
class CaseResult:
    alternatives: list[AlternativeCost]
    buys: list[Buys]
    missing: list[str]  # prices the catalogue lacks, in words


class MissingPrices(ValueError):
    def __init__(self, missing: list[str]) -> None:
        super().__init__("; ".join(missing))
        self.missing = missing


def _line_costs(line: ServiceLine, prices: list[Price], missing: list[str]) -> list[LineCost]:
    kind = BY_CODE[line.kind]
    if kind.unit in ("hour", "user_hour"):
        quantities = [(time, hours * WEEKS) for time, hours in line.hours_per_week.items() if hours]
    else:
        single = line.place_share or line.days_per_year or line.callouts_per_year or 0.0
        quantities = [("", single)]
    out = []
    for time, quantity in quantities:
        price = find(prices, line.kind, time_of_day=time, setting=line.setting, travel_group=line.travel_group,
                     staffing_factor=line.staffing_factor, ownership=line.ownership)  # fmt: skip
        asked = Price(kind=line.kind, time_of_day=time, setting=line.setting, travel_group=line.travel_group,
                      staffing_factor=line.staffing_factor, ownership=line.ownership, price=0, source="typed")  # fmt: skip
        if price is None:
            missing.append(asked.describe())
            continue
        out.append(LineCost(line.kind, price.step, asked.describe(), quantity, kind.unit, price.price,
                            quantity * price.price))  # fmt: skip
    return out


MEASURES = {"hour": "timar i veka", "user_hour": "brukartimar i veka", "place_year": "del av ein plass",
            "day": "døgn i året", "callout": "utrykkingar i året"}  # fmt: skip


def calculate(case: Case, prices: list[Price]) -> CaseResult:
    """Every alternative's cost a year, its difference to the first, and what the difference buys."""
    missing: list[str] = []
    costs = []
    for alt in case.alternatives:
        lines = [lc for line in alt.services for lc in _line_costs(line, prices, missing)]
        total = sum(lc.cost for lc in lines)
        steps = sorted({lc.step for lc in lines if lc.step is not None})
        costs.append(AlternativeCost(alt.name, lines, total, 0.0, steps))
    if missing:
        raise MissingPrices(sorted(set(missing)))
    first = costs[0].total
    costs = [AlternativeCost(c.name, c.lines, c.total, c.total - first, c.steps) for c in costs]
    buys = []
    for c in costs[1:]:
        for code in case.buys:
            price = find(prices, code, time_of_day="day" if BY_CODE[code].unit in ("hour", "user_hour") else "")
            if price is None or price.price <= 0:
                missing.append(BY_CODE[code].nn)
                continue
            per = WEEKS if BY_CODE[code].unit in ("hour", "user_hour") else 1
            buys.append(Buys(c.name, code, c.difference / (price.price * per), MEASURES[BY_CODE[code].unit]))
    return CaseResult(costs, buys, sorted(set(missing)))
