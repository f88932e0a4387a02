"""Vega-Lite charts (built with Altair) for the pages; every chart also has a data table beside it."""

from __future__ import annotations

from typing import Any

import polars as pl

# The colour of today's figures in every chart.
TODAY = "#1f5f8b"


# Norwegian number format for charts drawn on the server: 1 234 567, decimal comma, 12,5 %.
# web/static/charts.js gives the browser the same.
NORWEGIAN_FORMAT = {
    "decimal": ",",
    "thousands": "\u00a0",
    "grouping": [3],
    "currency": ["", "\u00a0kr"],
    "percent": "\u00a0%",
}


def with_mnok(rows: list[dict[str, Any]], value: str = "net_cost") -> list[dict[str, Any]]:
    """Rows with the value also in millions of kroner (``<value>_mnok``): cost axes read in MNOK."""
    return [{**r, f"{value}_mnok": None if r.get(value) is None else r[value] / 1_000_000} for r in rows]


def bar_chart(
    rows: list[dict],
    value: str,
    title: str,
    axis_title: str,
    *,
    label: str = "step_label",
    decimals: int = 0,
    label_title: str = "Trinn",
) -> dict[str, Any]:
    """A horizontal bar chart per step. Rows without a value (suppressed) are left out of the data."""
    import altair as alt  # imported when a chart is made: a command without charts starts faster

    data = pl.DataFrame([r for r in rows if r.get(value) is not None]).select(label, value, "step")
    chart = (
        alt.Chart(alt.Data(values=data.to_dicts()))
        .mark_bar(color=TODAY)
        .encode(
            y=alt.Y(
                f"{label}:N",
                sort=alt.EncodingSortField(field="step", order="ascending"),
                title=None,
                axis=alt.Axis(labelLimit=260),
            ),
            # a label near either end lines up inside the chart (1 500 000 at the edge was cut to «1 500 00»)
            # and whole numbers get whole ticks (a chart up to 5 persons labelled 0 1 1 2 2 3 3 …)
            x=alt.X(
                f"{value}:Q",
                title=axis_title,
                axis=alt.Axis(format=f",.{decimals}f", labelFlush=40, tickMinStep=10**-decimals),
            ),
            tooltip=[
                alt.Tooltip(f"{label}:N", title=label_title),
                alt.Tooltip(f"{value}:Q", title=axis_title, format=f",.{decimals}f"),
            ],
        )
        .properties(title=title, width="container", height=alt.Step(22))
        .configure_view(stroke=None)
    )
    return chart.to_dict()


def grouped_chart(rows: list[dict[str, Any]], base: int, end: int, series: list[str]) -> dict[str, Any]:
    """Today, the reference and the scenario side by side per step, in that order and always the same colours."""
    import altair as alt  # imported when a chart is made: a command without charts starts faster

    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y(
                "step_label:N",
                sort=alt.EncodingSortField(field="step", order="ascending"),
                title=None,
                axis=alt.Axis(labelLimit=260),
            ),
            yOffset=alt.YOffset("series:N", sort=series),
            x=alt.X("persons:Q", title="Personar", axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "series:N",
                title=None,
                legend=alt.Legend(orient="top"),
                # «I dag» has the same colour as the bars of every other chart; alternativ 0 grey; the scenario orange.
                scale=alt.Scale(range=[TODAY, "#6e6e6e", "#b34700"]),
            ),
            tooltip=["step_label:N", "series:N", alt.Tooltip("persons:Q", format=",.0f")],
        )
        .properties(title=f"Trappa i dag ({base}) og i {end}: personar per trinn", width="container")
    )
    return chart.to_dict()


# SPC points: the signal by colour *and* shape, never colour alone (Making Data Count's colours).
SIGNAL_STYLE = {
    "none": ("Vanleg variasjon", "#6e6e6e", "circle"),
    "improvement": ("Forbetring", "#1f5f8b", "triangle-up"),
    "concern": ("Uro", "#b34700", "triangle-down"),
    "neither": ("Særskild variasjon", "#6a3d9a", "diamond"),
}


