"""Population (table 07459) and the official projection (table 14288) from SSB, as trappa's population table.

Both come out in the same long shape as the CSV exports read by
:mod:`trappa.ingest.population`: municipality, municipality_name, year, age,
sex, alternative, persons. Region codes are matched on their four digits, so
``4631`` and ``K-4631`` are the same municipality.
"""

from __future__ import annotations

import re

import polars as pl

from trappa.ingest.population import REGISTERED, SCHEMA
from trappa.ssb.client import SsbClient
from trappa.ssb.jsonstat import MalformedResponse, categories
from trappa.ssb.municipalities import lineage
from trappa.ssb.tables import POPULATION_TABLE

MAIN, LOW, HIGH = "MMMM", "LLML", "HHMH"


def _variable(meta: dict, *names: str) -> str:
    for d in meta["id"]:
        if d.lower() in names:
            return d
    raise MalformedResponse(f"SSB-tabellen manglar variabelen {names[0]}.")


def _region_codes(meta: dict, var: str, municipalities: set[str]) -> list[str]:
    out = []
    for code, _label in categories(meta, var):
        m = re.search(r"(\d{4})$", code)
        if m and m.group(1) in municipalities:
            out.append(code)
    return out


def _tidy(
    frame: pl.DataFrame, region: str, age: str, sex: str | None, contents: str, time: str, registered: bool
) -> pl.DataFrame:
    return frame.select(
        pl.col(region).str.extract(r"(\d{4})$").alias("municipality"),
        pl.col(f"{region}_label").str.replace(r"^(?:K-)?\d{4}\s*", "").alias("municipality_name"),
        pl.col(time).str.extract(r"(\d{4})").cast(pl.Int64).alias("year"),
        pl.col(age).str.extract(r"(\d{1,3})").cast(pl.Int64).alias("age"),
        (pl.col(sex) if sex else pl.lit("alle")).alias("sex"),
        (pl.lit(REGISTERED) if registered else pl.col(contents).str.extract(r"([LMHK0]{4})")).alias("alternative"),
        pl.col("value").alias("persons"),
    ).with_columns(pl.col(c).cast(d) for c, d in SCHEMA.items())


def fetch(
    client: SsbClient,
    municipality: str,
    years: list[int],
    *,
    table: str = POPULATION_TABLE,
    alternatives: list[str] | None = None,
    refresh: bool = False,
) -> pl.DataFrame:
    """Population by single age and sex for a municipality and its predecessors (to follow it across changes)."""
    meta = client.metadata(table)
    region = _variable(meta, "region")
    age = _variable(meta, "alder")
    sex = next((d for d in meta["id"] if d.lower() == "kjonn"), None)
    contents = _variable(meta, "contentscode")
    time = _variable(meta, "tid")
    codes = set(lineage(municipality)["code"].to_list())
    regions = _region_codes(meta, region, codes)
    if not regions:
        raise MalformedResponse(f"SSB-tabell {table} har ikkje kommune {municipality}.")
    available_years = {c for c, _ in categories(meta, time)}
    wanted_years = [str(y) for y in years if str(y) in available_years]
    registered = alternatives is None
    if alternatives is None:
        content_codes = [c for c, _ in categories(meta, contents)][:1]
    else:
        content_codes = [
            c for c, label in categories(meta, contents) if any(a in c or a in label for a in alternatives)
        ]
    selection = {region: regions, age: ["*"], contents: content_codes, time: wanted_years}
    if sex:
        selection[sex] = ["*"]
    frame = client.data(table, selection, refresh=refresh)
    tidy = _tidy(frame, region, age, sex, contents, time, registered)
    # Totals (sex "0", or age totals) would count people twice.
    return tidy.filter(pl.col("sex") != "0", pl.col("age").is_not_null())
