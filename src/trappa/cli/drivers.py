"""`trappa drivers`: what drives the change to 2040: demography, each measure, real cost growth."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trappa import lazy
from trappa.cli.common import FORMAT_HELP, OUT_HELP, ResultFormat, attempt, current, emit

if TYPE_CHECKING:
    from trappa.report import drivers_out
    from trappa.services import projection
else:
    drivers_out = lazy.load("trappa.report.drivers_out")
    projection = lazy.load("trappa.services.projection")


def drivers(
    scenario: Annotated[
        str | None, typer.Option("--scenario", help="Lagra scenario eller JSON-fil (standard: alternativ 0).")
    ] = None,
    to_year: Annotated[int, typer.Option("--to", help="Siste år, til dømes 2040.")] = 2040,
    base_year: Annotated[
        int | None, typer.Option("--base-year", help="Basisåret (standard: siste med rekneskap).")
    ] = None,
    output_format: Annotated[ResultFormat, typer.Option("--format", help=FORMAT_HELP)] = ResultFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help=OUT_HELP)] = None,
) -> None:
    """Kva driv endringa: demografi åleine, kvart tiltak i scenarioet, realvekst; summerer seg til skilnaden."""
    db = current().db
    chosen = attempt(lambda: projection.scenario(db, scenario)) if scenario else None
    report = attempt(lambda: projection.drivers(db, chosen, to_year=to_year, base_year=base_year))
    emit(output_format.value, out, table=lambda: drivers_out.table(report),
         json_text=lambda: drivers_out.to_json_text(report), xlsx=lambda: drivers_out.xlsx_bytes(report),
         xlsx_name="drivarar.xlsx")  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command()(drivers)
