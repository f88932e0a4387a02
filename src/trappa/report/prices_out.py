"""The price catalogue and the calculator's results out: tables, JSON and workbooks, in words people use."""

from __future__ import annotations

import json
from typing import Any, Protocol

from rich import box
from rich.table import Table

from trappa.model.calculator import CaseResult
from trappa.model.prices import QUANTITY_WORDS, SOURCE_WORDS, UNIT_WORDS, Price
from trappa.report.formatting import format_number


class CatalogueLike(Protocol):
    @property
    def year(self) -> int: ...
    @property
    def version(self) -> int: ...
    @property
    def prices(self) -> list[Price]: ...


def catalogue_rows(catalogue: CatalogueLike) -> list[dict[str, Any]]:
    """One row per price, with the column names an import reads (docs/prices.md): the workbook imports again."""
    from trappa.model.prices import BY_CODE, OWNERSHIP_WORDS, SETTING_WORDS, TIME_WORDS

    return [
        {"tenestetype": BY_CODE[p.kind].nn, "tid på døgnet": TIME_WORDS[p.time_of_day],
         "stad": SETTING_WORDS[p.setting], "reisetidsgruppe": p.travel_group, "bemanningsfaktor": p.staffing_factor,
         "eige eller kjøpt": OWNERSHIP_WORDS[p.ownership].removesuffix(" plass"),
         "trinn": p.step, "per": UNIT_WORDS[_unit(p)], "pris": round(p.price, 2), "kjelde": SOURCE_WORDS[p.source],
         "merknad": p.note}
        for p in catalogue.prices
    ]  # fmt: skip


def _unit(p: Price) -> str:
    from trappa.model.prices import BY_CODE

    return BY_CODE[p.kind].unit


def catalogue_document(catalogue: CatalogueLike) -> dict[str, Any]:
    """``{"year", "version", "prices": [{"kind", "step", "time_of_day", "setting", "travel_group",
    "staffing_factor", "ownership", "price", "source", "note"}]}``."""
    return {"year": catalogue.year, "version": catalogue.version,
            "prices": [{**p.model_dump(), "price": round(p.price, 2)} for p in catalogue.prices]}  # fmt: skip


def catalogue_table(catalogue: CatalogueLike) -> Table:
    t = Table(title=f"Prisliste {catalogue.year}, versjon {catalogue.version}", header_style="bold",
              box=box.SIMPLE_HEAD)  # fmt: skip
    for name, justify in (("Teneste", "left"), ("Trinn", "right"), ("Per", "left"), ("Pris (kr)", "right"),
                          ("Kjelde", "left")):  # fmt: skip
        t.add_column(name, justify=justify)  # type: ignore[arg-type]
    for p in catalogue.prices:
        t.add_row(p.describe(), str(p.step or ""), UNIT_WORDS[_unit(p)], format_number(p.price, 0),
                  SOURCE_WORDS[p.source])  # fmt: skip
    return t


def catalogue_xlsx(catalogue: CatalogueLike) -> bytes:
    import polars as pl

    from trappa.report.tables_xlsx import frame_workbook

    title = f"Prisliste {catalogue.year}, versjon {catalogue.version}"
    return frame_workbook({f"Prisliste {catalogue.year}": pl.DataFrame(catalogue_rows(catalogue))}, title=title)


def calculation_document(
    result: CaseResult, reference: str, year: int, version: int, refunds: list[float] | None = None
) -> dict[str, Any]:
    """``{"reference", "catalogue": {"year", "version"}, "alternatives": [{"name", "total", "difference",
    "refund", "net", "steps", "lines": [{"kind", "step", "what", "quantity", "unit", "price", "cost"}]}],
    "buys": [{"alternative", "kind", "quantity", "measure"}]}``; ``refund`` and ``net`` are null without the
    year's rule for high-cost users or the person's age."""
    shown: list[float | None] = list(refunds) if refunds is not None else [None] * len(result.alternatives)
    return {
        "reference": reference,
        "catalogue": {"year": year, "version": version},
        "alternatives": [
            {"name": a.name, "total": round(a.total, 2), "difference": round(a.difference, 2),
             "refund": None if r is None else round(r, 2), "net": None if r is None else round(a.total - r, 2),
             "steps": a.steps,
             "lines": [{"kind": lc.kind, "step": lc.step, "what": lc.what, "quantity": round(lc.quantity, 4),
                        "unit": lc.unit, "price": round(lc.price, 2), "cost": round(lc.cost, 2)} for lc in a.lines]}
            for a, r in zip(result.alternatives, shown, strict=True)
        ],
        "buys": [{"alternative": b.alternative, "kind": b.kind, "quantity": round(b.quantity, 4), "measure": b.measure}
                 for b in result.buys],
    }  # fmt: skip


def calculation_json(
    result: CaseResult, reference: str, year: int, version: int, refunds: list[float] | None = None
) -> str:
    return json.dumps(calculation_document(result, reference, year, version, refunds), ensure_ascii=False, indent=2)


def calculation_tables(
    result: CaseResult, reference: str, year: int, version: int, refunds: list[float] | None = None
) -> list[Table]:
    """One table of the alternatives side by side, then what each difference buys."""
    from trappa.model.prices import BY_CODE

    head = f"Kostnad per år med prislista {year} (versjon {version})" + (f", sak {reference}" if reference else "")
    t = Table(title=head, header_style="bold", box=box.SIMPLE_HEAD)
    for name, justify in (("Alternativ", "left"), ("Tenester", "left"), ("Høgaste trinn", "right"),
                          ("Kostnad per år (kr)", "right"), ("Skilnad mot det første (kr)", "right")):  # fmt: skip
        t.add_column(name, justify=justify)  # type: ignore[arg-type]
    if refunds is not None:
        t.add_column("Refusjon frå staten (kr)", justify="right")
        t.add_column("Netto for kommunen (kr)", justify="right")
    for k, a in enumerate(result.alternatives):
        services = "; ".join(
            f"{lc.what}: {format_number(lc.quantity, 2 if lc.unit == 'place_year' else 0)} {QUANTITY_WORDS[lc.unit]}"
            for lc in a.lines
        )
        extra = [] if refunds is None else [format_number(refunds[k], 0), format_number(a.total - refunds[k], 0)]
        t.add_row(a.name, services, str(a.highest_step or ""), format_number(a.total, 0),
                  format_number(a.difference, 0), *extra)  # fmt: skip
    tables = [t]
    if result.buys:
        b = Table(title="Kva skilnaden svarar til", header_style="bold", box=box.SIMPLE_HEAD)
        for name, justify in (("Alternativ", "left"), ("Teneste", "left"), ("Mengd", "right"), ("", "left")):
            b.add_column(name, justify=justify)  # type: ignore[arg-type]
        for buy in result.buys:
            b.add_row(buy.alternative, BY_CODE[buy.kind].nn, format_number(buy.quantity, 1), buy.measure)
        tables.append(b)
    return tables
