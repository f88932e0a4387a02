"""exact_sum: a group's float sum is the same on every run, where Polars' own sum may differ in the last bit."""

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from trappa.model.sums import exact_sum


def frame(seed: int, n: int = 200_000, groups: int = 5) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    return pl.DataFrame({"k": rng.integers(0, groups, n), "v": rng.random(n) * 10.0 ** rng.integers(-3, 6, n)})


def test_a_group_sum_is_the_same_every_run():
    df = frame(1)
    runs = {tuple(df.lazy().group_by("k").agg(exact_sum("v")).sort("k").collect()["v"].to_list()) for _ in range(20)}
    assert len(runs) == 1


def test_a_window_sum_is_the_same_every_run_and_equals_the_group_sum():
    df = frame(2)
    runs = {tuple(df.select(exact_sum("v").over("k"))["v"].head(3000).to_list()) for _ in range(8)}
    assert len(runs) == 1
    grouped = df.group_by("k").agg(exact_sum("v").alias("g"))
    both = df.with_columns(exact_sum("v").over("k").alias("w")).join(grouped, on="k")
    assert (both["w"] == both["g"]).all()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.floats(-1e9, 1e9)), min_size=1, max_size=60))
def test_it_adds_a_group_in_sorted_order_whatever_the_row_order(rows):
    df = pl.DataFrame(rows, schema={"k": pl.Int64, "v": pl.Float64}, orient="row")
    got = dict(df.group_by("k").agg(exact_sum("v")).iter_rows())
    for key, total in got.items():
        expected = 0.0
        for v in sorted(v for k, v in rows if k == key):
            expected += v
        assert total == expected  # exactly: the same additions in the same order
    shuffled = df.reverse()
    assert dict(shuffled.group_by("k").agg(exact_sum("v")).iter_rows()) == got


def test_an_expression_and_integers():
    df = pl.DataFrame({"k": [1, 1, 2], "a": [2, 3, 4], "b": [0.5, 0.25, 1.0]})
    got = df.group_by("k").agg(exact_sum("a"), exact_sum(pl.col("a") * pl.col("b")).alias("ab")).sort("k")
    assert got.rows() == [(1, 5, 1.75), (2, 4, 4.0)]
