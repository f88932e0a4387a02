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
    """A small part is parsed whole (DTDs and entities forbidden); a large one (shared strings of a big
    workbook) only searched for DTDs and entities, which is what could hurt the reader."""
    if entry.file_size <= 5_000_000:
        for _ in _parse(archive, entry, display_name):
            pass
        return
    for chunk in _chunks(archive, entry, b">", display_name):
        _refuse_dtd(chunk, entry.filename, display_name)


_CHUNK = 1 << 22
_ROW_REF = re.compile(rb"<row\b[^>]*?\br=\"(\d+)\"")
_CELL_LETTERS = re.compile(rb"<c\b[^>]*?\br=\"\$?([A-Z]{1,3})\$?\d")
_CELL_WITHOUT_REF = re.compile(rb"<c(?:\s(?![^>]*\br=)[^>]*)?/?>")
_FORMULA_WITHOUT_VALUE = re.compile(rb"<f\b[^>]*(?:/>|>[^<]*</f>)\s*</c>")
_DIMENSION = re.compile(rb"<dimension\b[^>]*\bref=\"(?:[A-Z$0-9]+:)?\$?([A-Z]{1,3})\$?(\d+)\"")


def _chunks(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, boundary: bytes, display_name: str):  # type: ignore[no-untyped-def]
    """The part's bytes in pieces of about 4 MB, each ending just after ``boundary`` (so no tag is cut)."""
    carry = b""
    with archive.open(entry) as stream:
        while block := stream.read(_CHUNK):
            data = carry + block
            cut = data.rfind(boundary)
            if cut < 0:
                carry = data
                if len(carry) > 64 * _CHUNK:  # a single row or tag of 256 MB is no worksheet
                    raise _refuse(
                        display_name, f"delen «{entry.filename}» har ei rad som er for lang", "lagre fila som CSV"
                    )
                continue
            carry = data[cut + len(boundary) :]
            yield data[: cut + len(boundary)]
    if carry:
        yield carry


def _refuse_dtd(chunk: bytes, part: str, display_name: str) -> None:
    if b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk:
        raise _refuse(
            display_name,
            f"delen «{part}» inneheld DTD eller entitetar, som ei vanleg arbeidsbok aldri har",
            "lagre arbeidsboka på nytt i Excel, eller som CSV",
        )


def _scan_sheet(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, display_name: str, limits: FileLimits) -> None:
    """Find where the reader will place the farthest cell, with searches that run at C speed (a Python
    step per cell took 80 s for a million rows). A row or cell with no position follows the one before."""
    rows = cells = 0
    for chunk in _chunks(archive, entry, b"</row>", display_name):
        _refuse_dtd(chunk, entry.filename, display_name)
        dimension = _DIMENSION.search(chunk)
        if dimension:
            _check_position(int(dimension.group(2)), _column_index(dimension.group(1).decode()), entry.filename,
                            display_name, limits)  # fmt: skip
        numbered = [int(r) for r in _ROW_REF.findall(chunk)]
        tags = chunk.count(b"<row")
        # a row with no number follows the one before: with some unnumbered rows, count each one on top
        rows = max([rows, *numbered]) + (tags - len(numbered))
        _check_position(rows, 1, entry.filename, display_name, limits)
        letters = set(_CELL_LETTERS.findall(chunk))
        if letters:
            far = max(letters, key=lambda x: (len(x), x))
            found = re.search(rb'<c\b[^>]*?\br="\$?' + far + rb'\$?(\d+)"', chunk)
            row_of_far = int(found.group(1)) if found else 1
            _check_position(row_of_far, _column_index(far.decode()), entry.filename, display_name, limits)
        count = chunk.count(b"<c ") + chunk.count(b"<c>") + chunk.count(b"<c/>")
        cells += count
        if cells > limits.max_cells:
            raise _refuse(
                display_name,
                f"arket har meir enn {format_number(limits.max_cells)} celler, som er grensa for Excel-filer",
                "lagre arket som «CSV UTF-8» i Excel og last opp CSV-fila: store CSV-filer vert lesne ein del om gongen",
            )
        if _CELL_WITHOUT_REF.search(chunk):  # the rare sheet without positions: count the cells of each row
            width = max(row.count(b"<c ") + row.count(b"<c>") + row.count(b"<c/>") for row in chunk.split(b"<row"))
            _check_position(1, width, entry.filename, display_name, limits)
        formula = _FORMULA_WITHOUT_VALUE.search(chunk)
        if formula:
            start = chunk.rfind(b"<c", 0, formula.start())
            ref = re.search(rb'\br="([A-Z0-9$]+)"', chunk[start : formula.start()])
            where = f"cella {ref.group(1).decode()}" if ref else "ei celle"
            raise _refuse(
                display_name,
                f"{where} har ein formel utan utrekna verdi (fila er ikkje lagra av Excel)",
                "opne fila i Excel, lagre ho, og last opp på nytt; eller lim inn verdiane i staden for formlane",
            )


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
