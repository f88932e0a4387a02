"""`trappa scenario …`: scenarios for the projection, saved in the database and as JSON files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from trappa import lazy
from trappa.cli.common import attempt, console, current
from trappa.report.formatting import count

if TYPE_CHECKING:
    from trappa.services import projection
else:
    projection = lazy.load("trappa.services.projection")

app = typer.Typer(help="Scenario for framskrivinga: lag, vis, eksporter og importer.", no_args_is_help=True)


@app.command("list")
def list_scenarios() -> None:
    """Vis lagra scenario."""
    stored = attempt(lambda: projection.scenarios(current().db))
    t = Table(title="Scenario", header_style="bold")
    for col in ("Namn", "Skildring", "Endringar"):
        t.add_column(col)
    for name, s in stored.items():
        changes = ", ".join(
            [count(len(s.rate_changes), "dekningsgrad"), count(len(s.moves), "flytting"), count(len(s.caps), "tak")]
        )
        t.add_row(name, s.description, changes)
    console.print(t)


@app.command("import")
def import_scenario(
    file: Annotated[Path, typer.Argument(help="Scenario som JSON (skjema: docs/scenario.schema.json).")],
) -> None:
    """Les inn eit scenario frå JSON og lagre det."""
    s = current()
    scenario = attempt(lambda: projection.import_scenario(s.db, s.actor, file))
    console.print(f"Lagra scenarioet «{scenario.name}».")


@app.command("export")
def export(
    name: Annotated[str, typer.Argument(help="Namnet på eit lagra scenario.")],
    out: Annotated[Path | None, typer.Option("--out", help="JSON-fil (standard: skjermen).")] = None,
) -> None:
    """Skriv eit lagra scenario som JSON, til å sende, samanlikne eller lese inn att."""
    scenario = attempt(lambda: projection.scenario(current().db, name))
    if out:
        out.write_text(scenario.to_json() + "\n", "utf-8")
        console.print(f"Skreiv {out}")
    else:
        print(scenario.to_json())


@app.command("new")
def new(
    name: Annotated[str, typer.Argument(help="Namnet på det nye scenarioet.")],
    description: Annotated[str, typer.Option("--description", help="Kva scenarioet handlar om.")] = "",
    alternative: Annotated[
        str, typer.Option("--population-alternative", help="MMMM, LLML, HHMH … (DEMO i demoen)")
    ] = "MMMM",
) -> None:
    """Lag eit tomt scenario (lik alternativ 0) som du kan eksportere, rette og lese inn att."""
    s = current()
    attempt(lambda: projection.new_scenario(s.db, s.actor, name, description, alternative))
    console.print(f"Laga scenarioet «{name}». Rett det med «trappa scenario export {name} --out fil.json» og «import».")


@app.command("presets")
def presets() -> None:
    """Lagre alternativ 0, 1 og 2 frå planmaterialet som scenario å byggje vidare på."""
    s = current()
    made = attempt(lambda: projection.save_presets(s.db, s.actor))
    for scenario in made:
        console.print(f"Lagra «{scenario.name}»: {scenario.description}")


@app.command("delete")
def delete(name: Annotated[str, typer.Argument(help="Namnet på scenarioet.")]) -> None:
    """Slett eit lagra scenario."""
    s = current()
    found = attempt(lambda: projection.delete(s.db, s.actor, name))
    console.print(f"Sletta «{name}»." if found else f"Fann ikkje «{name}».")
