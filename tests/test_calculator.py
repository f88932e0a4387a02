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
    assert _case(reference=" 2024/1234 ").reference == "2024/1234"
    with pytest.raises(ValidationError, match="vert målt i place_share"):
        calculator.ServiceLine(kind="long_term", hours_per_week={"day": 5})
    with pytest.raises(ValidationError, match="ukjend tenestetype"):
        calculator.ServiceLine(kind="teleportation", hours_per_week={"day": 5})
    with pytest.raises(ValidationError, match="tid på døgnet"):
        calculator.ServiceLine(kind="bpa", hours_per_week={"evening": 5})


# -- on the stored data ---------------------------------------------------------------------------


def test_the_demo_catalogue_is_its_profile_s_cost_per_decided_hour_and_per_place(demo_db):
    from trappa.services import prices as price_service
    from trappa.services import profile

    version = price_service.compute(demo_db, "test", 2023)
    found = price_service.catalogue(demo_db, 2023)
    assert found.version == version
    table = {r["step"]: r for r in profile.profile(demo_db, 2023).table.iter_rows(named=True)}
    home = next(p for p in found.prices if p.kind == "home_health_care")
    assert home.price == pytest.approx(table[6]["cost_per_decided_hour"]) and home.source == "computed"
    long_term = next(p for p in found.prices if p.kind == "long_term")
    assert long_term.price == pytest.approx(table[12]["cost_per_place"])
    # a typed price survives computing again; computing again makes a new version
    price_service.set_price(demo_db, "test", 2023, {"kind": "home_health_care", "time_of_day": "night", "price": 999})
    again = price_service.compute(demo_db, "test", 2023)
    night = prices.find(price_service.catalogue(demo_db, 2023).prices, "home_health_care", time_of_day="night")
    assert again == version + 2 and night.price == 999 and night.source == "typed"
    assert len(price_service.catalogue(demo_db, 2023, version).prices) == len(found.prices)  # the old version stays


def test_a_catalogue_workbook_imports_again_and_bad_rows_are_named(demo_db, tmp_path):
    from trappa.errors import InputFileError
    from trappa.report import prices_out
    from trappa.services import prices as price_service

    price_service.compute(demo_db, "test", 2023)
    book = tmp_path / "prisar.xlsx"
    book.write_bytes(prices_out.catalogue_xlsx(price_service.catalogue(demo_db, 2023)))
    price_service.import_prices(demo_db, "test", book, 2025)
    back = price_service.catalogue(demo_db, 2025)
    assert [round(p.price, 2) for p in back.prices] == [round(p.price, 2) for p in price_service.catalogue(
        demo_db, 2023).prices] and {p.source for p in back.prices} == {"imported"}  # fmt: skip
    bad = tmp_path / "feil.csv"
    bad.write_text(
        "tenestetype;tid på døgnet;eige eller kjøpt;pris\n"
        "Heimesjukepleie;natt;;950\n"
        "Teleportering;;;100\n"
        "Heimesjukepleie;frukost;;700\n"
        "Langtidsplass, ordinær;;leigd;1 200 000\n"
        "Heimesjukepleie;natt;;960\n",
        "utf-8",
    )
    with pytest.raises(InputFileError) as refused:
        price_service.import_prices(demo_db, "test", bad, 2026)
    where = {(p.row, p.column) for p in refused.value.problems}
    assert where == {(3, "tenestetype"), (4, "tid på døgnet"), (5, "eige eller kjøpt"), (6, "tenestetype")}
    negative = tmp_path / "negativ.csv"
    negative.write_text("tenestetype;pris\nDagaktivitet;-5\n", "utf-8")
    with pytest.raises(InputFileError) as refused:
        price_service.import_prices(demo_db, "test", negative, 2026)
    assert {(p.row, p.column) for p in refused.value.problems} == {(2, "pris")}
    assert not any(c["year"] == 2026 for c in price_service.catalogues(demo_db))  # nothing stored


