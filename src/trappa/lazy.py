"""Modules a command or a page needs, loaded when first used, not when `trappa` or the server starts.

`trappa --help` and a mistyped command should answer at once, and the server should listen within
seconds; loading every service with Polars, SQLAlchemy and pandera up front took seconds.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def load(name: str) -> ModuleType:
    """``name`` as a module whose code runs on first attribute access (importlib's LazyLoader)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"no module named {name!r}")
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    return module
