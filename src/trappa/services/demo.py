"""Demo kommune: synthetic data built through the same import path as real files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from trappa.demo.calculations import example_calculations
from trappa.demo.files import write_demo_files
from trappa.demo.generator import MUNICIPALITY, REFUND_ART, generate
from trappa.demo.monthly import MEASURE_NAME, MEASURE_START, MEASURE_UNIT
from trappa.demo.population import DEMO as DEMO_ALTERNATIVE
from trappa.demo.population import MUNICIPALITY as CODE
from trappa.demo.population import alver_2021, demo_projection
from trappa.demo.scenarios import example_scenarios
from trappa.errors import TrappaError
from trappa.services import audit, board, calculator, imports, kostra, municipality, prices, profile
from trappa.services.database import Database
from trappa.services.imports import history
from trappa.store.repository import clear_all, load_population, save_scenario

NAME = MUNICIPALITY
# The measure that worked in Demo kommune, registered so its chart and effect page show it.
DEMO_MEASURE = {
    "name": MEASURE_NAME,
    "unit": MEASURE_UNIT,
    "kpi": "overtime_share",
    "start": f"{MEASURE_START:%Y-%m}",
    "expected_mnok": 2.5,
    "expected_change": -0.03,
    "status": "done",
    "note": "Syntetisk døme: fleire faste, heile stillingar skulle gi mindre overtid og færre vikarar.",
}
# Given a file's name, a callback for the rows stored so far (the shell draws the progress).
FileProgress = Callable[[str], Callable[[int], None] | None]


@dataclass(frozen=True)
class DemoResult:
    folder: Path
    files: dict[str, Path]


def holds_real_data(db: Database) -> bool:
    """Imports that are not the demo's own: a municipality's data, which the demo must never replace."""
    return bool(history(db)) and not municipality.load(db).synthetic


def build(
    db: Database,
    actor: str | None,
    folder: Path,
    *,
    seed: int = 2021,
    on_file: FileProgress | None = None,
    replace_real_data: bool = False,
) -> DemoResult:
    """Replace everything in ``db`` by Demo kommune: files written to ``folder``, imported, and planned.

    Refused on a database that holds the municipality's own imports, unless ``replace_real_data``.
    """
    if holds_real_data(db) and not replace_real_data:
        raise TrappaError(
            "Databasen har kommunen sine eigne importar. Demo kommune vert ikkje lagd der: ho får ein database "
            "for seg sjølv. Vil du verkeleg erstatte dataa, må du seie det uttrykkjeleg og stadfeste det."
        )
    files = write_demo_files(generate(seed), folder)
    clear_all(db)
    for kind, path in files.items():
        imports.import_file(db, actor, kind, path, progress=on_file(path.name) if on_file else None)
    # The state's refund for high-cost users: the 2023 threshold of the state budget, 80 % above it.
    municipality.write(db, name=NAME, synthetic=True, publish_figures=True, code=CODE,
                       refund_thresholds={"2023": 1_500_000.0}, refund_share=0.8,
                       refund_arts=[REFUND_ART],
                       # the material's elderly housing staircase: about 1,2 / 0,7 / 0,2 / 0,2 MNOK per unit by type
                       housing_unit_costs={"6": 1_200_000.0, "5": 700_000.0, "4": 200_000.0, "2": 200_000.0},
                       housing_planned={"5": 12.0})  # fmt: skip
    imports.store_population(
        db, actor, demo_projection(alver_2021()), "Demo: Alver 2021 (SSB 07459) framskriven av trappa"
    )
    _kostra(db, actor, folder, on_file)
    for scenario in example_scenarios():
        save_scenario(db, scenario.name, scenario.to_json())
    board.add_measure(db, actor, DEMO_MEASURE)
    # The allocation office's price list from the last year's profile, and three example calculations.
    last_year = max(profile.years(db))
    prices.compute(db, actor, last_year)
    for name, case in example_calculations():
        calculator.save(db, actor, name, case.model_copy(update={"catalogue_year": last_year}))
    audit.record(db, actor, "demo", NAME, "ok", f"frø {seed}")
    return DemoResult(folder, files)


def _kostra(db: Database, actor: str | None, folder: Path, on_file: FileProgress | None) -> None:
    """Synthetic KOSTRA figures for Demo kommune, a group, the country and five neighbours (saved-answer shape)."""
    accounts_years = sorted(profile.years(db))
    population = load_population(db, CODE)
    # registered where there is a count, the main projection alternative after it
    totals = population.filter(pl.col("alternative").is_in(["registrert", DEMO_ALTERNATIVE])).group_by(
        "year", "alternative"
    )
    inhabitants: dict[int, float] = {}
    for year, alternative, persons in totals.agg(pl.col("persons").sum()).sort("year", "alternative").iter_rows():
        if alternative == "registrert" or int(year) not in inhabitants:
            inhabitants[int(year)] = float(persons)
    years = [y for y in accounts_years if y in inhabitants]

    def shown(name: str) -> None:
        if on_file:
            on_file(name)  # the shell names the file; these are small enough to need no progress bar

    kostra.demo_figures(db, actor, folder / "kostra", NAME.split(" (")[0], inhabitants, years, on_file=shown)
