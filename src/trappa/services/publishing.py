"""What the public pages may show (publisering): aggregates per step, counts of 1–5 persons suppressed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from trappa.model.suppression import suppress
from trappa.services import municipality, staircase
from trappa.services import profile as profiles
from trappa.services.database import Database
from trappa.services.memo import Memo, key, no_memo
from trappa.staircase.model import Language
from trappa.store.read import load_table


@dataclass(frozen=True)
class PublicFigures:
    """Persons and net cost per step of one year, safe to publish, with step names in one language."""

    year: int
    rows: list[dict[str, Any]]
    total_net_cost: float | None  # None when it would reveal a hidden step's cost

    def for_step(self, step: int) -> dict[str, Any] | None:
        return next((r for r in self.rows if r["step"] == step), None)


def set_publishing(db: Database, actor: str | None, on: bool) -> None:
    municipality.update(db, actor, publish_figures=on)


def safe_figures(profile_table: pl.DataFrame, year: int) -> PublicFigures:
    """Only aggregates leave: persons per step (suppressed), net cost per step, cost per person where safe.

    Complementary suppression runs over all steps together, so a hidden count cannot be worked out by
    adding up the others and comparing with any published total. Per-person cost is left out where the
    person count is hidden (it would reveal it).
    """
    frame = profile_table.select("step", "step_name", "category", "persons", "net_cost", "cost_per_person")
    safe, hidden_totals = suppress(frame, "persons", [[]])
    # The step's net cost describes the same one to five people: hidden with the count (a step of one
    # person showed its 27 million kroner). No cost per person where the count is hidden, nor where
    # income exceeds cost.
    hide = pl.col("persons_suppressed") | (pl.col("net_cost") < 0)
    safe = safe.with_columns(
        pl.when(hide).then(None).otherwise(pl.col("cost_per_person")).alias("cost_per_person"),
        pl.when(pl.col("persons_suppressed")).then(None).otherwise(pl.col("net_cost")).alias("net_cost"),
    )
    # The total is the sum of every step, hidden ones too: published only where complementary suppression
    # left at least two steps hidden (then it reveals no single one).
    total = None if hidden_totals else float(frame["net_cost"].sum())
    # A person can be on several steps, so no total of persons is published at all.
    return PublicFigures(year=year, rows=safe.to_dicts(), total_net_cost=total)


def public_figures(db: Database, language: Language = "nn", *, memo: Memo = no_memo) -> PublicFigures | None:
    """The latest year's figures with step names in ``language``, or None when the municipality publishes none."""
    if not municipality.load(db).publish_figures:
        return None
    years = profiles.years(db)
    if not years:
        return None
    year = years[-1]

    def compute() -> PublicFigures:
        figures = memo(key(db, "figures", year), lambda: safe_figures(profiles.profile(db, year).table, year))
        by_step = {r["step"]: r for r in figures.rows}
        rows = [{**by_step.get(s.number, {}), "step_name": s.name.get(language)} for s in staircase.current(db).steps]
        return PublicFigures(figures.year, rows, figures.total_net_cost)

    return memo(key(db, "figures", year, language), compute)


@dataclass(frozen=True)
class HousingUnits:
    """How many units (bueiningar) a housing type has, and where the number comes from."""

    units: float
    from_places: bool  # True: the places data of the type's steps; False: typed in by the municipality
    year: int | None


def housing_units(db: Database) -> dict[int, HousingUnits]:
    """Units per housing type, when the municipality publishes figures: from the places data of the
    type's service steps (latest year with places), or as typed in; nothing for a type with neither."""
    if not municipality.load(db).publish_figures:
        return {}
    places = load_table(db, "places")
    year = int(places["year"].max()) if places.height else None  # type: ignore[arg-type]
    latest = places.filter(pl.col("year") == year) if year is not None else places
    result = {}
    for t in staircase.housing(db).types:
        if t.steps and latest.height:
            counted = latest.filter(pl.col("step").is_in(t.steps))
            if counted.height:
                result[t.number] = HousingUnits(float(counted["places"].sum()), True, year)
                continue
        if t.units is not None:
            result[t.number] = HousingUnits(float(t.units), False, None)
    return result
