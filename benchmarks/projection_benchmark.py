"""Projection benchmark: every municipality × 13 steps × 5 bands × every year to 2050 × 10 scenarios.

Targets on a 2-core machine: under 1 s for all of it, and the core (reference persons, scenarios and
metrics, tables in and out) within 1,5 × the same rules written straight in NumPy on arrays already in
memory, measured in the same run. Prints the time per part.

    .venv/bin/python benchmarks/projection_benchmark.py [--municipalities 360] [--scenarios 10]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import polars as pl

from trappa.model.bands import DEFAULT_BANDS
from trappa.model.move_pricing import corrections
from trappa.model.projection import METRICS
from trappa.model.scenario import Cap, Move, RateChange, Scenario
from trappa.model.scenario_grid import Grid, affected, places_per_person, run

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


def numpy_floor(
    inhabitants: np.ndarray, rate: np.ndarray, years: np.ndarray, steps: np.ndarray, bands: list[str],
    all_scenarios: list[Scenario], places: dict[int, float], per_person: np.ndarray,
) -> list[np.ndarray]:  # fmt: skip
    """The floor: the same rules written straight in NumPy on arrays already in memory (year × municipality
    × band inhabitants, municipality × step × band rates), to persons and metrics per year, municipality
    and step. No tables in, no tables out, no checks: what the arithmetic alone costs."""
    at = {int(step): i for i, step in enumerate(steps)}
    base = inhabitants[:, :, None, :] * rate[None]
    out = []
    for s in all_scenarios:
        persons, unmet = base.copy(), np.zeros_like(base)
        for c in s.rate_changes:
            bm = np.isin(bands, c.bands) if c.bands else slice(None)
            w = np.clip((years - c.from_year + 1) / (c.to_year - c.from_year + 1), 0, 1)[:, None, None]
            r = rate[None, :, at[c.step], bm]
            new = r + w * ((r * (1 + c.change_percent / 100) if c.set_rate is None else c.set_rate) - r)
            persons[:, :, at[c.step], bm] = inhabitants[:, :, bm] * new
        for m in s.moves:
            w = np.clip((years - m.from_year + 1) / (m.to_year - m.from_year + 1), 0, 1)[:, None, None]
            taken = persons[:, :, at[m.from_step]] * (m.share_percent / 100 * w)
            persons[:, :, at[m.from_step]] -= taken
            persons[:, :, at[m.to_step]] += taken
        for c in s.caps:
            allowed = np.where(years >= c.from_year, c.places / (places.get(c.step) or 1.0), np.inf)[:, None]
            total = persons[:, :, at[c.step]].sum(-1)
            keep = np.where(total > allowed, allowed / np.maximum(total, 1e-300), 1.0)
            excess = persons[:, :, at[c.step]] * (1 - keep)[..., None]
            persons[:, :, at[c.step]] -= excess
            if c.overflow_to:
                persons[:, :, at[c.overflow_to]] += excess
            else:
                unmet[:, :, at[c.step]] += excess
        total = persons.sum(-1)
        growth = ((1 + s.real_cost_growth_percent / 100) ** (years - BASE))[:, None, None, None]
        metrics = total[..., None] * per_person[None, None]
        metrics[..., 4:] *= growth
        out.append(np.concatenate([total[..., None], metrics, unmet.sum(-1)[..., None]], axis=-1))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=360)
    parser.add_argument("--scenarios", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is printed")
    args = parser.parse_args()
    series, rates, intensity = synthetic(args.municipalities)
    by = ["municipality"]
    years = range(BASE, END + 1)
    all_scenarios = scenarios(args.scenarios)
    mix, groups, ratios = group_pricing(intensity)
    per_place = places_per_person(intensity)
    steps_touched = set().union(*(affected(s) for s in all_scenarios))

    def trappa() -> tuple[list[float], list[pl.DataFrame], Grid]:
        t0 = time.perf_counter()
        grid = Grid.project(rates, series, years, by=by, steps=steps_touched)
        t1 = time.perf_counter()
        outcomes = [run(grid, s, per_place) for s in all_scenarios]
        results = [o.metrics(intensity, BASE, s.real_cost_growth_percent / 100)
                   for o, s in zip(outcomes, all_scenarios, strict=True)]  # fmt: skip
        t2 = time.perf_counter()
        # Moves priced by who moves: the moved persons split by user group and age band, priced on both steps.
        priced = []
        for outcome, result, s in zip(outcomes, results, all_scenarios, strict=True):
            if not s.moves:
                priced.append(result)
                continue
            fix, _notes = corrections(outcome, mix, groups, intensity, BASE, s.real_cost_growth_percent / 100,
                                      ratios=ratios)  # fmt: skip
            priced.append(result.join(fix, on=["year", *by, "step"], how="left", suffix="__fix"))
        t3 = time.perf_counter()
        return [t1 - t0, t2 - t1, t3 - t2, t3 - t0], results, grid

    best, results, grid = trappa()
    for _ in range(args.repeat - 1):
        times, results, grid = trappa()
        best = [min(a, b) for a, b in zip(best, times, strict=True)]

    # The floor's inputs as it would have them: dense arrays, built before its clock starts.
    inhabitants, rate = grid.inhabitants, grid.rate[0]
    per_person = intensity.sort("step").select(f"{m}_per_person" for m in METRICS[1:]).to_numpy()
    floor_best = float("inf")
    for _ in range(args.repeat):
        f0 = time.perf_counter()
        floor = numpy_floor(inhabitants, rate, grid.years, grid.steps, grid.bands, all_scenarios, per_place, per_person)
        floor_best = min(floor_best, time.perf_counter() - f0)
    # the same result: the floor's persons and costs per year, municipality and step are trappa's
    for result, dense in zip(results, floor, strict=True):
        assert result.height == args.municipalities * 13 * len(years)
        np.testing.assert_allclose(result["persons"].to_numpy(), dense[..., 0].ravel(), rtol=1e-9)
        np.testing.assert_allclose(result["net_cost"].to_numpy(), dense[..., 5].ravel(), rtol=1e-9)

    cells = grid.persons.size * len(all_scenarios)
    core = best[0] + best[1]
    print(
        f"trappa projection benchmark: {args.municipalities} municipalities × 13 steps × 5 bands × "
        f"{len(years)} years × {len(all_scenarios)} scenarios = {cells:_} cells (best of {args.repeat})".replace(
            "_", " "
        )
    )
    print(f"  reference persons (grid)          {best[0]:6.3f} s")
    print(f"  scenarios and metrics             {best[1]:6.3f} s")
    print(f"  moves priced by group × age band  {best[2]:6.3f} s")
    print(f"  total                             {best[3]:6.3f} s   (target < 1 s)  {'✓' if best[3] < 1 else '✗'}")
    print(
        f"  core (persons, scenarios, metrics) {core:5.3f} s; NumPy floor {floor_best:.3f} s: "
        f"{core / floor_best:.2f} × (target ≤ 1,5 ×)  {'✓' if core / floor_best <= 1.5 else '✗'}"
    )


if __name__ == "__main__":
    main()
