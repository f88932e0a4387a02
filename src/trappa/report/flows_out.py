"""Flows between steps out: the matrix as a table, the JSON, a workbook and the chart's spec."""

from __future__ import annotations

import json
from typing import Any, Protocol

import polars as pl
from rich import box
from rich.table import Table

from trappa.report.document import rounded
from trappa.report.drivers_out import StepsFromTo
from trappa.report.formatting import format_number


class FlowLike(Protocol):
    @property
    def first(self) -> Any: ...
    @property
    def second(self) -> Any: ...
    @property
    def names(self) -> dict[int, str]: ...
    @property
    def flows(self) -> pl.DataFrame: ...
    @property
    def stock(self) -> pl.DataFrame: ...
    @property
    def stays(self) -> pl.DataFrame: ...


def document(report: FlowLike) -> dict[str, Any]:
    """``{"first", "second", "flows": [{"from_step", "to_step", "persons"}], "steps": [{"step", "name",
    "before", "came", "went", "after", "ended", "median_days", "mean_days"}]}``; step 0 is outside."""
    stays = {r["step"]: r for r in report.stays.iter_rows(named=True)}
    return {
        "first": report.first.isoformat(),
        "second": report.second.isoformat(),
        "flows": report.flows.to_dicts(),
        "steps": [
            {**r, "name": report.names.get(r["step"], str(r["step"])),
             "ended": stays.get(r["step"], {}).get("ended", 0),
             "median_days": rounded(stays.get(r["step"], {}).get("median_days")),
             "mean_days": rounded(stays.get(r["step"], {}).get("mean_days"))}
            for r in report.stock.iter_rows(named=True)
        ],
    }  # fmt: skip


def to_json_text(report: FlowLike) -> str:
    return json.dumps(document(report), ensure_ascii=False, indent=2)


def matrix(report: FlowLike) -> tuple[list[int], dict[tuple[int, int], int]]:
    """The steps in order (outside first) and the persons of each (from, to) pair."""
    order = sorted({*report.flows["from_step"].to_list(), *report.flows["to_step"].to_list()})
    cells = {(r["from_step"], r["to_step"]): r["persons"] for r in report.flows.iter_rows(named=True)}
    return order, cells


def table(report: FlowLike) -> list[Table]:
    title = f"Flyt i trappa frå {report.first:%d.%m.%Y} til {report.second:%d.%m.%Y}"
    t = Table(title=title, header_style="bold", box=box.SIMPLE_HEAD,
              caption="Kvar person står på det høgaste trinnet dei har vedtak på den dagen.")  # fmt: skip
    for name, justify in (("Trinn", "left"), ("Før", "right"), ("Kom til", "right"), ("Gjekk", "right"),
                          ("Etter", "right"), ("Avslutta opphald", "right"), ("Median dagar", "right")):  # fmt: skip
        t.add_column(name, justify=justify)  # type: ignore[arg-type]
    stays = {r["step"]: r for r in report.stays.iter_rows(named=True)}
    for r in report.stock.iter_rows(named=True):
        s = stays.get(r["step"], {})
        t.add_row(report.names.get(r["step"], str(r["step"])), *(format_number(r[k]) for k in ("before", "came", "went",
                  "after")), format_number(s.get("ended", 0)), format_number(s.get("median_days")))  # fmt: skip
    order, cells = matrix(report)
    m = Table(title="Frå (rad) til (kolonne), personar", header_style="bold", box=box.SIMPLE_HEAD)
    m.add_column("Frå")
    for step in order:
        m.add_column("Utanfor" if step == 0 else str(step), justify="right")
    for a in order:
        m.add_row(report.names.get(a, str(a)), *(format_number(cells.get((a, b), 0)) if cells.get((a, b)) else ""
                                                 for b in order))  # fmt: skip
    return [t, m]


