"""CLI for staff accounts. The first admin is created here; the web has no setup route."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from trappa.cli import _engine, _fail, app, console
from trappa.errors import TrappaError

user_app = typer.Typer(
    help="Brukarar for arbeidsflata: administrator, analytikar, redaktør, lesar.", no_args_is_help=True
)
app.add_typer(user_app, name="user")


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = typer.prompt("Passord (minst 12 teikn)", hide_input=True)
    second = typer.prompt("Same passord ein gong til", hide_input=True)
    if first != second:
        raise TrappaError("Passorda var ulike. Ingen brukar er oppretta.")
    return str(first)


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Option("--role", help="admin, analyst, editor eller viewer.")] = "viewer",
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Les passordet frå standard input.")] = False,
) -> None:
    """Opprett ein brukar. Den første administratoren vert laga slik: trappa user add NAMN --role admin."""
    from trappa.store.accounts import audit, create_user

    try:
        engine = _engine()
        user = create_user(engine, username, _password(password_stdin), role)
        audit(engine, None, "user_create", f"{user.username} ({user.role})", "ok", "frå kommandolinja")
    except TrappaError as exc:
        _fail(exc)
        return
    console.print(f"Oppretta brukaren «{user.username}» med rolla {user.role}.")


@user_app.command("list")
def user_list() -> None:
    """Vis brukarane."""
    from trappa.store.accounts import list_users

    try:
        users = list_users(_engine())
    except TrappaError as exc:
        _fail(exc)
        return
    t = Table(title="Brukarar", header_style="bold")
    for col in ("Brukar", "Rolle", "Oppretta"):
        t.add_column(col)
    for u in users:
        t.add_row(u["username"], u["role"], u["created_at"].strftime("%d.%m.%Y"))
    console.print(t)


@user_app.command("set-role")
def user_set_role(username: Annotated[str, typer.Argument()], role: Annotated[str, typer.Argument()]) -> None:
    """Endre rolla til ein brukar."""
    from trappa.store.accounts import audit, set_role

    try:
        engine = _engine()
        set_role(engine, username, role)
        audit(engine, None, "role_change", f"{username} → {role}", "ok", "frå kommandolinja")
    except TrappaError as exc:
        _fail(exc)
        return
    console.print(f"«{username}» har no rolla {role}.")
