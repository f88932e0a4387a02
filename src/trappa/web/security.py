"""Security headers and CSRF protection shared by every page."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from trappa.services import memo

# No inline script or style anywhere: everything comes from our own static files.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
)
CSRF_COOKIE = "trappa_csrf"


class BodyLimit:
    """Refuse a request body over the limit before anything reads it (and before a login is looked at):
    from its Content-Length at once, or while it streams when it gives none or lies about it.

    Pure ASGI, so nothing is spooled to disk first: the body is counted chunk by chunk as the app reads it.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        seen = 0
        too_large = False
        answered = False

        async def counted() -> Message:
            nonlocal seen, too_large
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # Tell the app the client went away; whatever it makes of that, our 413 answers instead.
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded(message: Message) -> None:
            nonlocal answered
            if too_large:
                return  # the app's answer to a cut body (FastAPI says 400) is replaced by ours
            answered = True
            await send(message)

        try:
            await self.app(scope, counted, guarded)
        except Exception:
            if not too_large:
                raise
        if too_large and not answered:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        limit = f"{self.max_bytes // 1_000_000} MB" if self.max_bytes >= 1_000_000 else f"{self.max_bytes} byte"
        body = f"Fila eller skjemaet er for stort (over {limit}). Del fila opp og prøv igjen.".encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close"),
                                (b"content-length", str(len(body)).encode())]})  # fmt: skip
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """The headers every answer carries. Pure ASGI: Starlette's BaseHTTPMiddleware ran each request in a
    task and a stream of its own, a good part of a warm page's time."""

    def __init__(self, app: ASGIApp, embed_ancestors: str = "*", hsts: bool = False) -> None:
        self.app = app
        self.embed_ancestors = embed_ancestors
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        embeddable = str(scope.get("path", "")).startswith("/innbygg")
        extra = [
            ("Content-Security-Policy", CSP.format(ancestors=self.embed_ancestors if embeddable else "'none'")),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ]
        if not embeddable:
            extra.append(("X-Frame-Options", "DENY"))
        if self.hsts:  # production is served over HTTPS only: browsers should never try plain HTTP
            extra.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra:
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, with_headers)


class Csrf:
    """Double-submit token: a signed random value in a cookie and the same value in every form."""

    def __init__(self, secret: str) -> None:
        self.signer = URLSafeTimedSerializer(secret, salt="csrf")

    def token(self, request: Request) -> tuple[str, str | None]:
        """The form token for this request, and a new cookie value when one must be set."""
        raw = request.cookies.get(CSRF_COOKIE)
        if raw:
            try:
                self.signer.loads(raw, max_age=12 * 3600)
                return raw, None
            except BadSignature:
                pass
        fresh = self.signer.dumps(secrets.token_urlsafe(24))
        return fresh, fresh

    def valid(self, request: Request, submitted: str | None) -> bool:
        cookie = request.cookies.get(CSRF_COOKIE)
        if not cookie or not submitted:
            return False
        # compare bytes: a token with other than ASCII letters is simply wrong, not an error
        if not hmac.compare_digest(cookie.encode("utf-8", "replace"), submitted.encode("utf-8", "replace")):
            return False
        try:
            self.signer.loads(cookie, max_age=12 * 3600)
        except BadSignature:
            return False
        return True


class SubmitLimiter:
    """At most ``times`` submissions per address within ``window`` seconds (the public feedback form:
    anonymous, so without a limit anyone could fill the table and the staff's list)."""

    def __init__(self, times: int = 5, window: float = 600) -> None:
        self.times, self.window = times, window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, address: str) -> bool:
        with self._lock:
            now = time.monotonic()
            recent = self._seen.setdefault(address, deque())
            while recent and now - recent[0] > self.window:
                recent.popleft()
            if len(recent) >= self.times:
                return False
            recent.append(now)
            if len(self._seen) > 10_000:  # forget the quiet ones, so the memory stays small
                self._seen = {a: q for a, q in self._seen.items() if q and now - q[-1] < self.window}
            return True


class OneView:
    """A page read (GET, HEAD) asks the database once for the data version and the years, however many of
    its parts are cached (:func:`trappa.services.memo.one_view`). Pure ASGI, so the scope reaches the
    worker thread a page is made in (its context is copied from here)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        with memo.one_view():
            await self.app(scope, receive, send)
