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

    Per address: after ``attempts`` failures within ``window`` seconds, that address is refused until
    the oldest failure is older than the window. Per username: after ``attempts`` failures, one try
    per ``pause`` seconds from anywhere, so guessing is slow but the owner still gets in. An attempt
    is reserved (counted as a failure) *before* the password is checked, under a lock, so forty
    requests at once get no more tries than forty in a row.
    """

    attempts: int = 5
    window: float = 15 * 60
    pause: float = 30
    _failures: dict[str, deque[float]] = field(default_factory=dict)
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
        """(seconds to wait, whether this is the first refusal of the current block) — 0 means go ahead."""
        with self._lock:
            now = time.monotonic()
            by_address, by_name = f"a:{address}", f"u:{username.lower()}"
            tried_here, tried_name = self._recent(by_address, now), self._recent(by_name, now)
            wait = 0.0
            if len(tried_here) >= self.attempts:
                wait, key = self.window - (now - tried_here[0]), by_address
            elif len(tried_name) >= self.attempts and now - tried_name[-1] < self.pause:
                wait, key = self.pause - (now - tried_name[-1]), by_name
            if wait > 0:
                first = key not in self._told
                self._told.add(key)
                return wait, first
            tried_here.append(now)
            tried_name.append(now)
            return 0.0, False

    def succeeded(self, username: str, address: str) -> None:
        with self._lock:
            self._failures.pop(f"u:{username.lower()}", None)
            self._told.discard(f"u:{username.lower()}")
            here = self._failures.get(f"a:{address}")
            if here:
                here.pop()  # the reserved attempt was not a failure
