"""The staircase in use (tenestetrappa) and its step texts: read, replace, edit, with a version row for each change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from trappa.errors import TrappaError
from trappa.services import audit, municipality
from trappa.services.database import Database
from trappa.staircase.model import HousingStaircase, HousingType, Language, Staircase, Step
from trappa.staircase.sources import DEFAULT_TEMPLATE, TEMPLATE_NAMES
from trappa.staircase.templates import (
    dump_staircase,
    load_housing_template,
    load_staircase,
    load_staircase_text,
    load_template,
    template_source,
)
from trappa.store.texts import add_staircase_version, staircase_history

__all__ = ["HousingStaircase", "Language", "Staircase", "Step", "TEXT_FIELDS", "current", "use"]
LANGUAGES = ("nn", "nb", "en")
# The texts of a step that editors may change, with the label the editor shows.
TEXT_FIELDS = [
    ("name", "Namn"),
    ("short", "Kort tekst"),
    ("description.goal", "Mål"),
    ("description.target_group", "Kven er det for"),
    ("description.services", "Tenester"),
    ("description.how_to_apply", "Slik søkjer du"),
]


def current(db: Database) -> Staircase:
    """The staircase the municipality uses; the Alver template until it chooses one."""
    stored = municipality.load(db).staircase_yaml
    if stored:
        result = load_staircase_text(stored, "lagra trapp")
        if isinstance(result, Staircase):
            return result
    return load_template(DEFAULT_TEMPLATE)


def housing(db: Database) -> HousingStaircase:
    """The municipality's housing staircase (bustadtrapp); the template until it chooses its own."""
    stored = municipality.load(db).housing_yaml
    if stored:
        result = load_staircase_text(stored, "lagra bustadtrapp")
        if isinstance(result, HousingStaircase):
            return result
    return load_housing_template("bustadtrapp")


def template(name: str) -> Staircase:
    return load_template(name)


def template_text(name: str) -> str:
    """A template's YAML, to copy and edit."""
    return template_source(name)


def templates() -> tuple[str, ...]:
    return tuple(TEMPLATE_NAMES)


def check_file(path: Path) -> Staircase | HousingStaircase:
    """Read and validate a staircase file; the error names the field that is wrong."""
    return load_staircase(path)


def use(db: Database, actor: str | None, yaml_text: str, *, source: str, note: str | None = None) -> Staircase:
    """Make this service staircase the one in use: stored, with a version row and an audit entry."""
    result = use_any(db, actor, yaml_text, source=source, note=note)
    if not isinstance(result, Staircase):
        raise TrappaError(f"{source} er ei bustadtrapp; profilen treng ei tenestetrapp.")
    return result


def use_any(
    db: Database, actor: str | None, yaml_text: str, *, source: str, note: str | None = None
) -> Staircase | HousingStaircase:
    """A service staircase or a housing staircase, whichever the text is, made the one in use."""
    result = load_staircase_text(yaml_text, source)
    kind = "housing" if isinstance(result, HousingStaircase) else "service"
    if kind == "housing":
        municipality.write(db, housing_yaml=yaml_text)
    else:
        municipality.write(db, staircase_yaml=yaml_text)
    add_staircase_version(db, yaml_text, actor, note or f"tok i bruk {source}", kind)
    audit.record(db, actor, "housing_staircase" if kind == "housing" else "staircase", note or source, "ok")
    return result


def use_file(db: Database, actor: str | None, path: Path) -> Staircase | HousingStaircase:
    """A staircase file of either kind made the one in use (the service staircase or the housing staircase)."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TrappaError(f"{path}: kan ikkje lesast ({exc}).") from None
    check_file(path)
    return use_any(db, actor, text, source=str(path), note=f"tok i bruk {path.name}")


def history(db: Database, limit: int = 50, *, kind: str = "service") -> list[dict[str, Any]]:
    """Versions of the service staircase (``kind="service"``) or of the housing staircase, newest first."""
    return staircase_history(db, limit, kind)


def _editor_values(item: Any, paths: list[tuple[str, str]], fields: dict[str, str] | None) -> dict[str, str]:
    """The editor's field values ``f.<path>.<language>``: from the item, or from what was typed."""
    values = {}
    for path, _label in paths:
        text = _get(item, path)
        for lang in LANGUAGES:
            key = f"f.{path}.{lang}"
            values[key] = fields.get(key, "") if fields is not None else (getattr(text, lang) or "")
    return values


