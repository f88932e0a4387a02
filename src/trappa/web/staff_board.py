"""The måltavle (monthly board): a unit's KPIs as SPC tiles, a chart page per KPI with re-bases and a target,
this month's signals, downloads; the staircase's steps month by month; and the register of measures (tiltak)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from trappa.errors import TrappaError
from trappa.report import kpi_out, spc_out
from trappa.report.board_out import board_rows, csv_text, xlsx_bytes
from trappa.report.sparkline import sparkline
from trappa.services import audit, spc, users
from trappa.services import board as boards
from trappa.services.memo import Memo, no_memo
from trappa.web.deps import Cache, CsrfForm, Db, RowId, StepNumber, Viewer
from trappa.web.render import XLSX, download_headers, spec_json, staff_render

router = APIRouter(prefix="/tilsett/maltavle")
measures_router = APIRouter(prefix="/tilsett/tiltak")


def _back(unit: str, code: str | None = None) -> str:
    base = f"/tilsett/maltavle/nokkeltal/{code}" if code else "/tilsett/maltavle"
    return f"{base}?eining={quote(unit)}"


def _then_back(unit: str, code: str, action: Callable[[], object]) -> RedirectResponse:
    """Do what a chart page's form asked and go back to the chart, with the service's error when it says no."""
    try:
        action()
    except TrappaError as exc:
        return RedirectResponse(_back(unit, code) + f"&feil={quote(str(exc))}", status_code=303)
    return RedirectResponse(_back(unit, code), status_code=303)


@router.get("", response_class=HTMLResponse)
def board(request: Request, user: Viewer, db: Db, cache: Cache, eining: str = "") -> HTMLResponse:
    allowed = users.units_of(db, user)
    context: dict[str, Any] = {"board": None, "error": None, "unit": eining, "units": []}
    try:
        found = boards.board(db, eining, allowed=allowed, memo=cache)
        context.update(board=found, unit=found.unit, units=found.units)
    except TrappaError as exc:
        context["error"] = str(exc)
    context.update(
        total=boards.TOTAL,
        shown=kpi_out.shown,
        spark=lambda t: sparkline([p.value for p in t.chart.points], f"{t.kpi.nn}: {len(t.chart.points)} månader"),
        variation_words=spc_out.VARIATION_WORDS,
        assurance_words=spc_out.ASSURANCE_WORDS,
        signal_words=spc_out.SIGNAL_WORDS,
        rule_words=spc_out.RULE_WORDS,
        everyone=allowed is None,
    )
    return staff_render(request, "staff/board.html", context, user)


def _download_rows(db: Db, user: Viewer, cache: Cache) -> list[dict[str, Any]]:
    try:
        return board_rows(boards.tiles(db, allowed=users.units_of(db, user), memo=cache))
    except TrappaError:
        return []  # nothing to show (no monthly data): a file with the headings only


@router.get(".csv")
def board_csv(user: Viewer, db: Db, cache: Cache) -> Response:
    rows = _download_rows(db, user, cache)
    audit.record_export(db, user.username, "måltavle (CSV)")
    return Response(csv_text(rows), media_type="text/csv; charset=utf-8", headers=download_headers("maltavle.csv"))


@router.get(".xlsx")
def board_xlsx(user: Viewer, db: Db, cache: Cache) -> Response:
    rows = _download_rows(db, user, cache)
    audit.record_export(db, user.username, "måltavle (Excel)")
    return Response(xlsx_bytes(rows), media_type=XLSX, headers=download_headers("maltavle.xlsx"))


def _tile_spec(tile: boards.Tile) -> tuple[spc.SpcReport, dict[str, Any]]:
    """The chart of a tile as a report (for its table) and its Vega-Lite spec, with measures and re-bases."""
    report = spc.SpcReport(tile.source, tile.kpi.direction, tile.target, tile.chart,
                           [(r["period"], r["reason"]) for r in tile.rebases])  # fmt: skip
    marks = [(m["start"], m["name"]) for m in tile.measures]
    return report, spc_out.vega_spec(report, tile.target, marks, percent=tile.kpi.code in kpi_out.PERCENT)


def _found_tile(db: Db, user: Viewer, cache: Cache, unit: str, code: str) -> boards.Tile:
    try:
        return boards.tile(db, unit, code, allowed=users.units_of(db, user), memo=cache)
    except TrappaError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None


@router.get("/nokkeltal/{code}/diagram.svg")
def kpi_chart_svg(code: str, user: Viewer, db: Db, cache: Cache, eining: str = "") -> Response:
    """The chart drawn on the server, for a browser without JavaScript (the page asks for it in <noscript>)."""
    _report, spec = _tile_spec(_found_tile(db, user, cache, eining, code))
    return Response(spc_out.to_svg(spec), media_type="image/svg+xml")


@router.get("/nokkeltal/{code}", response_class=HTMLResponse)
def kpi_chart(request: Request, code: str, user: Viewer, db: Db, cache: Cache, eining: str = "") -> HTMLResponse:
    allowed = users.units_of(db, user)
    tile = _found_tile(db, user, cache, eining, code)
    report, spec = _tile_spec(tile)
    context = {
        "tile": tile,
        "unit": eining,
        "spec": spec_json(spec),
        "points": spc_out.document(report)["points"],
        "show": (lambda v: kpi_out.shown(code, v)),
        "percent": code in kpi_out.PERCENT,
        "signal_words": spc_out.SIGNAL_WORDS,
        "rule_words": spc_out.RULE_WORDS,
        "variation_words": spc_out.VARIATION_WORDS,
        "assurance_words": spc_out.ASSURANCE_WORDS,
        "may_keep": users.may_keep_board(user, eining, allowed),
        "measures": boards.measures(db, allowed=allowed),
        "error": request.query_params.get("feil"),
    }
    return staff_render(request, "staff/board_kpi.html", context, user)


def _keeper(db: Db, user: Viewer, unit: str) -> None:
    if not users.may_keep_board(user, unit, users.units_of(db, user)):
        raise HTTPException(status_code=403)


@router.post("/nokkeltal/{code}/utgangspunkt")
def add_rebase(code: str, user: Viewer, form: CsrfForm, db: Db) -> RedirectResponse:
    unit = str(form.get("eining", ""))
    _keeper(db, user, unit)
    measure = str(form.get("tiltak", "")).strip()
    return _then_back(unit, code, lambda: boards.rebase(
        db, user.username, unit, code, str(form.get("periode", "")), str(form.get("grunn", "")),
        int(measure) if measure.isdigit() else None))  # fmt: skip


@router.post("/nokkeltal/{code}/faste-grenser")
def fix_baseline(code: str, user: Viewer, form: CsrfForm, db: Db) -> RedirectResponse:
    unit = str(form.get("eining", ""))
    _keeper(db, user, unit)
    until, reason = str(form.get("til", "")), str(form.get("grunn", ""))
    return _then_back(unit, code, lambda: boards.fix_baseline(db, user.username, unit, code, until, reason))


# what a chart page can remove again: a re-base (nytt utgangspunkt) or fixed limits (faste grenser)
_REMOVERS = {"utgangspunkt": boards.remove_rebase, "faste-grenser": boards.remove_baseline}


@router.post("/nokkeltal/{code}/{kind}/{record_id}/fjern")
def remove_record(code: str, kind: str, record_id: RowId, user: Viewer, form: CsrfForm, db: Db) -> RedirectResponse:
    remover = _REMOVERS.get(kind)
    if remover is None:
        raise HTTPException(status_code=404)
    unit = str(form.get("eining", ""))
    _keeper(db, user, unit)
    return _then_back(unit, code, lambda: remover(db, user.username, unit, code, record_id))


@router.post("/nokkeltal/{code}/mal")
def set_target(code: str, user: Viewer, form: CsrfForm, db: Db) -> RedirectResponse:
    unit = str(form.get("eining", ""))
    _keeper(db, user, unit)
    text = str(form.get("mal", "")).strip().replace(" ", "").replace("\u00a0", "").replace(",", ".").rstrip("%")
    try:
        value = float(text) if text else None
    except ValueError:
        return RedirectResponse(_back(unit, code) + f"&feil={quote('Målet må vere eit tal.')}", status_code=303)
    if value is not None and code in kpi_out.PERCENT:
        value /= 100  # typed as percent, stored as a share like the figures
    boards.set_target(db, user.username, unit, code, value)
    return RedirectResponse(_back(unit, code), status_code=303)


# --- the staircase's steps month by month ------------------------------------------------------------


def _measure(value: str) -> str:
    return value if value in spc.MEASURES else "persons"


@router.get("/trappa", response_class=HTMLResponse)
def steps_board(request: Request, user: Viewer, db: Db, cache: Cache, mal: str = "persons") -> HTMLResponse:
    measure = _measure(mal)
    try:
        charts, error = spc.staircase_charts(db, measure, memo=cache), None
    except TrappaError as exc:
        charts, error = [], str(exc)
    context = {
        "charts": charts,
        "measure": measure,
        "measures": spc.MEASURES,
        "error": error,
        "variation_words": spc_out.VARIATION_WORDS,
    }
    return staff_render(request, "staff/board_steps.html", context, user)


@router.get("/trinn/{number}", response_class=HTMLResponse)
def step_chart(
    request: Request, number: StepNumber, user: Viewer, db: Db, cache: Cache, mal: str = "persons"
) -> HTMLResponse:
    measure = _measure(mal)
    try:
        charts = spc.staircase_charts(db, measure, number, memo=cache)
    except TrappaError:
        charts = []
    if not charts:
        raise HTTPException(status_code=404, detail=f"Ingen vedtak på trinn {number}.")
    found = charts[0]
    context = {
        "chart": found,
        "measure": measure,
        "measures": spc.MEASURES,
        "spec": spec_json(spc_out.vega_spec(found.report)),
        "points": spc_out.document(found.report)["points"],
        "signal_words": spc_out.SIGNAL_WORDS,
        "rule_words": spc_out.RULE_WORDS,
        "variation_words": spc_out.VARIATION_WORDS,
    }
    return staff_render(request, "staff/board_chart.html", context, user)


# --- measures (tiltak) -------------------------------------------------------------------------------


def _measure_form_context(db: Db, user: Viewer) -> dict[str, Any]:
    """What the measure form offers this person: their units, every KPI, the statuses."""
    allowed = users.units_of(db, user)
    try:
        units = [u for u in boards.kpi_service.unit_names(db) if allowed is None or u in allowed]
    except TrappaError:
        units = []
    return {"units": units, "kpis": boards.KPIS, "statuses": boards.STATUSES, "everyone": allowed is None}


@measures_router.get("", response_class=HTMLResponse)
def measures_page(request: Request, user: Viewer, db: Db, feil: str | None = None) -> HTMLResponse:
    context = {
        **_measure_form_context(db, user),
        "measures": boards.measures(db, allowed=users.units_of(db, user)),
        "may_add": user.role == "leader" or user.can("analyst"),
        "error": feil,
    }
    return staff_render(request, "staff/measures.html", context, user)


def _number(text: object) -> float | None:
    cleaned = str(text or "").strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise TrappaError(f"«{text}» er ikkje eit tal.") from None


def _measure_values(db: Db, user: Viewer, form: FormData) -> dict[str, Any]:
    """The form's fields as the service takes them; 403 for a unit this person may not keep."""
    unit = str(form.get("eining", "")).strip()
    if not users.may_keep_board(user, unit, users.units_of(db, user)):
        raise HTTPException(status_code=403)
    values: dict[str, Any] = {key: form.get(key) for key in ("name", "kpi", "start", "status", "note")}
    values.update(unit=unit, expected_mnok=_number(form.get("expected_mnok")),
                  expected_change=_number(form.get("expected_change")))  # fmt: skip
    return values


