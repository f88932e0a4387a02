"""The måltavle as data: a row per unit, KPI and month with its limits and signal, for CSV and Excel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import polars as pl

from trappa.model.kpi_catalogue import Kpi
from trappa.model.spc import Chart
from trappa.report.spc_out import ASSURANCE_WORDS, RULE_WORDS, SIGNAL_WORDS, VARIATION_WORDS

COLUMNS = ["Eining", "Nøkkeltal", "Periode", "Verdi", "Senter", "Nedre grense", "Øvre grense", "Signal", "Regel",
           "Variasjon", "Mål", "Måloppnåing"]  # fmt: skip


class TileLike(Protocol):
    @property
    def unit(self) -> str: ...
    @property
    def kpi(self) -> Kpi: ...
    @property
    def chart(self) -> Chart: ...
    @property
    def target(self) -> float | None: ...


def board_rows(tiles: Sequence[TileLike]) -> list[dict[str, Any]]:
    rows = []
    for t in tiles:
        c = t.chart
        for p in c.points:
            rows.append(
                {
                    "Eining": t.unit or "Alle einingane",
                    "Nøkkeltal": t.kpi.nn,
                    "Periode": p.period,
                    "Verdi": round(p.value, 6),
                    "Senter": round(p.centre, 6),
                    "Nedre grense": round(p.lower, 6),
                    "Øvre grense": round(p.upper, 6),
                    "Signal": SIGNAL_WORDS[p.signal],
                    "Regel": ", ".join(RULE_WORDS[r] for r in p.rules),
                    "Variasjon": VARIATION_WORDS[c.variation],
                    "Mål": t.target,
                    "Måloppnåing": ASSURANCE_WORDS.get(c.assurance or "", ""),
                }
            )
    return rows


def _frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    schema = {c: (pl.Float64 if c in ("Verdi", "Senter", "Nedre grense", "Øvre grense", "Mål") else pl.Utf8)
              for c in COLUMNS}  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)


def csv_text(rows: list[dict[str, Any]]) -> str:
    """Semicolon CSV with decimal commas, as Norwegian Excel opens it."""
    from trappa.report.csv_out import to_csv

    return to_csv(_frame(rows), headers=COLUMNS)


def xlsx_bytes(rows: list[dict[str, Any]]) -> bytes:
    from trappa.report.tables_xlsx import frame_workbook

    return frame_workbook({"Måltavle": _frame(rows)}, title="Måltavle")
