"""Security headers and CSRF protection shared by every page."""

from __future__ import annotations

import hmac
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp

# No inline script or style anywhere: everything comes from our own static files.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
)
CSRF_COOKIE = "trappa_csrf"


class SecurityHeaders(BaseHTTPMiddleware):
    def __init__(self, app: ASGIApp, embed_ancestors: str = "*") -> None:
        super().__init__(app)
        self.embed_ancestors = embed_ancestors

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response: Response = await call_next(request)
        embeddable = request.url.path.startswith("/innbygg")
        response.headers["Content-Security-Policy"] = CSP.format(
            ancestors=self.embed_ancestors if embeddable else "'none'"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if not embeddable:
            response.headers["X-Frame-Options"] = "DENY"
        return response


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
        if not cookie or not submitted or not hmac.compare_digest(cookie, submitted):
            return False
        try:
            self.signer.loads(cookie, max_age=12 * 3600)
        except BadSignature:
            return False
        return True
