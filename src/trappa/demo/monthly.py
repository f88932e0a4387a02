"""Demo kommune month by month: accounts and FTEs per month, the delivering unit of each decision,
delivered hours and sickness absence per unit; 36 months (2021–2023) for the måltavle.

The yearly figures the profile reads are unchanged: each year's amount per cost centre and art is
split over its months exactly, and what a measure moves stays inside the cost centre and month.
One measure worked: from September 2022 the home services («Heimetenesta») made more positions full
time (heiltidskultur), so overtime and temporary staff fell and fixed pay rose — a shift the SPC
charts of overtime share and variable pay share show. Everything else is common-cause noise.
"""

from __future__ import annotations

import random
from datetime import date

import polars as pl

from trappa.model.kpi import HOURS_PER_GROSS_FTE
from trappa.model.kpi_frame import period_volumes, periods
from trappa.store.read import SCHEMAS

# The measure that worked, and where.
MEASURE_UNIT = "Heimetenesta"
MEASURE_START = date(2022, 9, 1)
MEASURE_NAME = "Heiltidskultur i heimetenesta: fleire faste, heile stillingar"

# Within fixed pay (art 101xx) a share is overtime (104xx) before the measure; after it, less.
OVERTIME_SHARE = 0.06
OVERTIME_AFTER = 0.025
TEMPORARY_CUT = 0.45  # share of temporary pay (102xx) turned into fixed positions after the measure

_SALARY = {"10100", "10200", "10500", "10900", "10990"}


def _weights(rng: random.Random, art: str) -> list[float]:
    """Monthly weights of a year's amount: salary follows the seasons (summer temps in July)."""
    season = [1.0] * 12
    if art == "10200":  # temporary staff: holidays
        season = [0.8, 0.8, 0.9, 0.9, 0.9, 1.4, 2.2, 1.3, 0.9, 0.8, 0.8, 1.3]
    elif art in _SALARY:
        season = [1.0] * 12  # monthly pay; the seasons show in temporary staff
    return [s * rng.uniform(0.96, 1.04) for s in season]


def _split_exact(total: int, weights: list[float]) -> list[int]:
    amounts = [int(total * w / sum(weights)) for w in weights]
    amounts[-1] += total - sum(amounts)
    return amounts


def monthly_accounts(accounts: pl.DataFrame, units: dict[str, list[str]], rng: random.Random) -> pl.DataFrame:
    """Every yearly line split over its twelve months; part of fixed pay booked as overtime."""
    measured = set(units[MEASURE_UNIT])
    rows: list[tuple[object, ...]] = []
    for year, centre, name, art, function, amount, budget, _month in accounts.iter_rows():
        months = _split_exact(amount, _weights(rng, art))
        budgets = _split_exact(budget, [1.0] * 12) if budget is not None else [None] * 12
        for m, (a, b) in enumerate(zip(months, budgets, strict=True), start=1):
            rows.append((year, centre, name, art, function, a, b, m))
    frame = pl.DataFrame(rows, orient="row", schema=accounts.schema)
    return _book_overtime(frame, measured)


def _book_overtime(frame: pl.DataFrame, measured: set[str]) -> pl.DataFrame:
    """Move a share of fixed pay to overtime (and, after the measure, temporary pay to fixed pay)."""
    keys = ["year", "month", "cost_centre"]
    after = pl.date(pl.col("year"), pl.col("month"), 1) >= MEASURE_START
    in_measure = pl.col("cost_centre").is_in(list(measured)) & after
    # The share of overtime varies from month to month (a hash of the month and centre: the same every run).
    noise = 1 + 0.25 * ((pl.struct(keys).hash(seed=7) % 1000).cast(pl.Float64) / 1000 - 0.5)
    share = pl.when(in_measure).then(OVERTIME_AFTER).otherwise(OVERTIME_SHARE) * noise
    temp_cut = (
        frame.filter(pl.col("art") == "10200")
        .with_columns(pl.when(in_measure).then((pl.col("amount_ore") * TEMPORARY_CUT).round(0)).otherwise(0).cast(
            pl.Int64).alias("__cut"))
        .select(*keys, "__cut")
    )  # fmt: skip
    fixed = frame.filter(pl.col("art") == "10100").with_columns(
        (pl.col("amount_ore") * share).round(0).cast(pl.Int64).alias("__overtime")
    )
    overtime = fixed.with_columns(
        pl.lit("10400").alias("art"),
        pl.col("__overtime").alias("amount_ore"),
        pl.lit(None, pl.Int64).alias("budget_ore"),
    ).drop("__overtime")
    fixed = (
        fixed.join(temp_cut, on=keys, how="left")
        .with_columns((pl.col("amount_ore") - pl.col("__overtime") + pl.col("__cut").fill_null(0)).alias("amount_ore"))
        .drop("__overtime", "__cut")
    )
    temporary = (
        frame.filter(pl.col("art") == "10200")
        .join(temp_cut, on=keys, how="left")
        .with_columns((pl.col("amount_ore") - pl.col("__cut").fill_null(0)).alias("amount_ore"))
        .drop("__cut")
    )
    rest = frame.filter(~pl.col("art").is_in(["10100", "10200"]))
    return pl.concat([rest, fixed, overtime, temporary]).sort("year", "cost_centre", "art", "month")


