"""The `trappa` command group, with each command built when it is asked for.

Typer turns every command's function into a click command (reading its signature, building each
option) before it parses the command line: for trappa's 60 commands that was 0,13 s of every run,
to use one of them. Here the group knows the names and builds a command the first time click asks
for it: the one that runs, or all of them to list them in the help.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, MutableMapping
from functools import partial
from typing import Any

import typer
import typer.main


class Commands(MutableMapping[str, Any]):
    """A group's commands by name, in the order they were added; each built on first use."""

    def __init__(self, makers: dict[str, Callable[[], Any]]) -> None:
        self._makers = makers
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = self._makers[name]()
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command
        self._makers.setdefault(name, lambda: command)

    def __delitem__(self, name: str) -> None:
        del self._makers[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)

    def built(self) -> list[str]:
        """The names built so far (a test holds that one command builds one)."""
        return list(self._built)


def group(app: typer.Typer) -> Any:
    """The click group Typer would build for ``app``, with its commands built on demand."""
    short, markup = app.pretty_exceptions_short, app.rich_markup_mode
    makers: dict[str, Callable[[], Any]] = {}
    for command in app.registered_commands:
        assert command.callback is not None
        name = command.name or typer.main.get_command_name(command.callback.__name__)
        makers[name] = partial(
            typer.main.get_command_from_info, command, pretty_exceptions_short=short, rich_markup_mode=markup
        )
    for sub in app.registered_groups:
        assert sub.name, "every group of trappa's has a name"
        makers[sub.name] = partial(
            typer.main.get_group_from_info,
            sub,
            pretty_exceptions_short=short,
            rich_markup_mode=markup,
            suggest_commands=app.suggest_commands,
        )
    bare = copy.copy(app)  # the same callback, options and help; no commands to build
    bare.registered_commands, bare.registered_groups = [], []
    root = typer.main.get_group(bare)
    root.commands = Commands(makers)
    return root
