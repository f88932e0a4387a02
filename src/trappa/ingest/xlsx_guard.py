"""Refuse hostile .xlsx files before the Rust reader sees them.

An xlsx is a zip of XML. A small file can unpack to gigabytes (zip bomb), hold
thousands of entries, declare entities that expand without end, or put a
single cell at XFD1048576 so that a reader allocates a 17-billion-cell grid.
Each is checked here with bounded work: zip metadata first, then every XML
part parsed by defusedxml (which forbids DTDs and entities), streaming the
worksheets to find the largest cell reference.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from trappa.errors import InputFileError, Problem
from trappa.ingest.limits import DEFAULT_LIMITS, FileLimits
from trappa.report.formatting import format_number

_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index


def _refuse(name: str, message: str, fix: str) -> InputFileError:
    return InputFileError(
        name,
        [Problem(name, None, None, message, fix)],
        headline=f"{name}: fila vart avvist før lesing. Ingenting frå fila er lagra.",
    )


def check_xlsx(path: Path, display_name: str, limits: FileLimits = DEFAULT_LIMITS) -> None:
    size = path.stat().st_size
    if size > limits.max_xlsx_bytes:
        raise _refuse(
            display_name,
            f"fila er {size / 1e6:.0f} MB, grensa for Excel-filer er {limits.max_xlsx_bytes / 1e6:.0f} MB",
            "del fila opp, eller lagre ho som CSV",
        )
    try:
        archive = zipfile.ZipFile(path)
    # A damaged central directory can also claim a zip version or feature zipfile does not know.
    except (zipfile.BadZipFile, OSError, NotImplementedError, ValueError, EOFError):
        raise _refuse(
            display_name,
            "fila er ikkje ei gyldig .xlsx-fil (ikkje ein zip-container)",
            "opne fila i Excel og lagre ho på nytt som «Excel-arbeidsbok (.xlsx)»",
        ) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > limits.max_zip_entries:
            raise _refuse(
                display_name,
                f"fila har {format_number(len(entries))} delar; ei vanleg arbeidsbok har under hundre",
                "lagre arbeidsboka på nytt i Excel, eller som CSV",
            )
        total = sum(e.file_size for e in entries)
        if total > limits.max_uncompressed_bytes:
            raise _refuse(
                display_name,
                f"fila pakkar seg ut til {total / 1e9:.1f} GB",
                "del fila opp, eller lagre ho som CSV",
            )
        for entry in entries:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if entry.file_size > 1_000_000 and ratio > limits.max_compression_ratio:
                raise _refuse(
                    display_name,
                    f"delen «{entry.filename}» er komprimert {ratio:.0f} gonger, som i ei zip-bombe",
                    "lagre arbeidsboka på nytt i Excel, eller som CSV",
                )
        sheets = _sheet_parts(archive, display_name)
        for entry in entries:
            if entry.filename in sheets or entry.filename.startswith("xl/worksheets/"):
                _scan_sheet(archive, entry, display_name, limits)
            elif entry.filename.endswith((".xml", ".rels", ".vml")):
                _scan_xml(archive, entry, display_name)


def _parse(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, display_name: str):  # type: ignore[no-untyped-def]
    """Every end tag of one part, parsed with DTDs and entities forbidden; a broken part refuses the file."""
    try:
        with archive.open(entry) as stream:
            yield from iterparse(stream, events=("start", "end"), forbid_dtd=True)
    except DefusedXmlException:
        raise _refuse(
            display_name,
            f"delen «{entry.filename}» inneheld DTD eller entitetar, som ei vanleg arbeidsbok aldri har",
            "lagre arbeidsboka på nytt i Excel, eller som CSV",
        ) from None
    except InputFileError:
        raise
    except Exception:  # noqa: BLE001 - any parse failure means the file is not a sound workbook
        raise _refuse(
            display_name,
            f"delen «{entry.filename}» er ikkje gyldig XML",
            "opne fila i Excel og lagre ho på nytt som .xlsx",
        ) from None


def _sheet_parts(archive: zipfile.ZipFile, display_name: str) -> set[str]:
    """The parts the workbook names as its sheets, whatever they are called: the reader follows these."""
    try:
        rels = archive.getinfo("xl/_rels/workbook.xml.rels")
    except KeyError:
        return set()
    parts = set()
    for event, element in _parse(archive, rels, display_name):
        if event == "end" and element.tag.endswith("}Relationship") and "worksheet" in (element.get("Type") or ""):
            target = (element.get("Target") or "").lstrip("/")
            parts.add(target if target.startswith("xl/") else f"xl/{target}")
    return parts


def _scan_xml(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, display_name: str) -> None:
    for _ in _parse(archive, entry, display_name):
        pass


def _scan_sheet(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, display_name: str, limits: FileLimits) -> None:
    """Walk a sheet as the reader will place it: a row or cell with no position follows the one before."""
    row = column = cells = 0
    formula = value = False
    for event, element in _parse(archive, entry, display_name):
        tag = element.tag.rsplit("}", 1)[-1]
        if event == "start":
            if tag == "row":
                row = _row_number(element.get("r"), row + 1)
                column = 0
                _check_position(row, 1, entry.filename, display_name, limits)
            elif tag == "c":
                row_of_cell, column = _position(element.get("r"), row, column + 1)
                cells += 1
                formula = value = False
                _check_position(max(row, row_of_cell), column, entry.filename, display_name, limits)
                if cells > limits.max_cells:
                    raise _refuse(
                        display_name,
                        f"arket har over {format_number(limits.max_cells)} celler",
                        "del fila opp, eller lagre ho som CSV",
                    )
            elif tag == "dimension":
                ref = (element.get("ref") or "").split(":")[-1]
                end_row, end_column = _position(ref, 1, 1)
                _check_position(end_row, end_column, entry.filename, display_name, limits)
            continue
        if tag == "f":
            formula = True
        elif tag in ("v", "is"):
            value = value or bool(element.text) or tag == "is"
        elif tag == "c":
            if formula and not value:
                raise _refuse(
                    display_name,
                    f"cella {_letters(column)}{row} har ein formel utan utrekna verdi (fila er ikkje lagra av Excel)",
                    "opne fila i Excel, lagre ho, og last opp på nytt; eller lim inn verdiane i staden for formlane",
                )
            element.clear()
        elif tag == "row":
            element.clear()


def _row_number(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() else default


def _position(ref: str | None, row: int, column: int) -> tuple[int, int]:
    """(row, column) of a cell reference like «B7»; the defaults when it has none."""
    match = _CELL_REF.match((ref or "").replace("$", ""))
    if not match:
        return row, column
    return int(match.group(2)), _column_index(match.group(1))


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out or "A"


def _check_position(row: int, column: int, part: str, display_name: str, limits: FileLimits) -> None:
    if column > limits.max_columns or row > limits.max_rows:
        raise _refuse(
            display_name,
            f"arket {part.rsplit('/', 1)[-1]} har ei celle i {_letters(column)}{row}; "
            f"grensa er {limits.max_columns} kolonnar og {format_number(limits.max_rows)} rader",
            "slett tomme kolonnar og rader langt ute i arket (merk dei, høgreklikk, «Slett»), og lagre på nytt",
        )
