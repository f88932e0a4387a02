"""Refuse files that carry Norwegian national identity numbers (fødselsnummer).

trappa never needs them: decisions carry a pseudonymous person key. A value
that is 11 digits (or 6 + space + 5) and passes both modulus-11 check digits is
taken as an identity number (also D- and H-numbers, which use the same check
digits). Numeric spreadsheet cells lose a leading zero, so whole numbers with
10 digits are padded and checked too.
"""

from __future__ import annotations

import re

import polars as pl

from trappa.errors import InputFileError, Problem
from trappa.report.formatting import count

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    rest = 11 - sum(d * w for d, w in zip(digits, weights, strict=False)) % 11
    if rest == 11:
        return 0
    return None if rest == 10 else rest


def is_identity_number(value: str) -> bool:
    text = value.replace(" ", "")
    if len(text) != 11 or not text.isdigit():
        return False
    digits = [int(c) for c in text]
    k1 = _check_digit(digits[:9], _W1)
    if k1 is None or k1 != digits[9]:
        return False
    k2 = _check_digit(digits[:10], _W2)
    return k2 is not None and k2 == digits[10]


# What people put between the halves of a number, or that a spreadsheet adds: spaces of every width,
# hyphens and dashes, dots (a number cell turned text reads «1010150032.0»).
_SEPARATOR = "[ \t\u00a0\u2007\u202f\u2009\\-\u2010-\u2015.]"
_DIGIT_RUN = re.compile(f"\\d+(?:{_SEPARATOR}\\d+)*")
_GROUPS = re.compile(_SEPARATOR)
# A cheap first pass in Polars: ten digits with at most separators between them.
_CANDIDATE = "\\d(?:" + _SEPARATOR + "?\\d){9}"


def _lost_leading_zero(ten: str) -> bool:
    """A 10-digit number that is an identity number once its lost leading 0 is put back.

    The month must also be a month (plain, H-number +40, synthetic +80), so ordinary 10-digit amounts
    rarely match by chance.
    """
    month = int(ten[1:3])
    return (1 <= month % 40 <= 12 or 81 <= month <= 92) and is_identity_number("0" + ten)


def contains_identity_number(text: str) -> bool:
    """Whether a cell holds an identity number anywhere in it, in any disguise.

    Every run of digits (separators allowed between them) is split at its separators, and every
    stretch of neighbouring groups that makes 11 digits (or 10 that lost a leading 0) is checked:
    «150765-10013», «150765 10013» with a no-break space, «P15076510013», «Kari 15076510013 Nordmann».
    """
    for run in _DIGIT_RUN.findall(text):
        groups = _GROUPS.split(run)
        for i in range(len(groups)):
            joined = ""
            for group in groups[i:]:
                joined += group
                if len(joined) == 11 and is_identity_number(joined):
                    return True
                if len(joined) == 10 and _lost_leading_zero(joined):
                    return True
                if len(joined) > 11:
                    break
    return False


def find_identity_numbers(frame: pl.DataFrame, row_numbers: pl.Series) -> list[tuple[int, str]]:
    """(file row, column) of every cell that looks like an identity number."""
    hits: list[tuple[int, str]] = []
    for name in frame.columns:
        col = frame.get_column(name)
        if col.dtype == pl.Utf8:
            mask = col.str.contains(_CANDIDATE).fill_null(False)
            text = col
        elif col.dtype.is_integer() or col.dtype.is_float():
            as_float = col.cast(pl.Float64)
            mask = ((as_float >= 1e9) & (as_float < 1e11) & (as_float == as_float.floor())).fill_null(False)
            text = as_float.cast(pl.Int64, strict=False).cast(pl.Utf8)
        else:
            continue
        if not mask.any():
            continue
        candidates = pl.DataFrame({"row": row_numbers, "value": text}).filter(mask)
        for row, value in candidates.iter_rows():
            if contains_identity_number(value):
                hits.append((int(row), name))
    return hits


# Column headings that say the file carries who a person is. Names of things (ansvarsnamn,
# tenestenamn) are allowed: a name column is a bare «navn» or a name word with a person word.
_IDENTITY_WORDS = ("fødselsnummer", "fodselsnummer", "fødselsnr", "fodselsnr", "personnummer", "personnr",
                   "dnummer", "hnummer", "ssn", "fnr", "nationalid", "socialsecurity")  # fmt: skip
_ADDRESS_WORDS = ("adresse", "address", "postnummer", "postnr", "gateadr", "telefon", "mobil", "epost", "email")
_NAME_WORDS = ("navn", "namn", "name")
_PERSON_WORDS = ("pasient", "patient", "brukar", "bruker", "person", "klient", "client", "tenestemottak",
                 "tjenestemottak", "mottakar", "mottaker", "beboar", "beboer", "søkar", "søker", "sokar", "soker",
                 "pårørande", "pårørende", "fornavn", "fornamn", "etternavn", "etternamn", "mellomnavn",
                 "mellomnamn", "first", "last", "full", "surname", "given")  # fmt: skip


def personal_column(label: str) -> str | None:
    """What a column heading says it holds about a person («namn», «adresse», «fødselsnummer»), if anything."""
    from trappa.ingest.columns import normalise_label

    text = normalise_label(label)
    if any(word in text for word in _IDENTITY_WORDS):
        return "fødselsnummer"
    if any(word in text for word in _ADDRESS_WORDS):
        return "adresse eller kontaktopplysningar"
    if text in _NAME_WORDS or text in ("fulltnavn", "fulltnamn", "fullname"):
        return "namn"
    if any(word in text for word in ("fornavn", "fornamn", "etternavn", "etternamn", "surname")):
        return "namn"
    if any(word in text for word in _NAME_WORDS) and any(word in text for word in _PERSON_WORDS):
        return "namn"
    return None


def refuse_identity_numbers(file: str, hits: list[tuple[int, str]]) -> None:
    """Refuse the file for the cells :func:`find_identity_numbers` found, if any."""
    if not hits:
        return
    problems = [
        Problem(
            file,
            row,
            column,
            "verdien ser ut som eit fødselsnummer (11 siffer med gyldige kontrollsiffer)",
            "ta ut fødselsnummer før eksport og bruk ein pseudonym personnøkkel",
        )
        for row, column in hits
    ]
    raise InputFileError(
        file,
        problems,
        headline=(
            f"{file}: fila vart avvist fordi ho ser ut til å innehalde fødselsnummer "
            f"({count(len(hits), 'celle')}). trappa skal aldri ha fødselsnummer. Ingenting frå fila er lagra."
        ),
    )
