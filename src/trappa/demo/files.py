"""Write Demo kommune as the files a municipality would export (Norwegian CSV dialect)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from trappa.demo.generator import DemoData
from trappa.ingest.contracts import CONTRACTS
from trappa.report.csv_out import ore_as_kroner_text, to_csv

FILE_NAMES = {
    "mapping": "fordelingsnokkel.csv",
    "services": "tenester.csv",
    "accounts": "rekneskap.csv",
    "ftes": "arsverk.csv",
    "places": "plassar.csv",
    "units": "einingar.csv",  # before the files that name units
    "decisions": "vedtak.csv",
    "delivered_hours": "utforte_timar.csv",
    "sickness_absence": "sjukefravaer.csv",
}


def write_demo_files(data: DemoData, folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for kind, name in FILE_NAMES.items():
        frame: pl.DataFrame = getattr(data, kind)
        frame = frame.with_columns(
            *(ore_as_kroner_text(c) for c in frame.columns if c.endswith("_ore")),
            pl.col(pl.Date).dt.strftime("%d.%m.%Y"),
        )
        if "month" in frame.columns:  # the files say «periode» (2023-03), as a municipality's export would
            frame = frame.with_columns(
                pl.format("{}-{}", pl.col("year"), pl.col("month").cast(pl.Utf8).str.zfill(2)).alias("period")
            ).drop("year", "month")
            frame = frame.select("period", *(c for c in frame.columns if c != "period"))
        contract = CONTRACTS[kind]
        headers = [contract.column(c).label for c in frame.columns]
        path = folder / name
        path.write_text(to_csv(frame, headers=headers), encoding="utf-8")
        out[kind] = path
    return out