@measures_router.post("")
def add_measure(user: Viewer, form: CsrfForm, db: Db) -> RedirectResponse:
    try:
        measure_id = boards.add_measure(db, user.username, _measure_values(db, user, form))
    except TrappaError as exc:
        return RedirectResponse(f"/tilsett/tiltak?feil={quote(str(exc))}", status_code=303)
    return RedirectResponse(f"/tilsett/tiltak/{measure_id}", status_code=303)


def _measure_of(db: Db, user: Viewer, measure_id: int, memo: Memo = no_memo) -> boards.MeasureEffect:
    """A measure and its effect, if this person may see it (a leader: their own units' only)."""
    allowed = users.units_of(db, user)
    try:
        found = boards.effect(db, measure_id, memo=memo)
    except TrappaError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    if allowed is not None and found.measure["unit"] not in allowed:
        raise HTTPException(status_code=404)
    return found


@measures_router.post("/{measure_id}")
def edit_measure(measure_id: RowId, user: Viewer, form: CsrfForm, db: Db) -> RedirectResponse:
    old = _measure_of(db, user, measure_id).measure
    if not users.may_keep_board(user, old["unit"] or "", users.units_of(db, user)):
        raise HTTPException(status_code=403)
    try:
        boards.update_measure(db, user.username, measure_id, _measure_values(db, user, form))
    except TrappaError as exc:
        return RedirectResponse(f"/tilsett/tiltak/{measure_id}?feil={quote(str(exc))}#endre", status_code=303)
    return RedirectResponse(f"/tilsett/tiltak/{measure_id}", status_code=303)


@measures_router.get("/{measure_id}", response_class=HTMLResponse)
def measure_page(
    request: Request, measure_id: RowId, user: Viewer, db: Db, cache: Cache, feil: str | None = None
) -> HTMLResponse:
    found = _measure_of(db, user, measure_id, cache)
    spec = None
    if found.tile is not None:
        report = spc.SpcReport(found.tile.source, found.tile.kpi.direction, None, found.tile.chart,
                               [(found.measure["start"], found.measure["name"])])  # fmt: skip
        spec = spec_json(spc_out.vega_spec(report))  # the re-base at the start carries the measure's name
    code = found.measure["kpi"]
    context = {
        **_measure_form_context(db, user),
        "effect": found,
        "spec": spec,
        "kpi": boards.BY_CODE.get(code) if code else None,
        "show": (lambda v: kpi_out.shown(code, v) if code else ""),
        "may_edit": users.may_keep_board(user, found.measure["unit"] or "", users.units_of(db, user)),
        "error": feil,
    }
    return staff_render(request, "staff/measure.html", context, user)
