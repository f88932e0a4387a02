"""Logging in: signed session cookies, roles checked on every request, login attempts rate-limited."""

from __future__ import annotations

import hashlib
import time
from collections import deque
from dataclasses import dataclass, field

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from trappa.services import users
from trappa.services.users import User

SESSION_COOKIE = "trappa_session"
SESSION_SECONDS = 8 * 3600


@dataclass
class Sessions:
    secret: str
    signer: URLSafeTimedSerializer = field(init=False)

    def __post_init__(self) -> None:
        self.signer = URLSafeTimedSerializer(self.secret, salt="session")

    @staticmethod
    def _fingerprint(user: User) -> str:
        # Changing the password (or role) ends every session of the user.
        return hashlib.sha256(f"{user.password_hash}|{user.role}".encode()).hexdigest()[:16]

    def issue(self, user: User) -> str:
        return self.signer.dumps({"u": user.id, "f": self._fingerprint(user)})

    def user(self, request: Request) -> User | None:
        raw = request.cookies.get(SESSION_COOKIE)
        if not raw:
            return None
        try:
            data = self.signer.loads(raw, max_age=SESSION_SECONDS)
        except BadSignature:
            return None
        user = users.by_id(request.app.state.db, int(data.get("u", 0)))
        if user is None or data.get("f") != self._fingerprint(user):
            return None
        return user


@dataclass
class LoginLimiter:
    """At most ``attempts`` failed logins per username and per address within ``window`` seconds."""

    attempts: int = 5
    window: float = 15 * 60
    _failures: dict[str, deque[float]] = field(default_factory=dict)

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._failures.setdefault(key, deque())
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked(self, username: str, address: str) -> bool:
        now = time.monotonic()
        return any(len(self._recent(k, now)) >= self.attempts for k in (f"u:{username.lower()}", f"a:{address}"))

    def failed(self, username: str, address: str) -> None:
        now = time.monotonic()
        for k in (f"u:{username.lower()}", f"a:{address}"):
            self._recent(k, now).append(now)

    def succeeded(self, username: str) -> None:
        self._failures.pop(f"u:{username.lower()}", None)
