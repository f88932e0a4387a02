"""Staff pages (login required): signing in and out, the overview, users and the audit log.

Every route declares the least role it needs (``Caseworker``, ``Viewer``, ``Editor``, ``Analyst``, ``Admin``
from deps); the route × role test walks all of them. Roles: caseworker (the calculator and the prices
only) < viewer (read) < leader (own units' måltavle) < editor (step texts) < analyst (import, mapping,
scenarios) < admin (users, audit log). The profile, import and mapping pages are in
staff_data.py, the step texts in staff_texts.py, the projection in staff_planning.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trappa.errors import TrappaError
from trappa.services import audit, feedback, kpi, users
from trappa.services.database import Database
from trappa.services.users import User
from trappa.web.auth import SESSION_COOKIE, SESSION_SECONDS
from trappa.web.deps import Admin, AppSettings, Caseworker, CsrfForm, Db, RowId, Viewer
from trappa.web.render import staff_render

router = APIRouter(prefix="/tilsett")


@router.get("/logg-inn", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return staff_render(request, "staff/login.html", {"error": None}, None)


@router.post("/logg-inn", response_class=HTMLResponse)
def login(
    request: Request,
    db: Db,
    settings: AppSettings,
    username: Annotated[str, Form(max_length=100)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    limiter = request.app.state.login_limiter
    address = request.client.host if request.client else "?"
    if not request.app.state.csrf.valid(request, csrf):
        return staff_render(request, "staff/login.html", {"error": "csrf"}, None, status_code=400)
    wait, first_refusal = limiter.begin(username, address)
    if wait:
        if first_refusal:  # one audit row per block, so a flood of attempts cannot flood the log
            users.log_in(db, username, password, blocked=True)
        context = {"error": "blocked", "wait": max(1, round(wait))}
        return staff_render(request, "staff/login.html", context, None, status_code=429)
    try:
        user = users.log_in(db, username, password)
    except BaseException:
        limiter.failed(username, address)
        raise
    if user is None:
        limiter.failed(username, address)
        return staff_render(request, "staff/login.html", {"error": "wrong"}, None, status_code=401)
    limiter.succeeded(username, address)
    # a caseworker sees the calculator only; everyone else starts on the overview
    response = RedirectResponse("/tilsett" if user.can("viewer") else "/tilsett/kalkulator", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        request.app.state.sessions.issue(user),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=settings.production,
        path="/",
    )
    return response


@router.post("/logg-ut")
def logout(user: Caseworker, form: CsrfForm, db: Db) -> Response:  # noqa: ARG001 - the form is checked by CsrfForm
    users.log_out(db, user)
    response = RedirectResponse("/tilsett/logg-inn", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("", response_class=HTMLResponse)
def dashboard(request: Request, user: Viewer) -> HTMLResponse:
    return staff_render(request, "staff/dashboard.html", {}, user)


def _users(request: Request, db: Database, user: User, error: str | None = None, status: int = 200) -> HTMLResponse:
    done = {"1": "Lagra."}.get(request.query_params.get("lagra", ""))
    listed = users.list_users(db)
    try:
        all_units = kpi.unit_names(db)
    except TrappaError:
        all_units = []  # no units imported yet: leaders cannot be tied to any
    leaders = {u["username"]: users.leader_units(db, u["username"]) for u in listed if u["role"] == "leader"}
    context = {"users": listed, "roles": users.ROLES, "error": error, "done": done, "all_units": all_units,
               "leaders": leaders}  # fmt: skip
    return staff_render(request, "staff/users.html", context, user, status_code=status)


@router.get("/brukarar", response_class=HTMLResponse)
def users_page(request: Request, user: Admin, db: Db) -> HTMLResponse:
    return _users(request, db, user)


def _user_change(request: Request, db: Database, user: User, change: Callable[[], None]) -> Response:
    try:
        change()
    except TrappaError as exc:
        return _users(request, db, user, str(exc), 400)
    return RedirectResponse("/tilsett/brukarar?lagra=1", status_code=303)


@router.post("/brukarar/{username}/aktiv", response_class=HTMLResponse)
def user_active(request: Request, username: str, user: Admin, form: CsrfForm, db: Db) -> Response:
    active = form.get("active") == "1"
    return _user_change(request, db, user, lambda: users.set_active(db, user.username, username, active))


@router.post("/brukarar/{username}/passord", response_class=HTMLResponse)
def user_password(request: Request, username: str, user: Admin, form: CsrfForm, db: Db) -> Response:
    password = str(form.get("password", ""))[:200]
    return _user_change(request, db, user, lambda: users.reset_password(db, user.username, username, password))


@router.post("/brukarar/{username}/einingar", response_class=HTMLResponse)
def user_units(request: Request, username: str, user: Admin, form: CsrfForm, db: Db) -> Response:
    chosen = [str(v) for v in form.getlist("units")]
    return _user_change(request, db, user, lambda: users.set_units(db, user.username, username, chosen))


@router.post("/brukarar/{username}/slett", response_class=HTMLResponse)
def user_delete(request: Request, username: str, user: Admin, form: CsrfForm, db: Db) -> Response:
    if form.get("confirm") != "1":
        return _users(request, db, user, f"Kryss av for at du vil slette «{username}».", 400)
    return _user_change(request, db, user, lambda: users.delete(db, user.username, username))


@router.post("/brukarar", response_class=HTMLResponse)
def users_change(
    request: Request,
    user: Admin,
    form: CsrfForm,  # noqa: ARG001 - checked by the dependency
    db: Db,
    username: Annotated[str, Form(max_length=100)],
    role: Annotated[str, Form(max_length=20)],
) -> Response:
    return _user_change(request, db, user, lambda: users.set_role(db, user.username, username, role))


@router.get("/tilbakemeldingar", response_class=HTMLResponse)
def feedback_page(request: Request, user: Admin, db: Db, alle: str = "") -> HTMLResponse:
    context = {"entries": feedback.entries(db, open_only=alle != "1"), "show_all": alle == "1"}
    return staff_render(request, "staff/feedback.html", context, user)


@router.post("/tilbakemeldingar/{feedback_id}")
def feedback_handled(feedback_id: RowId, user: Admin, form: CsrfForm, db: Db) -> Response:  # noqa: ARG001
    try:
        feedback.mark_handled(db, user.username, feedback_id)
    except TrappaError:
        raise HTTPException(status_code=404) from None
    return RedirectResponse("/tilsett/tilbakemeldingar", status_code=303)


@router.get("/logg", response_class=HTMLResponse)
def audit_page(
    request: Request, user: Admin, db: Db, side: Annotated[int, Query(ge=1, le=10**9)] = 1, kva: str = ""
) -> HTMLResponse:
    log = audit.page_of(db, side, kva or None)
    return staff_render(request, "staff/audit.html", {"log": log, "actions": audit.ACTION_NAMES}, user)
