"""Accounts (rekneskap): which lines are costs and which are income.

KOSTRA account types (art) 000–599 are expenses (utgifter), 600–999 income
(inntekter). A municipality's own chart often has four or more digits with the
operating account class ``1`` first (``10100`` fastløn = KOSTRA 010, ``17000``
refusjon frå staten = KOSTRA 700); the KOSTRA art is then digits two to four.
"""

from __future__ import annotations

import polars as pl


def kostra_art_code(art: str) -> str:
    """The KOSTRA art of one account type, as :func:`kostra_art` does for a column."""
    art = str(art).strip()
    if len(art) <= 3:
        return art.zfill(3)
    return art[1:4] if art.startswith("1") else art[:3]


def kostra_art(art: pl.Expr) -> pl.Expr:
    return (
        pl.when(art.str.len_chars() <= 3)
        .then(art.str.zfill(3))
        .when(art.str.starts_with("1"))
        .then(art.str.slice(1, 3))
        .otherwise(art.str.slice(0, 3))
    )


def is_income(art: pl.Expr) -> pl.Expr:
    """True for income account types (KOSTRA art 600–999)."""
    return kostra_art(art).cast(pl.Int32, strict=False) >= 600


def is_bought(art: pl.Expr) -> pl.Expr:
    """True for purchases that replace the municipality's own production (KOSTRA art 300–399: kjøp frå stat,
    fylkeskommunar, kommunar og andre)."""
    code = kostra_art(art).cast(pl.Int32, strict=False)
    return (code >= 300) & (code < 400)


def is_refund(art: pl.Expr, refund_arts: tuple[str, ...] | list[str]) -> pl.Expr:
    """Income on an art the municipality books the state's refund for high-cost users on (ressurskrevjande
    tenester): the art itself, or one that begins with it."""
    if not refund_arts:
        return pl.lit(False)
    text = art.cast(pl.Utf8).str.strip_chars()
    return pl.any_horizontal(*(text.str.starts_with(a) for a in refund_arts)) & is_income(art)


def account_totals(accounts: pl.DataFrame, refund_arts: tuple[str, ...] | list[str] = ()) -> pl.DataFrame:
    """Sum account lines to one row per year, cost centre, function, cost/income, bought/own and refund for
    high-cost users or not (missing budgets count 0)."""
    return (
        accounts.lazy()
        .with_columns(
            is_income(pl.col("art")).alias("is_income"),
            is_bought(pl.col("art")).fill_null(False).alias("is_bought"),
            is_refund(pl.col("art"), refund_arts).fill_null(False).alias("is_refund"),
        )
        .group_by("year", "cost_centre", "function", "is_income", "is_bought", "is_refund")
        .agg(pl.col("amount_ore").sum(), pl.col("budget_ore").fill_null(0).sum())
        # Polars' streaming engine groups 500 000 lines into 100 000 totals in half the time of the
        # in-memory one (84 against 160 ms); the sums are of whole øre, the same in either.
        .collect(engine="streaming")
    )
