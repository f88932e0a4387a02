"""Moves priced by who moves (flytting prisa etter kven som flyttar).

A scenario that moves persons from one step to another must not price them at the destination step's
average: an elderly person moved from a nursing home to 24-hour housing does not cost what a young
adult with an intellectual disability costs there. Each moved person is split by the user groups of
the source step in the base year (within the age band, else over the whole step), and priced at what
a person of that user group costs on the destination step (shared costs of the step spread over its
persons). Where a group has too few persons on a step to carry a price, the step's average is used,
and the pricing basis says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import polars as pl

from trappa.model.projection import INTENSITY_COLUMNS
from trappa.model.scenario_grid import Outcome
from trappa.model.sums import exact_sum

MIN_PERSONS = 5  # a group's price on a step rests on at least this many persons, else the step average
# what grows with the hours a person is decided (the band's use within its group); places and decisions do not
BAND_METRICS = ("decided_hours_per_week", "ftes", "net_cost", "gross_cost")
SHARED = "alle"  # costs the mapping gives to all user groups of a step


def group_intensities(group_profile: pl.DataFrame) -> pl.DataFrame:
    """step, user_group, persons, <metric>_per_person: each metric per person of a user group on a step,
    with the step's shared part (user group «alle») spread over all its persons."""
    metrics = list(INTENSITY_COLUMNS.values())
    table = group_profile.with_columns(pl.col(m).fill_null(0.0).cast(pl.Float64) for m in metrics)
    shared = table.filter(pl.col("user_group") == SHARED).select("step", *(pl.col(m).alias(f"__shared_{m}")
                                                                          for m in metrics))  # fmt: skip
    groups = table.filter(pl.col("user_group") != SHARED)
    step_persons = groups.group_by("step").agg(exact_sum("persons").alias("__step_persons"))
    out = groups.join(shared, on="step", how="left").join(step_persons, on="step", how="left")
    per_person = []
    for metric, column in INTENSITY_COLUMNS.items():
        own = pl.when(pl.col("persons") > 0).then(pl.col(column) / pl.col("persons")).otherwise(0.0)
        spread = (
            pl.when(pl.col("__step_persons") > 0)
            .then(pl.col(f"__shared_{column}").fill_null(0.0) / pl.col("__step_persons"))
            .otherwise(0.0)
        )
        per_person.append((own + spread).alias(f"{metric}_per_person"))
    return out.select("step", "user_group", "persons", *per_person)


def band_ratios(aged: pl.DataFrame) -> pl.DataFrame:
    """step, user_group, band, ratio: a band's decided hours per person against its user group's on the step.

    ``aged`` is the base year's decisions active in the year with their band and ``active_days``.
    A band with fewer than MIN_PERSONS persons, or a step without decided hours, has ratio 1.
    """
    hours = exact_sum(pl.col("hours_per_week") * pl.col("active_days") / 7)
    per_band = aged.group_by("step", "user_group", "band").agg(
        hours.alias("hours"), pl.col("person_key").n_unique().alias("persons")
    )
    per_group = aged.group_by("step", "user_group").agg(
        hours.alias("group_hours"), pl.col("person_key").n_unique().alias("group_persons")
    )
    ok = (pl.col("persons") >= MIN_PERSONS) & (pl.col("group_hours") > 0)
    ratio = (pl.col("hours") / pl.col("persons")) / (pl.col("group_hours") / pl.col("group_persons"))
    return per_band.join(per_group, on=["step", "user_group"]).select(
        "step", "user_group", "band", pl.when(ok).then(ratio).otherwise(1.0).alias("ratio")
    )


def group_mix(group_rates: pl.DataFrame) -> pl.DataFrame:
    """step, band, user_group, mix: each user group's share of a step's persons in an age band in the base
    year, and (band «*») over all bands, for bands with no one."""
    per_band = group_rates.group_by("step", "band", "user_group").agg(exact_sum("persons"))
    whole = per_band.group_by("step", "user_group").agg(exact_sum("persons")).with_columns(pl.lit("*").alias("band"))
    both = pl.concat([per_band, whole.select(per_band.columns)])
    total = exact_sum("persons").over("step", "band")
    return both.filter(total > 0).with_columns((pl.col("persons") / total).alias("mix")).drop("persons")


def _notes(parts: list[tuple[int, int, int, str, float]], groups: pl.DataFrame, names: Mapping[str, str]) -> list[str]:
    """How each move was priced, in words: per user group (most moved first, by the name people know
    it by), on how many persons its price rests. ``parts``: move, from step, to step, user group,
    persons moved over all years."""
    counts = {(r["step"], r["user_group"]): int(r["persons"]) for r in groups.iter_rows(named=True)}
    words: dict[tuple[int, int, int], list[str]] = {}
    for move, from_step, to, group, _moved in sorted(parts, key=lambda p: (p[0], -p[4], p[3])):
        n, name = counts.get((to, group), 0), names.get(group, group)
        text = (f"{name}: prisa som {n} personar i gruppa på trinn {to}" if n >= MIN_PERSONS
                else f"{name}: for få i gruppa på trinn {to} ({n}), prisa som snittet på trinnet")  # fmt: skip
        words.setdefault((move, from_step, to), []).append(text)
    return [f"Flytting frå trinn {f} til {t}: " + "; ".join(w) + "." for (_m, f, t), w in words.items()]


def _or_one(value: float | None) -> float:
    return 1.0 if value is None else value


