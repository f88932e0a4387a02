"""The `trappa` command group, with each command built when it is asked for.

Typer turns every command's function into a click command (reading its signature, building each
option) before it parses the command line: for trappa's 60 commands that was 0,13 s of every run,
to use one of them. Here the group knows the names and builds a command the first time click asks
for it: the one that runs. The help lists every command by its name and first line only, so for
the list each is a card with those (building all 60 to list them took a fifth of `trappa --help`).
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from functools import partial
from types import SimpleNamespace
from typing import Any

import typer
import typer.core
import typer.main


class Commands(MutableMapping[str, Any]):
    """A group's commands by name, in the order they were added; each built on first use."""

    def __init__(self, makers: dict[str, Callable[[], Any]], cards: dict[str, Callable[[], Any]]) -> None:
        self._makers, self._cards = makers, cards
        self._built: dict[str, Any] = {}
        self._listing = False

    @contextmanager
    def listing(self) -> Iterator[None]:
        """While the help lists the commands: each a card with what the list shows, not built."""
        self._listing = True
        try:
            yield
        finally:
            self._listing = False

    def __getitem__(self, name: str) -> Any:
        if self._listing and name in self._cards and name not in self._built:
            return self._cards[name]()
        if name not in self._built:
            self._built[name] = self._makers[name]()
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command
        self._makers.setdefault(name, lambda: command)

    def __delitem__(self, name: str) -> None:
        del self._makers[name]
        self._built.pop(name, None)
        self._cards.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)

    def built(self) -> list[str]:
        """The names built so far (a test holds that one command builds one)."""
        return list(self._built)


class _Listed(typer.core.TyperGroup):
    """The root group: its help lists the commands from their cards."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        assert isinstance(self.commands, Commands), "built only by group()"
        with self.commands.listing():
            super().format_help(ctx, formatter)


def _card(help_text: str | None, short_help: str | None, hidden: bool, deprecated: bool, panel: Any, name: str) -> Any:
    """What the help's list reads of a command (as Typer's rich help does: these six, nothing else)."""
    return SimpleNamespace(
        name=name, help=help_text, short_help=short_help, hidden=hidden, deprecated=deprecated, rich_help_panel=panel
    )


def group(app: typer.Typer) -> Any:
    """The click group Typer would build for ``app``, with its commands built on demand."""
    short, markup = app.pretty_exceptions_short, app.rich_markup_mode
    makers: dict[str, Callable[[], Any]] = {}
    cards: dict[str, Callable[[], Any]] = {}
    for command in app.registered_commands:
        assert command.callback is not None
        name = command.name or typer.main.get_command_name(command.callback.__name__)
        makers[name] = partial(
            typer.main.get_command_from_info, command, pretty_exceptions_short=short, rich_markup_mode=markup
        )
        text = inspect.cleandoc(command.help) if command.help is not None else inspect.getdoc(command.callback)
        cards[name] = partial(
            _card, text, command.short_help, command.hidden, command.deprecated, command.rich_help_panel, name
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
        info = typer.main.solve_typer_info_defaults(sub)
        cards[sub.name] = partial(
            _card, info.help, info.short_help, info.hidden, info.deprecated, info.rich_help_panel, sub.name
        )
    bare = copy.copy(app)  # the same callback, options and help; no commands to build
    bare.registered_commands, bare.registered_groups = [], []
    bare.info = copy.copy(app.info)
    bare.info.cls = _Listed
    root = typer.main.get_group(bare)
    root.commands = Commands(makers, cards)
    return root
