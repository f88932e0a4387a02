"""Typer's own words in Nynorsk: panel titles, the error frame, «Avbrote», the help hint.

Typer reads its module constants each time it draws help or an error, so `install()` once is
enough. Typer loads those constants' module (`typer.rich_utils`, with Rich's Markdown, tracebacks and
Pygments: 0,15 s) only to draw help or an error; `install()` puts the words in place when it loads,
not before, so a command that draws neither does not wait for it. The words of its private copy of click («Usage:», «Missing argument», the --help text) are
plain English strings there: the error messages are translated as they are drawn (`translate_error`),
the rest by wrapping the two places that write them.
"""

from __future__ import annotations

import re
from typing import Any

from trappa import lazy


def _quoted(choices: str) -> str:
    return re.sub(r"'([^']*)'", r"«\1»", choices)


_PATTERNS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"Missing argument '([^']+)'\."), r"Argumentet «\1» manglar."),
    (re.compile(r"Missing option '([^']+)'\."), r"Valet «\1» manglar."),
    (re.compile(r"No such option: (\S+)"), r"Ukjend val: \1"),
    (re.compile(r"No such command '([^']+)'\."), r"Ukjend kommando «\1»."),
    (re.compile(r"Invalid value for '([^']+)'"), r"Ugyldig verdi for «\1»"),
    (re.compile(r"Input should be a valid integer, unable to parse string as an integer"), "skriv eit heilt tal"),
    (re.compile(r"Input should be a valid number, unable to parse string as a number"), "skriv eit tal"),
    # Typer before 0.29 checks values with click's own types: the same words for the same mistakes.
    (re.compile(r"'[^']*' is not a valid int(eger)?\."), "skriv eit heilt tal"),
    (re.compile(r"'[^']*' is not a valid float\."), "skriv eit tal"),
    (re.compile(r"'([^']*)' is not one of (.*)\."), lambda m: f"«{m[1]}» er ikkje eitt av {_quoted(m[2])}."),
    (re.compile(r"Did you mean (.*)\?"), lambda m: f"Meinte du {_quoted(m[1])}?"),
    (re.compile(r"\(Possible options: (.*)\)"), r"(Moglege val: \1)"),
    (re.compile(r"Choose from:"), "Vel mellom:"),
    (re.compile(r"Got unexpected extra arguments? \((.*)\)"), r"Fekk argument som ikkje høyrer til: \1"),
]


def translate_error(message: str) -> str:
    """Click's English message for a wrong command line, in Nynorsk where we know the words."""
    for pattern, replacement in _PATTERNS:
        message = pattern.sub(replacement, message)
    return message


_typers_own: dict[str, Any] = {}  # Typer's own functions, wrapped


def _format_error_in_nynorsk(error: Any) -> None:
    english = error.format_message
    error.format_message = lambda: translate_error(english())
    _typers_own["rich_format_error"](error)


def _patch_click_words() -> None:
    """«Usage:» and the --help text live as plain strings in Typer's private copy of click.

    Wrapped, not copied, and skipped if a later Typer moves them: the commands work either way.
    """
    try:
        from typer._click import core as click_core
        from typer._click import formatting as click_formatting
    except ImportError:  # pragma: no cover - a Typer without its own click
        return
    write_usage = click_formatting.HelpFormatter.write_usage

    def write_usage_in_nynorsk(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        write_usage(self, prog, args, "Bruk: " if prefix is None else prefix)

    click_formatting.HelpFormatter.write_usage = write_usage_in_nynorsk  # type: ignore[method-assign]
    get_help_option = click_core.Command.get_help_option

    def help_option_in_nynorsk(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None:
            option.help = "Vis denne hjelpa og avslutt."
        return option

    click_core.Command.get_help_option = help_option_in_nynorsk  # type: ignore[method-assign]


def install() -> None:
    """Put the words in place; called once when the `trappa` command is assembled."""
    lazy.load("typer.rich_utils", then=_words)
    _patch_click_words()


def _words(rich_utils: Any) -> None:
    if "rich_format_error" in _typers_own:  # once: a second time would wrap the wrapper
        return
    rich_utils.ARGUMENTS_PANEL_TITLE = "Argument"
    rich_utils.OPTIONS_PANEL_TITLE = "Val"
    rich_utils.COMMANDS_PANEL_TITLE = "Kommandoar"
    rich_utils.ERRORS_PANEL_TITLE = "Feil"
    rich_utils.ABORTED_TEXT = "Avbrote."
    rich_utils.RICH_HELP = "Prøv [blue]«{command_path} {help_option}»[/] for hjelp."
    rich_utils.DEFAULT_STRING = "[standard: {}]"
    rich_utils.REQUIRED_LONG_STRING = "[må vere med]"
    rich_utils.DEPRECATED_STRING = "(utgått) "
    rich_utils.ENVVAR_STRING = "[miljøvariabel: {}]"
    _typers_own["rich_format_error"] = rich_utils.rich_format_error
    rich_utils.rich_format_error = _format_error_in_nynorsk