def spc_chart(
    points: list[dict[str, Any]],
    title: str,
    *,
    target: float | None = None,
    marks: list[tuple[str, str]] | None = None,
    percent: bool = False,
) -> dict[str, Any]:
    """An SPC chart: the values, the centre line, the limits (solid) and 2-sigma lines (dashed), a target.

    ``points`` have period, value, centre, lower, upper and signal (the JSON of docs/spc.md).
    """
    import altair as alt  # imported when a chart is made: a command without charts starts faster

    rows = []
    segment, previous = 0, None
    for p in points:
        label, _colour, _shape = SIGNAL_STYLE[p["signal"]]
        c, lo, up = p["centre"], p["lower"], p["upper"]
        if previous is not None and c != previous:  # a re-base: the limit lines break here
            segment += 1
        previous = c
        rows.append(
            {**p, "signal_label": label, "segment": segment, "near_lower": c - 2 * (c - lo) / 3,
             "near_upper": c + 2 * (up - c) / 3}
        )  # fmt: skip
    base = alt.Chart(alt.Data(values=rows)).encode(x=alt.X("period:O", title=None, axis=alt.Axis(labelAngle=-45)))
    labels = [SIGNAL_STYLE[s][0] for s in SIGNAL_STYLE]
    layers = [
        base.mark_line(color="#333333", strokeWidth=1).encode(
            y=alt.Y(
                "centre:Q",
                title=None,
                scale=alt.Scale(zero=False),
                axis=alt.Axis(format=".1%") if percent else alt.Undefined,  # shares read as 12,5 %
            ),
            detail="segment:N",
        ),
        base.mark_line(color="#7a7a7a", strokeWidth=1).encode(y="lower:Q", detail="segment:N"),
        base.mark_line(color="#7a7a7a", strokeWidth=1).encode(y="upper:Q", detail="segment:N"),
        base.mark_line(color="#7a7a7a", strokeWidth=1, strokeDash=[4, 4]).encode(y="near_lower:Q", detail="segment:N"),
        base.mark_line(color="#7a7a7a", strokeWidth=1, strokeDash=[4, 4]).encode(y="near_upper:Q", detail="segment:N"),
        base.mark_line(color="#9a9a9a").encode(y="value:Q"),
        base.mark_point(filled=True, size=70).encode(
            y="value:Q",
            color=alt.Color(
                "signal_label:N",
                title=None,
                legend=alt.Legend(orient="top"),
                scale=alt.Scale(domain=labels, range=[SIGNAL_STYLE[s][1] for s in SIGNAL_STYLE]),
            ),
            shape=alt.Shape(
                "signal_label:N", scale=alt.Scale(domain=labels, range=[SIGNAL_STYLE[s][2] for s in SIGNAL_STYLE])
            ),
            tooltip=["period:O", "value:Q", "centre:Q", "lower:Q", "upper:Q", "signal_label:N"],
        ),
    ]
    if target is not None:
        layers.append(
            alt.Chart(alt.Data(values=[{"target": target}]))
            .mark_rule(color="#b34700", strokeDash=[8, 4])
            .encode(y="target:Q")
        )
    periods = {p["period"] for p in points}
    shown_marks = [{"period": period, "label": label} for period, label in marks or [] if period in periods]
    if shown_marks:  # measures and re-bases: a labelled vertical line at their month
        rule = alt.Chart(alt.Data(values=shown_marks)).encode(x="period:O")
        layers.append(rule.mark_rule(color="#1f4e79", strokeDash=[2, 3]).encode(tooltip=["label:N"]))
        layers.append(rule.mark_text(align="left", dx=3, dy=-140, fontSize=10, color="#1f4e79").encode(text="label:N"))
    return alt.layer(*layers).properties(title=title, width=640, height=300).to_dict()


def to_svg(spec: dict[str, Any], width: int = 820) -> str:
    """A chart's spec as SVG, drawn on the server (vl-convert): for reports and for anyone without JavaScript.

    A spec as wide as its container gets a fixed ``width``: on the server there is no container.
    """
    import vl_convert

    fixed = {**spec, "width": width} if spec.get("width") == "container" else spec
    return str(vl_convert.vegalite_to_svg(fixed, format_locale=NORWEGIAN_FORMAT))


def message_svg(text: str, width: int = 820) -> str:
    """A picture that says why there is no chart (for an <img> that would have shown one)."""
    from html import escape

    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40" role="img">'
            f'<text x="8" y="24" font-family="sans-serif" font-size="14">{escape(text)}</text></svg>')  # fmt: skip
