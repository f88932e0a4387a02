"""National-scale benchmark: 1 000 000 decisions and 500 000 account lines.

Generates the data set as the CSV files a municipality would export, imports it
through the real import path (reading, identity-number scan, parsing, checks,
storage), then loads it back and computes the profile, and runs `trappa profile
--format json` as a person would. Prints times and peak memory, each beside its
floor in the same run: the profile's main sums in the shortest Polars, and
processes that only read the same rows (through ADBC, and from Parquet).
Targets on a 2-core machine: import < 30 s, profile < 2 s once stored, peak
memory < 4 GB; the whole command ≤ 1,3 × the ADBC floor, compute ≤ 1,2 × its
Polars floor.

    .venv/bin/python benchmarks/profile_benchmark.py [--decisions N] [--accounts N] [--database URL]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

YEAR = 2023
STEPS = 13


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _kroner_text(ore: pl.Expr) -> pl.Expr:
    magnitude = ore.abs()
    return pl.concat_str(
        [
            pl.when(ore < 0).then(pl.lit("-")).otherwise(pl.lit("")),
            (magnitude // 100).cast(pl.Utf8),
            pl.lit(","),
            (magnitude % 100).cast(pl.Utf8).str.zfill(2),
        ]
    )


def generate(folder: Path, n_decisions: int, n_accounts: int, seed: int = 1) -> dict[str, Path]:
    rng = np.random.default_rng(seed)
    n_centres = max(50, n_accounts // 100)
    centres = np.arange(100000, 100000 + n_centres)
    arts = np.array(["10100", "10200", "10500", "10900", "10990", "11000", "11950", "13700", "16000", "17000", "17100"])
    functions = np.array(["233", "234", "241", "253", "254", "256", "261", "265"])
    cc = rng.choice(centres, n_accounts)
    art = rng.choice(arts, n_accounts)
    amount = rng.integers(1_000_00, 2_000_000_00, n_accounts)
    amount = np.where(np.char.startswith(art, "1") & (art >= "16000"), -amount // 5, amount)
    accounts = pl.DataFrame(
        {
            "år": np.full(n_accounts, YEAR),
            "ansvar": cc.astype(str),
            "ansvarsnamn": np.char.add("Eining ", cc.astype(str)),
            "art": art,
            "funksjon": rng.choice(functions, n_accounts),
            "beløp": amount,
        }
    ).with_columns(_kroner_text(pl.col("beløp")).alias("beløp"))

    # Every centre maps to one step; one in five is split 70/30 over two steps; a few stay unmapped.
    mapped = centres[: int(n_centres * 0.995)]
    step = rng.integers(1, STEPS + 1, len(mapped))
    split = rng.random(len(mapped)) < 0.2
    rows = pl.DataFrame(
        {"ansvar": mapped.astype(str), "trinn": step, "del": np.where(split, 70, 100).astype(np.int64), "split": split}
    )
    second = rows.filter(pl.col("split")).with_columns(
        ((pl.col("trinn") % STEPS) + 1).alias("trinn"), pl.lit(30, pl.Int64).alias("del")
    )
    mapping = (
        pl.concat([rows, second])
        .drop("split")
        .with_columns(pl.lit(YEAR).alias("år"), pl.lit("alle").alias("brukargruppe"))
        .select("år", "ansvar", "trinn", "brukargruppe", "del")
    )
    ftes = pl.DataFrame(
        {"år": np.full(n_centres, YEAR), "ansvar": centres.astype(str), "årsverk": rng.integers(1, 200, n_centres) / 2}
    ).with_columns(pl.col("årsverk").cast(pl.Utf8).str.replace(".", ",", literal=True))

    persons = max(1000, n_decisions // 3)
    services = [f"Teneste {i:02d}" for i in range(1, 40)]
    service_steps = {s: 1 + i % STEPS for i, s in enumerate(services)}
    start = date(2015, 1, 1).toordinal() + rng.integers(0, 9 * 365, n_decisions)
    length = rng.exponential(400, n_decisions).astype(int) + 1
    end = start + length
    open_ended = end > date(2024, 6, 1).toordinal()
    groups = np.array(["habilitering", "psykisk_helse_rus", "andre"])
    bands = np.array(["0-66", "67-79", "80-84", "85-89", "90+"])
    decisions = pl.DataFrame(
        {
            "personnøkkel": np.char.add("P", rng.integers(0, persons, n_decisions).astype(str)),
            "teneste": rng.choice(np.array(services), n_decisions),
            "timar per veke": (rng.integers(0, 80, n_decisions) / 2),
            "frå dato": pl.Series(start - 719163, dtype=pl.Int32).cast(pl.Date),
            "til dato": pl.Series(np.where(open_ended, 0, end - 719163), dtype=pl.Int32).cast(pl.Date),
            "aldersgruppe": rng.choice(bands, n_decisions),
            "brukargruppe": rng.choice(groups, n_decisions, p=[0.2, 0.2, 0.6]),
        }
    ).with_columns(
        pl.col("timar per veke").cast(pl.Utf8).str.replace(".", ",", literal=True),
        pl.col("frå dato").dt.strftime("%d.%m.%Y"),
        pl.when(pl.lit(pl.Series(open_ended)))
        .then(None)
        .otherwise(pl.col("til dato").dt.strftime("%d.%m.%Y"))
        .alias("til dato"),
    )
    service_table = pl.DataFrame({"teneste": list(service_steps), "trinn": list(service_steps.values())})
    places = pl.DataFrame(
        {
            "år": [YEAR] * 40,
            "eining": [f"Eining {i}" for i in range(40)],
            "trinn": [9 + i % 5 for i in range(40)],
            "plassar": [20 + i for i in range(40)],
        }
    )

    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for kind, frame in [
        ("mapping", mapping),
        ("services", service_table),
        ("ftes", ftes),
        ("places", places),
        ("accounts", accounts),
        ("decisions", decisions),
    ]:
        path = folder / f"{kind}.csv"
        frame.write_csv(path, separator=";", include_bom=True)
        files[kind] = path
    return files


INPUT_KINDS = ("accounts", "ftes", "decisions", "places", "mapping", "services")  # what load_inputs reads

# The floor processes: Polars and the reader alone, reading the same rows, nothing else imported.
ADBC_FLOOR = """
import sys, json, polars as pl, adbc_driver_sqlite, adbc_driver_manager
db = adbc_driver_sqlite.connect(sys.argv[1]); conn = adbc_driver_manager.AdbcConnection(db)
for sql in json.loads(sys.argv[2]).values():
    st = adbc_driver_manager.AdbcStatement(conn)
    st.set_sql_query(sql); stream, _ = st.execute_query(); pl.DataFrame(stream); st.close()
