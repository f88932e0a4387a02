"""The staircase templates trappa ships, as the YAML text a municipality copies (read, not parsed)."""

from __future__ import annotations

from importlib import resources

from trappa.errors import TrappaError

TEMPLATE_NAMES = ("alver", "asker", "bustadtrapp")
DEFAULT_TEMPLATE = "alver"  # the staircase a municipality uses until it chooses one


def template_text(name: str) -> str:
    if name not in TEMPLATE_NAMES:
        raise TrappaError(f"Ukjend mal «{name}». Vel ein av: {', '.join(TEMPLATE_NAMES)}.")
    return resources.files("trappa.staircase").joinpath(f"templates/{name}.yaml").read_text("utf-8")
