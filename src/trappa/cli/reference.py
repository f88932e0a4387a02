"""The command reference (docs/cli.md), made from the commands themselves so it cannot drift.

.venv/bin/python -m trappa.cli.reference > docs/cli.md
"""

from __future__ import annotations

from typing import Any

import typer

HEADER = """# Command reference

Every `trappa` command with its help text, as `trappa COMMAND --help` shows it. Made by
`python -m trappa.cli.reference > docs/cli.md`; a test fails when this file is out of date.
"""


# Typer carries its own copy of click, so commands and options are recognised by what they have.
def _is_group(command: Any) -> bool:
    return hasattr(command, "list_commands")


def commands(group: Any, prefix: str = "trappa") -> list[tuple[str, Any]]:
    """Every command below ``group`` with its full name, in the order `--help` lists them."""
    found: list[tuple[str, Any]] = []
    if _is_group(group):
        for name in sorted(group.commands):
            sub = group.commands[name]
            if sub is not None:
                found.append((f"{prefix} {name}", sub))
                found.extend(commands(sub, f"{prefix} {name}"))
    return found


def _option(param: Any) -> str:
    if param.param_type_name == "option":
        names = ", ".join(f"`{o}`" for o in param.opts)
        return f"- {names}: {param.help or ''}".rstrip()
    return f"- `{(param.name or '').upper()}`: {getattr(param, 'help', '') or ''}".rstrip()


def reference(app: typer.Typer) -> str:
    root = typer.main.get_command(app)
    parts = [HEADER]
    options = [p for p in root.params if p.name != "help"]
    if options:
        parts.append("## Options of every command\n\n" + "\n".join(_option(p) for p in options) + "\n")
    for name, command in commands(root):
        parts.append(f"## `{name}`\n\n{(command.help or '').strip()}\n")
        params = [p for p in command.params if p.name != "help"]
        if params and not _is_group(command):
            parts.append("\n".join(_option(p) for p in params) + "\n")
    return "\n".join(parts)


if __name__ == "__main__":  # pragma: no cover
    from trappa.cli import app

    print(reference(app), end="")
