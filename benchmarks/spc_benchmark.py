"""SPC for the måltavle at national scale: 360 municipalities × 50 units × 15 KPIs × 60 months.

Builds 270 000 monthly series (16,2 million points) with noise and, in some, a shift; computes limits,
the four special-cause rules and the signal of every point in one pass (trappa.model.spc_frame).
Target on a 2-core machine: under 2 s.

    .venv/bin/python benchmarks/spc_benchmark.py [--municipalities 360] [--units 50] [--kpis 15] [--months 60]
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np
import polars as pl

from trappa.model.spc_frame import spc_frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=360)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--kpis", type=int, default=15)
    parser.add_argument("--months", type=int, default=60)
    args = parser.parse_args()
    n_series = args.municipalities * args.units * args.kpis
    rng = np.random.default_rng(2021)
    values = rng.normal(100, 10, size=(n_series, args.months))
    shifted = rng.random(n_series) < 0.1  # one series in ten has a real change halfway
    values[shifted, args.months // 2 :] += 25
    frame = pl.DataFrame(
        {
            "series": np.repeat(np.arange(n_series, dtype=np.int32), args.months),
            "value": values.ravel(),
        }
    )
    print(f"SPC benchmark: {n_series:,} series × {args.months} months = {frame.height:,} points".replace(",", " "))
    t = time.perf_counter()
    out = spc_frame(frame, improvement=-1)
    took = time.perf_counter() - t
    signals = out.group_by("signal").len().sort("signal")
    print(f"  limits, rules and signals  {took:6.2f} s   (target < 2 s)")
    for name, count in signals.iter_rows():
        print(f"    {name:<12} {count:>12,}".replace(",", " "))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory                {peak:6.0f} MB")


if __name__ == "__main__":
    main()
