"""Projection and scenarios: hand-computed cases and the properties the planners rely on."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from trappa.errors import TrappaError
from trappa.model.bands import bands_frame
from trappa.model.coverage import coverage_rates, wilson
from trappa.model.outlook import compare, project_scenario, staffing_check
from trappa.model.projection import add_metrics, population_series, project_persons
from trappa.model.scenario import Cap, Move, RateChange, Scenario, reference
from trappa.model.scenario_grid import apply
from trappa.store.read import SCHEMAS

BANDS = bands_frame()
POP_SCHEMA = SCHEMAS["population"]


def population(per_band: dict[str, float], years=range(2023, 2031), growth_80: float = 0.0, alternative="MMMM"):
    """Inhabitants placed at one age per band; the 80+ bands grow by ``growth_80`` a year."""
    age_of = {"0-66": 30, "67-79": 70, "80-84": 82, "85-89": 87, "90+": 92}
    rows = []
    for y in years:
        alt = "registrert" if y == 2023 else alternative
        for band, n in per_band.items():
            grow = (1 + growth_80) ** (y - 2023) if age_of[band] >= 80 else 1.0
            rows.append(("4631", "X", y, age_of[band], "alle", alt, n * grow))
    return pl.DataFrame(rows, schema=POP_SCHEMA, orient="row")


def decisions(rows):
    """(person, step, birth_year) active all of 2023."""
    return pl.DataFrame(
        [(p, "S", step, 0.0, date(2023, 1, 1), None, None, by, "andre", None, None) for p, step, by in rows],
        schema=SCHEMAS["decisions"],
        orient="row",
    )


PROFILE = pl.DataFrame(
    {
        "step": [6, 10, 12],
        "persons": [10, 4, 5],
        "decisions": [12, 4, 5],
        "decided_hours_per_week": [50.0, 100.0, 0.0],
        "places": [None, 4.0, 5.0],
        "ftes": [5.0, 8.0, 10.0],
        "net_cost": [1_000_000.0, 4_000_000.0, 5_000_000.0],
        "gross_cost": [1_100_000.0, 4_400_000.0, 5_500_000.0],
    }
)
BASE_POP = {"0-66": 20_000, "67-79": 3_000, "80-84": 600, "85-89": 400, "90+": 200}


def base_decisions():
    # step 6: 10 persons aged 82 (band 80-84); step 10: 4 aged 87; step 12: 5 aged 92
    return decisions(
        [(f"A{i}", 6, 2023 - 82) for i in range(10)]
        + [(f"B{i}", 10, 2023 - 87) for i in range(4)]
        + [(f"C{i}", 12, 2023 - 92) for i in range(5)]
    )


def test_coverage_rates_show_their_counts():
    series = population_series(population(BASE_POP), BANDS, "MMMM")
    rates = coverage_rates(base_decisions(), series.filter(pl.col("year") == 2023), BANDS, 2023)
    row = rates.filter((pl.col("step") == 6) & (pl.col("band") == "80-84")).row(0, named=True)
    assert (row["persons"], row["inhabitants"]) == (10, 600.0)
    assert row["rate"] == pytest.approx(10 / 600)
    assert row["rate_low"] < row["rate"] < row["rate_high"]
    zero = rates.filter((pl.col("step") == 6) & (pl.col("band") == "0-66")).row(0, named=True)
    assert zero["persons"] == 0 and zero["rate"] == 0 and zero["rate_high"] > 0  # no users is not certainty


def test_wilson_interval_is_wide_for_small_counts():
    lo, hi = pl.select(*(e.alias(str(i)) for i, e in enumerate(wilson(pl.lit(2.0), pl.lit(40.0))))).row(0)
    lo2, hi2 = pl.select(*(e.alias(str(i)) for i, e in enumerate(wilson(pl.lit(200.0), pl.lit(4000.0))))).row(0)
    assert hi - lo > 3 * (hi2 - lo2)


def test_hand_computed_reference():
    pop = population(BASE_POP, growth_80=0.10)
    out = project_scenario(base_decisions(), pop, PROFILE, reference(), base_year=2023, to_year=2026)
    six = out.table.filter(pl.col("step") == 6).sort("year")
    # persons = inhabitants(80-84, t) × 10/600; inhabitants grow 10 % a year
    assert six["persons"].to_list() == pytest.approx([10 * 1.1**k for k in range(4)])
    # intensities from the base year: 1.2 decisions, 0.5 FTE and 100 000 kr per person
    assert six["decisions"].to_list() == pytest.approx([12 * 1.1**k for k in range(4)])
    assert six["ftes"][3] == pytest.approx(5 * 1.1**3)
    assert six["net_cost"][3] == pytest.approx(1_000_000 * 1.1**3)
    assert (six["persons_low"] <= six["persons"]).all() and (six["persons_high"] >= six["persons"]).all()
    # the base year is observed: no range at all; later years have one
    first = out.table.filter(pl.col("year") == 2023)
    for m in ("persons", "ftes", "net_cost"):
        assert (first[f"{m}_low"] == first[m]).all() and (first[f"{m}_high"] == first[m]).all()
    assert six["persons_high"][3] > six["persons"][3] > six["persons_low"][3]


def test_real_cost_growth():
    pop = population(BASE_POP)
    s = reference().model_copy(update={"real_cost_growth_percent": 2.0, "name": "vekst"})
    out = project_scenario(base_decisions(), pop, PROFILE, s, base_year=2023, to_year=2025)
    twelve = out.table.filter((pl.col("step") == 12) & (pl.col("year") == 2025)).row(0, named=True)
    assert twelve["net_cost"] == pytest.approx(5_000_000 * 1.02**2)


def test_scenario_without_changes_equals_reference():
    pop = population(BASE_POP, growth_80=0.05)
    ref = project_scenario(base_decisions(), pop, PROFILE, reference(), base_year=2023, to_year=2030)
    empty = Scenario(name="Tomt", population_alternative="MMMM")
    same = project_scenario(base_decisions(), pop, PROFILE, empty, base_year=2023, to_year=2030)
    assert_frame_equal(same.table, ref.table, check_exact=True)
    diff = compare([ref, same])
    assert diff.filter(pl.col("scenario") == "Tomt")["persons_diff"].abs().max() < 1e-9


def test_missing_population_alternative_is_a_clear_error():
    with pytest.raises(TrappaError, match="befolkningsalternativ LLML"):
        project_scenario(
            base_decisions(),
            population(BASE_POP),
            PROFILE,
            Scenario(name="x", population_alternative="LLML"),
            base_year=2023,
            to_year=2025,
        )


def _persons(pop_scale: float = 1.0, years=range(2023, 2031)):
    series = population_series(
        population({k: v * pop_scale for k, v in BASE_POP.items()}, growth_80=0.04), BANDS, "MMMM"
    )
    rates = coverage_rates(
        base_decisions(),
        population_series(population(BASE_POP), BANDS, "MMMM").filter(pl.col("year") == 2023),
        BANDS,
        2023,
    )
    return project_persons(rates, series, years)


@settings(max_examples=30, deadline=None)
@given(st.floats(min_value=0.1, max_value=10))
def test_scaling_every_band_scales_persons(factor):
    base = _persons().group_by("year", "step").agg(pl.col("persons").sum()).sort("year", "step")
    scaled = _persons(factor).group_by("year", "step").agg(pl.col("persons").sum()).sort("year", "step")
    assert scaled["persons"].to_list() == pytest.approx([v * factor for v in base["persons"].to_list()])


def test_doubling_population_doubles_persons():
    base = _persons()["persons"].sum()
    assert _persons(2.0)["persons"].sum() == pytest.approx(2 * base)


PLACES = pl.DataFrame({"step": [6, 10, 12], "places_per_person": [0.0, 1.0, 1.0]})


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=1, max_value=100), st.integers(2024, 2030), st.integers(0, 4))
def test_move_preserves_total_persons(share, start, span):
    persons = _persons()
    moved = apply(
        persons,
        Scenario(
            name="m", moves=[Move(from_step=12, to_step=10, share_percent=share, from_year=start, to_year=start + span)]
        ),
        PLACES,
    )
    before = persons.group_by("year").agg(pl.col("persons").sum()).sort("year")
    after = moved.group_by("year").agg(pl.col("persons").sum()).sort("year")
    assert after["persons"].to_list() == pytest.approx(before["persons"].to_list())
    y2030 = moved.filter(pl.col("year") == 2030)
    weight = min(1.0, max(0.0, (2030 - start + 1) / (span + 1)))  # phased in linearly to the full share
    expected = persons.filter((pl.col("year") == 2030) & (pl.col("step") == 12))["persons"].sum() * (
        1 - share / 100 * weight
    )
    assert y2030.filter(pl.col("step") == 12)["persons"].sum() == pytest.approx(expected)


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=0, max_value=8), st.sampled_from([None, 10]), st.floats(min_value=0.5, max_value=3))
def test_cap_is_never_exceeded(places, overflow, growth):
    persons = _persons(growth)
    out = apply(
        persons, Scenario(name="c", caps=[Cap(step=12, places=places, from_year=2023, overflow_to=overflow)]), PLACES
    )
    per_year = out.filter(pl.col("step") == 12).group_by("year").agg(pl.col("persons").sum())
    assert (per_year["persons"] <= places + 1e-9).all()
    total_before = persons.group_by("year").agg(pl.col("persons").sum()).sort("year")["persons"]
    after = out.group_by("year").agg((pl.col("persons") + pl.col("unmet")).sum()).sort("year")["persons"]
    assert after.to_list() == pytest.approx(total_before.to_list())  # nobody disappears: moved on, or unmet


def test_cap_with_planned_places():
    persons = _persons(3.0)
    cap = Cap(step=12, places=5, from_year=2023, places_by_year={2027: 9})
    out = apply(persons, Scenario(name="c", caps=[cap]), PLACES)
    per_year = dict(out.filter(pl.col("step") == 12).group_by("year").agg(pl.col("persons").sum()).iter_rows())
    assert per_year[2026] == pytest.approx(5) and per_year[2027] <= 9 + 1e-9


def test_rate_change_is_phased_in():
    persons = _persons()
    change = RateChange(step=6, change_percent=-50, from_year=2025, to_year=2026)
    out = apply(persons, Scenario(name="r", rate_changes=[change]), PLACES)
    ratio = (
        out.filter(pl.col("step") == 6).group_by("year").agg(pl.col("persons").sum()).sort("year")["persons"]
        / persons.filter(pl.col("step") == 6).group_by("year").agg(pl.col("persons").sum()).sort("year")["persons"]
    )
    assert ratio.to_list()[:5] == pytest.approx([1.0, 1.0, 0.75, 0.5, 0.5])


def test_set_rate_and_invalid_rules():
    out = apply(
        _persons(),
        Scenario(
            name="s", rate_changes=[RateChange(step=12, set_rate=0.1, bands=["90+"], from_year=2023, to_year=2023)]
        ),
        PLACES,
    )
    row = out.filter((pl.col("step") == 12) & (pl.col("band") == "90+") & (pl.col("year") == 2023)).row(0, named=True)
    assert row["persons"] == pytest.approx(20.0)
    with pytest.raises(ValueError, match="exactly one"):
        RateChange(step=1, from_year=2024, to_year=2025)
    with pytest.raises(ValueError, match="must differ"):
        Move(from_step=1, to_step=1, share_percent=5, from_year=2024, to_year=2025)


def test_scenario_json_round_trip_and_published_schema():
    import json

    from trappa.model.scenario import json_schema

    from .conftest import ROOT

    s = Scenario(
        name="Heildøgn",
        moves=[Move(from_step=12, to_step=10, share_percent=20, from_year=2025, to_year=2030)],
        caps=[Cap(step=12, places=150, from_year=2024, places_by_year={2030: 140})],
    )
    assert Scenario.from_json(s.to_json()) == s
    assert json.loads(s.to_json())["schema"] == "trappa.scenario"
    published = json.loads((ROOT / "docs" / "scenario.schema.json").read_text("utf-8"))
    assert published == json_schema()


def test_staffing_check_flags_years():
    out = project_scenario(
        base_decisions(), population(BASE_POP, growth_80=0.1), PROFILE, reference(), base_year=2023, to_year=2026
    )
    check = staffing_check(out, ftes_today=23.0, yearly_change_percent=2.0)
    assert check["can_be_staffed"].to_list() == [True, False, False, False]
    assert check["ftes_supply"][1] == pytest.approx(23.0 * 1.02)


def test_metrics_follow_intensities():
    persons = pl.DataFrame({"year": [2030], "step": [10], "band": ["90+"], "persons": [8.0]})
    intensity = pl.DataFrame(
        {
            "step": [10],
            "decisions_per_person": [1.0],
            "decided_hours_per_week_per_person": [25.0],
            "places_per_person": [1.0],
            "ftes_per_person": [2.0],
            "net_cost_per_person": [1e6],
            "gross_cost_per_person": [1.1e6],
        }
    )
    out = add_metrics(persons, intensity, 2023).row(0, named=True)
    assert (out["decided_hours_per_week"], out["places"], out["ftes"], out["net_cost"]) == (200.0, 8.0, 16.0, 8e6)


def test_the_waterfall_adds_up_to_the_change_for_every_step_and_metric():
    from trappa.model.outlook import waterfall
    from trappa.model.scenario import Move, RateChange, Scenario

    pop = population(BASE_POP, growth_80=0.05)
    scenario = Scenario(
        name="Prøve", population_alternative="MMMM", real_cost_growth_percent=1.0,
        rate_changes=[RateChange(step=6, change_percent=-10, from_year=2024, to_year=2026)],
        moves=[Move(from_step=12, to_step=10, share_percent=20, from_year=2024, to_year=2026)],
    )  # fmt: skip
    table = waterfall(base_decisions(), pop, PROFILE, scenario, base_year=2023, to_year=2030)
    drivers = table.select("order", "driver").unique().sort("order")["driver"].to_list()
    assert drivers[:2] == ["I dag", "Demografi"] and drivers[-2:] == ["Realvekst i kostnad per person", "Prøve 2030"]
    assert "Flytting 20 % frå trinn 12 til 10" in drivers and "Dekningsgrad trinn 6 -10 %" in drivers
    last = table["order"].max()
    for step in table["step"].unique().to_list():
        rows = table.filter(pl.col("step") == step).sort("order")
        for m in ("persons", "ftes", "net_cost"):
            values = rows[m].to_list()
            assert sum(values[:-1]) == pytest.approx(values[-1], abs=1e-6), (step, m)
    end = project_scenario(base_decisions(), pop, PROFILE, scenario, base_year=2023, to_year=2030)
    assert table.filter(pl.col("order") == last)["net_cost"].sum() == pytest.approx(
        end.table.filter(pl.col("year") == 2030)["net_cost"].sum())  # fmt: skip
    # the reference has no measures: today, demography, no real growth, and the end
    plain = waterfall(base_decisions(), pop, PROFILE, reference(), base_year=2023, to_year=2030)
    assert plain.select("driver").unique().height == 4


def test_the_answer_per_step_in_words():
    from trappa.services.projection import answer

    assert answer(100, 120) == "må styrkast" and answer(100, 90) == "kan reduserast"
    assert (
        answer(100, 104) == "om lag som i dag" and answer(0, 10) == "manglar i dag" and answer(0, 0) == "ingen brukarar"
    )


def test_ftes_from_the_decided_volume_by_hand_and_on_the_projection_page(demo_db):
    from trappa.model.projection import ftes_from_volume
    from trappa.services import municipality, projection

    # 600 decided hours a week, 60 % direct time, 1 846 hours per FTE: 600 × 52 ÷ 0,6 ÷ 1 846
    assert ftes_from_volume(600, 0.6, 1846) == pytest.approx(600 * 52 / 0.6 / 1846)
    run = projection.run(demo_db, [], to_year=2030)
    rows = {r["step"]: r for r in projection.summary(demo_db, run).rows}
    assert rows[6]["direct_time_share"] == 0.6 and rows[12]["direct_time_share"] is None  # home care by default
    assert rows[6]["ftes_volume_today"] > 0
    municipality.update(demo_db, "test", direct_time_shares=municipality.parse_shares(["6 = 50", "12=80"]))
    again = {r["step"]: r for r in projection.summary(demo_db, projection.run(demo_db, [], to_year=2030)).rows}
    assert again[6]["ftes_volume_today"] == pytest.approx(rows[6]["ftes_volume_today"] * 0.6 / 0.5)
    assert again[12]["direct_time_share"] == 0.8


def test_places_needed_per_year_beside_today_and_the_planned(demo_db):
    from trappa.services import projection

    capped = projection.scenario(demo_db, "Dagens sjukeheimsplassar")
    summary = projection.summary(demo_db, projection.run(demo_db, [capped], to_year=2040))
    assert summary.place_years[0] == summary.base_year and summary.place_years[-1] == 2040
    twelve = next(p for p in summary.places if p["step"] == 12)
    assert twelve["today"] > 0 and set(twelve["needed"]) == set(summary.place_years)
    assert twelve["planned"] and all(v == pytest.approx(twelve["today"], rel=0.5) for v in twelve["planned"].values())
    plain = projection.summary(demo_db, projection.run(demo_db, [], to_year=2040))
    free = next(p for p in plain.places if p["step"] == 12)
    assert free["needed"][2040] > free["today"] and not free["planned"]  # more old people, no cap


def test_healthy_ageing_shifts_the_old_bands_and_is_a_driver_of_its_own():
    from trappa.model.outlook import waterfall
    from trappa.model.projection import healthy_ageing, population_series, project_persons

    pop = population(BASE_POP, years=range(2023, 2034))
    rates = coverage_rates(base_decisions(), population_series(pop, BANDS, "MMMM").filter(pl.col("year") == 2023),
                           BANDS, 2023)  # fmt: skip
    persons = project_persons(rates, population_series(pop, BANDS, "MMMM"), range(2023, 2034))
    aged = healthy_ageing(persons, 2023, 1.0)
    # step 12: 90+ has 5 of 200, 85-89 none; after 10 years 90+ moves 1 year of its 5-year width towards 85-89
    r90 = aged.filter((pl.col("step") == 12) & (pl.col("band") == "90+") & (pl.col("year") == 2033))["rate"][0]
    assert r90 == pytest.approx(5 / 200 * (1 - 1 / 5))
    assert aged.filter(pl.col("year") == 2023)["rate"].to_list() == persons.filter(pl.col("year") == 2023)[
        "rate"].to_list()  # fmt: skip
    assert healthy_ageing(persons, 2023, 0.0).equals(persons)  # off by default
    scenario = reference().model_copy(update={"name": "Sunn", "healthy_ageing_years": 1.0})
    table = waterfall(base_decisions(), pop, PROFILE, scenario, base_year=2023, to_year=2033)
    effect = table.filter(pl.col("driver") == "Sunn aldring (1 år per tiår, ei antaking)")
    assert effect.filter(pl.col("step") == 12)["persons"][0] < 0


def test_moves_are_priced_by_who_moves():
    """An elderly person moved from a nursing home to 24-hour housing costs what the elderly cost there,
    not the step's average, which young adults with disabilities raise."""
    from trappa.model.scenario import Move, Scenario

    people = decisions(
        [(f"A{i}", 12, 2023 - 92) for i in range(5)]  # five elderly in the nursing home
        + [(f"E{i}", 10, 2023 - 87) for i in range(5)]  # five elderly in 24-hour housing
    ).vstack(
        pl.DataFrame(
            [(f"H{i}", "S", 10, 0.0, date(2023, 1, 1), None, None, 2000, "habilitering", None, None) for i in range(5)],
            schema=SCHEMAS["decisions"], orient="row",
        )
    )  # fmt: skip
    profile = pl.DataFrame({
        "step": [10, 12], "persons": [10, 5], "decisions": [10, 5], "decided_hours_per_week": [0.0, 0.0],
        "places": [10.0, 5.0], "ftes": [20.0, 5.0], "net_cost": [10_000_000.0, 3_000_000.0],
        "gross_cost": [10_000_000.0, 3_000_000.0],
    })  # fmt: skip
    by_group = pl.DataFrame({
        "step": [10, 10, 12], "user_group": ["andre", "habilitering", "andre"], "persons": [5, 5, 5],
        "decisions": [5, 5, 5], "decided_hours_per_week": [0.0, 0.0, 0.0], "places": [5.0, 5.0, 5.0],
        "ftes": [3.0, 17.0, 5.0], "net_cost": [2_000_000.0, 8_000_000.0, 3_000_000.0],
        "gross_cost": [2_000_000.0, 8_000_000.0, 3_000_000.0],
    })  # fmt: skip
    pop = population(BASE_POP)
    move = Scenario(name="Flytt", population_alternative="MMMM",
                    moves=[Move(from_step=12, to_step=10, share_percent=40, from_year=2024, to_year=2024)])  # fmt: skip
    average = project_scenario(people, pop, profile, move, base_year=2023, to_year=2026)
    grouped = project_scenario(people, pop, profile, move, base_year=2023, to_year=2026, group_profile=by_group)
    ref = project_scenario(people, pop, profile, reference(), base_year=2023, to_year=2026)

    def cost(o) -> float:
        return o.table.filter(pl.col("year") == 2026)["net_cost"].sum()

    # two persons move: at the step average (1 MNOK) they add cost; as the elderly there (0,4 MNOK) they save
    assert cost(average) - cost(ref) == pytest.approx(2 * (1_000_000 - 600_000))
    assert cost(grouped) - cost(ref) == pytest.approx(2 * (400_000 - 600_000))
    assert grouped.pricing and "prisa som 5 personar i gruppa på trinn 10" in grouped.pricing[0]
    persons = grouped.table.filter(pl.col("year") == 2026)["persons"].sum()
    assert persons == pytest.approx(average.table.filter(pl.col("year") == 2026)["persons"].sum())


