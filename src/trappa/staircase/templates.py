"""Loading, validating and copying staircase templates (YAML)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from trappa.errors import TrappaError
from trappa.ingest.yaml_doc import model_from, parse_yaml, read_text
from trappa.staircase.model import HousingStaircase, Staircase
from trappa.staircase.sources import template_text


def _parse_yaml(text: str, source: str) -> dict[str, Any]:
    return parse_yaml(text, source, "felta id, name, steps …")


def _build(data: dict[str, Any], source: str) -> Staircase | HousingStaircase:
    model: type[Staircase] | type[HousingStaircase]
    model = HousingStaircase if data.get("kind") == "housing" else Staircase
    return model_from(data, model, source, "malen")


@lru_cache(maxsize=32)
def load_staircase_text(text: str, source: str = "staircase") -> Staircase | HousingStaircase:
    """Parse and validate a staircase; the same text gives the same (shared, not to be mutated) object."""
    return _build(_parse_yaml(text, source), source)


def load_staircase(path: Path) -> Staircase | HousingStaircase:
    return load_staircase_text(read_text(path), str(path))


def load_template(name: str = "alver") -> Staircase:
    result = load_staircase_text(template_text(name), f"mal {name}")
    if not isinstance(result, Staircase):
        raise TrappaError(f"Malen «{name}» er ei bustadtrapp, ikkje ei tenestetrapp.")
    return result


def load_housing_template(name: str = "bustadtrapp") -> HousingStaircase:
    result = load_staircase_text(template_text(name), f"mal {name}")
    if not isinstance(result, HousingStaircase):
        raise TrappaError(f"Malen «{name}» er ikkje ei bustadtrapp.")
    return result


def template_source(name: str) -> str:
    """The YAML text of a shipped template, as a municipality copies it."""
    return template_text(name)


def dump_staircase(staircase: Staircase | HousingStaircase) -> str:
    return yaml.safe_dump(staircase.model_dump(mode="json", exclude_none=True), allow_unicode=True, sort_keys=False)
