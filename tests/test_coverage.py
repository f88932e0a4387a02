"""Coverage as the sector counts it: persons on a census date over another year's population."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest

from trappa.model.bands import bands_frame
from trappa.model.coverage import census_coverage, method_text

BANDS = bands_frame(("0-66", "67-79", "80+"))


def _decisions() -> pl.DataFrame:
    rows = [
        ("a", 12, date(2022, 5, 1), None, 1935),  # on the step on 15 March 2023: counted
        ("b", 12, date(2023, 1, 1), date(2023, 2, 28), 1930),  # left before the census date
        ("c", 12, date(2023, 3, 15), None, 1950),  # came on the census date itself: counted, aged 73
        ("d", 11, date(2023, 3, 1), date(2023, 3, 20), 1940),  # a short stay over the date
        ("e", 11, date(2023, 6, 1), date(2023, 6, 10), 1941),  # a short stay later in the year
        ("a", 11, date(2022, 1, 1), date(2022, 2, 1), 1935),  # last year only
    ]
    return pl.DataFrame(
        rows,
        schema={"person_key": pl.Utf8, "step": pl.Int64, "start_date": pl.Date, "end_date": pl.Date,
                "birth_year": pl.Int64},
        orient="row",
    ).with_columns(pl.lit(None, pl.Utf8).alias("age_band"), pl.lit("andre").alias("user_group"))  # fmt: skip


INHABITANTS_2022 = pl.DataFrame({"band": ["0-66", "67-79", "80+"], "inhabitants": [1000.0, 200.0, 50.0]})


def test_persons_on_a_census_date_over_the_population_of_another_year():
    table = census_coverage(_decisions(), INHABITANTS_2022, BANDS, year=2023, census=date(2023, 3, 15))
    got = {(r["group"], r["band"]): (r["persons"], r["inhabitants"], r["rate"]) for r in table.iter_rows(named=True)}
    assert got[(12, "80+")] == (1, 50.0, pytest.approx(1 / 50))  # a (88); b has left
    assert got[(12, "67-79")] == (1, 200.0, pytest.approx(1 / 200))  # c, 73 in 2023
    assert got[(11, "80+")] == (1, 50.0, pytest.approx(1 / 50))  # d is there on the day, e is not
    assert got[(12, "alle")] == (2, 1250.0, pytest.approx(2 / 1250))
    whole_year = census_coverage(_decisions(), INHABITANTS_2022, BANDS, year=2023)
    year_counts = {(r["group"], r["band"]): r["persons"] for r in whole_year.iter_rows(named=True)}
    assert year_counts[(11, "80+")] == 2 and year_counts[(12, "80+")] == 2  # the whole year counts more
    row = table.filter((pl.col("group") == 12) & (pl.col("band") == "80+")).row(0, named=True)
    assert row["rate_low"] < row["rate"] < row["rate_high"]
    assert method_text(2023, date(2023, 3, 15), 2022) == (
        "Personar med vedtak aktivt 15.03.2023, delt på innbyggjarar 1. januar 2022 i same aldersgruppe."
    )


def test_coverage_by_category_and_user_group_need_no_accounts(demo_home):
    from .test_cli import run

    doc = json.loads(run(demo_home, "coverage", "--date", "15.03.2023", "--population-year", "2022", "--by",
                         "user-group", "--format", "json").stdout)  # fmt: skip
    assert doc["census_date"] == "2023-03-15" and doc["population_year"] == 2022 and doc["by"] == "user_group"
    assert "15.03.2023" in doc["method"] and {r["group"] for r in doc["rows"]} >= {"habilitering", "andre"}
    census = json.loads(run(demo_home, "coverage", "--date", "15.03.2023", "--format", "json").stdout)
    year = json.loads(run(demo_home, "coverage", "--year", "2023", "--format", "json").stdout)

    def on_step(d: dict, step: str) -> int:
        return next(r["persons"] for r in d["rows"] if r["group"] == step and r["band"] == "alle")

    assert on_step(year, "11") > 2 * on_step(census, "11")  # short stays: a year counts many times the day
    table = run(demo_home, "coverage", "--date", "15.03.2023", "--by", "category").stdout
    assert "Dekningsgrad 2023" in table and "Personar med vedtak aktivt 15.03.2023" in table
    assert "ikkje i året 2022" in run(demo_home, "coverage", "--year", "2022", "--date", "15.03.2023", code=2).stderr
