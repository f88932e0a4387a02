"""The mapping (fordelingsnøkkelen): which step and user group each cost centre's kroner belong to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from trappa.errors import TrappaError
from trappa.ingest.contracts import MAPPING, parse_raw
from trappa.ingest.reader import RawTable
from trappa.model.profile import ControlTotals
from trappa.report.labels import user_group_name
from trappa.services import audit, imports, staircase
from trappa.services import profile as profiles
from trappa.services.database import Database
from trappa.services.memo import Memo, no_memo
from trappa.staircase.model import Step
from trappa.store.read import load_table
from trappa.store.repository import ImportResult

USER_GROUPS = ("alle", "habilitering", "psykisk_helse_rus", "andre")
OUTSIDE = "utanfor"  # a share deliberately left outside the staircase
BY_COST = "kostnad"  # a shared centre spread as the direct costs on the steps («etter kostnad»)


@dataclass(frozen=True)
class MappingOverview:
    """Every cost centre of a year with its amount and key, what is unmapped, and the control totals.

    The one object the mapping page and its Excel download are made from.
    """

    years: list[int]
    year: int | None
    centres: list[dict[str, Any]]
    controls: ControlTotals | None
    unmapped_centres: list[dict[str, Any]]
    share_problems: list[dict[str, Any]]
    steps: list[Step]
    user_groups: tuple[str, ...] = USER_GROUPS

    def key_text(self, centre: dict[str, Any]) -> str:
        """The key of a centre in words: «trinn 6 andre 60 %; utanfor alle 40 %»."""
        parts = [
            f"{_step_words(m['step'])} {user_group_name(m['user_group'])} {m['share']:g} %"
            + (f" (funksjon {m['function']})" if m["function"] else "")
            for m in (centre["rows"] or [])
        ]
        return "; ".join(parts) or ("IKKJE FORDELT" if centre["unmapped"] else "")


@dataclass(frozen=True)
class CostCentreKey:
    """One cost centre's own key (all functions) for the per-centre editor."""

    year: int
    cost_centre: str
    name: str | None
    amount: float
    rows: list[dict[str, Any]]
    function_rows: list[dict[str, Any]]
    steps: list[Step]
    user_groups: tuple[str, ...] = USER_GROUPS


def overview(db: Database, year: int | None, *, memo: Memo = no_memo) -> MappingOverview:
    years = profiles.years(db)
    steps = staircase.current(db).steps
    if not years:
        return MappingOverview([], None, [], None, [], [], steps)
    chosen = year if year in years else years[-1]
    p = profiles.profile(db, chosen, memo=memo)  # the same profile the profile page shows
    # Only the accounts and keys: the decisions the profile reads are not needed here.
    accounts = (
        load_table(db, "accounts", chosen)
        .group_by("cost_centre")
        .agg(pl.col("cost_centre_name").drop_nulls().min(), (pl.col("amount_ore").sum() / 100).alias("amount"))
    )
    keys = (  # each centre's rows in one order, whatever the order they were stored in
        load_table(db, "mapping", chosen)
        .sort("cost_centre", "function", "step", "user_group", "share", nulls_last=False)
        .group_by("cost_centre", maintain_order=True)
        .agg(pl.struct("function", "step", "user_group", "share").alias("rows"))
    )
    unmapped = set(p.unmapped_centres["cost_centre"].to_list())
    problems = {r["selector"]: r["share_sum"] for r in p.share_problems.to_dicts()}
    centres = accounts.join(keys, on="cost_centre", how="left").sort("cost_centre").to_dicts()
    for r in centres:
        r["unmapped"] = r["cost_centre"] in unmapped
        r["share_problem"] = problems.get(r["cost_centre"])
    return MappingOverview(
        years, chosen, centres, p.controls, p.unmapped_centres.to_dicts(), p.share_problems.to_dicts(), steps
    )


