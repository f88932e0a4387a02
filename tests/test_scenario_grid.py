"""The projection's dense core gives what the rules on long tables gave, to the last bit."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from trappa.model.projection import project_persons
from trappa.model.scenario import Cap, Move, RateChange, Scenario
from trappa.model.scenario_grid import Grid, affected, apply, places_per_person, run, scenario_step_totals

from . import projection_oracle as oracle

BANDS = ["0-66", "67-79", "80-89", "90+"]
YEARS = range(2024, 2036)
PLACES = pl.DataFrame({"step": [3, 5, 6], "places_per_person": [0.0, 1.0, 0.9]})


def _persons(seed: int, municipalities: int, steps: list[int], sparse: bool = False) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    munis = [f"{3000 + i:04d}" for i in range(municipalities)]
    series = pl.DataFrame(
        [(y, m, b, float(rng.uniform(10, 5000))) for y in YEARS for m in munis for b in BANDS],
        schema={"year": pl.Int64, "municipality": pl.Utf8, "band": pl.Utf8, "inhabitants": pl.Float64},
        orient="row",
    )
    rates = pl.DataFrame(
        [
            (m, s, b, float(rng.uniform(0, 0.3)))
            for m in munis
            for s in steps
            for b in BANDS
            if not sparse or rng.uniform() < 0.6
        ],  # fmt: skip
        schema={"municipality": pl.Utf8, "step": pl.Int64, "band": pl.Utf8, "rate": pl.Float64},
        orient="row",
    )
    return project_persons(rates, series, YEARS, by=["municipality"])


years = st.integers(2022, 2037)
bands = st.one_of(st.none(), st.lists(st.sampled_from(BANDS), min_size=1, max_size=3, unique=True))
steps = st.integers(1, 7)


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    def phase() -> dict[str, int]:
        start = draw(years)
        return {"from_year": start, "to_year": start + draw(st.integers(0, 6))}

    changes = [
        RateChange(
            step=draw(steps),
            bands=draw(bands),
            **phase(),
            **draw(
                st.sampled_from([{"change_percent": draw(st.floats(-100, 200))}, {"set_rate": draw(st.floats(0, 1))}])
            ),
        )  # fmt: skip
        for _ in range(draw(st.integers(0, 3)))
    ]
    moves = []
    for _ in range(draw(st.integers(0, 3))):
        start, end = draw(st.lists(steps, min_size=2, max_size=2, unique=True))
        moves.append(Move(from_step=start, to_step=end, share_percent=draw(st.floats(0.5, 100)), bands=draw(bands),
                          **phase()))  # fmt: skip
    caps = [
        Cap(
            step=draw(steps),
            places=draw(st.floats(0, 3000)),
            from_year=draw(years),
            places_by_year=draw(st.dictionaries(years, st.floats(0, 3000), max_size=2)),
            overflow_to=draw(st.one_of(st.none(), steps)),
        )  # fmt: skip
        for _ in range(draw(st.integers(0, 2)))
    ]
    caps = [c for c in caps if c.overflow_to != c.step]
    return Scenario(name="s", rate_changes=changes, moves=moves, caps=caps)


@settings(max_examples=60, deadline=None)
@given(st.lists(scenarios(), min_size=1, max_size=3), st.integers(0, 10_000), st.integers(1, 3))
def test_the_dense_core_gives_the_long_tables_totals_to_the_last_bit(chosen, seed, municipalities):
    # Every step of the scenarios exists for every municipality and band: then the two agree exactly.
    persons = _persons(seed, municipalities, list(range(1, 8)))
    dense = scenario_step_totals(persons, chosen, PLACES, by=["municipality"])
    for got, want in zip(dense, oracle.scenario_step_totals(persons, chosen, PLACES, by=["municipality"]), strict=True):
        assert_frame_equal(got, want, check_exact=True)


@settings(max_examples=40, deadline=None)
@given(scenarios(), st.integers(0, 10_000))
def test_the_dense_core_moves_and_prices_the_same_persons(scenario, seed):
    persons = _persons(seed, 2, list(range(1, 8)))
    want = oracle.moved_persons(persons, scenario, ["municipality"])
    got = run(Grid.from_persons(persons, ["municipality"], affected(scenario)), scenario, {}).moved_persons()
    assert list(got.columns) == ["move", "from_step", "to_step", "year", "municipality", "band", "moved"]
    if want.is_empty():
        assert got.is_empty()
    else:
        assert_frame_equal(got, want.select(got.columns), check_exact=True)


@settings(max_examples=40, deadline=None)
@given(scenarios(), st.integers(0, 10_000))
def test_nobody_disappears_where_a_step_lacks_bands_or_municipalities(scenario, seed):
    # The long tables lost persons moved to a step a municipality had no row of; the grid has every cell.
    persons = _persons(seed, 3, [1, 3, 5, 6], sparse=True)
    if persons.is_empty():
        return
    out = apply(persons, scenario, PLACES, by=["municipality"])
    after = out.group_by("year").agg((pl.col("persons") + pl.col("unmet")).sum()).sort("year")
    # Rate changes alone change the total; compare with the same scenario without its moves and caps.
    only_rates = apply(persons, Scenario(name="r", rate_changes=scenario.rate_changes), PLACES, by=["municipality"])
    before = only_rates.group_by("year").agg(pl.col("persons").sum()).sort("year")
    assert after["persons"].to_list() == pytest.approx(before["persons"].to_list(), rel=1e-9, abs=1e-9)
    assert (out["persons"] >= -1e-9).all() and (out["unmet"] >= 0).all()


def test_a_grid_refuses_two_rows_for_one_cell():
    persons = _persons(1, 1, [1])
    with pytest.raises(ValueError, match="more than one row"):
        Grid.from_persons(pl.concat([persons, persons.head(1)]), ["municipality"])


def test_per_band_rows_keep_the_tables_columns_and_types():
    persons = _persons(2, 2, [1, 3, 5])
    out = apply(persons, Scenario(name="m", moves=[Move(from_step=5, to_step=7, share_percent=10, from_year=2025,
                                                       to_year=2025)]), PLACES, by=["municipality"])  # fmt: skip
    assert out.schema == {**persons.schema, "unmet": pl.Float64}
    # step 7 had nobody: it is there now, for every municipality, band and year
    assert out.filter(pl.col("step") == 7).height == 2 * len(BANDS) * len(YEARS)
    assert places_per_person(PLACES) == {3: 0.0, 5: 1.0, 6: 0.9}


GROUPS = ["andre", "habilitering", "psykisk_helse_rus"]
METRIC_COLUMNS = ["decisions", "decided_hours_per_week", "places", "ftes", "net_cost", "gross_cost"]


def _pricing(seed: int) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """A user-group mix with bands that have none of their own (and a step with no mix at all), groups
    with too few persons to carry a price, ratios for some bands only, step averages for most steps."""
    rng = np.random.default_rng(seed)
    mix = [(s, b, g, float(rng.uniform(0.05, 1))) for s in range(1, 7) for b in [*BANDS, "*"] for g in GROUPS
           if (b == "*" or rng.uniform() < 0.7) and rng.uniform() < 0.8]  # fmt: skip
    groups = [(s, g, int(rng.integers(0, 30)), *rng.uniform(0, 2e5, 6)) for s in range(1, 8) for g in GROUPS
              if rng.uniform() < 0.8]  # fmt: skip
    ratios = [(s, g, b, float(rng.uniform(0.3, 2))) for s in range(1, 8) for g in GROUPS for b in BANDS
              if rng.uniform() < 0.5]  # fmt: skip
    per = [f"{m}_per_person" for m in METRIC_COLUMNS]
    steps = pl.DataFrame([(s, *rng.uniform(0, 2e5, 6)) for s in range(1, 8) if s != 4],
                         schema=["step", *per], orient="row")  # fmt: skip
    return (
        pl.DataFrame(mix, schema={"step": pl.Int64, "band": pl.Utf8, "user_group": pl.Utf8, "mix": pl.Float64},
                     orient="row"),
        pl.DataFrame(groups, schema=["step", "user_group", "persons", *per], orient="row"),
        pl.DataFrame(ratios, schema={"step": pl.Int64, "user_group": pl.Utf8, "band": pl.Utf8, "ratio": pl.Float64},
                     orient="row"),
        steps,
    )  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(scenarios(), st.integers(0, 10_000), st.floats(-0.05, 0.1), st.booleans())
def test_moves_are_priced_by_who_moves_as_on_long_tables(scenario, seed, growth, name_a_price):
    from trappa.model.move_pricing import corrections

    persons = _persons(seed, 2, list(range(1, 8)))
    mix, groups, ratios, steps = _pricing(seed)
    named = {0: 654_321.5} if name_a_price and scenario.moves else {}
    outcome = run(Grid.from_persons(persons, ["municipality"], affected(scenario)), scenario, {})
    got, got_notes = corrections(outcome, mix, groups, steps, 2024, growth, ratios=ratios, named=named)
    moved = oracle.moved_persons(persons, scenario, ["municipality"])
    want, want_notes = oracle.corrections(moved, mix, groups, steps, 2024, growth, ["municipality"], ratios, named)
    if moved.is_empty():
        assert got.is_empty() and got_notes == want_notes == []
        return
    keys = ["year", "municipality", "step"]
    both = got.join(want, on=keys, how="full", coalesce=True, suffix="__want")
    for m in METRIC_COLUMNS:
        # rows only the grid has carry no change; the others are the same to the last bit
        only_grid = both.filter(pl.col(f"{m}__want").is_null())[m]
        assert (only_grid == 0).all()
        shared = both.filter(pl.col(f"{m}__want").is_not_null())
        assert shared[m].to_list() == shared[f"{m}__want"].to_list(), m

    # the same words per move; groups that moved equally many may come in either order on long tables
    def words(notes: list[str]) -> list[tuple[str, list[str]]]:
        return [(head, sorted(rest.rstrip(".").split("; "))) for head, _, rest in (n.partition(": ") for n in notes)]

    assert words(got_notes) == words(want_notes)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 3), st.booleans())
def test_the_projection_straight_into_a_grid_is_the_long_tables_grid(seed, municipalities, sparse):
    rng = np.random.default_rng(seed)
    munis = [f"{3000 + i:04d}" for i in range(municipalities)]
    series = pl.DataFrame(
        [
            (y, m, b, float(rng.uniform(10, 5000)))
            for y in YEARS
            for m in munis
            for b in BANDS
            if not sparse or m != munis[0] or b != "90+"
        ],  # fmt: skip
        schema={"year": pl.Int64, "municipality": pl.Utf8, "band": pl.Utf8, "inhabitants": pl.Float64},
        orient="row",
    ).sample(fraction=1.0, shuffle=True, seed=seed)
    rates = pl.DataFrame(
        [
            (m, s, b, float(rng.uniform(0, 0.3)))
            for m in [*munis, "9999"]
            for s in (1, 3, 6)
            for b in BANDS
            if not sparse or rng.uniform() < 0.6
        ],  # fmt: skip
        schema={"municipality": pl.Utf8, "step": pl.Int64, "band": pl.Utf8, "rate": pl.Float64},
        orient="row",
    )
    long = project_persons(rates, series, YEARS, by=["municipality"])
    if long.is_empty():
        return
    want = Grid.from_persons(long, ["municipality"], {7})
    got = Grid.project(rates, series, YEARS, ["municipality"], steps={7})
    assert got.keys.equals(want.keys) and got.bands == want.bands
    assert (got.years == want.years).all() and (got.steps == want.steps).all()
    for name in ("persons", "rate", "has"):
        assert np.array_equal(getattr(got, name), getattr(want, name)), name
    lived = want.has.any(axis=2)
    assert np.array_equal(got.inhabitants[lived], want.inhabitants[lived])


@settings(max_examples=30, deadline=None)
@given(scenarios(), st.integers(0, 10_000), st.floats(-0.05, 0.1))
def test_metrics_on_the_grid_are_the_long_tables_metrics(scenario, seed, growth):
    from trappa.model.projection import with_intensities

    persons = _persons(seed, 2, list(range(1, 8)))
    _mix, _groups, _ratios, steps = _pricing(seed)
    outcome = run(Grid.from_persons(persons, ["municipality"], affected(scenario)), scenario, places_per_person(PLACES))
    want = with_intensities(outcome.step_totals(), steps, 2024, growth, by=["municipality"])
    assert_frame_equal(outcome.metrics(steps, 2024, growth), want, check_exact=True)


def test_no_persons_at_all_gives_empty_tables_not_an_error():
    empty = _persons(3, 1, [1]).clear()
    scenario = Scenario(name="m", moves=[Move(from_step=1, to_step=2, share_percent=5, from_year=2025, to_year=2026)])
    assert scenario_step_totals(empty, [scenario], PLACES, by=["municipality"])[0].is_empty()
    assert apply(empty, scenario, PLACES, by=["municipality"]).is_empty()
