"""Remembering computed results: services name the key (they know what invalidates it), a shell may keep them.

The web keeps results in a cache shared by all requests (`trappa.web.cache`); the terminal computes once
and keeps nothing. Keys start with the data version, so an import or a new staircase version makes them stale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

from trappa.services.database import Database
from trappa.store.read import data_version

T = TypeVar("T")


class Memo(Protocol):
    def __call__(self, key: str, compute: Callable[[], T]) -> T: ...


def no_memo(key: str, compute: Callable[[], T]) -> T:  # noqa: ARG001 - the same signature as a real cache
    return compute()


# Within one view (a page read, nothing written), what every cached part asks the database first — the data
# version, the years — is asked once, not by each part (two to four times per page before).
_VIEW: ContextVar[dict[str, Any] | None] = ContextVar("trappa_view", default=None)


@contextmanager
def one_view() -> Iterator[None]:
    """Ask the database once per view for what does not change within it. Only for reads: a view that
    writes would see the version from before its own write."""
    token = _VIEW.set({})
    try:
        yield
    finally:
        _VIEW.reset(token)


def per_view(name: str, compute: Callable[[], T]) -> T:
    """``compute()``, once per view when inside :func:`one_view`, else every time."""
    scope = _VIEW.get()
    if scope is None:
        return compute()
    if name not in scope:
        scope[name] = compute()
    value: T = scope[name]
    return value


def version(db: Database) -> str:
    """The data version (:func:`trappa.store.repository.data_version`), once per view."""
    return per_view(f"version:{id(db)}", lambda: data_version(db))


def key(db: Database, *parts: object) -> str:
    return ":".join([version(db), *(str(p) for p in parts)])
