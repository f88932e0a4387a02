"""`trappa flows`: who moved between the steps, entered or left, from the decision history."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trappa import lazy
from trappa.cli.common import FORMAT_HELP, OUT_HELP, ResultFormat, attempt, current, emit, fail
from trappa.errors import TrappaError

if TYPE_CHECKING:
    from trappa.report import flows_out
    from trappa.services import flows as flow_service
    from trappa.services import profile as profile_service
else:
    profile_service = lazy.load("trappa.services.profile")
    flows_out = lazy.load("trappa.report.flows_out")
    flow_service = lazy.load("trappa.services.flows")


def flows(
    year: Annotated[int | None, typer.Option("--year", help="Frå 31.12. året før til 31.12. dette året.")] = None,
    first: Annotated[str | None, typer.Option("--from", help="Første dato, til dømes 31.12.2022.")] = None,
    second: Annotated[str | None, typer.Option("--to", help="Andre dato, til dømes 31.12.2023.")] = None,
    project_to: Annotated[
        int | None, typer.Option("--project-to", help="Framskriv trappa med flyten til dette året, til dømes 2040.")
    ] = None,
    change: Annotated[
        list[str] | None,
        typer.Option("--change", help="Endra flyt, FRÅ:TIL=PROSENT, til dømes 6:12=-10 (0 er ut av trappa)."),
    ] = None,
    phase: Annotated[
        str, typer.Option("--phase", help="Åra endringa vert innfasa, til dømes 2025-2028.")
    ] = "2025-2028",
    output_format: Annotated[ResultFormat, typer.Option("--format", help=FORMAT_HELP)] = ResultFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help=OUT_HELP)] = None,
) -> None:
    """Flyt i trappa: kor mange gjekk frå kvart trinn til kvart anna, kom inn eller gjekk ut, og kor lenge dei var.

    Med --project-to: trappa framskriven med flyten frå siste år, uendra og med endringane (--change).
    """
    if project_to is not None:
        _project(project_to, change or [], phase, output_format, out)
        return
    if year is not None and (first or second):
        fail(TrappaError("Bruk anten --year eller --from og --to, ikkje begge."))
    if year is not None:
        start, end = flow_service.year_dates(year)
    elif first and second:
        start, end = (
            attempt(lambda: profile_service.parse_date(first)),
            attempt(lambda: profile_service.parse_date(second)),
        )
    else:
        fail(TrappaError("Kva periode? Gi --year 2023, eller --from 31.12.2022 --to 31.12.2023."))
    db = current().db
    report = attempt(lambda: flow_service.flow_report(db, start, end))
    emit(output_format.value, out, table=lambda: flows_out.table(report),
         json_text=lambda: flows_out.to_json_text(report), xlsx=lambda: flows_out.xlsx_bytes(report),
         xlsx_name="flyt.xlsx")  # fmt: skip


def _project(to_year: int, changes: list[str], phase: str, output_format: ResultFormat, out: Path | None) -> None:
    import json

    first, _sep, last = phase.partition("-")
    if not (first.strip().isdigit() and last.strip().isdigit()):
        fail(TrappaError(f"«{phase}»: skriv innfasinga som to år, til dømes 2025-2028."))
    try:
        parsed = [flow_service.parse_change(c, int(first), int(last)) for c in changes]
    except TrappaError as exc:
        fail(exc)
    db = current().db
    report = attempt(lambda: flow_service.flow_outlook(db, parsed, to_year=to_year))
    emit(output_format.value, out, table=lambda: flows_out.outlook_table(report),
         json_text=lambda: json.dumps(flows_out.outlook_document(report), ensure_ascii=False, indent=2))  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command()(flows)