def test_the_demo_flagship_lowers_the_cost_in_2040(demo_db):
    from trappa.services import projection

    flagship = projection.scenario(demo_db, "Heildøgns bustad framfor institusjon")
    run = projection.run(demo_db, [flagship], to_year=2040)
    ref, moved = (o.totals().filter(pl.col("year") == 2040)["net_cost"][0] for o in run.outlooks)
    assert moved < ref  # elderly moved to 24-hour housing cost less than in a nursing home
    assert "Andre, hovudsakleg eldre: prisa som" in run.outlooks[1].pricing[0]  # the name, not the code


def test_presets_alternativ_0_is_the_reference_exactly_and_1_moves_the_old(demo_home):
    from trappa.model.presets import presets

    zero, one, two = presets("alver", "MMMM")
    pop = population(BASE_POP)
    ref = project_scenario(base_decisions(), pop, PROFILE, reference(), base_year=2023, to_year=2030)
    same = project_scenario(base_decisions(), pop, PROFILE, zero, base_year=2023, to_year=2030)
    assert_frame_equal(same.table, ref.table, check_exact=True)  # to the last bit
    assert [(m.from_step, m.to_step) for m in two.moves] == [(12, 10), (12, 6)] and one.moves[0].bands == [
        "80-84", "85-89", "90+"]  # fmt: skip
    moved = project_scenario(base_decisions(), pop, PROFILE, one, base_year=2023, to_year=2030)
    twelve = moved.table.filter((pl.col("year") == 2030) & (pl.col("step") == 12))["persons"][0]
    assert twelve == pytest.approx(ref.table.filter((pl.col("year") == 2030) & (pl.col("step") == 12))["persons"][0]
                                   * 0.8)  # fmt: skip
    asker = presets("asker", "MMMM")[2]
    assert [(m.from_step, m.to_step) for m in asker.moves] == [(12, 10), (12, 7)]

    from .test_cli import run

    saved = run(demo_home, "scenario", "presets").stdout
    assert "Alternativ 1: færre institusjonsplassar for 80+" in saved
    assert "Alternativ 2: og fleire heime" in run(demo_home, "scenario", "list").stdout


