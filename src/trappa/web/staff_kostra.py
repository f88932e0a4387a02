"""Compared with others on the web (/tilsett/kostra): cost per function over the years (needs-adjusted or not)
with its table, handlingsrom with its caveats beside it, coverage and quality beside cost, the reconciliation
with the own accounts, and Excel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from trappa import lazy
from trappa.errors import TrappaError
from trappa.report import kostra_out
from trappa.report.charts import message_svg, to_svg
from trappa.web.deps import Db, QueryYear, Viewer
from trappa.web.render import XLSX, download_headers, spec_json, staff_render

if TYPE_CHECKING:
    from trappa.services import kostra
else:  # SSB's client and the KOSTRA tables load with the first KOSTRA page, not with the server
    kostra = lazy.load("trappa.services.kostra")

router = APIRouter(prefix="/tilsett")


@router.get("/kostra", response_class=HTMLResponse)
def kostra_page(request: Request, user: Viewer, db: Db, ar: QueryYear = None, funksjon: str | None = None,
                korrigert: bool = False) -> HTMLResponse:  # fmt: skip
    context: dict[str, object] = {"c": None, "error": None, "funksjon": funksjon, "korrigert": korrigert}
    try:
        c = kostra.compare(db, ar)
    except TrappaError as exc:
        context["error"] = str(exc)
        return staff_render(request, "staff/kostra.html", context, user)
    series = kostra.series_for(c, funksjon, adjusted=korrigert)
    try:
        reconciliation = kostra.reconcile(db, c.year)
    except TrappaError as exc:
        reconciliation, context["reconcile_error"] = None, str(exc)
    functions = [(s.function, s.function_name) for s in c.cost if s.figure == "net_per_inhabitant"]
    room = c.handlingsrom
    room_functions = sorted(room.table["function"].unique().to_list()) if room.table.height else []
    room_cells = {(r["comparator"], r["function"]): r["mnok"] for r in room.table.iter_rows(named=True)}
    context.update(c=c, series=series, spec=spec_json(kostra_out.chart(series, c.own)) if series else None,
                   functions=functions, room=room, room_functions=room_functions, room_cells=room_cells,
                   room_totals=dict(room.totals.select("comparator", "mnok").iter_rows()),
                   room_names=dict(room.totals.select("comparator", "comparator_name").iter_rows()),
                   reconciliation=reconciliation, query=str(request.url.query))  # fmt: skip
    return staff_render(request, "staff/kostra.html", context, user)


@router.get("/kostra/diagram.svg")
def kostra_svg(user: Viewer, db: Db, ar: QueryYear = None, funksjon: str | None = None,  # noqa: ARG001
               korrigert: bool = False) -> Response:  # fmt: skip
    """The chart drawn on the server, for a browser without JavaScript."""
    try:
        c = kostra.compare(db, ar)
    except TrappaError as exc:  # the reason as the picture, where the chart would have been
        return Response(message_svg(str(exc)), media_type="image/svg+xml")
    series = kostra.series_for(c, funksjon, adjusted=korrigert)
    if series is None:
        return Response(message_svg("Ingen tal for kostnad per innbyggjar."), media_type="image/svg+xml")
    return Response(to_svg(kostra_out.chart(series, c.own)), media_type="image/svg+xml")


@router.get("/kostra.xlsx")
def kostra_xlsx(user: Viewer, db: Db, ar: QueryYear = None) -> Response:  # noqa: ARG001
    try:
        c = kostra.compare(db, ar)
    except TrappaError as exc:  # the workbook says why it holds no figures
        return Response(kostra_out.message_xlsx(str(exc)), media_type=XLSX, headers=download_headers("kostra.xlsx"))
    return Response(kostra_out.xlsx_bytes(c), media_type=XLSX, headers=download_headers(f"kostra-{c.year}.xlsx"))


@router.get("/kostra/kvalitet", response_class=HTMLResponse)
def quality_page(request: Request, user: Viewer, db: Db, ar: QueryYear = None) -> HTMLResponse:
    """Coverage and quality over the years, a chart and its table per figure, beside the same municipalities."""
    context: dict[str, object] = {"c": None, "error": None}
    try:
        c = kostra.compare(db, ar)
    except TrappaError as exc:
        context["error"] = str(exc)
        return staff_render(request, "staff/kostra_quality.html", context, user)
    charts = [(s, spec_json(kostra_out.chart(s, c.own))) for s in c.quality]
    context.update(c=c, charts=charts, query=str(request.url.query))
    return staff_render(request, "staff/kostra_quality.html", context, user)


@router.get("/kostra/kvalitet/{figure}.svg")
def quality_svg(user: Viewer, db: Db, figure: str, ar: QueryYear = None) -> Response:  # noqa: ARG001
    """One coverage or quality figure drawn on the server, for a browser without JavaScript."""
    try:
        c = kostra.compare(db, ar)
    except TrappaError as exc:
        return Response(message_svg(str(exc)), media_type="image/svg+xml")
    found = next((s for s in c.quality if s.figure == figure), None)
    if found is None:
        return Response(message_svg(f"Ingen tal for «{figure}»."), media_type="image/svg+xml")
    return Response(to_svg(kostra_out.chart(found, c.own)), media_type="image/svg+xml")
