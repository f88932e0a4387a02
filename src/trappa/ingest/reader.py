"""Read a CSV or XLSX file into a raw table of cells, refusing what is not sound.

CSV: UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252; separator
``;``, ``,`` or tab, found from the header line; a title line or blank lines
before the header are skipped. XLSX: checked by :mod:`xlsx_guard` first, then
read with fastexcel, keeping typed cells (numbers stay numbers).

The raw table keeps the file's own row number for every data row, so every
later error can point at the row a person sees in Excel.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from trappa.errors import InputFileError, Problem
from trappa.ingest.limits import DEFAULT_LIMITS, FileLimits
from trappa.ingest.xlsx_guard import check_xlsx

# Bytes 0x80–0xBF read as Windows-1252: what follows "Ã" or "Â" when UTF-8 text was
# decoded as Windows-1252 and saved again (æ -> Ã¦, ø -> Ã¸, å -> Ã¥).
_TAIL = bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")
MOJIBAKE = re.compile("[ÃÂ][" + re.escape(_TAIL) + "]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters that turn text around or hide it (U+202E shows «gnp.exe» as «exe.png»): never in real data.
_HIDDEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

HeaderTest = Callable[[list[str]], bool]


@dataclass
class RawTable:
    """Cells of one file: all text for CSV, typed for XLSX; one file row number per row."""

    name: str
    frame: pl.DataFrame
    row_numbers: pl.Series
    header_row: int


def _refuse(name: str, message: str, fix: str, row: int | None = None) -> InputFileError:
    return InputFileError(
        name,
        [Problem(name, row, None, message, fix)],
        headline=f"{name}: fila kan ikkje lesast. Ingenting frå fila er lagra.",
    )


def read_table(
    path: Path,
    looks_like_header: HeaderTest,
    *,
    display_name: str | None = None,
    limits: FileLimits = DEFAULT_LIMITS,
    strict_text: bool = True,
) -> RawTable:
    """Read a file; with ``strict_text`` (the default) refuse double-encoded or lost text."""
    name = display_name or path.name
    if not path.is_file():
        raise _refuse(name, "fila finst ikkje", "sjekk filnamnet og mappa")
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic == b"PK\x03\x04":
        raw = _read_xlsx(path, name, looks_like_header, limits)
        if strict_text:
            _refuse_bad_text(raw)
        return raw
    if magic[:4] == b"\xd0\xcf\x11\xe0":
        raise _refuse(name, "fila er i det gamle Excel-formatet (.xls)", "lagre ho som .xlsx eller CSV")
    size = path.stat().st_size
    if size > limits.max_text_bytes:
        raise _refuse(
            name, f"fila er {size / 1e6:.0f} MB, grensa er {limits.max_text_bytes / 1e6:.0f} MB", "del fila opp"
        )
    raw = _read_csv(path.read_bytes(), name, looks_like_header, limits, path)
    if strict_text:
        _refuse_bad_text(raw)
    return raw


def decode_text(data: bytes, name: str) -> str:
    return _decode(data, name)[0]


def _decode(data: bytes, name: str) -> tuple[str, bool]:
    """The text, and whether the bytes were UTF-8 (then they can be handed to Polars as they are)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode_strict(data[3:], "utf-8", name), True
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_strict(data, "utf-16", name), False
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        return _decode_strict(data, "cp1252", name), False


def _decode_strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _refuse(
            name,
            f"teksten kan ikkje lesast som UTF-8 eller Windows-1252 (byte {exc.start} på linje {line})",
            "lagre fila på nytt som «CSV UTF-8» i Excel",
            row=line,
        ) from None


def _sniff_separator(line: str) -> str:
    counts = {sep: line.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] > 0 else ";"


