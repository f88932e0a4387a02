"""`trappa user …`: staff accounts. The first admin is made here; the web has no setup route."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from trappa import lazy
from trappa.cli.common import attempt, console, current
from trappa.errors import TrappaError

if TYPE_CHECKING:
    from trappa.services import users as user_service
else:
    user_service = lazy.load("trappa.services.users")

app = typer.Typer(help="Brukarar for arbeidsflata: administrator, analytikar, redaktør, lesar.", no_args_is_help=True)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = typer.prompt("Passord (minst 12 teikn)", hide_input=True)
    second = typer.prompt("Same passord ein gong til", hide_input=True)
    if first != second:
        raise TrappaError("Passorda var ulike. Ingen brukar er oppretta.")
    return str(first)


@app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Brukarnamnet.")],
    role: Annotated[str, typer.Option("--role", help="admin, analyst, editor, leader eller viewer.")] = "viewer",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Les passordet frå standard input.")] = False,
) -> None:
    """Opprett ein brukar. Den første administratoren vert laga slik: trappa user add NAMN --role admin."""
    s = current()
    user = attempt(lambda: user_service.create(s.db, s.actor, username, _password(password_stdin), role))
    console.print(f"Oppretta brukaren «{user.username}» med rolla {user.role}.")


@app.command("list")
def list_users() -> None:
    """Vis brukarane."""
    users = attempt(lambda: user_service.list_users(current().db))
    t = Table(title="Brukarar", header_style="bold")
    for col in ("Brukar", "Rolle", "Oppretta", "Status"):
        t.add_column(col)
    for u in users:
        status = "aktiv" if u["active"] else "slått av"
        t.add_row(str(u["username"]), str(u["role"]), u["created_at"].strftime("%d.%m.%Y"), status)
    console.print(t)


@app.command("set-role")
def set_role(
    username: Annotated[str, typer.Argument(help="Brukarnamnet.")],
    role: Annotated[str, typer.Argument(help="admin, analyst, editor, leader eller viewer.")],
) -> None:
    """Endre rolla til ein brukar."""
    s = current()
    attempt(lambda: user_service.set_role(s.db, s.actor, username, role))
    console.print(f"«{username}» har no rolla {role}.")


@app.command("units")
def units(
    username: Annotated[str, typer.Argument(help="Brukarnamnet til ein leiar.")],
    names: Annotated[list[str] | None, typer.Argument(help="Einingane leiaren har (ingen: ta alle bort).")] = None,
) -> None:
    """Knyt ein leiar (rolla leader) til einingane hen leier: hen ser og held måltavla for dei."""
    s = current()
    attempt(lambda: user_service.set_units(s.db, s.actor, username, names or []))
    console.print(f"«{username}» har no einingane: {', '.join(names or []) or 'ingen'}.")


@app.command("disable")
def disable(username: Annotated[str, typer.Argument(help="Brukarnamnet.")]) -> None:
    """Slå av ein brukar: vedkomande vert logga ut med ein gong og kan ikkje logge inn."""
    s = current()
    attempt(lambda: user_service.set_active(s.db, s.actor, username, False))
    console.print(f"«{username}» er slått av.")


@app.command("enable")
def enable(username: Annotated[str, typer.Argument(help="Brukarnamnet.")]) -> None:
    """Slå på att ein brukar som var slått av."""
    s = current()
    attempt(lambda: user_service.set_active(s.db, s.actor, username, True))
    console.print(f"«{username}» er slått på att.")


@app.command("delete")
def delete(
    username: Annotated[str, typer.Argument(help="Brukarnamnet.")],
    yes: Annotated[bool, typer.Option("--yes", help="Ikkje spør om stadfesting.")] = False,
) -> None:
    """Slett ein brukar. Loggen tek vare på namnet i det brukaren gjorde."""
    if not yes:
        typer.confirm(f"Slette brukaren «{username}»?", abort=True)
    s = current()
    attempt(lambda: user_service.delete(s.db, s.actor, username))
    console.print(f"Sletta «{username}».")


@app.command("reset-password")
def reset_password(
    username: Annotated[str, typer.Argument(help="Brukarnamnet.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Les passordet frå standard input.")] = False,
) -> None:
    """Gi ein brukar nytt passord. Alle innloggingane til brukaren vert avslutta."""
    s = current()
    attempt(lambda: user_service.reset_password(s.db, s.actor, username, _password(password_stdin)))
    console.print(f"«{username}» har fått nytt passord.")
