"""Population from Statistikkbanken's CSV exports (three real dialects) and municipalities across number changes."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from trappa.cli import app
from trappa.errors import InputFileError
from trappa.ingest.population import read_population
from trappa.services.imports import import_population
from trappa.ssb.municipalities import follow, lineage
from trappa.store.repository import load_population

from .conftest import write

# Real exports from Statistikkbanken, kept byte for byte (CC BY 4.0, Statistisk sentralbyrå, tabell 07459).
REAL = Path(__file__).parent / "data" / "ssb-07459"


def real_file(year: int) -> Path:
    return REAL / f"07459_{year}.csv"


@pytest.mark.parametrize("year", [2019, 2020, 2021])
def test_all_three_real_dialects_import(year):
    frame = read_population(real_file(year))
    assert set(frame["year"]) == {year}
    assert frame["age"].min() == 0 and frame["age"].max() == 105  # "105 years or older"
    assert frame["municipality"].str.len_chars().unique().to_list() == [4]
    assert frame["persons"].null_count() == 0
    # Norway had about 5.3–5.4 million inhabitants in these years; regions that are not municipalities are left out.
    assert 5_300_000 < frame["persons"].sum() < 5_400_000


def test_alver_is_followed_across_the_2020_merger():
    frames = pl.concat([read_population(real_file(y)) for y in (2019, 2020, 2021)])
    alver = follow(frames.drop("municipality_name"), "4631").group_by("year").agg(pl.col("persons").sum()).sort("year")
    assert alver.rows() == [(2019, 29_090.0), (2020, 29_224.0), (2021, 29_337.0)]


def test_alesund_split_uses_shares():
    lin = {r["code"]: r for r in lineage("1580").to_dicts()}
    assert lin["1507"]["share"] == pytest.approx(0.145)
    assert lin["1534"]["share"] == pytest.approx(0.145)  # old Haram, via Ålesund 2020–2023
    asker = lineage("3203")["code"].to_list()
    assert set(asker) == {"3203", "3025", "0220", "0627", "0628"}


def test_english_and_norwegian_labels_and_missing_cells(tmp_path):
    text = "region;alder;Personer 2022;Personer 2023\nK-4631 Alver;0 år;280;290\nK-4631 Alver;105 år eller eldre;..;1\n"
    frame = read_population(write(tmp_path / "p.csv", text, "cp1252"))
    assert frame.sort("year", "age").select("year", "age", "persons").rows() == [
        (2022, 0, 280.0),
        (2022, 105, None),
        (2023, 0, 290.0),
        (2023, 105, 1.0),
    ]


def test_unreadable_age_is_an_error(tmp_path):
    with pytest.raises(InputFileError, match="alderen"):
        read_population(write(tmp_path / "p.csv", "region;age;Persons 2021\nK-4631 Alver;old;5\n"))


def test_import_and_load_follows_the_municipality(sqlite_engine):
    for year in (2019, 2020, 2021):
        import_population(sqlite_engine, "test", real_file(year))
    again = import_population(sqlite_engine, "test", real_file(2021))
    assert again.unchanged
    alver = load_population(sqlite_engine, "4631")
    totals = dict(alver.group_by("year").agg(pl.col("persons").sum()).iter_rows())
    assert totals == {2019: 29_090.0, 2020: 29_224.0, 2021: 29_337.0}
    assert alver["municipality_name"].unique().to_list() == ["Alver"]


def test_cli_population_import(tmp_path):
    result = CliRunner().invoke(
        app,
        ["population", "import", str(real_file(2020))],
        env={"TRAPPA_HOME": str(tmp_path), "TRAPPA_DATABASE_URL": ""},
    )
    assert result.exit_code == 0, result.output
    assert "Importert" in result.stdout and "2020" in result.stdout
