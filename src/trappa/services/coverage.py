"""Coverage (dekningsgrad) as the sector counts it: users on a census date over a chosen year's population.

Needs only decisions and population (no accounts): the count of persons with a decision active on the
census date (or at some time in the year), per step, category or user group and age band, over the
inhabitants of 1 January of the population year (registered, else the main projection). The method is
named in every output.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from trappa.errors import TrappaError
from trappa.model.bands import DEFAULT_BANDS, bands_frame
from trappa.model.coverage import census_coverage, method_text
from trappa.model.decisions import resolve_steps
from trappa.model.profile import steps_frame
from trappa.model.projection import population_series
from trappa.services import staircase
from trappa.services.database import Database
from trappa.services.projection import main_alternative, municipality_code
from trappa.staircase.outline import Outline
from trappa.store.read import load_table
from trappa.store.repository import load_population

__all__ = ["CoverageReport", "coverage"]


@dataclass(frozen=True)
class CoverageReport:
    year: int
    census: date | None
    population_year: int
    by: str
    method: str
    names: dict[str, str]  # a group's code (step, category, user group) → what people call it
    table: pl.DataFrame  # group, band, persons, inhabitants, rate, rate_low, rate_high


def coverage(
    db: Database,
    year: int | None = None,
    *,
    census: date | None = None,
    population_year: int | None = None,
    by: str = "step",
    municipality_number: str | None = None,
) -> CoverageReport:
    """Coverage per step (category, user group) and age band; ``year`` defaults to the census date's."""
    if year is None and census is None:
        raise TrappaError("Kva år? Gi året (--year) eller teljedatoen (--date).")
    year = year or census.year  # type: ignore[union-attr]
    if census is not None and census.year != year:
        raise TrappaError(f"Teljedatoen {census:%d.%m.%Y} er ikkje i året {year}.")
    population_year = population_year or year
    code = municipality_code(db, municipality_number)
    population = load_population(db, code)
    if population.is_empty():
        raise TrappaError(
            f"Inga befolkning lagra for {code}. Hent ho frå SSB, eller importer ei fil frå Statistikkbanken."
        )
    bands = bands_frame(DEFAULT_BANDS)
    series = population_series(population, bands, main_alternative(population))
    inhabitants = series.filter(pl.col("year") == population_year)
    if inhabitants.is_empty():
        years = series["year"].unique().sort().to_list()
        raise TrappaError(f"Inga befolkning for {population_year}. År med befolkning: {years[0]}–{years[-1]}.")
    decisions = resolve_steps(load_table(db, "decisions"), load_table(db, "services"))
    if decisions.is_empty():
        raise TrappaError("Ingen vedtak er importerte. Importer vedtaka først (filtypen decisions).")
    current = staircase.current(db)
    table = census_coverage(
        decisions, inhabitants, bands, year=year, census=census, by=by, steps=steps_frame(Outline.of(current))
    )
    names = _names(by, current)
    return CoverageReport(year, census, population_year, by, method_text(year, census, population_year), names, table)


def _names(by: str, current: staircase.Staircase) -> dict[str, str]:
    from trappa.report.labels import user_group_name

    if by == "step":
        return {str(s.number): f"{s.number} {s.name.nn}" for s in current.steps}
    if by == "category":
        return {str(c.number): f"{c.number} {c.name.nn}" for c in current.categories}
    return {g: user_group_name(g) for g in ("habilitering", "psykisk_helse_rus", "andre", "alle")}
