"""KPIs and SPC for the måltavle at national scale: 360 municipalities × 50 units × 60 months × 15 KPIs.

Builds each unit's monthly inputs (wage cost by part, gross FTEs, users, decided, rota and delivered
hours, absence) with noise and, in some units, a shift; computes the KPI chain for every unit and
month (trappa.model.kpi_frame.kpi_columns), then the limits, the four special-cause rules and the
signal of every point of the 270 000 series, one in twenty re-based halfway (trappa.model.spc_frame).
Target on a 2-core machine: under 2 s for KPIs and SPC together.

    .venv/bin/python benchmarks/spc_benchmark.py [--municipalities 360] [--units 50] [--kpis 15] [--months 60]
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import polars as pl

from trappa.model.spc_frame import spc_frame


def _kpis(args: argparse.Namespace, rng: np.random.Generator) -> float:
    """The KPI chain for every unit and month from noisy inputs; returns the seconds it took."""
    from trappa.model.kpi_frame import kpi_columns

    n = args.municipalities * args.units * args.months
    ftes = rng.uniform(5, 80, n)
    pay = ftes * rng.normal(52_000, 2_000, n)
    inputs = pl.DataFrame(
        {
            "fixed": pay * 0.8, "allowances": pay * 0.02, "temporary": pay * rng.uniform(0.05, 0.12, n),
            "overtime": pay * rng.uniform(0.02, 0.06, n), "other": pay * 0.03, "social": pay * 0.25,
            "gross_ftes": ftes * 1.08, "users": rng.integers(3, 200, n), "decided_hours": ftes * rng.uniform(60, 140, n),
            "rota_hours": ftes * 140.0, "delivered_hours": ftes * rng.uniform(50, 130, n),
            "absence_days": ftes * rng.uniform(1, 3, n), "possible_days": ftes * 21.7, "months": np.ones(n, np.int8),
        }
    )  # fmt: skip
    print(f"KPI chain: {n:,} unit-months".replace(",", " "))
    t = time.perf_counter()
    out = kpi_columns(inputs)
    took = time.perf_counter() - t
    print(f"  the KPI chain ({len(out.columns) - len(inputs.columns)} KPIs)   {took:6.2f} s")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=360)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--kpis", type=int, default=15)
    parser.add_argument("--months", type=int, default=60)
    args = parser.parse_args()
    rng = np.random.default_rng(2021)
    kpi_took = _kpis(args, rng)
    n_series = args.municipalities * args.units * args.kpis
    values = rng.normal(100, 10, size=(n_series, args.months))
    shifted = rng.random(n_series) < 0.1  # one series in ten has a real change halfway
    values[shifted, args.months // 2 :] += 25
    # a leader has re-based one shifted series in two where the measure took effect
    rebased = shifted & (rng.random(n_series) < 0.5)
    segment = np.zeros((n_series, args.months), dtype=np.int8)
    segment[rebased, args.months // 2 :] = 1
    frame = pl.DataFrame(
        {
            "series": np.repeat(np.arange(n_series, dtype=np.int32), args.months),
            "segment": segment.ravel(),
            "value": values.ravel(),
        }
    )
    print(f"SPC benchmark: {n_series:,} series × {args.months} months = {frame.height:,} points".replace(",", " "))
    t = time.perf_counter()
    out = spc_frame(frame, improvement=-1, segment="segment")
    took = time.perf_counter() - t
    signals = out.group_by("signal").len().sort("signal")
    print(f"  limits, rules and signals  {took:6.2f} s")
    print(f"  KPIs and SPC together      {kpi_took + took:6.2f} s   (target < 2 s)")
    for name, count in signals.iter_rows():
        print(f"    {name:<12} {count:>12,}".replace(",", " "))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory                {peak:6.0f} MB")


if __name__ == "__main__":
    main()