def cost_centre_key(db: Database, year: int, cost_centre: str) -> CostCentreKey:
    mapping = load_table(db, "mapping", year)
    own = mapping.filter(pl.col("cost_centre") == cost_centre)
    accounts = load_table(db, "accounts", year).filter(pl.col("cost_centre") == cost_centre)
    return CostCentreKey(
        year,
        cost_centre,
        str(accounts["cost_centre_name"].drop_nulls().min())
        if accounts["cost_centre_name"].drop_nulls().len()
        else None,
        float(accounts["amount_ore"].sum()) / 100 if accounts.height else 0.0,
        own.filter(pl.col("function").is_null()).to_dicts(),
        own.filter(pl.col("function").is_not_null()).to_dicts(),
        staircase.current(db).steps,
    )


def _check_as_a_file(year: int, cost_centre: str, rows: list[tuple[str, str, float]]) -> None:
    """The form's rows go through the same rules as a mapping file (year, codes, formulas, steps, shares)."""
    labels = {c.name: c.label for c in MAPPING.columns}
    cells = {
        labels["year"]: [str(year)] * len(rows),
        labels["cost_centre"]: [cost_centre] * len(rows),
        labels["step"]: ["etter kostnad" if step == BY_COST else str(step) for step, _g, _s in rows],
        labels["user_group"]: [group for _st, group, _s in rows],
        labels["share"]: [f"{share:g}".replace(".", ",") for _st, _g, share in rows],
    }
    frame = pl.DataFrame(cells, schema=dict.fromkeys(cells, pl.Utf8))
    raw = RawTable("skjemaet", frame, pl.Series("row", range(1, len(rows) + 1), dtype=pl.Int64), 0)
    parse_raw(raw, MAPPING)  # raises InputFileError with every problem, as for a file


def set_cost_centre_key(
    db: Database, actor: str | None, year: int, cost_centre: str, rows: list[tuple[str, str, float]]
) -> ImportResult:
    """Replace a cost centre's own key (exact code, all functions) for a year.

    ``rows`` are (step number or «utanfor», user group, share %); the shares must sum to 100. The year's
    mapping is stored again as a new import, so the change shows in the history and can be undone by
    importing the earlier file.
    """
    numbers = staircase.current(db).step_numbers
    if not rows:
        raise TrappaError("Fyll inn minst éi rad med trinn og del.")
    _check_as_a_file(year, cost_centre, rows)
    for _step, group, share in rows:
        if group not in USER_GROUPS:
            raise TrappaError(f"Ukjend brukargruppe «{group}». Vel ein av: {', '.join(USER_GROUPS)}.")
        if not 0 < share <= 100:
            raise TrappaError(f"Delen {share:g} må vere mellom 0 og 100 prosent.")
    total = sum(share for _s, _g, share in rows)
    if abs(total - 100) > 0.01:
        raise TrappaError(f"Delane summerer til {total:g} %, ikkje 100 %.")
    current = load_table(db, "mapping", year)
    keep = current.filter(~((pl.col("cost_centre") == cost_centre) & pl.col("function").is_null()))
    new_rows = pl.DataFrame(
        [(year, cost_centre, None, _step_number(step, numbers), group, float(share)) for step, group, share in rows],
        schema=current.schema,
        orient="row",
    )
    updated = pl.concat([keep, new_rows])
    result = imports.store_frame(db, "mapping", updated, source=f"fordeling {year} (nettsida)")
    described = "; ".join(f"{step} {user_group_name(group).lower()} {share:g} %" for step, group, share in rows)
    audit.record(db, actor, "mapping", f"{year} {cost_centre}: {described}", "ok")
    return result


def _step_number(step: str, numbers: list[int]) -> int:
    if step == BY_COST:
        return -1
    number = 0 if step == OUTSIDE else int(step) if step.isdigit() else -99
    if number != 0 and number not in numbers:
        raise TrappaError(f"Trinn «{step}» finst ikkje i trappa.")
    return number


def _step_words(step: int) -> str:
    return OUTSIDE if step == 0 else "etter kostnad" if step == -1 else f"trinn {step}"