def test_the_housing_the_staircase_needs_with_its_gap_and_investment(demo_db):
    from trappa.services import projection

    run = projection.run(demo_db, [], to_year=2040)
    needs = {h.number: h for h in projection.housing_needs(demo_db, run, [2023, 2030, 2040])}
    omsorg = needs[5]  # 24-hour housing (omsorg+), step 10
    assert omsorg.units_today and omsorg.needed[2023] == pytest.approx(omsorg.units_today)  # today's ratio held
    assert omsorg.planned == 12 and omsorg.gap == pytest.approx(max(0, omsorg.needed[2040] - omsorg.units_today - 12))
    assert omsorg.investment == pytest.approx(omsorg.gap * 700_000)
    assert needs[1].needed == {} and needs[1].gap is None  # own home: no steps, no units said


def test_the_age_band_within_the_user_group_prices_a_move_too():
    """Those aged 90+ in home care are decided more hours than the group's average: moved there, they cost more."""
    from trappa.model.scenario import Move, Scenario

    rows = [(f"Y{i}", "S", 6, 2.0, date(2023, 1, 1), None, None, 2023 - 82, "andre", None, None) for i in range(5)]
    rows += [(f"O{i}", "S", 6, 8.0, date(2023, 1, 1), None, None, 2023 - 92, "andre", None, None) for i in range(5)]
    rows += [(f"N{i}", "S", 12, 0.0, date(2023, 1, 1), None, None, 2023 - 92, "andre", None, None) for i in range(5)]
    people = pl.DataFrame(rows, schema=SCHEMAS["decisions"], orient="row")
    profile = pl.DataFrame({
        "step": [6, 12], "persons": [10, 5], "decisions": [10, 5], "decided_hours_per_week": [50.0, 0.0],
        "places": [None, 5.0], "ftes": [5.0, 5.0], "net_cost": [1_000_000.0, 3_000_000.0],
        "gross_cost": [1_000_000.0, 3_000_000.0],
    })  # fmt: skip
    by_group = profile.with_columns(pl.lit("andre").alias("user_group"))
    pop = population(BASE_POP)
    move = Scenario(name="Heim", population_alternative="MMMM",
                    moves=[Move(from_step=12, to_step=6, share_percent=40, from_year=2024, to_year=2024)])  # fmt: skip
    ref = project_scenario(people, pop, profile, reference(), base_year=2023, to_year=2026)
    priced = project_scenario(people, pop, profile, move, base_year=2023, to_year=2026, group_profile=by_group)

    def cost(o) -> float:
        return o.table.filter(pl.col("year") == 2026)["net_cost"].sum()

    # two 92-year-olds move: they leave 600 000 each and use 8 of the group's 5 hours a week at 100 000 a person
    assert cost(priced) - cost(ref) == pytest.approx(2 * (100_000 * 8 / 5 - 600_000))


