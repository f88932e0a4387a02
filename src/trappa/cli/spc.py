"""`trappa spc FILE`: an SPC chart of any series in a spreadsheet (periode, verdi, optionally nemnar)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trappa import lazy
from trappa.cli.common import attempt, console, fail
from trappa.errors import TrappaError

if TYPE_CHECKING:
    from trappa.report import spc_out
    from trappa.services import spc as spc_service
else:
    spc_out = lazy.load("trappa.report.spc_out")
    spc_service = lazy.load("trappa.services.spc")


class Direction(StrEnum):
    up = "up"
    down = "down"
    neutral = "neutral"


class SpcFormat(StrEnum):
    table = "table"
    json = "json"
    svg = "svg"
    xlsx = "xlsx"


def spc(
    file: Annotated[
        Path, typer.Argument(help="CSV eller XLSX med kolonnane periode og verdi, og nemnar for ein p-graf.")
    ],
    improvement: Annotated[
        Direction, typer.Option("--improvement", help="Kva retning er betre: up, down eller neutral.")
    ] = Direction.neutral,
    target: Annotated[float | None, typer.Option("--target", help="Målet å vurdere grensene mot.")] = None,
    baseline: Annotated[
        int | None, typer.Option("--baseline", help="Fast basisperiode: grensene frå dei første N punkta (minst 12).")
    ] = None,
    rebase: Annotated[
        list[str] | None,
        typer.Option(
            "--rebase", help="Nytt utgangspunkt frå ein periode, med grunn: 2024-03=Ny turnus. Kan gjentakast."
        ),
    ] = None,
    output_format: Annotated[
        SpcFormat, typer.Option("--format", help="table, json eller svg (diagrammet).")
    ] = SpcFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="Skriv til fil i staden for skjermen.")] = None,
) -> None:
    """Statistisk prosesskontroll (SPC) av ein serie: grenser, signal og vurdering mot eit mål."""
    rebases: dict[str, str] = {}
    for item in rebase or []:
        period, _sep, reason = item.partition("=")
        if not _sep:
            fail(TrappaError(f"«{item}»: skriv nytt utgangspunkt som PERIODE=GRUNN, til dømes 2024-03=Ny turnus."))
        rebases[period.strip()] = reason.strip()
    report = attempt(
        lambda: spc_service.chart_file(
            file, improvement=improvement.value, target=target, baseline=baseline, rebases=rebases
        )
    )
    if output_format == SpcFormat.xlsx:
        if out is None:
            fail(TrappaError("Excel må skrivast til ei fil: legg til --out spc.xlsx."))
        out.write_bytes(spc_out.xlsx_bytes(report))
        console.print(f"Skreiv {out}")
        return
    if output_format in (SpcFormat.json, SpcFormat.svg):
        payload = (
            spc_out.to_json_text(report)
            if output_format == SpcFormat.json
            else spc_out.to_svg(spc_out.vega_spec(report, target))
        )
        if out:
            out.write_text(payload + "\n", "utf-8")
            console.print(f"Skreiv {out}")
        else:
            print(payload)
        return
    console.print(spc_out.table(report))


def register(app: typer.Typer) -> None:
    app.command()(spc)
