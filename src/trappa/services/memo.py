"""Remembering computed results: services name the key (they know what invalidates it), a shell may keep them.

The web keeps results in a cache shared by all requests (`trappa.web.cache`); the terminal computes once
and keeps nothing. Keys start with the data version, so an import or a new staircase version makes them stale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from trappa.services.database import Database
from trappa.store.repository import data_version

T = TypeVar("T")


class Memo(Protocol):
    def __call__(self, key: str, compute: Callable[[], T]) -> T: ...


def no_memo(key: str, compute: Callable[[], T]) -> T:  # noqa: ARG001 - the same signature as a real cache
    return compute()


def key(db: Database, *parts: object) -> str:
    return ":".join([data_version(db), *(str(p) for p in parts)])
