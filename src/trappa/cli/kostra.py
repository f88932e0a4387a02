"""`trappa kostra`: KOSTRA figures fetched or imported, the expense-need index, the comparison and the
reconciliation with the own accounts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trappa import lazy
from trappa.cli.common import FORMAT_HELP, OUT_HELP, ResultFormat, attempt, console, current, emit

if TYPE_CHECKING:
    from trappa.report import kostra_out
    from trappa.services import kostra
else:
    kostra_out = lazy.load("trappa.report.kostra_out")
    kostra = lazy.load("trappa.services.kostra")

app = typer.Typer(help="Samanlikning med andre kommunar (KOSTRA).", no_args_is_help=True)

WITH_HELP = "Samanlikningskommunar, til dømes 4601,4627 (standard: dei som er sette i innstillingane)."
GROUP_HELP = "KOSTRA-gruppa, til dømes EKG11 (standard: den som er sett i innstillingane)."


def _with(value: str | None) -> list[str] | None:
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


@app.command("fetch")
def fetch(
    from_year: Annotated[int, typer.Option("--from", help="Første år.")] = 2019,
    to_year: Annotated[int, typer.Option("--to", help="Siste år.")] = 2024,
    with_: Annotated[str | None, typer.Option("--with", help=WITH_HELP)] = None,
    group: Annotated[str | None, typer.Option("--group", help=GROUP_HELP)] = None,
    refresh: Annotated[bool, typer.Option("--refresh", help="Hent på nytt sjølv om ein kopi er lagra.")] = False,
) -> None:
    """Hent KOSTRA-tala i katalogen frå SSB for kommunen, samanlikningskommunane, gruppa og landet."""
    s = current()
    with console.status("Hentar KOSTRA-tal frå SSB (høgst 30 førespurnader i minuttet) …"):
        result = attempt(lambda: kostra.fetch(s.db, s.actor, s.settings, years=list(range(from_year, to_year + 1)),
                                              with_=_with(with_), group=group, refresh=refresh))  # fmt: skip
    used = ", ".join(f"{k} {v}" for k, v in result.tables_used.items())
    console.print(f"Lagra {result.rows} tal frå tabell {used} ({result.requests_sent} førespurnader til SSB).")
    for note in result.notes:
        console.print(f"[yellow]Merk:[/yellow] {note}")


@app.command("group")
def group_(year: Annotated[int, typer.Option("--year", help="Gruppa 1. januar dette året.")] = 2024) -> None:
    """Finn KOSTRA-gruppa til kommunen i SSB sin klassifikasjon (KLASS) og bruk ho i samanlikninga."""
    s = current()
    found = attempt(lambda: kostra.find_group(s.db, s.actor, s.settings, year))
    console.print(
        f"Kommunen er i {found.code} ({found.name}) {found.on:%d.%m.%Y}. Samanlikninga brukar no denne gruppa."
    )


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="Eit lagra svar frå SSB (JSON) eller ein CSV frå Statistikkbanken.")],
) -> None:
    """Importer KOSTRA-tal frå fil, utan nett. Alt eller ingenting."""
    s = current()
    rows = attempt(lambda: kostra.import_file(s.db, s.actor, file))
    console.print(f"Lagra {rows} KOSTRA-tal frå {file.name}.")


@app.command("index")
def index(
    region: Annotated[str, typer.Argument(help="Kommunenummer (eller EKG-gruppe).")],
    year: Annotated[int, typer.Argument(help="Året.")],
    value: Annotated[float, typer.Argument(help="Utgiftsbehovsindeksen for helse og omsorg, til dømes 1.06.")],
    source: Annotated[str, typer.Option("--source", help="Kvar indeksen kjem frå, til dømes «Grønt hefte 2024».")],
) -> None:
    """Set utgiftsbehovsindeksen for helse og omsorg (landet = 1) for ein kommune og eit år."""
    s = current()
    attempt(lambda: kostra.set_need_index(s.db, s.actor, region, year, value, source))
    console.print(f"Indeksen for {region} i {year} er {value:g}.".replace(".", ",", 1))


@app.command("index-import")
def index_import(
    file: Annotated[Path, typer.Argument(help="CSV eller Excel med region, år, indeks og kjelde.")],
) -> None:
    """Importer utgiftsbehovsindeksar for mange kommunar (frå grønt hefte). Alt eller ingenting."""
    s = current()
    rows = attempt(lambda: kostra.import_needs(s.db, s.actor, file))
    console.print(f"Lagra {rows} indeksar frå {file.name}.")


@app.command("compare")
def compare(
    year: Annotated[int | None, typer.Option("--year", help="Året (standard: det siste).")] = None,
    with_: Annotated[str | None, typer.Option("--with", help=WITH_HELP)] = None,
    group: Annotated[str | None, typer.Option("--group", help=GROUP_HELP)] = None,
    output_format: Annotated[ResultFormat, typer.Option("--format", help=FORMAT_HELP)] = ResultFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help=OUT_HELP)] = None,
) -> None:
    """Kostnad (òg behovskorrigert), handlingsrom, dekning og kvalitet, side om side."""
    db = current().db
    result = attempt(lambda: kostra.compare(db, year, with_=_with(with_), group=group))
    emit(output_format.value, out, table=lambda: kostra_out.tables(result),
         json_text=lambda: kostra_out.to_json_text(result), xlsx=lambda: kostra_out.xlsx_bytes(result),
         xlsx_name="kostra.xlsx")  # fmt: skip


@app.command("show")
def show(
    year: Annotated[int | None, typer.Option("--year", help="Året (standard: det siste).")] = None,
    with_: Annotated[str | None, typer.Option("--with", help=WITH_HELP)] = None,
    group: Annotated[str | None, typer.Option("--group", help=GROUP_HELP)] = None,
    output_format: Annotated[ResultFormat, typer.Option("--format", help=FORMAT_HELP)] = ResultFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help=OUT_HELP)] = None,
) -> None:
    """Dei lagra KOSTRA-tala for kommunen og samanlikningane (utan handlingsrom)."""
    db = current().db
    result = attempt(lambda: kostra.compare(db, year, with_=_with(with_), group=group))
    emit(output_format.value, out, table=lambda: [kostra_out.series_table(s) for s in result.cost + result.quality],
         json_text=lambda: kostra_out.to_json_text(result), xlsx=lambda: kostra_out.xlsx_bytes(result),
         xlsx_name="kostra.xlsx")  # fmt: skip


@app.command("reconcile")
def reconcile(
    year: Annotated[
        int | None, typer.Option("--year", help="Året (standard: det siste med både rekneskap og KOSTRA).")
    ] = None,
    output_format: Annotated[ResultFormat, typer.Option("--format", help=FORMAT_HELP)] = ResultFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help=OUT_HELP)] = None,
) -> None:
    """Eigen rekneskap per funksjon mot netto driftsutgifter SSB publiserer for kommunen."""
    db = current().db
    result = attempt(lambda: kostra.reconcile(db, year))
    emit(output_format.value, out, table=lambda: kostra_out.reconciliation_table(result),
         json_text=lambda: kostra_out.reconciliation_json(result))  # fmt: skip
