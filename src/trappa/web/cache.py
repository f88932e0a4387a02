"""Computed results shared by all requests of one server: filled once per key, even under a stampede.

The services name the keys (they start with the data version, so an import or a new staircase version
makes old entries unreachable); this class only keeps values and makes concurrent askers wait for one
computation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

MAX_ENTRIES = 512


class ResultCache:
    def __init__(self) -> None:
        self._values: dict[str, Any] = {}
        # One computation per key at a time: fifty visitors arriving together wait for one profile, not fifty.
        self._lock = threading.RLock()

    def __call__(self, key: str, compute: Callable[[], T]) -> T:
        if key in self._values:
            return self._values[key]  # type: ignore[no-any-return]
        with self._lock:
            if key not in self._values:
                if len(self._values) >= MAX_ENTRIES:  # stale versions pile up otherwise
                    self._values.clear()
                self._values[key] = compute()
            return self._values[key]  # type: ignore[no-any-return]

    def kept(self) -> list[str]:
        """What is kept now (a test holds what the server makes before its first reader)."""
        with self._lock:
            return list(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
