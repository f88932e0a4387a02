"""Every dependency of the routes, named once: the database, the cache, the signed-in user by role, CSRF.

In the style of FastAPI's full-stack template (``api/deps.py``): routes declare what they need with the
``Annotated`` aliases below and never reach into ``app.state`` themselves.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Form, HTTPException, Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from trappa.services.database import Database
from trappa.services.users import User
from trappa.settings import Settings
from trappa.web.cache import ResultCache

T = TypeVar("T")


class LoginRequired(Exception):
    """Raised for anonymous visitors to staff pages; answered with a redirect to the login page."""


# async, though they wait for nothing: FastAPI runs a plain function in its thread pool, and handing each
# of these over to a thread and back cost more than the whole public page's own work.
async def get_db(request: Request) -> Database:
    return request.app.state.db  # type: ignore[no-any-return]


async def get_cache(request: Request) -> ResultCache:
    return request.app.state.cache  # type: ignore[no-any-return]


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


Db = Annotated[Database, Depends(get_db)]
Cache = Annotated[ResultCache, Depends(get_cache)]
AppSettings = Annotated[Settings, Depends(get_settings)]
# A year in an address or a form: the same window as a year in a file (ingest.columns.YEARS); outside it
# the page says the value is wrong (400) instead of failing further down.
QueryYear = Annotated[int | None, Query(ge=1990, le=2100)]
FormYear = Annotated[int, Form(ge=1990, le=2100)]
# A number in an address that reaches the database: within what its integer columns hold (PostgreSQL's
# INTEGER is 32 bits, SQLite's 64), so 9223372036854775808 is «not found» (404), not an overflow (500).
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]
StepNumber = Annotated[int, Path(ge=0, le=999)]  # a step of the staircase
QueryRowId = Annotated[int | None, Query(ge=1, le=2**31 - 1)]  # the same in a query: ?versjon=…


async def asked(db: Database, question: Callable[..., T], *args: Any) -> T:
    """A question to the database from async code. A SQLite file is on this machine, answers in a tenth of
    a millisecond, and a reader never waits for a writer (write-ahead log): asked here, not handed to a
    worker thread and back (as much again as the question). Any other database is over the network and
    away while it restarts: asked in a worker thread, never on the event loop."""
    if db.backend == "sqlite":
        return question(*args)
    return await run_in_threadpool(question, *args)


def require(role: str) -> Callable[[Request], Awaitable[User]]:
    """A dependency: the signed-in user with at least ``role``; anonymous → login, too low → 403."""

    async def dependency(request: Request) -> User:
        user = await asked(request.app.state.db, request.app.state.sessions.user, request)
        if user is None:
            raise LoginRequired()
        if not user.can(role):
            raise HTTPException(status_code=403)
        request.state.user = user
        return user

    dependency.required_role = role  # type: ignore[attr-defined]  # read by the route × role test
    return dependency


Caseworker = Annotated[User, Depends(require("caseworker"))]  # the calculator and prices: everyone signed in
Viewer = Annotated[User, Depends(require("viewer"))]
Editor = Annotated[User, Depends(require("editor"))]
Analyst = Annotated[User, Depends(require("analyst"))]
Admin = Annotated[User, Depends(require("admin"))]


def check_csrf(request: Request, token: str | None) -> None:
    if not request.app.state.csrf.valid(request, token):
        raise HTTPException(status_code=400, detail="Skjemaet var for gammalt. Last sida på nytt og prøv igjen.")


async def csrf_form(request: Request) -> FormData:
    """The posted form, after its CSRF token was checked (declare it after the user, so roles are checked first)."""
    form = await request.form()
    check_csrf(request, str(form.get("csrf", "")))
    return form


CsrfForm = Annotated[FormData, Depends(csrf_form)]
