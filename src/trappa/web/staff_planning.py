"""The staircase in 2040 for staff: edit a scenario and see it recomputed at once (htmx), download as Excel."""

from __future__ import annotations

from io import BytesIO
from typing import Annotated, Any

import polars as pl
from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from trappa.errors import TrappaError
from trappa.model.bands import DEFAULT_BANDS
from trappa.model.scenario import Cap, Move, RateChange, Scenario
from trappa.store.accounts import User, audit
from trappa.web.auth import require
from trappa.web.public import _staircase, cached, spec_json
from trappa.web.staff import _forbidden_csrf, staff_render

router = APIRouter(prefix="/tilsett/framskriving")
ROWS = 3
TO_YEARS = (2030, 2035, 2040, 2045, 2050)


def _scenarios(request: Request) -> dict[str, Scenario]:
    from trappa.store.repository import load_scenarios

    return {name: Scenario.from_json(doc) for name, doc in load_scenarios(request.app.state.engine).items()}


def _num(form: Any, key: str) -> float | None:
    text = str(form.get(key, "")).strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise TrappaError(f"«{form.get(key)}» i feltet {key} er ikkje eit tal.") from None


def scenario_from_form(form: Any) -> Scenario:
    """Build a scenario from the editor's fields; empty rows are left out."""
    rate_changes, moves, caps = [], [], []
    for i in range(ROWS):
        step, pct = _num(form, f"rc{i}_step"), _num(form, f"rc{i}_percent")
        if step is not None and pct is not None:
            bands = [b for b in DEFAULT_BANDS if form.get(f"rc{i}_band_{b}")] or None
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


def _result(request: Request, scenario: Scenario | None, to_year: int) -> dict[str, Any]:
    from trappa.planning import run_projection
    from trappa.store.repository import data_version

    engine = request.app.state.engine
    staircase = _staircase(request)
    key = f"projection:{data_version(engine)}:{to_year}:{scenario.to_json() if scenario else ''}"
    run = cached(
        request.app, key, lambda: run_projection(engine, staircase, [scenario] if scenario else [], to_year=to_year)
    )
    names = {s.number: s.name.nn for s in staircase.steps}
    ref = run.outlooks[0]
    chosen = run.outlooks[-1]
    base, end = run.base_year, to_year

    def value(outlook: Any, step: int, year: int, column: str = "persons") -> float:
        hit = outlook.table.filter((pl.col("step") == step) & (pl.col("year") == year))
        return float(hit[column][0]) if hit.height else 0.0

    rows = [
        {
            "step": step,
            "name": names[step],
            "today": value(ref, step, base),
            "reference": value(ref, step, end),
            "scenario": value(chosen, step, end),
            "low": value(chosen, step, end, "persons_low"),
            "high": value(chosen, step, end, "persons_high"),
            "unmet": value(chosen, step, end, "unmet"),
        }
        for step in staircase.step_numbers
    ]
    chart_rows = []
    for r in rows:
        label = f"{r['step']} {r['name']}"
        chart_rows += [
            {"step": r["step"], "step_label": label, "series": f"I dag ({base})", "persons": r["today"]},
            {"step": r["step"], "step_label": label, "series": f"{end}, alternativ 0", "persons": r["reference"]},
        ]
        if scenario:
            chart_rows.append(
                {
                    "step": r["step"],
                    "step_label": label,
                    "series": f"{end}, {chosen.scenario.name}",
                    "persons": r["scenario"],
                }
            )
    totals = []
    for o in run.outlooks:
        t = o.totals().filter(pl.col("year").is_in([base, end]))
        by_year = {r["year"]: r for r in t.to_dicts()}
        staffing = run.staffing[o.scenario.name].filter(pl.col("year") == end).to_dicts()[0]
        totals.append(
            {
                "name": o.scenario.name,
                "persons": by_year[end]["persons"],
                "ftes": by_year[end]["ftes"],
                "net_cost": by_year[end]["net_cost"],
                "unmet": by_year[end]["unmet"],
                "ftes_supply": staffing["ftes_supply"],
                "can_be_staffed": staffing["can_be_staffed"],
            }
        )
    return {
        "run": run,
        "rows": rows,
        "totals": totals,
        "base_year": base,
        "to_year": end,
        "chart": spec_json(
            grouped_chart(chart_rows, base, end, list(dict.fromkeys(str(r["series"]) for r in chart_rows)))
        ),
        "scenario": scenario,
    }


