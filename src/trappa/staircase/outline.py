"""The outline of a staircase: what a table of figures needs of it (its id, and per step the number,
the label, the name in each language and the category).

The staircase itself is validated by pydantic from YAML; building those models and reading YAML took a
quarter of a second of every command. A table needs only this outline, which is plain data: made once
from the validated staircase, kept as JSON, and read back without pydantic or YAML.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trappa.staircase.model import Staircase

LANGUAGES = ("nn", "nb", "en")


@dataclass(frozen=True)
class StepOutline:
    """One step (trinn): its number, its label as the municipality writes it, its names, its category."""

    number: int
    code: str | None
    names: dict[str, str]  # every language, translations already falling back to Nynorsk
    category: int

    def name(self, language: str = "nn") -> str:
        return self.names.get(language) or self.names["nn"]


@dataclass(frozen=True)
class Outline:
    """A staircase's id and its steps in order."""

    id: str
    steps: tuple[StepOutline, ...]

    @property
    def step_numbers(self) -> list[int]:
        return [s.number for s in self.steps]

    @classmethod
    def of(cls, staircase: Staircase) -> Outline:
        steps = tuple(
            StepOutline(s.number, s.code, {lang: s.name.get(lang) for lang in LANGUAGES}, s.category)  # type: ignore[arg-type]
            for s in staircase.steps
        )
        return cls(staircase.id, steps)

    def to_json(self) -> str:
        steps = [{"number": s.number, "code": s.code, "names": s.names, "category": s.category} for s in self.steps]
        return json.dumps({"id": self.id, "steps": steps}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Outline:
        data = json.loads(text)
        steps = tuple(StepOutline(s["number"], s["code"], dict(s["names"]), s["category"]) for s in data["steps"])
        return cls(data["id"], steps)
