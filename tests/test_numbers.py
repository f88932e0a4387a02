from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trappa.ingest.numbers import parse_kroner, parse_number, parse_ore
from trappa.report.formatting import format_number, format_percent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", 1234.0),
        ("1 234,50", 1234.5),
        ("1\u00a0234,50", 1234.5),
        ("1\u202f234,50", 1234.5),
        ("1\u2009234,50", 1234.5),
        ("\u22125", -5.0),
        ("-1 234 567,89", -1234567.89),
        ("1.234,5", 1234.5),
        ("1.234.567", 1234567.0),
        ("1234.5", 1234.5),
        ("0,25", 0.25),
        ("0.250", 0.25),
        ("+7", 7.0),
        ("  42  ", 42.0),
    ],
)
def test_accepted_forms(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text", ["1.234", "-1.234", "999.999", "abc", "1,2,3", "1 23", "12 34,5", "1e5", "", "--1", "1,234.5.6", "kr 100"]
)
def test_refused_forms(text):
    assert parse_number(text) is None


def test_percent_sign():
    assert parse_number("12,5 %", percent=True) == 12.5
    assert parse_number("12,5\u00a0%", percent=True) == 12.5
    assert parse_number("12,5 %") is None


def test_kroner_are_exact_ore():
    assert parse_ore("1 234,50") == 123450
    assert parse_ore("\u22120,01") == -1
    assert parse_ore("1234,567") is None  # more than two decimals is not a krone amount
    assert parse_ore("1234,500") == 123450
    assert parse_kroner("9 007 199 254 740,99") == Decimal("9007199254740.99")


@given(
    st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from(["nn", "nb"]),
    st.sampled_from(["\u00a0", "\u202f", " "]),
    st.booleans(),
)
def test_round_trip_norwegian_format(value, language, space, real_minus):
    text = format_number(value, 2, language)
    assert "," in text
    text = text.replace("\u00a0", space)
    if real_minus:
        text = text.replace("-", "\u2212")
    assert parse_ore(text) == int(value * 100)
    assert parse_kroner(text) == value


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_round_trip_whole_numbers(value):
    assert parse_number(format_number(value, 0)) == value


def test_formatting_is_norwegian():
    assert format_number(1234567) == "1\u00a0234\u00a0567"
    assert format_number(1234.5, 1) == "1\u00a0234,5"
    assert format_percent(12.5) == "12,5\u00a0%"
    assert format_number(1234.5, 1, "en") == "1,234.5"


def test_counts_take_the_right_plural():
    from trappa.report.formatting import count

    assert count(1, "rad") == "1 rad" and count(2, "rad") == "2 rader"
    assert count(1234, "rad").replace("\u00a0", " ") == "1 234 rader"
    assert count(1, "rad", "en") == "1 row" and count(3, "førespurnad", "nb") == "3 forespørsler"


def test_a_value_that_rounds_to_nothing_has_no_minus_sign():
    """Seen in the council report of the examples: «-0,0» MNOK in the budget table."""
    from trappa.report.formatting import format_number

    assert format_number(-0.004, 1) == "0,0" and format_number(-0.04, 1) == "0,0"
    assert format_number(-0.06, 1) == "-0,1" and format_number(-1234.5, 1) == "-1\u00a0234,5"


def test_a_half_is_rounded_up_as_in_excel():
    """Seen as a new user with the examples: step 12 was 26 000 000 kr on the page and 26 000 001 kr in the
    Excel file of the same profile (Babel rounds half to even, Excel half up)."""
    from trappa.report.formatting import format_kroner, format_number

    assert (
        format_number(26_000_000.5) == "26\u00a0000\u00a0001" and format_kroner(2_600_000_050) == "26\u00a0000\u00a0001"
    )
    assert format_number(2.5) == "3" and format_number(-2.5) == "-3" and format_number(0.25, 1) == "0,3"


def _babel(value, decimals: int, language: str) -> str:
    """The figure as Babel formats it (half up, as trappa rounds): what trappa's own formatting is held to."""
    import decimal

    from babel.numbers import format_decimal

    from trappa.report.formatting import LOCALES

    if round(value, decimals) == 0:
        value = 0
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    with decimal.localcontext(rounding=decimal.ROUND_HALF_UP):
        return format_decimal(value, format=pattern, locale=LOCALES.get(language, "nn_NO"))


@given(
    st.one_of(
        st.floats(min_value=-1e15, max_value=1e15, allow_nan=False),
        st.integers(min_value=-(10**15), max_value=10**15),
        st.floats(allow_nan=False, allow_infinity=False).filter(lambda v: abs(v) < 1e20),
        st.sampled_from([0.5, 1.5, 2.5, -2.5, 0.05, 0.15, 0.25, 1.005, 26_000_000.5, 999.95, -0.0, 1e-9]),
    ),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(["nn", "nb", "en", "xx"]),
)
def test_figures_are_formatted_as_babel_formats_them(value, decimals, language):
    """trappa formats numbers itself (loading Babel's locale data took a tenth of a second of every
    command): digit for digit as Babel would, ties rounded half up."""
    from trappa.report.formatting import _formatted

    assert _formatted(value, decimals, language) == _babel(value, decimals, language)


def test_a_figure_that_is_not_a_number_is_formatted_by_babel():
    assert format_number(float("nan")) == _babel(float("nan"), 0, "nn")
    assert format_number(float("inf"), 1, "en") == _babel(float("inf"), 1, "en")
