"""Population files as Statistikkbanken exports them (table 07459 and the projection tables).

Real exports differ: comma and UTF-8, tab and ISO-8859-1, semicolon with a
title line; regions as ``0101 Halden`` or ``K-3001 Halden``; ages as
``0 years``, ``1 year``, ``105 years or older`` (or ``0 år`` … ``105 år eller
eldre``); one value column per year (``Persons 2021``, ``Personer 2021``) or
a year column. All of them are read into one long table:
municipality, municipality_name, year, age, sex, alternative, persons.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from trappa.errors import InputFileError, Problem
from trappa.ingest.columns import normalise_label
from trappa.ingest.identity import find_identity_numbers, refuse_identity_numbers
from trappa.ingest.population_columns import SCHEMA
from trappa.ingest.reader import read_table

REGION = {"region", "kommune", "municipality"}
AGE = {"age", "alder"}
SEX = {"sex", "kjønn", "kjonn"}
ALTERNATIVE = {"contents", "statistikkvariabel", "alternative", "alternativ"}
YEAR = {"year", "år", "aar", "tid"}
VALUE_HINT = re.compile(r"(persons|personer|folkemengde|befolkning|value|verdi)", re.I)

REGISTERED = "registrert"


def _is_header(cells: list[str]) -> bool:
    keys = {normalise_label(c) for c in cells}
    return bool(keys & REGION) and bool(keys & AGE)


def _find(columns: list[str], names: set[str]) -> str | None:
    return next((c for c in columns if normalise_label(c) in names), None)


def read_population(path: Path, display_name: str | None = None) -> pl.DataFrame:
    raw = read_table(path, _is_header, display_name=display_name, strict_text=False)
    name = raw.name
    refuse_identity_numbers(name, find_identity_numbers(raw.frame, raw.row_numbers))
    frame = raw.frame.with_columns(raw.row_numbers.alias("__row"))
    cols = raw.frame.columns
    region, age = _find(cols, REGION), _find(cols, AGE)
    sex, alternative, year_col = _find(cols, SEX), _find(cols, ALTERNATIVE), _find(cols, YEAR)
    assert region and age  # guaranteed by _is_header
    value_cols = [c for c in cols if c not in (region, age, sex, alternative, year_col)]
    if year_col is None:
        year_values = [c for c in value_cols if re.search(r"\b(1[89]|20)\d{2}\b", c)]
        if not year_values:
            raise InputFileError(
                name,
                [
                    Problem(
                        name,
                        raw.header_row,
                        None,
                        "fann ingen kolonne med år",
                        "eksporter med år som kolonne, til dømes «Persons 2021»",
                    )
                ],
            )
        long = frame.unpivot(
            on=year_values,
            index=[c for c in (region, age, sex, alternative, "__row") if c],
            variable_name="__year",
            value_name="__value",
        )
        long = long.with_columns(pl.col("__year").str.extract(r"\b((?:1[89]|20)\d{2})\b").alias("__year"))
    else:
        values = [c for c in value_cols if VALUE_HINT.search(c)] or value_cols[-1:]
        long = frame.rename({year_col: "__year", values[0]: "__value"})
    text_region = long.get_column(region).cast(pl.Utf8).str.strip_chars()
    out = long.select(
        text_region.str.extract(r"^(?:K-)?(\d{4})\b").alias("municipality"),
        text_region.str.replace(r"^(?:K-)?\d{4}\s*", "").str.replace_all("\ufffd", "?").alias("municipality_name"),
        pl.col("__year").cast(pl.Utf8).str.extract(r"(\d{4})").cast(pl.Int64, strict=False).alias("year"),
        pl.col(age).cast(pl.Utf8).str.extract(r"(\d{1,3})").cast(pl.Int64, strict=False).alias("age"),
        (pl.col(sex).cast(pl.Utf8).str.to_lowercase() if sex else pl.lit("alle")).alias("sex"),
        (
            pl.col(alternative).cast(pl.Utf8).str.extract(r"\b([LMHK0]{3,4}\d?|[LMHK0]{4})\b")
            if alternative
            else pl.lit(REGISTERED)
        ).alias("alternative"),
        pl.col("__value").cast(pl.Utf8).str.strip_chars().alias("__value"),
        pl.col(age).cast(pl.Utf8).alias("__age"),
        pl.col("__row"),
    )
    # SSB writes ".." (missing), "." (not applicable) and ":" (confidential) for cells without a number.
    out = out.with_columns(
        pl.when(pl.col("__value").is_in(["..", ".", ":", "-", ""]))
        .then(None)
        .otherwise(pl.col("__value").str.replace_all(r"[\s\u00a0]", "").cast(pl.Float64, strict=False))
        .alias("persons"),
        pl.col("alternative").fill_null(REGISTERED),
    )
    problems = [
        Problem(
            name,
            int(r),
            age,
            "alderen kan ikkje lesast",
            "bruk SSB-eksporten slik han er, med «0 years» … «105 years or older»",
            v,
        )
        for r, v in out.filter(pl.col("age").is_null()).select("__row", "__age").head(20).iter_rows()
    ]
    bad_values = out.filter(pl.col("persons").is_null() & ~pl.col("__value").is_in(["..", ".", ":", "-", ""]))
    problems += [
        Problem(name, int(r), None, "talet kan ikkje lesast", "eksporter tala utan formatering", v)
        for r, v in bad_values.select("__row", "__value").head(20).iter_rows()
    ]
    foreign = out.filter(pl.col("municipality").is_null()).height
    out = out.filter(
        pl.col("municipality").is_not_null()
    )  # regions such as "K-Rest" or "Svalbard" are not municipalities
    if problems:
        raise InputFileError(name, problems)
    if out.is_empty():
        raise InputFileError(
            name,
            [
                Problem(
                    name,
                    None,
                    region,
                    f"fann ingen kommunar ({foreign} andre regionar)",
                    "vel kommunar («K-…») i Statistikkbanken før nedlasting",
                )
            ],
        )
    return (
        out.drop("__value", "__age", "__row")
        .with_columns(pl.col(c).cast(d) for c, d in SCHEMA.items())
        .select(list(SCHEMA))
    )
