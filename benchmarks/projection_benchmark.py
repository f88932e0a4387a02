"""Projection benchmark: every municipality × 13 steps × 5 bands × every year to 2050 × 10 scenarios.

Target on a 2-core machine: under 1 s for all of it. Prints the time per part.

    .venv/bin/python benchmarks/projection_benchmark.py [--municipalities 360] [--scenarios 10]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import polars as pl

from trappa.model.bands import DEFAULT_BANDS
from trappa.model.move_pricing import corrections, moved_persons
from trappa.model.projection import project_persons, with_intensities
from trappa.model.scenario import Cap, Move, RateChange, Scenario, scenario_step_totals

BASE, END = 2024, 2050


def synthetic(n_municipalities: int, seed: int = 7) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    munis = [f"{1000 + i:04d}" for i in range(n_municipalities)]
    years = list(range(BASE, END + 1))
    bands = list(DEFAULT_BANDS)
    size = rng.integers(500, 50_000, n_municipalities)
    shares = np.array([0.80, 0.13, 0.04, 0.02, 0.01])
    growth = np.array([0.0, 0.01, 0.03, 0.035, 0.04])
    m, y, b = np.meshgrid(np.arange(n_municipalities), np.arange(len(years)), np.arange(len(bands)), indexing="ij")
    series = pl.DataFrame(
        {
            "municipality": np.array(munis)[m.ravel()],
            "year": np.array(years)[y.ravel()],
            "band": np.array(bands)[b.ravel()],
            "inhabitants": size[m.ravel()] * shares[b.ravel()] * (1 + growth[b.ravel()]) ** y.ravel(),
        }
    )
    base_rate = np.array([0.002, 0.02, 0.08, 0.2, 0.4])
    m2, s2, b2 = np.meshgrid(np.arange(n_municipalities), np.arange(1, 14), np.arange(len(bands)), indexing="ij")
    rates = pl.DataFrame(
        {
            "municipality": np.array(munis)[m2.ravel()],
            "step": s2.ravel(),
            "band": np.array(bands)[b2.ravel()],
            "rate": base_rate[b2.ravel()] * rng.uniform(0.05, 0.3, m2.size),
        }
    )
    steps = np.arange(1, 14)
    intensity = pl.DataFrame(
        {
            "step": steps,
            "decisions_per_person": np.full(13, 1.2),
            "decided_hours_per_week_per_person": rng.uniform(0, 20, 13),
            "places_per_person": np.where(steps >= 9, 0.8, 0.0),
            "ftes_per_person": rng.uniform(0.05, 1.5, 13),
            "net_cost_per_person": rng.uniform(2e4, 1.2e6, 13),
            "gross_cost_per_person": rng.uniform(2e4, 1.3e6, 13),
        }
    )
    return series, rates, intensity


def group_pricing(intensity: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Three user groups on every step and band with their shares, a price per person of each, and each
    band's use within its group."""
    rng = np.random.default_rng(11)
    groups_ = ["habilitering", "psykisk_helse_rus", "andre"]
    rows = [(int(step), band, g, share) for step in range(1, 14) for band in DEFAULT_BANDS
            for g, share in zip(groups_, (0.2, 0.1, 0.7), strict=True)]  # fmt: skip
    mix = pl.DataFrame(rows, schema={"step": pl.Int64, "band": pl.Utf8, "user_group": pl.Utf8, "mix": pl.Float64},
                       orient="row")  # fmt: skip
    per = intensity.join(pl.DataFrame({"user_group": groups_}), how="cross").with_columns(
        pl.lit(20).alias("persons"),
        *(pl.col(c) * rng.uniform(0.5, 1.5) for c in intensity.columns if c.endswith("_per_person")),
    )
    ratios = mix.select("step", "user_group", "band", pl.lit(rng.uniform(0.6, 1.6, mix.height)).alias("ratio"))
    prices = per.select("step", "user_group", "persons", *(c for c in intensity.columns if c.endswith("_per_person")))
    return mix, prices, ratios


def scenarios(n: int) -> list[Scenario]:
    out = [Scenario(name="Alternativ 0")]
    for i in range(1, n):
        out.append(
            Scenario(
                name=f"Scenario {i}",
                rate_changes=[
                    RateChange(
                        step=6, change_percent=-2.0 * i, bands=["80-84", "85-89", "90+"], from_year=2026, to_year=2030
                    ),
                    RateChange(step=5, change_percent=3.0 * i, from_year=2026, to_year=2030),
                ],
                moves=[Move(from_step=12, to_step=10, share_percent=2.0 * i, from_year=2026, to_year=2032)],
                caps=[Cap(step=12, places=40.0 + i, from_year=2028, overflow_to=11 if i % 2 else None)],
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=360)
    parser.add_argument("--scenarios", type=int, default=10)
    args = parser.parse_args()
    series, rates, intensity = synthetic(args.municipalities)
    by = ["municipality"]
    years = range(BASE, END + 1)
    places = intensity.select("step", "places_per_person")
    all_scenarios = scenarios(args.scenarios)

    t0 = time.perf_counter()
    persons = project_persons(rates, series, years, by=by)
    # Municipality and band as categoricals: hashing small integers instead of strings.
    persons = persons.with_columns(pl.col("municipality").cast(pl.Categorical), pl.col("band").cast(pl.Categorical))
    t1 = time.perf_counter()
    totals = scenario_step_totals(persons, all_scenarios, places, by=by)
    results = [
        with_intensities(t, intensity, BASE, s.real_cost_growth_percent / 100, by=by)
        for t, s in zip(totals, all_scenarios, strict=True)
    ]
    t2 = time.perf_counter()
    # Moves priced by who moves: the moved persons split by user group and age band, priced on both steps.
    mix, groups, ratios = group_pricing(intensity)
    priced = []
    for result, s in zip(results, all_scenarios, strict=True):
        if not s.moves:
            priced.append(result)
            continue
        moved = moved_persons(persons.filter(pl.col("step").is_in([12, 10])), s, by)
        fix, _notes = corrections(moved, mix, groups, intensity, BASE, s.real_cost_growth_percent / 100, by, ratios)
        priced.append(result.join(fix, on=["year", *by, "step"], how="left", suffix="__fix"))
    t3 = time.perf_counter()
    cells = persons.height * len(all_scenarios)
    print(
        f"trappa projection benchmark: {args.municipalities} municipalities × 13 steps × 5 bands × "
        f"{len(years)} years × {len(all_scenarios)} scenarios = {cells:_} cells".replace("_", " ")
    )
    print(f"  reference persons       {t1 - t0:6.3f} s")
    print(f"  scenarios and metrics   {t2 - t1:6.3f} s")
    print(f"  moves priced by group × age band {t3 - t2:6.3f} s")
    print(f"  total                   {t3 - t0:6.3f} s   (target < 1 s)")
    assert all(r.height == args.municipalities * 13 * len(years) for r in results)


if __name__ == "__main__":
    main()
