"""The FastAPI application: `create_app(db, settings)` for `trappa serve` and the tests."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from importlib import resources

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from trappa.errors import TrappaError
from trappa.services import database
from trappa.services.database import Database
from trappa.settings import Settings
from trappa.web import (
    public,
    staff,
    staff_admin,
    staff_board,
    staff_calc,
    staff_data,
    staff_flows,
    staff_kostra,
    staff_kpi,
    staff_planning,
    staff_report,
    staff_staffing,
    staff_texts,
)
from trappa.web.auth import LoginLimiter, Sessions
from trappa.web.cache import ResultCache
from trappa.web.deps import LoginRequired
from trappa.web.i18n import LANGUAGES, pick_language
from trappa.web.pagecache import KeptPages
from trappa.web.render import LANG_COOKIE, render
from trappa.web.security import CSRF_COOKIE, BodyLimit, Csrf, OneView, SecurityHeaders, SubmitLimiter

log = logging.getLogger(__name__)

# What the fields of addresses and forms are called, for messages about a missing or wrong value.
FIELD_NAMES = {
    "year": "år",
    "to": "år",
    "number": "trinn",
    "cost_centre": "ansvar",
    "feedback_id": "nummer",
    "username": "brukarnamn",
    "role": "rolle",
    "kind": "filtype",
    "file": "fil",
    "step": "trinn",
    "user_group": "brukargruppe",
}


# Written without the database (it may be what is away), so not from the templates and catalogues.
UNAVAILABLE = {
    "nn": ("Tenesta er ikkje tilgjengeleg akkurat no", "Prøv igjen om nokre sekund. Ingenting du har lagra er borte."),
    "nb": (
        "Tjenesten er ikke tilgjengelig akkurat nå",
        "Prøv igjen om noen sekunder. Ingenting du har lagret er borte.",
    ),
    "en": ("The service is briefly unavailable", "Please try again in a few seconds. Nothing you have saved is lost."),
}
BROKEN = {
    "nn": ("Noko gjekk gale hos oss", "Feilen er logga. Prøv igjen, eller gå tilbake til førre side."),
    "nb": ("Noe gikk galt hos oss", "Feilen er logget. Prøv igjen, eller gå tilbake til forrige side."),
    "en": (
        "Something went wrong on our side",
        "The error has been logged. Try again, or go back to the previous page.",
    ),
}


def create_app(db: Database, settings: Settings) -> FastAPI:
    secret = settings.session_secret  # refuses a placeholder secret in production, before anything listens
    cache = ResultCache()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:  # noqa: ARG001 - the signature FastAPI calls
        if settings.warm_cache:
            # Warm the public figures and the latest profiles in the background, and serve at once: at
            # national scale the warm-up takes seconds, and waiting for it kept the site down (issue 14).
            # A visitor before it is done gets the same figures, computed for them.
            threading.Thread(target=_warm, args=(db, cache), name="warm", daemon=True).start()
        yield

    app = FastAPI(title="trappa", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.db = db
    app.state.settings = settings
    app.state.cache = cache
    app.state.csrf = Csrf(secret)
    app.state.sessions = Sessions(secret)
    app.state.login_limiter = LoginLimiter()
    app.state.feedback_limiter = SubmitLimiter()
    templates_dir = str(resources.files("trappa.web").joinpath("templates"))
    # the templates are the installed package's and do not change while it runs: no look at each file's
    # time on every page (a twentieth of a warm staff page)
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir), autoescape=True, auto_reload=False)
    app.state.templates = Jinja2Templates(env=environment)
    app.add_middleware(OneView)  # innermost: the pages under it
    # the most read pages' whole answers per data version (outside OneView: a kept page needs no view)
    cookies = {"language": LANG_COOKIE, "token": CSRF_COOKIE}
    app.add_middleware(KeptPages, db=db, languages=LANGUAGES, cookies=cookies)
    app.add_middleware(SecurityHeaders, embed_ancestors=settings.embed_ancestors, hsts=settings.production)
    # Outermost: a body over the largest upload is refused before a session or a form is looked at.
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    app.mount("/static", StaticFiles(directory=str(resources.files("trappa.web").joinpath("static"))), name="static")
    for module in (
        public,
        staff,
        staff_data,
        staff_texts,
        staff_planning,
        staff_admin,
        staff_kpi,
        staff_board,
        staff_calc,
        staff_staffing,
        staff_flows,
        staff_kostra,
        staff_report,
    ):
        app.include_router(module.router)
    app.include_router(staff_board.measures_router)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:  # noqa: ARG001
        return RedirectResponse("/tilsett/logg-inn", status_code=303)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        """A wrong or missing value in the address or form: a page in the reader's language, never JSON."""
        errors = exc.errors()
        if any(e["loc"][0] == "path" for e in errors):
            return render(request, "error.html", {"status": 404}, status_code=404)
        names = sorted({FIELD_NAMES.get(str(e["loc"][-1]), str(e["loc"][-1])) for e in errors})
        detail = "Sida manglar eller fekk ein ugyldig verdi for: " + ", ".join(names) + "."
        return render(request, "error.html", {"status": 400, "detail": detail}, status_code=400)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        """The database away (a restart, the network): a page that says so in the reader's language, and
        the next request tries again. Anything else: a plain apology page, never a stack trace."""
        language = pick_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE), "nn")
        outage = database.is_outage(exc)
        words = UNAVAILABLE if outage else BROKEN
        title, text = words[language]
        page = (f'<!doctype html><html lang="{language}"><meta charset="utf-8"><title>{title}</title>'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<main><h1>{title}</h1><p>{text}</p></main></html>")  # fmt: skip
        status = 503 if outage else 500
        return HTMLResponse(page, status_code=status, headers={"Retry-After": "5"} if status == 503 else None)

    # The database's errors answered here, not by the outermost handler of any Exception: that one
    # answers and raises again, and the server then closes the connection, so a client's next request
    # on it failed («ReadError» under a database restart) where it should get the next 503 or 200.
    async def database_error(request: Request, exc: Exception) -> Response:
        if not database.is_outage(exc):  # a fault of ours: logged, as the server logs any other
            log.error("Feil i %s %s", request.method, request.url.path, exc_info=exc)
        return await unexpected(request, exc)

    for error in database.error_types():
        app.add_exception_handler(error, database_error)

    @app.exception_handler(TrappaError)
    async def refused(request: Request, exc: TrappaError) -> Response:
        """A service said no (an unknown key figure, a step that does not exist): its words, as a 400 page."""
        return render(request, "error.html", {"status": 400, "detail": str(exc)}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code in (403, 404):
            # Our own explanation where a route gave one; Starlette's English phrase otherwise stays out.
            detail = exc.detail if exc.detail != HTTPStatus(exc.status_code).phrase else None
            return render(
                request, "error.html", {"status": exc.status_code, "detail": detail}, status_code=exc.status_code
            )
        if exc.status_code in (400, 413):
            context = {"status": exc.status_code, "detail": exc.detail}
            return render(request, "error.html", context, status_code=exc.status_code)
        return PlainTextResponse(str(exc.detail), status_code=exc.status_code)

    return app


def _warm(db: Database, cache: ResultCache) -> None:
    """The public figures in every language, the latest two profiles and the staff profile's first view; an
    empty database must not stop the server."""
    from trappa.services import profile

    try:
        from trappa.services import imports  # the readers (pandera, the contracts): not before serving

        imports.prepare_reading()
        public.warm(db, cache)
        for year in profile.years(db)[-2:]:
            profile.profile(db, year, memo=cache)
        staff_data.warm(db, cache)
    except Exception:  # noqa: BLE001 - a half-imported database shows its error on the page, not at start
        pass
