"""Pandera schemas: the value rules of each data contract, checked on typed tables.

Parsing (text to numbers and dates) happens first in :mod:`contracts`; these
schemas then check ranges and codes, and report every failing row at once.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl


class AccountsSchema(pa.DataFrameModel):
    """Rekneskap: one line per year, cost centre (ansvar), account type (art) and function."""

    year: int = pa.Field(ge=1990, le=2100)
    month: int = pa.Field(nullable=True, ge=1, le=12)
    cost_centre: str = pa.Field(str_length={"min_value": 1, "max_value": 40})
    cost_centre_name: str = pa.Field(nullable=True, str_length={"max_value": 200})
    art: str = pa.Field(str_matches=r"^\d{3,6}$")
    function: str = pa.Field(str_matches=r"^\d{3}[A-Za-z0-9]{0,3}$")
    amount_ore: int
    budget_ore: int = pa.Field(nullable=True)


class FtesSchema(pa.DataFrameModel):
    """Årsverk per cost centre and year, or per month (then the FTEs of that month)."""

    year: int = pa.Field(ge=1990, le=2100)
    month: int = pa.Field(nullable=True, ge=1, le=12)
    cost_centre: str = pa.Field(str_length={"min_value": 1, "max_value": 40})
    ftes: float = pa.Field(ge=0, le=100_000)
    gross_ftes: float = pa.Field(nullable=True, ge=0, le=100_000)
    net_ftes: float = pa.Field(nullable=True, ge=0, le=100_000)
    rota_hours: float = pa.Field(nullable=True, ge=0)


class DecisionsSchema(pa.DataFrameModel):
    """Vedtak: one row per decision, with a pseudonymous person key."""

    person_key: str = pa.Field(str_length={"min_value": 1, "max_value": 64})
    service: str = pa.Field(str_length={"min_value": 1, "max_value": 200})
    step: int = pa.Field(nullable=True, ge=0, le=99)
    hours_per_week: float = pa.Field(ge=0, le=168)
    start_date: pl.Date
    end_date: pl.Date = pa.Field(nullable=True)
    age_band: str = pa.Field(nullable=True)
    birth_year: int = pa.Field(nullable=True, ge=1890, le=2100)
    user_group: str = pa.Field(isin=["habilitering", "psykisk_helse_rus", "andre"])
    child_or_adult: str = pa.Field(nullable=True, isin=["barn", "vaksen"])
    unit: str = pa.Field(nullable=True, str_length={"max_value": 200})

    @pa.dataframe_check
    @classmethod
    def end_not_before_start(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("end_date").is_null() | (pl.col("end_date") >= pl.col("start_date")))


class PlacesSchema(pa.DataFrameModel):
    """Plassar: places per unit and step."""

    year: int = pa.Field(ge=1990, le=2100)
    unit: str = pa.Field(str_length={"min_value": 1, "max_value": 200})
    step: int = pa.Field(ge=1, le=99)
    places: float = pa.Field(ge=0, le=100_000)
    occupied_days: float = pa.Field(nullable=True, ge=0)
    provision: str = pa.Field(nullable=True, isin=["kjøp", "eigen"])


class MappingSchema(pa.DataFrameModel):
    """Fordelingsnøkkel: which step and user group a cost centre's money belongs to."""

    year: int = pa.Field(ge=1990, le=2100)
    cost_centre: str = pa.Field(str_matches=r"^(\d+|\d+\s*-\s*\d+|\d+\*|[A-Za-z0-9_.-]+)$")
    function: str = pa.Field(nullable=True, str_matches=r"^\d{3}[A-Za-z0-9]{0,3}$")
    step: int = pa.Field(ge=-1, le=99)  # -1: in proportion to the direct costs on the steps («etter kostnad»)
    user_group: str = pa.Field(isin=["habilitering", "psykisk_helse_rus", "andre", "alle"])
    share: float = pa.Field(gt=0, le=100)


class UnitsSchema(pa.DataFrameModel):
    """Einingar: the cost centres of each unit; a cost centre belongs to one unit only."""

    unit: str = pa.Field(str_length={"min_value": 1, "max_value": 200})
    cost_centre: str = pa.Field(unique=True, str_matches=r"^[A-Za-z0-9_.-]{1,40}$")
    places: float = pa.Field(nullable=True, ge=0, le=100_000)


class DeliveredHoursSchema(pa.DataFrameModel):
    """Utførte timar: hours delivered by a unit in a month, from the case system's time registration."""

    year: int = pa.Field(ge=1990, le=2100)
    month: int = pa.Field(ge=1, le=12)
    unit: str = pa.Field(str_length={"min_value": 1, "max_value": 200})
    hours: float = pa.Field(ge=0, le=10_000_000)


class SicknessAbsenceSchema(pa.DataFrameModel):
    """Sjukefråvær: absence days against possible days of a unit in a month."""

    year: int = pa.Field(ge=1990, le=2100)
    month: int = pa.Field(ge=1, le=12)
    unit: str = pa.Field(str_length={"min_value": 1, "max_value": 200})
    absence_days: float = pa.Field(ge=0)
    possible_days: float = pa.Field(gt=0)

    @pa.dataframe_check
    @classmethod
    def absence_within_possible(cls, data: pa.PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col("absence_days") <= pl.col("possible_days"))


class ServicesSchema(pa.DataFrameModel):
    """Teneste → trinn: the step of each service named in the decisions."""

    service: str = pa.Field(str_length={"min_value": 1, "max_value": 200})
    step: int = pa.Field(ge=0, le=99)


class PricesSchema(pa.DataFrameModel):
    """Einingsprisar: a unit-price catalogue from a spreadsheet; the words are checked by the service."""

    kind: str = pa.Field(str_length={"min_value": 1, "max_value": 120})
    time_of_day: str = pa.Field(nullable=True, str_length={"max_value": 40})
    setting: str = pa.Field(nullable=True, str_length={"max_value": 40})
    travel_group: int = pa.Field(nullable=True, ge=1, le=9)
    staffing_factor: float = pa.Field(nullable=True, gt=0, le=1)
    ownership: str = pa.Field(nullable=True, str_length={"max_value": 40})
    step: int = pa.Field(nullable=True, ge=1, le=99)
    price: float = pa.Field(ge=0, le=1_000_000_000)
    note: str = pa.Field(nullable=True, str_length={"max_value": 500})
