"""The unit-price catalogue (einingsprisar) per year, kept in versions.

Every change makes a new version of the year's catalogue, so the prices a decision was calculated with
can always be read again: computed from the municipality's own profile (the step's net cost per
decided hour or per place), imported from a spreadsheet (all or nothing, errors by row and column),
typed in by a person, or carried from another year by an index. A person's price (typed or imported)
is kept when the catalogue is computed again; a computed price only replaces a computed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import ValidationError

from trappa.errors import InputFileError, Problem, TrappaError
from trappa.model.prices import (
    BY_CODE,
    KIND_STEPS,
    KINDS,
    QUANTITY_WORDS,
    SOURCE_WORDS,
    TIME_WORDS,
    UNIT_WORDS,
    Price,
    carried,
    computed,
)
from trappa.services import audit, staircase
from trappa.services import profile as profiles
from trappa.services.database import Database
from trappa.store import prices as store

__all__ = [
    "BY_CODE",
    "KINDS",
    "QUANTITY_WORDS",
    "SOURCE_WORDS",
    "TIME_WORDS",
    "UNIT_WORDS",
    "Catalogue",
    "carry",
    "catalogue",
    "catalogues",
    "compute",
    "import_prices",
    "kind_steps",
    "set_price",
]


@dataclass(frozen=True)
class Catalogue:
    year: int
    version: int
    prices: list[Price]


def kind_steps(db: Database) -> dict[str, int]:
    """The step of each service kind in the staircase in use (its template's numbering; Alver's otherwise)."""
    current = staircase.current(db)
    return KIND_STEPS.get(current.id, KIND_STEPS["alver"])


def catalogues(db: Database) -> list[dict[str, Any]]:
    """Every version of every year's catalogue, newest first: year, version, note, who, when, how many prices."""
    return store.catalogues(db)


def catalogue(db: Database, year: int, version: int | None = None) -> Catalogue:
    found = store.prices_of(db, year, version)
    if found is None:
        years = sorted({c["year"] for c in store.catalogues(db)})
        shown = ", ".join(map(str, years)) or "ingen"
        what = f"versjon {version} av {year}" if version else str(year)
        raise TrappaError(
            f"Ingen prisliste for {what}. År med prisliste: {shown}. Rekn ut ei frå profilen eller importer ei."
        )
    number, rows = found
    return Catalogue(year, number, [Price.model_validate(r) for r in rows])


def _store(db: Database, actor: str | None, year: int, prices: list[Price], note: str) -> int:
    version = store.add_catalogue(db, year, [p.model_dump() for p in prices], note, actor)
    audit.record(db, actor, "prices", f"{year} versjon {version}", "ok", note)
    return version


def _latest_or_empty(db: Database, year: int) -> list[Price]:
    found = store.prices_of(db, year)
    return [] if found is None else [Price.model_validate(r) for r in found[1]]


def compute(db: Database, actor: str | None, year: int) -> int:
    """A new version of the year's catalogue with prices computed from the year's profile."""
    if year not in profiles.years(db):
        raise TrappaError(f"Ingen rekneskap for {year}: prisane vert rekna frå profilen for det året.")
    table = profiles.profile(db, year).table
    made = computed(table, kind_steps(db))
    if not made:
        raise TrappaError(f"Profilen for {year} har ingen kostnad per vedtakstime eller per plass å rekne prisar frå.")
    people = [p for p in _latest_or_empty(db, year) if p.source != "computed"]
    taken = {p.key for p in people}
    merged = people + [p for p in made if p.key not in taken]
    return _store(db, actor, year, _ordered(merged), f"rekna frå profilen {year} ({len(made)} prisar)")


def _ordered(prices: list[Price]) -> list[Price]:
    order = {k.code: i for i, k in enumerate(KINDS)}
    return sorted(prices, key=lambda p: (order[p.kind], p.time_of_day, p.setting, p.travel_group or 0,
                                        p.staffing_factor or 0, p.ownership))  # fmt: skip


def set_price(db: Database, actor: str | None, year: int, values: dict[str, Any]) -> int:
    """Type in one price (it replaces a price with the same kind and qualifiers); a new version."""
    try:
        price = Price.model_validate({**values, "source": "typed"})
    except ValidationError as exc:
        raise TrappaError("; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())) from None
    if price.step is None:
        price = price.model_copy(update={"step": kind_steps(db).get(price.kind)})
    kept = [p for p in _latest_or_empty(db, year) if p.key != price.key]
    return _store(db, actor, year, _ordered([*kept, price]), f"skreiv inn {price.describe()}")


def remove_price(db: Database, actor: str | None, year: int, position: int) -> int:
    """Take the price at ``position`` (0-based, in the catalogue's order) out; a new version."""
    current = catalogue(db, year).prices
    if not 0 <= position < len(current):
        raise TrappaError("Fann ikkje prisen.")
    gone = current[position]
    return _store(db, actor, year, [p for i, p in enumerate(current) if i != position], f"tok ut {gone.describe()}")


def carry(db: Database, actor: str | None, from_year: int, to_year: int, index_percent: float) -> int:
    """The catalogue of ``from_year`` carried to ``to_year`` by ``index_percent`` a year (a new version)."""
    if to_year == from_year:
        raise TrappaError("Vel eit anna år å føre prisane over til.")
    if not -20 <= index_percent <= 30:
        raise TrappaError(f"Ein indeks på {index_percent:g} % i året er ikkje truleg: skriv til dømes 4,5.")
    source = catalogue(db, from_year)
    moved = carried(source.prices, index_percent, to_year - from_year, from_year)
    note = f"ført over frå {from_year} (versjon {source.version}) med {index_percent:g} % i året".replace(".", ",")
    return _store(db, actor, to_year, moved, note)


# -- import ------------------------------------------------------------------------------------------


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9æøå]", "", text.lower())


