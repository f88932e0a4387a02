"""Coverage out: a terminal table, the documented JSON and a workbook, each naming the counting method."""

from __future__ import annotations

import json
from typing import Any, Protocol

import polars as pl
from rich import box
from rich.table import Table

from trappa.report.document import rounded
from trappa.report.formatting import format_number

GROUP_WORDS = {"step": "Trinn", "category": "Kategori", "user_group": "Brukargruppe"}


class CoverageLike(Protocol):
    @property
    def year(self) -> int: ...
    @property
    def population_year(self) -> int: ...
    @property
    def by(self) -> str: ...
    @property
    def method(self) -> str: ...
    @property
    def names(self) -> dict[str, str]: ...
    @property
    def table(self) -> pl.DataFrame: ...
    @property
    def census(self) -> Any: ...


def document(report: CoverageLike) -> dict[str, Any]:
    """``{"method", "year", "census_date", "population_year", "by", "rows": [{"group", "name", "band",
    "persons", "inhabitants", "rate", "rate_low", "rate_high"}]}``; rates per inhabitant (0–1)."""
    return {
        "method": report.method,
        "year": report.year,
        "census_date": report.census.isoformat() if report.census else None,
        "population_year": report.population_year,
        "by": report.by,
        "rows": [
            {"group": str(r["group"]), "name": report.names.get(str(r["group"]), str(r["group"])), "band": r["band"],
             "persons": r["persons"], "inhabitants": rounded(r["inhabitants"]), "rate": rounded(r["rate"]),
             "rate_low": rounded(r["rate_low"]), "rate_high": rounded(r["rate_high"])}
            for r in report.table.iter_rows(named=True)
        ],
    }  # fmt: skip


def to_json_text(report: CoverageLike) -> str:
    return json.dumps(document(report), ensure_ascii=False, indent=2)


def _percent(value: float | None) -> str:
    return "" if value is None else format_number(value * 100, 1) + " %"


def table(report: CoverageLike) -> Table:
    t = Table(title=f"Dekningsgrad {report.year}", header_style="bold", box=box.SIMPLE_HEAD, caption=report.method)
    for name, justify in ((GROUP_WORDS[report.by], "left"), ("Alder", "left"), ("Personar", "right"),
                          ("Innbyggjarar", "right"), ("Dekningsgrad", "right"), ("95 %-intervall", "right")):  # fmt: skip
        t.add_column(name, justify=justify)  # type: ignore[arg-type]
    for r in report.table.iter_rows(named=True):
        t.add_row(report.names.get(str(r["group"]), str(r["group"])), r["band"], format_number(r["persons"]),
                  format_number(r["inhabitants"]), _percent(r["rate"]),
                  f"{_percent(r['rate_low'])}–{_percent(r['rate_high'])}" if r["rate"] is not None else "",
                  style="bold" if r["band"] == "alle" else None)  # fmt: skip
    return t


def xlsx_bytes(report: CoverageLike) -> bytes:
    from trappa.report.tables_xlsx import frame_workbook

    rows = [{GROUP_WORDS[report.by]: report.names.get(str(r["group"]), str(r["group"])), "Alder": r["band"],
             "Personar": r["persons"], "Innbyggjarar": r["inhabitants"], "Dekningsgrad": r["rate"],
             "Nedre grense": r["rate_low"], "Øvre grense": r["rate_high"]}
            for r in report.table.iter_rows(named=True)]  # fmt: skip
    title = f"Dekningsgrad {report.year}. {report.method}"
    return frame_workbook({"Dekningsgrad": pl.DataFrame(rows)}, title=title,
                          percent={"Dekningsgrad", "Nedre grense", "Øvre grense"})  # fmt: skip
