"""Key figures out: the documented JSON and a terminal table with names from the catalogue."""

from __future__ import annotations

import json
from typing import Any, Protocol

from rich import box
from rich.table import Table

from trappa.model.kpi_catalogue import BY_CODE, KPIS
from trappa.report.document import rounded
from trappa.report.formatting import format_number

PERCENT = {k.code for k in KPIS if k.unit == "%"}  # shares, kept as 0–1 and shown as 12,5 %


class KpiReportLike(Protocol):
    @property
    def period(self) -> str: ...
    @property
    def units(self) -> list[tuple[str, dict[str, float | None]]]: ...
    @property
    def total(self) -> dict[str, float | None]: ...


def document(report: KpiReportLike) -> dict[str, Any]:
    """``{"period", "units": [{"unit", "kpis": {code: value}}], "total": {code: value}}``."""

    def clean(values: dict[str, float | None]) -> dict[str, Any]:
        return {code: rounded(v, 6) for code, v in values.items()}

    return {
        "period": report.period,
        "units": [{"unit": name, "kpis": clean(values)} for name, values in report.units],
        "total": clean(report.total),
    }


def to_json_text(report: KpiReportLike) -> str:
    return json.dumps(document(report), ensure_ascii=False, indent=2)


def shown(code: str, value: float | None, language: str = "nn") -> str:
    if value is None:
        return ""
    if code in PERCENT:
        return format_number(value * 100, 1, language) + " %"
    unit = BY_CODE[code].unit if code in BY_CODE else ""
    return format_number(value, 0 if unit == "kr" else 2, language)


# The figures the terminal table shows; JSON has every KPI of the chain.
TABLE_KPIS = (
    "gross_ftes",
    "cost_per_gross_fte",
    "staff_cost_per_decided_hour",
    "ftes_per_user",
    "overtime_share",
    "sickness_absence",
    "wage_cost",
)


def table(report: KpiReportLike) -> Table:
    """A row per unit and one for all units, with the main figures (every figure is in the JSON)."""
    t = Table(title=f"Nøkkeltal {report.period}", header_style="bold", box=box.SIMPLE_HEAD)
    t.add_column("Eining")
    for code in TABLE_KPIS:
        t.add_column(BY_CODE[code].nn, justify="right")
    for name, values in report.units:
        t.add_row(name, *(shown(code, values.get(code)) for code in TABLE_KPIS))
    if report.total:
        t.add_section()
        t.add_row("Alle einingane", *(shown(code, report.total.get(code)) for code in TABLE_KPIS), style="bold")
    t.caption = "Kostnad per årsverk er per år, også for ein månad. Alle nøkkeltala: --format json eller xlsx."
    return t


def staircase_table(report: KpiReportLike) -> Table | None:
    """The sector's staircase figures (trappetal) of the period, when the report has the total."""
    codes = [k.code for k in KPIS if k.scope == "sector"]
    if not report.total or all(report.total.get(c) is None for c in codes):
        return None
    t = Table(title=f"Trappetal {report.period}, alle einingane", header_style="bold", box=box.SIMPLE_HEAD)
    t.add_column("Trappetal")
    t.add_column("Verdi", justify="right")
    for code in codes:
        unit = BY_CODE[code].unit
        value = shown(code, report.total.get(code))
        t.add_row(BY_CODE[code].nn, f"{value} {unit}" if value and unit not in ("%", "") else value)
    return t


def xlsx_bytes(report: KpiReportLike) -> bytes:
    """A row per unit and one for all units, a column per KPI named as in the catalogue."""
    import polars as pl

    from trappa.report.tables_xlsx import frame_workbook

    rows = [
        {"Eining": name, **{BY_CODE[c].nn: v for c, v in values.items()}}
        for name, values in [*report.units, *([("Alle einingane", report.total)] if report.total else [])]
    ]
    return frame_workbook(
        {f"Nøkkeltal {report.period}": pl.DataFrame(rows)},
        title=f"Nøkkeltal {report.period}",
        percent={BY_CODE[c].nn for c in PERCENT},
    )
