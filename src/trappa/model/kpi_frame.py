"""The KPI chain for every unit and period at once (nøkkeltal per eining og månad), as Polars columns.

`trappa.model.kpi.chain` computes one unit's figures from a `UnitFigures`; the måltavle needs every
KPI of every unit for every month, so this builds one wide table (one row per unit and period) from
the stored tables and adds the KPI columns with the same definitions. `tests/test_kpi.py` holds the
two to the same answers.

A period is a month («2024-03») or a year («2024»). Money per FTE is always per year: a month's wage
cost counts twelve times against that month's FTEs. The sector total has the unit ``TOTAL`` (an empty
name, which no unit can have): its users are distinct persons across units, not a sum.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from trappa.model.accounts import kostra_art
from trappa.model.decisions import month_spans, span_volumes
from trappa.model.kpi import HOURS_PER_GROSS_FTE, HOURS_PER_NET_FTE, NOT_WAGE, OVERTIME_FACTOR, wage_art_tables
from trappa.model.sums import exact_sum

TOTAL = ""
PARTS = ("fixed", "allowances", "temporary", "overtime", "other", "social")


def periods(year: int, monthly: bool) -> list[tuple[str, date, date]]:
    """(label, first day, last day) of each month of the year, or of the year itself."""
    return month_spans(year) if monthly else [(str(year), date(year, 1, 1), date(year, 12, 31))]


def period_volumes(decisions: pl.DataFrame, spans: list[tuple[str, date, date]]) -> pl.DataFrame:
    """Users and decided hours per unit and period, and for all decisions together (unit ``TOTAL``).

    ``decisions`` have their steps resolved; only decisions on a step of the staircase count.
    """
    on_steps = decisions.filter(pl.col("step") > 0)
    per_unit = span_volumes(on_steps.filter(pl.col("unit").is_not_null()), spans, ["unit"])
    total = span_volumes(on_steps, spans, []).with_columns(unit=pl.lit(TOTAL))
    both = pl.concat([per_unit, total.select(per_unit.columns)])
    return both.select("unit", "period", pl.col("persons").alias("users"), "decided_hours")


def _label(monthly: bool) -> pl.Expr:
    if monthly:
        return pl.format("{}-{}", pl.col("year"), pl.col("month").cast(pl.Utf8).str.zfill(2))
    return pl.col("year").cast(pl.Utf8)


def _with_total(frame: pl.DataFrame, sums: list[str]) -> pl.DataFrame:
    total = frame.group_by("period").agg(*(exact_sum(c) for c in sums)).with_columns(unit=pl.lit(TOTAL))
    return pl.concat([frame, total.select(frame.columns)])


def wage_parts(
    accounts: pl.DataFrame, units: pl.DataFrame, *, monthly: bool, arts: dict[str, str] | None = None
) -> pl.DataFrame:
    """Wage cost in kroner by part (fixed, temporary …) per unit and period, from the accounts' art."""
    full, kostra = wage_art_tables(arts)
    rows = accounts.filter(pl.col("month").is_not_null()) if monthly else accounts
    part = pl.coalesce(
        pl.col("art").str.strip_chars().replace_strict(full, default=None, return_dtype=pl.Utf8),
        kostra_art(pl.col("art")).replace_strict(kostra, default=None, return_dtype=pl.Utf8),
    )
    parted = (
        rows.join(units.select("unit", "cost_centre"), on="cost_centre", how="inner")
        .with_columns(part.alias("part"))
        .filter(pl.col("part").is_not_null() & (pl.col("part") != NOT_WAGE))
        .with_columns(_label(monthly).alias("period"))
        .group_by("unit", "period", "part")
        .agg((pl.col("amount_ore").sum() / 100).alias("kr"))
    )
    wide = parted.pivot("part", index=["unit", "period"], values="kr") if parted.height else None
    out = pl.DataFrame(schema={"unit": pl.Utf8, "period": pl.Utf8}) if wide is None else wide
    out = out.with_columns(*(pl.lit(0.0).alias(p) for p in PARTS if p not in out.columns))
    out = out.with_columns(*(pl.col(p).fill_null(0.0).cast(pl.Float64) for p in PARTS)).select("unit", "period", *PARTS)
    return _with_total(out, list(PARTS))


def staff(ftes: pl.DataFrame, units: pl.DataFrame, *, monthly: bool) -> pl.DataFrame:
    """Gross FTEs (`brutto årsverk`, else `årsverk`) and rota hours per unit and period.

    A year counted from monthly rows has the mean of its months' FTEs (a month without a row counts
    as none) and the sum of their rota hours.
    """
    rows = ftes.join(units.select("unit", "cost_centre"), on="cost_centre", how="inner").with_columns(
        pl.coalesce("gross_ftes", "ftes").alias("gross_ftes")
    )
    if monthly:
        rows = rows.filter(pl.col("month").is_not_null())
    weight = pl.when(pl.col("month").is_null()).then(1.0).otherwise(1 / 12)
    out = (
        rows.with_columns(_label(monthly).alias("period"))
        .group_by("unit", "period")
        .agg(
            exact_sum(pl.col("gross_ftes") * (1.0 if monthly else weight)).alias("gross_ftes"),
            exact_sum("rota_hours").alias("rota_hours"),
            pl.col("rota_hours").is_not_null().any().alias("__has_rota"),
        )
        .with_columns(pl.when(pl.col("__has_rota")).then(pl.col("rota_hours")).alias("rota_hours"))
        .drop("__has_rota")
    )
    return _with_total(out, ["gross_ftes", "rota_hours"])


