"""The staircase figures per month (trappetal) on hand-made decisions, accounts and population."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from trappa.model.decisions import month_spans
from trappa.model.staircase_figures import is_old, net_cost_by_category, person_counts, staircase_figures

STEPS = pl.DataFrame({"step": [1, 4, 6, 12], "category": [1, 2, 3, 4], "home_care": [False, False, True, False]})


def _decisions(rows: list[tuple[str, int, float, date, date | None, int | None, str | None]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={"person_key": pl.Utf8, "step": pl.Int64, "hours_per_week": pl.Float64, "start_date": pl.Date,
                "end_date": pl.Date, "birth_year": pl.Int64, "age_band": pl.Utf8},
        orient="row",
    )  # fmt: skip


def test_age_80_from_the_birth_year_else_from_the_age_band():
    frame = pl.DataFrame(
        {"birth_year": [1943, 1944, None, None, None, None], "age_band": [None, "90+", "80-89", "67-79", "80+", None]}
    )
    # 2023 − 1943 = 80: old; 1944 is 79 even though the band says 90+ (the birth year wins)
    assert frame.select(is_old(2023).alias("old"))["old"].to_list() == [True, False, True, False, True, False]


def test_persons_old_persons_and_home_care_hours_on_the_last_day_of_the_month():
    march = [s for s in month_spans(2023) if s[0] == "2023-03"]
    decisions = _decisions(
        [
            ("a", 6, 2.0, date(2023, 1, 1), None, 1930, None),  # home care 2 h: light, old
            ("b", 6, 10.0, date(2023, 1, 1), None, 1950, None),  # 10 + 8 h on two decisions: heavy
            ("b", 6, 8.0, date(2023, 2, 1), None, 1950, None),
            ("c", 6, 20.0, date(2023, 1, 1), date(2023, 3, 15), None, "80-89"),  # ended before the last day
            ("c", 12, 0.0, date(2023, 3, 16), None, None, "80-89"),  # then a nursing home
            ("d", 4, 3.0, date(2023, 3, 1), None, 1990, None),
            ("e", 6, 2.5, date(2023, 2, 1), None, 1960, None),  # exactly 2,5: not under
            ("f", 0, 5.0, date(2023, 1, 1), None, 1930, None),  # not on the staircase: never counted
        ]
    )
    got = person_counts(decisions, STEPS, march, 2023).row(0, named=True)
    assert got["persons"] == 5 and got["persons_80"] == 2  # a (93) and c (band 80-89)
    assert got["home_care_users"] == 3 and got["home_care_light"] == 1 and got["home_care_heavy"] == 1


def test_net_cost_by_category_through_the_key_and_only_accounts_with_a_month():
    accounts = pl.DataFrame(
        {
            "year": [2023] * 5,
            "month": [3, 3, 3, 3, None],
            "cost_centre": ["A", "A", "B", "C", "A"],
            "function": ["254"] * 5,
            "art": ["10100", "16000", "10100", "10100", "10100"],
            "amount_ore": [100_000_00, -20_000_00, 50_000_00, 30_000_00, 999_999_00],
        }
    )
    mapping = pl.DataFrame(
        {
            "year": [2023] * 4,
            "cost_centre": ["A", "A", "B", "C"],
            "function": [None] * 4,
            "step": [4, 6, 12, 0],  # C is outside the staircase
            "user_group": ["alle"] * 4,
            "share": [50.0, 50.0, 100.0, 100.0],  # percent
        },
        schema_overrides={"function": pl.Utf8},
    )
    got = net_cost_by_category(accounts, mapping, STEPS, monthly=True).row(0, named=True)
    # A: 80 000 net split half to step 4 (cat 2) and half to step 6 (cat 3); B: 50 000 on step 12 (cat 4)
    assert got == {"period": "2023-03", "low_net_kr": 40_000, "institution_net_kr": 50_000, "steps_net_kr": 130_000}


def test_figures_are_missing_without_their_data_never_zero():
    persons = pl.DataFrame(
        {"period": ["2023-03"], "persons": [70], "persons_80": [30], "home_care_users": [0], "home_care_light": [0],
         "home_care_heavy": [0]}
    )  # fmt: skip
    empty_cost = pl.DataFrame(
        schema={"period": pl.Utf8, "low_net_kr": pl.Float64, "institution_net_kr": pl.Float64,
                "steps_net_kr": pl.Float64}
    )  # fmt: skip
    got = staircase_figures(persons, empty_cost, 1000, 120).row(0, named=True)
    assert got["persons_per_1000"] == pytest.approx(70) and got["persons_80_per_1000"] == pytest.approx(250)
    assert got["low_steps_cost_share"] is None and got["home_care_light_share"] is None
    none = staircase_figures(persons, empty_cost, None, None).row(0, named=True)
    assert none["persons_per_1000"] is None and none["persons_80_per_1000"] is None


def test_the_demo_s_sector_board_has_the_staircase_figures_and_units_do_not(demo_db):
    from trappa.services import board
    from trappa.services import kpi as kpi_service

    engine = demo_db
    report = kpi_service.kpis(engine, month="2023-06")
    assert 0 < report.total["low_steps_cost_share"] < report.total["institution_cost_share"] < 1
    assert report.total["persons_per_1000"] > 0 and report.total["home_care_heavy_share"] is not None
    assert all("persons_per_1000" not in values for _unit, values in report.units)
    sector = board.board(engine)
    assert {"institution_cost_share", "persons_80_per_1000"} <= {t.kpi.code for t in sector.tiles}
    unit = board.board(engine, report.units[0][0])
    assert all(k.scope == "unit" for k in unit.missing)
