"""The staffing-pattern comparison out: a terminal table, the JSON and a workbook, with names people use."""

from __future__ import annotations

import json
from typing import Any

from rich import box
from rich.table import Table

from trappa.model.staffing import PatternResult
from trappa.report.formatting import format_number

# field → (what people call it, decimals); the order is the order of the rows
ROWS: dict[str, tuple[str, int]] = {
    "paid_hours_per_night": ("Betalte timar per natt", 2),
    "paid_night_hours_per_year": ("Betalte nattetimar per år", 0),
    "paid_day_hours_per_year": ("Betalte timar på dag-, kvelds- og langvakter per år", 0),
    "paid_hours_per_year": ("Betalte timar per år", 0),
    "overtime_hours_per_year": ("Overtidstimar per år (vekt på sovande natt)", 0),
    "gross_ftes": ("Brutto årsverk", 2),
    "employees": ("Tilsette (etter snitt stillingsstorleik)", 1),
    "wage_cost": ("Lønskostnad for årsverka (kr)", 0),
    "night_supplement": ("Nattillegg (kr)", 0),
    "sunday_supplement": ("Sundagstillegg (kr)", 0),
    "holiday_supplement": ("Heilagdagstillegg (kr)", 0),
    "rota_supplement": ("Tillegg for heildøgnsturnus (kr)", 0),
    "overtime_supplement": ("Overtidstillegg (kr)", 0),
    "cost_per_year": ("Kostnad per år (kr)", 0),
    "difference": ("Skilnad mot første mønster (kr)", 0),
}


def document(results: list[PatternResult]) -> dict[str, Any]:
    """``{"patterns": [{"name", <every field of ROWS>}]}``, rounded to two decimals."""
    return {"patterns": [{k: (round(v, 2) if isinstance(v, float) else v) for k, v in r.model_dump().items()}
                         for r in results]}  # fmt: skip


def to_json_text(results: list[PatternResult]) -> str:
    return json.dumps(document(results), ensure_ascii=False, indent=2)


def table(results: list[PatternResult]) -> Table:
    t = Table(title="Bemanningsmønster side om side", header_style="bold", box=box.SIMPLE_HEAD)
    t.add_column("")
    for r in results:
        t.add_column(r.name, justify="right")
    for field, (label, decimals) in ROWS.items():
        t.add_row(label, *(format_number(getattr(r, field), decimals) for r in results),
                  style="bold" if field in ("cost_per_year", "difference") else None)  # fmt: skip
    t.caption = "Vaken natt: kvar time betalt. Sovande natt: kvar tredje time, pluss timane ein vert vekt, som overtid."
    return t


def xlsx_bytes(results: list[PatternResult], title: str = "Bemanningsmønster") -> bytes:
    import polars as pl

    from trappa.report.tables_xlsx import frame_workbook

    rows = [{"": label, **{r.name: getattr(r, field) for r in results}} for field, (label, _d) in ROWS.items()]
    return frame_workbook({"Bemanningsmønster": pl.DataFrame(rows)}, title=title)
