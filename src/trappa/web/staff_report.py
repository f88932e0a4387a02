"""«Lag rapport» (/tilsett/rapport): the report to the council made in the background as PDF, Word or Excel,
with its progress on the page (htmx polls; without JavaScript a link to look again)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from trappa import lazy
from trappa.errors import TrappaError
from trappa.report.council import SECTION_NAMES, SECTIONS
from trappa.services import profile as profiles
from trappa.services import projection
from trappa.services.database import Database
from trappa.web.deps import CsrfForm, Db, Viewer
from trappa.web.jobs import Job, Jobs
from trappa.web.render import download_headers, staff_render

if TYPE_CHECKING:
    from trappa.services import council_report
else:  # the report's renderers (Word, PDF) and KOSTRA load with the first report, not with the server
    council_report = lazy.load("trappa.services.council_report")

router = APIRouter(prefix="/tilsett")

MEDIA = {"pdf": "application/pdf", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}  # fmt: skip
FORMAT_NAMES = {"pdf": "PDF (universelt utforma)", "docx": "Word, for saksframlegget", "xlsx": "Excel, for utskrift"}


def _jobs(request: Request) -> Jobs:
    if not hasattr(request.app.state, "report_jobs"):
        request.app.state.report_jobs = Jobs()
    return request.app.state.report_jobs  # type: ignore[no-any-return]


@router.get("/rapport", response_class=HTMLResponse)
def report_form(request: Request, user: Viewer, db: Db) -> HTMLResponse:
    context = {"years": profiles.years(db), "scenarios": sorted(projection.scenarios(db)), "sections": SECTIONS,
               "section_names": SECTION_NAMES, "formats": FORMAT_NAMES, "error": None}  # fmt: skip
    return staff_render(request, "staff/report.html", context, user)


@router.post("/rapport")
def start_report(request: Request, user: Viewer, form: CsrfForm, db: Db) -> Response:
    chosen = [s for s in SECTIONS if form.get(f"del_{s}")] or list(SECTIONS)
    fmt = str(form.get("format", "pdf"))
    fmt = fmt if fmt in MEDIA else "pdf"
    year_text = str(form.get("ar", "")).strip()
    year = int(year_text) if year_text.isdigit() else None
    scenarios = [str(v) for v in form.getlist("scenario")]

    def work(job: Job) -> tuple[bytes, str]:
        def advance(name: str) -> None:
            with job.lock:
                job.step, job.done = f"Lagar «{name}»", min(job.done + 1, job.total - 1)

        report = council_report.build(db, year, scenarios=scenarios, sections=chosen, progress=advance)
        with job.lock:
            job.step = f"Skriv {fmt.upper()}"
        data = council_report.render(db, user.username, report, fmt)
        return data, f"rapport-{report.year}.{fmt}"

    job = _jobs(request).start(user.username, len(chosen) + 1, work)
    return RedirectResponse(f"/tilsett/rapport/jobb/{job.id}", status_code=303)


def _status(request: Request, db: Database, user: Viewer, job_id: str, fragment: bool) -> HTMLResponse:  # noqa: ARG001
    job = _jobs(request).get(job_id, user.username)
    template = "staff/_report_status.html" if fragment else "staff/report_status.html"
    return staff_render(request, template, {"job": job, "job_id": job_id}, user)


@router.get("/rapport/jobb/{job_id}", response_class=HTMLResponse)
def report_status(request: Request, user: Viewer, db: Db, job_id: str) -> HTMLResponse:
    return _status(request, db, user, job_id, fragment=request.headers.get("HX-Request") == "true")


@router.get("/rapport/jobb/{job_id}/fil", response_model=None)
def report_file(request: Request, user: Viewer, job_id: str) -> Response:
    job = _jobs(request).get(job_id, user.username)
    if job is None or job.result is None:  # not (or no longer) here: the page says what to do
        return staff_render(request, "staff/report_status.html", {"job": job, "job_id": job_id}, user)
    ext = job.filename.rsplit(".", 1)[-1]
    return Response(job.result, media_type=MEDIA[ext], headers=download_headers(job.filename))


__all__ = ["TrappaError", "router"]
