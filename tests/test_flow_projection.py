"""The staircase projected by its flows, and scenarios stated as changed flows."""

from __future__ import annotations

import polars as pl
import pytest

from trappa.model.flow_projection import FlowChange, changed, project_flows, shares

# A year: 100 on step 6 (70 stay, 10 to 12, 20 leave), 50 on 12 (35 stay, 15 leave); 30 enter 6, 5 enter 12.
FLOW = pl.DataFrame(
    {"from_step": [6, 6, 6, 12, 12, 0, 0], "to_step": [6, 12, 0, 12, 0, 6, 12],
     "persons": [70, 10, 20, 35, 15, 30, 5]}
)  # fmt: skip
STOCK = {6: 100.0, 12: 50.0}  # at the end of the base year (the steady state of these flows)


def test_unchanged_flows_in_a_steady_state_hold_the_stock():
    table = project_flows(FLOW, STOCK, {}, 2023, 2030)
    end = dict(table.filter(pl.col("year") == 2030).select("step", "persons").iter_rows())
    assert end[6] == pytest.approx(100) and end[12] == pytest.approx(50)  # 70 + 30 = 100; 35 + 10 + 5 = 50


def test_fewer_moves_from_6_to_12_keep_them_on_6():
    cut = [FlowChange(from_step=6, to_step=12, change_percent=-50, from_year=2024, to_year=2024)]
    row = changed(shares(FLOW), cut, 2024)[6]
    assert row[12] == pytest.approx(0.05) and row[6] == pytest.approx(0.75) and sum(row.values()) == pytest.approx(1)
    table = project_flows(FLOW, STOCK, {}, 2023, 2024, cut)
    year = dict(table.filter(pl.col("year") == 2024).select("step", "persons").iter_rows())
    assert year[6] == pytest.approx(75 + 30) and year[12] == pytest.approx(35 + 5 + 5)


def test_entries_grow_with_the_demand_of_the_step():
    growth = {(6, 2024): 1.5, (12, 2024): 1.0}
    year = dict(project_flows(FLOW, STOCK, growth, 2023, 2024).filter(pl.col("year") == 2024)
                .select("step", "persons").iter_rows())  # fmt: skip
    assert year[6] == pytest.approx(70 + 30 * 1.5)


def test_a_flow_scenario_from_the_terminal_beside_the_unchanged_flows_and_the_rates(demo_home):
    import json

    from .test_cli import run

    doc = json.loads(run(demo_home, "flows", "--project-to", "2035", "--change", "6:12=-50", "--phase", "2025-2028",
                         "--format", "json").stdout)  # fmt: skip
    assert doc["changes"][0]["from_step"] == 6 and doc["changes"][0]["to_step"] == 12
    steps = {s["step"]: s for s in doc["steps"]}
    assert steps[12]["changed"] < steps[12]["unchanged"] and steps[6]["changed"] > steps[6]["unchanged"]
    assert all(s["rate_growth"] is not None for s in doc["steps"])  # the check against the rate projection
    assert "FRÅ:TIL=PROSENT" in run(demo_home, "flows", "--project-to", "2035", "--change", "6-12", code=2).stderr
