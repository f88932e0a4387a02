"""Seeded generator of Demo kommune: accounts, FTEs, decisions, places and mapping, 2021–2023 (by month: demo.monthly).

Synthetic from end to end: the net cost per step of 2021 is calibrated to
Alver kommune's published profile; the rest (names, people, hours) is made up
to be plausible, never real. Nothing here describes a real person.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from trappa.demo import monthly
from trappa.demo.centres import (
    ALVER_NET_2021_KNOK,
    CENTRES,
    GROWTH,
    PRICE_GROWTH,
    SERVICES,
    UNITS,
    H,
)
from trappa.demo.population import BASE_YEAR as BASE_POPULATION_YEAR
from trappa.demo.population import alver_2021
from trappa.store.read import SCHEMAS

BOUGHT_UNITS = {"Forsterka skjerma eining"}

YEARS = (2021, 2022, 2023)
OUTSIDE_NET_2021_KNOK = 41_500
MUNICIPALITY = "Demo kommune (syntetiske data)"
INHABITANTS = 30_000
FTE_COST_2021 = 780_000  # NOK per FTE incl. social costs

# (art, share of gross) for ordinary centres and for centres that mostly buy services
_COST_ARTS = [
    ("10100", 0.55),
    ("10200", 0.03),
    ("10500", 0.04),
    ("10900", 0.08),
    ("10990", 0.09),
    ("11000", 0.05),
    ("11950", 0.04),
    ("13700", 0.12),
]
_BUYER_ARTS = [("10100", 0.03), ("10990", 0.01), ("11000", 0.01), ("13700", 0.95)]
_SALARY_ARTS = {"10100", "10200", "10500", "10900", "10990"}
_INCOME_ARTS = [("16000", 0.40), ("17000", 0.25), ("17100", 0.35)]
REFUND_ART = "18110"  # Demo kommune books the refund for high-cost users (ressurskrevjande tenester) here
_BUYERS = {"4701", "5303", "4204"}


@dataclass
class DemoData:
    accounts: pl.DataFrame
    ftes: pl.DataFrame
    decisions: pl.DataFrame
    places: pl.DataFrame
    mapping: pl.DataFrame
    services: pl.DataFrame
    units: pl.DataFrame
    delivered_hours: pl.DataFrame
    sickness_absence: pl.DataFrame


def _target_ore(step: int, year: int) -> int:
    base = OUTSIDE_NET_2021_KNOK if step == 0 else ALVER_NET_2021_KNOK[step]
    k = year - YEARS[0]
    return round(base * 1000 * 100 * ((1 + GROWTH[step]) * (1 + PRICE_GROWTH)) ** k)


def _centre_nets(year: int) -> dict[str, int]:
    """Net øre per centre so that, after mapping shares, each step hits its target."""
    by_step: dict[int, list[tuple[str, float]]] = {}
    for code, _n, _f, rows, weight in CENTRES:
        primary = max(rows, key=lambda r: r[2])[0]
        by_step.setdefault(primary, []).append((code, weight))
    nets: dict[str, int] = {}
    adjusters: dict[int, str] = {}
    for code, _n, _f, rows, _w in CENTRES:
        if len(rows) == 1 and rows[0][0] not in adjusters:
            adjusters[rows[0][0]] = code
    for step, members in by_step.items():
        target = abs(_target_ore(step, year))
        total_w = sum(w for _, w in members)
        for code, w in members:
            nets[code] = round(target * w / total_w * 0.6)
    allocated: dict[int, float] = {}
    for code, _n, _f, rows, _w in CENTRES:
        for step, _g, share in rows:
            allocated[step] = allocated.get(step, 0) + nets[code] * share / 100
    for step, code in adjusters.items():
        nets[code] += round(_target_ore(step, year) - allocated.get(step, 0))
    return nets


def _split(total: int, parts: list[tuple[str, float]], rng: random.Random) -> list[tuple[str, int]]:
    weights = [s * rng.uniform(0.85, 1.15) for _, s in parts]
    amounts = [int(total * w / sum(weights)) for w in weights]
    amounts[0] += total - sum(amounts)
    return [(art, a) for (art, _), a in zip(parts, amounts, strict=True)]


def _accounts(rng: random.Random) -> tuple[pl.DataFrame, pl.DataFrame]:
    lines, ftes = [], []
    for year in YEARS:
        nets = _centre_nets(year)
        for code, name, function, rows, _w in CENTRES:
            net = nets[code]
            if net >= 0:
                income_ratio = rng.uniform(0.06, 0.18)
                gross = round(net / (1 - income_ratio))
            else:
                gross = round(abs(net) * rng.uniform(0.04, 0.08))
            income = net - gross
            cost_arts = _BUYER_ARTS if code in _BUYERS or net < 0 else _COST_ARTS
            income_arts = _INCOME_ARTS
            if code == "4109":
                income_arts = [("18100", 0.7), ("17000", 0.3)]
            elif code.startswith("48"):
                income_arts = [("16300", 0.9), ("17000", 0.1)]
            elif any(group == H for _step, group, _share in rows) and rows[0][0] >= 6:
                # services to high-cost users with disabilities: the state's refund on an art of its own
                income_arts = [("16000", 0.40), (REFUND_ART, 0.25), ("17100", 0.35)]
            salary = 0
            for art, amount in _split(gross, cost_arts, rng) + _split(income, income_arts, rng):
                budget = round(amount * rng.uniform(0.94, 1.04) / 100_000) * 100_000
                lines.append((year, code, name, art, function, amount, budget))
                if art in _SALARY_ARTS:
                    salary += amount
            fte = salary / 100 / (FTE_COST_2021 * (1 + PRICE_GROWTH) ** (year - YEARS[0]))
            if fte >= 0.5:
                ftes.append((year, code, round(fte, 1)))
    accounts = pl.DataFrame(
        lines,
        orient="row",
        schema={k: v for k, v in SCHEMAS["accounts"].items() if k != "month"},
    ).with_columns(pl.lit(None, pl.Int64).alias("month"))
    fte_frame = pl.DataFrame(ftes, orient="row", schema={"year": pl.Int64, "cost_centre": pl.Utf8, "ftes": pl.Float64})
    return accounts, fte_frame


def _people(rng: random.Random) -> dict[str, list[tuple[str, int]]]:
    """Pools of pseudonymous persons per user group: (key, birth year).

    The elderly pool follows Alver's real age structure (so coverage rates stay below one):
    at each age a share of the inhabitants that grows with age uses some service.
    """
    ages = dict(zip(*alver_2021().to_dict(as_series=False).values(), strict=True))
    pools: dict[str, list[tuple[str, int]]] = {"habilitering": [], "psykisk_helse_rus": [], "andre": []}
    n = 0
    for age in range(40, 106):
        share = min(0.85, 0.03 * math.exp(0.08 * (age - 50)))
        for _ in range(round(ages.get(age, 0) * share)):
            n += 1
            pools["andre"].append((f"DK{n:06d}", BASE_POPULATION_YEAR - age))
    for group, (low, high, size) in {"habilitering": (3, 70, 420), "psykisk_helse_rus": (16, 75, 700)}.items():
        for _ in range(size):
            n += 1
            pools[group].append((f"DK{n:06d}", BASE_POPULATION_YEAR - rng.randint(low, high)))
    return pools


def _decisions(rng: random.Random) -> pl.DataFrame:
    pools = _people(rng)
    groups = ("habilitering", "psykisk_helse_rus", "andre")
    export_day = date(2024, 1, 15)
    rows = []
    for service, step, (h_low, h_high), mean_days, persons, weights in SERVICES:
        arrivals_per_year = persons / (1 + mean_days / 365)
        day = date(2016, 1, 1)
        while day < export_day:
            growth = (1 + GROWTH[step]) ** max(0, day.year - YEARS[0])
            gap = rng.expovariate(arrivals_per_year * growth / 365)
            day = day + timedelta(days=int(gap))
            if day >= export_day:
                break
            group = rng.choices(groups, weights=weights)[0]
            key, born = rng.choice(pools[group])
            if step in (12, 13) or (step == 10 and group == "habilitering"):
                length = int(rng.gammavariate(2.0, mean_days / 2))
            else:
                length = int(rng.expovariate(1 / mean_days))
            end = day + timedelta(days=max(length, 1))
            hours = round(rng.uniform(h_low, h_high) * 2) / 2 if h_high else 0.0
            rows.append((key, service, hours, day, None if end >= export_day else end, born, group))
    frame = pl.DataFrame(
        rows,
        orient="row",
        schema={
            "person_key": pl.Utf8,
            "service": pl.Utf8,
            "hours_per_week": pl.Float64,
            "start_date": pl.Date,
            "end_date": pl.Date,
            "birth_year": pl.Int64,
            "user_group": pl.Utf8,
        },
    )
    return frame.filter(pl.col("end_date").is_null() | (pl.col("end_date") >= date(2019, 1, 1)))


def _places(rng: random.Random) -> pl.DataFrame:
    rows = []
    for year in YEARS:
        k = year - YEARS[0]
        for unit, step, places in UNITS:
            change = {12: -2 * k, 10: 2 * k}.get(step, 0)
            n = max(1, places + change)
            days = 366 if year % 4 == 0 else 365
            occupied = float(round(n * days * rng.uniform(0.88, 0.99)))
            # The reinforced unit is bought from a private provider; everything else is the municipality's own.
            rows.append((year, unit, step, float(n), occupied, "kjøp" if unit in BOUGHT_UNITS else "eigen"))
    return pl.DataFrame(rows, orient="row", schema=SCHEMAS["places"])


def _mapping() -> pl.DataFrame:
    rows = [
        (year, code, None, step, group, float(share))
        for year in YEARS
        for code, _n, _f, mapping_rows, _w in CENTRES
        for step, group, share in mapping_rows
    ]
    return pl.DataFrame(rows, orient="row", schema=SCHEMAS["mapping"])


def generate(seed: int = 2021) -> DemoData:
    rng = random.Random(seed)
    accounts, ftes = _accounts(rng)
    services = pl.DataFrame(
        [(s[0], s[1]) for s in SERVICES], orient="row", schema={"service": pl.Utf8, "step": pl.Int64}
    )
    decisions, places = _decisions(rng), _places(rng)
    # The months draw from a generator of their own, so the yearly figures stay what they were.
    months = random.Random(seed + 1)
    steps = {s[0]: s[1] for s in SERVICES}
    decisions = decisions.with_columns(
        pl.struct(pl.col("service").replace_strict(steps).alias("step"), "user_group")
        .map_elements(lambda r: monthly.delivering_unit(r["step"], r["user_group"]), return_dtype=pl.Utf8)
        .alias("unit")
    )
    staffed = monthly.monthly_ftes(ftes, months)
    return DemoData(
        accounts=monthly.monthly_accounts(accounts, DEMO_UNITS, months),
        ftes=staffed,
        decisions=decisions,
        places=places,
        mapping=_mapping(),
        services=services,
        units=_units(),
        delivered_hours=monthly.delivered_hours(
            decisions.with_columns(pl.col("service").replace_strict(steps).alias("step")), YEARS, months
        ),
        sickness_absence=monthly.sickness_absence(staffed, DEMO_UNITS, months),
    )


# The units (einingar) of Demo kommune and their cost centres.
DEMO_UNITS = {
    "Heimetenesta": ["4501", "4502", "4503", "4601", "4602", "4603", "4606"],
    "Psykisk helse og rus": ["4304", "4404", "4604", "5004"],
    "Habilitering": ["4402", "4605", "5002", "5003", "5103"],
    "Bufellesskap og omsorg+": ["4901", "4902", "5001", "5005"],
    "Sjukeheimane": ["5101", "5102", "5201", "5202", "5203", "5204"],
    "Barnebustad og forsterka eining": ["5301", "5302"],
}


def _units() -> pl.DataFrame:
    rows = [(unit, centre, None) for unit, centres in DEMO_UNITS.items() for centre in centres]
    return pl.DataFrame(rows, orient="row", schema=SCHEMAS["units"])
