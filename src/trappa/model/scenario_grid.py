"""The projection's core: a scenario's rules on dense arrays, year × key × step × band.

On a long table every rule is a join or a window over all rows; here a rule is arithmetic on whole
slices (one step, some bands, every year and key at once), which is what makes ten scenarios for every
municipality to 2050 take a fraction of a second. The rules and their order are those of
:mod:`trappa.model.scenario`: rate changes, then moves, then caps, each in the order given.

Sums over the age bands add the bands one after another in their sorted order, the order the long
table's rows came in, so the totals are the same to the last bit on every run and as the long
table's sums in row order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from trappa.model.projection import INTENSITY_COLUMNS, check_years
from trappa.model.scenario import Cap, Phase, Scenario

Array = np.ndarray


def weights(phase: Phase, years: Array) -> Array:
    """Per year, how much of a phased change applies: 0 before ``from_year``, 1 from ``to_year``."""
    span = phase.to_year - phase.from_year + 1
    return np.clip((years - phase.from_year + 1) / span, 0.0, 1.0)


def capacity(cap: Cap, years: Array) -> Array:
    """Per year, the places a cap allows (the latest planned change in force); NaN before it applies."""
    out = np.full(len(years), cap.places, dtype=np.float64)
    for year, places in sorted(cap.places_by_year.items()):
        out[years >= year] = places
    out[years < cap.from_year] = np.nan
    return out


def over_bands(values: Array) -> Array:
    """The sum over the last axis (the bands), added in band order: fixed, and as a sum in row order."""
    if values.shape[-1] == 0:
        return np.zeros(values.shape[:-1])
    out = values[..., 0].copy()
    for b in range(1, values.shape[-1]):
        out += values[..., b]
    return out


@dataclass(frozen=True)
class Grid:
    """Projected persons as dense arrays; the long table of :func:`trappa.model.projection.project_persons`
    (year, by…, step, band, persons, rate, inhabitants) folded into year × key × step × band.

    A cell the table had no row for has no persons and rate 0; ``has`` says which cells had a row.
    """

    by: list[str]
    years: Array  # (Y,) sorted
    keys: pl.DataFrame  # K rows of the ``by`` columns, sorted; no rows when ``by`` is empty (then K = 1)
    steps: Array  # (S,) sorted
    bands: list[str]  # (B,) sorted, the order of the long table's rows
    inhabitants: Array  # (Y, K, B)
    rate: Array  # (Y, K, S, B)
    persons: Array  # (Y, K, S, B)
    has: Array  # (Y, K, S, B) bool
    dtypes: dict[str, pl.DataType]  # of year, step and band in the table, for the frames given back
    _cache: dict[object, object] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_persons(cls, persons: pl.DataFrame, by: list[str] | None = None, steps: Iterable[int] = ()) -> Grid:
        """The grid of a long table, with room for ``steps`` it has no rows of (a scenario may send persons
        there, or give the step a rate)."""
        by = by or []
        years = np.unique(persons["year"].to_numpy())
        step_axis = np.unique(np.concatenate([persons["step"].to_numpy(), np.array(sorted(steps), dtype=np.int64)]))
        bands = sorted(persons["band"].cast(pl.Utf8).unique().to_list())
        keys = persons.select(by).unique().sort(by) if by else pl.DataFrame()
        key, band = _codes(persons, by, keys, bands)
        year = np.searchsorted(years, persons["year"].to_numpy())
        step = np.searchsorted(step_axis, persons["step"].to_numpy())
        shape = (len(years), max(keys.height, 1), len(step_axis), len(bands))
        cell = np.ravel_multi_index((year, key, step, band), shape)
        if np.bincount(cell, minlength=1).max(initial=0) > 1:
            raise ValueError("the persons table has more than one row for a year, key, step and band")
        rate, persons_, has = np.zeros(shape), np.zeros(shape), np.zeros(shape, dtype=bool)
        rate.reshape(-1)[cell] = persons["rate"].to_numpy()
        persons_.reshape(-1)[cell] = persons["persons"].to_numpy()
        has.reshape(-1)[cell] = True
        inhabitants = np.zeros((shape[0], shape[1], shape[3]))
        inhabitants[year, key, band] = persons["inhabitants"].to_numpy()
        dtypes = {c: persons.schema[c] for c in ("year", "step", "band")}
        return cls(by, years, keys, step_axis, bands, inhabitants, rate, persons_, has, dtypes)

    def step_index(self, step: int) -> int | None:
        i = int(np.searchsorted(self.steps, step))
        return i if i < len(self.steps) and self.steps[i] == step else None

    def band_mask(self, bands: list[str] | None) -> Array | slice:
        return slice(None) if not bands else np.isin(np.array(self.bands, dtype=object), bands)

    def cached(self, name: object, make: Callable[[], Any]) -> Any:
        """What is worked out once per grid and shared by every scenario run on it (never changed)."""
        if name not in self._cache:
            self._cache[name] = make()
        return self._cache[name]

    def frame(self, mask: Array, columns: dict[str, Array]) -> pl.DataFrame:
        """year, by…, step and ``columns`` (each Y × K × S) for the cells of ``mask``, sorted by year, key, step."""
        every = bool(mask.all())  # the usual case: the values as they lie, no copy through the mask
        return self._head(mask).with_columns(
            pl.Series(name, values.ravel() if every else values[mask], dtype=pl.Float64)
            for name, values in columns.items()
        )

    def _head(self, mask: Array) -> pl.DataFrame:
        # Ten scenarios usually show the same cells: the year, key and step columns are built once.
        def make() -> pl.DataFrame:
            y, k, s = np.nonzero(mask)
            head = pl.DataFrame({"year": pl.Series(self.years[y]).cast(self.dtypes["year"])})
            return head.hstack(self.keys[k] if self.by else []).with_columns(
                pl.Series("step", self.steps[s]).cast(self.dtypes["step"])
            )

        head: pl.DataFrame = self.cached(("head", mask.tobytes()), make)  # type: ignore[arg-type]
        return head

    @classmethod
    def project(
        cls,
        rates: pl.DataFrame,
        series: pl.DataFrame,
        years: range,
        by: list[str] | None = None,
        rate_column: str = "rate",
        steps: Iterable[int] = (),
    ) -> Grid:
        """The reference projection straight into a grid: inhabitants(year, key, band) × rate(key, step, band),
        the same numbers as :func:`trappa.model.projection.project_persons` without its long table (one row
        per year, key, step and band: 6 million at national scale)."""
        by = by or []
        pop = series.filter(pl.col("year").is_in(list(years)))
        check_years(pop, years)
        rates = rates.select([*by, "step", "band", pl.col(rate_column).alias("rate")])
        # as an inner join on key and band would: only keys and bands that both tables have
        both = pop.select([*by, "band"]).unique().join(rates.select([*by, "band"]).unique(), on=[*by, "band"])
        keys = both.select(by).unique().sort(by) if by else pl.DataFrame()
        bands = sorted(both["band"].cast(pl.Utf8).unique().to_list())
        pop = pop.join(both, on=[*by, "band"], how="semi")
        rates = rates.join(both, on=[*by, "band"], how="semi")
        year_axis = np.sort(pop["year"].unique().to_numpy())
        step_axis = np.union1d(rates["step"].unique().to_numpy(), np.array(sorted(steps), dtype=np.int64))
        shape = (len(year_axis), max(keys.height, 1), len(step_axis), len(bands))

        key, band = _codes(pop, by, keys, bands)
        year = np.searchsorted(year_axis, pop["year"].to_numpy())
        inhabitants, lived = np.zeros(shape[:2] + shape[3:]), np.zeros(shape[:2] + shape[3:], dtype=bool)
        inhabitants[year, key, band] = pop["inhabitants"].to_numpy()
        lived[year, key, band] = True
        key, band = _codes(rates, by, keys, bands)
        step = np.searchsorted(step_axis, rates["step"].to_numpy())
        rate, rated = np.zeros(shape[1:]), np.zeros(shape[1:], dtype=bool)
        rate[key, step, band] = rates["rate"].to_numpy()
        rated[key, step, band] = True
        has = lived[:, :, None, :] & rated[None]
        rate_grid = np.where(has, rate[None], 0.0)
        persons = np.where(has, inhabitants[:, :, None, :] * rate_grid, 0.0)
        dtypes = {"year": pop.schema["year"], "step": rates.schema["step"], "band": pop.schema["band"]}
        return cls(by, year_axis, keys, step_axis, bands, inhabitants, rate_grid, persons, has, dtypes)


def _codes(frame: pl.DataFrame, by: list[str], keys: pl.DataFrame, bands: list[str]) -> tuple[Array, Array]:
    """Each row's place on the key and band axes (``keys`` sorted, ``bands`` sorted)."""
    band = frame["band"].cast(pl.Utf8).cast(pl.Enum(bands)).to_physical().to_numpy().astype(np.int64)
    if not by:
        return np.zeros(frame.height, dtype=np.int64), band
    key = frame.select(by).join(keys.with_row_index("__key"), on=by, how="left", maintain_order="left")
    return key["__key"].to_numpy().astype(np.int64), band


