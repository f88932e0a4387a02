"""Every workbook trappa writes goes through here: text can never become a formula.

Cells are written as text, never parsed as formulas or numbers, and every text cell — from imported
files, scenario names typed on the web, our own labels alike — passes :func:`safe_text.defuse`, so a
name like ``=HYPERLINK(…)`` stays harmless even if the sheet is saved as CSV and opened again.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from trappa.report.safe_text import defuse

OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False, "in_memory": True}


class SafeWorksheet(Worksheet):
    def _write_string(self, row: int, col: int, string: str, cell_format: Format | None = None) -> Any:
        return super()._write_string(row, col, defuse(string) or "", cell_format)


class SafeWorkbook(xlsxwriter.Workbook):
    def add_worksheet(self, name: str | None = None, worksheet_class: Any = None) -> Worksheet:
        return super().add_worksheet(name, worksheet_class or SafeWorksheet)


def workbook(target: str | Path | IO[bytes], **options: Any) -> SafeWorkbook:
    """A workbook that writes text as defused text; ``options`` add to (or override) :data:`OPTIONS`."""
    return SafeWorkbook(target, {**OPTIONS, **options})
