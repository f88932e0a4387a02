"""`trappa report`: the report to the council as PDF (tagged), Word, Excel or its JSON document."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trappa import lazy
from trappa.cli.common import attempt, console, current, err, fail
from trappa.errors import TrappaError

if TYPE_CHECKING:
    from trappa.services import council_report
else:
    council_report = lazy.load("trappa.services.council_report")


class ReportFormat(StrEnum):
    pdf = "pdf"
    docx = "docx"
    xlsx = "xlsx"
    json = "json"


def report(
    out: Annotated[Path, typer.Option("--out", help="Fila rapporten skal skrivast til, til dømes rapport.pdf.")],
    year: Annotated[int | None, typer.Option("--year", help="Året (standard: det siste med rekneskap).")] = None,
    scenario: Annotated[
        list[str] | None, typer.Option("--scenario", help="Eit lagra scenario; kan gjentakast.")
    ] = None,
    sections: Annotated[
        str | None,
        typer.Option(
            "--sections", help="Delane, til dømes staircase,change,budget,projection,kostra (standard: alle)."
        ),
    ] = None,
    to_year: Annotated[int, typer.Option("--to", help="Framskriving til dette året.")] = 2040,
    output_format: Annotated[ReportFormat | None, typer.Option("--format", help="pdf, docx, xlsx eller json.")] = None,
) -> None:
    """Rapport til kommunestyret: trappa, endringa, budsjettet, framskrivinga og KOSTRA, som PDF, Word eller Excel."""
    s = current()
    chosen = output_format.value if output_format else out.suffix.lstrip(".").lower()
    if chosen not in council_report.FORMATS:
        fail(TrappaError("Kva format? Gi --format pdf, docx, xlsx eller json, eller ei fil som endar på det."))
    parts = [p.strip() for p in sections.split(",") if p.strip()] if sections else None
    with console.status("Lagar rapporten …") as status:
        document = attempt(lambda: council_report.build(
            s.db, year, scenarios=scenario, sections=parts, to_year=to_year,
            progress=lambda name: status.update(f"Lagar rapporten: {name} …")))  # fmt: skip
        status.update(f"Skriv {chosen.upper()} …")
        data = attempt(lambda: council_report.render(s.db, s.actor, document, chosen))
    out.write_bytes(data)
    err.print(f"Skreiv {out} ({len(document.sections)} delar).")


def register(app: typer.Typer) -> None:
    app.command()(report)