def step_texts(step: Step, fields: dict[str, str] | None = None) -> dict[str, str]:
    """The step editor's values, from the step or from what was typed."""
    return _editor_values(step, TEXT_FIELDS, fields)


def with_step_texts(staircase: Staircase, number: int, fields: dict[str, str]) -> Staircase:
    """The staircase with one step's texts replaced (for preview); invalid texts raise TrappaError."""
    data = json.loads(staircase.model_dump_json())
    index = next((i for i, s in enumerate(data["steps"]) if s["number"] == number), None)
    if index is None:
        raise TrappaError(f"Trinn {number} finst ikkje i trappa.")
    _put_texts(data["steps"][index], TEXT_FIELDS, fields)
    result = load_staircase_text(yaml.safe_dump(data, allow_unicode=True), "redigert trapp")
    assert isinstance(result, Staircase)
    return result


def edit_step_texts(db: Database, actor: str | None, number: int, fields: dict[str, str]) -> Staircase:
    """Save new texts of one step: the same path as `use`, so every change is a version."""
    updated = with_step_texts(current(db), number, fields)
    return use(db, actor, dump_staircase(updated), source="redigert trapp", note=f"trinn {number}")


def _put_texts(item: dict[str, Any], paths: list[tuple[str, str]], fields: dict[str, str]) -> None:
    """Write the editor's ``f.<path>.<language>`` values into a step or housing type (as plain data)."""
    allowed = {f"f.{path}.{lang}" for path, _label in paths for lang in LANGUAGES}
    for key, value in fields.items():
        if key in allowed:
            _prefix, *path, lang = key.split(".")
            target = item
            for part in path:
                target = target[part]
            target[lang] = value.strip() or None


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


# -- the housing staircase (bustadtrapp) ---------------------------------------------------------

HOUSING_FIELDS = [
    ("name", "Namn"),
    ("description", "Kva det er"),
    ("target_group", "Kven er det for"),
    ("services", "Tenester"),
    ("resident_pays", "Kva bebuaren betaler"),
]


def housing_texts(housing_type: HousingType, fields: dict[str, str] | None = None) -> dict[str, str]:
    """The housing editor's values and ``units``, from the type or from what was typed."""
    values = _editor_values(housing_type, HOUSING_FIELDS, fields)
    units = housing_type.units
    values["units"] = fields.get("units", "") if fields is not None else ("" if units is None else str(units))
    return values


def with_housing_texts(housing_: HousingStaircase, number: int, fields: dict[str, str]) -> HousingStaircase:
    data = json.loads(housing_.model_dump_json())
    index = next((i for i, t in enumerate(data["types"]) if t["number"] == number), None)
    if index is None:
        raise TrappaError(f"Bustadtype {number} finst ikkje i bustadtrappa.")
    _put_texts(data["types"][index], HOUSING_FIELDS, fields)
    units = fields.get("units", "").strip().replace(" ", "").replace("\u00a0", "")
    if units and not units.isdigit():
        raise TrappaError(f"Tal på bueiningar må vere eit heilt tal, ikkje «{fields.get('units')}».")
    data["types"][index]["units"] = int(units) if units else None
    result = load_staircase_text(yaml.safe_dump(data, allow_unicode=True), "redigert bustadtrapp")
    assert isinstance(result, HousingStaircase)
    return result


def edit_housing_texts(db: Database, actor: str | None, number: int, fields: dict[str, str]) -> HousingStaircase:
    """Save new texts (and typed-in units) of one housing type: a new version of the housing staircase."""
    updated = with_housing_texts(housing(db), number, fields)
    text = yaml.safe_dump(json.loads(updated.model_dump_json(exclude_none=True)), allow_unicode=True, sort_keys=False)
    result = use_any(db, actor, text, source="redigert bustadtrapp", note=f"bustadtype {number}")
    assert isinstance(result, HousingStaircase)
    return result