def _read_csv(
    data: bytes, name: str, looks_like_header: HeaderTest, limits: FileLimits = DEFAULT_LIMITS, path: Path | None = None
) -> RawTable:
    text, utf8 = _decode(data, name)
    if "\x00" in text:
        raise _refuse(name, "fila inneheld binære data, ikkje tekst", "last opp ei CSV- eller .xlsx-fil")
    # only the first lines: splitting a 100 MB file into lines cost gigabytes
    lines = [line.rstrip("\r") for line in (text.split("\n", 20) if "\n" in text else text.splitlines())[:20]]
    header_index = None
    for i, line in enumerate(lines[:20]):
        if not line.strip():
            continue
        cells = next(csv.reader([line], delimiter=_sniff_separator(line)))
        if len(cells) > limits.max_columns:
            # before anything reads the rows: a million columns would take minutes and gigabytes
            raise _refuse(
                name,
                f"rad {i + 1} har {len(cells):_} felt; grensa er {limits.max_columns} kolonnar".replace("_", " "),
                "ta med berre kolonnane i filavtalen (sjå docs/data-contracts.md), og sjekk skiljeteiknet",
                row=i + 1,
            )
        if looks_like_header(cells):
            header_index = i
            break
    if header_index is None:
        raise _refuse(
            name,
            "fann ingen overskriftsrad med kjende kolonnenamn i dei første 20 linjene",
            "første rad skal ha kolonnenamna, sjå docs/data-contracts.md",
            row=1,
        )
    separator = _sniff_separator(lines[header_index])
    if '"' not in text and text.count("\r") == text.count("\r\n"):
        # the bytes as they are when they are UTF-8, so the decoded text can go before Polars reads
        source = data if utf8 else text.encode("utf-8")
        del text
        fast = _read_plain_csv(source, name, header_index, separator, path if utf8 else None)
        if fast is not None:
            return fast
        text, _utf8 = _decode(data, name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[list[str]] = []
    numbers: list[int] = []
    ends: list[int] = []
    header: list[str] = []
    try:
        last_line = 0
        for record in reader:
            # A record can span lines (a quoted line break): it is numbered by the line it begins on.
            line_no, end_line, last_line = last_line + 1, reader.line_num, reader.line_num
            if line_no - 1 < header_index:
                continue
            if not header:
                header = [h.strip().lstrip("\ufeff") for h in record]
                continue
            if not any(cell.strip() for cell in record):
                continue
            rows.append(record)
            numbers.append(line_no)
            ends.append(end_line)
    except csv.Error as exc:
        raise _refuse(
            name, f"CSV-fila er ikkje velforma ({exc})", "sjekk hermeteikn og linjeskift i cella", row=reader.line_num
        ) from None
    problems: list[Problem] = []
    width = len(header)
    for record, line_no, end_line in zip(rows, numbers, ends, strict=True):
        if len(record) != width and end_line > line_no + 1 and any("\n" in cell for cell in record):
            problems.append(
                Problem(
                    name,
                    line_no,
                    None,
                    f'eit hermeteikn (") på rad {line_no} vert ikkje avslutta, så feltet held fram til rad {end_line}',
                    "set eit avsluttande hermeteikn i cella, eller ta det første bort",
                )
            )
        elif len(record) != width:
            problems.append(
                Problem(
                    name,
                    line_no,
                    None,
                    f"rada har {len(record)} felt, overskrifta har {width}",
                    f"sjekk at skiljeteiknet «{_separator_name(separator)}» ikkje står inne i ein verdi utan hermeteikn",
                )
            )
    if problems:
        raise InputFileError(name, problems)
    columns = _unique_headers(header)
    frame = pl.DataFrame(
        {col: [r[i] for r in rows] for i, col in enumerate(columns)},
        schema=dict.fromkeys(columns, pl.Utf8),
    )
    return RawTable(name, frame, pl.Series("row", numbers, dtype=pl.Int64), header_index + 1)


def _read_plain_csv(source: bytes, name: str, header_index: int, separator: str, path: Path | None) -> RawTable | None:
    """A CSV without quotes, read by Polars: every line is a record, so the file's line numbers are known.

    Many times faster and leaner than the csv module for a large export. Returns None when a line has
    another number of fields than the heading (the careful reader then says which). The lines and
    their fields are counted in blocks, so no array as large as the file is ever made.
    """
    import numpy as np

    view = np.frombuffer(source, dtype=np.uint8)
    ends_parts, fields_parts, carried = [], [], 0
    block = 1 << 24
    for pos in range(0, len(source), block):
        chunk = view[pos : pos + block]
        breaks = np.flatnonzero(chunk == 10)
        counts = np.bincount(
            np.searchsorted(breaks, np.flatnonzero(chunk == ord(separator))), minlength=len(breaks) + 1
        )
        counts[0] += carried
        carried = int(counts[-1])
        ends_parts.append(breaks + pos)
        fields_parts.append(counts[:-1])
    if not source or source[-1] != 10:  # the last line without a line break
        ends_parts.append(np.array([len(source)]))
        fields_parts.append(np.array([carried]))
    ends = np.concatenate(ends_parts) if ends_parts else np.array([0])
    fields = np.concatenate(fields_parts) + 1 if fields_parts else np.array([1])
    starts = np.concatenate(([0], ends[:-1] + 1))
    header = [
        h.strip().lstrip("\ufeff")
        for h in source[starts[header_index] : ends[header_index]].decode().rstrip("\r").split(separator)
    ]
    body = slice(header_index + 1, len(ends))
    length = ends[body] - starts[body]
    first = view[np.minimum(starts[body], max(len(source) - 1, 0))] if len(source) else np.zeros(0, np.uint8)
    blank = (length == 0) | ((length == 1) & (first == 13))
    if np.any(fields[body][~blank] != len(header)):
        return None
    columns = _unique_headers(header)
    if not np.any(~blank):
        empty = pl.DataFrame(schema=dict.fromkeys(columns, pl.Utf8))
        return RawTable(name, empty, pl.Series("row", [], dtype=pl.Int64), header_index + 1)
    try:
        frame = pl.read_csv(path if path is not None else io.BytesIO(source), separator=separator, has_header=False,
                            new_columns=columns, infer_schema=False, quote_char=None, raise_if_empty=False,
                            skip_lines=header_index + 1)  # fmt: skip
    except pl.exceptions.PolarsError:
        return None  # the careful reader finds and names what is wrong
    numbers = np.arange(header_index + 2, header_index + 2 + len(length))
    if frame.height != int((~blank).sum()) and frame.height != len(length):
        return None
    if frame.height == len(length) and blank.any():  # blank lines came as empty records: drop them
        frame = frame.filter(pl.Series(~blank))
    numbers = numbers[~blank]
    if b"\r" in source[: 1 << 16]:  # Windows line ends: Polars keeps the \r on the last field
        frame = frame.with_columns(pl.col(c).str.strip_suffix("\r") for c in columns[-1:])
    if frame.width:  # a line of separators only is no record (as in the careful reader)
        hollow = frame.select(pl.all_horizontal(pl.all().fill_null("").str.strip_chars() == "")).to_series()
        if hollow.any():
            frame, numbers = frame.filter(~hollow), numbers[~hollow.to_numpy()]
    return RawTable(name, frame, pl.Series("row", numbers, dtype=pl.Int64), header_index + 1)


def _separator_name(sep: str) -> str:
    return {";": "semikolon", ",": "komma", "\t": "tabulator"}[sep]


def _unique_headers(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for i, h in enumerate(header):
        label = h or f"kolonne_{i + 1}"
        if label in seen:
            seen[label] += 1
            label = f"{label}_{seen[label]}"
        else:
            seen[label] = 0
        out.append(label)
    return out


def _refuse_bad_text(raw: RawTable) -> None:
    """Double-encoded text (Ã¦ for æ) and control characters are errors, not data."""
    problems: list[Problem] = []
    for col in raw.frame.columns:
        series = raw.frame.get_column(col)
        if series.dtype != pl.Utf8:
            continue
        checks = (
            (
                series.str.contains(MOJIBAKE.pattern) | series.str.contains("\ufffd", literal=True),
                "teksten ser dobbeltkoda eller øydelagd ut (til dømes «Ã¦» eller «�» for «æ»)",
                "eksporter på nytt som «CSV UTF-8», og opne ikkje fila i eit program som lagrar henne om att med anna teiknsett",
            ),
            (series.str.contains(_CONTROL.pattern), "teksten inneheld kontrollteikn", "fjern usynlege teikn frå cella"),
            (
                series.str.contains(_HIDDEN.pattern),
                "teksten inneheld usynlege teikn eller teikn som snur skriferetninga",
                "skriv verdien inn på nytt utan å lime inn frå andre program",
            ),
        )
        for found, message, fix in checks:
            for row in raw.row_numbers.filter(found.fill_null(False)).head(20).to_list():
                problems.append(Problem(raw.name, row, col, message, fix))
    for col in raw.frame.columns:  # the headings too: a hidden character there hides a column
        if _CONTROL.search(col) or _HIDDEN.search(col):
            problems.append(
                Problem(
                    raw.name,
                    raw.header_row,
                    _printable_heading(col),
                    "overskrifta inneheld kontrollteikn eller usynlege teikn",
                    "skriv overskrifta inn på nytt",
                )
            )
    if problems:
        raise InputFileError(raw.name, problems)


def _printable_heading(text: str) -> str:
    return "".join(ch if ch.isprintable() and not _HIDDEN.match(ch) else f"\\u{ord(ch):04x}" for ch in text)


def _read_xlsx(path: Path, name: str, looks_like_header: HeaderTest, limits: FileLimits) -> RawTable:
    check_xlsx(path, name, limits)
    import fastexcel

    try:
        reader = fastexcel.read_excel(path)
        # The heading is nearly always the first row: read the sheet once with it (each read parses the
        # whole sheet, about 3 s for a million rows); look further down only when it is not.
        frame = reader.load_sheet(0, header_row=0, schema_sample_rows=None).to_polars()
        header_index = 0
        if not looks_like_header([str(c).strip() for c in frame.columns]):
            probe = reader.load_sheet(0, header_row=None, n_rows=20, dtypes="string").to_polars()
            found = None
            for i, row in enumerate(probe.iter_rows()):
                cells = [str(c).strip() if c is not None else "" for c in row]
                if any(cells) and looks_like_header(cells):
                    found = i
                    break
            if found is None:
                raise _refuse(
                    name,
                    "fann ingen overskriftsrad med kjende kolonnenamn i dei første 20 radene",
                    "første rad i første ark skal ha kolonnenamna, sjå docs/data-contracts.md",
                    row=1,
                )
            header_index = found
            frame = reader.load_sheet(0, header_row=header_index, schema_sample_rows=None).to_polars()
    except InputFileError:
        raise
    except BaseException as exc:  # fastexcel's Rust panics are BaseException, not Exception
        if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
            raise
        raise _refuse(
            name,
            f"Excel-fila kunne ikkje lesast ({type(exc).__name__})",
            "opne fila i Excel og lagre ho på nytt som .xlsx, eller lagre ho som CSV",
        ) from None
    frame = frame.rename({c: c.strip() for c in frame.columns})
    # Keep the sheet's own row numbers: header is row header_index + 1 (1-based).
    all_blank = (
        pl.all_horizontal(
            [
                # only text can be blank without being empty; a number cell is a value
                pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "")
                if frame.schema[c] == pl.Utf8
                else pl.col(c).is_null()
                for c in frame.columns
            ]
        )
        if frame.width
        else pl.lit(False)
    )
    numbered = frame.with_row_index("__row", offset=header_index + 2).filter(~all_blank)
    return RawTable(
        name, numbered.drop("__row"), numbered.get_column("__row").cast(pl.Int64).rename("row"), header_index + 1
    )
