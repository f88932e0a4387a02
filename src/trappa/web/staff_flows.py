"""Flows between steps on the web (/tilsett/flyt): the moves of a year or between two dates, as a heat map
with its tables, and as Excel."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from trappa.errors import TrappaError
from trappa.report import flows_out
from trappa.report.charts import to_svg
from trappa.services import flows as flow_service
from trappa.services import profile as profiles
from trappa.services.profile import parse_date
from trappa.web.deps import Db, QueryYear, Viewer
from trappa.web.render import XLSX, download_headers, spec_json, staff_render

router = APIRouter(prefix="/tilsett")


def _dates(db: Db, ar: int | None, fra: str | None, til: str | None) -> tuple[date, date]:
    if fra and til:
        return parse_date(fra), parse_date(til)
    years = profiles.years(db)
    return flow_service.year_dates(ar or (years[-1] if years else date.today().year - 1))


@router.get("/flyt", response_class=HTMLResponse)
def flows_page(
    request: Request, user: Viewer, db: Db, ar: QueryYear = None, fra: str | None = None, til: str | None = None
) -> HTMLResponse:
    context: dict[str, object] = {"report": None, "error": None, "ar": ar, "fra": fra or "", "til": til or ""}
    try:
        first, second = _dates(db, ar, fra, til)
        report = flow_service.flow_report(db, first, second)
    except TrappaError as exc:
        context["error"] = str(exc)
        return staff_render(request, "staff/flows.html", context, user)
    order, cells = flows_out.matrix(report)
    stays = {r["step"]: r for r in report.stays.iter_rows(named=True)}
    context.update(report=report, order=order, cells=cells, stays=stays, spec=spec_json(flows_out.chart(report)),
                   query=str(request.url.query))  # fmt: skip
    return staff_render(request, "staff/flows.html", context, user)


@router.get("/flyt/diagram.svg")
def flows_svg(user: Viewer, db: Db, ar: QueryYear = None, fra: str | None = None, til: str | None = None) -> Response:  # noqa: ARG001
    """The heat map drawn on the server, for a browser without JavaScript."""
    try:
        report = flow_service.flow_report(db, *_dates(db, ar, fra, til))
    except TrappaError as exc:
        from fastapi import HTTPException

        raise HTTPException(status_code=404, detail=str(exc)) from None
    return Response(to_svg(flows_out.chart(report)), media_type="image/svg+xml")


@router.get("/flyt.xlsx")
def flows_xlsx(user: Viewer, db: Db, ar: QueryYear = None, fra: str | None = None, til: str | None = None) -> Response:  # noqa: ARG001
    try:
        report = flow_service.flow_report(db, *_dates(db, ar, fra, til))
    except TrappaError as exc:
        from fastapi import HTTPException

        raise HTTPException(status_code=404, detail=str(exc)) from None
    return Response(flows_out.xlsx_bytes(report), media_type=XLSX, headers=download_headers("flyt.xlsx"))
