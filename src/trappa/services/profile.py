"""The profile (tenesteprofilen): per step, persons, decisions, hours, FTEs and kroner, with control totals."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import polars as pl

from trappa.errors import TrappaError
from trappa.model.profile import Profile, ProfileInputs, build_profile
from trappa.report.profile_out import ProfileReport
from trappa.services import municipality, outline
from trappa.services.database import Database
from trappa.services.memo import Memo, key, no_memo, per_view
from trappa.store.read import load_inputs, stored_years

__all__ = [
    "CheckReport",
    "Profile",
    "ProfilePage",
    "ProfileReport",
    "check",
    "parse_date",
    "profile",
    "report",
    "years",
]


@dataclass(frozen=True)
class ProfilePage:
    """What the staff profile page and its Excel download show for one year."""

    years: list[int]
    year: int | None
    by_user_group: bool
    profile: Profile | None
    previous: Profile | None
    municipality: str
    synthetic: bool
    rows: list[dict[str, Any]]
    step_totals: list[dict[str, Any]]
    changes: list[dict[str, Any]] | None
    totals: dict[str, float] | None = None


@dataclass(frozen=True)
class CheckReport:
    """`check` for each year: the profile with its lists of things to look at, and how many kinds of problem."""

    profiles: list[Profile]

    @staticmethod
    def problems_of(p: Profile) -> int:
        lists = (p.unmapped_centres, p.share_problems, p.overlapping_keys, p.services_without_step, p.unmapped_ftes)
        return sum(not f.is_empty() for f in lists) + (0 if p.controls.balanced else 1)

    @property
    def problems(self) -> int:
        return sum(self.problems_of(p) for p in self.profiles)


def years(db: Database) -> list[int]:
    """Years with imported accounts."""
    return per_view(f"years:{id(db)}", lambda: stored_years(db))


def _require_years(db: Database) -> list[int]:
    available = years(db)
    if not available:
        raise TrappaError("Ingen rekneskap er importert enno. Importer rekneskapen først (filtypen accounts).")
    return available


def profile(
    db: Database,
    year: int,
    *,
    by_user_group: bool = False,
    on_date: date | None = None,
    language: str = "nn",
    budget: bool = False,
    memo: Memo = no_memo,
) -> Profile:
    """The profile of a year from its accounts, or with ``budget`` from its budget amounts (a budget year)."""

    def compute() -> Profile:
        inputs = load_inputs(db, year)
        if budget:
            inputs = as_budget(inputs)
        return build_profile(
            inputs,
            outline.current(db),
            year,
            by_user_group=by_user_group,
            on_date=on_date,
            language=language,
            refund_arts=municipality.basics(db).refund_arts,
        )

    return memo(key(db, "profile", year, by_user_group, on_date, language, budget), compute)


def as_budget(inputs: ProfileInputs) -> ProfileInputs:
    """The budget amounts in place of the accounts: the same mapping and steps, the budget's kroner."""
    if not inputs.accounts["budget_ore"].drop_nulls().len():
        raise TrappaError("Det er ikkje importert budsjett for dette året (kolonnen «budsjett» i rekneskapsfila).")
    accounts = inputs.accounts.with_columns(
        pl.col("budget_ore").fill_null(0).alias("amount_ore"), pl.lit(None, pl.Int64).alias("budget_ore")
    )
    return dataclasses.replace(inputs, accounts=accounts)


def report(
    db: Database,
    chosen: list[int] | None = None,
    *,
    every_year: bool = False,
    by_user_group: bool = False,
    on_date: date | None = None,
    language: str = "nn",
    budget: bool = False,
) -> ProfileReport:
    """The profile of the chosen years (default: the latest, or every year with ``every_year``)."""
    available = _require_years(db)
    wanted = chosen or (available if every_year else [available[-1]])
    missing = [y for y in wanted if y not in available]
    if missing:
        raise TrappaError(
            f"Ingen rekneskap for {', '.join(map(str, missing))}. Importerte år: {', '.join(map(str, available))}."
        )
    settings = municipality.basics(db)
    profiles = [
        profile(db, y, by_user_group=by_user_group, on_date=on_date, language=language, budget=budget) for y in wanted
    ]
    basis = "budget" if budget else "accounts"
    return ProfileReport(settings.name, settings.synthetic, outline.current(db).id, language, profiles, basis)


def check(db: Database, year: int | None = None) -> CheckReport:
    """Unmapped cost centres, keys not summing to 100 %, overlaps, services without a step, control totals."""
    available = _require_years(db)
    if year is not None and year not in available:
        raise TrappaError(f"Ingen rekneskap for {year}. Importerte år: {', '.join(map(str, available))}.")
    return CheckReport([profile(db, y) for y in ([year] if year else available)])