@dataclass(frozen=True)
class Outcome:
    """A scenario applied to a grid: its persons and unmet need, and the persons each move took.

    Only the steps the scenario touches are kept (usually a few of thirteen, each year × key × band);
    every other step is the grid's own.
    """

    grid: Grid
    scenario: Scenario
    changed: dict[int, Array]  # step index → persons (Y, K, B) of a touched step
    unmet_on: dict[int, Array]  # step index → unmet persons (Y, K, B) of a capped step
    rates: dict[int, Array]  # step index → rate (Y, K, B) of a step whose rates changed
    moved: list[Array]  # per move (Y, K, B); zero outside its bands

    @property
    def persons(self) -> Array:
        """(Y, K, S, B): every cell's persons."""
        return self._whole(self.grid.persons, self.changed)

    @property
    def unmet(self) -> Array:
        return self._whole(np.zeros_like(self.grid.persons), self.unmet_on)

    @property
    def rate(self) -> Array:
        return self._whole(self.grid.rate, self.rates)

    @staticmethod
    def _whole(base: Array, steps: dict[int, Array]) -> Array:
        out = base.copy()
        for s, values in steps.items():
            out[:, :, s, :] = values
        return out

    def shown(self) -> Array:
        """(Y, K, S): the cells given back: those the table had, and every cell of a step the scenario
        changes or sends persons to."""
        shown = self.grid.cached("shown", lambda: self.grid.has.any(axis=-1))
        touched = [s for s in (self.grid.step_index(step) for step in affected(self.scenario)) if s is not None]
        if touched:
            shown = shown.copy()
            shown[:, :, touched] = True
        return shown

    def totals(self) -> tuple[Array, Array]:
        """(Y, K, S) persons and unmet persons per step, summed over the bands."""
        persons = self.grid.cached("totals", lambda: over_bands(self.grid.persons))
        unmet = np.zeros(persons.shape)
        if self.changed:
            persons = persons.copy()
            for s, values in self.changed.items():
                persons[:, :, s] = over_bands(values)
        for s, values in self.unmet_on.items():
            unmet[:, :, s] = over_bands(values)
        return persons, unmet

    def step_totals(self) -> pl.DataFrame:
        """year, by…, step, persons, unmet: summed over the bands."""
        persons, unmet = self.totals()
        return self.grid.frame(self.shown(), {"persons": persons, "unmet": unmet})

    def metrics(self, intensity: pl.DataFrame, base_year: int, real_growth: float = 0.0) -> pl.DataFrame:
        """year, by…, step, persons, decisions, decided_hours_per_week, places, ftes, net_cost, gross_cost,
        unmet: the step totals with the base year's intensities per person (``intensity``: step,
        <metric>_per_person; 0 for a step it lacks), costs growing by ``real_growth`` a year; the same as
        :func:`trappa.model.projection.with_intensities` of :meth:`step_totals`."""
        g = self.grid
        persons, unmet = self.totals()
        growth = ((1 + real_growth) ** (g.years - base_year).astype(np.float64))[:, None, None]
        per_step = dict(zip(intensity["step"].to_list(), range(intensity.height), strict=True))
        at = np.array([per_step.get(int(step), -1) for step in g.steps])
        columns = {"persons": persons}
        for metric in INTENSITY_COLUMNS:
            known = intensity[f"{metric}_per_person"].fill_null(0.0).cast(pl.Float64).to_numpy()
            per_person = np.where(at >= 0, known[at], 0.0)
            value = persons * per_person
            columns[metric] = value * growth if metric in ("net_cost", "gross_cost") else value
        columns["unmet"] = unmet
        return g.frame(self.shown(), columns)

    def per_band(self) -> pl.DataFrame:
        """year, by…, step, band, persons, rate, inhabitants, unmet: one row per cell of a shown step."""
        g = self.grid
        mask = np.broadcast_to(self.shown()[..., None], g.persons.shape)
        y, k, s, b = np.nonzero(mask)
        head = pl.DataFrame({"year": pl.Series(g.years[y]).cast(g.dtypes["year"])}).hstack(g.keys[k] if g.by else [])
        return head.with_columns(
            pl.Series("step", g.steps[s]).cast(g.dtypes["step"]),
            pl.Series("band", np.array(g.bands, dtype=object)[b], dtype=pl.Utf8).cast(g.dtypes["band"]),
            pl.Series("persons", self.persons[mask]),
            pl.Series("rate", self.rate[mask]),
            pl.Series("inhabitants", g.inhabitants[y, k, b]),
            pl.Series("unmet", self.unmet[mask]),
        )

    def moved_persons(self) -> pl.DataFrame:
        """move, from_step, to_step, year (, by), band, moved: per move, the persons it took from each
        band the source step had, after the rate changes and the moves before it."""
        g = self.grid
        frames = []
        for k, (move, moved) in enumerate(zip(self.scenario.moves, self.moved, strict=True)):
            f = g.step_index(move.from_step)
            if f is None:
                continue
            mask = g.has[:, :, f, :] & np.broadcast_to(
                np.ones(len(g.bands), dtype=bool) if not move.bands else np.asarray(g.band_mask(move.bands)),
                moved.shape,
            )
            y, key, b = np.nonzero(mask)
            head = pl.DataFrame(
                {
                    "move": pl.Series(np.full(len(y), k), dtype=pl.Int32),
                    "from_step": pl.Series(np.full(len(y), move.from_step), dtype=pl.Int64),
                    "to_step": pl.Series(np.full(len(y), move.to_step), dtype=pl.Int64),
                    "year": pl.Series(g.years[y], dtype=pl.Int64),
                }
            )
            frames.append(
                head.hstack(g.keys[key] if g.by else []).with_columns(
                    pl.Series("band", np.array(g.bands, dtype=object)[b], dtype=pl.Utf8),
                    pl.Series("moved", moved[mask], dtype=pl.Float64),
                )
            )
        if not frames:
            schema: dict[str, Any] = {"move": pl.Int32, "from_step": pl.Int64, "to_step": pl.Int64, "year": pl.Int64,
                      **{c: g.keys.schema[c] for c in g.by}, "band": pl.Utf8, "moved": pl.Float64}  # fmt: skip
            return pl.DataFrame(schema=schema)
        return pl.concat(frames)


