"""Refuse files that carry Norwegian national identity numbers (fødselsnummer).

trappa never needs them: decisions carry a pseudonymous person key. A value
that is 11 digits (or 6 + space + 5) and passes both modulus-11 check digits is
taken as an identity number (also D- and H-numbers, which use the same check
digits). Numeric spreadsheet cells lose a leading zero, so whole numbers with
10 digits are padded and checked too.
"""

from __future__ import annotations

import polars as pl

from trappa.errors import InputFileError, Problem

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


def find_identity_numbers(frame: pl.DataFrame, row_numbers: pl.Series) -> list[tuple[int, str]]:
    """(file row, column) of every cell that looks like an identity number."""
    hits: list[tuple[int, str]] = []
    for name in frame.columns:
        col = frame.get_column(name)
        if col.dtype == pl.Utf8:
            text = col.str.strip_chars()
            mask = text.str.contains(r"^\d{6} ?\d{5}$").fill_null(False)
        elif col.dtype.is_integer() or col.dtype.is_float():
            as_int = col.cast(pl.Float64)
            mask = ((as_int >= 1e9) & (as_int < 1e11) & (as_int == as_int.floor())).fill_null(False)
            text = as_int.cast(pl.Int64, strict=False).cast(pl.Utf8).str.zfill(11)
        else:
            continue
        if not mask.any():
            continue
        candidates = pl.DataFrame({"row": row_numbers, "value": text}).filter(mask)
        for row, value in candidates.iter_rows():
            if is_identity_number(value):
                hits.append((int(row), name))
    return hits


def refuse_identity_numbers(file: str, frame: pl.DataFrame, row_numbers: pl.Series) -> None:
    hits = find_identity_numbers(frame, row_numbers)
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
            f"({len(hits)} celler). trappa skal aldri ha fødselsnummer. Ingenting frå fila er lagra."
        ),
    )