def page(
    db: Database, year: int | None, *, by_user_group: bool = False, language: str = "nn", memo: Memo = no_memo
) -> ProfilePage:
    """The profile of a year (the latest if not given) with last year's beside it for the change table."""
    # the whole page once per data version: rows, totals and changes were rebuilt on every view
    return memo(key(db, "profile-page", year, by_user_group, language),
                lambda: _page(db, year, by_user_group=by_user_group, language=language, memo=memo))  # fmt: skip


def _page(db: Database, year: int | None, *, by_user_group: bool, language: str, memo: Memo) -> ProfilePage:
    available = years(db)
    settings = municipality.basics(db)
    if not available:
        return ProfilePage([], None, by_user_group, None, None, settings.name, settings.synthetic, [], [], None)
    chosen = year if year in available else available[-1]
    current = profile(db, chosen, by_user_group=by_user_group, language=language, memo=memo)
    earlier = chosen - 1 in available and not by_user_group
    previous = profile(db, chosen - 1, language=language, memo=memo) if earlier else None
    rows = current.table.to_dicts()
    totals = current.table.group_by("step", "step_name").agg(pl.col("net_cost").sum(), pl.col("persons").sum())
    step_totals = totals.sort("step").to_dicts()
    for r in step_totals:
        r["cost_per_person"] = r["net_cost"] / r["persons"] if r["persons"] else None
    return ProfilePage(
        available,
        chosen,
        by_user_group,
        current,
        previous,
        settings.name,
        settings.synthetic,
        rows,
        step_totals if by_user_group else rows,
        _changes(rows, previous) if previous is not None else None,
        _totals(current),
    )


def _totals(p: Profile) -> dict[str, float]:
    """The sum row: what can be added up over the steps (persons cannot: one person may be on several steps)."""
    t = p.table
    return {
        c: float(t[c].fill_null(0).sum())
        for c in ("gross_cost", "income", "net_cost", "ftes", "decisions", "decided_hours_per_week", "places")
    }


def _changes(rows: list[dict[str, Any]], previous: Profile) -> list[dict[str, Any]]:
    before = {r["step"]: r for r in previous.table.to_dicts()}
    changes = []
    for r in rows:
        b = before.get(r["step"], {})
        changes.append(
            {
                "step": r["step"],
                "step_name": r["step_name"],
                "net_before": b.get("net_cost"),
                "net_now": r["net_cost"],
                "net_change": r["net_cost"] - (b.get("net_cost") or 0.0),
                "persons_before": b.get("persons"),
                "persons_now": r["persons"],
                "persons_change": r["persons"] - (b.get("persons") or 0),
            }
        )
    return changes


def parse_date(value: str) -> date:
    """A date as people write it: 31.12.2023 or 2023-12-31."""
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise TrappaError(f"Datoen «{value}» kan ikkje lesast. Skriv 31.12.2023 eller 2023-12-31.")


def monthly(
    db: Database, years: list[int] | None = None, step: int | None = None, *, memo: Memo = no_memo
) -> pl.DataFrame:
    """Persons, decisions and decided hours per step and month (staircase figures per month).

    The decisions are one snapshot, so every year with accounts can be counted month by month. The
    count over all steps is remembered per data version (the måltavle asks for it on every page).
    """
    from trappa.model.decisions import monthly_volumes, resolve_steps
    from trappa.store.read import load_table

    chosen = years or _require_years(db)

    def compute() -> pl.DataFrame:
        decisions = resolve_steps(load_table(db, "decisions"), load_table(db, "services"))
        frames = [monthly_volumes(decisions, y) for y in chosen]
        return pl.concat(frames) if frames else pl.DataFrame()

    out = memo(key(db, "monthly", *chosen), compute)
    names = {s.number: s.name("nn") for s in outline.current(db).steps}
    if step is not None:
        out = out.filter(pl.col("step") == step)
    return out.with_columns(pl.col("step").replace_strict(names, default=None).alias("step_name")).select(
        "period", "step", "step_name", "persons", "decisions", "decided_hours"
    )


def monthly_series(db: Database, measure: str, years: list[int] | None = None, step: int | None = None) -> pl.DataFrame:
    """One measure month by month (for one step, or summed over the steps) as `periode`, `verdi`."""
    if measure not in ("persons", "decisions", "decided_hours"):
        raise TrappaError(f"Ukjend mål «{measure}»: bruk persons, decisions eller decided_hours.")
    frame = monthly(db, years, step)
    return (
        frame.group_by("period").agg(pl.col(measure).sum().alias("verdi")).sort("period").rename({"period": "periode"})
    )