def xlsx_bytes(report: FlowLike) -> bytes:
    from trappa.report.tables_xlsx import frame_workbook

    order, cells = matrix(report)
    label = {s: report.names.get(s, str(s)) for s in order}
    grid = pl.DataFrame([{"Frå": label[a], **{label[b]: cells.get((a, b), 0) for b in order}} for a in order])
    stock = report.stock.with_columns(pl.col("step").replace_strict(label, default=None, return_dtype=pl.Utf8))
    title = f"Flyt i trappa frå {report.first:%d.%m.%Y} til {report.second:%d.%m.%Y}"
    return frame_workbook({"Flyt": grid, "Per trinn": stock}, title=title)


def chart(report: FlowLike) -> dict[str, Any]:
    """The matrix as a heat map: from step (rows) to step (columns), darker for more persons."""
    import altair as alt  # imported when a chart is made: a command without charts starts faster

    rows = [{"Frå": report.names.get(r["from_step"], str(r["from_step"])),
             "Til": report.names.get(r["to_step"], str(r["to_step"])), "Personar": r["persons"],
             "from_order": r["from_step"], "to_order": r["to_step"]}
            for r in report.flows.iter_rows(named=True)]  # fmt: skip
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("Frå:N", sort=alt.EncodingSortField(field="from_order", order="ascending"), title="Frå",
                axis=alt.Axis(labelLimit=260)),
        x=alt.X("Til:N", sort=alt.EncodingSortField(field="to_order", order="ascending"), title="Til",
                axis=alt.Axis(labelLimit=160, labelAngle=-40)),
    )  # fmt: skip
    cells = base.mark_rect().encode(
        color=alt.Color("Personar:Q", scale=alt.Scale(scheme="blues", type="sqrt"), title="Personar"),
        tooltip=["Frå:N", "Til:N", alt.Tooltip("Personar:Q", format=",.0f")],
    )
    text = base.mark_text(fontSize=10).encode(text=alt.Text("Personar:Q", format=",.0f"))
    title = f"Flyt i trappa frå {report.first:%d.%m.%Y} til {report.second:%d.%m.%Y}"
    return (cells + text).properties(title=title, width="container", height=alt.Step(24)).to_dict()


class FlowOutlookLike(StepsFromTo, Protocol):
    @property
    def changes(self) -> list[Any]: ...


def outlook_document(report: FlowOutlookLike) -> dict[str, Any]:
    """``{"base_year", "to_year", "changes": [...], "steps": [{"step", "name", "today", "unchanged", "changed",
    "rate_growth", "flow_growth"}]}``: persons at the end of the year by the flows, unchanged and changed,
    and the growth the rate projection gives the step, to check the two against each other."""
    return {
        "base_year": report.base_year,
        "to_year": report.to_year,
        "changes": [c.model_dump() for c in report.changes],
        "steps": [{**{k: rounded(v, 4) if isinstance(v, float) else v for k, v in r.items()},
                   "name": report.names.get(r["step"], str(r["step"]))} for r in report.table.iter_rows(named=True)],
    }  # fmt: skip


def outlook_table(report: FlowOutlookLike) -> Table:
    t = Table(title=f"Flytmodellen: personar på trinna ved utgangen av {report.to_year}", header_style="bold",
              box=box.SIMPLE_HEAD,
              caption="Kontroll: med uendra flyt bør veksten likne veksten i dekningsgradsframskrivinga.")  # fmt: skip
    for name, justify in (("Trinn", "left"), (f"I dag ({report.base_year})", "right"), ("Uendra flyt", "right"),
                          ("Med endringane", "right"), ("Vekst, flyt", "right"), ("Vekst, dekningsgrad", "right")):  # fmt: skip
        t.add_column(name, justify=justify)  # type: ignore[arg-type]
    for r in report.table.iter_rows(named=True):
        t.add_row(report.names.get(r["step"], str(r["step"])), format_number(r["today"]), format_number(r["unchanged"]),
                  format_number(r["changed"]), format_number(r["flow_growth"], 2), format_number(r["rate_growth"], 2))  # fmt: skip
    return t
