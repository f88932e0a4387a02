"""The profile report, one object rendered to every format: terminal table, CSV, JSON and Excel."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import polars as pl
from rich.console import Group

from trappa.model.profile import Profile
from trappa.report.csv_out import to_csv
from trappa.report.labels import LABELS, LANGUAGE_INDEX, label
from trappa.report.table import profile_table

BUDGET_WORD = {"nn": "budsjett", "nb": "budsjett", "en": "budget"}


@dataclass(frozen=True)
class ProfileReport:
    """Profiles of one or more years with what titles them."""

    municipality: str
    synthetic: bool
    staircase_id: str
    language: str
    profiles: list[Profile]
    basis: str = "accounts"  # or "budget": the budget amounts shown as the profile

    @property
    def title_name(self) -> str:
        """The municipality, and «budsjett» when the figures are the budget's."""
        return self.municipality + (
            " – " + BUDGET_WORD.get(self.language, "budsjett") if self.basis == "budget" else ""
        )


def tables(report: ProfileReport, *, width: int, columns: str = "auto") -> list[Group]:
    return [
        profile_table(
            p,
            municipality=report.title_name,
            synthetic=report.synthetic,
            language=report.language,
            width=width,
            columns=columns,
        )
        for p in report.profiles
    ]


def to_json_text(report: ProfileReport) -> str:
    # The document's pydantic models (they define its published schema) are built by JSON and CSV only:
    # the table on the screen does not need them.
    from trappa.report.document import profile_document, to_json

    return to_json(
        profile_document(
            report.profiles,
            municipality=report.municipality,
            synthetic=report.synthetic,
            staircase=report.staircase_id,
            basis=report.basis,
        )
    )


# CSV headings must be unique and carry their unit: a spreadsheet sees only the heading.
_CSV_NAMES = {
    "step": ("Trinn nr.", "Trinn nr.", "Step no."),
    "step_code": ("Trinnkode", "Trinnkode", "Step code"),
}
_PERCENT = {"share_of_net_percent", "occupancy_percent"}


def csv_heading(column: str, language: str) -> str:
    from trappa.report.document import MONEY

    if column in _CSV_NAMES:
        return _CSV_NAMES[column][LANGUAGE_INDEX.get(language, 0)]
    name = label(column, language) if column in LABELS else column
    return name + (" (kr)" if column in MONEY else " (%)" if column in _PERCENT else "")


def to_csv_text(report: ProfileReport) -> str:
    """One row per year and step; kroner to the øre and percentages to one decimal, as on screen."""
    from trappa.report.document import MONEY, flat_rows

    frame = flat_rows(report.profiles)
    frame = frame.with_columns(
        *(pl.col(c).round(2) for c in frame.columns if c in MONEY),
        *(pl.col(c).round(1) for c in frame.columns if c in _PERCENT),
    )
    return to_csv(frame, report.language, headers=[csv_heading(c, report.language) for c in frame.columns])


def write_xlsx(report: ProfileReport, target: Path | BytesIO) -> None:
    from trappa.report.xlsx import write_workbook  # xlsxwriter only for a workbook, not for JSON

    write_workbook(
        report.profiles, target, municipality=report.title_name, synthetic=report.synthetic, language=report.language
    )


def xlsx_bytes(report: ProfileReport) -> bytes:
    buffer = BytesIO()
    write_xlsx(report, buffer)
    return buffer.getvalue()
