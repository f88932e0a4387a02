"""`trappa kpi`: key figures per unit and in total, and what a change would do (what if)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from trappa import lazy
from trappa.cli.common import FORMAT_HELP, OUT_HELP, ResultFormat, attempt, console, current, emit
from trappa.report.formatting import format_number

if TYPE_CHECKING:
    from trappa.report import kpi_out
    from trappa.services import kpi as kpi_service
else:
    kpi_out = lazy.load("trappa.report.kpi_out")
    kpi_service = lazy.load("trappa.services.kpi")

app = typer.Typer(help="Nøkkeltal per eining og for alle: kostnad per årsverk, per betalt time, per vedtakstime …")


@app.callback(invoke_without_command=True)
def kpi(
    ctx: typer.Context,
    year: Annotated[int | None, typer.Option("--year", help="Året (standard: siste år med rekneskap).")] = None,
    month: Annotated[
        str | None, typer.Option("--month", help="Ein månad, som 2023-03, i staden for heile året.")
    ] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Berre denne eininga (og summen for alle).")] = None,
    output_format: Annotated[ResultFormat, typer.Option("--format", help=FORMAT_HELP)] = ResultFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help=OUT_HELP)] = None,
) -> None:
    """Nøkkeltala per eining og for alle einingane eit år eller ein månad (definisjonane står i docs/kpis.md)."""
    if ctx.invoked_subcommand:
        return
    db = current().db
    report = attempt(lambda: kpi_service.kpis(db, year, unit, month))
    figures = kpi_out.staircase_table(report)
    emit(output_format.value, out, table=lambda: [kpi_out.table(report), *([figures] if figures else [])],
         json_text=lambda: kpi_out.to_json_text(report), xlsx=lambda: kpi_out.xlsx_bytes(report),
         xlsx_name="nokkeltal.xlsx")  # fmt: skip


@app.command("whatif")
def whatif(
    year: Annotated[int | None, typer.Option("--year", help="Året (standard: siste år med rekneskap).")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Berre denne eininga (standard: alle saman).")] = None,
    decided_hours: Annotated[float, typer.Option("--decided-hours", help="Endring i vedtakstimar, prosent.")] = 0.0,
    ftes: Annotated[float, typer.Option("--ftes", help="Endring i årsverk (med fast løn), prosent.")] = 0.0,
    overtime: Annotated[float, typer.Option("--overtime", help="Endring i overtid, prosent.")] = 0.0,
    temporary: Annotated[float, typer.Option("--temporary", help="Endring i vikarar og ekstrahjelp, prosent.")] = 0.0,
) -> None:
    """Kva ei endring gjer med nøkkeltala for ei eining eller alle: «2 % færre vedtakstimar sparer kor mykje?»"""
    db = current().db
    result = attempt(
        lambda: kpi_service.what_if_unit(
            db, year, unit, decided_hours=decided_hours, ftes=ftes, overtime=overtime, temporary=temporary
        )
    )
    t = Table(title="Kva om", header_style="bold")
    for col in ("Nøkkeltal", "I dag", "Etter endringa"):
        t.add_column(col, justify="left" if col == "Nøkkeltal" else "right")
    for code, before in result.before.items():
        t.add_row(kpi_out.BY_CODE[code].nn, kpi_out.shown(code, before), kpi_out.shown(code, result.after[code]))
    console.print(t)
    console.print(f"Endring i lønskostnad: {format_number(result.wage_cost_change / 1_000_000, 2)} MNOK.")
    if result.saving_from_decided_hours is not None and decided_hours:
        saving = result.saving_from_decided_hours / 1_000_000
        console.print(f"Vedtakstimar × endring × personalkostnad per vedtakstime: {format_number(saving, 2)} MNOK.")
