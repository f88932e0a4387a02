"""The municipality's own settings (kommunen sine innstillingar): one typed model (`municipality_model`),
one place that reads and writes it; and the few settings every table of figures names (`basics`), read
without the model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from trappa.errors import TrappaError
from trappa.model.kpi import PART_NAMES
from trappa.report.formatting import format_number
from trappa.services import audit
from trappa.services.database import Database
from trappa.services.memo import per_view
from trappa.store.municipality import read_settings, write_settings

if TYPE_CHECKING:
    from trappa.services.municipality_model import MunicipalitySettings

DEFAULT_NAME = "Kommunen"  # the model's default too (municipality_model; a test holds them together)


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
    "kostra_group": "kostra_group",
    "wage_arts": "wage_arts",
    "refund_thresholds": "refund_thresholds",
    "housing_unit_costs": "housing_unit_costs",
    "housing_planned": "housing_planned",
    "direct_time_shares": "direct_time_shares",
    "refund_share": "refund_share",
    "refund_arts": "refund_arts",
    "refund_age_limit": "refund_age_limit",
    "refund_wage_share": "refund_wage_share",
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
    "kostra_group": "KOSTRA-gruppe",
    "wage_arts": "lønsartar",
    "refund_thresholds": "innslagspunkt for ressurskrevjande tenester",
    "housing_unit_costs": "kostnad per ny bueining",
    "housing_planned": "planlagde bueiningar",
    "direct_time_shares": "del direkte brukartid per trinn",
    "refund_share": "del av lønskostnaden over innslagspunktet som vert refundert",
    "refund_arts": "artar for refusjon for ressurskrevjande tenester",
    "refund_age_limit": "aldersgrense for ressurskrevjande tenester",
    "refund_wage_share": "lønsdel av kostnaden i kalkulatoren",
}


def _encode(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, dict):
        return ",".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in value.items())
    return str(value)


def load(db: Database) -> MunicipalitySettings:
    """The municipality's settings; once per page view (a public page asked four times)."""
    return per_view(f"municipality:{id(db)}", lambda: _load(db))


def _load(db: Database) -> MunicipalitySettings:
    from trappa.services.municipality_model import MunicipalitySettings

    return MunicipalitySettings.model_validate(_decoded(read_settings(db)))


@dataclass(frozen=True)
class Basics:
    """What every table of figures says of the municipality: its name, whether the data are made up, the
    arts its refund is booked on, and the staircase it uses. Read as stored, without validating every
    setting (each was validated when written), so a command that only reads loads no pydantic."""

    name: str = DEFAULT_NAME
    synthetic: bool = False
    refund_arts: tuple[str, ...] = ()
    staircase_yaml: str | None = None


def basics(db: Database) -> Basics:
    """The municipality's basics; once per page view, as `load`."""
    return per_view(f"municipality-basics:{id(db)}", lambda: _basics(db))


def _basics(db: Database) -> Basics:
    values = _decoded(read_settings(db))
    return Basics(
        name=str(values.get("name", DEFAULT_NAME)),
        synthetic=str(values.get("synthetic", "")).lower() in _TRUE,
        refund_arts=tuple(values.get("refund_arts", ())),  # type: ignore[arg-type]
        staircase_yaml=values.get("staircase_yaml"),  # type: ignore[arg-type]
    )


_TRUE = {"1", "true", "t", "yes", "y", "on"}  # what pydantic reads as true from a text


def _decoded(stored: dict[str, str]) -> dict[str, object]:
    """The stored text of each setting as the model's field takes it."""
    values: dict[str, object] = {}
    for field, key in _KEYS.items():
        if key in stored:
            raw = stored[key]
            if field in ("comparison_municipalities", "refund_arts"):
                values[field] = [c for c in raw.split(",") if c]
            elif field in (
                "wage_arts",
                "refund_thresholds",
                "direct_time_shares",
                "housing_unit_costs",
                "housing_planned",
            ):
                values[field] = dict(pair.split("=", 1) for pair in raw.split(",") if "=" in pair)
            else:
                values[field] = raw
    return values


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
    if isinstance(value, dict) and field == "direct_time_shares":
        return ", ".join(f"trinn {k}: {format_number(v * 100)} %" for k, v in value.items()) or "standard"
    if isinstance(value, dict) and field in ("housing_unit_costs", "housing_planned"):
        unit = " kr" if field == "housing_unit_costs" else ""
        return ", ".join(f"type {k}: {format_number(v)}{unit}" for k, v in value.items()) or "ingen"
    if isinstance(value, dict) and field == "refund_thresholds":
        return ", ".join(f"{k}: {format_number(v)} kr" for k, v in value.items()) or "ingen"
    if isinstance(value, dict):
        return ", ".join(f"{k} {PART_NAMES.get(v, v)}" for k, v in value.items()) or "KOSTRA-standard"
    return "ingen" if value is None else str(value)


def write(db: Database, **changes: object) -> MunicipalitySettings:
    """`update` without an audit entry, for services that write their own (the staircase, the demo)."""
    unknown = set(changes) - set(_KEYS)
    if unknown:
        raise TrappaError(f"Ukjende innstillingar: {', '.join(sorted(unknown))}.")
    from trappa.services.municipality_model import MunicipalitySettings

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


def parse_wage_arts(lines: list[str]) -> dict[str, str]:
    """«10150 = faste tillegg» per line (or «10150=allowances») into the setting; blank lines are skipped.

    The part may be named as people say it (see PART_NAMES) or by its code.
    """
    by_name = {name: code for code, name in PART_NAMES.items()} | {code: code for code in PART_NAMES}
    found: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        art, sep, part = line.partition("=")
        code = by_name.get(part.strip().lower())
        if not sep or code is None:
            names = ", ".join(PART_NAMES.values())
            raise TrappaError(
                f"Lønsartar, linje {number} («{line.strip()}»): skriv art = del, til dømes «10150 = faste tillegg». "
                f"Delane er: {names}."
            )
        found[art.strip()] = code
    return found


def parse_shares(lines: list[str]) -> dict[str, float]:
    """«6 = 60» (step = percent) per line into the setting of direct time per step; blank lines skipped."""
    found: dict[str, float] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        step, sep, percent = line.partition("=")
        try:
            found[step.strip()] = float(percent.replace(",", ".").replace("%", "").strip()) / 100
        except ValueError:
            sep = ""
        if not sep:
            raise TrappaError(
                f"Direkte brukartid, linje {number} («{line.strip()}»): skriv trinn = prosent, til dømes «6 = 60»."
            )
    return found


def parse_numbers(lines: list[str], what: str, example: str) -> dict[str, float]:
    """«1 = 1 200 000» (key = number) per line; blank lines skipped; ``what`` names the field in errors."""
    found: dict[str, float] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        key, sep, amount = line.partition("=")
        cleaned = amount.replace("\u00a0", "").replace(" ", "").replace(",", ".").removesuffix("kr")
        try:
            found[key.strip()] = float(cleaned)
        except ValueError:
            sep = ""
        if not sep or not key.strip().isdigit():
            raise TrappaError(f"{what}, linje {number} («{line.strip()}»): skriv til dømes «{example}».")
    return found


def parse_thresholds(lines: list[str]) -> dict[str, float]:
    """«2024 = 1 572 000» per line into the setting; blank lines are skipped."""
    return parse_numbers(lines, "Innslagspunkt", "2024 = 1 572 000")


def check_code(code: str) -> str:
    """A municipality number as given, or a clear error."""
    if not (len(code) == 4 and code.isdigit()):
        raise TrappaError(f"Kommunenummeret «{code}» skal ha fire siffer, til dømes 4631.")
    return code
