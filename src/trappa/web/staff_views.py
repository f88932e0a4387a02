"""What the staff pages show and do, kept apart from the routes (one reason to change each)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

import polars as pl
import yaml
from fastapi import HTTPException, Request
from sqlalchemy import insert, select

from trappa.errors import TrappaError
from trappa.model.profile import Profile
from trappa.staircase import Staircase, dump_staircase, load_staircase_text
from trappa.store.accounts import User, audit
from trappa.store.repository import ImportResult, load_table, set_setting, store_import
from trappa.store.tables import staircase_versions
from trappa.web.charts import bar_chart
from trappa.web.public import _staircase, spec_json

TEXT_FIELDS = [
    ("name", "Namn"),
    ("short", "Kort tekst"),
    ("description.goal", "Mål"),
    ("description.target_group", "Kven er det for"),
    ("description.services", "Tenester"),
    ("description.how_to_apply", "Slik søkjer du"),
]


def profile_view(ctx: dict[str, Any]) -> dict[str, Any]:
    profile: Profile | None = ctx.get("profile")
    if profile is None:
        return ctx
    rows = profile.table.to_dicts()
    chart_rows = [{**r, "step_label": f"{r['step']} {r['step_name']}"} for r in rows]
    if profile.by_user_group:
        chart_rows = (
            pl.DataFrame(chart_rows)
            .group_by("step", "step_label")
            .agg(pl.col("net_cost").sum(), pl.col("persons").sum())
            .to_dicts()
        )
        for r in chart_rows:
            r["cost_per_person"] = r["net_cost"] / r["persons"] if r["persons"] else None
    charts = {
        "net": spec_json(bar_chart(chart_rows, "net_cost", "Netto driftsutgifter per trinn", "Kroner")),
        "persons": spec_json(bar_chart(chart_rows, "persons", "Personar per trinn", "Personar")),
        "per_person": spec_json(bar_chart(chart_rows, "cost_per_person", "Netto per person", "Kroner per person")),
    }
    changes = None
    previous: Profile | None = ctx.get("previous")
    if previous is not None:
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
    return {**ctx, "rows": rows, "charts": charts, "changes": changes}


def mapping_view(request: Request, year: int | None) -> dict[str, Any]:
    from trappa.store.repository import load_inputs, stored_years
    from trappa.web.staff import _cached_profile

    engine = request.app.state.engine
    years = stored_years(engine)
    if not years:
        return {"years": [], "year": None}
    chosen = year if year in years else years[-1]
    inputs = load_inputs(engine, chosen)
    staircase = _staircase(request)
    profile = _cached_profile(request, chosen, False)  # the same profile the profile page shows
    accounts = inputs.accounts.group_by("cost_centre").agg(
        pl.col("cost_centre_name").drop_nulls().first(), (pl.col("amount_ore").sum() / 100).alias("amount")
    )
    mapping = inputs.mapping.group_by("cost_centre").agg(
        pl.struct("function", "step", "user_group", "share").alias("rows")
    )
    unmapped = set(profile.unmapped_centres["cost_centre"].to_list())
    problems = {r["selector"]: r["share_sum"] for r in profile.share_problems.to_dicts()}
    table = accounts.join(mapping, on="cost_centre", how="left").sort("cost_centre").to_dicts()
    for r in table:
        r["unmapped"] = r["cost_centre"] in unmapped
        r["share_problem"] = problems.get(r["cost_centre"])
    return {
        "years": years,
        "year": chosen,
        "centres": table,
        "controls": profile.controls,
        "unmapped_centres": profile.unmapped_centres.to_dicts(),
        "share_problems": profile.share_problems.to_dicts(),
        "steps": staircase.steps,
        "user_groups": ["alle", "habilitering", "psykisk_helse_rus", "andre"],
    }


GROUPS = ("alle", "habilitering", "psykisk_helse_rus", "andre")


def _step_value(step: str, staircase: Staircase) -> int:
    number = 0 if step == "utanfor" else int(step) if step.isdigit() else -1
    if number != 0 and number not in staircase.step_numbers:
        raise TrappaError(f"Trinn «{step}» finst ikkje i trappa.")
    return number


def set_cost_centre_key(
    request: Request, user: User, year: int, cost_centre: str, rows: list[tuple[str, str, float]]
) -> ImportResult:
    """Replace a cost centre's own mapping key (exact code, all functions) for a year.

    ``rows`` are (step or "utanfor", user group, share %); the shares must sum to 100. The year's
    mapping is stored again as a new import, so the change shows in the history and can be undone
    by importing the earlier file.
    """
    engine = request.app.state.engine
    staircase = _staircase(request)
    if not rows:
        raise TrappaError("Fyll inn minst éi rad med trinn og del.")
    for _step, group, share in rows:
        if group not in GROUPS:
            raise TrappaError(f"Ukjend brukargruppe «{group}».")
        if not 0 < share <= 100:
            raise TrappaError(f"Delen {share} må vere mellom 0 og 100 prosent.")
    total = sum(share for _s, _g, share in rows)
    if abs(total - 100) > 0.01:
        raise TrappaError(f"Delane summerer til {total:g} %, ikkje 100 %.")
    current = load_table(engine, "mapping", year)
    keep = current.filter(~((pl.col("cost_centre") == cost_centre) & pl.col("function").is_null()))
    new_rows = pl.DataFrame(
        [(year, cost_centre, None, _step_value(step, staircase), group, float(share)) for step, group, share in rows],
        schema=current.schema,
        orient="row",
    )
    updated = pl.concat([keep, new_rows])
    digest = hashlib.sha256(updated.sort(updated.columns, nulls_last=True).write_csv().encode()).hexdigest()
    result = store_import(engine, "mapping", updated, file_name=f"fordeling {year} (nettsida)", sha256=digest)
    described = "; ".join(f"{step} {group} {share:g} %" for step, group, share in rows)
    audit(engine, user.username, "mapping", f"{year} {cost_centre}: {described}", "ok")
    request.app.state.settings.cache.clear()
    return result


def cost_centre_key(request: Request, year: int, cost_centre: str) -> dict[str, Any]:
    engine = request.app.state.engine
    mapping = load_table(engine, "mapping", year)
    rows = mapping.filter((pl.col("cost_centre") == cost_centre) & pl.col("function").is_null()).to_dicts()
    others = mapping.filter((pl.col("cost_centre") == cost_centre) & pl.col("function").is_not_null()).to_dicts()
    accounts = load_table(engine, "accounts", year).filter(pl.col("cost_centre") == cost_centre)
    name = accounts["cost_centre_name"].drop_nulls().first() if accounts.height else None
    return {
        "year": year,
        "cost_centre": cost_centre,
        "name": name,
        "rows": rows,
        "function_rows": others,
        "amount": float(accounts["amount_ore"].sum()) / 100 if accounts.height else 0.0,
        "steps": _staircase(request).steps,
        "user_groups": GROUPS,
        "slots": max(4, len(rows) + 1),
    }


def steps_view(request: Request) -> dict[str, Any]:
    engine = request.app.state.engine
    with engine.connect() as conn:
        history = [
            dict(r._mapping)
            for r in conn.execute(
                select(
                    staircase_versions.c.id,
                    staircase_versions.c.username,
                    staircase_versions.c.note,
                    staircase_versions.c.at,
                )
                .order_by(staircase_versions.c.id.desc())
                .limit(50)
            )
        ]
    return {"staircase": _staircase(request), "history": history}


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


def step_edit_view(request: Request, number: int, fields: dict[str, str] | None) -> dict[str, Any]:
    staircase = _staircase(request)
    try:
        step = staircase.step(number)
    except KeyError:
        raise HTTPException(status_code=404) from None
    values = {}
    for path, _label in TEXT_FIELDS:
        text = _get(step, path)
        for lang in ("nn", "nb", "en"):
            key = f"f.{path}.{lang}"
            values[key] = fields.get(key, "") if fields is not None else (getattr(text, lang) or "")
    preview, error = None, None
    if fields is not None:
        try:
            preview = _apply(staircase, number, fields).step(number)
        except TrappaError as exc:
            error = str(exc)
    return {
        "step": step,
        "fields": TEXT_FIELDS,
        "values": values,
        "preview": preview,
        "saved": request.query_params.get("lagra") == "1",
        "error": error,
        "history": steps_view(request)["history"],
    }


def _apply(staircase: Staircase, number: int, fields: dict[str, str] | None) -> Staircase:
    data = json.loads(staircase.model_dump_json())
    index = next(i for i, s in enumerate(data["steps"]) if s["number"] == number)
    for key, value in (fields or {}).items():
        _prefix, *path, lang = key.split(".")
        target = data["steps"][index]
        for part in path:
            target = target[part]
        target[lang] = value.strip() or None
    result = load_staircase_text(yaml.safe_dump(data, allow_unicode=True), "redigert trapp")
    assert isinstance(result, Staircase)
    return result


def save_step(request: Request, user: User, number: int, fields: dict[str, str]) -> str | None:
    engine = request.app.state.engine
    try:
        updated = _apply(_staircase(request), number, fields)
    except TrappaError as exc:
        return str(exc)
    text = dump_staircase(updated)
    set_setting(engine, "staircase_yaml", text)
    with engine.begin() as conn:
        conn.execute(
            insert(staircase_versions).values(
                yaml=text, username=user.username, note=f"trinn {number}", at=datetime.now(UTC)
            )
        )
    audit(engine, user.username, "step_text", f"trinn {number}", "ok")
    request.app.state.settings.cache.clear()
    return None
