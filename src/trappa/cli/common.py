"""What every command group shares: the consoles, the database, who acts, errors and progress."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import typer
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from trappa.errors import TrappaError

if TYPE_CHECKING:
    from rich.progress import Progress

    from trappa.services.database import Database
    from trappa.settings import Settings

T = TypeVar("T")
console = Console()
if not console.is_terminal:  # logs and pipes take long lines; show every column there
    console = Console(width=230)
err = Console(stderr=True)


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


class Language(StrEnum):
    nn = "nn"
    nb = "nb"
    en = "en"


@dataclass
class Session:
    """One run of `trappa`: its settings, the database (opened when first needed), and who acts."""

    database_url: str | None = None
    demo: bool = False
    _settings: Settings | None = None
    _db: Database | None = None
    _actor: str | None = None

    @property
    def actor(self) -> str:
        if self._actor is None:
            from trappa.services.audit import cli_actor

            self._actor = cli_actor()
        return self._actor

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from trappa.settings import Settings  # loaded by the first command that needs it, not by --help

            settings = Settings()
            if self.demo and not self.database_url:
                settings = settings.model_copy(update={"database_url": settings.demo_database_url})
            elif self.database_url:
                settings = settings.model_copy(update={"database_url": self.database_url})
            self._settings = settings
        return self._settings

    @property
    def db(self) -> Database:
        if self._db is None:
            from trappa.home import database_url
            from trappa.services.database import open_url

            # the same database the settings name, found without loading them (pydantic-settings)
            self._db = open_url(database_url(demo=self.demo, given=self.database_url))
        return self._db


session = Session()


def start(database_url: str | None, demo: bool = False) -> None:
    """Called once per run by the main callback: a fresh session (tests run many in one process)."""
    global session
    session = Session(database_url=database_url, demo=demo)


def current() -> Session:
    return session


def fail(exc: TrappaError) -> NoReturn:
    # The message quotes data (file names, cell values): printed as text, never read as Rich markup,
    # so «[/]» or «[bold]» in a file cannot break the command or vanish.
    err.print(f"[bold red]Feil:[/] {escape(str(exc))}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(2)


def attempt(action: Callable[[], T]) -> T:
    """Run a service call; a TrappaError becomes a red message and exit code 2."""
    try:
        return action()
    except TrappaError as exc:
        fail(exc)


class ResultFormat(StrEnum):
    """How a command gives its result: a table on the screen, JSON, or an Excel file."""

    table = "table"
    json = "json"
    xlsx = "xlsx"


FORMAT_HELP = "table, json eller xlsx."
OUT_HELP = "Skriv til fil i staden for skjermen."


def emit(
    output_format: str,
    out: Path | None,
    *,
    table: Callable[[], RenderableType | Sequence[RenderableType]],
    json_text: Callable[[], str],
    xlsx: Callable[[], bytes] | None = None,
    xlsx_name: str = "ut.xlsx",
) -> None:
    """Print or write a result as the person asked: a table on the screen, JSON, or an Excel file."""
    if output_format == "xlsx" and xlsx is not None:
        if out is None:
            fail(TrappaError(f"Excel må skrivast til ei fil: legg til --out {xlsx_name}."))
        out.write_bytes(xlsx())
        console.print(f"Skreiv {out}.")
    elif output_format == "json":
        if out is not None:
            out.write_text(json_text() + "\n", encoding="utf-8")
            console.print(f"Skreiv {out}.")
        else:
            print(json_text())
    else:
        shown = table()
        for part in shown if isinstance(shown, Sequence) and not isinstance(shown, str) else [shown]:
            console.print(part)


def progress() -> Progress:
    from rich.progress import (  # for long work only
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )


def simple_table(title: str, headers: list[str], rows: Sequence[Sequence[str]], *, style: str = "bold") -> Table:
    """A table whose last column is a figure (right-aligned)."""
    table = Table(title=title, header_style=style)
    for i, header in enumerate(headers):
        table.add_column(header, justify="right" if i == len(headers) - 1 and len(headers) > 1 else "left")
    for row in rows:
        table.add_row(*(Text(str(cell)) for cell in row))  # data as text: «[x]» in a name is shown, not parsed
    return table
