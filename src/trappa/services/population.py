"""Population (befolkning) and SSB's projection of it: fetched, imported, shown per age band."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from trappa.errors import TrappaError
from trappa.model.bands import bands_frame
from trappa.model.projection import population_series
from trappa.services import imports, municipality
from trappa.services.database import Database
from trappa.services.projection import municipality_code
from trappa.settings import Settings
from trappa.ssb import population as ssb_population
from trappa.ssb.client import SsbClient
from trappa.ssb.tables import PROJECTION_TABLE
from trappa.store.repository import load_population


@dataclass(frozen=True)
class FetchResult:
    municipality: str
    registered_rows: int
    projected_rows: int
    requests_sent: int


@dataclass(frozen=True)
class PopulationTable:
    """Inhabitants per age band and year for one alternative (registrert, MMMM …)."""

    municipality: str
    alternative: str
    years: list[int]
    bands: list[str]
    values: dict[tuple[str, int], float]


def fetch(
    db: Database,
    actor: str | None,
    settings: Settings,
    *,
    municipality_number: str | None = None,
    from_year: int = 2015,
    to_year: int = 2050,
    projection_table: str = PROJECTION_TABLE,
    refresh: bool = False,
    progress: Callable[[], None] | None = None,
) -> FetchResult:
    """SSB table 07459 and the official projection (MMMM, LLML, HHMH), cached on disk; remembers the number."""
    code = municipality_code(db, municipality_number)
    client = SsbClient(
        settings.ssb_cache_dir, base_url=settings.ssb_url, min_interval=60 / settings.ssb_requests_per_minute
    )
    years = list(range(from_year, to_year + 1))
    try:
        registered = ssb_population.fetch(client, code, years, refresh=refresh)
        if progress:
            progress()
        projected = ssb_population.fetch(
            client,
            code,
            years,
            table=projection_table,
            alternatives=[ssb_population.MAIN, ssb_population.LOW, ssb_population.HIGH],
            refresh=refresh,
        )
        if progress:
            progress()
    finally:
        client.close()
    for frame, source in ((registered, "SSB 07459"), (projected, f"SSB {projection_table}")):
        imports.store_population(db, actor, frame, source)
    if municipality_number:
        municipality.update(db, actor, code=code)
    return FetchResult(code, registered.height, projected.height, client.requests_sent)


def tables(db: Database, municipality_number: str | None = None) -> list[PopulationTable]:
    """One table per stored alternative, every fifth year and the first."""
    code = municipality_code(db, municipality_number)
    population = load_population(db, code)
    if population.is_empty():
        raise TrappaError(
            f"Inga befolkning lagra for {code}. Hent ho frå SSB, eller importer ei fil frå Statistikkbanken."
        )
    bands = bands_frame()
    result = []
    for alternative in sorted(set(population["alternative"].to_list()) - {"registrert"}) or ["registrert"]:
        series = population_series(population, bands, alternative)
        first = series["year"].min()
        years = [y for y in sorted(series["year"].unique().to_list()) if y % 5 == 0 or y == first]
        values = {
            (band, year): float(v)
            for band, year, v in series.filter(pl.col("year").is_in(years))
            .select("band", "year", "inhabitants")
            .iter_rows()
        }
        result.append(PopulationTable(code, alternative, years, bands["band"].to_list(), values))
    return result
