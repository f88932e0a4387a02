"""Public pages (no login): the staircase, each step, the housing staircase, accessibility, embedding."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import insert

from trappa.formatting import format_number
from trappa.staircase import HousingStaircase, Staircase, load_housing_template, load_staircase_text, load_template
from trappa.web.charts import bar_chart
from trappa.web.figures import PublicFigures, public_figures
from trappa.web.i18n import HTML_LANG, LANGUAGE_NAMES, LANGUAGES, pick_language, translations
from trappa.web.security import CSRF_COOKIE

router = APIRouter()
LANG_COOKIE = "trappa_lang"


def _staircase(request: Request) -> Staircase:
    from trappa.store.repository import get_setting

    stored = get_setting(request.app.state.engine, "staircase_yaml")
    if stored:
        s = load_staircase_text(stored, "lagra trapp")
        if isinstance(s, Staircase):
            return s
    return load_template("alver")


def _housing(request: Request) -> HousingStaircase:
    return load_housing_template("bustadtrapp")


def _figures(request: Request) -> PublicFigures | None:
    """The latest year's public figures, if the municipality publishes them (cached per import)."""
    from trappa.model.profile import build_profile
    from trappa.store.repository import data_version, get_setting, load_inputs, stored_years

    engine = request.app.state.engine
    if get_setting(engine, "publish_figures") != "1":
        return None
    years = stored_years(engine)
    if not years:
        return None
    key = f"figures:{data_version(engine)}:{years[-1]}"
    return cached(
        request.app,
        key,
        lambda: public_figures(
            build_profile(load_inputs(engine, years[-1]), _staircase(request), years[-1]).table, years[-1]
        ),
    )


def cached(app: Any, key: str, compute: Any) -> Any:
    """The app's cache, filled once per key even when many requests ask at the same moment."""
    cache = app.state.settings.cache
    if key in cache:
        return cache[key]
    with app.state.settings.cache_lock:
        if key not in cache:
            cache[key] = compute()
        return cache[key]


def warm_cache(app: Any) -> None:
    """Compute the public figures and charts once at start, so the first visitors do not wait."""
    from starlette.requests import Request as StarletteRequest

    scope = {"type": "http", "method": "GET", "path": "/", "query_string": b"", "headers": [], "app": app}
    request = StarletteRequest(scope)
    try:
        staircase = _staircase(request)
        for language in LANGUAGES:
            _localized_figures(request, staircase, language)
        from trappa.store.repository import stored_years
        from trappa.web.staff import _cached_profile

        for year in stored_years(app.state.engine)[-2:]:
            _cached_profile(request, year, False)
    except Exception:  # noqa: BLE001 - an empty or half-imported database must not stop the server
        pass


def render(
    request: Request, template: str, context: dict[str, Any], *, status_code: int = 200, embed: bool = False
) -> HTMLResponse:
    language = pick_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE), None)
    t = translations(language)
    token, new_cookie = request.app.state.csrf.token(request)

    def url(path: str) -> str:
        prefix = "/innbygg" if embed and not path.startswith(("/static", "/innbygg", "/tilgjengelegheit")) else ""
        full = prefix + path if path != "/" or not prefix else prefix
        return full + (("&" if "?" in full else "?") + f"lang={language}" if language != "nn" else "")

    def number(value: Any, decimals: int = 0) -> str:
        return format_number(value, decimals, language)

    base = {
        "request": request,
        "_": t.gettext,
        "lang": language,
        "html_lang": HTML_LANG[language],
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "url": url,
        "number": number,
        "csrf_token": token,
        "embed": embed,
        "path": request.url.path,
        "municipality": _municipality_name(request),
    }
    response = request.app.state.templates.TemplateResponse(
        request, template, {**base, **context}, status_code=status_code
    )
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE,
            language,
            max_age=365 * 24 * 3600,
            samesite="lax",
            httponly=True,
            secure=request.app.state.settings.production,
        )
    if new_cookie:
        response.set_cookie(
            CSRF_COOKIE, new_cookie, samesite="strict", httponly=True, secure=request.app.state.settings.production
        )
    return response


def _municipality_name(request: Request) -> str:
    from trappa.store.repository import get_setting

    return get_setting(request.app.state.engine, "municipality_name") or "Kommunen"