class _Prices:
    """What a person costs on a step: the step's average, and a user group's own price where it rests on
    MIN_PERSONS persons or more (else the average); a metric nobody gives is 0."""

    def __init__(self, groups: pl.DataFrame, steps: pl.DataFrame, metrics: list[str]) -> None:
        self.average = {
            r["step"]: r for r in steps.select("step", *(f"{m}_per_person" for m in metrics)).iter_rows(named=True)
        }
        self.groups = {(r["step"], r["user_group"]): r for r in groups.iter_rows(named=True)}

    def step(self, step: int, metric: str) -> float:
        value = self.average.get(step, {}).get(f"{metric}_per_person")
        return 0.0 if value is None else float(value)

    def group(self, step: int, group: str, metric: str) -> float:
        row = self.groups.get((step, group))
        value = row[f"{metric}_per_person"] if row is not None and row["persons"] >= MIN_PERSONS else None
        return self.step(step, metric) if value is None else float(value)


def corrections(
    outcome: Outcome,
    mix: pl.DataFrame,
    groups: pl.DataFrame,
    steps: pl.DataFrame,
    base_year: int,
    real_growth: float = 0.0,
    ratios: pl.DataFrame | None = None,
    named: dict[int, float] | None = None,
    names: Mapping[str, str] | None = None,
) -> tuple[pl.DataFrame, list[str]]:
    """(year, by…, step, <metric> corrections), notes (user groups by ``names``, else their codes): what pricing the persons the scenario's moves take
    by their user group changes against pricing them at the steps' averages (``steps``: step,
    <metric>_per_person), and how each move was priced.

    Each moved person of an age band is split by the band's user-group mix on the source step (the mix
    over all bands where the band has none), weighted by the band's use within its group (``ratios``),
    and priced where it arrives and where it leaves. Sums add in a fixed order: per group the bands
    with a mix of their own, then the others; per step the arrivals by move and group, then the leavings.
    """
    metrics = list(INTENSITY_COLUMNS)
    grid, named = outcome.grid, named or {}
    shares: dict[tuple[int, str], dict[str, float]] = {}
    for r in mix.iter_rows(named=True):
        shares.setdefault((r["step"], r["band"]), {})[r["user_group"]] = r["mix"]
    users = sorted({u for by_group in shares.values() for u in by_group})
    ratio = {
        (r["step"], r["user_group"], r["band"]): r["ratio"]
        for r in (ratios.iter_rows(named=True) if ratios is not None else [])
    }
    prices = _Prices(groups, steps, metrics)
    growth = (1 + real_growth) ** (grid.years - base_year).astype(np.float64)
    # per step, each (move, group)'s change: arrivals and leavings apart, as the sums below add them
    arrive: dict[int, list[dict[str, np.ndarray]]] = {}
    leave: dict[int, list[dict[str, np.ndarray]]] = {}
    parts: list[tuple[int, int, int, str, float]] = []
    for k, (move, moved) in enumerate(zip(outcome.scenario.moves, outcome.moved, strict=True)):
        f = grid.step_index(move.from_step)
        if f is None:
            continue
        chosen = np.ones(len(grid.bands), dtype=bool) if not move.bands else np.asarray(grid.band_mask(move.bands))
        rows = grid.has[:, :, f, :] & chosen  # the cells the move takes persons from
        present = rows.any(axis=(0, 1))
        own = [b for b in range(len(grid.bands)) if present[b] and (move.from_step, grid.bands[b]) in shares]
        rest = [b for b in range(len(grid.bands)) if present[b] and b not in own and (move.from_step, "*") in shares]
        for user in users:
            sums: list[np.ndarray] | None = (
                None  # persons moved, weighted by the band's use where they arrive, where they leave
            )
            for b in own + rest:
                share = shares[(move.from_step, grid.bands[b] if b in own else "*")].get(user)
                if share is None:
                    continue
                split = np.where(rows[:, :, b], moved[:, :, b], 0.0) * share
                band = [split, split * _or_one(ratio.get((move.to_step, user, grid.bands[b]))),
                        split * _or_one(ratio.get((move.from_step, user, grid.bands[b])))]  # fmt: skip
                sums = band if sums is None else [a + b_ for a, b_ in zip(sums, band, strict=True)]
            if sums is None:
                continue
            total, total_to, total_from = sums
            parts.append((k, move.from_step, move.to_step, user, math.fsum(total.ravel())))
            for side, step, weighted, sign, into in ((
                "to", move.to_step, total_to, 1.0, arrive), ("from", move.from_step, total_from, -1.0, leave)):  # fmt: skip
                change: dict[str, np.ndarray] = {}
                for m in metrics:
                    price = prices.group(step, user, m)
                    if side == "to" and m in ("net_cost", "gross_cost") and k in named:
                        price = named[k]  # the price the scenario names
                    value = sign * ((weighted if m in BAND_METRICS else total) * price - total * prices.step(step, m))
                    if m in ("net_cost", "gross_cost"):
                        value = value * growth[:, None]
                    change[m] = value
                into.setdefault(step, []).append(change)
    notes = _notes(parts, groups, names or {})
    for k, price in sorted(named.items()):
        notes.append(f"Flytting {k + 1}: kostnaden på det nye trinnet er prisen scenarioet nemner, {price:,.0f} kr per "
                     "person i året.".replace(",", "\u00a0"))  # fmt: skip
    # on each step every arrival before every leaving, one after another
    columns = {m: np.zeros(grid.has.shape[:3]) for m in metrics}
    reached = np.zeros(grid.has.shape[:3], dtype=bool)
    for step in sorted(arrive.keys() | leave.keys()):
        s = grid.step_index(step)
        if s is None:
            continue
        reached[:, :, s] = True
        for change in arrive.get(step, []) + leave.get(step, []):
            for m in metrics:
                columns[m][:, :, s] = columns[m][:, :, s] + change[m]
    return grid.frame(reached, columns), notes
