"""Vega-Lite charts (built with Altair) for the pages; every chart also has a data table beside it."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

# The colour of today's figures in every chart.
TODAY = "#1f5f8b"


def with_mnok(rows: list[dict[str, Any]], value: str = "net_cost") -> list[dict[str, Any]]:
    """Rows with the value also in millions of kroner (``<value>_mnok``): cost axes read in MNOK."""
    return [{**r, f"{value}_mnok": None if r.get(value) is None else r[value] / 1_000_000} for r in rows]


def bar_chart(
    rows: list[dict], value: str, title: str, axis_title: str, *, label: str = "step_label", decimals: int = 0
) -> dict[str, Any]:
    """A horizontal bar chart per step. Rows without a value (suppressed) are left out of the data."""
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
            x=alt.X(f"{value}:Q", title=axis_title, axis=alt.Axis(format=f",.{decimals}f")),
            tooltip=[
                alt.Tooltip(f"{label}:N", title="Trinn"),
                alt.Tooltip(f"{value}:Q", title=axis_title, format=f",.{decimals}f"),
            ],
        )
        .properties(title=title, width="container", height=alt.Step(22))
        .configure_view(stroke=None)
    )
    return chart.to_dict()


def grouped_chart(rows: list[dict[str, Any]], base: int, end: int, series: list[str]) -> dict[str, Any]:
    """Today, the reference and the scenario side by side per step, in that order and always the same colours."""
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