def _chart_json(figures: PublicFigures | None, language: str) -> dict[str, str] | None:
    if not figures:
        return None
    t = translations(language)
    rows = [{**r, "step_label": f"{r['step']} {r['step_name']}"} for r in figures.rows]
    persons = bar_chart(rows, "persons", t.gettext("Personar per trinn"), t.gettext("Personar"))
    cost = bar_chart(rows, "net_cost", t.gettext("Netto driftsutgifter per trinn"), t.gettext("Kroner"))
    return {"persons": spec_json(persons), "cost": spec_json(cost)}


def spec_json(value: Any) -> str:
    """A chart spec as JSON for a data-spec attribute; '<', '>' and '&' are escaped as well (defence in depth)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _staircase_page(request: Request, embed: bool) -> HTMLResponse:
    staircase = _staircase(request)
    language = pick_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE), None)
    figures, charts = _localized_figures(request, staircase, language)
    return render(
        request, "staircase.html", {"staircase": staircase, "figures": figures, "charts": charts}, embed=embed
    )


def _localized_figures(
    request: Request, staircase: Staircase, language: str
) -> tuple[PublicFigures | None, dict[str, str] | None]:
    """Figures with step names in the reader's language, and their charts; computed once per data and language."""
    figures = _figures(request)
    if figures is None:
        return None, None
    key = f"localized:{id(figures)}:{id(staircase)}:{language}"

    def compute() -> tuple[PublicFigures, dict[str, str] | None]:
        by_step = {r["step"]: r for r in figures.rows}
        rows = [{**by_step.get(s.number, {}), "step_name": s.name.get(language)} for s in staircase.steps]  # type: ignore[arg-type]
        localized = PublicFigures(figures.year, rows, figures.total_net_cost)
        return localized, _chart_json(localized, language)

    return cached(request.app, key, compute)  # type: ignore[no-any-return]


@router.get("/", response_class=HTMLResponse)
def staircase_page(request: Request) -> HTMLResponse:
    return _staircase_page(request, embed=False)


@router.get("/innbygg", response_class=HTMLResponse)
def staircase_embed(request: Request) -> HTMLResponse:
    return _staircase_page(request, embed=True)


def _step_page(request: Request, number: int, embed: bool) -> HTMLResponse:
    staircase = _staircase(request)
    try:
        step = staircase.step(number)
    except KeyError:
        raise HTTPException(status_code=404) from None
    figures = _figures(request)
    numbers = staircase.step_numbers
    i = numbers.index(number)
    category = next(c for c in staircase.categories if c.number == step.category)
    return render(
        request,
        "step.html",
        {
            "staircase": staircase,
            "step": step,
            "category": category,
            "previous": staircase.step(numbers[i - 1]) if i > 0 else None,
            "next": staircase.step(numbers[i + 1]) if i + 1 < len(numbers) else None,
            "figure": figures.for_step(number) if figures else None,
            "year": figures.year if figures else None,
        },
        embed=embed,
    )


@router.get("/trinn/{number}", response_class=HTMLResponse)
def step_page(request: Request, number: int) -> HTMLResponse:
    return _step_page(request, number, embed=False)


@router.get("/innbygg/trinn/{number}", response_class=HTMLResponse)
def step_embed(request: Request, number: int) -> HTMLResponse:
    return _step_page(request, number, embed=True)


@router.get("/bustadtrapp", response_class=HTMLResponse)
def housing_page(request: Request) -> HTMLResponse:
    return render(request, "housing.html", {"housing": _housing(request)})


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
    message: str = Form("", max_length=4000),
    contact: str = Form("", max_length=200),
    page: str = Form("", max_length=300),
    csrf: str = Form(""),
) -> Response:
    from trappa.store.tables import feedback

    if not request.app.state.csrf.valid(request, csrf):
        return render(request, "accessibility.html", {"sent": False, "error": "csrf"}, status_code=400)
    if not message.strip():
        return render(request, "accessibility.html", {"sent": False, "error": "empty"}, status_code=400)
    with request.app.state.engine.begin() as conn:
        conn.execute(
            insert(feedback).values(
                message=message.strip(),
                contact=contact.strip() or None,
                page=page.strip() or None,
                received_at=datetime.now(UTC),
            )
        )
    language = pick_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE), None)
    suffix = f"&lang={language}" if language != "nn" else ""
    return RedirectResponse(f"/tilgjengelegheit?sendt=1{suffix}#tilbakemelding", status_code=303)


@router.get("/helse")
def health() -> dict[str, str]:
    return {"status": "ok"}
