"""National-scale benchmark: 1 000 000 decisions and 500 000 account lines.

Generates the data set as the CSV files a municipality would export, imports it
through the real import path (reading, identity-number scan, parsing, checks,
storage), then loads it back and computes the profile, and runs `trappa profile
--format json` as a person would. Prints times and peak memory, each beside its
floor in the same run: the same numbers per step by the shortest Polars that gives
them from this data set (checked to be the same numbers), and processes that only
read the same rows (through ADBC, and from Parquet).
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


def polars_floor(inputs, year: int) -> pl.DataFrame:  # type: ignore[no-untyped-def]
    """The same numbers per step as the profile, by the shortest Polars that gives them from the same
    tables and this data set: kroner split to the øre by the same largest-remainder rule on the same
    account totals, FTEs following the gross cost, persons, decisions, decided hours and places.

    Shorter than trappa only where this data allows: keys are exact cost centres without function,
    arts are five digits, there is no budget, refund art or month, and every decision finds its step
    through its service. `same_numbers` holds that it gives what trappa gives."""
    art = pl.col("art").str.slice(1, 3).cast(pl.Int32)
    totals = (
        inputs.accounts.lazy()
        .filter(pl.col("year") == year)
        .group_by("cost_centre", "function", (art >= 600).alias("income"), ((art >= 300) & (art < 400)).alias("bought"))
        .agg(pl.col("amount_ore").sum())
        .with_row_index("total")
    )
    mapping = inputs.mapping.lazy().filter(pl.col("year") == year).select("cost_centre", "step", "share")
    ideal = pl.col("amount_ore") * pl.col("share") / 100
    parts = (
        totals.join(mapping, on="cost_centre")
        .with_columns(ideal.floor().cast(pl.Int64).alias("base"), (ideal - ideal.floor()).alias("frac"))
        .sort("total", "frac", "step", descending=[False, True, False])
        .with_columns(
            (pl.int_range(pl.len()).over("total") < pl.col("amount_ore") - pl.col("base").sum().over("total"))
            .cast(pl.Int64)
            .add(pl.col("base"))
            .alias("part")
        )
        .collect()
    )
    money = parts.group_by("step").agg(
        pl.col("part").filter(~pl.col("income")).sum().alias("gross_ore"),
        pl.col("part").filter(pl.col("income")).sum().alias("income_ore"),
        pl.col("part").sum().alias("net_ore"),
        pl.col("part").filter(~pl.col("income") & pl.col("bought")).sum().alias("bought_ore"),
    )
    weight = (
        parts.filter(~pl.col("income")).group_by("cost_centre", "step").agg(pl.col("part").sum().clip(0).alias("w"))
    )
    ftes = (
        inputs.ftes.filter(pl.col("year") == year)
        .group_by("cost_centre")
        .agg(pl.col("ftes").sum())
        .join(weight.filter(pl.col("w") > 0), on="cost_centre")
        .with_columns(pl.col("ftes") * pl.col("w") / pl.col("w").sum().over("cost_centre"))
        .group_by("step")
        .agg(pl.col("ftes").sum())
    )
    first, last = date(year, 1, 1), date(year, 12, 31)
    days = (pl.min_horizontal(pl.col("end_date").fill_null(last), pl.lit(last)) - pl.max_horizontal("start_date", pl.lit(first))).dt.total_days() + 1  # fmt: skip
    on_date = pl.col("end_date").is_null() | (pl.col("end_date") >= last)
    volumes = (
        inputs.decisions.lazy()
        .filter((pl.col("start_date") <= last) & (pl.col("end_date").is_null() | (pl.col("end_date") >= first)))
        .join(inputs.services.lazy().select("service", "step"), on="service")
        .group_by(pl.col("step_right").alias("step"))
        .agg(
            pl.col("person_key").n_unique().alias("persons"),
            pl.col("person_key").filter(on_date).n_unique().alias("persons_on_date"),
            pl.len().alias("decisions"),
            (pl.col("hours_per_week") * days).sum().truediv(365 + (year % 4 == 0)).alias("decided_hours_per_week"),
            (pl.col("hours_per_week") * days / 7).sum().alias("decided_hours_year"),
        )
        .collect()
    )
    places = inputs.places.filter(pl.col("year") == year).group_by("step").agg(pl.col("places").sum())
    return (
        money.join(ftes, on="step", how="left")
        .join(volumes, on="step", how="full", coalesce=True)
        .join(places, on="step", how="left")
    )


def same_numbers(profile: pl.DataFrame, floor: pl.DataFrame) -> list[str]:
    """The columns where the floor gives other numbers than trappa (kroner to the øre, the rest to 1e-9)."""
    mine = profile.filter(pl.col("net_ore") != 0).sort("step")
    theirs = floor.filter(pl.col("step") > 0).sort("step").select(mine.select(floor.columns).columns)
    differ = []
    for column in floor.columns:
        a, b = mine[column].fill_null(0).cast(pl.Float64), theirs[column].fill_null(0).cast(pl.Float64)
        if a.len() != b.len() or ((a - b).abs() > 1e-9 * (1 + a.abs())).any():
            differ.append(column)
    return differ


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
    from trappa.staircase.outline import Outline
    from trappa.staircase.templates import load_template
    from trappa.store import readcopy
    from trappa.store.read import load_inputs, year_sql

    url = args.database or f"sqlite:///{work / 'benchmark.sqlite'}"
    engine = open_url(url)
    print(
        f"trappa benchmark: {args.decisions:_} decisions, {args.accounts:_} account lines "
        f"({engine.backend}, {os.cpu_count()} cores; best of {args.repeat})".replace("_", " ")
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

    staircase = Outline.of(load_template("alver"))
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
        floor_table = polars_floor(inputs, YEAR)
        floor = min(floor, time.perf_counter() - t)
    copy = " (then from the read copy)" if readcopy.folder(engine) else ""
    print(
        f"  load {YEAR}           {cold:7.2f} s, again {warm:.2f} s{copy}   "
        f"({inputs.decisions.height:_} decisions active in {YEAR})".replace("_", " ")
    )
    print(f"  compute profile     {compute:7.2f} s   (target < 2 s); Polars floor {floor:.2f} s: "
          f"{compute / floor:.2f} × (target ≤ 1,2 ×)")  # fmt: skip
    differ = same_numbers(profile.table, floor_table)
    print(f"    the floor gives the same numbers per step: {'yes' if not differ else 'NO: ' + ', '.join(differ)}")
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
    if engine.backend == "sqlite":
        database = str(engine.file)
        try:
            # the very rows load_inputs asks for, in the same SQL
            queries = {kind: year_sql(kind, None if kind == "services" else YEAR) for kind in INPUT_KINDS}
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
