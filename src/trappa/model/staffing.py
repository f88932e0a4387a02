"""The staffing-pattern calculator (bemanningsplan) for units with staff round the clock.

A pattern is a set of locations; each location has night shifts (awake: every hour paid; sleeping
on the premises: every third hour paid, plus the hours the person is woken, paid as overtime) and
day, evening and long shifts, each a length in hours and a number of staff, every day of the year.
From the pay rules (supplements per hour for night, Sunday and public holidays, a fixed supplement
per employee on a 24-hour rota) and the cost and hours of a gross FTE, each pattern gets its paid
hours, gross FTEs and cost a year, and its difference to the first pattern («today»).

Days: 365 a year, 52 Sundays, and the public holidays the pay rules name (Norway has 10 to 12
weekday holidays a year; the setting says how many).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

DAYS = 365
SUNDAYS = 52
SLEEPING_PAID = 1 / 3  # a sleeping night on the premises (hjemmevakt/sovende nattevakt): every third hour


class PayRules(BaseModel):
    """The municipality's pay rules and what an FTE costs (settings of the calculation)."""

    model_config = ConfigDict(extra="forbid")
    hours_per_gross_fte: float | None = Field(
        None, gt=0, description="Paid hours a year of one gross FTE; the municipality's setting when left out"
    )
    cost_per_gross_fte: float | None = Field(
        None,
        gt=0,
        description="Wage cost a year of one gross FTE, social costs included; the municipality's "
        "own key figure of the latest year when left out",
    )
    night_supplement_per_hour: float = Field(0.0, ge=0, description="Per paid night hour (nattillegg)")
    sunday_supplement_per_hour: float = Field(0.0, ge=0, description="Per paid hour on a Sunday (helgetillegg)")
    holiday_supplement_per_hour: float = Field(0.0, ge=0, description="Per paid hour on a public holiday")
    holidays: int = Field(10, ge=0, le=20, description="Public holidays on weekdays a year")
    rota_supplement_per_employee: float = Field(
        0.0, ge=0, description="Fixed supplement a year per employee on a 24-hour rota (turnustillegg)"
    )
    fte_per_employee: float = Field(0.75, gt=0, le=1, description="Average position size, to count employees")
    overtime_factor: float = Field(2.0, ge=1, description="Overtime pay as a multiple of the hourly cost")


class Night(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["awake", "sleeping"] = Field(description="awake: every hour paid; sleeping: every third hour")
    hours: float = Field(gt=0, le=16)
    staff: int = Field(1, ge=1, le=50)
    woken_hours: float = Field(0.0, ge=0, description="Hours a sleeping night is woken, on average, paid as overtime")

    @model_validator(mode="after")
    def _woken_within(self) -> Night:
        if self.kind == "awake" and self.woken_hours:
            raise ValueError("an awake night has no woken hours: every hour is paid already")
        if self.woken_hours > self.hours:
            raise ValueError("woken hours cannot be more than the night's hours")
        return self


class Shift(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field("vakt", max_length=60, description="dag, kveld, langvakt …")
    hours: float = Field(gt=0, le=16)
    staff: int = Field(1, ge=1, le=50)


class Location(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)
    nights: list[Night] = Field(default_factory=list)
    shifts: list[Shift] = Field(default_factory=list)


class Pattern(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)
    locations: list[Location] = Field(min_length=1)


class StaffingPlan(BaseModel):
    """The file `trappa staffing` reads: pay rules and the patterns to compare (the first is today)."""

    model_config = ConfigDict(extra="forbid")
    pay: PayRules
    patterns: list[Pattern] = Field(min_length=1, max_length=8)


class PatternResult(BaseModel):
    name: str
    paid_hours_per_night: float  # awake hours + sleeping hours ÷ 3 + woken hours
    paid_night_hours_per_year: float
    paid_day_hours_per_year: float  # day, evening and long shifts
    paid_hours_per_year: float
    overtime_hours_per_year: float  # the woken hours of sleeping nights
    gross_ftes: float
    employees: float
    wage_cost: float  # gross FTEs × cost per gross FTE
    night_supplement: float
    sunday_supplement: float
    holiday_supplement: float
    rota_supplement: float
    overtime_supplement: float  # the extra on top of the hourly cost for woken hours
    cost_per_year: float
    difference: float  # against the first pattern


def _night_paid(night: Night) -> float:
    """Paid hours of one night for one person: awake every hour; sleeping every third, plus woken hours."""
    if night.kind == "awake":
        return night.hours
    return night.hours * SLEEPING_PAID + night.woken_hours


def pattern_cost(pattern: Pattern, pay: PayRules) -> PatternResult:
    """Paid hours, FTEs and cost a year of one pattern (difference left at 0; see :func:`compare`)."""
    if pay.hours_per_gross_fte is None or pay.cost_per_gross_fte is None:
        raise ValueError("the pay rules need hours and cost per gross FTE")
    per_night = sum(_night_paid(n) * n.staff for loc in pattern.locations for n in loc.nights)
    woken_per_night = sum(n.woken_hours * n.staff for loc in pattern.locations for n in loc.nights)
    per_day = sum(s.hours * s.staff for loc in pattern.locations for s in loc.shifts)
    night_year, day_year = per_night * DAYS, per_day * DAYS
    paid = night_year + day_year
    ftes = paid / pay.hours_per_gross_fte
    hourly = pay.cost_per_gross_fte / pay.hours_per_gross_fte
    # Supplements per paid hour; the woken hours are paid at the overtime rate, of which the hourly cost
    # is already in the FTEs: the rest is the overtime supplement.
    night_supplement = night_year * pay.night_supplement_per_hour
    sunday = (per_night + per_day) * SUNDAYS * pay.sunday_supplement_per_hour
    holiday = (per_night + per_day) * pay.holidays * pay.holiday_supplement_per_hour
    employees = ftes / pay.fte_per_employee
    rota = employees * pay.rota_supplement_per_employee
    overtime_hours = woken_per_night * DAYS
    overtime = overtime_hours * hourly * (pay.overtime_factor - 1)
    wage = ftes * pay.cost_per_gross_fte
    total = wage + night_supplement + sunday + holiday + rota + overtime
    return PatternResult(
        name=pattern.name,
        paid_hours_per_night=per_night,
        paid_night_hours_per_year=night_year,
        paid_day_hours_per_year=day_year,
        paid_hours_per_year=paid,
        overtime_hours_per_year=overtime_hours,
        gross_ftes=ftes,
        employees=employees,
        wage_cost=wage,
        night_supplement=night_supplement,
        sunday_supplement=sunday,
        holiday_supplement=holiday,
        rota_supplement=rota,
        overtime_supplement=overtime,
        cost_per_year=total,
        difference=0.0,
    )


def compare(plan: StaffingPlan) -> list[PatternResult]:
    """Every pattern's result, with its difference in cost a year to the first («today»)."""
    results = [pattern_cost(p, plan.pay) for p in plan.patterns]
    first = results[0].cost_per_year
    return [r.model_copy(update={"difference": r.cost_per_year - first}) for r in results]
