"""Staff pages (login required): profile, import, mapping, step texts, users and the audit log.

Every route declares the least role it needs with ``Depends(require(...))``; the route × role
test walks all of them. Roles: viewer (read) < editor (step texts) < analyst (import, mapping,
everything else) < admin (users, audit log).
"""

from __future__ import annotations

import tempfile
from io import BytesIO
from pathlib import Path
from typing import Annotated, Any

import polars as pl
from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trappa.errors import InputFileError, TrappaError
from trappa.ingest.contracts import CONTRACTS
from trappa.store.accounts import ROLE_NAMES, ROLES, User, audit, audit_entries, list_users, set_role, verify
from trappa.web.auth import SESSION_COOKIE, SESSION_SECONDS, require
from trappa.web.public import cached, render

router = APIRouter(prefix="/tilsett")
GROUPS = {"": "Alle brukargrupper", "brukargruppe": "Per brukargruppe"}
MAX_UPLOAD = 200_000_000


def _forbidden_csrf(request: Request, token: str) -> None:
    if not request.app.state.csrf.valid(request, token):
        raise HTTPException(status_code=400, detail="Skjemaet var for gammalt. Last sida på nytt og prøv igjen.")


def staff_render(
    request: Request, template: str, context: dict[str, Any], user: User | None, status_code: int = 200
) -> HTMLResponse:
    return render(request, template, {"user": user, "role_names": ROLE_NAMES, **context}, status_code=status_code)


# -- login ---------------------------------------------------------------------------------------


@router.get("/logg-inn", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return staff_render(request, "staff/login.html", {"error": None}, None)


@router.post("/logg-inn", response_class=HTMLResponse)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=100)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    engine = request.app.state.engine
    limiter = request.app.state.login_limiter
    address = request.client.host if request.client else "?"
    if not request.app.state.csrf.valid(request, csrf):
        return staff_render(request, "staff/login.html", {"error": "csrf"}, None, status_code=400)
    if limiter.blocked(username, address):
        audit(engine, username, "login", None, "refused", "for mange forsøk")
        return staff_render(request, "staff/login.html", {"error": "blocked"}, None, status_code=429)
    user = verify(engine, username, password)
    if user is None:
        limiter.failed(username, address)
        audit(engine, username, "login", None, "failed")
        return staff_render(request, "staff/login.html", {"error": "wrong"}, None, status_code=401)
    limiter.succeeded(username)
    audit(engine, user.username, "login", None, "ok")
    response = RedirectResponse("/tilsett", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        request.app.state.sessions.issue(user),
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.production,
        path="/",
    )
    return response