def test_a_move_priced_at_what_the_scenario_names_from_the_catalogue(demo_db):
    from trappa.model.scenario import Move
    from trappa.services import prices as price_service
    from trappa.services import projection

    flagship = projection.scenario(demo_db, "Heildøgns bustad framfor institusjon")
    named = flagship.model_copy(update={"name": "Med katalogpris", "moves": [
        m.model_copy(update={"price_kind": "housing_24h"}) for m in flagship.moves]})  # fmt: skip
    run = projection.run(demo_db, [flagship, named], to_year=2040)
    price = next(p.price for p in price_service.catalogue(demo_db, run.base_year).prices if p.kind == "housing_24h")
    assert any(f"{price:,.0f}".replace(",", "\u00a0") in note for note in run.outlooks[2].pricing)
    by_group, by_catalogue = (o.totals().filter(pl.col("year") == 2040)["net_cost"][0] for o in run.outlooks[1:])
    assert by_group != pytest.approx(by_catalogue)
    cheap = flagship.model_copy(update={"name": "Billig", "moves": [
        Move(**{**m.model_dump(), "cost_per_person": 0.0}) for m in flagship.moves]})  # fmt: skip
    free = projection.run(demo_db, [cheap], to_year=2040).outlooks[1].totals().filter(pl.col("year") == 2040)
    assert free["net_cost"][0] < by_group  # nothing a year on the new step: cheaper than any real price
    wrong = flagship.model_copy(update={"moves": [m.model_copy(update={"price_kind": "bpa"}) for m in flagship.moves]})
    with pytest.raises(Exception, match="pris per plassår"):
        projection.run(demo_db, [wrong], to_year=2040)


def test_the_same_data_gives_the_same_projection_to_the_last_bit():
    """Polars adds floats in parallel in no fixed order; trappa's sums do not (trappa.model.sums)."""
    from trappa.model.presets import presets

    pop = population(BASE_POP, growth_80=0.05)
    scenarios = presets("alver", "MMMM")
    first = [project_scenario(base_decisions(), pop, PROFILE, s, base_year=2023, to_year=2030).table for s in scenarios]
    for _ in range(8):
        again = [project_scenario(base_decisions(), pop, PROFILE, s, base_year=2023, to_year=2030).table
                 for s in scenarios]  # fmt: skip
        for a, b in zip(first, again, strict=True):
            assert_frame_equal(a, b, check_exact=True)