def by_month(frame: pl.DataFrame, columns: list[str], *, monthly: bool) -> pl.DataFrame:
    """A monthly file (delivered hours, sickness absence) summed per unit and period, with the total."""
    out = (
        frame.with_columns(_label(monthly).alias("period"))
        .group_by("unit", "period")
        .agg(*(exact_sum(c) for c in columns))
    )
    return _with_total(out, columns)


def _div(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    return pl.when(b.is_not_null() & (b != 0)).then(a / b)


def kpi_columns(
    inputs: pl.DataFrame,
    *,
    hours_per_gross_fte: float = HOURS_PER_GROSS_FTE,
    hours_per_net_fte: float = HOURS_PER_NET_FTE,
) -> pl.DataFrame:
    """The chain's KPIs as columns, from a table with the parts, gross_ftes, users, decided_hours,
    rota_hours, delivered_hours, absence_days, possible_days and ``months`` (1 or 12) per row."""
    f = {p: pl.col(p) for p in PARTS}
    pay = f["fixed"] + f["allowances"] + f["temporary"] + f["overtime"] + f["other"]
    variable = f["temporary"] + f["overtime"] + f["other"]
    social_factor = pl.when(pay != 0).then(1 + f["social"] / pay).otherwise(0.0)
    per_year = 12 / pl.col("months")
    gross = pl.col("gross_ftes")
    out = inputs.with_columns(
        _div((f["fixed"] + f["allowances"] + variable) * social_factor * per_year, gross).alias("cost_per_gross_fte"),
        _div((f["fixed"] + f["allowances"]) * social_factor * per_year, gross).alias("cost_per_net_fte"),
        _div(gross * hours_per_gross_fte / per_year, pl.col("decided_hours")).alias("paid_hours_per_decided_hour"),
        _div(gross, pl.col("users").cast(pl.Float64)).alias("ftes_per_user"),
        _div(pl.col("rota_hours"), pl.col("decided_hours")).alias("rota_hours_per_decided_hour"),
        _div(pl.col("delivered_hours"), pl.col("decided_hours")).alias("delivered_per_decided_hour"),
        _div(f["overtime"], pay).alias("overtime_share"),
        _div(variable, pay).alias("variable_pay_share"),
        _div(pl.col("absence_days"), pl.col("possible_days")).alias("sickness_absence"),
        (pay + f["social"]).alias("wage_cost"),
    )
    out = out.with_columns(
        (pl.col("cost_per_net_fte") / hours_per_net_fte).alias("cost_per_paid_hour"),
        (pl.col("ftes_per_user") * pl.col("cost_per_gross_fte")).alias("staff_cost_per_user"),
        pl.col("ftes_per_user").alias("staffing_factor"),
    )
    return out.with_columns(
        (OVERTIME_FACTOR * pl.col("cost_per_paid_hour")).alias("cost_per_overtime_hour"),
        (pl.col("paid_hours_per_decided_hour") * pl.col("cost_per_paid_hour")).alias("staff_cost_per_decided_hour"),
    )


def unit_kpis(
    *,
    accounts: pl.DataFrame,
    ftes: pl.DataFrame,
    decisions: pl.DataFrame,
    units: pl.DataFrame,
    delivered: pl.DataFrame,
    absence: pl.DataFrame,
    year: int,
    monthly: bool,
    arts: dict[str, str] | None = None,
    hours_per_gross_fte: float = HOURS_PER_GROSS_FTE,
    hours_per_net_fte: float = HOURS_PER_NET_FTE,
) -> pl.DataFrame:
    """One row per unit (and ``TOTAL``) and period of ``year`` with every KPI of the chain as a column.

    Every unit gets every period, also where a source is missing: its KPIs are then null, never zero.
    """
    spans = periods(year, monthly)
    names = [*sorted(units["unit"].unique().to_list()), TOTAL]
    grid = pl.DataFrame({"unit": names}).join(pl.DataFrame({"period": [s[0] for s in spans]}), how="cross")
    parts = [
        wage_parts(accounts.filter(pl.col("year") == year), units, monthly=monthly, arts=arts),
        staff(ftes.filter(pl.col("year") == year), units, monthly=monthly),
        period_volumes(decisions, spans),
        by_month(delivered.filter(pl.col("year") == year).rename({"hours": "delivered_hours"}), ["delivered_hours"],
                 monthly=monthly),
        by_month(absence.filter(pl.col("year") == year), ["absence_days", "possible_days"], monthly=monthly),
    ]  # fmt: skip
    wide = grid
    for part in parts:
        wide = wide.join(part, on=["unit", "period"], how="left")
    wide = wide.with_columns(
        *(pl.col(p).fill_null(0.0) for p in PARTS),
        pl.col("users").fill_null(0),
        pl.col("decided_hours").fill_null(0.0),
        pl.lit(1 if monthly else 12).alias("months"),
    )
    out = kpi_columns(wide, hours_per_gross_fte=hours_per_gross_fte, hours_per_net_fte=hours_per_net_fte)
    # Money and FTEs of a period with neither accounts nor FTEs are unknown, not zero.
    unknown = (pl.col("wage_cost") == 0) & pl.col("gross_ftes").is_null()
    out = out.with_columns(pl.when(~unknown).then(pl.col("wage_cost")).alias("wage_cost"))
    order = pl.col("unit") == TOTAL
    return out.sort(order, "unit", "period")
