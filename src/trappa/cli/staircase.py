"""`trappa staircase …`: copy a template, check a file, choose the staircase in use, show it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from trappa import lazy
from trappa.cli.common import Language, attempt, console, current, fail
from trappa.errors import TrappaError
from trappa.report.formatting import count

if TYPE_CHECKING:
    from trappa.services import municipality
    from trappa.services import staircase as staircase_service
else:
    municipality = lazy.load("trappa.services.municipality")
    staircase_service = lazy.load("trappa.services.staircase")

app = typer.Typer(help="Trappemalar: kopier, kontroller og vel trappa kommunen brukar.", no_args_is_help=True)


@app.command("new")
def new(
    template: Annotated[str, typer.Option("--from", help="Mal: alver, asker eller bustadtrapp.")] = "alver",
    out: Annotated[Path | None, typer.Option("--out", help="Fil å skrive (standard: <mal>.yaml).")] = None,
) -> None:
    """Kopier ein mal til ei fil kommunen kan rette i."""
    target = out or Path(f"{template}.yaml")
    try:
        source = staircase_service.template_text(template)
        if target.exists():
            raise TrappaError(f"{target} finst alt. Vel eit anna filnamn.")
    except TrappaError as exc:
        fail(exc)
    target.write_text(source, encoding="utf-8")
    console.print(f"Skreiv {target}. Rett tekstane, og køyr «trappa staircase use {target}».")


@app.command("check")
def check(file: Annotated[Path, typer.Argument(help="YAML-fil med trappa.")]) -> None:
    """Kontroller ei trappefil."""
    s = attempt(lambda: staircase_service.check_file(file))
    n = len(getattr(s, "steps", getattr(s, "types", [])))
    console.print(f"[green]{file}: gyldig[/] ({s.name.nn}, {n} trinn).")


@app.command("use")
def use(file: Annotated[Path, typer.Argument(help="YAML-fil med tenestetrappa eller bustadtrappa.")]) -> None:
    """Bruk denne trappa (tenestetrapp eller bustadtrapp) for kommunen, lagra i databasen med historikk."""
    s = current()
    try:
        chosen = staircase_service.use_file(s.db, s.actor, file)
        who = municipality.load(s.db).name
    except TrappaError as exc:
        fail(exc)
    if isinstance(chosen, staircase_service.HousingStaircase):
        console.print(f"{who} brukar no bustadtrappa «{chosen.name.nn}» ({count(len(chosen.types), 'bustadtype')}).")
    else:
        console.print(f"{who} brukar no «{chosen.name.nn}» ({len(chosen.steps)} trinn).")


@app.command("show")
def show(
    template: Annotated[str | None, typer.Option("--template", help="Vis ein mal i staden for trappa i bruk.")] = None,
    language: Annotated[Language, typer.Option("--language", help="nn, nb eller en.")] = Language.nn,
) -> None:
    """Vis trinna i trappa."""
    s = attempt(lambda: staircase_service.template(template) if template else staircase_service.current(current().db))
    t = Table(title=s.name.get(language.value), header_style="bold")
    t.add_column("Trinn", justify="right")
    t.add_column("Namn")
    t.add_column("Kategori")
    cats = {c.number: c.name.get(language.value) for c in s.categories}
    for step in s.steps:
        t.add_row(step.code or str(step.number), step.name.get(language.value), cats[step.category])
    console.print(t)


@app.command("history")
def history(
    housing: Annotated[bool, typer.Option("--housing", help="Vis endringane av bustadtrappa i staden.")] = False,
) -> None:
    """Vis endringane av trappa: kven, når og kva."""
    rows = attempt(lambda: staircase_service.history(current().db, kind="housing" if housing else "service"))
    t = Table(title="Endringar av trappa", header_style="bold")
    for col in ("Nr.", "Tid", "Kven", "Kva"):
        t.add_column(col)
    for r in rows:
        t.add_row(str(r["id"]), r["at"].strftime("%d.%m.%Y %H:%M"), r["username"] or "", r["note"] or "")
    console.print(t)
