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
        for entry in entries:
            if entry.filename.endswith((".xml", ".rels", ".vml")):
                _scan_xml(archive, entry, display_name, limits)


def _scan_xml(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, display_name: str, limits: FileLimits) -> None:
    is_sheet = entry.filename.startswith("xl/worksheets/")
    try:
        with archive.open(entry) as stream:
            for _event, element in iterparse(stream, events=("end",), forbid_dtd=True):
                if is_sheet and element.tag.endswith("}c"):
                    _check_cell(element.get("r"), entry.filename, display_name, limits)
                elif is_sheet and element.tag.endswith("}dimension"):
                    ref = (element.get("ref") or "").split(":")[-1]
                    _check_cell(ref, entry.filename, display_name, limits)
                elif is_sheet and element.tag.endswith("}row"):
                    element.clear()
    except DefusedXmlException:
        raise _refuse(
            display_name,
            f"delen «{entry.filename}» inneheld DTD eller entitetar, som ei vanleg arbeidsbok aldri har",
            "lagre arbeidsboka på nytt i Excel, eller som CSV",
        ) from None
    except Exception as exc:  # noqa: BLE001 - any parse failure means the file is not a sound workbook
        if isinstance(exc, InputFileError):
            raise
        raise _refuse(
            display_name,
            f"delen «{entry.filename}» er ikkje gyldig XML",
            "opne fila i Excel og lagre ho på nytt som .xlsx",
        ) from None


def _check_cell(ref: str | None, part: str, display_name: str, limits: FileLimits) -> None:
    if not ref:
        return
    match = _CELL_REF.match(ref.replace("$", ""))
    if not match:
        return
    column, row = _column_index(match.group(1)), int(match.group(2))
    if column > limits.max_columns or row > limits.max_rows:
        raise _refuse(
            display_name,
            f"arket {part.rsplit('/', 1)[-1]} har ei celle i {ref}; "
            f"grensa er {limits.max_columns} kolonnar og {format_number(limits.max_rows)} rader",
            "slett tomme kolonnar og rader langt ute i arket (merk dei, høgreklikk, «Slett»), og lagre på nytt",
        )
