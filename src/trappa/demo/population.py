"""Demo kommune's population: Alver's real population of 1 January 2021, aged forward for the demo.

The projection here is a **demo projection**, never SSB's: a simple cohort
model (survival by age, constant births, some net in-migration of young
adults) in three variants, DEMO (middle), DEMO-L (low) and DEMO-H (high).
Use SSB's official projection for real planning (``trappa population fetch``).
"""

from __future__ import annotations

import math
from importlib import resources

import polars as pl

from trappa.ingest.population import REGISTERED, SCHEMA

MUNICIPALITY = "4631"
NAME = "Alver"
BASE_YEAR = 2021
DEMO = "DEMO"
VARIANTS = {  # births factor, mortality factor, yearly net in-migration of ages 20–39
    "DEMO": (1.00, 1.00, 0.004),
    "DEMO-L": (0.90, 1.10, 0.000),
    "DEMO-H": (1.10, 0.90, 0.008),
}
MAX_AGE = 105


def alver_2021() -> pl.DataFrame:
    text = resources.files("trappa.demo").joinpath("alver_2021.csv").read_text("utf-8")
    rows = [line.split(";") for line in text.splitlines() if line and not line.startswith(("#", "age"))]
    return pl.DataFrame({"age": [int(a) for a, _ in rows], "persons": [float(p) for _, p in rows]})


def _mortality(age: int, factor: float) -> float:
    return min(0.6, math.exp(-10.9 + 0.098 * age) * factor)


def demo_projection(base: pl.DataFrame, to_year: int = 2050) -> pl.DataFrame:
    """Registered base year plus the three demo variants, in the long population shape."""
    ages = dict(zip(base["age"].to_list(), base["persons"].to_list(), strict=True))
    current = [ages.get(a, 0.0) for a in range(MAX_AGE + 1)]
    rows = [(BASE_YEAR, a, REGISTERED, p) for a, p in enumerate(current)]
    for variant, (births, mortality, migration) in VARIANTS.items():
        pop = list(current)
        for year in range(BASE_YEAR + 1, to_year + 1):
            survivors = [pop[a] * (1 - _mortality(a, mortality)) for a in range(MAX_AGE + 1)]
            nxt = [current[0] * births] + survivors[:-1]
            nxt[MAX_AGE] += survivors[MAX_AGE]  # 105 years or older stays in the last age
            nxt = [p * (1 + migration) if 20 <= a <= 39 else p for a, p in enumerate(nxt)]
            pop = nxt
            rows.extend((year, a, variant, p) for a, p in enumerate(pop))
    frame = pl.DataFrame(
        rows, schema={"year": pl.Int64, "age": pl.Int64, "alternative": pl.Utf8, "persons": pl.Float64}, orient="row"
    )
    return frame.with_columns(
        pl.lit(MUNICIPALITY).alias("municipality"), pl.lit(NAME).alias("municipality_name"), pl.lit("alle").alias("sex")
    ).select(list(SCHEMA))
