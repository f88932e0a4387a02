"""An SPC chart out: the documented JSON (docs/spc.md) and a terminal table."""

from __future__ import annotations

import json
from typing import Any, Protocol

from rich import box
from rich.table import Table

from trappa.model.spc import Chart
from trappa.report import charts
from trappa.report.charts import spc_chart
from trappa.report.document import rounded
from trappa.report.formatting import format_number

SIGNAL_WORDS = {"none": "", "improvement": "forbetring", "concern": "uro", "neither": "særskild variasjon"}
RULE_WORDS = {
    "beyond_limits": "utanfor grensene",
    "trend": "7 på rad opp eller ned",
    "two_of_three": "2 av 3 nær grensa",
    "shift": "7 på rad på same side",
}
VARIATION_WORDS = {
    "common_cause": "vanleg variasjon",
    "improvement": "særskild variasjon: forbetring",
    "concern": "særskild variasjon: uro",
    "neither": "særskild variasjon",
}
ASSURANCE_WORDS = {"pass": "når målet kvar gong", "fail": "når ikkje målet", "hit_or_miss": "når målet av og til"}


class SpcReportLike(Protocol):
    @property
    def source(self) -> str: ...
    @property
    def chart(self) -> Chart: ...
    @property
    def rebases(self) -> list[tuple[str, str]]: ...


def document(report: SpcReportLike) -> dict[str, Any]:
    c = report.chart
    return {
        "points": [
            {
                "period": p.period,
                "value": rounded(p.value, 10),
                "centre": rounded(p.centre, 10),
                "lower": rounded(p.lower, 10),
                "upper": rounded(p.upper, 10),
                "signal": p.signal,
                "rules": list(p.rules),
            }
            for p in c.points
        ],
        "variation": c.variation,
        "assurance": c.assurance,
        "trial_limits": c.trial_limits,
        "baseline_points": c.baseline_points,
        "rebases": [{"period": period, "reason": reason} for period, reason in report.rebases],
    }


def to_json_text(report: SpcReportLike) -> str:
    return json.dumps(document(report), ensure_ascii=False, indent=2)


def table(report: SpcReportLike) -> Table:
    c = report.chart
    t = Table(title=f"SPC: {report.source}", header_style="bold", box=box.SIMPLE_HEAD)
    for name, justify in (("Periode", "left"), ("Verdi", "right"), ("Senter", "right"), ("Nedre", "right"),
                          ("Øvre", "right"), ("Signal", "left"), ("Regel", "left")):  # fmt: skip
        t.add_column(name, justify=justify)  # type: ignore[arg-type]
    reasons = dict(report.rebases)
    for p in c.points:
        if p.period in reasons:
            t.add_row(f"[bold]nytt utgangspunkt: {reasons[p.period]}[/]", "", "", "", "", "", "")
        t.add_row(
            p.period,
            format_number(p.value, 2),
            format_number(p.centre, 2),
            format_number(p.lower, 2),
            format_number(p.upper, 2),
            SIGNAL_WORDS[p.signal],
            ", ".join(RULE_WORDS[r] for r in p.rules),
        )
    words = [VARIATION_WORDS[c.variation]]
    if c.assurance:
        words.append(ASSURANCE_WORDS[c.assurance])
    if c.trial_limits:
        words.append(f"prøvegrenser: færre enn 12 punkt ({c.baseline_points})")
    t.caption = "; ".join(words).capitalize()
    return t


def vega_spec(
    report: SpcReportLike,
    target: float | None = None,
    marks: list[tuple[str, str]] | None = None,
    *,
    percent: bool = False,
) -> dict[str, Any]:
    """The chart's Vega-Lite spec; re-bases and ``marks`` (period, label: the measures) as vertical lines."""
    labelled = [(period, f"Nytt utgangspunkt: {reason}") for period, reason in report.rebases] + list(marks or [])
    return spc_chart(
        document(report)["points"], f"SPC: {report.source}", target=target, marks=labelled, percent=percent
    )


def to_svg(spec: dict[str, Any]) -> str:
    """A chart's spec as SVG, drawn on the server (vl-convert): for reports and for anyone without JavaScript."""
    return charts.to_svg(spec)


def xlsx_bytes(report: SpcReportLike) -> bytes:
    """The chart's data as a workbook: a row per point with its limits, signal and rules in words."""
    import polars as pl

    from trappa.report.tables_xlsx import frame_workbook

    rows = [
        {
            "Periode": p["period"],
            "Verdi": p["value"],
            "Senter": p["centre"],
            "Nedre grense": p["lower"],
            "Øvre grense": p["upper"],
            "Signal": SIGNAL_WORDS[p["signal"]],
            "Regel": ", ".join(RULE_WORDS[r] for r in p["rules"]),
        }
        for p in document(report)["points"]
    ]
    return frame_workbook({"SPC": pl.DataFrame(rows)}, title=f"SPC: {report.source}")
