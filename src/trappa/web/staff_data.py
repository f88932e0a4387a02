"""Staff pages for the data: the profile, importing files, the mapping of cost centres to steps, and the units."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trappa import lazy
from trappa.errors import InputFileError, TrappaError
from trappa.report import mapping_out, profile_out
from trappa.report.charts import bar_chart, with_mnok
from trappa.services import audit, memo
from trappa.services import profile as profiles
from trappa.services.database import Database
from trappa.services.profile import ProfilePage
from trappa.services.staircase import Language
from trappa.web.deps import Analyst, AppSettings, Cache, CsrfForm, Db, FormYear, QueryYear, Viewer
from trappa.web.i18n import LANGUAGES, translations
from trappa.web.jobs import Job, Jobs
from trappa.web.render import XLSX, chart_set, download_headers, drawn, language_of, staff_render
from trappa.web.words import _

if TYPE_CHECKING:
    from trappa.services import imports, mapping
    from trappa.services import units as units_service
else:  # the readers and the contracts load with the first import or mapping page, not with the server
    imports = lazy.load("trappa.services.imports")
    mapping = lazy.load("trappa.services.mapping")
    units_service = lazy.load("trappa.services.units")

router = APIRouter(prefix="/tilsett")
GROUPS = {"": _("Alle brukargrupper"), "brukargruppe": _("Per brukargruppe")}
MAX_UPLOAD = 200_000_000


def known_year(db: Database, year: int | None) -> None:
    """A year asked for that has no accounts is said so, not answered with another year."""
    available = profiles.years(db)
    if year is not None and available and year not in available:
        shown = ", ".join(map(str, available))
        raise HTTPException(status_code=404, detail=f"Ingen rekneskap for {year}. År med rekneskap: {shown}.")


# -- profile -------------------------------------------------------------------------------------


def _profile_context(page: ProfilePage, group: str, language: Language) -> dict[str, Any]:
    context: dict[str, Any] = {**vars(page), "group": group, "groups": GROUPS}
    if page.profile is None:
        return context
    chart_rows = [{**r, "step_label": f"{r['step']} {r['step_name']}"} for r in page.step_totals]
    gettext = translations(language).gettext
    net = bar_chart(
        with_mnok(chart_rows),
        "net_cost_mnok",
        gettext("Netto driftsutgifter per trinn"),
        gettext("Millionar kroner"),
        decimals=1,
    )
    persons = bar_chart(chart_rows, "persons", gettext("Personar per trinn"), gettext("Personar"))
    per_person = bar_chart(chart_rows, "cost_per_person", gettext("Netto per person"), gettext("Kroner per person"))
    context["charts"] = chart_set({"netto": net, "personar": persons, "per-person": per_person})
    context["chart_query"] = urlencode({"year": page.year, "gruppe": group})
    return context


@router.get("/profil", response_class=HTMLResponse)
def profile_page(
    request: Request, user: Viewer, db: Db, cache: Cache, year: QueryYear = None, gruppe: str = ""
) -> HTMLResponse:
    context, version = _kept_context(request, db, cache, year, gruppe)
    # the main block (tables and charts) once per data version: rendering it was a fifth of each view
    return staff_render(request, "staff/profile.html", context, user, main_key=(cache, version))


def _kept_context(
    request: Request, db: Database, cache: Any, year: int | None, gruppe: str
) -> tuple[dict[str, Any], str]:
    """The page's context and the key it is kept by."""
    known_year(db, year)
    return _context(db, cache, year, gruppe if gruppe in GROUPS else "", language_of(request))


def _context(db: Database, cache: Any, year: int | None, group: str, language: Language) -> tuple[dict[str, Any], str]:
    # the chart specs with the page, once per data version (Altair validates every spec it builds)
    page = profiles.page(db, year, by_user_group=bool(group), language=language, memo=cache)
    version = memo.key(db, "profile-context", page.year, group, language)
    return cache(version, lambda: _profile_context(page, group, language)), version


def warm(db: Database, cache: Any) -> None:
    """The profile's first view (the latest year, every group together) in every language, made before its
    first reader asks (at national scale the page and its charts took 0,8 s on first view)."""
    for language in LANGUAGES:
        _context(db, cache, None, "", language)


@router.get("/profil/diagram/{name}.svg")
def profile_svg(
    request: Request,
    user: Viewer,  # noqa: ARG001 - signed in to see it
    db: Db,
    cache: Cache,
    name: str,
    year: QueryYear = None,
    gruppe: str = "",
) -> Response:
    """A chart of the profile drawn on the server, for a browser without JavaScript."""
    context, version = _kept_context(request, db, cache, year, gruppe)
    specs = context["charts"]["specs"] if "charts" in context else {}
    if name not in specs:
        raise HTTPException(status_code=404)
    return drawn(cache, f"{version}:svg:{name}", specs[name])


