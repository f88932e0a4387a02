"""Key figures out: the documented JSON and a terminal table with names from the catalogue."""

from __future__ import annotations

import json
from typing import Any, Protocol

from rich import box
from rich.table import Table

from trappa.model.kpi_catalogue import BY_CODE
from trappa.report.document import rounded
from trappa.report.formatting import format_number

PERCENT = {"overtime_share", "variable_pay_share", "sickness_absence"}


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


def table(report: KpiReportLike) -> Table:
    t = Table(title=f"Nøkkeltal {report.period}", header_style="bold", box=box.SIMPLE_HEAD)
    t.add_column("Nøkkeltal")
    for name, _values in report.units:
        t.add_column(name, justify="right")
    t.add_column("Alle einingane", justify="right")
    for code in report.total:
        label = BY_CODE[code].nn if code in BY_CODE else code
        t.add_row(
            label, *(shown(code, values.get(code)) for _n, values in report.units), shown(code, report.total[code])
        )
    return t
