"""Logging in: signed session cookies, roles checked on every request, login attempts rate-limited."""

from __future__ import annotations

import hashlib
import threading
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
        # Changing the password or role, or signing out (a new generation), ends every session of the user;
        # a disabled user is not found at all.
        text = f"{user.password_hash}|{user.role}|{user.session_generation}"
        return hashlib.sha256(text.encode()).hexdigest()[:16]

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
    """Failed logins slow an attacker down without locking the real user out.

    Per address: after ``attempts`` failures within ``window`` seconds, that address waits until the
    oldest failure is older than the window. Per username: after ``attempts`` failures, one try per
    ``pause`` seconds from anywhere, so guessing is slow but the owner still gets in. Every check is
    counted under a lock before the password is looked at, and at most ``in_flight`` checks per address
    and per username run at once: forty guesses sent together get at most fifteen looked at, not forty, while an
    office behind one address still signs in together at eight.
    """

    attempts: int = 5
    window: float = 15 * 60
    pause: float = 30
    in_flight: int = 10
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _checking: dict[str, int] = field(default_factory=dict)
    _told: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._failures.setdefault(key, deque())
        while q and now - q[0] > self.window:
            q.popleft()
        if not q:
            self._told.discard(key)
        return q

    def begin(self, username: str, address: str) -> tuple[float, bool]:
        """(seconds to wait, whether this is the first refusal of the current block) — 0 means go ahead,
        and then :meth:`failed` or :meth:`succeeded` must follow."""
        with self._lock:
            now = time.monotonic()
            by_address, by_name = f"a:{address}", f"u:{username.lower()}"
            failed_here, failed_name = self._recent(by_address, now), self._recent(by_name, now)
            wait, key = 0.0, by_address
            if len(failed_here) >= self.attempts:
                wait = self.window - (now - failed_here[0])
            elif max(self._checking.get(by_address, 0), self._checking.get(by_name, 0)) >= self.in_flight:
                wait, key = 1.0, f"f:{address}"  # no more than in_flight at once: a burst gains little
            elif len(failed_name) >= self.attempts and now - failed_name[-1] < self.pause:
                wait, key = self.pause - (now - failed_name[-1]), by_name
            if wait > 0:
                first = key not in self._told
                self._told.add(key)
                return wait, first
            for k in (by_address, by_name):
                self._checking[k] = self._checking.get(k, 0) + 1
            return 0.0, False

    def _done(self, username: str, address: str) -> None:
        for k in (f"a:{address}", f"u:{username.lower()}"):
            left = self._checking.get(k, 1) - 1
            if left > 0:
                self._checking[k] = left
            else:
                self._checking.pop(k, None)
                self._told.discard(f"f:{address}")

    def failed(self, username: str, address: str) -> None:
        with self._lock:
            self._done(username, address)
            now = time.monotonic()
            for k in (f"a:{address}", f"u:{username.lower()}"):
                self._recent(k, now).append(now)

    def succeeded(self, username: str, address: str) -> None:
        with self._lock:
            self._done(username, address)
            self._failures.pop(f"u:{username.lower()}", None)
            self._told.discard(f"u:{username.lower()}")
