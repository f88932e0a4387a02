"""`trappa serve` and `trappa publish`: the web and what its public pages show."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from trappa import lazy
from trappa.cli.common import attempt, console, current, fail
from trappa.errors import TrappaError

if TYPE_CHECKING:
    from trappa.services import publishing
else:
    publishing = lazy.load("trappa.services.publishing")


def serve(
    host: Annotated[str | None, typer.Option(help="Adressa å lytte på (standard 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Porten å lytte på (standard 8000).")] = None,
    production: Annotated[
        bool, typer.Option("--production", help="Krev ein ekte TRAPPA_SECRET_KEY og sikre informasjonskapslar.")
    ] = False,
) -> None:
    """Start nettsida: den opne tenestetrappa og (etter innlogging) arbeidsflata for tilsette."""
    import uvicorn

    from trappa.web.app import create_app

    s = current()
    settings = s.settings.model_copy(update={"env": "production"}) if production else s.settings
    web = attempt(lambda: create_app(s.db, settings))
    host, port = host or settings.host, port or settings.port
    console.print(f"trappa køyrer på [bold]http://{host}:{port}/[/] (Ctrl+C for å stoppe).")
    # The client's address (for the login limiter) comes from X-Forwarded-For only when it is sent by the
    # proxy named in TRAPPA_TRUSTED_PROXY; otherwise anyone could claim any address.
    trusted = settings.trusted_proxy
    uvicorn.run(web, host=host, port=port, log_level="warning", proxy_headers=bool(trusted),
                forwarded_allow_ips=trusted or None)  # fmt: skip


def publish(
    state: Annotated[str, typer.Argument(help="on: vis tal per trinn på dei opne sidene; off: vis berre tekstane.")],
) -> None:
    """Vel om dei opne sidene skal vise tal (alltid som aggregat, med små tal skjulte)."""
    if state not in ("on", "off"):
        fail(TrappaError("Skriv «trappa publish on» eller «trappa publish off»."))
    s = current()
    attempt(lambda: publishing.set_publishing(s.db, s.actor, state == "on"))
    console.print("Dei opne sidene viser no tal per trinn." if state == "on" else "Dei opne sidene viser ingen tal.")


def register(app: typer.Typer) -> None:
    app.command()(serve)
    app.command()(publish)
