"""The profile report, one object rendered to every format: terminal table, CSV, JSON and Excel."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from rich.console import Group

from trappa.model.profile import Profile
from trappa.report.csv_out import to_csv
from trappa.report.document import flat_rows, profile_document, to_json
from trappa.report.table import profile_table
from trappa.report.xlsx import write_workbook


@dataclass(frozen=True)
class ProfileReport:
    """Profiles of one or more years with what titles them."""

    municipality: str
    synthetic: bool
    staircase_id: str
    language: str
    profiles: list[Profile]


def tables(report: ProfileReport, *, width: int) -> list[Group]:
    return [
        profile_table(
            p, municipality=report.municipality, synthetic=report.synthetic, language=report.language, width=width
        )
        for p in report.profiles
    ]


def to_json_text(report: ProfileReport) -> str:
    return to_json(
        profile_document(
            report.profiles, municipality=report.municipality, synthetic=report.synthetic, staircase=report.staircase_id
        )
    )


def to_csv_text(report: ProfileReport) -> str:
    return to_csv(flat_rows(report.profiles), report.language)


def write_xlsx(report: ProfileReport, target: Path | BytesIO) -> None:
    write_workbook(
        report.profiles, target, municipality=report.municipality, synthetic=report.synthetic, language=report.language
    )


def xlsx_bytes(report: ProfileReport) -> bytes:
    buffer = BytesIO()
    write_xlsx(report, buffer)
    return buffer.getvalue()