@router.post("/logg-ut")
def logout(
    request: Request, user: Annotated[User, Depends(require("viewer"))], csrf: Annotated[str, Form()] = ""
) -> Response:
    _forbidden_csrf(request, csrf)
    audit(request.app.state.engine, user.username, "logout", None, "ok")
    response = RedirectResponse("/tilsett/logg-inn", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("", response_class=HTMLResponse)
def dashboard(request: Request, user: Annotated[User, Depends(require("viewer"))]) -> HTMLResponse:
    return staff_render(request, "staff/dashboard.html", {}, user)


# -- profile -------------------------------------------------------------------------------------


def _cached_profile(request: Request, year: int, by_group: bool) -> Any:
    """Profiles are computed once per state of the data: every import, mapping or text change clears the cache."""
    from trappa.model.profile import build_profile
    from trappa.store.repository import data_version, load_inputs
    from trappa.web.public import _staircase

    engine = request.app.state.engine
    key = f"profile:{data_version(engine)}:{year}:{by_group}"
    return cached(
        request.app,
        key,
        lambda: build_profile(load_inputs(engine, year), _staircase(request), year, by_user_group=by_group),
    )


def _profile_context(request: Request, year: int | None, group: str) -> dict[str, Any]:
    from trappa.store.repository import stored_years
    from trappa.web.public import _staircase

    engine = request.app.state.engine
    years = stored_years(engine)
    if not years:
        return {"years": [], "profile": None}
    chosen = year if year in years else years[-1]
    by_group = group == "brukargruppe"
    staircase = _staircase(request)
    profile = _cached_profile(request, chosen, by_group)
    previous = _cached_profile(request, chosen - 1, False) if not by_group and chosen - 1 in years else None
    return {
        "years": years,
        "year": chosen,
        "group": group,
        "groups": GROUPS,
        "profile": profile,
        "previous": previous,
        "staircase": staircase,
    }


@router.get("/profil", response_class=HTMLResponse)
def profile_page(
    request: Request, user: Annotated[User, Depends(require("viewer"))], year: int | None = None, gruppe: str = ""
) -> HTMLResponse:
    from trappa.web.staff_views import profile_view

    group = gruppe if gruppe in GROUPS else ""
    return staff_render(request, "staff/profile.html", profile_view(_profile_context(request, year, group)), user)


@router.get("/profil.xlsx")
def profile_xlsx(
    request: Request, user: Annotated[User, Depends(require("viewer"))], year: int | None = None, gruppe: str = ""
) -> Response:
    from trappa.report.xlsx import write_workbook
    from trappa.store.repository import get_setting

    group = gruppe if gruppe in GROUPS else ""
    ctx = _profile_context(request, year, group)
    if not ctx["profile"]:
        raise HTTPException(status_code=404)
    buffer = BytesIO()
    engine = request.app.state.engine
    write_workbook(
        [ctx["profile"]],
        buffer,
        municipality=get_setting(engine, "municipality_name") or "Kommunen",
        synthetic=get_setting(engine, "synthetic") == "1",
    )
    audit(engine, user.username, "export", f"profil {ctx['year']} {group}".strip(), "ok")
    return Response(
        buffer.getvalue(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="tenesteprofil-{ctx["year"]}.xlsx"'},
    )


# -- import --------------------------------------------------------------------------------------


def _import_context(request: Request) -> dict[str, Any]:
    from trappa.store.repository import import_history

    history = import_history(request.app.state.engine)
    return {
        "kinds": {k: c.title for k, c in CONTRACTS.items()},
        "history": history.head(30).to_dicts() if history.height else [],
    }


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, user: Annotated[User, Depends(require("analyst"))]) -> HTMLResponse:
    return staff_render(
        request, "staff/import.html", {**_import_context(request), "problems": None, "result": None}, user
    )


@router.post("/import", response_class=HTMLResponse)
async def import_upload(
    request: Request,
    user: Annotated[User, Depends(require("analyst"))],
    kind: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
    csrf: Annotated[str, Form()] = "",
) -> HTMLResponse:
    from trappa.importing import import_file

    _forbidden_csrf(request, csrf)
    if kind not in CONTRACTS:
        raise HTTPException(status_code=400, detail="Ukjend filtype.")
    engine = request.app.state.engine
    name = Path(file.filename or "fil").name[:200]
    problems, result, headline = None, None, None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload"
        size = 0
        with path.open("wb") as out:
            while chunk := await file.read(1 << 20):
                size += len(chunk)
                if size > MAX_UPLOAD:
                    raise HTTPException(status_code=413, detail="Fila er for stor.")
                out.write(chunk)
        try:
            result = import_file(engine, kind, path, display_name=name)
            audit(engine, user.username, "import", f"{kind}: {name}", "ok", f"{result.rows} rader")
        except InputFileError as exc:
            problems, headline = exc.problems, exc.headline or str(exc).splitlines()[0]
            audit(engine, user.username, "import", f"{kind}: {name}", "refused", f"{len(exc.problems)} feil")
        except TrappaError as exc:
            problems, headline = [], str(exc)
            audit(engine, user.username, "import", f"{kind}: {name}", "failed", str(exc)[:300])
    request.app.state.settings.cache.clear()
    status = 200 if problems is None else 422
    return staff_render(
        request,
        "staff/import.html",
        {**_import_context(request), "problems": problems, "headline": headline, "result": result, "file_name": name},
        user,
        status_code=status,
    )


# -- mapping -------------------------------------------------------------------------------------


@router.get("/fordeling", response_class=HTMLResponse)
def mapping_page(
    request: Request, user: Annotated[User, Depends(require("analyst"))], year: int | None = None
) -> HTMLResponse:
    from trappa.web.staff_views import mapping_view

    return staff_render(request, "staff/mapping.html", mapping_view(request, year), user)


@router.get("/fordeling.xlsx")
def mapping_xlsx(
    request: Request, user: Annotated[User, Depends(require("analyst"))], year: int | None = None
) -> Response:
    from trappa.report.tables_xlsx import frame_workbook
    from trappa.web.staff_views import mapping_view

    view = mapping_view(request, year)
    if not view.get("year"):
        raise HTTPException(status_code=404)
    rows = [
        {
            "Ansvar": r["cost_centre"],
            "Namn": r["cost_centre_name"],
            "Beløp (kr)": r["amount"],
            "Fordeling": "; ".join(
                f"{'utanfor' if m['step'] == 0 else 'trinn ' + str(m['step'])} {m['user_group']} {m['share']:g} %"
                + (f" (funksjon {m['function']})" if m["function"] else "")
                for m in (r["rows"] or [])
            )
            or ("IKKJE FORDELT" if r["unmapped"] else ""),
        }
        for r in view["centres"]
    ]
    data = frame_workbook({f"Fordeling {view['year']}": pl.DataFrame(rows)}, title=f"Fordelingsnøkkel {view['year']}")
    audit(request.app.state.engine, user.username, "export", f"fordeling {view['year']}", "ok")
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="fordelingsnokkel-{view["year"]}.xlsx"'},
    )


