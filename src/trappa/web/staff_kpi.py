"""Staff page for key figures (nøkkeltal) per unit, and what a change would do (what if, recomputed with htmx)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from trappa.errors import TrappaError
from trappa.report import kpi_out
from trappa.services import audit, kpi
from trappa.services import profile as profiles
from trappa.services.database import Database
from trappa.web.cache import ResultCache
from trappa.web.deps import Cache, CsrfForm, Db, QueryYear, Viewer
from trappa.web.render import XLSX, download_headers, staff_render
from trappa.web.staff_data import known_year

router = APIRouter(prefix="/tilsett/nokkeltal")
CHANGES = (
    ("decided_hours", "Vedtakstimar"),
    ("ftes", "Årsverk"),
    ("overtime", "Overtid"),
    ("temporary", "Vikarar og ekstrahjelp"),
)


def _context(db: Database, year: int | None, cache: ResultCache) -> dict[str, Any]:
    context: dict[str, Any] = {"years": profiles.years(db), "year": None, "report": None, "error": None}
    known_year(db, year)
    try:
        report = kpi.kpis(db, year, memo=cache)
        context.update(year=int(report.period), report=report)
    except TrappaError as exc:
        context["error"] = str(exc)
    context.update(names=kpi_out.BY_CODE, shown=kpi_out.shown, changes=CHANGES, whatif=None)
    return context


@router.get("", response_class=HTMLResponse)
def kpi_page(request: Request, user: Viewer, db: Db, cache: Cache, year: QueryYear = None) -> HTMLResponse:
    return staff_render(request, "staff/kpi.html", _context(db, year, cache), user)


@router.post("/kva-om", response_class=HTMLResponse)
def what_if(request: Request, user: Viewer, form: CsrfForm, db: Db, cache: Cache) -> HTMLResponse:
    """Recompute the total with changed decided hours, FTEs, overtime or temporary staff (percent)."""
    context = _context(db, None, cache)

    def percent(name: str) -> float:
        text = str(form.get(name, "")).strip().replace(",", ".").replace("\u00a0", "") or "0"
        try:
            return float(text)
        except ValueError:
            raise TrappaError(f"«{form.get(name)}» er ikkje eit tal.") from None

    try:
        values = {name: percent(name) for name, _label in CHANGES}
        context.update(whatif=kpi.what_if_total(db, None, **values), values=values)
    except TrappaError as exc:
        context["error"] = str(exc)
    template = "staff/_kpi_whatif.html" if request.headers.get("HX-Request") else "staff/kpi.html"
    return staff_render(request, template, context, user)


@router.get(".xlsx")
def kpi_xlsx(user: Viewer, db: Db, cache: Cache, year: QueryYear = None) -> Response:
    known_year(db, year)
    try:
        report = kpi.kpis(db, year, memo=cache)
    except TrappaError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    data = kpi_out.xlsx_bytes(report)
    audit.record_export(db, user.username, f"nøkkeltal {report.period}")
    return Response(data, media_type=XLSX, headers=download_headers(f"nokkeltal-{report.period}.xlsx"))
