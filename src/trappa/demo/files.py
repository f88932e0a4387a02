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
    "decisions": "vedtak.csv",
    "units": "einingar.csv",
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
        contract = CONTRACTS[kind]
        headers = [contract.column(c).label for c in frame.columns]
        path = folder / name
        path.write_text(to_csv(frame, headers=headers), encoding="utf-8")
        out[kind] = path
    return out
