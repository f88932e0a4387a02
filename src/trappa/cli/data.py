"""Commands for the municipality's data: import, check, profile and the import history."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from trappa import lazy
from trappa.cli.common import Language, OutputFormat, attempt, console, current, err, fail, progress, simple_table
from trappa.errors import TrappaError
from trappa.report.formatting import count, format_kroner, format_number
from trappa.services.catalogue import KINDS

if TYPE_CHECKING:
    from trappa.report import profile_out
    from trappa.report import table as profile_table
    from trappa.services import imports as import_service
    from trappa.services import profile as profile_service
else:
    profile_table = lazy.load("trappa.report.table")
    profile_out = lazy.load("trappa.report.profile_out")
    import_service = lazy.load("trappa.services.imports")
    profile_service = lazy.load("trappa.services.profile")

# The kinds of file are the contracts' (a test holds the catalogue equal to them), listed without loading them.
Kind = StrEnum("Kind", [(k, k) for k in KINDS])  # type: ignore[misc]


class By(StrEnum):
    user_group = "user-group"


class Columns(StrEnum):
    auto = "auto"
    all = "all"
    compact = "compact"


def import_command(
    kind: Annotated[Kind, typer.Argument(help=f"Kva slags fil: {', '.join(KINDS)}.")],
    file: Annotated[Path, typer.Argument(help="CSV- eller XLSX-fil.")],
    year: Annotated[int | None, typer.Option("--year", help="Berre dette året (fila kan ikkje ha andre år).")] = None,
) -> None:
    """Importer ei fil. Alt eller ingenting: ved feil vert ingenting lagra."""
    s = current()
    try:
        with progress() as bar:
            task = bar.add_task(f"Importerer {file.name}", total=None)
            result = import_service.import_file(
                s.db, s.actor, kind.value, file, year=year, progress=partial(bar.advance, task)
            )
            bar.update(task, total=result.rows, completed=result.rows)
    except TrappaError as exc:
        fail(exc)
    years = f" for {', '.join(map(str, result.years))}" if result.years else ""
    if result.unchanged:
        console.print(f"{escape(file.name)}: same innhald er alt importert{years}. Ingenting endra.")
    else:
        console.print(
            f"[green]Importert[/] {count(result.rows, 'rad')} frå {escape(file.name)}{years} (import nr. {result.import_id})."
        )


def check(
    year: Annotated[int | None, typer.Option("--year", help="Året som skal kontrollerast (standard: alle).")] = None,
) -> None:
    """Kontroller fordelingsnøkkelen og kontrollsummane: kvar krone skal vere gjort greie for."""
    report = attempt(lambda: profile_service.check(current().db, year))
    for p in report.profiles:
        y = p.year
        console.print(profile_table.controls_panel(p))
        if not p.unmapped_centres.is_empty():
            rows = [
                (r["cost_centre"], r["cost_centre_name"] or "", format_kroner(r["amount_ore"]))
                for r in p.unmapped_centres.to_dicts()
            ]
            console.print(
                simple_table(f"Ikkje fordelte ansvar {y}", ["Ansvar", "Namn", "Beløp (kr)"], rows, style="bold yellow")
            )
        if not p.share_problems.is_empty():
            rows = [
                (r["selector"], r["function"] or "alle", format_number(r["share_sum"], 2) + " %")
                for r in p.share_problems.to_dicts()
            ]
            title = f"Fordelingsnøklar som ikkje summerer til 100 % ({y})"
            console.print(simple_table(title, ["Ansvar", "Funksjon", "Sum del"], rows, style="bold yellow"))
        if not p.overlapping_keys.is_empty():
            console.print(
                f"[yellow]Overlappande nøklar {y}:[/] "
                + escape(
                    "; ".join(
                        f"ansvar {r['cost_centre']} funksjon {r['function']}: {', '.join(r['selectors'])}"
                        for r in p.overlapping_keys.to_dicts()
                    )
                )
            )
        if not p.services_without_step.is_empty():
            service_rows = [(r["service"], format_number(r["decisions"])) for r in p.services_without_step.to_dicts()]
            console.print(
                simple_table(f"Tenester utan trinn ({y})", ["Teneste", "Vedtak"], service_rows, style="bold yellow")
            )
        if not p.unmapped_ftes.is_empty():
            console.print(
                f"[yellow]Årsverk utan fordeling {y}:[/] "
                + escape(
                    ", ".join(f"{r['cost_centre']} ({format_number(r['ftes'], 1)})" for r in p.unmapped_ftes.to_dicts())
                )
            )
    if report.problems:
        console.print(f"[yellow]Kontrollen fann {report.problems} ting å sjå på.[/]")
        raise typer.Exit(1)
    console.print("[green]Alt er fordelt, og kontrollsummane balanserer.[/]")


def profile(
    year: Annotated[
        list[int] | None, typer.Option("--year", help="År (kan gjentakast; standard: siste år, eller alle for xlsx).")
    ] = None,
    by: Annotated[By | None, typer.Option("--by", help="Del opp per brukargruppe.")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table, csv, json eller xlsx.")
    ] = OutputFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="Skriv til fil i staden for skjermen.")] = None,
    on_date: Annotated[
        str | None, typer.Option("--date", help="Dato for «personar på dato» (standard 31.12.).")
    ] = None,
    language: Annotated[Language, typer.Option("--language", help="nn, nb eller en.")] = Language.nn,
    budget: Annotated[
        bool, typer.Option("--budget", help="Profilen av budsjettet i staden for rekneskapen (kolonnen «budsjett»).")
    ] = False,
    columns: Annotated[
        Columns,
        typer.Option("--columns", help="Tabellen på skjermen: all (alle kolonnar), compact, eller auto etter breidda."),
    ] = Columns.auto,
) -> None:
    """Tenesteprofilen per trinn: personar, vedtak, timar, årsverk og kroner."""
    if output_format == OutputFormat.xlsx and out is None:
        fail(TrappaError("Excel må skrivast til ei fil: legg til --out profil.xlsx."))
    try:
        report = profile_service.report(
            current().db,
            year,
            every_year=output_format == OutputFormat.xlsx,
            by_user_group=by is not None,
            on_date=profile_service.parse_date(on_date) if on_date else None,
            language=language.value,
            budget=budget,
        )
    except TrappaError as exc:
        fail(exc)
    if output_format == OutputFormat.table:
        with out.open("w", encoding="utf-8") if out else nullcontext() as file:
            target = Console(file=file, width=230) if file else console
            for table in profile_out.tables(report, width=target.width, columns=columns.value):
                target.print(table)
        hidden = profile_table.hidden_columns(target.width, columns.value, language.value)
        if hidden:
            err.print(
                f"[yellow]Terminalen er for smal for alle kolonnane; desse er ikkje viste:[/] {', '.join(hidden)}. "
                "Vis dei med --columns all (og ein breiare terminal), eller bruk --format csv eller --format xlsx."
            )
        return
    if output_format == OutputFormat.xlsx:
        assert out is not None
        profile_out.write_xlsx(report, out)
        console.print(f"Skreiv {out}")
        return
    payload = (
        profile_out.to_json_text(report) if output_format == OutputFormat.json else profile_out.to_csv_text(report)
    )
    if out:
        out.write_text(payload, encoding="utf-8")
        console.print(f"Skreiv {out}")
        return
    sys.stdout.write(payload.lstrip("\ufeff") if output_format == OutputFormat.csv and sys.stdout.isatty() else payload)
    sys.stdout.write("\n" if output_format == OutputFormat.json else "")


def imports() -> None:
    """Vis importhistorikken."""
    history = attempt(lambda: import_service.history(current().db))
    titles = {**import_service.kind_titles(), "population": "Befolkning"}
    t = Table(title="Importar", header_style="bold")
    for col in ("Nr.", "Kva", "År", "Fil", "Rader", "Tid", "Status"):
        t.add_column(col, justify="right" if col in ("Nr.", "Rader") else "left")
    for r in history:
        years = str(r["years"] or "").split(",") if r["years"] else []
        t.add_row(
            str(r["id"]),
            titles.get(str(r["kind"]), str(r["kind"])),
            f"{years[0]}–{years[-1]}" if len(years) > 3 else ", ".join(years),  # as the web shows them
            Text(str(r["file_name"])),  # a file name is text, never markup
            format_number(r["row_count"]),
            r["imported_at"].strftime("%d.%m.%Y %H:%M"),
            "aktiv" if r["status"] == "active" else "erstatta",
        )
    console.print(t)


def register(app: typer.Typer) -> None:
    app.command("import")(import_command)
    app.command()(check)
    app.command()(profile)
    app.command()(imports)