@router.get("/profil.xlsx")
def profile_xlsx(user: Viewer, db: Db, cache: Cache, year: QueryYear = None, gruppe: str = "") -> Response:
    known_year(db, year)
    group = gruppe if gruppe in GROUPS else ""
    page = profiles.page(db, year, by_user_group=bool(group), memo=cache)
    if page.profile is None:
        raise HTTPException(status_code=404)
    report = profile_out.ProfileReport(page.municipality, page.synthetic, "", "nn", [page.profile])
    data = profile_out.xlsx_bytes(report)
    audit.record_export(db, user.username, f"profil {page.year} {group}".strip())
    return Response(data, media_type=XLSX, headers=download_headers(f"tenesteprofil-{page.year}.xlsx"))


# -- import --------------------------------------------------------------------------------------


def _import_context(db: Any) -> dict[str, Any]:
    return {"kinds": imports.kind_titles(), "history": imports.history(db)[:30]}


@router.get("/import", response_class=HTMLResponse)
def import_page(request: Request, user: Analyst, db: Db) -> HTMLResponse:
    context = {**_import_context(db), "problems": None, "result": None}
    return staff_render(request, "staff/import.html", context, user)


def _import_jobs(request: Request) -> Jobs:
    if not hasattr(request.app.state, "import_jobs"):
        request.app.state.import_jobs = Jobs()
    return request.app.state.import_jobs  # type: ignore[no-any-return]


@router.post("/import", response_model=None)
async def import_upload(
    request: Request,
    user: Analyst,
    form: CsrfForm,  # noqa: ARG001 - checked by the dependency
    db: Db,
    settings: AppSettings,
    kind: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
) -> Response:
    """Take the file, then check and store it in the background: the page shows how far it has come,
    and the rest of the site answers meanwhile (the file is read in a process of its own)."""
    if kind not in imports.KINDS:
        raise HTTPException(status_code=400, detail="Ukjend filtype.")
    name = Path(file.filename or "fil").name[:200]
    folder = Path(tempfile.mkdtemp(prefix="trappa-import-"))
    path = folder / "upload"
    size = 0
    try:
        with path.open("wb") as out:
            while chunk := await file.read(1 << 20):
                size += len(chunk)
                if size > MAX_UPLOAD:
                    raise HTTPException(status_code=413, detail="Fila er for stor.")
                out.write(chunk)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise

    def work(job: Job) -> tuple[dict[str, Any], str]:
        def stored(rows: int) -> None:
            with job.lock:
                job.step, job.done = "Lagrar radene", job.done + rows

        def counted(rows: int) -> None:
            with job.lock:
                job.total = rows

        with job.lock:
            job.step = "Les og kontrollerer fila"
        try:
            result = imports.import_file(db, user.username, kind, path, display_name=name, progress=stored,
                                         apart=True, checked=counted)  # fmt: skip
            return {"result": result, "problems": None, "file_name": name}, name
        except InputFileError as exc:
            return {
                "problems": exc.problems,
                "headline": exc.headline or str(exc).splitlines()[0],
                "file_name": name,
            }, name
        except TrappaError as exc:
            return {"problems": [], "headline": str(exc), "file_name": name}, name
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    job = _import_jobs(request).start(user.username, 0, work, kind="import")
    await run_in_threadpool(job.ended.wait, settings.import_wait_seconds)  # a small file: the answer at once
    return RedirectResponse(f"/tilsett/import/jobb/{job.id}", status_code=303)


@router.get("/import/jobb/{job_id}", response_class=HTMLResponse)
def import_status(request: Request, user: Analyst, db: Db, job_id: str) -> HTMLResponse:
    job = _import_jobs(request).get(job_id, user.username)
    outcome = job.result if job is not None and job.result is not None else {}
    context = {"job": job, "job_id": job_id, "problems": outcome.get("problems"), "result": outcome.get("result"),
               "headline": outcome.get("headline"), "file_name": outcome.get("file_name")}  # fmt: skip
    if request.headers.get("HX-Request") == "true":
        if job is not None and job.finished:  # the whole page again: the result and the history under it
            return HTMLResponse("", headers={"HX-Refresh": "true"})
        return staff_render(request, "staff/_import_status.html", context, user)
    status = 422 if outcome.get("problems") is not None else 200
    return staff_render(request, "staff/import.html", {**_import_context(db), **context}, user, status_code=status)


# -- mapping -------------------------------------------------------------------------------------


@router.get("/fordeling", response_class=HTMLResponse)
def mapping_page(request: Request, user: Analyst, db: Db, cache: Cache, year: QueryYear = None) -> HTMLResponse:
    known_year(db, year)
    return staff_render(request, "staff/mapping.html", vars(mapping.overview(db, year, memo=cache)), user)


