"""The municipality's own settings (kommunen sine innstillingar): one typed model, one place that reads and writes it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

from trappa.errors import TrappaError
from trappa.report.formatting import format_number
from trappa.services import audit
from trappa.services.database import Database
from trappa.store.municipality import read_settings, write_settings

DEFAULT_NAME = "Kommunen"


class MunicipalitySettings(BaseModel):
    """What a municipality sets once: who it is, which staircase it uses, what it publishes, how FTEs count."""

    name: str = Field(DEFAULT_NAME, description="Shown in titles of pages and reports")
    code: str | None = Field(None, description="Municipality number (kommunenummer), four digits")
    synthetic: bool = Field(False, description="The data are made up (Demo kommune)")
    publish_figures: bool = Field(False, description="The public pages show figures per step")
    language: Literal["nn", "nb", "en"] = Field("nn", description="The language pages open in")
    staircase_yaml: str | None = Field(None, description="The staircase in use; the Alver template when not set")
    housing_yaml: str | None = Field(None, description="The housing staircase in use; the template when not set")
    hours_per_gross_fte: float = Field(1846.0, gt=0, description="35,5 h × 52 weeks")
    hours_per_net_fte: float = Field(1645.0, gt=0, description="Without holidays and absence")
    comparison_municipalities: list[str] = Field(default_factory=list, description="Municipality numbers")

    @field_validator("code")
    @classmethod
    def _four_digits(cls, value: str | None) -> str | None:
        if value is not None and not (len(value) == 4 and value.isdigit()):
            raise ValueError(f"Kommunenummeret «{value}» skal ha fire siffer, til dømes 4631.")
        return value


# Field → stored key. The first four keys are those databases already hold.
_KEYS = {
    "name": "municipality_name",
    "code": "municipality_code",
    "synthetic": "synthetic",
    "publish_figures": "publish_figures",
    "language": "language",
    "staircase_yaml": "staircase_yaml",
    "housing_yaml": "housing_yaml",
    "hours_per_gross_fte": "hours_per_gross_fte",
    "hours_per_net_fte": "hours_per_net_fte",
    "comparison_municipalities": "comparison_municipalities",
}


# What people call each setting (in the audit log and on the settings page).
LABELS = {
    "name": "namn",
    "code": "kommunenummer",
    "synthetic": "syntetiske data",
    "publish_figures": "tal på dei opne sidene",
    "language": "språk",
    "staircase_yaml": "trappa i bruk",
    "housing_yaml": "bustadtrappa i bruk",
    "hours_per_gross_fte": "timar per brutto årsverk",
    "hours_per_net_fte": "timar per netto årsverk",
    "comparison_municipalities": "samanlikningskommunar",
}


def _encode(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ",".join(value)
    return str(value)


def load(db: Database) -> MunicipalitySettings:
    stored = read_settings(db)
    values: dict[str, object] = {}
    for field, key in _KEYS.items():
        if key in stored:
            raw = stored[key]
            values[field] = [c for c in raw.split(",") if c] if field == "comparison_municipalities" else raw
    return MunicipalitySettings.model_validate(values)


def update(db: Database, actor: str | None, **changes: object) -> MunicipalitySettings:
    """Change some settings; the others stay. Validated as a whole before anything is written."""
    updated = write(db, **changes)
    audit.record(db, actor, "settings", "; ".join(f"{LABELS[f]}: {shown(getattr(updated, f), f)}" for f in changes))
    return updated


LANGUAGE_NAMES = {"nn": "nynorsk", "nb": "bokmål", "en": "engelsk"}


def shown(value: object, field: str = "") -> str:
    """A setting's value as people read it: «på», «1 846», «nynorsk»."""
    if field == "language" and isinstance(value, str):
        return LANGUAGE_NAMES.get(value, value)
    if isinstance(value, bool):
        return "på" if value else "av"
    if isinstance(value, float):
        return format_number(value, 0 if value.is_integer() else 1)
    if isinstance(value, list):
        return ", ".join(value) or "ingen"
    return "ingen" if value is None else str(value)


def write(db: Database, **changes: object) -> MunicipalitySettings:
    """`update` without an audit entry, for services that write their own (the staircase, the demo)."""
    unknown = set(changes) - set(_KEYS)
    if unknown:
        raise TrappaError(f"Ukjende innstillingar: {', '.join(sorted(unknown))}.")
    current = load(db)
    try:
        updated = MunicipalitySettings.model_validate({**current.model_dump(), **changes})
    except ValueError as exc:
        raise TrappaError(_first_message(exc)) from None
    write_settings(db, {_KEYS[f]: _encode(getattr(updated, f)) for f in changes})
    return updated


def _first_message(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        return str(first.get("ctx", {}).get("error") or first["msg"])
    return str(exc)


def check_code(code: str) -> str:
    """A municipality number as given, or a clear error."""
    if not (len(code) == 4 and code.isdigit()):
        raise TrappaError(f"Kommunenummeret «{code}» skal ha fire siffer, til dømes 4631.")
    return code
