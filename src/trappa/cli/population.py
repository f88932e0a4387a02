"""`trappa population …`: inhabitants and SSB's projection of them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from trappa import lazy
from trappa.cli.common import attempt, console, current, fail, progress
from trappa.errors import TrappaError
from trappa.report.formatting import count, format_number
from trappa.services.catalogue import PROJECTION_TABLE

if TYPE_CHECKING:
    from trappa.services import imports, population
else:
    imports = lazy.load("trappa.services.imports")
    population = lazy.load("trappa.services.population")

app = typer.Typer(help="Befolkning og framskriving frå SSB.", no_args_is_help=True)


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(help="CSV eller XLSX frå Statistikkbanken (07459 eller framskriving).")],
) -> None:
    """Importer befolkning eller framskriving lasta ned frå Statistikkbanken."""
    s = current()
    result = attempt(lambda: imports.import_population(s.db, s.actor, file))
    if result.unchanged:
        console.print(f"{file.name}: same innhald er alt importert. Ingenting endra.")
    else:
        years = ", ".join(map(str, result.years))
        console.print(f"[green]Importert[/] {count(result.rows, 'rad')} befolkning frå {file.name} for {years}.")


@app.command("fetch")
def fetch(
    municipality: Annotated[str | None, typer.Option("--municipality", help="Kommunenummer, til dømes 4631.")] = None,
    from_year: Annotated[int, typer.Option("--from", help="Første år med registrert befolkning.")] = 2015,
    to_year: Annotated[int, typer.Option("--to", help="Siste år i framskrivinga.")] = 2050,
    projection_table: Annotated[
        str, typer.Option("--projection-table", help="SSB-tabell med framskrivinga.")
    ] = PROJECTION_TABLE,
    refresh: Annotated[bool, typer.Option("--refresh", help="Hent på nytt sjølv om ein kopi er lagra.")] = False,
) -> None:
    """Hent befolkning (07459) og SSB si framskriving (MMMM, LLML, HHMH) for kommunen."""
    s = current()
    try:
        with progress() as bar:
            task = bar.add_task("Hentar frå SSB", total=2)
            result = population.fetch(
                s.db,
                s.actor,
                s.settings,
                municipality_number=municipality,
                from_year=from_year,
                to_year=to_year,
                projection_table=projection_table,
                refresh=refresh,
                progress=lambda: bar.advance(task),
            )
    except TrappaError as exc:
        fail(exc)
    console.print(
        f"Henta {count(result.registered_rows + result.projected_rows, 'rad')} for kommune {result.municipality} "
        f"({count(result.requests_sent, 'førespurnad')} til SSB; resten frå lagra kopi)."
    )


@app.command("show")
def show(
    municipality: Annotated[str | None, typer.Option("--municipality", help="Kommunenummer, til dømes 4631.")] = None,
) -> None:
    """Vis befolkninga per aldersgruppe for nokre år."""
    tables = attempt(lambda: population.tables(current().db, municipality))
    for p in tables:
        t = Table(title=f"Befolkning {p.municipality}, alternativ {p.alternative}", header_style="bold")
        t.add_column("Aldersgruppe")
        for y in p.years:
            t.add_column(str(y), justify="right")
        for band in p.bands:
            t.add_row(band, *[format_number(p.values.get((band, y)), 0) for y in p.years])
        console.print(t)
