"""SPC: one small test per rule on hand-made series with known answers, and the edge cases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trappa.model import spc


def periods(n: int) -> list[str]:
    return [f"{2024 + i // 12}-{i % 12 + 1:02d}" for i in range(n)]


def test_limits_from_the_mean_moving_range():
    values = [10, 12, 11, 13, 12]  # moving ranges 2, 1, 2, 1: mean 1.5
    centre, lower, upper = spc.xmr_limits(values)
    assert centre == pytest.approx(11.6)
    assert (lower, upper) == (pytest.approx(11.6 - 2.66 * 1.5), pytest.approx(11.6 + 2.66 * 1.5))


def test_moving_ranges_at_or_above_3_267_times_the_mean_are_screened():
    values = [10, 10, 10, 10, 10, 10, 10, 10, 10, 40]  # ranges 0 × 8 and 30: mean 3.33, and 30 ≥ 3.267 × 3.33
    assert spc.mean_moving_range(values, screen=False) == pytest.approx(30 / 9)
    assert spc.mean_moving_range(values) == 0.0
    # At the boundary: a range exactly 3.267 × the mean is left out too.
    ranges_mean = 1.0
    assert not (spc.SCREEN * ranges_mean < spc.SCREEN * ranges_mean)


def test_beyond_limits_is_strict_a_point_on_a_limit_is_inside():
    assert spc.beyond_limits([5, 10, 15, 0], [0] * 4, [10] * 4) == [False, False, True, False]


def test_seven_rising_is_a_trend_six_is_not_and_a_tie_breaks_it():
    assert spc.trend([1, 2, 3, 4, 5, 6, 7]) == [True] * 7
    assert spc.trend([1, 2, 3, 4, 5, 6]) == [False] * 6  # shorter than 7: never a trend
    assert spc.trend([1, 2, 3, 3, 5, 6, 7, 8]) == [False] * 8  # the tie breaks the run
    assert spc.trend([9, 8, 7, 6, 5, 4, 3, 5]) == [True] * 7 + [False]  # falling counts too


def test_seven_on_one_side_is_a_shift_and_a_point_on_the_centre_breaks_it():
    centre = [10.0] * 9
    assert spc.shift([11, 12, 11, 13, 11, 12, 11, 9, 12], centre) == [True] * 7 + [False, False]
    assert spc.shift([11, 12, 11, 10, 11, 12, 11, 12, 11], centre) == [False] * 9


def test_two_of_three_near_a_limit_on_the_same_side():
    centre, lower, upper = [0.0] * 5, [-3.0] * 5, [3.0] * 5  # 2-sigma lines at ±2
    assert spc.two_of_three([2.5, 0.5, 2.5, 0, 0], centre, lower, upper) == [True, False, True, False, False]
    # Opposite sides do not count (NHSRplotthedots issue #143).
    assert spc.two_of_three([2.5, 0.5, -2.5, 0, 0], centre, lower, upper) == [False] * 5
    # A point beyond the limit is not «near»; it is flagged by its own rule.
    assert spc.two_of_three([3.5, 0.5, 2.5, 0, 0], centre, lower, upper) == [False] * 5


def test_signals_take_their_meaning_from_the_direction_of_improvement():
    values = [10, 11, 10, 9, 10, 11, 10, 9, 10, 11, 10, 30]
    # Limits from all points would put the first eleven below a centre pulled up by 30 (a shift):
    # fix them from the first eleven, the process before the jump.
    up = spc.chart(periods(12), values, improvement="up", baseline=11)
    assert up.points[-1].rules == ("beyond_limits",) and up.points[-1].signal == "improvement"
    assert up.variation == "improvement"
    assert spc.chart(periods(12), values, improvement="down", baseline=11).variation == "concern"
    assert spc.chart(periods(12), values, baseline=11).variation == "neither"
    everything = spc.chart(periods(12), values, improvement="up")
    assert everything.points[0].rules == ("shift",)
    assert all(p.signal == "none" for p in up.points[:-1])


def test_trial_limits_below_twelve_points_and_a_fixed_baseline():
    assert spc.chart(periods(11), [1.0] * 11).trial_limits
    fixed = spc.chart(periods(24), [10.0, 11.0] * 6 + [20.0, 21.0] * 6, baseline=12, improvement="up")
    assert not fixed.trial_limits and fixed.baseline_points == 12
    assert fixed.points[-1].centre == pytest.approx(10.5)  # limits from the first 12 only
    assert {"beyond_limits", "shift"} <= set(fixed.points[-1].rules)


def test_a_rebase_starts_a_segment_with_its_own_limits_and_rules():
    values = [10.0, 11.0] * 6 + [20.0, 21.0] * 6
    rebased = spc.chart(periods(24), values, rebases=[12], improvement="up")
    assert rebased.segments == [0, 12]
    assert rebased.points[0].centre == pytest.approx(10.5) and rebased.points[-1].centre == pytest.approx(20.5)
    assert all(p.signal == "none" for p in rebased.points)


def test_p_chart_limits_vary_with_the_denominator():
    chart = spc.chart(periods(3), [10, 20, 45], denominators=[100, 400, 100], improvement="down")
    p = 75 / 600
    assert chart.points[0].centre == pytest.approx(p)
    wide, narrow = chart.points[0], chart.points[1]
    assert (wide.upper - wide.lower) > (narrow.upper - narrow.lower)
    assert wide.upper == pytest.approx(p + 3 * (p * (1 - p) / 100) ** 0.5)
    assert chart.points[2].rules == ("beyond_limits",) and chart.points[2].signal == "concern"


def test_assurance_against_a_target():
    values = [10.0, 11.0, 9.0, 10.0, 11.0, 9.0, 10.0, 11.0, 9.0, 10.0, 11.0, 9.0]
    assert spc.chart(periods(12), values, improvement="up", target=2).assurance == "pass"
    assert spc.chart(periods(12), values, improvement="up", target=30).assurance == "fail"
    assert spc.chart(periods(12), values, improvement="down", target=30).assurance == "pass"
    assert spc.chart(periods(12), values, improvement="up", target=10).assurance == "hit_or_miss"
    assert spc.chart(periods(12), values, target=10).assurance is None


def test_a_series_shorter_than_seven_has_no_runs():
    chart = spc.chart(periods(3), [1.0, 2.0, 3.0])
    assert chart.trial_limits and all(not p.rules for p in chart.points)


# The same series as NHSRplotthedots' own tests of its rule functions (tests/testthat/
# test-ptd_calculate_point_type.R), with the answers it expects once a run marks all its points.
@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (list(range(1, 7)), [False] * 6),
        ([1, 2, 3, 3, 4, 5, 6], [False] * 7),
        (list(range(1, 8)), [True] * 7),
        ([2, 1, 2, 3, 4, 5, 6, 7, 3], [False] + [True] * 7 + [False]),
        (list(range(7, 0, -1)), [True] * 7),
        ([2, 7, 6, 5, 4, 3, 2, 1, 3], [False] + [True] * 7 + [False]),
    ],
)
def test_trend_as_nhsrplotthedots(values, expected):
    assert spc.trend(values) == expected


@pytest.mark.parametrize(
    ("sides", "expected"),
    [
        ([1] * 6, [False] * 6),
        ([1] * 6 + [-1], [False] * 7),
        ([1] * 8 + [-1], [True] * 8 + [False]),
        ([-1] * 8 + [1], [True] * 8 + [False]),
        ([-1] + [1] * 8 + [-1], [False] + [True] * 8 + [False]),
    ],
)
def test_shift_as_nhsrplotthedots(sides, expected):
    assert spc.shift([10 + s for s in sides], [10.0] * len(sides)) == expected


@pytest.mark.parametrize(
    ("near", "expected"),
    [
        ([1, 0, 1], [1, 0, 1]),
        ([0, 1, 1], [0, 1, 1]),
        ([1, 1, 0], [1, 1, 0]),
        ([0, 0, 1, 0, 1, 0, 0], [0, 0, 1, 0, 1, 0, 0]),
        ([1, 0, 0, 1], [0, 0, 0, 0]),
        ([1, 0, 0, 1, 1], [0, 0, 0, 1, 1]),
    ],
)
def test_two_of_three_as_nhsrplotthedots(near, expected):
    values = [2.5 if n else 0.5 for n in near]  # all above the centre; 2.5 lies between the 2-sigma line and the limit
    n = len(values)
    assert spc.two_of_three(values, [0.0] * n, [-3.0] * n, [3.0] * n) == [bool(e) for e in expected]


# NHSRplotthedots tests/testthat/test-ptd_spc_standard.R: set.seed(123); y <- rnorm(20). Its snapshot
# (_snaps/ptd_spc_standard.md) prints mean 0.142, lpl −3.01 and upl 3.29, and every point common cause.
RNORM_123 = [-0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621, -1.26506123,
             -0.68685285, -0.44566197, 1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113, 1.78691314,
             0.49785048, -1.96661716, 0.70135590, -0.47279141]  # fmt: skip


def test_limits_and_labels_as_nhsrplotthedots_standard_series():
    r1 = spc.chart(periods(20), RNORM_123)
    assert (round(r1.points[0].centre, 3), round(r1.points[0].lower, 2), round(r1.points[0].upper, 2)) == (
        0.142, -3.01, 3.29)  # fmt: skip
    assert all(p.signal == "none" for p in r1.points) and r1.variation == "common_cause"
    # y[15] <- 10: screening the outlier's moving ranges gives other limits than leaving them in, and
    # leaving them in gives the wider range (their «testing the screen_outliers»)
    outlier = [*RNORM_123[:14], 10.0, *RNORM_123[15:]]
    r2 = spc.chart(periods(20), outlier)
    centre = sum(outlier) / 20
    r3_width = spc.LIMIT * spc.mean_moving_range(outlier, screen=False)
    assert r2.points[0].lower != r1.points[0].lower and r2.points[0].upper != r1.points[0].upper
    assert (centre + r3_width) - (centre - r3_width) > r2.points[0].upper - r2.points[0].lower
    assert r2.points[14].rules == ("beyond_limits",)
    # fix_after_n_points = 12 changes the limits
    s1 = spc.chart(periods(20), RNORM_123, baseline=12)
    assert s1.points[0].lower != r1.points[0].lower and s1.points[0].upper != r1.points[0].upper
    # a rebase after the 10th point: two groups of ten
    rebased = spc.chart(periods(20), RNORM_123, rebases=[10])
    assert rebased.segments == [0, 10] and rebased.points[10].centre != rebased.points[9].centre
    # «2 of 3 close to the limits only on the same side»: symmetrical data, 5.5 and −5.5 at the end
    symmetric = [1.0, -1.0] * 7 + [5.5, -5.5]
    assert [p.signal for p in spc.chart(periods(16), symmetric).points[-2:]] == ["none", "none"]


def _run(tmp_path, *args, code=0):
    from typer.testing import CliRunner

    from trappa.cli import app

    result = CliRunner().invoke(app, list(args), env={"TRAPPA_HOME": str(tmp_path), "TRAPPA_DATABASE_URL": ""})
    assert result.exit_code == code, result.output
    return result


def test_spc_command_on_an_analysts_spreadsheet(tmp_path):
    import json

    rows = [f"{p};{v}" for p, v in zip(periods(24), [10, 11] * 6 + [20, 21] * 6, strict=True)]
    path = tmp_path / "serie.csv"
    path.write_text("periode;verdi\n" + "\n".join(r.replace(".", ",") for r in rows) + "\n", "utf-8")
    doc = json.loads(_run(tmp_path, "spc", str(path), "--improvement", "up", "--format", "json").stdout)
    assert set(doc) >= {"points", "variation", "assurance", "trial_limits", "baseline_points"}
    assert doc["points"][0] == {
        "period": "2024-01", "value": 10.0, "centre": 15.5, "lower": doc["points"][0]["lower"],
        "upper": doc["points"][0]["upper"], "signal": "concern", "rules": ["beyond_limits", "shift"],
    }  # fmt: skip
    assert doc["variation"] == "improvement" and doc["assurance"] is None and not doc["trial_limits"]
    rebased = json.loads(
        _run(
            tmp_path, "spc", str(path), "--improvement", "up", "--rebase", "2025-01=Ny turnus", "--format", "json"
        ).stdout
    )
    assert rebased["rebases"] == [{"period": "2025-01", "reason": "Ny turnus"}]
    assert all(p["signal"] == "none" for p in rebased["points"]) and rebased["variation"] == "common_cause"
    table = _run(tmp_path, "spc", str(path), "--improvement", "up", "--target", "12").stdout
    assert "7 på rad på same side" in table and "forbetring" in table
    assert "fire" not in _run(tmp_path, "spc", str(path), "--rebase", "2030-01=x", code=2).stderr
    assert "finst ikkje" in _run(tmp_path, "spc", str(path), "--rebase", "2030-01=x", code=2).stderr
    assert "minst 12 punkt" in _run(tmp_path, "spc", str(path), "--baseline", "6", code=2).stderr


def test_spc_file_errors_name_row_and_column(tmp_path):
    path = tmp_path / "feil.csv"
    path.write_text("periode;verdi;nemnar\n2024-01;12;100\n2024-02;mange;100\n2024-03;3;0\n", "utf-8")
    result = _run(tmp_path, "spc", str(path), code=2)
    assert "feil.csv, rad 3, kolonne «verdi»" in result.stderr and "feil.csv, rad 4, kolonne «nemnar»" in result.stderr


def test_the_json_shape_is_documented():
    from trappa.report.spc_out import document
    from trappa.services.spc import SpcReport

    from .conftest import ROOT

    docs = (ROOT / "docs" / "spc.md").read_text("utf-8")
    report = SpcReport("x.csv", "up", None, spc.chart(periods(3), [1.0, 2.0, 3.0]), [])
    doc = document(report)
    for key in [*doc, *doc["points"][0], *spc.RULES, "common_cause", "hit_or_miss"]:
        assert f"`{key}`" in docs or f'"{key}"' in docs, key


def test_spc_chart_as_svg_with_signals_by_shape_and_colour(tmp_path):
    rows = [f"{p};{v}" for p, v in zip(periods(24), [20, 21] * 6 + [10, 11] * 6, strict=True)]
    path = tmp_path / "ventetid.csv"
    path.write_text("periode;verdi\n" + "\n".join(rows) + "\n", "utf-8")
    out = tmp_path / "spc.svg"
    _run(tmp_path, "spc", str(path), "--improvement", "down", "--baseline", "12", "--target", "15",
         "--format", "svg", "--out", str(out))  # fmt: skip
    svg = out.read_text("utf-8")
    assert svg.startswith("<svg") and "Forbetring" in svg and "SPC: ventetid.csv" in svg


@settings(max_examples=300)
@given(
    st.lists(st.lists(st.integers(0, 6), min_size=2, max_size=30), min_size=1, max_size=5), st.sampled_from([1, -1, 0])
)
def test_many_series_at_once_give_the_same_answers(many, improvement):
    """The Polars version for the måltavle and the benchmark agrees with the one-series version."""
    import polars as pl

    from trappa.model.spc_frame import spc_frame

    frame = pl.DataFrame(
        {"series": [i for i, s in enumerate(many) for _ in s], "value": [float(v) for s in many for v in s]}
    )
    out = spc_frame(frame, improvement=improvement)
    direction = {1: "up", -1: "down", 0: "neutral"}[improvement]
    expected = [
        p for s in many for p in spc.chart(periods(len(s)), [float(v) for v in s], improvement=direction).points
    ]
    assert out["lower"].to_list() == pytest.approx([p.lower for p in expected])
    got = [tuple(r for r in spc.RULES if row[r]) for row in out.iter_rows(named=True)]
    assert got == [p.rules for p in expected]
    assert out["signal"].to_list() == [p.signal for p in expected]


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(st.lists(st.integers(0, 6), min_size=2, max_size=30), st.lists(st.integers(1, 29), max_size=2)),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from([1, -1, 0]),
    st.sampled_from([None, 3, 12]),
    st.sampled_from([4, 9, 1 << 18]),
)
def test_many_series_with_rebases_baselines_and_chunks_give_the_same_answers(many, improvement, baseline, chunk):
    """Re-bases, a fixed baseline and chunk edges that fall anywhere give the one-series answers."""
    import polars as pl

    from trappa.model import spc_frame as frames

    rows: dict[str, list] = {"series": [], "segment": [], "value": []}
    expected = []
    direction = {1: "up", -1: "down", 0: "neutral"}[improvement]
    for i, (values, cuts) in enumerate(many):
        rebases = sorted({c for c in cuts if c < len(values)})
        for j, v in enumerate(values):
            rows["series"].append(i)
            rows["segment"].append(sum(j >= r for r in rebases))
            rows["value"].append(float(v))
        chart = spc.chart(
            periods(len(values)), [float(v) for v in values], improvement=direction, rebases=rebases, baseline=baseline
        )
        expected.extend(chart.points)
    out = frames.spc_frame(
        pl.DataFrame(rows), improvement=improvement, segment="segment", baseline=baseline, chunk=chunk
    )
    assert out["centre"].to_list() == pytest.approx([p.centre for p in expected])
    assert out["upper"].to_list() == pytest.approx([p.upper for p in expected])
    got = [tuple(r for r in spc.RULES if row[r]) for row in out.iter_rows(named=True)]
    assert got == [p.rules for p in expected]
    assert out["signal"].to_list() == [p.signal for p in expected]


def test_a_fixed_baseline_in_the_segment_after_a_re_base():
    values = [10.0, 12.0] * 6 + [30.0, 31.0, 29.0, 30.0] * 4 + [50.0] * 2
    plain = spc.chart(periods(30), values, rebases=[12])
    fixed = spc.chart(periods(30), values, rebases=[12], fixed=[12 + 11])
    # the second segment's limits come from its first 12 points only: 30 on average, so 50 is beyond
    assert fixed.points[12].centre == pytest.approx(30.0) and fixed.baseline_points == 12
    assert plain.points[12].centre > 30.0 and plain.baseline_points == 18
    assert fixed.points[-1].rules[0] == "beyond_limits"
    assert fixed.points[0].centre == plain.points[0].centre  # the first segment is left alone


def test_no_series_at_all_gives_an_empty_table():
    import polars as pl

    from trappa.model.spc_frame import spc_frame

    empty = pl.DataFrame({"series": [], "value": []}, schema={"series": pl.Int32, "value": pl.Float64})
    out = spc_frame(empty)
    assert out.height == 0 and {"centre", "signal", "shift"} <= set(out.columns)


def test_spc_numbers_as_excel(tmp_path):
    import fastexcel

    path = tmp_path / "s.csv"
    path.write_text(
        "periode;verdi\n" + "\n".join(f"{p};{v}" for p, v in zip(periods(14), range(14), strict=True)), "utf-8"
    )
    out = tmp_path / "s.xlsx"
    _run(tmp_path, "spc", str(path), "--improvement", "up", "--format", "xlsx", "--out", str(out))
    sheet = fastexcel.read_excel(out).load_sheet(0, header_row=2).to_polars()
    assert sheet.height == 14 and "7 på rad opp eller ned" in sheet["Regel"][0]
    assert "--out" in _run(tmp_path, "spc", str(path), "--format", "xlsx", code=2).stderr
