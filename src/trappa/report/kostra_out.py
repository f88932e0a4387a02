"""The KOSTRA comparison out: terminal tables, the documented JSON and a workbook (one data object each)."""

from __future__ import annotations

import json
from typing import Any, Protocol

import polars as pl
from rich import box
from rich.table import Table

from trappa.model.kostra import Handlingsrom, Series
from trappa.report.document import rounded
from trappa.report.formatting import format_number


class Comparison(Protocol):
    """What trappa.services.kostra.compare returns (the report reads these)."""

    @property
    def year(self) -> int: ...
    @property
    def own(self) -> str: ...
    @property
    def regions(self) -> list[tuple[str, str]]: ...
    @property
    def cost(self) -> list[Series]: ...
    @property
    def adjusted(self) -> pl.DataFrame: ...
    @property
    def quality(self) -> list[Series]: ...
    @property
    def handlingsrom(self) -> Handlingsrom: ...
    @property
    def caveats(self) -> list[str]: ...
    @property
    def sources(self) -> list[str]: ...
    @property
    def notes(self) -> list[str]: ...


class Reconciliation(Protocol):
    """What trappa.services.kostra.reconcile returns."""

    @property
    def year(self) -> int: ...
    @property
    def own(self) -> str: ...
    @property
    def table(self) -> pl.DataFrame: ...
    @property
    def outside(self) -> float: ...
    @property
    def function_names(self) -> dict[str, str]: ...
    @property
    def notes(self) -> list[str]: ...


REGION_KIND = {"EAK": "landet", "EAKUO": "landet utanom Oslo"}


def _value(v: float | None, unit: str) -> str:
    if v is None:
        return "–"  # missing or suppressed: never 0
    decimals = 2 if unit in ("timar", "årsverk") else (1 if unit == "%" else 0)
    return format_number(v, decimals) + (" %" if unit == "%" else "")


def _series_document(s: Series) -> dict[str, Any]:
    return {"figure": s.figure, "label": s.label, "unit": s.unit, "kind": s.kind, "function": s.function or None,
            "function_name": s.function_name or None, "years": s.years,
            "regions": [{"region": r, "name": n, "values": [rounded(v) for v in vs]} for r, n, vs in s.rows]}  # fmt: skip


def document(c: Comparison) -> dict[str, Any]:
    """``{"year", "municipality", "regions", "cost", "needs_adjusted", "quality", "handlingsrom", "caveats",
    "sources", "notes"}``: missing or suppressed figures are ``null``, never 0."""
    room = c.handlingsrom
    return {
        "year": c.year,
        "municipality": c.own,
        "regions": [{"region": r, "name": n} for r, n in c.regions],
        "cost": [_series_document(s) for s in c.cost],
        "needs_adjusted": [
            {
                "region": r["region"],
                "function": r["function"],
                "per_inhabitant": rounded(r["value"]),
                "index": r["index"],
                "adjusted": rounded(r["adjusted"]),
            }
            for r in c.adjusted.iter_rows(named=True)
        ],  # fmt: skip
        "quality": [_series_document(s) for s in c.quality],
        "handlingsrom": {
            "inhabitants": room.inhabitants,
            "own_index": room.own_index,
            "rows": [
                {k: rounded(v) if isinstance(v, float) else v for k, v in r.items()}
                for r in room.table.iter_rows(named=True)
            ],  # fmt: skip
            "totals": [
                {"comparator": r["comparator"], "name": r["comparator_name"], "mnok": rounded(r["mnok"])}
                for r in room.totals.iter_rows(named=True)
            ],  # fmt: skip
            "notes": room.notes,
        },
        "caveats": c.caveats,
        "sources": c.sources,
        "notes": c.notes,
    }


def to_json_text(c: Comparison) -> str:
    return json.dumps(document(c), ensure_ascii=False, indent=2)


def series_table(s: Series) -> Table:
    title = f"{s.label}" + (f", funksjon {s.function} {s.function_name}" if s.function else "") + f" ({s.unit})"
    t = Table(title=title, header_style="bold", box=box.SIMPLE_HEAD, title_justify="left")
    t.add_column("Region")
    for y in s.years:
        t.add_column(str(y), justify="right")
    for i, (_r, name, values) in enumerate(s.rows):
        t.add_row(name, *(_value(v, s.unit) for v in values), style="bold" if i == 0 else None)
    return t


def handlingsrom_table(c: Comparison) -> Table:
    room = c.handlingsrom
    adjusted = "behovskorrigert" if room.own_index is not None else "ikkje behovskorrigert"
    t = Table(title=f"Handlingsrom {c.year}, MNOK ({adjusted}): positivt = kommunen brukar meir enn samanlikninga",
              header_style="bold", box=box.SIMPLE_HEAD, title_justify="left",
              caption="\n".join(room.notes + c.caveats))  # fmt: skip
    functions = sorted(room.table["function"].unique().to_list()) if room.table.height else []
    t.add_column("Samanlikna med")
    for f in functions:
        t.add_column(f, justify="right")
    t.add_column("I alt", justify="right")
    totals = dict(room.totals.select("comparator", "mnok").iter_rows())
    for comparator, name in room.table.select("comparator", "comparator_name").unique(maintain_order=True).iter_rows():
        cells = dict(room.table.filter(pl.col("comparator") == comparator).select("function", "mnok").iter_rows())
        t.add_row(name or comparator, *(_mnok(cells.get(f)) for f in functions), _mnok(totals.get(comparator)))
    return t


