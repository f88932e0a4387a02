"""A command's start: `trappa profile` on the demo beside `python -c 'import polars'`, and `trappa --help`.

Targets on a 2-core machine (issue 14): `trappa profile` on Demo kommune within 2 × the time Python
takes to import Polars (the least a command that computes with Polars can take), and `trappa --help`
within 0,5 s. The runs alternate, so a busy moment of the machine falls on both sides; the medians are
printed, with the fastest and slowest.

    .venv/bin/python benchmarks/command_benchmark.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TRAPPA = str(Path(sys.executable).with_name("trappa"))


def seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def line(name: str, times: list[float]) -> str:
    return (f"  {name:<38} median {statistics.median(times):5.2f} s  "
            f"(fastest {min(times):4.2f}, slowest {max(times):4.2f})")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (alternating)")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="trappa-command-bench-"))
    env = {**os.environ, "TRAPPA_HOME": str(home), "TRAPPA_DATABASE_URL": ""}
    print("Building Demo kommune …", file=sys.stderr)
    subprocess.run([TRAPPA, "demo"], env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    commands = {
        "python -c 'import polars'": [sys.executable, "-c", "import polars"],
        "trappa --demo profile": [TRAPPA, "--demo", "profile"],
        "trappa --help": [TRAPPA, "--help"],
    }
    for command in commands.values():  # once each first: files in the page cache, the read copy written
        seconds(command, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(seconds(command, env))
    shutil.rmtree(home, ignore_errors=True)
    floor, profile, helped = (statistics.median(t) for t in times.values())
    print(f"A command's start ({os.cpu_count()} cores, {args.runs} runs each, alternating)")
    for name, measured in times.items():
        print(line(name, measured))
    print(f"  trappa --demo profile ÷ import polars  {profile / floor:5.2f} ×  (target ≤ 2 ×)")
    print(f"  trappa --help                          {helped:5.2f} s  (target ≤ 0,5 s)")
    if profile > 2 * floor or helped > 0.5:
        sys.exit(1)


if __name__ == "__main__":
    main()