def test_calc_from_the_terminal_with_this_year_s_and_last_year_s_prices(demo_home, tmp_path):
    import json

    from .conftest import ROOT
    from .test_cli import run
    from .test_identity import _make_valid

    run(demo_home, "prices", "carry", "--from", "2023", "--to", "2024", "--index", "4,5")
    case = ROOT / "examples" / "calculation.yaml"
    doc = json.loads(run(demo_home, "calc", str(case), "--format", "json").stdout)
    assert doc["catalogue"] == {"year": 2023, "version": 1} and doc["reference"] == "2024/1187"
    first, _second, third = doc["alternatives"]
    assert first["difference"] == 0 and third["steps"] == [12]
    assert [b["measure"] for b in doc["buys"]][:1] == ["timar i veka"]
    later = json.loads(run(demo_home, "calc", str(case), "--catalogue-year", "2024", "--format", "json").stdout)
    assert later["alternatives"][2]["total"] == pytest.approx(third["total"] * 1.045, rel=1e-6)
    table = run(demo_home, "calc", str(case)).stdout
    assert "Kva skilnaden svarar til" in table and "Langtidsplass i sjukeheim" in table
    synthetic = next(n for n in (_make_valid(p) for p in ("010101500", "150765005", "311299123")) if n)
    risky = tmp_path / "sak.yaml"
    risky.write_text(case.read_text("utf-8").replace('"2024/1187"', f'"{synthetic}"'), "utf-8")
    assert "fødselsnummer" in run(demo_home, "calc", str(risky), code=2).stderr
    alarm = tmp_path / "alarm.yaml"
    alarm.write_text("alternatives:\n  - name: Alarm\n    services:\n      - kind: safety_alarm\n"
                     "        callouts_per_year: 12\n", "utf-8")  # fmt: skip
    missing = run(demo_home, "calc", str(alarm), "--catalogue-year", "2023", code=2).stderr
    assert "manglar pris for: Tryggleiksalarm – utrykking" in missing
    assert "Ingen prisliste for 2030" in run(demo_home, "calc", str(case), "--catalogue-year", "2030", code=2).stderr


def test_the_state_refund_for_high_cost_users_by_hand():
    from trappa.model.refund import RefundRule, refund

    rule = RefundRule(threshold=1_500_000, share=0.8, age_limit=67, wage_share=0.9)
    assert refund(2_500_000, rule, age=30) == pytest.approx(0.8 * (2_500_000 * 0.9 - 1_500_000))  # 600 000
    assert refund(1_000_000, rule, age=30) == 0  # below the threshold
    assert refund(2_500_000, rule, age=67) == 0 and refund(2_500_000, rule, age=None) == 0  # over the age limit


def test_the_calculator_shows_the_refund_and_the_net_cost_for_a_young_high_cost_user(demo_db):
    from trappa.model.refund import RefundRule, refund
    from trappa.services import calculator, municipality

    assert municipality.load(demo_db).refund_thresholds == {"2023": 1_500_000}  # the demo's setting
    name, case = next((n, c) for c in [calculator.opened(demo_db, i) for i in (1, 2, 3)] for n, c in [c]
                      if c.age is not None)  # fmt: skip
    found = calculator.calculate_case(demo_db, case)
    rule = RefundRule(1_500_000, 0.8, 67, 1.0)
    assert found.refunds == [pytest.approx(refund(a.total, rule, 24)) for a in found.result.alternatives]
    assert found.nets[1] == pytest.approx(found.result.alternatives[1].total - found.refunds[1])
    assert any(r > 0 for r in found.refunds), name
    older = calculator.calculate_case(demo_db, case.model_copy(update={"age": 70}))
    assert older.refunds == [0.0] * len(case.alternatives)
    unknown = calculator.calculate_case(demo_db, case.model_copy(update={"age": None}))
    assert unknown.refunds is None and unknown.refund_rule is not None


def test_refund_settings_from_the_command_line(tmp_path):
    from .test_cli import run

    home = tmp_path / "home"
    run(home, "municipality", "set", "--refund-threshold", "2024=1 572 000", "--refund-share", "80",
        "--refund-age-limit", "67")  # fmt: skip
    shown = run(home, "municipality", "show").stdout.replace("\u00a0", " ")
    assert "2024: 1 572 000 kr" in shown
    assert "linje 1" in run(home, "municipality", "set", "--refund-threshold", "2024", code=2).stderr
