"""The volume, cost and user profile of the staircase (matrise for volum-, kostnad- og brukarprofilar).

Per step of one year (optionally per user group): gross cost, income, net cost
and its share, FTEs, persons, decisions, decided hours, places, and the unit
costs that follow. Control totals show where every krone of the accounts went.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import polars as pl

from trappa.model.accounts import account_totals
from trappa.model.decisions import active_in_year, decision_volumes, decisions_without_step, resolve_steps
from trappa.model.ftes import allocate_ftes, yearly_ftes
from trappa.model.mapping import UNMAPPED_GROUP, allocate, share_problems
from trappa.model.sums import exact_sum
from trappa.staircase.outline import Outline

USER_GROUPS = ("habilitering", "psykisk_helse_rus", "andre", "alle")


@dataclass
class ProfileInputs:
    """The municipality's own data, as typed tables (see docs/data-contracts.md)."""

    accounts: pl.DataFrame
    ftes: pl.DataFrame
    decisions: pl.DataFrame
    places: pl.DataFrame
    mapping: pl.DataFrame
    services: pl.DataFrame | None = None


@dataclass
class ControlTotals:
    """Where the money went, in øre; ``balanced`` when nothing was lost or made up."""

    year: int
    accounts_total_ore: int
    in_steps_ore: int
    outside_staircase_ore: int
    unmapped_ore: int
    gross_total_ore: int
    income_total_ore: int
    ftes_total: float
    ftes_in_steps: float
    ftes_outside: float
    ftes_unmapped: float
    decisions_active: int
    decisions_in_steps: int
    decisions_outside: int
    decisions_without_step: int

    @property
    def balanced(self) -> bool:
        return self.accounts_total_ore == self.in_steps_ore + self.outside_staircase_ore + self.unmapped_ore


@dataclass
class Profile:
    year: int
    on_date: date
    by_user_group: bool
    table: pl.DataFrame
    controls: ControlTotals
    unmapped_centres: pl.DataFrame
    share_problems: pl.DataFrame
    overlapping_keys: pl.DataFrame
    services_without_step: pl.DataFrame
    unmapped_ftes: pl.DataFrame
    warnings: list[str] = field(default_factory=list)


def steps_frame(outline: Outline, language: str = "nn") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "step": [s.number for s in outline.steps],
            "step_code": [s.code or str(s.number) for s in outline.steps],
            "step_name": [s.name(language) for s in outline.steps],
            "category": [s.category for s in outline.steps],
        },
        schema={"step": pl.Int64, "step_code": pl.Utf8, "step_name": pl.Utf8, "category": pl.Int64},
    )


