"""Numbers as Norwegian readers expect them: ``1 234 567``, ``12,5 %``."""

from __future__ import annotations

import decimal
import functools
import math

from trappa.report.labels import LANGUAGE_INDEX

LOCALES = {"nn": "nn_NO", "nb": "nb_NO", "en": "en_GB"}
# Babel's (CLDR's) group and decimal symbols of those locales: a no-break space and a comma, or «,» and «.».
SYMBOLS = {"nn": {ord(","): "\u00a0", ord("."): ","}, "nb": {ord(","): "\u00a0", ord("."): ","}, "en": {}}


def format_number(value: float | int | None, decimals: int = 0, language: str = "nn") -> str:
    """Grouped with a no-break space and a decimal comma (nn/nb); empty for no value."""
    if value is None:
        return ""
    return _formatted(value, decimals, language)


# A page shows the same figures on every view, and Babel's formatting was a fifth of a warm staff page.
@functools.lru_cache(maxsize=65_536)
def _formatted(value: float | int, decimals: int, language: str) -> str:
    if round(value, decimals) == 0:
        value = 0  # −0,004 MNOK is «0,0», never «-0,0», which a reader takes for a real deficit
    if not math.isfinite(value):
        from babel.numbers import format_decimal

        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=LOCALES.get(language, "nn_NO"))
    # What Babel's format_decimal gives for these patterns (a test holds it to Babel), without loading
    # Babel and its locale data: a tenth of a second of every command that prints a number.
    # Half up, as Excel and a reader round (Babel rounds half to even): 26 000 000,50 kr shows as 26 000 001
    # here and in the workbook of the same figures, not 26 000 000 on the page and 26 000 001 in Excel.
    exact = decimal.Decimal(str(value)).quantize(decimal.Decimal(1).scaleb(-decimals), context=_HALF_UP)
    return f"{exact:,.{decimals}f}".translate(SYMBOLS.get(language, SYMBOLS["nn"]))


_HALF_UP = decimal.Context(prec=400, rounding=decimal.ROUND_HALF_UP)  # every digit a float can have


def format_percent(value: float | None, decimals: int = 1, language: str = "nn") -> str:
    if value is None:
        return ""
    return format_number(value, decimals, language) + ("\u00a0%" if language != "en" else "%")


def format_kroner(ore: int | None, unit: str = "kr", language: str = "nn") -> str:
    """Kroner from øre, in kr, 1000 kr or MNOK as the report says."""
    if ore is None:
        return ""
    kroner = ore / 100
    if unit == "1000 kr":
        return format_number(kroner / 1000, 0, language)
    if unit == "MNOK":
        return format_number(kroner / 1_000_000, 1, language)
    return format_number(kroner, 0, language)


# Singular and plural of the words counts are shown with (nynorsk, bokmål, english).
NOUNS: dict[str, tuple[tuple[str, str], tuple[str, str], tuple[str, str]]] = {
    "rad": (("rad", "rader"), ("rad", "rader"), ("row", "rows")),
    "feil": (("feil", "feil"), ("feil", "feil"), ("problem", "problems")),
    "celle": (("celle", "celler"), ("celle", "celler"), ("cell", "cells")),
    "førespurnad": (("førespurnad", "førespurnader"), ("forespørsel", "forespørsler"), ("request", "requests")),
    "dekningsgrad": (
        ("dekningsgrad", "dekningsgrader"),
        ("dekningsgrad", "dekningsgrader"),
        ("coverage rate", "coverage rates"),
    ),
    "flytting": (("flytting", "flyttingar"), ("flytting", "flyttinger"), ("move", "moves")),
    "tak": (("tak", "tak"), ("tak", "tak"), ("cap", "caps")),
    "bustadtype": (("bustadtype", "bustadtypar"), ("boligtype", "boligtyper"), ("housing type", "housing types")),
}


def count(n: int | float, noun: str, language: str = "nn") -> str:
    """«1 rad», «2 rader», «1 234 rader»: a count with its noun in the right number."""
    one, many = NOUNS[noun][LANGUAGE_INDEX.get(language, 0)]
    return f"{format_number(n, 0, language)} {one if n == 1 else many}"
