"""`trappa coverage`: coverage as the sector counts it, on a census date over a chosen year's population."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trappa import lazy
from trappa.cli.common import FORMAT_HELP, OUT_HELP, ResultFormat, attempt, current, emit

if TYPE_CHECKING:
    from trappa.report import coverage_out
    from trappa.services import coverage as coverage_service
    from trappa.services import profile as profile_service
else:
    profile_service = lazy.load("trappa.services.profile")
    coverage_out = lazy.load("trappa.report.coverage_out")
    coverage_service = lazy.load("trappa.services.coverage")


class Grouping(StrEnum):
    step = "step"
    category = "category"
    user_group = "user-group"


def coverage(
    year: Annotated[int | None, typer.Option("--year", help="Året (standard: året til teljedatoen).")] = None,
    on_date: Annotated[
        str | None, typer.Option("--date", help="Teljedato, til dømes 15.03.2023; utan: alle med vedtak i året.")
    ] = None,
    population_year: Annotated[
        int | None, typer.Option("--population-year", help="Befolkninga 1. januar dette året (standard: same år).")
    ] = None,
    by: Annotated[Grouping, typer.Option("--by", help="step, category eller user-group.")] = Grouping.step,
    output_format: Annotated[ResultFormat, typer.Option("--format", help=FORMAT_HELP)] = ResultFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help=OUT_HELP)] = None,
) -> None:
    """Dekningsgrad: personar med vedtak (på ein teljedato) delt på innbyggjarar i same aldersgruppe."""
    db = current().db
    census = attempt(lambda: profile_service.parse_date(on_date)) if on_date else None
    report = attempt(lambda: coverage_service.coverage(
        db, year, census=census, population_year=population_year, by=by.value.replace("-", "_")))  # fmt: skip
    emit(output_format.value, out, table=lambda: coverage_out.table(report),
         json_text=lambda: coverage_out.to_json_text(report), xlsx=lambda: coverage_out.xlsx_bytes(report),
         xlsx_name="dekningsgrad.xlsx")  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command()(coverage)
