"""The admin page for the municipality's own settings: name, number, language, publishing, staircase, FTE hours."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trappa.errors import TrappaError
from trappa.services import municipality, staircase
from trappa.services.database import Database
from trappa.web.deps import Admin, CsrfForm, Db
from trappa.web.render import staff_render

router = APIRouter(prefix="/tilsett/kommune")
TEMPLATES = ("alver", "asker")


def _context(request: Request, db: Database, error: str | None) -> dict[str, Any]:
    return {
        "settings": municipality.load(db),
        "staircase": staircase.current(db),
        "templates": TEMPLATES,
        "languages_named": list(municipality.LANGUAGE_NAMES.items()),
        "part_names": municipality.PART_NAMES,
        "saved": request.query_params.get("lagra") == "1",
        "error": error,
    }


@router.get("", response_class=HTMLResponse)
def settings_page(request: Request, user: Admin, db: Db) -> HTMLResponse:
    return staff_render(request, "staff/municipality.html", _context(request, db, None), user)


def _decimal(value: object, label: str) -> float:
    """A number as people type it in a settings field: 1 846 or 4,5."""
    text = str(value or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise TrappaError(f"«{value}» i feltet «{label}» er ikkje eit tal.") from None


@router.post("", response_class=HTMLResponse)
def settings_save(request: Request, user: Admin, form: CsrfForm, db: Db) -> Response:
    try:
        municipality.update(
            db,
            user.username,
            name=str(form.get("name", "")).strip()[:100] or municipality.DEFAULT_NAME,
            code=str(form.get("code", "")).strip() or None,
            language=str(form.get("language", "nn")),
            publish_figures=form.get("publish_figures") == "1",
            hours_per_gross_fte=_decimal(form.get("hours_per_gross_fte"), "timar per brutto årsverk"),
            hours_per_net_fte=_decimal(form.get("hours_per_net_fte"), "timar per netto årsverk"),
            wage_arts=municipality.parse_wage_arts(str(form.get("wage_arts", "")).splitlines()),
            housing_unit_costs=municipality.parse_numbers(
                str(form.get("housing_unit_costs", "")).splitlines(), "Kostnad per bueining", "5 = 1 200 000"
            ),
            housing_planned=municipality.parse_numbers(
                str(form.get("housing_planned", "")).splitlines(), "Planlagde bueiningar", "5 = 24"
            ),
            direct_time_shares=municipality.parse_shares(str(form.get("direct_time_shares", "")).splitlines()),
            refund_thresholds=municipality.parse_thresholds(str(form.get("refund_thresholds", "")).splitlines()),
            refund_share=_decimal(form.get("refund_share") or "80", "del som vert refundert") / 100,
            refund_arts=[a for a in str(form.get("refund_arts", "")).replace(" ", ",").split(",") if a],
            refund_age_limit=int(_decimal(form.get("refund_age_limit") or "67", "aldersgrense")),
            refund_wage_share=_decimal(form.get("refund_wage_share") or "100", "lønsdel") / 100,
        )
        chosen = str(form.get("staircase", ""))
        if chosen in TEMPLATES:
            staircase.use(
                db, user.username, staircase.template_text(chosen), source=chosen, note=f"tok i bruk malen {chosen}"
            )
    except TrappaError as exc:
        return staff_render(request, "staff/municipality.html", _context(request, db, str(exc)), user, status_code=400)
    return RedirectResponse("/tilsett/kommune?lagra=1", status_code=303)
