"""Exact parsing of numbers as Norwegian spreadsheets write them.

Accepted: ``1234``, ``1234,5`` (decimal comma), ``1 234 567,50`` with a space,
no-break space (U+00A0), narrow no-break space (U+202F) or thin space as
thousands separator, ``1.234.567,50`` (dot thousands with a decimal comma),
``1234.5`` (decimal point where it cannot be a thousands separator), a leading
``-``, ``+`` or real minus sign (U+2212), and a trailing ``%`` for percentages.

Refused: ``1.234`` — a dot followed by exactly three digits is either a
thousands separator or a decimal point, and guessing wrong changes the value a
thousandfold. Everything else that does not match exactly is refused too.

All parsing is vectorised over a Polars column; the scalar helpers call the
same code on a one-element column so there is one implementation only.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

_SPACES = "\u0020\u00a0\u202f\u2009"
_SIGN = r"[-+]?"
# One pattern per accepted dialect; the groups are (sign, digits, decimals).
_GROUPED_SPACE = rf"^({_SIGN})(\d{{1,3}}(?:[{_SPACES}]\d{{3}})+)(?:,(\d+))?$"
_PLAIN_COMMA = rf"^({_SIGN})(\d+)(?:,(\d+))?$"
_GROUPED_DOT = rf"^({_SIGN})(\d{{1,3}}(?:\.\d{{3}})+),(\d+)$"
_GROUPED_DOT_MANY = rf"^({_SIGN})(\d{{1,3}}(?:\.\d{{3}}){{2,}})()$"
_AMBIGUOUS = rf"^{_SIGN}[1-9]\d{{0,2}}\.\d{{3}}$"
_DOT_DECIMAL = rf"^({_SIGN})(\d+)\.(\d+)$"

AMBIGUOUS_HINT = (
    "«1.234» kan tyde både eitt tusen to hundre og trettifire og 1,234. "
    "Skriv tusenskiljeteikn som mellomrom (1 234) og desimalar med komma (1,234)"
)


def _normalise(col: pl.Expr) -> pl.Expr:
    text = col.cast(pl.Utf8).str.strip_chars()
    return text.str.replace_all("\u2212", "-", literal=True)


_BODIES = [p[1:-1] for p in (_GROUPED_SPACE, _PLAIN_COMMA, _GROUPED_DOT, _GROUPED_DOT_MANY, _DOT_DECIMAL)]
_ANY_DIALECT = "^(?:" + "|".join(_BODIES) + ")$"


def _canonical(text: pl.Expr) -> pl.Expr:
    """``-1234.5`` form of every accepted dialect; null for anything else.

    One regex decides validity; the separators are then removed with plain
    string replacements (this runs on millions of cells). The text is computed once and handed
    over as a column (an expression used in several places is otherwise computed in each).
    """
    return text.map_batches(_canonical_series, return_dtype=pl.Utf8)


def _canonical_series(text: pl.Series) -> pl.Series:
    frame = pl.DataFrame({"t": text}).with_columns(pl.col("t").str.replace_all(f"[{_SPACES}]", "").alias("bare"))
    out = frame.select(
        pl.when(pl.col("t").str.contains(_ANY_DIALECT) & ~pl.col("t").str.contains(_AMBIGUOUS))
        .then(
            pl.when(
                pl.col("bare").str.contains(",", literal=True)
                | (pl.col("bare").str.count_matches(".", literal=True) > 1)
            )
            .then(pl.col("bare").str.replace_all(".", "", literal=True))
            .otherwise(pl.col("bare"))
            .str.replace(",", ".", literal=True)
            .str.strip_prefix("+")
        )
        .otherwise(None)
        .alias(text.name)
    )
    return out.to_series()


def number_expr(col: pl.Expr, *, percent: bool = False) -> pl.Expr:
    """Parse text to Float64; unparseable text becomes null."""
    text = _normalise(col)
    if percent:
        text = text.str.replace(rf"[{_SPACES}]?%$", "")
    return _canonical(text).cast(pl.Float64, strict=False)


def ore_expr(col: pl.Expr) -> pl.Expr:
    """Parse kroner text to whole øre (Int64), exactly. More than two non-zero decimals is null."""
    return _canonical(_normalise(col)).map_batches(_ore_series, return_dtype=pl.Int64)


def _ore_series(canonical: pl.Series) -> pl.Series:
    parts = pl.DataFrame({"c": canonical}).select(
        pl.col("c").str.split_exact(".", 1).struct.field("field_0").alias("whole"),
        pl.col("c").str.split_exact(".", 1).struct.field("field_1").fill_null("").alias("decimals"),
    )
    staged = parts.with_columns(
        (pl.col("decimals").str.slice(2).str.replace_all("0", "", literal=True).str.len_chars() == 0).alias("exact"),
        pl.col("whole").str.starts_with("-").alias("negative"),
        (
            pl.col("whole").str.strip_prefix("-").cast(pl.Int64, strict=False) * 100
            + (pl.col("decimals").str.slice(0, 2) + pl.lit("00")).str.slice(0, 2).cast(pl.Int64, strict=False)
        ).alias("magnitude"),
    )
    value = pl.when(pl.col("negative")).then(-pl.col("magnitude")).otherwise(pl.col("magnitude"))
    return staged.select(
        pl.when(pl.col("exact")).then(value).otherwise(pl.lit(None, pl.Int64)).alias(canonical.name)
    ).to_series()


def is_ambiguous_expr(col: pl.Expr) -> pl.Expr:
    return _normalise(col).str.contains(_AMBIGUOUS)


def parse_number(text: str, *, percent: bool = False) -> float | None:
    """Scalar form of :func:`number_expr`; ``None`` when the text is not a number."""
    out = pl.select(number_expr(pl.lit(text, pl.Utf8), percent=percent)).item()
    return None if out is None else float(out)


def parse_ore(text: str) -> int | None:
    """Scalar form of :func:`ore_expr`."""
    out = pl.select(ore_expr(pl.lit(text, pl.Utf8))).item()
    return None if out is None else int(out)


def parse_kroner(text: str) -> Decimal | None:
    ore = parse_ore(text)
    return None if ore is None else Decimal(ore) / 100