def grouped_chart(rows: list[dict], base: int, end: int, series: list[str]) -> dict[str, Any]:
    """Today, the reference and the scenario side by side per step, in that order and always the same colours."""
    import altair as alt

    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y(
                "step_label:N",
                sort=alt.EncodingSortField(field="step", order="ascending"),
                title=None,
                axis=alt.Axis(labelLimit=260),
            ),
            yOffset=alt.YOffset("series:N", sort=series),
            x=alt.X("persons:Q", title="Personar", axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "series:N",
                title=None,
                legend=alt.Legend(orient="top"),
                scale=alt.Scale(range=["#9bb8cc", "#1f5f8b", "#b34700"]),
            ),
            tooltip=["step_label:N", "series:N", alt.Tooltip("persons:Q", format=",.0f")],
        )
        .properties(title=f"Trappa i dag ({base}) og i {end}: personar per trinn", width="container")
    )
    return chart.to_dict()


def _page_context(request: Request, scenario: Scenario | None, to_year: int, error: str | None) -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "scenarios": list(_scenarios(request)),
        "selected": scenario,
        "to_year": to_year,
        "to_years": TO_YEARS,
        "bands": DEFAULT_BANDS,
        "rows": ROWS,
        "steps": _staircase(request).steps,
        "error": error,
        "result": None,
    }
    try:
        ctx["result"] = _result(request, scenario, to_year)
    except (TrappaError, ValidationError) as exc:
        ctx["error"] = str(exc)
    return ctx


@router.get("", response_class=HTMLResponse)
def projection_page(
    request: Request, user: Annotated[User, Depends(require("viewer"))], scenario: str = "", to: int = 2040
) -> HTMLResponse:
    chosen = _scenarios(request).get(scenario)
    return staff_render(request, "staff/projection.html", _page_context(request, chosen, _to_year(to), None), user)


@router.post("/rekn", response_class=HTMLResponse)
async def recompute(request: Request, user: Annotated[User, Depends(require("viewer"))]) -> HTMLResponse:
    """Recompute from the editor's fields; htmx gets the result region, a browser without JS the whole page."""
    form = await request.form()
    _forbidden_csrf(request, str(form.get("csrf", "")))
    to_year = _to_year(form.get("to"))
    try:
        scenario: Scenario | None = scenario_from_form(form)
        error = None
    except (TrappaError, ValidationError) as exc:
        scenario, error = None, _readable(exc)
    template = "staff/_projection_result.html" if request.headers.get("HX-Request") else "staff/projection.html"
    return staff_render(request, template, _page_context(request, scenario, to_year, error), user)


@router.post("/lagre")
async def save(request: Request, user: Annotated[User, Depends(require("analyst"))]) -> Response:
    from trappa.store.repository import save_scenario

    form = await request.form()
    _forbidden_csrf(request, str(form.get("csrf", "")))
    try:
        scenario = scenario_from_form(form)
    except (TrappaError, ValidationError) as exc:
        raise HTTPException(status_code=400, detail=_readable(exc)) from None
    save_scenario(request.app.state.engine, scenario.name, scenario.to_json())
    audit(request.app.state.engine, user.username, "scenario", scenario.name, "ok")
    return RedirectResponse(
        f"/tilsett/framskriving?scenario={scenario.name}&to={_to_year(form.get('to'))}", status_code=303
    )


@router.post("/excel")
async def excel(request: Request, user: Annotated[User, Depends(require("viewer"))]) -> Response:
    from trappa.report.projection_out import write_workbook

    form = await request.form()
    _forbidden_csrf(request, str(form.get("csrf", "")))
    try:
        scenario = scenario_from_form(form)
        result = _result(request, scenario, _to_year(form.get("to")))
    except (TrappaError, ValidationError) as exc:
        raise HTTPException(status_code=400, detail=_readable(exc)) from None
    run = result["run"]
    buffer = BytesIO()
    note = "Demoframskriving av befolkninga, ikkje SSB si." if run.demo_population else "Befolkning: SSB."
    write_workbook(
        run.outlooks, run.comparison, run.staffing, buffer, title="Framskriving", note=note, categories=run.categories
    )
    audit(request.app.state.engine, user.username, "export", f"framskriving {scenario.name}", "ok")
    return Response(
        buffer.getvalue(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="framskriving-{result["to_year"]}.xlsx"'},
    )


def _readable(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
    return str(exc)
