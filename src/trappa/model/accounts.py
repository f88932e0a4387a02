"""Accounts (rekneskap): which lines are costs and which are income.

KOSTRA account types (art) 000–599 are expenses (utgifter), 600–999 income
(inntekter). A municipality's own chart often has four or more digits with the
operating account class ``1`` first (``10100`` fastløn = KOSTRA 010, ``17000``
refusjon frå staten = KOSTRA 700); the KOSTRA art is then digits two to four.
"""

from __future__ import annotations

import polars as pl


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


def account_totals(accounts: pl.DataFrame) -> pl.DataFrame:
    """Sum account lines to one row per year, cost centre, function and cost/income (missing budgets count 0)."""
    return (
        accounts.lazy()
        .with_columns(is_income(pl.col("art")).alias("is_income"))
        .group_by("year", "cost_centre", "function", "is_income")
        .agg(pl.col("amount_ore").sum(), pl.col("budget_ore").fill_null(0).sum())
        .collect()
    )
