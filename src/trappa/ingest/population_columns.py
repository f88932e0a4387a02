"""The population table's columns and their types: what a population file is read into, and stored as."""

from __future__ import annotations

import polars as pl

SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "municipality": pl.Utf8,
    "municipality_name": pl.Utf8,
    "year": pl.Int64,
    "age": pl.Int64,
    "sex": pl.Utf8,
    "alternative": pl.Utf8,
    "persons": pl.Float64,
}
