"""`trappa feedback …`: what citizens wrote in the accessibility statement's form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from trappa import lazy
from trappa.cli.common import attempt, console, current

if TYPE_CHECKING:
    from trappa.services import feedback
else:
    feedback = lazy.load("trappa.services.feedback")

app = typer.Typer(help="Tilbakemeldingar om tilgjenge frå dei opne sidene.", no_args_is_help=True)


@app.command("list")
def list_feedback(
    every: Annotated[bool, typer.Option("--all", help="Ta med dei som er merkte som handsama.")] = False,
) -> None:
    """Vis tilbakemeldingane, nyaste først (standard: berre dei som ikkje er handsama)."""
    rows = attempt(lambda: feedback.entries(current().db, open_only=not every))
    t = Table(title="Tilbakemeldingar", header_style="bold")
    for col in ("Nr.", "Motteke", "Side", "Melding", "Kontakt", "Handsama"):
        t.add_column(col)
    for r in rows:
        handled = f"{r['handled_at']:%d.%m.%Y} av {r['handled_by'] or 'ukjend'}" if r["handled_at"] else ""
        t.add_row(
            str(r["id"]),
            f"{r['received_at']:%d.%m.%Y %H:%M}",
            r["page"] or "",
            r["message"],
            r["contact"] or "",
            handled,
        )
    console.print(t if rows else "Ingen tilbakemeldingar å handsame.")


@app.command("handled")
def handled(feedback_id: Annotated[int, typer.Argument(help="Nummeret på tilbakemeldinga.")]) -> None:
    """Merk ei tilbakemelding som handsama."""
    s = current()
    attempt(lambda: feedback.mark_handled(s.db, s.actor, feedback_id))
    console.print(f"Tilbakemelding {feedback_id} er merkt som handsama.")
