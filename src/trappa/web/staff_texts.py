"""Staff pages for the step texts: edit with preview, every save a new version of the staircase."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trappa.errors import TrappaError
from trappa.services import staircase
from trappa.services.database import Database
from trappa.web.deps import CsrfForm, Db, Editor, StepNumber
from trappa.web.render import staff_render

router = APIRouter(prefix="/tilsett/trinn")


@router.get("", response_class=HTMLResponse)
def steps_page(request: Request, user: Editor, db: Db) -> HTMLResponse:
    context = {
        "staircase": staircase.current(db),
        "history": staircase.history(db),
        "housing": staircase.housing(db),
        "housing_history": staircase.history(db, kind="housing"),
    }
    return staff_render(request, "staff/steps.html", context, user)


def _housing_context(request: Request, db: Database, number: int, fields: dict[str, str] | None) -> dict[str, Any]:
    housing_type = next((t for t in staircase.housing(db).types if t.number == number), None)
    if housing_type is None:
        raise HTTPException(status_code=404)
    return {
        "housing_type": housing_type,
        "fields": staircase.HOUSING_FIELDS,
        "values": staircase.housing_texts(housing_type, fields),
        "saved": request.query_params.get("lagra") == "1",
        "error": None,
    }


@router.get("/bustad/{number}", response_class=HTMLResponse)
def housing_edit_page(request: Request, number: StepNumber, user: Editor, db: Db) -> HTMLResponse:
    return staff_render(request, "staff/housing_edit.html", _housing_context(request, db, number, None), user)


@router.post("/bustad/{number}", response_class=HTMLResponse)
def housing_edit(request: Request, number: StepNumber, user: Editor, form: CsrfForm, db: Db) -> Response:
    fields = {k: str(v) for k, v in form.items() if k.startswith("f.") or k == "units"}
    context = _housing_context(request, db, number, fields)
    try:
        staircase.edit_housing_texts(db, user.username, number, fields)
    except TrappaError as exc:
        return staff_render(request, "staff/housing_edit.html", {**context, "error": str(exc)}, user, status_code=400)
    return RedirectResponse(f"/tilsett/trinn/bustad/{number}?lagra=1", status_code=303)


def _edit_context(request: Request, db: Database, number: int, fields: dict[str, str] | None) -> dict[str, Any]:
    current = staircase.current(db)
    try:
        step = current.step(number)
    except KeyError:
        raise HTTPException(status_code=404) from None
    preview, error = None, None
    if fields is not None:
        try:
            preview = staircase.with_step_texts(current, number, fields).step(number)
        except TrappaError as exc:
            error = str(exc)
    return {
        "step": step,
        "fields": staircase.TEXT_FIELDS,
        "values": staircase.step_texts(step, fields),
        "preview": preview,
        "saved": request.query_params.get("lagra") == "1",
        "error": error,
        "history": staircase.history(db),
    }


@router.get("/{number}", response_class=HTMLResponse)
def step_edit_page(request: Request, number: StepNumber, user: Editor, db: Db) -> HTMLResponse:
    return staff_render(request, "staff/step_edit.html", _edit_context(request, db, number, None), user)


@router.post("/{number}", response_class=HTMLResponse)
def step_edit(request: Request, number: StepNumber, user: Editor, form: CsrfForm, db: Db) -> Response:
    fields = {k: str(v) for k, v in form.items() if k.startswith("f.")}
    context = _edit_context(request, db, number, fields)
    if form.get("action") == "preview":
        return staff_render(request, "staff/step_edit.html", context, user)
    try:
        staircase.edit_step_texts(db, user.username, number, fields)
    except TrappaError as exc:
        return staff_render(request, "staff/step_edit.html", {**context, "error": str(exc)}, user, status_code=400)
    return RedirectResponse(f"/tilsett/trinn/{number}?lagra=1", status_code=303)
