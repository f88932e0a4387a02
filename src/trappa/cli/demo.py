"""`trappa demo`: build Demo kommune (synthetic data) and show its profile."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Annotated

import typer

from trappa.cli.common import console, current, err, fail, progress
from trappa.errors import TrappaError
from trappa.report import profile_out
from trappa.report.labels import text
from trappa.services import demo as demo_service
from trappa.services import profile as profile_service


def demo(
    seed: Annotated[int, typer.Option(help="Frø for tilfeldige tal; same frø gir same kommune.")] = 2021,
    year: Annotated[int, typer.Option(help="Året profilen vert vist for.")] = 2023,
) -> None:
    """Bygg Demo kommune (syntetiske data) i databasen og vis profilen."""
    s = current()
    err.print("[bold]Demo kommune[/] – " + text("synthetic"))
    try:
        with progress() as bar:

            def on_file(name: str) -> Callable[[int], None]:
                return partial(bar.advance, bar.add_task(f"Importerer {name}", total=None))

            result = demo_service.build(s.db, s.actor, s.settings.demo_folder, seed=seed, on_file=on_file)
        report = profile_service.report(s.db, [year])
    except TrappaError as exc:
        fail(exc)
    for table in profile_out.tables(report, width=console.width):
        console.print(table)
    console.print(
        f"Demofilene ligg i {result.folder}. Prøv «trappa check», "
        f"«trappa profile --year {year} --format xlsx --out profil.xlsx» og "
        "«trappa project --to 2040 --scenario 'Heildøgns bustad framfor institusjon'»."
    )


def register(app: typer.Typer) -> None:
    app.command()(demo)
