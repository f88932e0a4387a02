"""The profile arithmetic: hand-computed cases and properties that hold for any mapping."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from trappa.model.allocation import split_exact
from trappa.model.mapping import allocate
from trappa.model.profile import ProfileInputs, build_profile
from trappa.staircase.outline import Outline
from trappa.staircase.templates import load_template
from trappa.store.read import SCHEMAS

STAIRCASE = Outline.of(load_template("alver"))

ACC_SCHEMA = SCHEMAS["accounts"]
MAP_SCHEMA = SCHEMAS["mapping"]
DEC_SCHEMA = SCHEMAS["decisions"]


def accounts(rows):
    return pl.DataFrame(
        [(2023, cc, None, art, fn, amount, None, None) for cc, art, fn, amount in rows], schema=ACC_SCHEMA, orient="row"
    )


def mapping(rows):
    return pl.DataFrame(
        [(2023, cc, fn, step, ug, share) for cc, fn, step, ug, share in rows], schema=MAP_SCHEMA, orient="row"
    )


def decisions(rows):
    return pl.DataFrame(
        [(p, "S", step, h, s, e, "80-84", None, "andre", None, None) for p, step, h, s, e in rows],
        schema=DEC_SCHEMA,
        orient="row",
    )


EMPTY_FTES = pl.DataFrame(schema={"year": pl.Int64, "cost_centre": pl.Utf8, "ftes": pl.Float64})
EMPTY_PLACES = pl.DataFrame(schema=SCHEMAS["places"])


def row(profile, step):
    return profile.table.filter(pl.col("step") == step).row(0, named=True)


def test_hand_computed_profile():
    acc = accounts(
        [
            ("100", "10100", "254", 1_000_000_00),  # 1 000 000 kr cost
            ("100", "16000", "254", -100_000_00),  # 100 000 kr income
            ("200", "10100", "253", 600_000_00),
            ("300", "10100", "120", 50_000_00),  # outside
            ("999", "10100", "254", 12_345_67),  # unmapped
        ]
    )
    mp = mapping(
        [
            ("100", None, 6, "andre", 75.0),
            ("100", None, 5, "andre", 25.0),
            ("200", None, 12, "andre", 100.0),
            ("300", None, 0, "alle", 100.0),
        ]
    )
    dec = decisions(
        [
            ("P1", 6, 7.0, date(2023, 1, 1), None),  # whole year, 7 h/week
            ("P1", 5, 2.0, date(2023, 7, 2), date(2023, 12, 31)),  # 183 days
            ("P2", 6, 14.0, date(2022, 1, 1), date(2023, 6, 30)),  # 181 days of 2023
            ("P3", 12, 0.0, date(2023, 3, 1), None),
            ("P4", 6, 5.0, date(2024, 1, 1), None),  # not active in 2023
        ]
    )
    ftes = pl.DataFrame({"year": [2023, 2023], "cost_centre": ["100", "200"], "ftes": [10.0, 6.0]})
    places = pl.DataFrame({"year": [2023], "unit": ["Heim"], "step": [12], "places": [2.0], "occupied_days": [700.0]})
    p = build_profile(ProfileInputs(acc, ftes, dec, places, mp), STAIRCASE, 2023)

    six = row(p, 6)
    assert six["gross_cost"] == 750_000.0
    assert six["income"] == -75_000.0
    assert six["net_cost"] == 675_000.0
    assert six["persons"] == 2
    assert six["persons_on_date"] == 1  # P2 ended 30 June
    assert six["decisions"] == 2
    assert six["decided_hours_per_week"] == pytest.approx(7.0 + 14.0 * 181 / 365)
    assert six["decided_hours_year"] == pytest.approx(7.0 * 365 / 7 + 14.0 * 181 / 7)
    assert six["cost_per_person"] == 337_500.0
    assert six["ftes"] == pytest.approx(7.5)  # 75 % of centre 100's gross cost
    assert six["cost_per_decided_hour"] == pytest.approx(675_000 / (365 + 14 * 181 / 7))

    five = row(p, 5)
    assert five["net_cost"] == 225_000.0 and five["ftes"] == pytest.approx(2.5)
    assert five["decided_hours_per_week"] == pytest.approx(2.0 * 183 / 365)

    twelve = row(p, 12)
    assert twelve["net_cost"] == 600_000.0 and twelve["places"] == 2.0
    assert twelve["cost_per_place"] == 300_000.0
    assert twelve["occupancy_percent"] == pytest.approx(700 / 730 * 100)
    assert twelve["cost_per_decided_hour"] is None  # places have no decided hours

    total_net = 1_500_000.0
    assert six["share_of_net_percent"] == pytest.approx(675_000 / total_net * 100)
    assert p.table["share_of_net_percent"].sum() == pytest.approx(100.0)

    c = p.controls
    assert c.accounts_total_ore == 1_000_000_00 - 100_000_00 + 600_000_00 + 50_000_00 + 12_345_67
    assert c.in_steps_ore == 1_500_000_00
    assert c.outside_staircase_ore == 50_000_00
    assert c.unmapped_ore == 12_345_67
    assert c.balanced
    assert p.unmapped_centres.to_dicts() == [{"cost_centre": "999", "amount_ore": 12_345_67, "cost_centre_name": None}]
    assert c.decisions_active == 4


def test_negative_net_step_keeps_shares_and_per_person_right():
    acc = accounts([("1", "10100", "233", 100_00), ("1", "18100", "233", -1_100_00), ("2", "10100", "254", 3_000_00)])
    mp = mapping([("1", None, 1, "alle", 100.0), ("2", None, 6, "andre", 100.0)])
    dec = decisions([("P1", 1, 0.0, date(2023, 1, 1), None), ("P2", 1, 0.0, date(2023, 1, 1), None)])
    p = build_profile(ProfileInputs(acc, EMPTY_FTES, dec, EMPTY_PLACES, mp), STAIRCASE, 2023)
    one = row(p, 1)
    assert one["net_cost"] == -1_000.0
    assert one["share_of_net_percent"] == pytest.approx(-1_000 / 2_000 * 100)
    assert row(p, 6)["share_of_net_percent"] == pytest.approx(150.0)
    assert one["cost_per_person"] == -500.0


def test_share_problems_and_function_specific_keys():
    acc = accounts([("100", "10100", "254", 1000_00), ("100", "10100", "253", 500_00)])
    mp = mapping([("100", None, 6, "andre", 60.0), ("100", "253", 12, "andre", 100.0)])
    p = build_profile(ProfileInputs(acc, EMPTY_FTES, decisions([]), EMPTY_PLACES, mp), STAIRCASE, 2023)
    assert row(p, 12)["net_cost"] == 500.0  # the function-specific key wins for 253
    assert row(p, 6)["net_cost"] == 600.0
    assert p.controls.unmapped_ore == 400_00  # 40 % of the 254 line has no step
    assert p.share_problems.to_dicts() == [{"year": 2023, "selector": "100", "function": None, "share_sum": 60.0}]
    assert p.controls.balanced


def test_ranges_and_prefixes_narrowest_wins():
    acc = accounts([("4601", "10100", "254", 100), ("4650", "10100", "254", 100), ("4999", "10100", "254", 100)])
    mp = mapping(
        [("46*", None, 6, "alle", 100.0), ("4600-4609", None, 5, "alle", 100.0), ("4000-4999", None, 0, "alle", 100.0)]
    )
    alloc, ties = allocate(acc.select("year", "cost_centre", "function", "amount_ore"), mp, ["amount_ore"])
    steps = dict(alloc.select("cost_centre", "step").iter_rows())
    assert steps == {"4601": 5, "4650": 6, "4999": 0}
    assert ties.is_empty()


def test_two_keys_as_narrow_as_each_other_are_a_tie_and_the_first_by_name_is_used():
    # «46*» and «4600-4699» both span 100 centres: neither is narrower for 4601 (4701 has one key only)
    acc = accounts([("4601", "10100", "254", 100), ("4701", "10100", "254", 100)])
    mp = mapping(
        [("46*", None, 6, "alle", 100.0), ("4600-4699", None, 5, "alle", 100.0), ("47*", None, 7, "alle", 100.0)]
    )
    alloc, ties = allocate(acc.select("year", "cost_centre", "function", "amount_ore"), mp, ["amount_ore"])
    assert dict(alloc.select("cost_centre", "step").iter_rows()) == {"4601": 6, "4701": 7}  # «46*» sorts first
    assert ties.select("cost_centre", "selectors").to_dicts() == [
        {"cost_centre": "4601", "selectors": ["46*", "4600-4699"]}
    ]


def test_decisions_without_step_are_listed():
    dec = decisions([("P1", None, 1.0, date(2023, 1, 1), None)]).with_columns(pl.lit("Ukjend teneste").alias("service"))
    p = build_profile(ProfileInputs(accounts([]), EMPTY_FTES, dec, EMPTY_PLACES, mapping([])), STAIRCASE, 2023)
    assert p.services_without_step["service"].to_list() == ["Ukjend teneste"]
    assert p.controls.decisions_without_step == 1


def test_by_user_group_splits_persons_and_money():
    acc = accounts([("1", "10100", "254", 1000_00), ("2", "10100", "254", 500_00)])
    mp = mapping([("1", None, 6, "andre", 100.0), ("2", None, 6, "habilitering", 100.0)])
    dec = pl.concat(
        [
            decisions([("P1", 6, 1.0, date(2023, 1, 1), None)]),
            decisions([("P2", 6, 1.0, date(2023, 1, 1), None)]).with_columns(
                pl.lit("habilitering").alias("user_group")
            ),
        ]
    )
    p = build_profile(ProfileInputs(acc, EMPTY_FTES, dec, EMPTY_PLACES, mp), STAIRCASE, 2023, by_user_group=True)
    six = {r["user_group"]: r for r in p.table.filter(pl.col("step") == 6).to_dicts()}
    assert six["andre"]["net_cost"] == 1000.0 and six["andre"]["persons"] == 1
    assert six["habilitering"]["net_cost"] == 500.0 and six["habilitering"]["persons"] == 1


# --- properties -----------------------------------------------------------------

amounts = st.integers(min_value=-(10**13), max_value=10**13)


@st.composite
def shares_summing_to_100(draw):
    """Shares in hundredths of a percent that sum to exactly 100 %."""
    n = draw(st.integers(min_value=1, max_value=8))
    cuts = sorted(draw(st.lists(st.integers(min_value=0, max_value=10_000), min_size=n - 1, max_size=n - 1)))
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, 10_000], strict=True)]
    return [p / 100 for p in parts if p > 0] or [100.0]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["10", "20", "30", "40"]), amounts), min_size=1, max_size=30),
    st.dictionaries(st.sampled_from(["10", "20", "30", "40"]), shares_summing_to_100(), min_size=4, max_size=4),
)
def test_totals_are_preserved_under_any_mapping_summing_to_100(lines, keys):
    acc = accounts([(cc, "10100", "254", a) for cc, a in lines])
    rows = [(cc, None, 1 + (i % 13), "alle", s) for cc, shares in keys.items() for i, s in enumerate(shares)]
    mp = mapping(rows)
    alloc, _ = allocate(acc.select("year", "cost_centre", "function", "amount_ore"), mp, ["amount_ore"])
    assert alloc["amount_ore"].sum() == acc["amount_ore"].sum()
    assert alloc.filter(pl.col("step").is_null()).height == 0
    for cc, shares in keys.items():
        centre_total = acc.filter(pl.col("cost_centre") == cc)["amount_ore"].sum()
        got = alloc.filter(pl.col("cost_centre") == cc)
        assert got["amount_ore"].sum() == centre_total
        for i, s in enumerate(shares):
            part = got.filter(pl.col("step") == 1 + (i % 13))["amount_ore"].sum()
            assert abs(part - centre_total * s / 100) <= len(shares) + abs(centre_total) * 1e-12


@settings(max_examples=100, deadline=None)
@given(
    st.lists(amounts, min_size=1, max_size=10),
    st.lists(st.floats(min_value=0.01, max_value=1000), min_size=1, max_size=10),
)
def test_split_exact_never_loses_an_ore(values, weights):
    frame = pl.DataFrame(
        {
            "g": [i for i in range(len(values)) for _ in weights],
            "v": [v for v in values for _ in weights],
            "w": [w for _ in values for w in weights],
        }
    )
    out = split_exact(frame, ["g"], "v", "w")
    sums = out.group_by("g").agg(pl.col("v").sum()).sort("g")["v"].to_list()
    assert sums == values


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["10", "20", "99"]), st.sampled_from(["10100", "16000"]), amounts),
        min_size=1,
        max_size=20,
    ),
    shares_summing_to_100(),
)
def test_profile_control_totals_always_balance(lines, shares):
    acc = accounts([(cc, art, "254", a) for cc, art, a in lines])
    mp = mapping([("10", None, 2 + i, "andre", s) for i, s in enumerate(shares)] + [("20", None, 0, "alle", 100.0)])
    p = build_profile(ProfileInputs(acc, EMPTY_FTES, decisions([]), EMPTY_PLACES, mp), STAIRCASE, 2023)
    c = p.controls
    assert c.balanced
    assert c.accounts_total_ore == sum(a for _, _, a in lines)
    assert c.unmapped_ore == sum(a for cc, _, a in lines if cc == "99")
    assert int(p.table["net_ore"].sum()) == c.in_steps_ore
    assert int(p.table["gross_ore"].sum() + p.table["income_ore"].sum()) == c.in_steps_ore


def test_the_same_data_in_any_order_gives_byte_identical_json(demo_db):
    """Rounding of øre and sums of floats must not depend on the order of the rows."""
    import dataclasses
    import re

    from trappa.report.document import profile_document, to_json
    from trappa.services import outline
    from trappa.store.read import load_inputs

    inputs = load_inputs(demo_db, 2023)
    steps = outline.current(demo_db)

    def document(seed: int | None) -> str:
        shuffled = inputs
        if seed is not None:
            shuffled = dataclasses.replace(
                inputs,
                **{
                    f.name: getattr(inputs, f.name).sample(fraction=1.0, shuffle=True, seed=seed + i)
                    for i, f in enumerate(dataclasses.fields(inputs))
                    if getattr(inputs, f.name) is not None
                },
            )
        profiles = [build_profile(shuffled, steps, 2023), build_profile(shuffled, steps, 2023, by_user_group=True)]
        return to_json(profile_document(profiles, municipality="Demo", synthetic=True, staircase=steps.id))

    first = document(None)
    assert all(document(seed) == first for seed in range(10))
    assert not re.search(r'": -0(\.0)?[,\n]', first)  # no «-0»
    assert not re.search(r"\d{7,}[1-9]\d*,?\n|e-\d", first.replace('"', ""))  # no float noise


def test_occupancy_only_over_units_that_report_occupied_days():
    places = pl.DataFrame(
        [(2023, "A", 12, 10.0, 3650.0, "eigen"), (2023, "B", 12, 10.0, None, "kjøp"), (2023, "C", 13, 4.0, None, None)],
        schema=EMPTY_PLACES.schema,
        orient="row",
    )
    acc, mp = accounts([("100", "10100", "253", 1_000_00)]), mapping([("100", None, 12, "andre", 100.0)])
    p = build_profile(ProfileInputs(acc, EMPTY_FTES, decisions([]), places, mp), STAIRCASE, 2023)
    assert row(p, 12)["places"] == 20.0 and row(p, 12)["occupancy_percent"] == 100.0  # A's 10 places, full all year
    assert row(p, 13)["places"] == 4.0 and row(p, 13)["occupancy_percent"] is None  # unknown, not 0 %
    assert row(p, 6)["occupancy_percent"] is None


def test_a_shared_centre_is_spread_in_proportion_to_the_direct_costs():
    acc = accounts(
        [
            ("100", "10100", "254", 600_000_00),  # direct: step 6
            ("200", "10100", "253", 400_000_00),  # direct: step 12
            ("200", "16000", "253", -50_000_00),  # income does not weigh
            ("900", "10100", "254", 100_000_01),  # administration, spread «etter kostnad»
        ]
    )
    mp = mapping(
        [("100", None, 6, "andre", 100.0), ("200", None, 12, "andre", 100.0), ("900", None, -1, "alle", 100.0)]
    )
    p = build_profile(ProfileInputs(acc, EMPTY_FTES, decisions([]), EMPTY_PLACES, mp), STAIRCASE, 2023)
    assert row(p, 6)["gross_cost"] == 660_000.01 and row(p, 12)["gross_cost"] == 440_000.00
    assert p.controls.balanced and p.controls.unmapped_ore == 0
    # With no direct cost in the year, the shared centre stays unmapped and is shown as such.
    alone = build_profile(
        ProfileInputs(accounts([("900", "10100", "254", 1_000_00)]), EMPTY_FTES, decisions([]), EMPTY_PLACES, mp),
        STAIRCASE,
        2023,
    )
    assert alone.controls.unmapped_ore == 1_000_00 and alone.unmapped_centres["cost_centre"].to_list() == ["900"]


def test_the_mapping_file_says_etter_kostnad(tmp_path):
    from trappa.ingest.contracts import MAPPING, read_contract

    from .conftest import write

    path = write(
        tmp_path / "f.csv", "år;ansvar;trinn;brukargruppe;del\n2023;900;etter kostnad;alle;100\n2023;100;6;andre;100\n"
    )
    frame = read_contract(path, MAPPING)
    assert frame["step"].to_list() == [-1, 6]


def test_bought_services_and_places_beside_own_production():
    acc = accounts([("100", "10100", "253", 700_000_00), ("100", "37000", "253", 300_000_00)])  # art 370: bought
    mp = mapping([("100", None, 12, "andre", 100.0)])
    places = pl.DataFrame(
        [(2023, "Eigen", 12, 20.0, None, "eigen"), (2023, "Kjøpt", 12, 4.0, None, "kjøp")],
        schema=EMPTY_PLACES.schema,
        orient="row",
    )
    p = build_profile(ProfileInputs(acc, EMPTY_FTES, decisions([]), places, mp), STAIRCASE, 2023)
    twelve = row(p, 12)
    assert (twelve["gross_cost"], twelve["bought_cost"], twelve["own_cost"]) == (1_000_000.0, 300_000.0, 700_000.0)
    assert (twelve["places"], twelve["bought_places"]) == (24.0, 4.0)
    assert row(p, 6)["bought_places"] is None  # no unit says, so nothing is claimed


def test_monthly_volumes_from_the_decisions_active_in_each_month():
    from trappa.model.decisions import monthly_volumes

    dec = decisions(
        [
            ("P1", 6, 7.0, date(2023, 1, 1), None),  # all year: 7 h/week → 1 h a day
            ("P2", 6, 14.0, date(2023, 2, 15), date(2023, 2, 28)),  # 14 days of February: 2 h a day
            ("P3", 12, 0.0, date(2022, 6, 1), date(2023, 1, 31)),  # January only
        ]
    )
    m = monthly_volumes(dec, 2023)
    six = {r["period"]: r for r in m.filter(pl.col("step") == 6).to_dicts()}
    assert six["2023-01"]["decided_hours"] == pytest.approx(31.0) and six["2023-01"]["persons"] == 1
    assert six["2023-02"]["decided_hours"] == pytest.approx(28.0 + 28.0) and six["2023-02"]["persons"] == 2
    twelve = {r["period"]: r["persons"] for r in m.filter(pl.col("step") == 12).to_dicts()}
    assert twelve["2023-01"] == 1 and twelve["2023-02"] == 0 and len(twelve) == 12
    # The months add up to the year's decided hours.
    assert m.filter(pl.col("step") == 6)["decided_hours"].sum() == pytest.approx(365 + 28)


def test_the_refund_for_high_cost_users_is_told_from_other_income(demo_db):
    import polars as pl

    from trappa.services import municipality
    from trappa.services import profile as profiles
    from trappa.store.read import load_table

    assert municipality.load(demo_db).refund_arts == ["18110"]
    table = profiles.profile(demo_db, 2023).table
    booked = load_table(demo_db, "accounts", 2023).filter(pl.col("art") == "18110")["amount_ore"].sum() / 100
    assert booked < 0 and table["refund_income"].sum() == pytest.approx(booked)
    assert (table["refund_income"] >= table["income"]).all()  # a part of the income (both negative)
    habilitation = table.filter(pl.col("refund_income") < 0)["step"].to_list()
    assert habilitation and all(step >= 6 for step in habilitation)
    municipality.update(demo_db, "test", refund_arts=[])
    assert profiles.profile(demo_db, 2023).table["refund_income"].sum() == 0


def test_the_same_data_in_any_row_order_gives_the_same_profile_byte_for_byte(demo_db):
    """Ten runs over the demo's inputs shuffled: the same JSON, byte for byte, and the same figures to the last bit."""
    import dataclasses

    from polars.testing import assert_frame_equal

    from trappa.model.profile import build_profile
    from trappa.report.document import year_profile
    from trappa.services import municipality, outline
    from trappa.store.read import load_inputs

    inputs = load_inputs(demo_db, 2023)
    stairs = outline.current(demo_db)
    refund = municipality.load(demo_db).refund_arts
    first = build_profile(inputs, stairs, 2023, refund_arts=refund)
    first_json = year_profile(first).model_dump_json()
    for seed in range(10):
        shuffled = dataclasses.replace(
            inputs,
            **{f.name: getattr(inputs, f.name).sample(fraction=1.0, shuffle=True, seed=seed)
               for f in dataclasses.fields(inputs) if isinstance(getattr(inputs, f.name), pl.DataFrame)},
        )  # fmt: skip
        again = build_profile(shuffled, stairs, 2023, refund_arts=refund)
        assert year_profile(again).model_dump_json() == first_json
        assert_frame_equal(again.table, first.table, check_exact=True)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 6),  # the group
            st.sampled_from([1.0, 2.0, 0.5, 33.33, 50.0, 70.0, 30.0, 100.0]),  # its weights, ties likely
            st.sampled_from(["a", "b", "c"]),  # content that tells equal remainders apart
        ),
        min_size=1,
        max_size=25,
        unique_by=lambda r: (r[0], r[2]),
    ),
    st.lists(amounts, min_size=7, max_size=7),
    st.randoms(use_true_random=False),
)
def test_split_exact_gives_the_same_ore_as_the_reference_in_any_order(rows, values, rng):
    """Groups of one row, ties in remainder and weight, negative and zero amounts: the fast split gives
    every row the øre the reference gives it, and the same for the rows in another order."""
    from tests.split_oracle import reference_split

    frame = pl.DataFrame(
        {
            "g": [g for g, _, _ in rows],
            "v": [values[g] for g, _, _ in rows],
            "w": [w for _, w, _ in rows],
            "tag": [t for _, _, t in rows],
        }  # fmt: skip
    )
    expected = reference_split(frame, ["g"], "v", "w")
    assert_frame_equal(split_exact(frame, ["g"], "v", "w"), expected)
    order = list(range(frame.height))
    rng.shuffle(order)
    shuffled = frame[order]
    assert_frame_equal(split_exact(shuffled, ["g"], "v", "w"), expected[order])


def test_an_unmapped_centre_has_one_name_whatever_the_order_of_its_lines():
    """Two lines of one centre with different names: the list names it the same in either order."""
    lines = [(2023, "99", name, "10100", "254", 100, None, None) for name in ("Nytt namn", "Gamalt namn")]
    names = set()
    for order in (lines, lines[::-1]):
        acc = pl.DataFrame(order, schema=ACC_SCHEMA, orient="row")
        p = build_profile(ProfileInputs(acc, EMPTY_FTES, decisions([]), EMPTY_PLACES, mapping([])), STAIRCASE, 2023)
        names.add(p.unmapped_centres["cost_centre_name"].to_list()[0])
    assert names == {"Gamalt namn"}
