"""Column kinds: how a cell of each kind is read, and what to tell a person when it is wrong.

Each kind turns a raw column (text from CSV, typed cells from XLSX) into a typed
Polars column; a cell that is filled in but does not parse becomes null and is
reported by the caller with the kind's own fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import polars as pl

from trappa.ingest.numbers import is_ambiguous_expr, number_expr, ore_expr

USER_GROUPS = {
    "habilitering": "habilitering",
    "hab": "habilitering",
    "habilitation": "habilitering",
    "psykiskhelseogrus": "psykisk_helse_rus",
    "psykiskhelserus": "psykisk_helse_rus",
    "psykrus": "psykisk_helse_rus",
    "psyk": "psykisk_helse_rus",
    "rus": "psykisk_helse_rus",
    "mentalhealthandsubstance": "psykisk_helse_rus",
    "mentalhealth": "psykisk_helse_rus",
    "andre": "andre",
    "andrehovudsakelegeldre": "andre",
    "andrehovedsakeligeldre": "andre",
    "eldre": "andre",
    "others": "andre",
    "other": "andre",
    "elderly": "andre",
    "alle": "alle",
    "all": "alle",
    "felles": "alle",
}
# Bought from others (kjøp av plassar/tenester) or the municipality's own production.
PROVISION = {
    "kjøp": "kjøp", "kjøpt": "kjøp", "kjop": "kjøp", "ja": "kjøp", "bought": "kjøp", "yes": "kjøp",
    "eigen": "eigen", "egen": "eigen", "eigenproduksjon": "eigen", "egenproduksjon": "eigen", "eigendrift": "eigen",
    "egendrift": "eigen", "nei": "eigen", "own": "eigen", "no": "eigen",
}  # fmt: skip
CHILD_ADULT = {"barn": "barn", "child": "barn", "vaksen": "vaksen", "voksen": "vaksen", "adult": "vaksen"}
OUTSIDE_STEP = {"0", "utanfor", "utenfor", "ikkjeitrappa", "ikkeitrappen", "ikkeitrappa", "outside", "none", "-"}
# A shared cost centre spread over the steps in proportion to the direct costs already on them.
PROPORTIONAL_STEP = {"etterkostnad", "etterdirektekostnad", "forholdsmessig", "proporsjonalt", "proportional"}
PROPORTIONAL = -1
AGE_BAND = re.compile(r"^(\d{1,3})\s*[-–]\s*(\d{1,3})$|^(\d{1,3})\s*\+$")


def normalise_label(text: str) -> str:
    return re.sub(r"[^a-z0-9æøå]", "", text.lower())


@dataclass(frozen=True)
class Kind:
    """How to read one kind of column."""

    parse: Callable[[pl.Expr], pl.Expr]
    fix: str
    dtype: pl.DataType | type[pl.DataType]


def _text(col: pl.Expr) -> pl.Expr:
    out = col.cast(pl.Utf8).str.strip_chars()
    return pl.when(out == "").then(None).otherwise(out)


def _code(col: pl.Expr) -> pl.Expr:
    """Codes may arrive from Excel as numbers (1234.0); keep them as their digits."""
    text = _text(col)
    # «=…» or «@…» is a spreadsheet formula, not a code: unreadable, so the file is refused. Names that
    # look like formulas are kept as text and defused wherever trappa writes a workbook or CSV.
    return pl.when(text.str.contains("^[=@+]")).then(None).otherwise(text.str.replace(r"^(\d+)\.0+$", "${1}"))


def _integer(col: pl.Expr) -> pl.Expr:
    return number_expr(_text(col)).map_batches(_whole_series, return_dtype=pl.Int64)


def _whole_series(value: pl.Series) -> pl.Series:
    return (
        value.to_frame("v")
        .select(
            pl.when(pl.col("v") == pl.col("v").floor()).then(pl.col("v")).otherwise(None).cast(pl.Int64, strict=False)
        )
        .to_series()
        .rename(value.name)
    )


# A year or a date outside these is a typing error or an Excel artefact (serial 60 is «29.02.1900»),
# never a real year of accounts or a decision.
YEARS = (1990, 2100)  # as the contracts' schema says
DATES = (date(1901, 1, 1), date(2099, 12, 31))


def _year(col: pl.Expr) -> pl.Expr:
    return _integer(col).map_batches(
        lambda value: (
            value.to_frame("v")
            .select(pl.when(pl.col("v").is_between(*YEARS)).then(pl.col("v")).otherwise(None))
            .to_series()
            .rename(value.name)
        ),
        return_dtype=pl.Int64,
    )


def _lookup(table: dict[str, str]) -> Callable[[pl.Expr], pl.Expr]:
    def parse(col: pl.Expr) -> pl.Expr:
        key = _text(col).str.to_lowercase().str.replace_all(r"[^a-z0-9æøå]", "")
        return key.replace_strict(table, default=None, return_dtype=pl.Utf8)

    return parse


def _step(col: pl.Expr) -> pl.Expr:
    """Step number; 0 means deliberately outside the staircase."""
    key = _text(col).str.to_lowercase().str.replace_all(r"[^a-z0-9æøå\-]", "")
    outside = key.is_in(list(OUTSIDE_STEP))
    proportional = key.is_in(list(PROPORTIONAL_STEP))
    number = _integer(key)
    return (
        pl.when(outside)
        .then(pl.lit(0, pl.Int64))
        .when(proportional)
        .then(pl.lit(PROPORTIONAL, pl.Int64))
        .otherwise(number)
    )


def _date(col: pl.Expr) -> pl.Expr:
    text = _text(col.cast(pl.Utf8))
    value = pl.coalesce(
        text.str.to_date("%Y-%m-%d", strict=False),
        text.str.to_date("%d.%m.%Y", strict=False),
        text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
    )
    return pl.when(value.is_between(*DATES)).then(value).otherwise(None)


def _month(col: pl.Expr) -> pl.Expr:
    """A month as «2024-03»; also 2024-3, 2024/03, 03.2024, 202403 and a date (its month)."""
    # A date-time cell from Excel loses its time; a number cell (202403.0) its decimals.
    text = _text(col.cast(pl.Utf8)).str.replace(r"[ T]\d{1,2}:.*$", "").str.replace(r"^(\d+)\.0+$", "${1}")
    text = text.str.replace_all(r"\s", "")
    iso = text.str.extract_groups(r"^(\d{4})[-/.](\d{1,2})(?:[-/.]\d{1,2}(?:[T ].*)?)?$")
    dotted = text.str.extract_groups(r"^(\d{1,2})[-/.](\d{4})$")
    packed = text.str.extract_groups(r"^(\d{4})(\d{2})$")
    year = pl.coalesce(iso.struct.field("1"), dotted.struct.field("2"), packed.struct.field("1")).cast(pl.Int64)
    month = pl.coalesce(iso.struct.field("2"), dotted.struct.field("1"), packed.struct.field("2")).cast(pl.Int64)
    ok = (month >= 1) & (month <= 12) & (year >= 1990) & (year <= 2100)
    return pl.when(ok).then(pl.format("{}-{}", year, month.cast(pl.Utf8).str.zfill(2))).otherwise(None)


def _age_band(col: pl.Expr) -> pl.Expr:
    text = _text(col).str.replace_all(r"\s", "").str.replace_all("–", "-")
    ok = text.str.contains(AGE_BAND.pattern)
    return pl.when(ok).then(text).otherwise(None)


KINDS: dict[str, Kind] = {
    "text": Kind(_text, "fyll inn ein tekst", pl.Utf8),
    "code": Kind(_code, "fyll inn koden (ikkje ein formel som byrjar med =, + eller @)", pl.Utf8),
    "year": Kind(_year, f"skriv året med fire siffer, mellom {YEARS[0]} og {YEARS[1]}, til dømes 2023", pl.Int64),
    "integer": Kind(_integer, "skriv eit heilt tal, til dømes 12", pl.Int64),
    "number": Kind(lambda c: number_expr(c), "skriv eit tal, til dømes 7,5 eller 1 234,5", pl.Float64),
    "percent": Kind(
        lambda c: number_expr(c, percent=True), "skriv prosent som tal, til dømes 50 eller 33,3", pl.Float64
    ),
    "ore": Kind(
        lambda c: ore_expr(c),
        "skriv kronebeløp med desimalkomma og høgst to desimalar, til dømes -1 234,50",
        pl.Int64,
    ),
    "date": Kind(_date, "skriv datoen som 31.12.2023 eller 2023-12-31, mellom 1901 og 2099", pl.Date),
    "step": Kind(
        _step,
        "skriv trinnummeret (1–13), «utanfor» for pengar som ikkje høyrer til trappa, eller i fordelingsnøkkelen "
        "«etter kostnad» for eit felles ansvar som skal fordelast som dei direkte kostnadene",
        pl.Int64,
    ),
    "user_group": Kind(
        _lookup(USER_GROUPS),
        "bruk habilitering, psykisk_helse_rus, andre (hovudsakleg eldre) eller alle",
        pl.Utf8,
    ),
    "child_adult": Kind(_lookup(CHILD_ADULT), "bruk barn eller vaksen", pl.Utf8),
    "provision": Kind(_lookup(PROVISION), "skriv kjøp (kjøpt frå andre) eller eigen (kommunen si eiga drift)", pl.Utf8),
    "month": Kind(_month, "skriv månaden som 2024-03 (år og månad)", pl.Utf8),
    "age_band": Kind(_age_band, "skriv aldersgruppa som 80-84 eller 90+", pl.Utf8),
}


def numeric_cell(kind: str, series: pl.Series) -> pl.Series | None:
    """Typed number cells from Excel: take the number itself, not its text form.

    Values a column cannot hold (1e20 as a year, NaN as kroner) become null and
    are reported as unreadable, like bad text.
    """
    if not series.dtype.is_numeric():
        return None
    f = series.cast(pl.Float64)
    finite = f.is_finite() & (f.abs() < 9e15)
    whole = finite & (f == f.floor())
    if kind == "ore":
        out = pl.when(finite).then((f * 100).round(0)).otherwise(None).cast(pl.Int64, strict=False)
    elif kind in ("number", "percent"):
        out = pl.when(f.is_finite()).then(f).otherwise(None)
    elif kind == "year":
        out = pl.when(whole & f.is_between(*YEARS)).then(f).otherwise(None).cast(pl.Int64, strict=False)
    elif kind in ("integer", "step"):
        out = pl.when(whole).then(f).otherwise(None).cast(pl.Int64, strict=False)
    elif kind == "code":
        out = pl.when(whole).then(f.cast(pl.Int64, strict=False).cast(pl.Utf8)).otherwise(f.cast(pl.Utf8))
    else:
        return None
    return pl.select(out.alias(series.name)).to_series()


def ambiguous_mask(kind: str, series: pl.Series) -> pl.Series:
    if kind not in ("number", "percent", "ore") or series.dtype != pl.Utf8:
        return pl.Series([False] * len(series))
    return pl.select(is_ambiguous_expr(pl.lit(series)).fill_null(False)).to_series()
