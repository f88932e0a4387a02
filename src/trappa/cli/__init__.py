"""trappa on the command line. Each module is one group of commands; all of them call services.

This module only assembles them: `trappa` → data, staircase, population, scenario, project, user, site, demo.
"""

from __future__ import annotations

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
    on_demand.group(app)(prog_name="trappa")


if __name__ == "__main__":  # pragma: no cover
    main()
