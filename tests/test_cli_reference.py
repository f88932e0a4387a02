"""Every command has help text, every option says what it does, and docs/cli.md is the commands' own text."""

from __future__ import annotations

import typer

from trappa.cli import app
from trappa.cli.reference import commands, reference

from .conftest import ROOT

ROOT_COMMAND = typer.main.get_command(app)


def test_every_command_and_option_has_help():
    missing = []
    for name, command in commands(ROOT_COMMAND):
        if not (command.help or "").strip():
            missing.append(name)
        missing += [
            f"{name} {p.name}" for p in command.params if p.name != "help" and not (getattr(p, "help", "") or "")
        ]
    assert not missing, missing
    assert len(commands(ROOT_COMMAND)) >= 25


def test_reference_is_current():
    current = (ROOT / "docs" / "cli.md").read_text("utf-8")
    assert current == reference(app), (
        "docs/cli.md is out of date: .venv/bin/python -m trappa.cli.reference > docs/cli.md"
    )


def test_readme_points_to_the_reference():
    assert "docs/cli.md" in (ROOT / "README.md").read_text("utf-8")
