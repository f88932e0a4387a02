"""The outline of the staircase in use (trinna): what a table of figures needs of it, without
validating the staircase on every command.

The outline is made from the validated staircase (`services.staircase.current`) the first time a
staircase's text is seen, and kept beside a SQLite file under a hash of that text; a new staircase,
or a new template shipped with trappa, is a new text and so a new outline.
"""

from __future__ import annotations

import hashlib

from trappa.services import municipality
from trappa.services.database import Database
from trappa.staircase.outline import Outline
from trappa.staircase.sources import DEFAULT_TEMPLATE, template_text
from trappa.store import readcopy

FORMAT = "1"  # raised when Outline's fields change, so outlines kept by an older trappa are made again


def current(db: Database) -> Outline:
    """The outline of the staircase the municipality uses (the template until it chooses one)."""
    source = municipality.basics(db).staircase_yaml or template_text(DEFAULT_TEMPLATE)
    digest = hashlib.sha256(f"{FORMAT}\n{source}".encode()).hexdigest()[:20]
    name = f"trapp-{digest}.json"
    try:
        return Outline.from_json(readcopy.kept(db, name, lambda: _made(db)))
    except (ValueError, KeyError, TypeError):  # a kept file damaged (not by trappa): made again
        readcopy.forget(db, name)
        return Outline.from_json(readcopy.kept(db, name, lambda: _made(db)))


def _made(db: Database) -> str:
    from trappa.services import staircase  # pydantic and YAML: only when a staircase is first seen

    return Outline.of(staircase.current(db)).to_json()
