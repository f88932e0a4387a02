"""A YAML document read into a pydantic model, with errors that name the line or the field.

The staircase templates, the calculator's cases and the staffing plans are all YAML files people
write by hand: a syntax error names line and column, a wrong value names the field and what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from trappa.errors import TrappaError

Model = TypeVar("Model", bound=BaseModel)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: many times faster


def parse_yaml(text: str, source: str, expected: str) -> dict[str, Any]:
    """The YAML mapping in ``text``; ``expected`` says in words which fields it should have."""
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (linje {mark.line + 1}, kolonne {mark.column + 1})" if mark else ""
        raise TrappaError(f"{source}: ikkje gyldig YAML{where}: {exc}") from None
    if not isinstance(data, dict):
        raise TrappaError(f"{source}: venta ein YAML-struktur med {expected}")
    return data


def validation_message(source: str, exc: ValidationError, what: str = "fila") -> str:
    lines = [f"{source}: {what} er ugyldig ({exc.error_count()} feil):"]
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(heile fila)"
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"  - felt «{loc}»: {msg}")
    return "\n".join(lines)


def model_from(data: dict[str, Any], model: type[Model], source: str, what: str = "fila") -> Model:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise TrappaError(validation_message(source, exc, what)) from None


def read_text(path: Path) -> str:
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TrappaError(f"{path}: kan ikkje lesast: {exc}") from None


def load_model(path: Path, model: type[Model], expected: str) -> Model:
    """Read, parse and validate a YAML file into ``model``."""
    return model_from(parse_yaml(read_text(path), str(path), expected), model, str(path))