"""
PARQUET_FLOOR = """
import sys, polars as pl
for path in sys.argv[1:]:
    pl.read_parquet(path)
"""


def best_of(runs: int, command: list[str], env: dict[str, str] | None = None) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t)
    return best


def polars_floor(inputs, year: int) -> dict[str, pl.DataFrame]:  # type: ignore[no-untyped-def]
    """The profile's main numbers by the shortest Polars that gives them from the same tables: net and
    gross kroner, FTEs, persons, decisions and hours per step. Float shares instead of exact øre, one
    key per cost centre, no budget, income split, bought places, refund, dates or controls."""
    mapping = inputs.mapping.filter(pl.col("year") == year).select("cost_centre", "step", "share")
    money = (
        inputs.accounts.filter(pl.col("year") == year)
        .group_by("cost_centre")
        .agg(pl.col("amount_ore").sum().alias("net"), pl.col("amount_ore").clip(0).sum().alias("gross"))
        .join(mapping, on="cost_centre")
        .group_by("step")
        .agg((pl.col("net") * pl.col("share") / 100).sum(), (pl.col("gross") * pl.col("share") / 100).sum())
    )
    ftes = (
        inputs.ftes.filter(pl.col("year") == year)
        .group_by("cost_centre")
        .agg(pl.col("ftes").sum())
        .join(mapping, on="cost_centre")
        .group_by("step")
        .agg((pl.col("ftes") * pl.col("share") / 100).sum())
    )
    first, last = date(year, 1, 1), date(year, 12, 31)
    decisions = (
        inputs.decisions.filter(
            (pl.col("start_date") <= last) & (pl.col("end_date").is_null() | (pl.col("end_date") >= first))
        )
        .join(inputs.services.select("service", pl.col("step").alias("service_step")), on="service", how="left")
        .group_by(pl.coalesce("step", "service_step").alias("step"))
        .agg(
            pl.col("person_key").n_unique().alias("persons"),
            pl.len().alias("decisions"),
            pl.col("hours_per_week").sum(),
        )
    )
    return {"money": money, "ftes": ftes, "decisions": decisions}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=500_000)
    parser.add_argument("--database", default=None, help="database URL (default: a new SQLite file)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing; the best is printed")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="trappa-bench-"))
    os.environ["TRAPPA_HOME"] = str(work)
    from trappa.model.profile import build_profile
    from trappa.services.database import open_url
    from trappa.services.imports import import_file
    from trappa.staircase import load_template
    from trappa.store import readcopy
    from trappa.store.repository import _year_query, load_inputs

    url = args.database or f"sqlite:///{work / 'benchmark.sqlite'}"
    engine = open_url(url)
    print(
        f"trappa benchmark: {args.decisions:_} decisions, {args.accounts:_} account lines "
        f"({engine.dialect.name}, {os.cpu_count()} cores; best of {args.repeat})".replace("_", " ")
    )

    t = time.perf_counter()
    files = generate(work / "files", args.decisions, args.accounts)
    print(
        f"  generate files      {time.perf_counter() - t:7.2f} s   "
        f"({sum(p.stat().st_size for p in files.values()) / 1e6:.0f} MB of CSV)"
    )

    total_import = 0.0
    for kind, path in files.items():
        t = time.perf_counter()
        result = import_file(engine, "benchmark", kind, path)
        took = time.perf_counter() - t
        total_import += took
        print(f"  import {kind:<12} {took:7.2f} s   {result.rows:>9_} rows".replace("_", " "))
    print(f"  import total        {total_import:7.2f} s   (target < 30 s)")

    staircase = load_template("alver")
    t = time.perf_counter()
    inputs = load_inputs(engine, YEAR)
    cold = time.perf_counter() - t
    warm = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        inputs = load_inputs(engine, YEAR)
        warm = min(warm, time.perf_counter() - t)
    compute = by_group = floor = float("inf")
    for _ in range(args.repeat):
        t = time.perf_counter()
        profile = build_profile(inputs, staircase, YEAR)
        compute = min(compute, time.perf_counter() - t)
        t = time.perf_counter()
        build_profile(inputs, staircase, YEAR, by_user_group=True)
        by_group = min(by_group, time.perf_counter() - t)
        t = time.perf_counter()
        polars_floor(inputs, YEAR)
        floor = min(floor, time.perf_counter() - t)
    copy = " (then from the read copy)" if readcopy.folder(engine) else ""
    print(
        f"  load {YEAR}           {cold:7.2f} s, again {warm:.2f} s{copy}   "
        f"({inputs.decisions.height:_} decisions active in {YEAR})".replace("_", " ")
    )
    print(f"  compute profile     {compute:7.2f} s   (target < 2 s); Polars floor {floor:.2f} s: "
          f"{compute / floor:.2f} × (target ≤ 1,2 ×)")  # fmt: skip
    print(f"  profile, by group   {by_group:7.2f} s")
    c = profile.controls
    print(
        f"  control totals balance: {c.balanced}; unmapped {c.unmapped_ore / 100:_.0f} kr; "
        f"active decisions {c.decisions_active:_}".replace("_", " ")
    )
    print(f"  peak memory         {peak_memory_mb():7.0f} MB  (target < 4096 MB)")

    # The whole command, as a person runs it, beside processes that only read the same rows.
    env = {**os.environ, "TRAPPA_DATABASE_URL": url}
    command = [str(Path(sys.executable).with_name("trappa")), "profile", "--year", str(YEAR), "--format", "json"]
    whole = best_of(args.repeat, command, env)
    print(f"  trappa profile --format json, whole process {whole:5.2f} s")
    if engine.dialect.name == "sqlite":
        database = str(engine.url.database)
        try:
            # the very rows load_inputs asks for, in the same SQL
            queries = {kind: str(_year_query(kind, None if kind == "services" else YEAR).compile(
                dialect=engine.dialect, compile_kwargs={"literal_binds": True})) for kind in INPUT_KINDS}  # fmt: skip
            adbc = best_of(args.repeat, [sys.executable, "-c", ADBC_FLOOR, database, json.dumps(queries)])
            print(f"    floor: Polars reading the year's rows through ADBC {adbc:5.2f} s: "
                  f"{whole / adbc:.2f} × (target ≤ 1,3 ×)")  # fmt: skip
        except subprocess.CalledProcessError:
            print("    floor through ADBC: adbc-driver-sqlite is not installed (pip install -e '.[dev]')")
        place = readcopy.folder(engine)
        parquet = sorted(str(p) for p in place.glob("*.parquet")) if place else []
        if parquet:
            floor_copy = best_of(args.repeat, [sys.executable, "-c", PARQUET_FLOOR, *parquet])
            print(
                f"    floor: Polars reading the same rows from Parquet {floor_copy:5.2f} s: {whole / floor_copy:.2f} ×"
            )
    if not c.balanced:
        sys.exit(1)


if __name__ == "__main__":
    main()
