"""`trappa months`: the staircase month by month, and any one series of it ready for `trappa spc`."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from trappa import lazy
from trappa.cli.common import attempt, console, current
from trappa.report.formatting import format_number

if TYPE_CHECKING:
    from trappa.report import csv_out
    from trappa.services import profile as profile_service
else:
    csv_out = lazy.load("trappa.report.csv_out")
    profile_service = lazy.load("trappa.services.profile")


class Measure(StrEnum):
    persons = "persons"
    decisions = "decisions"
    decided_hours = "decided_hours"


class MonthsFormat(StrEnum):
    table = "table"
    csv = "csv"


def months(
    year: Annotated[
        list[int] | None, typer.Option("--year", help="År (kan gjentakast; standard: alle år med rekneskap).")
    ] = None,
    step: Annotated[int | None, typer.Option("--step", help="Berre dette trinnet.")] = None,
    measure: Annotated[
        Measure | None,
        typer.Option(
            "--measure", help="persons, decisions eller decided_hours: éin serie med periode;verdi for trappa spc."
        ),
    ] = None,
    output_format: Annotated[MonthsFormat, typer.Option("--format", help="table eller csv.")] = MonthsFormat.table,
) -> None:
    """Personar, vedtak og vedtakstimar per trinn og månad."""
    db = current().db
    if measure is not None:
        series = attempt(lambda: profile_service.monthly_series(db, measure.value, year, step))
        sys.stdout.write(csv_out.to_csv(series).lstrip("\ufeff"))
        return
    frame = attempt(lambda: profile_service.monthly(db, year, step))
    if output_format == MonthsFormat.csv:
        sys.stdout.write(
            csv_out.to_csv(frame, headers=["periode", "trinn", "namn", "personar", "vedtak", "vedtakstimar"])
        )
        return
    t = Table(title="Trappa månad for månad", header_style="bold")
    for col, justify in (("Periode", "left"), ("Trinn", "right"), ("Namn", "left"), ("Personar", "right"),
                         ("Vedtak", "right"), ("Vedtakstimar", "right")):  # fmt: skip
        t.add_column(col, justify=justify)  # type: ignore[arg-type]
    for r in frame.iter_rows(named=True):
        t.add_row(
            r["period"], str(r["step"]), r["step_name"] or "", format_number(r["persons"]),
            format_number(r["decisions"]), format_number(r["decided_hours"], 1),
        )  # fmt: skip
    console.print(t)


def register(app: typer.Typer) -> None:
    app.command()(months)
