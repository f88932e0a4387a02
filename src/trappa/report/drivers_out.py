"""What drives the change (the waterfall) out: a table, the JSON, a workbook and the chart's spec."""

from __future__ import annotations

import json
from typing import Any, Protocol

import polars as pl
from rich import box
from rich.table import Table

from trappa.report.document import rounded
from trappa.report.formatting import format_number

METRIC_WORDS = {"persons": "Personar", "ftes": "Årsverk", "net_cost": "Netto driftsutgifter (MNOK)"}


class StepsFromTo(Protocol):
    """A result per step from a base year to an end year, with the steps' names."""

    @property
    def base_year(self) -> int: ...
    @property
    def to_year(self) -> int: ...
    @property
    def names(self) -> dict[int, str]: ...
    @property
    def table(self) -> pl.DataFrame: ...


class DriversLike(StepsFromTo, Protocol):
    @property
    def scenario_name(self) -> str: ...
    def totals(self) -> pl.DataFrame: ...


def _shown(metric: str, value: float) -> float:
    return value / 1e6 if metric == "net_cost" else value


def document(report: DriversLike) -> dict[str, Any]:
    """``{"scenario", "base_year", "to_year", "drivers": [{"order", "driver", "persons", "ftes", "net_cost",
    "steps": [{"step", "persons", "ftes", "net_cost"}]}]}``: the first is today, the last the scenario in
    the end year, and the ones between are changes that add up to the difference."""
    drivers = []
    for total in report.totals().iter_rows(named=True):
        rows = report.table.filter(pl.col("order") == total["order"])
        drivers.append({
            "order": total["order"], "driver": total["driver"],
            **{m: rounded(total[m], 2) for m in ("persons", "ftes", "net_cost")},
            "steps": [{"step": r["step"], **{m: rounded(r[m], 2) for m in ("persons", "ftes", "net_cost")}}
                      for r in rows.iter_rows(named=True)],
        })  # fmt: skip
    return {"scenario": report.scenario_name, "base_year": report.base_year, "to_year": report.to_year,
            "drivers": drivers}  # fmt: skip


def to_json_text(report: DriversLike) -> str:
    return json.dumps(document(report), ensure_ascii=False, indent=2)


def table(report: DriversLike) -> Table:
    t = Table(title=f"Kva driv endringa frå {report.base_year} til {report.to_year}: {report.scenario_name}",
              header_style="bold", box=box.SIMPLE_HEAD,
              caption="Første rad er i dag, siste er scenarioet; radene mellom er endringar som summerer seg til skilnaden.")  # fmt: skip
    t.add_column("")
    for word in METRIC_WORDS.values():
        t.add_column(word, justify="right")
    totals = report.totals().to_dicts()
    for k, r in enumerate(totals):
        edge = k in (0, len(totals) - 1)
        t.add_row(r["driver"], *(("" if edge else "+" if _shown(m, r[m]) >= 0.05 else "")
                                 + format_number(_shown(m, r[m]), 1) for m in METRIC_WORDS),
                  style="bold" if edge else None)  # fmt: skip
    return t


def rows(report: DriversLike, metric: str = "net_cost") -> list[dict[str, Any]]:
    """The waterfall's bars: each driver's start and end on the way from today to the scenario."""
    out, level = [], 0.0
    totals = report.totals().to_dicts()
    for k, r in enumerate(totals):
        value = _shown(metric, r[metric])
        if k == 0 or k == len(totals) - 1:
            start, end, kind = 0.0, value, "nivå"
            level = value
        else:
            start, end, kind = level, level + value, "auke" if value >= 0 else "nedgang"
            level += value
        out.append({"order": k, "driver": r["driver"], "start": start, "end": end, "change": value, "kind": kind})
    return out


def chart(report: DriversLike, metric: str = "net_cost") -> dict[str, Any]:
    import altair as alt  # imported when a chart is made: a command without charts starts faster

    data = rows(report, metric)
    title = f"{METRIC_WORDS[metric]}: frå {report.base_year} til {report.to_year}"
    bars = alt.Chart(alt.Data(values=data)).mark_bar().encode(
        x=alt.X("driver:N", sort=alt.EncodingSortField(field="order", order="ascending"), title=None,
                axis=alt.Axis(labelAngle=-30, labelLimit=220)),
        y=alt.Y("start:Q", title=METRIC_WORDS[metric], axis=alt.Axis(format=",.1f")),
        y2="end:Q",
        color=alt.Color("kind:N", scale=alt.Scale(domain=["nivå", "auke", "nedgang"],
                                                  range=["#1f4e79", "#b45309", "#2e7d32"]), title=None),
        tooltip=[alt.Tooltip("driver:N", title="Drivar"), alt.Tooltip("change:Q", title="Endring", format=",.1f")],
    )  # fmt: skip
    return bars.properties(title=title, width="container", height=260).to_dict()


def xlsx_bytes(report: DriversLike) -> bytes:
    from trappa.report.tables_xlsx import frame_workbook

    totals = report.totals().select("driver", *(pl.col(m).alias(w) for m, w in METRIC_WORDS.items()))
    totals = totals.with_columns(pl.col(METRIC_WORDS["net_cost"]) / 1e6)
    steps = report.table.with_columns(
        pl.col("step").replace_strict(report.names, default=None, return_dtype=pl.Utf8).alias("trinn"),
        (pl.col("net_cost") / 1e6),
    ).select("driver", "trinn", *(pl.col(m).alias(w) for m, w in METRIC_WORDS.items()))
    title = f"Kva driv endringa frå {report.base_year} til {report.to_year}: {report.scenario_name}"
    return frame_workbook({"Drivarar": totals, "Per trinn": steps}, title=title)
