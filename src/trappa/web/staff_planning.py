"""The staircase in 2040 for staff: edit a scenario and see it recomputed at once (htmx), download as Excel."""

from __future__ import annotations

import math
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from trappa.errors import TrappaError
from trappa.report import drivers_out, projection_out
from trappa.report.charts import grouped_chart, message_svg, to_svg
from trappa.services import audit, projection, staircase
from trappa.services.database import Database
from trappa.services.memo import key
from trappa.services.projection import Cap, Move, RateChange, Scenario
from trappa.web.cache import ResultCache
from trappa.web.deps import Analyst, Cache, CsrfForm, Db, Viewer
from trappa.web.render import XLSX, download_headers, spec_json, staff_render

router = APIRouter(prefix="/tilsett/framskriving")
ROWS = 3
TO_YEARS = (2030, 2035, 2040, 2045, 2050)
# What the editor's fields are called, for messages a person can act on.
FIELD_NAMES = {
    "step": "trinn",
    "percent": "prosent",
    "share": "del",
    "places": "plassar",
    "from": "frå år",
    "to": "til år",
}


def _num(form: FormData, key: str) -> float | None:
    text = str(form.get(key, "")).strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    field = FIELD_NAMES.get(key.split("_", 1)[-1], key)
    try:
        value = float(text)
    except ValueError:
        raise TrappaError(f"«{form.get(key)}» i feltet «{field}» er ikkje eit tal.") from None
    if not math.isfinite(value) or abs(value) > 1e12:  # «inf», «nan», «1e400»: no planning figure is that
        raise TrappaError(f"«{form.get(key)}» i feltet «{field}» er ikkje eit tal trappa kan rekne med.")
    return value


def scenario_from_form(form: FormData) -> Scenario:
    """Build a scenario from the editor's fields; empty rows are left out."""
    rate_changes, moves, caps = [], [], []
    for i in range(ROWS):
        step, pct = _num(form, f"rc{i}_step"), _num(form, f"rc{i}_percent")
        if step is not None and pct is not None:
            bands = [b for b in projection.BANDS if form.get(f"rc{i}_band_{b}")] or None
            rate_changes.append(
                RateChange(
                    step=int(step),
                    change_percent=pct,
                    bands=bands,
                    from_year=int(_num(form, f"rc{i}_from") or 2025),
                    to_year=int(_num(form, f"rc{i}_to") or 2030),
                )
            )
        frm, to, share = _num(form, f"mv{i}_from_step"), _num(form, f"mv{i}_to_step"), _num(form, f"mv{i}_share")
        if frm is not None and to is not None and share is not None:
            moves.append(
                Move(
                    from_step=int(frm),
                    to_step=int(to),
                    share_percent=share,
                    cost_per_person=_num(form, f"mv{i}_price"),
                    from_year=int(_num(form, f"mv{i}_from") or 2025),
                    to_year=int(_num(form, f"mv{i}_to") or 2030),
                )
            )
        step, places = _num(form, f"cap{i}_step"), _num(form, f"cap{i}_places")
        if step is not None and places is not None:
            overflow = _num(form, f"cap{i}_overflow")
            caps.append(
                Cap(
                    step=int(step),
                    places=places,
                    from_year=int(_num(form, f"cap{i}_from") or 2024),
                    overflow_to=int(overflow) if overflow else None,
                )
            )
    return Scenario(
        name=str(form.get("name", "")).strip() or "Nytt scenario",
        description=str(form.get("description", "")).strip()[:500],
        population_alternative=str(form.get("population_alternative", "MMMM")).strip() or "MMMM",
        real_cost_growth_percent=_num(form, "growth") or 0.0,
        healthy_ageing_years=_num(form, "healthy_ageing") or 0.0,
        rate_changes=rate_changes,
        moves=moves,
        caps=caps,
    )


def _to_year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return 2040
    return year if year in TO_YEARS else 2040


def _result(db: Database, cache: ResultCache, scenario: Scenario | None, to_year: int) -> dict[str, Any]:
    run = projection.run(db, [scenario] if scenario else [], to_year=to_year, memo=cache)
    summary = projection.summary(db, run)
    base, end = summary.base_year, summary.to_year
    chart_rows = []
    for r in summary.rows:
        label = f"{r['step']} {r['name']}"
        chart_rows += [
            {"step": r["step"], "step_label": label, "series": f"I dag ({base})", "persons": r["today"]},
            {"step": r["step"], "step_label": label, "series": f"{end}, alternativ 0", "persons": r["reference"]},
        ]
        if scenario:
            series = f"{end}, {summary.scenario_name}"
            chart_rows.append({"step": r["step"], "step_label": label, "series": series, "persons": r["scenario"]})
    series_order = list(dict.fromkeys(str(r["series"]) for r in chart_rows))
    drivers = cache(key(db, "drivers", to_year, scenario.to_json() if scenario else ""),
                    lambda: projection.drivers(db, scenario, to_year=to_year))  # fmt: skip
    return {
        "drivers": drivers,
        "driver_rows": drivers_out.rows(drivers, "net_cost"),
        "driver_totals": drivers.totals().to_dicts(),
        "driver_chart": spec_json(drivers_out.chart(drivers, "net_cost")),
        "run": run,
        "rows": summary.rows,
        "totals": summary.totals,
        "places": summary.places,
        "place_years": summary.place_years,
        "housing": projection.housing_needs(db, run, summary.place_years),
        "base_year": base,
        "to_year": end,
        "chart": spec_json(grouped_chart(chart_rows, base, end, series_order)),
        "scenario": scenario,
    }


