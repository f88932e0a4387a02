"""The FastAPI application: `create_app()` for `trappa serve` and the tests."""

from __future__ import annotations

import os
import secrets
import threading
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import anyio.to_thread
import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from sqlalchemy import Engine
from starlette.exceptions import HTTPException as StarletteHTTPException

from trappa.errors import TrappaError
from trappa.web.security import Csrf, SecurityHeaders

PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "dev"}


@dataclass
class WebSettings:
    secret_key: str
    production: bool = False
    embed_ancestors: str = "*"
    cache: dict[str, Any] = field(default_factory=dict)
    # One computation per cache key at a time: fifty visitors arriving together wait for one profile, not fifty.
    cache_lock: threading.RLock = field(default_factory=threading.RLock)


def settings_from_env(production: bool | None = None) -> WebSettings:
    production = production if production is not None else os.environ.get("TRAPPA_ENV") == "production"
    secret = os.environ.get("TRAPPA_SECRET_KEY", "")
    if production and (secret.strip().lower() in PLACEHOLDER_SECRETS or len(secret) < 32):
        raise TrappaError(
            "TRAPPA_SECRET_KEY manglar eller er ein plasshaldar. I produksjon må han vere minst 32 tilfeldige teikn, "
            "til dømes frå «python -c 'import secrets; print(secrets.token_urlsafe(48))'»."
        )
    return WebSettings(
        secret_key=secret or secrets.token_urlsafe(48),
        production=production,
        embed_ancestors=os.environ.get("TRAPPA_EMBED_ANCESTORS", "*"),
    )


def create_app(engine: Engine, settings: WebSettings | None = None) -> FastAPI:
    from trappa.web import public, staff, staff_planning
    from trappa.web.auth import LoginLimiter, LoginRequired, Sessions

    settings = settings or settings_from_env()

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        # Warm the public figures before the first visitor, in a worker thread.
        await anyio.to_thread.run_sync(public.warm_cache, app)
        yield

    app = FastAPI(title="trappa", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.engine = engine
    app.state.settings = settings
    app.state.csrf = Csrf(settings.secret_key)
    app.state.sessions = Sessions(settings.secret_key)
    app.state.login_limiter = LoginLimiter()
    templates_dir = str(resources.files("trappa.web").joinpath("templates"))
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(templates_dir), autoescape=True)
    app.state.templates = Jinja2Templates(env=environment)
    app.add_middleware(SecurityHeaders, embed_ancestors=settings.embed_ancestors)
    app.mount("/static", StaticFiles(directory=str(resources.files("trappa.web").joinpath("static"))), name="static")
    app.include_router(public.router)
    app.include_router(staff.router)
    app.include_router(staff_planning.router)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse("/tilsett/logg-inn", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code in (403, 404):
            return public.render(request, "error.html", {"status": exc.status_code}, status_code=exc.status_code)
        if exc.status_code in (400, 413):
            return public.render(
                request, "error.html", {"status": exc.status_code, "detail": exc.detail}, status_code=exc.status_code
            )
        return PlainTextResponse(str(exc.detail), status_code=exc.status_code)

    return app
