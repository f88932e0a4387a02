"""The staffing-pattern calculator on the web (bemanningsplan): patterns side by side, and as Excel.

The form holds up to four patterns of up to three locations; each location has an awake and a
sleeping night (staff and hours) and day, evening and long shifts. The first pattern is today's. The
same plan as a YAML file goes to `trappa staffing` (docs/staffing.md).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from trappa.errors import TrappaError
from trappa.report import staffing_out
from trappa.services import staffing
from trappa.web.deps import CsrfForm, Db, Viewer
from trappa.web.render import XLSX, download_headers, staff_render

router = APIRouter(prefix="/tilsett")
PATTERNS, LOCATIONS = 4, 3
SHIFTS = (("day", "dag"), ("evening", "kveld"), ("long", "langvakt"))
PAY_FIELDS = ("cost_per_gross_fte", "hours_per_gross_fte", "night_supplement_per_hour", "sunday_supplement_per_hour",
              "holiday_supplement_per_hour", "holidays", "rota_supplement_per_employee", "fte_per_employee")  # fmt: skip

# Today's pattern and one alternative, so the page shows a comparison before anyone types.
EXAMPLE: dict[str, str] = {
    "p0_name": "I dag: to vakne netter", "p0_l0_name": "Bufellesskap", "p0_l0_awake_staff": "2",
    "p0_l0_awake_hours": "9,5", "p0_l0_day_staff": "3", "p0_l0_day_hours": "7,5", "p0_l0_evening_staff": "3",
    "p0_l0_evening_hours": "7",
    "p1_name": "Éi vaken og éi sovande natt", "p1_l0_name": "Bufellesskap", "p1_l0_awake_staff": "1",
    "p1_l0_awake_hours": "9,5", "p1_l0_sleeping_staff": "1", "p1_l0_sleeping_hours": "9,5",
    "p1_l0_woken_hours": "0,5", "p1_l0_day_staff": "3", "p1_l0_day_hours": "7,5", "p1_l0_evening_staff": "3",
    "p1_l0_evening_hours": "7",
    "night_supplement_per_hour": "65", "sunday_supplement_per_hour": "60", "holiday_supplement_per_hour": "150",
    "holidays": "10", "rota_supplement_per_employee": "12 000", "fte_per_employee": "0,75",
}  # fmt: skip


def _number(form: FormData | dict[str, str], key: str) -> float | None:
    text = str(form.get(key, "") or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise TrappaError(f"«{form.get(key)}» er ikkje eit tal.") from None


def plan_data(form: FormData | dict[str, str]) -> dict[str, Any]:
    """The form's fields as a staffing plan (see trappa.model.staffing.StaffingPlan)."""
    pay = {k: v for k in PAY_FIELDS if (v := _number(form, k)) is not None}
    if "holidays" in pay:
        pay["holidays"] = int(pay["holidays"])
    patterns = []
    for i in range(PATTERNS):
        locations = []
        for j in range(LOCATIONS):
            key = f"p{i}_l{j}_"
            nights = []
            for kind in ("awake", "sleeping"):
                staff, hours = _number(form, key + kind + "_staff"), _number(form, key + kind + "_hours")
                if staff and hours:
                    night: dict[str, Any] = {"kind": kind, "hours": hours, "staff": int(staff)}
                    if kind == "sleeping":
                        night["woken_hours"] = _number(form, key + "woken_hours") or 0.0
                    nights.append(night)
            shifts = []
            for code, word in SHIFTS:
                staff, hours = _number(form, key + code + "_staff"), _number(form, key + code + "_hours")
                if staff and hours:
                    shifts.append({"name": word, "hours": hours, "staff": int(staff)})
            name = str(form.get(key + "name", "") or "").strip()
            if nights or shifts:
                locations.append({"name": name or f"Stad {j + 1}", "nights": nights, "shifts": shifts})
        if locations:
            name = str(form.get(f"p{i}_name", "") or "").strip()
            patterns.append({"name": name or f"Mønster {i + 1}", "locations": locations})
    return {"pay": pay, "patterns": patterns}


def _page(
    request: Request,
    user: Any,
    values: dict[str, Any],
    results: Any = None,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    context = {"values": values, "patterns": range(PATTERNS), "locations": range(LOCATIONS), "shifts": SHIFTS,
               "results": results, "rows": staffing_out.ROWS, "error": error}  # fmt: skip
    return staff_render(request, "staff/staffing.html", context, user, status_code=status)


def _readable(message: str) -> str:
    import re

    def where(m: re.Match[str]) -> str:
        text = f"mønster {int(m[1]) + 1}"
        return text + (f", stad {int(m[3]) + 1}" if m[3] is not None else "")

    return re.sub(r"patterns\.(\d+)(\.locations\.(\d+))?", where, message)


@router.get("/bemanning", response_class=HTMLResponse)
def staffing_page(request: Request, user: Viewer, db: Db) -> HTMLResponse:
    try:
        results = staffing.compare_plan(db, staffing.plan_from(plan_data(EXAMPLE)))
    except TrappaError as exc:  # no accounts yet: the cost per FTE must be typed
        return _page(request, user, dict(EXAMPLE), error=str(exc))
    return _page(request, user, dict(EXAMPLE), results)


@router.post("/bemanning", response_class=HTMLResponse)
def staffing_compare(request: Request, user: Viewer, form: CsrfForm, db: Db) -> Response:
    values = {k: form.get(k) for k in form}
    try:
        results = staffing.compare_plan(db, staffing.plan_from(plan_data(form)))
    except TrappaError as exc:
        return _page(request, user, values, error=_readable(str(exc)), status=400)
    if form.get("action") == "xlsx":
        return Response(staffing_out.xlsx_bytes(results), media_type=XLSX, headers=download_headers("bemanning.xlsx"))
    return _page(request, user, values, results)
