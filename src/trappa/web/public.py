"""Public pages (no login): the staircase, each step, the housing staircase, accessibility, embedding."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from trappa.errors import TrappaError
from trappa.report.charts import bar_chart, message_svg, with_mnok
from trappa.services import database, feedback, memo, publishing, staircase
from trappa.services.database import Database
from trappa.services.publishing import PublicFigures
from trappa.services.staircase import Language
from trappa.web.cache import ResultCache
from trappa.web.deps import Cache, Db, StepNumber
from trappa.web.i18n import LANGUAGES, translations
from trappa.web.render import chart_set, drawn, language_of, render

router = APIRouter()


def figures_and_charts(
    db: Database, cache: ResultCache, language: Language
) -> tuple[PublicFigures | None, dict[str, Any] | None]:
    """The published figures in the reader's language, and their charts (None when nothing is published)."""
    figures = publishing.public_figures(db, language, memo=cache)
    if figures is None:
        return None, None
    return figures, cache(memo.key(db, "charts", figures.year, language), lambda: _charts(figures, language))


def _charts(figures: PublicFigures, language: Language) -> dict[str, Any]:
    t = translations(language)
    rows = [{**r, "step_label": f"{r['step']} {r['step_name']}"} for r in figures.rows]
    persons = bar_chart(rows, "persons", t.gettext("Personar per trinn"), t.gettext("Personar"))
    cost = bar_chart(
        with_mnok(rows),
        "net_cost_mnok",
        t.gettext("Netto driftsutgifter per trinn"),
        t.gettext("Millionar kroner"),
        decimals=1,
    )
    return chart_set({"personar": persons, "netto": cost})


def warm(db: Database, cache: ResultCache) -> None:
    """Compute the public figures and charts in every language, so the first visitors do not wait."""
    for language in LANGUAGES:
        figures_and_charts(db, cache, language)


def _staircase_page(request: Request, db: Database, cache: ResultCache, embed: bool) -> HTMLResponse:
    figures, charts = figures_and_charts(db, cache, language_of(request))
    context = {"staircase": staircase.current(db), "figures": figures, "charts": charts}
    return render(request, "staircase.html", context, embed=embed)


@router.get("/diagram/{name}.svg")
def staircase_chart(request: Request, db: Db, cache: Cache, name: str) -> Response:
    """A chart of the published figures drawn on the server, for a reader without JavaScript."""
    language = language_of(request)
    figures, made = figures_and_charts(db, cache, language)
    if figures is None or made is None:  # the reason as the picture, where the chart would have been
        words = translations(language).gettext("Kommunen publiserer ikkje tal på desse sidene.")
        return Response(message_svg(words), media_type="image/svg+xml")
    if name not in made["specs"]:
        raise HTTPException(status_code=404)
    return drawn(cache, memo.key(db, "chart-svg", figures.year, language, name), made["specs"][name])


@router.get("/", response_class=HTMLResponse)
def staircase_page(request: Request, db: Db, cache: Cache) -> HTMLResponse:
    return _staircase_page(request, db, cache, embed=False)


@router.get("/innbygg", response_class=HTMLResponse)
def staircase_embed(request: Request, db: Db, cache: Cache) -> HTMLResponse:
    return _staircase_page(request, db, cache, embed=True)


def _step_page(request: Request, db: Database, cache: ResultCache, number: int, embed: bool) -> HTMLResponse:
    steps = staircase.current(db)
    try:
        step = steps.step(number)
    except KeyError:
        raise HTTPException(status_code=404) from None
    figures, _charts = figures_and_charts(db, cache, language_of(request))
    numbers = steps.step_numbers
    i = numbers.index(number)
    category = next(c for c in steps.categories if c.number == step.category)
    context = {
        "staircase": steps,
        "step": step,
        "category": category,
        "previous": steps.step(numbers[i - 1]) if i > 0 else None,
        "next": steps.step(numbers[i + 1]) if i + 1 < len(numbers) else None,
        "figure": figures.for_step(number) if figures else None,
        "year": figures.year if figures else None,
    }
    return render(request, "step.html", context, embed=embed)


@router.get("/trinn/{number}", response_class=HTMLResponse)
def step_page(request: Request, number: StepNumber, db: Db, cache: Cache) -> HTMLResponse:
    return _step_page(request, db, cache, number, embed=False)


@router.get("/innbygg/trinn/{number}", response_class=HTMLResponse)
def step_embed(request: Request, number: StepNumber, db: Db, cache: Cache) -> HTMLResponse:
    return _step_page(request, db, cache, number, embed=True)


@router.get("/bustadtrapp", response_class=HTMLResponse)
def housing_page(request: Request, db: Db) -> HTMLResponse:
    context = {"housing": staircase.housing(db), "units": publishing.housing_units(db)}
    return render(request, "housing.html", context)


@router.get("/del", response_class=HTMLResponse)
def share_page(request: Request) -> HTMLResponse:
    base = str(request.base_url).rstrip("/")
    return render(request, "share.html", {"embed_url": f"{base}/innbygg"})


@router.get("/tilgjengelegheit", response_class=HTMLResponse)
def accessibility_page(request: Request) -> HTMLResponse:
    return render(request, "accessibility.html", {"sent": request.query_params.get("sendt") == "1", "error": None})


@router.post("/tilgjengelegheit", response_class=HTMLResponse)
def accessibility_feedback(
    request: Request,
    db: Db,
    message: Annotated[str, Form(max_length=4000)] = "",
    contact: Annotated[str, Form(max_length=200)] = "",
    page: Annotated[str, Form(max_length=300)] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    if not request.app.state.csrf.valid(request, csrf):
        return render(request, "accessibility.html", {"sent": False, "error": "csrf"}, status_code=400)
    if not request.app.state.feedback_limiter.allow(request.client.host if request.client else "?"):
        return render(request, "accessibility.html", {"sent": False, "error": "many"}, status_code=429)
    try:
        feedback.submit(db, message, contact, page)
    except TrappaError:
        return render(request, "accessibility.html", {"sent": False, "error": "empty"}, status_code=400)
    language = language_of(request)
    suffix = f"&lang={language}" if language != "nn" else ""
    return RedirectResponse(f"/tilgjengelegheit?sendt=1{suffix}#tilbakemelding", status_code=303)


@router.get("/helse")
def health(request: Request) -> JSONResponse:
    """For the load balancer: OK only when the database answers too."""
    if database.reachable(request.app.state.db):
        return JSONResponse({"status": "ok"})
    return JSONResponse({"status": "database unavailable"}, status_code=503, headers={"Retry-After": "5"})
