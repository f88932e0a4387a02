"""The one error type the outside world sees from trappa.

Every failure a user can cause (a bad file, a bad template, a missing year) ends
as a :class:`TrappaError` with a message written for the person at the keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class TrappaError(Exception):
    """A problem the user can fix; the message says how."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file: where it is and how to fix it.

    ``value`` is ``None`` when the value must not be repeated (decision files
    hold health data, so their cell values never appear in messages or logs).
    """

    file: str
    row: int | None
    column: str | None
    message: str
    fix: str
    value: str | None = None

    def describe(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column is not None:
            where.append(f"kolonne «{self.column}»")
        text = ", ".join(where) + f": {self.message}"
        if self.value is not None:
            text += f" (verdi: «{_printable(self.value)}»)"
        return text + f". Retting: {self.fix}"


def _printable(value: str, limit: int = 60) -> str:
    shown = value if len(value) <= limit else value[:limit] + "…"
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in shown)


@dataclass
class InputFileError(TrappaError):
    """A file was refused. Nothing from it was stored."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    headline: str = ""

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __reduce__(self) -> tuple[type[InputFileError], tuple[str, list[Problem], str]]:
        # a refusal made while reading in another process comes back with all its problems
        return (InputFileError, (self.file, self.problems, self.headline))

    def __str__(self) -> str:
        head = self.headline or f"{self.file}: {len(self.problems)} feil. Ingenting frå fila er lagra."
        shown = self.problems[:50]
        lines = [head, *(f"  - {p.describe()}" for p in shown)]
        if len(self.problems) > len(shown):
            lines.append(f"  … og {len(self.problems) - len(shown)} feil til.")
        return "\n".join(lines)
