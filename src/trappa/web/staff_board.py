"""The måltavle (monthly board) of the staircase: a tile per step with its SPC status, and a chart page each."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from trappa.errors import TrappaError
from trappa.report import spc_out
from trappa.services import spc
from trappa.web.deps import Cache, Db, Viewer
from trappa.web.render import spec_json, staff_render

router = APIRouter(prefix="/tilsett/maltavle")


def _measure(value: str) -> str:
    return value if value in spc.MEASURES else "persons"


@router.get("", response_class=HTMLResponse)
def board(request: Request, user: Viewer, db: Db, cache: Cache, mal: str = "persons") -> HTMLResponse:
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
    return staff_render(request, "staff/board.html", context, user)


@router.get("/trinn/{number}", response_class=HTMLResponse)
def step_chart(request: Request, number: int, user: Viewer, db: Db, cache: Cache, mal: str = "persons") -> HTMLResponse:
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
