"""`trappa staffing FILE.yaml`: staffing patterns for round-the-clock units side by side (bemanningsplan)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trappa import lazy
from trappa.cli.common import FORMAT_HELP, OUT_HELP, ResultFormat, attempt, current, emit

if TYPE_CHECKING:
    from trappa.report import staffing_out
    from trappa.services import staffing as staffing_service
else:
    staffing_out = lazy.load("trappa.report.staffing_out")
    staffing_service = lazy.load("trappa.services.staffing")


def staffing(
    file: Annotated[
        Path, typer.Argument(help="YAML-fil med lønsreglar (pay) og mønstera (patterns), sjå docs/staffing.md.")
    ],
    output_format: Annotated[ResultFormat, typer.Option("--format", help=FORMAT_HELP)] = ResultFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help=OUT_HELP)] = None,
) -> None:
    """Betalte timar, årsverk og kostnad per år for bemanningsmønster, og skilnaden mot dagens (det første)."""
    db = current().db
    results = attempt(lambda: staffing_service.compare_file(db, file))
    emit(output_format.value, out, table=lambda: staffing_out.table(results),
         json_text=lambda: staffing_out.to_json_text(results), xlsx=lambda: staffing_out.xlsx_bytes(results),
         xlsx_name="bemanning.xlsx")  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command()(staffing)