def monthly_ftes(ftes: pl.DataFrame, rng: random.Random) -> pl.DataFrame:
    """Each year's FTEs as twelve months whose mean is the year's; gross FTEs and rota hours beside them."""
    rows = []
    for year, centre, fte in ftes.select("year", "cost_centre", "ftes").iter_rows():
        season = [0.99, 0.99, 1.0, 1.0, 1.0, 1.02, 1.07, 1.03, 0.98, 0.98, 0.98, 0.96]
        values = [round(fte * s * rng.uniform(0.985, 1.015), 2) for s in season]
        values[-1] = round(12 * fte - sum(values[:-1]), 2)
        for month, value in enumerate(values, start=1):
            gross = round(value * rng.uniform(1.06, 1.10), 2)
            rota = round(gross * HOURS_PER_GROSS_FTE / 12 * rng.uniform(0.90, 0.95))
            rows.append((year, centre, value, gross, value, float(rota), month))
    return pl.DataFrame(rows, orient="row", schema=SCHEMAS["ftes"])


def delivering_unit(step: int, group: str) -> str | None:
    """The unit that delivers a service of this step to a person of this user group."""
    if step in (11, 12):
        return "Sjukeheimane"
    if step == 13:
        return "Barnebustad og forsterka eining"
    if step in (1, 2, 3, 8):
        return None  # prevention, alarms, aids and rented housing: no unit of the board delivers them
    if group == "habilitering":
        return "Habilitering"
    if group == "psykisk_helse_rus":
        return "Psykisk helse og rus"
    return "Bufellesskap og omsorg+" if step in (9, 10) else MEASURE_UNIT


def delivered_hours(decisions: pl.DataFrame, years: tuple[int, ...], rng: random.Random) -> pl.DataFrame:
    """Hours delivered per unit and month: most of what was decided, with noise."""
    spans = [span for year in years for span in periods(year, monthly=True)]
    volumes = period_volumes(decisions, spans).filter((pl.col("unit") != "") & (pl.col("decided_hours") > 0))
    rows = [
        (int(period[:4]), int(period[5:]), unit, float(round(hours * rng.gauss(0.90, 0.02))))
        for unit, period, _users, hours in volumes.sort("unit", "period").iter_rows()
    ]
    return pl.DataFrame(rows, orient="row", schema=SCHEMAS["delivered_hours"])


def sickness_absence(ftes: pl.DataFrame, units: dict[str, list[str]], rng: random.Random) -> pl.DataFrame:
    """Absence days against possible days per unit and month; more in winter, more in the nursing homes."""
    centre_unit = {c: u for u, cs in units.items() for c in cs}
    per_unit: dict[tuple[int, int, str], float] = {}
    for year, centre, fte, month in ftes.select("year", "cost_centre", "ftes", "month").iter_rows():
        unit = centre_unit.get(centre)
        if unit:
            per_unit[(year, month, unit)] = per_unit.get((year, month, unit), 0.0) + fte
    rows = []
    for (year, month, unit), fte in sorted(per_unit.items()):
        possible = round(fte * 21.7, 1)
        rate = (0.095 if unit == "Sjukeheimane" else 0.075) + (0.015 if month in (12, 1, 2) else 0.0)
        absent = round(possible * max(0.0, rate + rng.gauss(0, 0.006)), 1)
        rows.append((year, month, unit, absent, possible))
    return pl.DataFrame(rows, orient="row", schema=SCHEMAS["sickness_absence"])