def _mnok(v: float | None) -> str:
    return "–" if v is None else format_number(v, 1)


def tables(c: Comparison) -> list[Table]:
    return [handlingsrom_table(c), *(series_table(s) for s in c.cost), *(series_table(s) for s in c.quality)]


def xlsx_bytes(c: Comparison) -> bytes:
    from trappa.report.tables_xlsx import frame_workbook

    def long(series: list[Series]) -> pl.DataFrame:
        rows = [{"Tal": s.label, "Funksjon": s.function, "Eining": s.unit, "Region": name, "År": y, "Verdi": v}
                for s in series for _r, name, values in s.rows for y, v in zip(s.years, values, strict=True)]  # fmt: skip
        return pl.DataFrame(rows, schema={"Tal": pl.Utf8, "Funksjon": pl.Utf8, "Eining": pl.Utf8, "Region": pl.Utf8,
                                          "År": pl.Int64, "Verdi": pl.Float64})  # fmt: skip

    room = c.handlingsrom.table.select(
        pl.col("comparator_name").alias("Samanlikna med"), pl.col("function").alias("Funksjon"),
        pl.col("own").alias("Kommunen, kr per innbyggjar"), pl.col("theirs").alias("Samanlikninga, kr per innbyggjar"),
        pl.col("comparator_index").alias("Indeks, samanlikninga"), pl.col("per_inhabitant").alias("Skilnad, kr per innb."),
        pl.col("mnok").alias("Handlingsrom, MNOK"),
    )  # fmt: skip
    caveats = pl.DataFrame({"Hugs": [*c.handlingsrom.notes, *c.caveats, f"Kjelde: {', '.join(c.sources)}."]})
    return frame_workbook({"Handlingsrom": room, "Atterhald": caveats, "Kostnad": long(c.cost),
                           "Kvalitet og dekning": long(c.quality)},
                          title=f"KOSTRA {c.year}: {c.own} samanlikna med andre", red_negative=False)  # fmt: skip


def reconciliation_table(r: Reconciliation) -> Table:
    t = Table(title=f"Eigen rekneskap mot KOSTRA {r.year} (kroner)", header_style="bold", box=box.SIMPLE_HEAD,
              title_justify="left", caption="\n".join(r.notes))  # fmt: skip
    for name in ("Funksjon", "Rekneskapen, alt", "Finans", "Interne overf.", "Drift, netto", "SSB, netto",
                 "Skilnad", "Skilnad %"):  # fmt: skip
        t.add_column(name, justify="left" if name == "Funksjon" else "right")
    for row in r.table.iter_rows(named=True):
        share = row["difference_share"]
        t.add_row(f"{row['function']} {r.function_names.get(row['function'], '')}",
                  *(format_number(row[k]) if row[k] is not None else "–"
                    for k in ("own_all", "financing", "internal", "own_operating", "ssb", "difference")),
                  "–" if share is None else format_number(share * 100, 1) + " %")  # fmt: skip
    t.add_row("Utanfor helse og omsorg (ikkje med)", format_number(r.outside), "", "", "", "", "", "", style="dim")
    return t


def reconciliation_json(r: Reconciliation) -> str:
    return json.dumps({"year": r.year, "municipality": r.own, "outside_kroner": rounded(r.outside), "notes": r.notes,
                       "rows": [{k: rounded(v) if isinstance(v, float) else v for k, v in row.items()}
                                for row in r.table.iter_rows(named=True)]}, ensure_ascii=False, indent=2)  # fmt: skip


def chart(s: Series, own: str) -> dict[str, Any]:
    """One figure over the years: the municipality drawn thick, the others thin, the group and the country dashed."""
    import altair as alt

    rows = [{"Region": name, "År": str(y), "Verdi": v, "eigen": code == own,
             "type": "group" if code.startswith("EKG") else ("country" if code in REGION_KIND else "municipality")}
            for code, name, values in s.rows for y, v in zip(s.years, values, strict=True) if v is not None]  # fmt: skip
    title = s.label + (f", funksjon {s.function}" if s.function else "") + f" ({s.unit})"
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=True)
        .encode(
            x=alt.X("År:O", title="År"),
            y=alt.Y("Verdi:Q", title=s.unit, scale=alt.Scale(zero=False)),
            color=alt.Color("Region:N", sort=[name for _c, name, _v in s.rows], title="Region"),
            strokeWidth=alt.condition("datum.eigen", alt.value(4), alt.value(1.5)),
            strokeDash=alt.condition("datum.type != 'municipality'", alt.value([5, 3]), alt.value([1, 0])),
            tooltip=["Region:N", "År:O", alt.Tooltip("Verdi:Q", format=",.1f")],
        )
        .properties(title=title, width="container", height=280)
        .to_dict()
    )


def message_xlsx(text: str) -> bytes:
    """A workbook that says why it holds no figures."""
    from trappa.report.tables_xlsx import frame_workbook

    return frame_workbook({"KOSTRA": pl.DataFrame({"Melding": [text]})}, title="KOSTRA")
