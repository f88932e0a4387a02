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


def _parts(text: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Sign, integer digits and decimal digits of every accepted dialect."""
    sign = pl.lit(None, pl.Utf8)
    digits = pl.lit(None, pl.Utf8)
    decimals = pl.lit(None, pl.Utf8)
    for pattern in (_GROUPED_SPACE, _PLAIN_COMMA, _GROUPED_DOT, _GROUPED_DOT_MANY, _DOT_DECIMAL):
        matched = text.str.contains(pattern)
        if pattern == _DOT_DECIMAL:
            matched = matched & ~text.str.contains(_AMBIGUOUS)
        sign = pl.when(matched & sign.is_null()).then(text.str.extract(pattern, 1)).otherwise(sign)
        new_digits = text.str.extract(pattern, 2).str.replace_all(rf"[{_SPACES}.]", "")
        decimals = (
            pl.when(matched & digits.is_null()).then(text.str.extract(pattern, 3).fill_null("")).otherwise(decimals)
        )
        digits = pl.when(matched & digits.is_null()).then(new_digits).otherwise(digits)
    return sign, digits, decimals


def number_expr(col: pl.Expr, *, percent: bool = False) -> pl.Expr:
    """Parse text to Float64; unparseable text becomes null (see :func:`bad_number_expr`)."""
    text = _normalise(col)
    if percent:
        text = text.str.replace(rf"[{_SPACES}]?%$", "")
    sign, digits, decimals = _parts(text)
    canonical = pl.concat_str(
        [
            pl.when(sign == "-").then(pl.lit("-")).otherwise(pl.lit("")),
            digits,
            pl.when(decimals.str.len_chars() > 0).then(pl.lit(".") + decimals).otherwise(pl.lit("")),
        ]
    )
    return canonical.cast(pl.Float64, strict=False)


def ore_expr(col: pl.Expr) -> pl.Expr:
    """Parse kroner text to whole øre (Int64), exactly. More than two non-zero decimals is null."""
    text = _normalise(col)
    sign, digits, decimals = _parts(text)
    extra = decimals.str.slice(2)
    exact = extra.is_null() | (extra.str.replace_all("0", "").str.len_chars() == 0)
    cents = (decimals.str.slice(0, 2) + pl.lit("00")).str.slice(0, 2)
    magnitude = digits.cast(pl.Int64, strict=False) * 100 + cents.cast(pl.Int64, strict=False)
    value = pl.when(sign == "-").then(-magnitude).otherwise(magnitude)
    return pl.when(exact).then(value).otherwise(pl.lit(None, pl.Int64))


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