_KIND_WORDS = {_key(w): k.code for k in KINDS for w in (k.code, k.nn, k.nb, k.en)}
_TIME_WORDS = {"dag": "day", "kveld": "day", "dagkveld": "day", "day": "day", "natt": "night", "night": "night",
               "stasjonær": "stationary", "stasjonar": "stationary", "stationary": "stationary", "kontor": "base",
               "base": "base", "kontorbase": "base"}  # fmt: skip
_SETTING_WORDS = {"ambulant": "ambulant", "ibustad": "housing", "bustad": "housing", "ibolig": "housing",
                  "bolig": "housing", "housing": "housing"}  # fmt: skip
_OWNERSHIP_WORDS = {"eigen": "own", "eige": "own", "egen": "own", "eie": "own", "own": "own", "kjøpt": "bought",
                    "kjøp": "bought", "kjopt": "bought", "bought": "bought"}  # fmt: skip


def _word(
    value: str | None, words: dict[str, str], name: str, row: int, label: str, fix: str, problems: list[Problem]
) -> str:
    if value is None or not value.strip():
        return ""
    found = words.get(_key(value))
    if found is None:
        problems.append(Problem(name, row, label, f"«{value}» er ikkje ein kjend verdi", fix, value))
        return ""
    return found


def import_prices(db: Database, actor: str | None, path: Path, year: int, *, display_name: str | None = None) -> int:
    """A catalogue from a spreadsheet (CSV or XLSX), all or nothing: a new version of the year's catalogue."""
    # the readers and contracts (pandera) load here, not with every page that shows prices
    from trappa.ingest.contracts import PRICES, read_contract

    name = display_name or path.name
    try:
        frame = read_contract(path, PRICES, display_name=name)
        prices = _prices_from(frame, name, kind_steps(db))
    except InputFileError as exc:
        audit.record(db, actor, "import", f"prices: {name}", "refused", f"{len(exc.problems)} feil")
        raise
    return _store(db, actor, year, _ordered(prices), f"importerte {name} ({len(prices)} prisar)")


def _prices_from(frame: pl.DataFrame, name: str, steps: dict[str, int]) -> list[Price]:
    from trappa.ingest.contracts import PRICES

    problems: list[Problem] = []
    prices: list[Price] = []
    seen: dict[tuple[Any, ...], int] = {}
    label = {c.name: c.label for c in PRICES.columns}
    for r in frame.iter_rows(named=True):
        row = int(r["source_row"])
        kind = _word(r["kind"], _KIND_WORDS, name, row, label["kind"],
                     "skriv tenestetypen slik `trappa prices kinds` viser han", problems)  # fmt: skip
        values = {
            "kind": kind,
            "time_of_day": _word(r["time_of_day"], _TIME_WORDS, name, row, label["time_of_day"],
                                 "skriv dag/kveld, natt, stasjonær eller kontor/base", problems),
            "setting": _word(r["setting"], _SETTING_WORDS, name, row, label["setting"],
                             "skriv ambulant eller i bustad", problems),
            "ownership": _word(r["ownership"], _OWNERSHIP_WORDS, name, row, label["ownership"],
                               "skriv eigen eller kjøpt", problems),
            "travel_group": r["travel_group"],
            "staffing_factor": r["staffing_factor"],
            "step": r["step"] or steps.get(kind),
            "price": r["price"],
            "source": "imported",
            "note": r["note"] or "",
        }  # fmt: skip
        if not kind:
            continue
        try:
            price = Price.model_validate(values)
        except ValidationError as exc:
            for e in exc.errors():
                field = str(e["loc"][0]) if e["loc"] else "kind"
                problems.append(Problem(name, row, label.get(field, field), e["msg"].removeprefix("Value error, "),
                                        "rett verdien", None))  # fmt: skip
            continue
        if price.key in seen:
            problems.append(Problem(name, row, label["kind"], f"same pris som på rad {seen[price.key]}",
                                    "ta ut den eine rada, eller gi dei ulik tid, stad eller bemanningsfaktor",
                                    price.describe()))  # fmt: skip
            continue
        seen[price.key] = row
        prices.append(price)
    if problems:
        raise InputFileError(name, problems)
    if not prices:
        raise TrappaError(f"{name}: fila har ingen prisar.")
    return prices


def kinds_table() -> list[dict[str, str]]:
    """The service kinds a price or a calculation can name, with their unit."""
    return [{"code": k.code, "nn": k.nn, "unit": k.unit} for k in KINDS]


def kind_name(code: str) -> str:
    return BY_CODE[code].nn
