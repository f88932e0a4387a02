"""`trappa demo`: build Demo kommune (synthetic data) in a database of its own and show its profile."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Annotated

import typer

from trappa import lazy
from trappa.cli.common import console, current, err, fail, progress
from trappa.errors import TrappaError
from trappa.report.labels import text

if TYPE_CHECKING:
    from trappa.report import profile_out
    from trappa.services import demo as demo_service
    from trappa.services import profile as profile_service
else:
    profile_out = lazy.load("trappa.report.profile_out")
    demo_service = lazy.load("trappa.services.demo")
    profile_service = lazy.load("trappa.services.profile")


def demo(
    seed: Annotated[int, typer.Option(help="Frø for tilfeldige tal; same frø gir same kommune.")] = 2021,
    year: Annotated[int, typer.Option(help="Året profilen vert vist for.")] = 2023,
    replace_real_data: Annotated[
        bool,
        typer.Option(
            "--replace-real-data",
            help="Berre med --database: erstatt kommunen sine eigne data med demoen (du vert spurd om å stadfeste).",
        ),
    ] = False,
) -> None:
    """Bygg Demo kommune (syntetiske data) i ein eigen database og vis profilen. Kommunen sine data vert ikkje rørte."""
    s = current()
    if not s.database_url:
        s.demo = True  # its own database under TRAPPA_HOME/demo, whatever TRAPPA_DATABASE_URL says
    err.print("[bold]Demo kommune[/] – " + text("synthetic"))
    try:
        if demo_service.holds_real_data(s.db):
            if not replace_real_data:
                raise TrappaError(
                    f"Databasen {s.settings.resolved_database_url} har kommunen sine eigne importar, og demoen "
                    "erstattar dei ikkje. Bruk «trappa demo» utan --database (demoen får då sin eigen database), "
                    "eller legg til --replace-real-data om du verkeleg vil erstatte dataa."
                )
            typer.confirm("Dette slettar alle importar i databasen og legg inn Demo kommune. Halde fram?", abort=True)
        with progress() as bar:

            def on_file(name: str) -> Callable[[int], None]:
                return partial(bar.advance, bar.add_task(f"Importerer {name}", total=None))

            result = demo_service.build(
                s.db,
                s.actor,
                s.settings.demo_folder / "filer",
                seed=seed,
                on_file=on_file,
                replace_real_data=replace_real_data,
            )
        report = profile_service.report(s.db, [year])
    except TrappaError as exc:
        fail(exc)
    for table in profile_out.tables(report, width=console.width):
        console.print(table)
    where = "" if s.database_url else " --demo"
    console.print(
        f"Demo kommune ligg i ein eigen database ({s.settings.resolved_database_url}); demofilene i {result.folder}. "
        f"Prøv «trappa{where} check», «trappa{where} profile --year {year} --format xlsx --out profil.xlsx», "
        f"«trappa{where} project --to 2040 --scenario 'Heildøgns bustad framfor institusjon'» og «trappa{where} serve»."
    )


def register(app: typer.Typer) -> None:
    app.command()(demo)
