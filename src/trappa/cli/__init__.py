"""trappa on the command line. Each module is one group of commands; all of them call services.

This module only assembles them: `trappa` → data, staircase, population, scenario, project, user, site, demo.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from trappa.cli import (
    common,
    coverage,
    data,
    demo,
    drivers,
    feedback,
    flows,
    kostra,
    kpi,
    months,
    municipality,
    norwegian,
    on_demand,
    population,
    prices,
    project,
    report,
    scenario,
    site,
    spc,
    staffing,
    staircase,
    users,
)

norwegian.install()
app = typer.Typer(
    name="trappa",
    help="Tenestetrappa for helse og omsorg: importer data, kontroller og lag profilen.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def root(
    database: Annotated[
        str | None,
        typer.Option("--database", help="Database-URL (standard: TRAPPA_DATABASE_URL, eller SQLite i TRAPPA_HOME)."),
    ] = None,
    demo: Annotated[
        bool,
        typer.Option(
            "--demo", help="Bruk databasen til Demo kommune (laga med «trappa demo») i staden for kommunen sin."
        ),
    ] = False,
) -> None:
    """Tenestetrappa for helse og omsorg: importer data, kontroller og lag profilen."""
    common.start(database, demo)


data.register(app)
demo.register(app)
project.register(app)
site.register(app)
spc.register(app)
months.register(app)
staffing.register(app)
prices.register(app)
coverage.register(app)
report.register(app)
flows.register(app)
drivers.register(app)
app.add_typer(municipality.app, name="municipality")
app.add_typer(staircase.app, name="staircase")
app.add_typer(population.app, name="population")
app.add_typer(scenario.app, name="scenario")
app.add_typer(users.app, name="user")
app.add_typer(feedback.app, name="feedback")
app.add_typer(kpi.app, name="kpi")
app.add_typer(kostra.app, name="kostra")


def main() -> None:
    """The `trappa` command: the same commands as `app`, each built only when it runs or is listed."""
    try:
        on_demand.group(app)(prog_name="trappa")
    finally:
        _leave()


def _leave() -> None:
    """The command is done: what it wrote is written, its files are closed. The interpreter's last act
    would be a full garbage collection over everything Polars and the command made (a sixth of a second,
    a fifth of `trappa profile`); frozen, those objects are left to the operating system instead.
    Only here, as the process ends: never in a process that goes on (tests, the web server)."""
    import gc
    from contextlib import suppress

    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a reader that went away (`| head`), or a stream already closed
            stream.flush()
    gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    main()
