"""`trappa project`: the staircase to 2040 or 2050, the reference and scenarios, in every format."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trappa import lazy
from trappa.cli.common import Language, OutputFormat, console, current, fail
from trappa.errors import TrappaError

if TYPE_CHECKING:
    from trappa.report import projection_out as po
    from trappa.services import projection, staircase
else:
    po = lazy.load("trappa.report.projection_out")
    projection = lazy.load("trappa.services.projection")
    staircase = lazy.load("trappa.services.staircase")


def project(
    to_year: Annotated[int, typer.Option("--to", help="Siste år, til dømes 2040 eller 2050.")] = 2040,
    base_year: Annotated[
        int | None, typer.Option("--base-year", help="Basisår for dekningsgradene (standard: siste år med rekneskap).")
    ] = None,
    scenario: Annotated[
        list[str] | None, typer.Option("--scenario", help="Namn på lagra scenario eller JSON-fil; kan gjentakast.")
    ] = None,
    municipality: Annotated[str | None, typer.Option("--municipality", help="Kommunenummer for befolkninga.")] = None,
    staff_change: Annotated[
        float, typer.Option("--staff-change", help="Årleg endring i årsverk ein kan rekruttere, prosent.")
    ] = 0.0,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table, csv, json eller xlsx.")
    ] = OutputFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="Skriv til fil i staden for skjermen.")] = None,
    language: Annotated[Language, typer.Option("--language", help="nn, nb eller en.")] = Language.nn,
) -> None:
    """Framskriv trappa: alternativ 0 (dagens dekningsgrader) og scenario, med usikkerheit og bemanning."""
    if output_format == OutputFormat.xlsx and out is None:
        fail(TrappaError("Excel må skrivast til ei fil: legg til --out framskriving.xlsx."))
    s = current()
    try:
        run = projection.run(
            s.db,
            [projection.scenario(s.db, name) for name in (scenario or [])],
            to_year=to_year,
            base_year=base_year,
            municipality_number=municipality,
            staff_change_percent=staff_change,
        )
        names = {step.number: step.name.get(language.value) for step in staircase.current(s.db).steps}
    except TrappaError as exc:
        fail(exc)
    if output_format == OutputFormat.table:
        shown = po.shown_years(run.base_year, to_year)
        console.print(po.rates_table(run.outlooks[0], names))
        for o in run.outlooks:
            console.print(po.steps_table(o, names, shown, demo=run.demo_population))
            console.print(po.staffing_table(run.staffing[o.scenario.name], shown))
            for note in o.pricing:
                console.print(f"[dim]Prising: {note}[/]")
        console.print(
            f"[dim]{run.note} Tal i parentes: låg–høg (befolkningsalternativ og uvisse i dekningsgradene).[/]"
        )
        return
    if output_format == OutputFormat.xlsx:
        assert out is not None
        po.write_workbook(run, out)
        console.print(f"Skreiv {out}")
        return
    payload = po.to_json_text(run) if output_format == OutputFormat.json else po.to_csv_text(run, language.value)
    if out:
        out.write_text(payload, "utf-8")
        console.print(f"Skreiv {out}")
    else:
        print(payload)


def register(app: typer.Typer) -> None:
    app.command()(project)
