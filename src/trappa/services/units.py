"""Units (einingar): named groups of cost centres (ansvar), with an optional count of places.

Imported from a file (`trappa import units`) or kept on the web, one unit at a time; either way the
whole table is stored as an import, so every change shows in the import history and the audit log.
A cost centre belongs to one unit only. A unit that decisions, delivered hours or sickness absence
name cannot be removed: the figures would lose their unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from trappa.errors import TrappaError
from trappa.services import audit, imports
from trappa.services.database import Database
from trappa.store.read import load_table

__all__ = ["Unit", "parse_cost_centres", "remove_unit", "save_unit", "units"]


@dataclass(frozen=True)
class Unit:
    name: str
    cost_centres: list[str]
    places: float | None


def units(db: Database) -> list[Unit]:
    """Every unit with its cost centres (sorted) and places (the sum of its rows; None when none given)."""
    table = load_table(db, "units")
    found = []
    for (name,), rows in sorted(table.group_by("unit"), key=lambda g: str(g[0][0])):
        places = rows["places"].drop_nulls()
        found.append(
            Unit(str(name), sorted(rows["cost_centre"].to_list()), float(places.sum()) if places.len() else None)
        )
    return found


def parse_cost_centres(text: str) -> list[str]:
    """Cost centres as people list them: separated by commas, spaces or lines."""
    return sorted({c for c in re.split(r"[\s,;]+", text) if c})


def save_unit(db: Database, actor: str | None, name: str, cost_centres: list[str], places: float | None = None) -> None:
    """Add a unit, or give an existing one (same name) new cost centres and places."""
    name = name.strip()
    if not name or len(name) > 200:
        raise TrappaError("Eininga treng eit namn på opptil 200 teikn.")
    if not cost_centres:
        raise TrappaError(f"Eininga «{name}» treng minst eitt ansvar.")
    if places is not None and places < 0:
        raise TrappaError("Talet på plassar kan ikkje vere negativt.")
    current = load_table(db, "units")
    others = current.filter(pl.col("unit") != name)
    taken = others.filter(pl.col("cost_centre").is_in(cost_centres))
    if taken.height:
        where = ", ".join(f"{r['cost_centre']} ({r['unit']})" for r in taken.sort("cost_centre").iter_rows(named=True))
        raise TrappaError(f"Eit ansvar høyrer til éi eining: {where} står alt i ei anna eining. Ta det ut der først.")
    rows = pl.DataFrame(
        [(name, c, places if i == 0 else None) for i, c in enumerate(cost_centres)],
        schema=current.schema,
        orient="row",
    )
    imports.store_frame(db, "units", pl.concat([others, rows]), source="einingar (nettsida)")
    was = "endra" if current.filter(pl.col("unit") == name).height else "ny"
    audit.record(db, actor, "units", f"{name}: {', '.join(cost_centres)}", "ok", was)


def remove_unit(db: Database, actor: str | None, name: str) -> None:
    """Remove a unit nothing names; refused, with what names it, otherwise."""
    current = load_table(db, "units")
    if not current.filter(pl.col("unit") == name).height:
        raise TrappaError(f"Eininga «{name}» finst ikkje.")
    named = {
        "vedtak": load_table(db, "decisions").filter(pl.col("unit") == name).height,
        "rader med utførte timar": load_table(db, "delivered_hours").filter(pl.col("unit") == name).height,
        "rader med sjukefråvær": load_table(db, "sickness_absence").filter(pl.col("unit") == name).height,
    }
    used = [f"{count} {what}" for what, count in named.items() if count]
    if used:
        raise TrappaError(
            f"Eininga «{name}» kan ikkje fjernast: {', '.join(used)} nemner ho. Importer dei utan eininga først."
        )
    imports.store_frame(db, "units", current.filter(pl.col("unit") != name), source="einingar (nettsida)")
    audit.record(db, actor, "units", name, "ok", "fjerna")
