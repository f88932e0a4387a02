"""Whole answers of the pages most read, kept per data version: the same data, the same bytes.

The public pages (the staircase, its steps, the housing staircase, the share page) show no one's own
data: the same address, language and data give the same bytes. The staff's service profile shows the
same tables to everyone; around them only the signed-in reader's menu (by role) and form token differ.
Making such a page went through the routing, the dependencies, a worker thread and the templates (a
warm page took 5–8 ms, the framework alone 1 ms); a kept page costs the questions that decide whether
it is still right, and the sending:

- the data version, so an import, a new version of the staircase or a changed setting shows at once;
- for the profile, the signed-in user, as on every staff page: a reader signed out, disabled or given
  another role is never answered from the cache (the page itself then sends them on or refuses them),
  and the page kept is the one made for that user, role and form token.

Kept only what is the same for every reader with the same key: answers 200 with no cookie set (a
first visitor's form token, a language chosen in the address), to a GET, in a language the site has;
public pages without a query, the profile with a short one (its year and view).
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trappa.services import memo
from trappa.services.database import Database
from trappa.web.deps import asked

PUBLIC = re.compile(r"^(/innbygg)?(/|/trinn/\d{1,3}|/bustadtrapp|/del)?$")
SIGNED_IN = re.compile(r"^/tilsett/profil$")  # read by every signed-in role above the calculator's
MAX_QUERY = 64  # the profile's year and view; a longer query is made, not kept
MAX_PAGES = 256  # a full cache is emptied (old versions and sessions pile up otherwise)

Key = tuple[Any, ...]


class KeptPages:
    def __init__(self, app: ASGIApp, db: Database, languages: tuple[str, ...], cookies: dict[str, str]) -> None:
        self.app, self.db = app, db
        self.languages = languages
        self.cookies = {role: name.encode() for role, name in cookies.items()}  # language, form token
        self._pages: dict[Key, tuple[Message, bytes]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = await self._key(scope) if scope["type"] == "http" and scope.get("method") == "GET" else None
        if key is None:
            await self.app(scope, receive, send)
            return
        kept = self._pages.get(key)
        if kept is not None:
            start, body = kept
            await send({**start, "headers": list(start["headers"])})  # the middlewares outside add to a copy
            await send({"type": "http.response.body", "body": body})
            return
        await self._keep(scope, receive, send, key)

    async def _key(self, scope: Scope) -> Key | None:
        """Everything the page depends on, or None for a page that is made every time."""
        path, query = scope.get("path", ""), scope.get("query_string", b"")
        public = bool(PUBLIC.match(path)) and not query
        if not public and not (SIGNED_IN.match(path) and len(query) <= MAX_QUERY):
            return None
        cookies = self._cookies(scope)
        language = cookies.get("language", b"")
        if language and language.decode("latin-1") not in self.languages:
            return None
        try:
            version = await asked(self.db, memo.version, self.db)
            if public:
                return (version, path, language)
            user = await asked(self.db, scope["app"].state.sessions.user, Request(scope))
        except Exception:  # noqa: BLE001 - the database away: the page itself answers (503) as without the cache
            return None
        if user is None or not user.can("viewer"):
            return None  # the page sends them to sign in, or refuses them
        token = cookies.get("token")
        if not token:
            return None  # a new form token is made and set: such an answer is never kept
        return (version, path, query, language, token, user.id, user.role, user.session_generation)

    async def _keep(self, scope: Scope, receive: Receive, send: Send, key: Key) -> None:
        start: Message | None = None
        parts: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                if not message.get("more_body", False) and _same_for_everyone(start):
                    if len(self._pages) >= MAX_PAGES:
                        self._pages.clear()
                    assert start is not None
                    self._pages[key] = ({**start, "headers": list(start["headers"])}, b"".join(parts))
            await send(message)

        await self.app(scope, receive, capture)

    def _cookies(self, scope: Scope) -> dict[str, bytes]:
        """The language and form-token cookies' values, by role."""
        names = {name: role for role, name in self.cookies.items()}
        found: dict[str, bytes] = {}
        for header, value in scope.get("headers", ()):
            if header == b"cookie":
                for part in value.split(b";"):
                    name, _, content = part.strip().partition(b"=")
                    if name in names:
                        found[names[name]] = content
        return found


def _same_for_everyone(start: Any) -> bool:
    return start is not None and start["status"] == 200 and all(n != b"set-cookie" for n, _ in start["headers"])
