"""Flows between steps from the decision history: hand-made moves, and the stock identity on the demo."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from trappa.model.flows import OUTSIDE, flows, length_of_stay, positions, spells, stock_changes

FIRST, SECOND = date(2022, 12, 31), date(2023, 12, 31)


def _decisions(rows: list[tuple[str, int, date, date | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"person_key": pl.Utf8, "step": pl.Int64, "start_date": pl.Date,
                                      "end_date": pl.Date}, orient="row")  # fmt: skip


def test_moves_entries_exits_and_the_highest_step_of_a_day():
    d = _decisions([
        ("a", 6, date(2022, 1, 1), date(2023, 5, 31)),  # home care, then a nursing home
        ("a", 12, date(2023, 6, 1), None),
        ("b", 6, date(2022, 1, 1), None),  # stays on 6, with 5 beside it on the first day
        ("b", 5, date(2022, 6, 1), date(2023, 1, 31)),
        ("c", 11, date(2023, 3, 1), None),  # enters in the year
        ("d", 12, date(2021, 1, 1), date(2023, 2, 1)),  # leaves in the year
        ("e", 4, date(2023, 1, 1), date(2023, 2, 1)),  # in and out between the dates: not a flow
    ])  # fmt: skip
    assert dict(positions(d, FIRST).sort("person_key").iter_rows()) == {"a": 6, "b": 6, "d": 12}
    got = {(r["from_step"], r["to_step"]): r["persons"] for r in flows(d, FIRST, SECOND).iter_rows(named=True)}
    assert got == {(6, 12): 1, (6, 6): 1, (OUTSIDE, 11): 1, (12, OUTSIDE): 1}
    stock = {r["step"]: r for r in stock_changes(flows(d, FIRST, SECOND)).iter_rows(named=True)}
    assert stock[6]["before"] == 2 and stock[6]["went"] == 1 and stock[6]["after"] == 1
    assert stock[12]["came"] == 1 and stock[12]["went"] == 1 and stock[12]["after"] == 1


def test_a_spell_joins_decisions_that_follow_each_other():
    d = _decisions([
        ("a", 11, date(2023, 1, 1), date(2023, 1, 10)),
        ("a", 11, date(2023, 1, 11), date(2023, 1, 20)),  # the day after: the same stay
        ("a", 11, date(2023, 3, 1), date(2023, 3, 5)),  # a new stay
        ("b", 11, date(2023, 5, 1), None),  # still there: not ended
    ])  # fmt: skip
    found = spells(d, SECOND).sort("person_key", "start")
    assert found.filter(pl.col("person_key") == "a")["days"].to_list() == [20, 5]
    stay = length_of_stay(d, FIRST, SECOND).row(0, named=True)
    assert stay["ended"] == 2 and stay["median_days"] == 12.5


@settings(max_examples=100)
@given(st.lists(st.tuples(st.sampled_from("abcdefgh"), st.integers(1, 13), st.integers(0, 700),
                          st.one_of(st.none(), st.integers(0, 400))), max_size=40))  # fmt: skip
def test_each_step_after_is_before_plus_came_minus_went(rows):
    start = date(2022, 6, 1)
    d = _decisions([(p, s, date.fromordinal(start.toordinal() + a),
                     None if n is None else date.fromordinal(start.toordinal() + a + n)) for p, s, a, n in rows])  # fmt: skip
    flow = flows(d, FIRST, SECOND)
    for r in stock_changes(flow).iter_rows(named=True):
        assert r["after"] == r["before"] + r["came"] - r["went"]
    for day, column in ((FIRST, "before"), (SECOND, "after")):
        counts = dict(positions(d, day).group_by("step").len().iter_rows())
        assert {r["step"]: r[column] for r in stock_changes(flow).iter_rows(named=True) if r[column]} == counts


def test_flows_from_the_terminal(demo_home):
    from .test_cli import run

    doc = json.loads(run(demo_home, "flows", "--year", "2023", "--format", "json").stdout)
    assert doc["first"] == "2022-12-31" and doc["second"] == "2023-12-31"
    for s in doc["steps"]:
        assert s["after"] == s["before"] + s["came"] - s["went"]
    short = next(s for s in doc["steps"] if s["step"] == 11)
    assert short["ended"] > short["after"] and short["median_days"] < 60  # short stays turn over
    table = run(demo_home, "flows", "--from", "31.12.2022", "--to", "30.06.2023").stdout
    assert "Flyt i trappa frå 31.12.2022 til 30.06.2023" in table and "Utanfor trappa" in table
    assert "må vere etter" in run(demo_home, "flows", "--from", "31.12.2023", "--to", "31.12.2022", code=2).stderr