def _page_context(
    db: Database, cache: ResultCache, scenario: Scenario | None, to_year: int, error: str | None
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "scenarios": list(projection.scenarios(db)),
        "selected": scenario,
        "to_year": to_year,
        "to_years": TO_YEARS,
        "bands": projection.BANDS,
        "rows": ROWS,
        "steps": staircase.current(db).steps,
        "error": error,
        "result": None,
    }
    try:
        context["result"] = _result(db, cache, scenario, to_year)
    except (TrappaError, ValidationError) as exc:
        context["error"] = projection.readable(exc)
    return context


@router.get("", response_class=HTMLResponse)
def projection_page(
    request: Request, user: Viewer, db: Db, cache: Cache, scenario: str = "", to: int = 2040
) -> HTMLResponse:
    chosen = projection.scenarios(db).get(scenario)
    return staff_render(request, "staff/projection.html", _page_context(db, cache, chosen, _to_year(to), None), user)


@router.post("/rekn", response_class=HTMLResponse)
def recompute(request: Request, user: Viewer, form: CsrfForm, db: Db, cache: Cache) -> HTMLResponse:
    """Recompute from the editor's fields; htmx gets the result region, a browser without JS the whole page."""
    to_year = _to_year(form.get("to"))
    try:
        scenario: Scenario | None = scenario_from_form(form)
        error = None
    except (TrappaError, ValidationError) as exc:
        scenario, error = None, projection.readable(exc)
    template = "staff/_projection_result.html" if request.headers.get("HX-Request") else "staff/projection.html"
    return staff_render(request, template, _page_context(db, cache, scenario, to_year, error), user)


@router.post("/lagre")
def save(user: Analyst, form: CsrfForm, db: Db) -> Response:
    try:
        scenario = scenario_from_form(form)
        projection.save(db, user.username, scenario)
    except (TrappaError, ValidationError) as exc:
        raise HTTPException(status_code=400, detail=projection.readable(exc)) from None
    to = _to_year(form.get("to"))
    return RedirectResponse(f"/tilsett/framskriving?scenario={scenario.name}&to={to}", status_code=303)


@router.get("/drivarar.svg")
def drivers_svg(db: Db, user: Viewer, cache: Cache, scenario: str = "", to: int = 2040) -> Response:  # noqa: ARG001
    """The waterfall of a saved scenario (or alternativ 0) drawn on the server, for a browser without JavaScript."""
    chosen = projection.scenarios(db).get(scenario) if scenario else None
    if scenario and chosen is None:
        raise HTTPException(status_code=404, detail=f"Fann ikkje scenarioet «{scenario}».")
    to_year = _to_year(to)
    try:
        found = cache(key(db, "drivers", to_year, chosen.to_json() if chosen else ""),
                      lambda: projection.drivers(db, chosen, to_year=to_year))  # fmt: skip
    except TrappaError as exc:  # the reason as the picture, where the chart would have been
        return Response(message_svg(str(exc)), media_type="image/svg+xml")
    return Response(to_svg(drivers_out.chart(found, "net_cost")), media_type="image/svg+xml")


@router.post("/forslag")
def save_presets(user: Analyst, form: CsrfForm, db: Db) -> Response:  # noqa: ARG001 - the form is checked by CsrfForm
    """Alternativ 0, 1 and 2 from the planning material, saved as scenarios and the first of them opened."""
    try:
        made = projection.save_presets(db, user.username)
    except TrappaError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    return RedirectResponse(f"/tilsett/framskriving?scenario={quote(made[1].name)}", status_code=303)


@router.post("/excel")
def excel(user: Viewer, form: CsrfForm, db: Db, cache: Cache) -> Response:
    try:
        scenario = scenario_from_form(form)
        run = projection.run(db, [scenario], to_year=_to_year(form.get("to")), memo=cache)
    except (TrappaError, ValidationError) as exc:
        raise HTTPException(status_code=400, detail=projection.readable(exc)) from None
    data = projection_out.xlsx_bytes(run)
    audit.record_export(db, user.username, f"framskriving {scenario.name}")
    return Response(data, media_type=XLSX, headers=download_headers(f"framskriving-{run.to_year}.xlsx"))
