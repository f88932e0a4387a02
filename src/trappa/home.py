"""Where this installation keeps its data: the home folder and the database, read from the environment
as `trappa.settings.Settings` reads them (``TRAPPA_HOME``, ``TRAPPA_DATABASE_URL``), without pydantic.

Every command asks this before anything else; loading pydantic-settings to read two variables took a
twentieth of a second of each. `Settings` takes its defaults from here, and a test holds the two to the
same answer.
"""

from __future__ import annotations

import os
from pathlib import Path


def variable(name: str) -> str | None:
    """``TRAPPA_<name>`` as Settings reads it: in any case of letters, and an empty value is not set."""
    wanted = f"trappa_{name}".lower()
    found = [value for key, value in os.environ.items() if key.lower() == wanted and value]
    return found[-1] if found else None


def default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "trappa"


def sqlite_url(folder: Path) -> str:
    """The embedded database in ``folder`` (made if it is not there)."""
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'trappa.sqlite'}"


def database_url(*, demo: bool = False, given: str | None = None) -> str:
    """The database a command opens: the one given (``--database-url``); else Demo kommune's own under the
    home folder (``--demo``); else ``TRAPPA_DATABASE_URL``; else SQLite in the home folder."""
    if given:
        return given
    home = Path(variable("home") or default_home())
    if demo:
        return sqlite_url(home / "demo")
    return variable("database_url") or sqlite_url(home)
