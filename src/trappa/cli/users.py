"""`trappa user …`: staff accounts. The first admin is made here; the web has no setup route."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from trappa.cli.common import console, current, fail
from trappa.errors import TrappaError
from trappa.services import users as user_service

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
    role: Annotated[str, typer.Option("--role", help="admin, analyst, editor eller viewer.")] = "viewer",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Les passordet frå standard input.")] = False,
) -> None:
    """Opprett ein brukar. Den første administratoren vert laga slik: trappa user add NAMN --role admin."""
    s = current()
    try:
        user = user_service.create(s.db, s.actor, username, _password(password_stdin), role)
    except TrappaError as exc:
        fail(exc)
    console.print(f"Oppretta brukaren «{user.username}» med rolla {user.role}.")


@app.command("list")
def list_users() -> None:
    """Vis brukarane."""
    try:
        users = user_service.list_users(current().db)
    except TrappaError as exc:
        fail(exc)
    t = Table(title="Brukarar", header_style="bold")
    for col in ("Brukar", "Rolle", "Oppretta"):
        t.add_column(col)
    for u in users:
        t.add_row(str(u["username"]), str(u["role"]), u["created_at"].strftime("%d.%m.%Y"))
    console.print(t)


@app.command("set-role")
def set_role(
    username: Annotated[str, typer.Argument(help="Brukarnamnet.")],
    role: Annotated[str, typer.Argument(help="admin, analyst, editor eller viewer.")],
) -> None:
    """Endre rolla til ein brukar."""
    s = current()
    try:
        user_service.set_role(s.db, s.actor, username, role)
    except TrappaError as exc:
        fail(exc)
    console.print(f"«{username}» har no rolla {role}.")
