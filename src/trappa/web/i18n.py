"""Translations: Nynorsk is the source language; Bokmål and English come from Babel catalogues (.po).

The catalogues are compiled in memory at start, so there is no build step.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from trappa.services.staircase import Language

LANGUAGES: tuple[Language, ...] = ("nn", "nb", "en")
DEFAULT_LANGUAGE: Language = "nn"
LANGUAGE_NAMES = {"nn": "Nynorsk", "nb": "Bokmål", "en": "English"}
HTML_LANG = {"nn": "nn", "nb": "nb", "en": "en"}


@cache
def translations(language: str) -> NullTranslations:
    if language == DEFAULT_LANGUAGE or language not in LANGUAGES:
        return NullTranslations()
    po = resources.files("trappa.web").joinpath(f"locale/{language}/LC_MESSAGES/messages.po")
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def pick_language(query: str | None, cookie: str | None, default: Language = DEFAULT_LANGUAGE) -> Language:
    """Query parameter, then the remembered choice, then the municipality's own language (Nynorsk unless set)."""
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return candidate  # type: ignore[return-value]
    return default