def _money(alloc: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    return alloc.group_by(["step", *by]).agg(
        pl.col("amount_ore").filter(~pl.col("is_income")).sum().alias("gross_ore"),
        pl.col("amount_ore").filter(pl.col("is_income")).sum().alias("income_ore"),
        pl.col("amount_ore").sum().alias("net_ore"),
        pl.col("budget_ore").sum().alias("budget_ore"),
        pl.col("amount_ore").filter(~pl.col("is_income") & pl.col("is_bought")).sum().alias("bought_ore"),
        pl.col("amount_ore").filter(pl.col("is_refund")).sum().alias("refund_ore"),
    )


def _ratio(num: str, den: str) -> pl.Expr:
    return pl.when(pl.col(den) > 0).then(pl.col(num) / pl.col(den)).otherwise(None)


def build_profile(
    inputs: ProfileInputs,
    staircase: Outline,
    year: int,
    *,
    by_user_group: bool = False,
    on_date: date | None = None,
    language: str = "nn",
    refund_arts: tuple[str, ...] | list[str] = (),
) -> Profile:
    """The profile of ``year``; ``refund_arts`` are the arts the state's refund for high-cost users is
    booked on, so that part of the income is shown on its own (``refund_income``)."""
    on_date = on_date or date(year, 12, 31)
    by = ["user_group"] if by_user_group else []
    accounts = _of_year(inputs.accounts, year)
    mapping = inputs.mapping.filter(pl.col("year") == year)
    warnings: list[str] = []
    if accounts.is_empty():
        warnings.append(f"Ingen rekneskap for {year}.")
    if mapping.is_empty():
        warnings.append(f"Ingen fordelingsnøkkel for {year}: alle kroner står som ikkje fordelte.")

    totals = account_totals(accounts, refund_arts)
    alloc, ties = allocate(totals, mapping, ["amount_ore", "budget_ore"])

    known_steps = set(staircase.step_numbers)
    alien = alloc.filter(pl.col("step").is_not_null() & (pl.col("step") > 0) & ~pl.col("step").is_in(known_steps))
    if not alien.is_empty():
        missing = sorted(set(alien["step"].to_list()))
        warnings.append(
            f"Fordelingsnøkkelen viser til trinn som ikkje finst i trappa: {missing}. Pengane står som ikkje fordelte."
        )
        alloc = alloc.with_columns(
            pl.when(pl.col("step").is_in(missing)).then(None).otherwise(pl.col("step")).alias("step"),
            pl.when(pl.col("step").is_in(missing))
            .then(pl.lit(UNMAPPED_GROUP))
            .otherwise(pl.col("user_group"))
            .alias("user_group"),
        )

    year_ftes = yearly_ftes(inputs.ftes.filter(pl.col("year") == year))
    fte_alloc = allocate_ftes(year_ftes, alloc, mapping)
    decisions = resolve_steps(inputs.decisions, inputs.services)
    active = active_in_year(decisions, year)
    volumes = decision_volumes(active.filter(pl.col("step") > 0), year, on_date, by)
    given = inputs.places
    if "provision" not in given.columns:  # places that do not say bought or own
        given = given.with_columns(pl.lit(None, pl.Utf8).alias("provision"))
    places = (
        given.filter(pl.col("year") == year)
        .group_by("step")
        .agg(
            exact_sum("places"),
            # Occupancy only over the units that report occupied days; none reporting means unknown, not 0 %.
            exact_sum("occupied_days").alias("occupied_days"),
            exact_sum(pl.col("places").filter(pl.col("occupied_days").is_not_null())).alias("places_with_days"),
            # Bought places only where some unit of the step says whether it is bought or own.
            pl.when(pl.col("provision").is_not_null().any())
            .then(exact_sum(pl.col("places").filter(pl.col("provision") == "kjøp")))
            .otherwise(None)
            .alias("bought_places"),
            pl.col("occupied_days").is_not_null().any().alias("has_days"),
        )
        .with_columns(
            pl.when(pl.col("has_days")).then(pl.col("occupied_days")).otherwise(None).alias("occupied_days"),
            pl.when(pl.col("has_days")).then(pl.col("places_with_days")).otherwise(None).alias("places_with_days"),
        )
        .drop("has_days")
    )

    base = steps_frame(staircase, language)
    if by_user_group:
        base = base.join(pl.DataFrame({"user_group": list(USER_GROUPS)}), how="cross")
    in_steps = alloc.filter(pl.col("step") > 0)
    table = (
        base.join(_money(in_steps, by), on=["step", *by], how="left")
        .join(
            fte_alloc.filter(pl.col("step") > 0).group_by(["step", *by]).agg(exact_sum("ftes")),
            on=["step", *by],
            how="left",
        )
        .join(volumes, on=["step", *by], how="left")
    )
    if not by_user_group:
        table = table.join(places, on="step", how="left")
    else:
        table = table.with_columns(
            pl.lit(None, pl.Float64).alias("places"),
            pl.lit(None, pl.Float64).alias("occupied_days"),
            pl.lit(None, pl.Float64).alias("places_with_days"),
            pl.lit(None, pl.Float64).alias("bought_places"),
        )
    fill_int = [
        "gross_ore",
        "income_ore",
        "net_ore",
        "budget_ore",
        "bought_ore",
        "refund_ore",
        "persons",
        "persons_on_date",
        "decisions",
    ]
    fill_float = ["ftes", "decided_hours_per_week", "decided_hours_year"]
    table = table.with_columns(
        *(pl.col(c).fill_null(0).cast(pl.Int64) for c in fill_int),
        *(pl.col(c).fill_null(0.0) for c in fill_float),
    )
    total_net = int(table["net_ore"].sum())
    # Without any budget line in the year, «accounts minus budget» would only repeat the accounts.
    has_budget = accounts["budget_ore"].null_count() < accounts.height
    table = (
        table.with_columns(
            (pl.col("gross_ore") / 100).alias("gross_cost"),
            (pl.col("income_ore") / 100).alias("income"),
            (pl.col("refund_ore") / 100).alias("refund_income"),
            (pl.col("net_ore") / 100).alias("net_cost"),
            (pl.col("budget_ore") / 100).alias("budget"),
            (pl.col("bought_ore") / 100).alias("bought_cost"),
            (pl.col("gross_ore") - pl.col("bought_ore")).truediv(100).alias("own_cost"),
            (((pl.col("net_ore") - pl.col("budget_ore")) / 100) if has_budget else pl.lit(None, pl.Float64)).alias(
                "budget_deviation"
            ),
            (pl.col("net_ore") / total_net * 100 if total_net else pl.lit(None, pl.Float64)).alias(
                "share_of_net_percent"
            ),
            _ratio("decided_hours_per_week", "persons").alias("decided_hours_per_week_per_person"),
            (_ratio("net_ore", "persons") / 100).alias("cost_per_person"),
            (_ratio("net_ore", "decided_hours_year") / 100).alias("cost_per_decided_hour"),
            _ratio("ftes", "persons").alias("ftes_per_person"),
            (_ratio("net_ore", "places") / 100).alias("cost_per_place"),
            (_ratio("occupied_days", "places_with_days") / (366 if _leap(year) else 365) * 100).alias(
                "occupancy_percent"
            ),
        )
        .sort(["step", *by])
        .drop("places_with_days")
    )

    unmapped = alloc.filter(pl.col("step").is_null())
    unmapped_centres = (
        unmapped.group_by("cost_centre").agg(pl.col("amount_ore").sum()).filter(pl.col("amount_ore") != 0)
    )
    # Names only of the centres listed (naming all 5 000 centres of 500 000 lines took a tenth of the profile).
    names = (
        accounts.filter(pl.col("cost_centre").is_in(unmapped_centres["cost_centre"].implode()))
        .group_by("cost_centre")
        .agg(pl.col("cost_centre_name").drop_nulls().min())  # one name, whatever the lines' order
    )
    unmapped_centres = unmapped_centres.join(names, on="cost_centre", how="left").sort("cost_centre")
    controls = ControlTotals(
        year=year,
        accounts_total_ore=int(accounts["amount_ore"].sum()),
        in_steps_ore=int(in_steps["amount_ore"].sum()),
        outside_staircase_ore=int(alloc.filter(pl.col("step") == 0)["amount_ore"].sum()),
        unmapped_ore=int(unmapped["amount_ore"].sum()),
        gross_total_ore=int(totals.filter(~pl.col("is_income"))["amount_ore"].sum()),
        income_total_ore=int(totals.filter(pl.col("is_income"))["amount_ore"].sum()),
        ftes_total=float(year_ftes["ftes"].sum()),
        ftes_in_steps=float(fte_alloc.filter(pl.col("step") > 0)["ftes"].sum()),
        ftes_outside=float(fte_alloc.filter(pl.col("step") == 0)["ftes"].sum()),
        ftes_unmapped=float(fte_alloc.filter(pl.col("step").is_null())["ftes"].sum()),
        decisions_active=active.height,
        decisions_in_steps=active.filter(pl.col("step") > 0).height,
        decisions_outside=active.filter(pl.col("step") == 0).height,
        decisions_without_step=active.filter(pl.col("step").is_null()).height,
    )
    return Profile(
        year=year,
        on_date=on_date,
        by_user_group=by_user_group,
        table=table,
        controls=controls,
        unmapped_centres=unmapped_centres,
        share_problems=share_problems(mapping),
        overlapping_keys=ties,
        services_without_step=decisions_without_step(active),
        unmapped_ftes=fte_alloc.filter(pl.col("step").is_null())
        .group_by("cost_centre")
        .agg(exact_sum("ftes"))
        .sort("cost_centre"),
        warnings=warnings,
    )


def _of_year(frame: pl.DataFrame, year: int) -> pl.DataFrame:
    """The rows of ``year``; the frame itself when it holds only that year (as loaded for one year), not a copy."""
    if frame.is_empty() or (frame["year"].min() == year and frame["year"].max() == year):
        return frame
    return frame.filter(pl.col("year") == year)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
