"""The staffing-pattern calculator: each pay rule on a hand-computed pattern."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from trappa.model import staffing

PAY = staffing.PayRules(
    hours_per_gross_fte=1846,
    cost_per_gross_fte=738_400,  # 400 kr an hour
    night_supplement_per_hour=60,
    sunday_supplement_per_hour=50,
    holiday_supplement_per_hour=100,
    holidays=10,
    rota_supplement_per_employee=10_000,
    fte_per_employee=0.5,
)


def _pattern(*nights: staffing.Night, shifts: tuple[staffing.Shift, ...] = ()) -> staffing.Pattern:
    return staffing.Pattern(name="p", locations=[staffing.Location(name="A", nights=list(nights), shifts=list(shifts))])


def test_an_awake_and_a_sleeping_nine_and_a_half_hour_night():
    awake = staffing.pattern_cost(_pattern(staffing.Night(kind="awake", hours=9.5)), PAY)
    sleeping = staffing.pattern_cost(_pattern(staffing.Night(kind="sleeping", hours=9.5)), PAY)
    assert awake.paid_hours_per_night == 9.5
    assert sleeping.paid_hours_per_night == pytest.approx(9.5 / 3)
    assert awake.paid_hours_per_year == pytest.approx(9.5 * 365)
    assert awake.gross_ftes == pytest.approx(9.5 * 365 / 1846)


def test_each_pay_rule_by_hand():
    r = staffing.pattern_cost(_pattern(staffing.Night(kind="awake", hours=10)), PAY)
    ftes = 3650 / 1846
    assert r.wage_cost == pytest.approx(ftes * 738_400)  # = 3 650 h × 400 kr
    assert r.night_supplement == pytest.approx(3650 * 60)
    assert r.sunday_supplement == pytest.approx(10 * 52 * 50)
    assert r.holiday_supplement == pytest.approx(10 * 10 * 100)
    assert r.employees == pytest.approx(ftes / 0.5) and r.rota_supplement == pytest.approx(ftes / 0.5 * 10_000)
    assert r.overtime_supplement == 0
    assert r.cost_per_year == pytest.approx(3650 * 400 + 3650 * 60 + 10 * 52 * 50 + 10 * 10 * 100 + ftes / 0.5 * 10_000)


def test_woken_hours_of_a_sleeping_night_are_paid_as_overtime():
    r = staffing.pattern_cost(_pattern(staffing.Night(kind="sleeping", hours=9, woken_hours=1)), PAY)
    assert r.paid_hours_per_night == pytest.approx(9 / 3 + 1)
    assert r.overtime_hours_per_year == pytest.approx(365)
    assert r.overtime_supplement == pytest.approx(365 * 400 * (2 - 1))  # 100 % on top of the hourly cost


def test_day_shifts_have_no_night_supplement_and_patterns_compare_with_the_first():
    day = staffing.Shift(name="dag", hours=7.5, staff=2)
    today = staffing.Pattern(
        name="I dag: to vakne netter",
        locations=[
            staffing.Location(name="A", nights=[staffing.Night(kind="awake", hours=9.5)], shifts=[day]),
            staffing.Location(name="B", nights=[staffing.Night(kind="awake", hours=9.5)], shifts=[day]),
        ],
    )
    merged = staffing.Pattern(
        name="Samlokalisert: éi vaken og éi sovande natt",
        locations=[
            staffing.Location(
                name="A og B",
                nights=[staffing.Night(kind="awake", hours=9.5), staffing.Night(kind="sleeping", hours=9.5)],
                shifts=[day, day],
            )
        ],
    )
    first, second = staffing.compare(staffing.StaffingPlan(pay=PAY, patterns=[today, merged]))
    assert first.difference == 0 and first.paid_day_hours_per_year == pytest.approx(30 * 365)
    saved_night_hours = (9.5 - 9.5 / 3) * 365
    assert first.paid_hours_per_year - second.paid_hours_per_year == pytest.approx(saved_night_hours)
    assert second.difference < 0
    assert second.night_supplement == pytest.approx((9.5 + 9.5 / 3) * 365 * 60)


def test_impossible_nights_are_refused():
    with pytest.raises(ValidationError, match="awake night has no woken hours"):
        staffing.Night(kind="awake", hours=9, woken_hours=1)
    with pytest.raises(ValidationError, match="woken hours cannot be more"):
        staffing.Night(kind="sleeping", hours=2, woken_hours=3)


def test_the_example_plan_from_the_terminal(demo_home, tmp_path):
    import json

    from .conftest import ROOT
    from .test_cli import run

    plan = ROOT / "examples" / "staffing.yaml"
    doc = json.loads(run(demo_home, "staffing", str(plan), "--format", "json").stdout)
    names = [p["name"] for p in doc["patterns"]]
    assert names[0] == "I dag" and doc["patterns"][0]["difference"] == 0
    assert all(p["difference"] < 0 for p in doc["patterns"][1:])  # both alternatives cost less
    assert "Bemanningsmønster side om side" in run(demo_home, "staffing", str(plan)).stdout
    out = tmp_path / "b.xlsx"
    run(demo_home, "staffing", str(plan), "--format", "xlsx", "--out", str(out))
    assert out.read_bytes()[:2] == b"PK"
    broken = tmp_path / "feil.yaml"
    broken.write_text("pay: {}\npatterns:\n  - name: x\n    locations:\n      - name: A\n"
                      "        nights: [{kind: awake, hours: 20}]\n", "utf-8")  # fmt: skip
    error = run(demo_home, "staffing", str(broken), code=2).stderr
    assert "patterns.0.locations.0.nights.0.hours" in error
    no_cost = tmp_path / "utan.yaml"
    no_cost.write_text("pay: {}\npatterns:\n  - name: x\n    locations:\n      - name: A\n"
                       "        nights: [{kind: awake, hours: 9}]\n", "utf-8")  # fmt: skip
    own = json.loads(run(demo_home, "staffing", str(no_cost), "--format", "json").stdout)
    assert own["patterns"][0]["cost_per_year"] > 0  # the demo's own cost per gross FTE