@router.post("/fordeling", response_class=HTMLResponse)
def mapping_assign(
    request: Request,
    user: Annotated[User, Depends(require("analyst"))],
    year: Annotated[int, Form()],
    cost_centre: Annotated[str, Form(max_length=40)],
    step: Annotated[str, Form(max_length=10)],
    user_group: Annotated[str, Form(max_length=30)] = "alle",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Map an unmapped cost centre in one go: 100 % to one step and user group."""
    from trappa.web.staff_views import set_cost_centre_key

    _forbidden_csrf(request, csrf)
    try:
        set_cost_centre_key(request, user, year, cost_centre, [(step, user_group, 100.0)])
    except TrappaError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    return RedirectResponse(f"/tilsett/fordeling?year={year}", status_code=303)


@router.get("/fordeling/ansvar/{cost_centre}", response_class=HTMLResponse)
def mapping_key_page(
    request: Request, cost_centre: str, user: Annotated[User, Depends(require("analyst"))], year: int
) -> HTMLResponse:
    from trappa.web.staff_views import cost_centre_key

    return staff_render(
        request, "staff/mapping_key.html", {**cost_centre_key(request, year, cost_centre), "error": None}, user
    )


@router.post("/fordeling/ansvar/{cost_centre}", response_class=HTMLResponse)
async def mapping_key_save(
    request: Request, cost_centre: str, user: Annotated[User, Depends(require("analyst"))]
) -> Response:
    """Split a cost centre over steps and user groups: rows of step, group and share that sum to 100 %."""
    from trappa.web.staff_views import cost_centre_key, set_cost_centre_key

    form = await request.form()
    _forbidden_csrf(request, str(form.get("csrf", "")))
    try:
        year = int(str(form.get("year", "")))
    except ValueError:
        raise HTTPException(status_code=400, detail="Året manglar.") from None
    rows = []
    for i in range(20):
        step, share = str(form.get(f"step{i}", "")).strip(), str(form.get(f"share{i}", "")).strip().replace(",", ".")
        if not step or not share:
            continue
        try:
            rows.append((step, str(form.get(f"group{i}", "alle")), float(share)))
        except ValueError:
            rows.append((step, str(form.get(f"group{i}", "alle")), -1.0))
    try:
        set_cost_centre_key(request, user, year, cost_centre, rows)
    except TrappaError as exc:
        ctx = cost_centre_key(request, year, cost_centre)
        return staff_render(request, "staff/mapping_key.html", {**ctx, "error": str(exc)}, user, status_code=400)
    return RedirectResponse(f"/tilsett/fordeling?year={year}", status_code=303)


# -- step texts ----------------------------------------------------------------------------------


@router.get("/trinn", response_class=HTMLResponse)
def steps_page(request: Request, user: Annotated[User, Depends(require("editor"))]) -> HTMLResponse:
    from trappa.web.staff_views import steps_view

    return staff_render(request, "staff/steps.html", steps_view(request), user)


@router.get("/trinn/{number}", response_class=HTMLResponse)
def step_edit_page(request: Request, number: int, user: Annotated[User, Depends(require("editor"))]) -> HTMLResponse:
    from trappa.web.staff_views import step_edit_view

    return staff_render(request, "staff/step_edit.html", step_edit_view(request, number, None), user)


@router.post("/trinn/{number}", response_class=HTMLResponse)
async def step_edit(request: Request, number: int, user: Annotated[User, Depends(require("editor"))]) -> Response:
    from trappa.web.staff_views import save_step, step_edit_view

    form = await request.form()
    _forbidden_csrf(request, str(form.get("csrf", "")))
    fields = {k: str(v) for k, v in form.items() if k.startswith("f.")}
    if form.get("action") == "preview":
        return staff_render(request, "staff/step_edit.html", step_edit_view(request, number, fields), user)
    error = save_step(request, user, number, fields)
    if error:
        ctx = step_edit_view(request, number, fields)
        return staff_render(request, "staff/step_edit.html", {**ctx, "error": error}, user, status_code=400)
    return RedirectResponse(f"/tilsett/trinn/{number}?lagra=1", status_code=303)


# -- admin ---------------------------------------------------------------------------------------


@router.get("/brukarar", response_class=HTMLResponse)
def users_page(request: Request, user: Annotated[User, Depends(require("admin"))]) -> HTMLResponse:
    return staff_render(
        request,
        "staff/users.html",
        {"users": list_users(request.app.state.engine), "roles": ROLES, "error": None},
        user,
    )


@router.post("/brukarar", response_class=HTMLResponse)
def users_change(
    request: Request,
    user: Annotated[User, Depends(require("admin"))],
    username: Annotated[str, Form(max_length=100)],
    role: Annotated[str, Form(max_length=20)],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    _forbidden_csrf(request, csrf)
    engine = request.app.state.engine
    try:
        set_role(engine, username, role)
    except TrappaError as exc:
        audit(engine, user.username, "role_change", f"{username} → {role}", "refused", str(exc))
        return staff_render(
            request,
            "staff/users.html",
            {"users": list_users(engine), "roles": ROLES, "error": str(exc)},
            user,
            status_code=400,
        )
    audit(engine, user.username, "role_change", f"{username} → {role}", "ok")
    return RedirectResponse("/tilsett/brukarar", status_code=303)


@router.get("/logg", response_class=HTMLResponse)
def audit_page(request: Request, user: Annotated[User, Depends(require("admin"))]) -> HTMLResponse:
    entries = audit_entries(request.app.state.engine)
    return staff_render(request, "staff/audit.html", {"entries": entries.to_dicts() if entries.height else []}, user)