@router.get("/fordeling.xlsx")
def mapping_xlsx(user: Analyst, db: Db, cache: Cache, year: QueryYear = None) -> Response:
    known_year(db, year)
    overview = mapping.overview(db, year, memo=cache)
    if not overview.year:
        raise HTTPException(status_code=404)
    data = mapping_out.xlsx_bytes(overview)
    audit.record_export(db, user.username, f"fordeling {overview.year}")
    return Response(data, media_type=XLSX, headers=download_headers(f"fordelingsnokkel-{overview.year}.xlsx"))


@router.post("/fordeling", response_class=HTMLResponse)
def mapping_assign(
    user: Analyst,
    form: CsrfForm,  # noqa: ARG001 - checked by the dependency
    db: Db,
    year: FormYear,
    cost_centre: Annotated[str, Form(max_length=40)],
    step: Annotated[str, Form(max_length=10)],
    user_group: Annotated[str, Form(max_length=30)] = "alle",
) -> Response:
    """Map an unmapped cost centre in one go: 100 % to one step and user group."""
    try:
        mapping.set_cost_centre_key(db, user.username, year, cost_centre, [(step, user_group, 100.0)])
    except TrappaError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    return RedirectResponse(f"/tilsett/fordeling?year={year}", status_code=303)


def _key_context(db: Any, year: int, cost_centre: str, error: str | None) -> dict[str, Any]:
    key = mapping.cost_centre_key(db, year, cost_centre)
    return {**vars(key), "slots": max(4, len(key.rows) + 1), "error": error}


@router.get("/fordeling/ansvar/{cost_centre}", response_class=HTMLResponse)
def mapping_key_page(
    request: Request, cost_centre: str, user: Analyst, db: Db, year: Annotated[int, Query(ge=1990, le=2100)]
) -> HTMLResponse:
    return staff_render(request, "staff/mapping_key.html", _key_context(db, year, cost_centre, None), user)


@router.post("/fordeling/ansvar/{cost_centre}", response_class=HTMLResponse)
def mapping_key_save(request: Request, cost_centre: str, user: Analyst, form: CsrfForm, db: Db) -> Response:
    """Split a cost centre over steps and user groups: rows of step, group and share that sum to 100 %."""
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
        mapping.set_cost_centre_key(db, user.username, year, cost_centre, rows)
    except TrappaError as exc:
        context = _key_context(db, year, cost_centre, str(exc))
        return staff_render(request, "staff/mapping_key.html", context, user, status_code=400)
    return RedirectResponse(f"/tilsett/fordeling?year={year}", status_code=303)


# -- units (einingar) --------------------------------------------------------------------------------


def _units_page(request: Request, db: Database, user: Any, error: str | None, form: dict[str, str]) -> HTMLResponse:
    context = {"units": units_service.units(db), "error": error, "form": form}
    return staff_render(request, "staff/units.html", context, user, status_code=400 if error else 200)


@router.get("/einingar", response_class=HTMLResponse)
def units_page(request: Request, user: Analyst, db: Db, eining: str = "") -> HTMLResponse:
    """The units; with ``eining``, its form filled in to change it."""
    chosen = next((u for u in units_service.units(db) if u.name == eining), None)
    form = {}
    if chosen is not None:
        form = {
            "name": chosen.name,
            "cost_centres": ", ".join(chosen.cost_centres),
            "places": _places_text(chosen.places),
        }
    return _units_page(request, db, user, None, form)


def _places_text(places: float | None) -> str:
    return "" if places is None else f"{places:g}".replace(".", ",")


@router.post("/einingar", response_class=HTMLResponse)
def units_save(request: Request, user: Analyst, form: CsrfForm, db: Db) -> Response:
    """Add a unit, or change the cost centres and places of one (the name says which)."""
    typed = {k: str(form.get(k, "")).strip() for k in ("name", "cost_centres", "places")}
    try:
        text = typed["places"].replace(" ", "").replace("\u00a0", "").replace(",", ".")
        try:
            places = float(text) if text else None
        except ValueError:
            raise TrappaError(f"«{typed['places']}» er ikkje eit tal på plassar.") from None
        centres = units_service.parse_cost_centres(typed["cost_centres"])
        units_service.save_unit(db, user.username, typed["name"], centres, places)
    except TrappaError as exc:
        return _units_page(request, db, user, str(exc), typed)
    return RedirectResponse("/tilsett/einingar", status_code=303)


@router.post("/einingar/fjern", response_class=HTMLResponse)
def units_remove(request: Request, user: Analyst, form: CsrfForm, db: Db) -> Response:
    try:
        units_service.remove_unit(db, user.username, str(form.get("name", "")))
    except TrappaError as exc:
        return _units_page(request, db, user, str(exc), {})
    return RedirectResponse("/tilsett/einingar", status_code=303)
