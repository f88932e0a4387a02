"""Modules a command or a page needs, loaded when first used, not when `trappa` or the server starts.

`trappa --help` and a mistyped command should answer at once, and the server should listen within
seconds; loading every service with Polars, SQLAlchemy and pandera up front took seconds.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from types import ModuleType


class _Then(importlib.abc.Loader):
    """A module's own loader, and ``then(module)`` once its code has run."""

    def __init__(self, loader: importlib.abc.Loader, then: Callable[[ModuleType], None]) -> None:
        self.loader, self.then = loader, then

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        self.then(module)


def load(name: str, then: Callable[[ModuleType], None] | None = None) -> ModuleType:
    """``name`` as a module whose code runs on first attribute access (importlib's LazyLoader); with
    ``then``, that is called with the module once its code has run (at once if it already has)."""
    if name in sys.modules:
        if then is not None:
            then(sys.modules[name])
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"no module named {name!r}")
    loader = importlib.util.LazyLoader(spec.loader if then is None else _Then(spec.loader, then))
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent and parent in sys.modules:  # as an import would: the package knows its submodule
        setattr(sys.modules[parent], child, module)
    loader.exec_module(module)
    return module
