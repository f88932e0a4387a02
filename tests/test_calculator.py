"""The unit-price catalogue and the resource calculator on hand-computed cases."""

from __future__ import annotations

import polars as pl
import pytest
from pydantic import ValidationError

from trappa.model import calculator, prices
from trappa.model.prices import Price

CATALOGUE = [
    Price(kind="home_health_care", step=6, price=800, source="typed"),
    Price(kind="home_health_care", step=6, time_of_day="night", price=1000, source="typed"),
    Price(kind="practical_help", step=5, price=600, source="typed"),
    Price(kind="day_activity", step=4, price=400, source="typed"),
    Price(kind="long_term", step=12, ownership="own", price=1_200_000, source="computed"),
    Price(kind="long_term", step=12, ownership="bought", price=1_500_000, source="imported"),
    Price(kind="discharge_ready", step=11, price=5_000, source="typed"),
]


def _case(**extra) -> calculator.Case:
    return calculator.Case.model_validate(
        {
            "alternatives": [
                {"name": "Heime", "services": [
                    {"kind": "home_health_care", "hours_per_week": {"day": 10, "night": 2}},
                    {"kind": "day_activity", "hours_per_week": {"day": 6}},
                ]},
                {"name": "Sjukeheim", "services": [{"kind": "long_term", "place_share": 1, "ownership": "own"}]},
                {"name": "Kjøpt plass, halve året", "services": [
                    {"kind": "long_term", "place_share": 0.5, "ownership": "bought"},
                ]},
            ],
            **extra,
        }
    )  # fmt: skip


def test_hours_times_weeks_times_price_and_place_years():
    result = calculator.calculate(_case(), CATALOGUE)
    home, institution, bought = result.alternatives
    assert home.total == 10 * 52 * 800 + 2 * 52 * 1000 + 6 * 52 * 400  # the night hours at the night price
    assert institution.total == 1_200_000 and bought.total == 0.5 * 1_500_000
    assert institution.difference == 1_200_000 - home.total and home.difference == 0
    assert home.steps == [4, 6] and institution.highest_step == 12


def test_what_the_difference_buys():
    result = calculator.calculate(_case(buys=["practical_help", "discharge_ready"]), CATALOGUE)
    difference = result.alternatives[1].difference
    help_hours = next(b for b in result.buys if b.alternative == "Sjukeheim" and b.kind == "practical_help")
    assert help_hours.quantity == pytest.approx(difference / (600 * 52)) and help_hours.measure == "timar i veka"
    days = next(b for b in result.buys if b.alternative == "Sjukeheim" and b.kind == "discharge_ready")
    assert days.quantity == pytest.approx(difference / 5_000) and days.measure == "døgn i året"


def test_the_most_specific_price_that_fits():
    assert prices.find(CATALOGUE, "home_health_care", time_of_day="night").price == 1000
    assert prices.find(CATALOGUE, "home_health_care", time_of_day="day").price == 800  # the general price
    assert prices.find(CATALOGUE, "long_term").price == 1_200_000  # not asked: the first that fits (own)
    assert prices.find(CATALOGUE, "long_term", ownership="bought").price == 1_500_000
    assert prices.find(CATALOGUE, "bpa") is None


def test_a_missing_price_is_named_not_taken_as_zero():
    case = calculator.Case.model_validate(
        {"alternatives": [{"name": "BPA", "services": [{"kind": "bpa", "hours_per_week": {"night": 5}}]}]}
    )
    with pytest.raises(calculator.MissingPrices) as missing:
        calculator.calculate(case, CATALOGUE)
    assert missing.value.missing == ["Brukarstyrt personleg assistanse (BPA), natt"]


def test_repricing_with_another_year_and_an_index():
    carried = prices.carried(CATALOGUE, 4.0, 2, 2023)
    assert carried[0].price == pytest.approx(800 * 1.04**2) and carried[0].source == "indexed"
    assert "frå 2023 med 4 % i året" in carried[0].note
    before = calculator.calculate(_case(), CATALOGUE).alternatives[0].total
    after = calculator.calculate(_case(), carried).alternatives[0].total
    assert after == pytest.approx(before * 1.04**2)


def test_a_catalogue_from_the_profile_is_its_cost_per_decided_hour_and_per_place():
    table = pl.DataFrame(
        {"step": [5, 6, 12], "cost_per_decided_hour": [550.0, 720.0, None], "cost_per_place": [None, None, 1.1e6]}
    )
    found = {p.kind: p for p in prices.computed(table, prices.KIND_STEPS["alver"])}
    assert found["home_health_care"].price == 720.0 and found["practical_help"].price == 550.0
    assert found["long_term"].price == 1.1e6 and found["dementia"].price == 1.1e6
    assert "bpa" not in found  # step 7 has no figure: no price made up
    assert all(p.source == "computed" for p in found.values())


def test_bad_cases_are_refused_in_words():
    from .test_identity import _make_valid

    synthetic = next(n for n in (_make_valid(p) for p in ("010101500", "150765005", "311299123")) if n)
    with pytest.raises(ValidationError, match="fødselsnummer"):
        _case(reference=f"Sak for {synthetic} ")  # passes the check digits of a national identity number
    assert _case(reference="2024/1234").reference == "2024/1234"
    with pytest.raises(ValidationError, match="vert målt i place_share"):
        calculator.ServiceLine(kind="long_term", hours_per_week={"day": 5})
    with pytest.raises(ValidationError, match="ukjend tenestetype"):
        calculator.ServiceLine(kind="teleportation", hours_per_week={"day": 5})
    with pytest.raises(ValidationError, match="tid på døgnet"):
        calculator.ServiceLine(kind="bpa", hours_per_week={"evening": 5})