def affected(scenario: Scenario) -> set[int]:
    """Steps whose persons a scenario can change; every other step is as in the reference."""
    steps = {c.step for c in scenario.rate_changes}
    steps |= {m.from_step for m in scenario.moves} | {m.to_step for m in scenario.moves}
    steps |= {c.step for c in scenario.caps} | {c.overflow_to for c in scenario.caps if c.overflow_to}
    return steps


def run(grid: Grid, scenario: Scenario, places_per_person: dict[int, float]) -> Outcome:
    """The scenario's rules on the grid: rate changes, moves, caps, each in the order given."""
    years = grid.years
    # a working copy of each step the scenario touches; the grid itself is never changed
    persons: dict[int, Array] = {}
    for step in sorted(affected(scenario)):
        s = grid.step_index(step)
        if s is not None:
            persons[s] = grid.persons[:, :, s, :].copy()
    rates: dict[int, Array] = {}
    for change in scenario.rate_changes:
        s = grid.step_index(change.step)
        if s is None:
            continue
        rate = rates.setdefault(s, grid.rate[:, :, s, :].copy())
        bands = grid.band_mask(change.bands)
        current = rate[:, :, bands]
        target = (
            change.set_rate if change.set_rate is not None else current * (1 + (change.change_percent or 0.0) / 100)
        )
        rate[:, :, bands] = current + weights(change, years)[:, None, None] * (target - current)
        persons[s] = grid.inhabitants * rate
    moved: list[Array] = []
    for move in scenario.moves:
        f, t = grid.step_index(move.from_step), grid.step_index(move.to_step)
        taken = np.zeros_like(grid.inhabitants)
        if f is not None and t is not None:
            bands = grid.band_mask(move.bands)
            share = ((move.share_percent / 100) * weights(move, years))[:, None, None]
            leaving = persons[f][:, :, bands]
            taken[:, :, bands] = leaving * share
            persons[f][:, :, bands] = leaving * (1 - share)
            persons[t][:, :, bands] = persons[t][:, :, bands] + taken[:, :, bands]
        moved.append(taken)
    unmet: dict[int, Array] = {}
    for cap in scenario.caps:
        s = grid.step_index(cap.step)
        if s is None:
            continue
        per_place = places_per_person.get(cap.step) or 0.0
        allowed = capacity(cap, years)
        if per_place > 0:
            allowed = allowed / per_place
        total = over_bands(persons[s])  # (Y, K)
        limit = allowed[:, None]
        over = ~np.isnan(limit) & (total > limit)
        keep = np.divide(limit, total, out=np.ones_like(total), where=over)
        excess = persons[s] * (1 - keep)[:, :, None]
        persons[s] = persons[s] - excess
        o = grid.step_index(cap.overflow_to) if cap.overflow_to is not None else None
        if o is None:
            unmet[s] = unmet.get(s, np.zeros_like(excess)) + excess
        else:
            persons[o] = persons[o] + excess
    return Outcome(grid, scenario, persons, unmet, rates, moved)


def places_per_person(table: pl.DataFrame) -> dict[int, float]:
    """step → places per person, from a table of step and places_per_person."""
    return {int(s): float(p) for s, p in table.select("step", "places_per_person").iter_rows() if p is not None}


def apply(persons: pl.DataFrame, scenario: Scenario, places: pl.DataFrame, by: list[str] | None = None) -> pl.DataFrame:
    """The scenario's persons per year, step and band (with ``unmet`` persons per capped step)."""
    grid = Grid.from_persons(persons, by, affected(scenario))
    return run(grid, scenario, places_per_person(places)).per_band()


def scenario_step_totals(
    persons: pl.DataFrame, scenarios: list[Scenario], places: pl.DataFrame, by: list[str] | None = None
) -> list[pl.DataFrame]:
    """Persons and unmet need per year (, by) and step for each scenario, on one grid."""
    grid = Grid.from_persons(persons, by, set().union(*(affected(s) for s in scenarios)))
    per_place = places_per_person(places)
    return [run(grid, s, per_place).step_totals() for s in scenarios]
