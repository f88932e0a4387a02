"""Text from imported files must never run as a formula in a spreadsheet program."""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[-+]?\d[\d\u00a0\u202f .,]*$")


def defuse(text: str | None) -> str | None:
    """Prefix text that a spreadsheet would read as a formula with an apostrophe.

    A plain signed number (``-1234,50``) is left alone: it is a value, not a formula.
    """
    if text is None:
        return None
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text
