"""The public pages' whole answers, kept per data version: everyone who reads them reads the same.

The staircase, its steps, the housing staircase and the share page show no one's own data: the same
address, language and data give the same bytes. Making such a page went through the routing, the
dependencies, a worker thread and the templates (a warm page took 5–6 ms, the framework alone 1 ms);
a kept page costs one question to the database — the data version, so an import, a new version of the
staircase or a changed setting shows at once — and the sending.

Kept only what is the same for every reader: answers 200 with no cookie set (a first visitor's form
token, a language chosen in the address), to a GET without a query, in a language the site has.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trappa.services import memo
from trappa.services.database import Database

PUBLIC = re.compile(r"^(/innbygg)?(/|/trinn/\d{1,3}|/bustadtrapp|/del)?$")
MAX_PAGES = 256  # per version; a full cache is emptied (old versions pile up otherwise)


class PublicPages:
    def __init__(self, app: ASGIApp, db: Database, languages: tuple[str, ...], cookie: str) -> None:
        self.app, self.db = app, db
        self.languages, self.cookie = languages, cookie.encode()
        self._pages: dict[tuple[str, str, bytes], tuple[Message, bytes]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        language = self._language(scope)
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or scope.get("query_string")
            or language is None
            or not PUBLIC.match(scope.get("path", ""))
        ):
            await self.app(scope, receive, send)
            return
        try:
            version = await run_in_threadpool(memo.version, self.db)
        except Exception:  # noqa: BLE001 - the database away: the page itself answers (503) as without the cache
            await self.app(scope, receive, send)
            return
        key = (version, scope["path"], language)
        kept = self._pages.get(key)
        if kept is not None:
            start, body = kept
            await send({**start, "headers": list(start["headers"])})  # the middlewares outside add to a copy
            await send({"type": "http.response.body", "body": body})
            return
        await self._keep(scope, receive, send, key)

    async def _keep(self, scope: Scope, receive: Receive, send: Send, key: tuple[str, str, bytes]) -> None:
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

    def _language(self, scope: Scope) -> bytes | None:
        """The language cookie's value (b"" without one), or None for a value the site does not have."""
        for name, value in scope.get("headers", ()):
            if name == b"cookie":
                for part in value.split(b";"):
                    cookie_name, _, cookie_value = part.strip().partition(b"=")
                    if cookie_name == self.cookie:
                        return cookie_value if cookie_value.decode("latin-1") in self.languages else None
        return b""


def _same_for_everyone(start: Any) -> bool:
    return start is not None and start["status"] == 200 and all(n != b"set-cookie" for n, _ in start["headers"])
