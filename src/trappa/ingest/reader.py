"""Read a CSV or XLSX file into a raw table of cells, refusing what is not sound.

CSV: UTF-8 with or without BOM, UTF-16 with BOM, or Windows-1252; separator
``;``, ``,`` or tab, found from the header line; a title line or blank lines
before the header are skipped. XLSX: checked by :mod:`xlsx_guard` first, then
read with fastexcel, keeping typed cells (numbers stay numbers).

The raw table keeps the file's own row number for every data row, so every
later error can point at the row a person sees in Excel. A large file is handed
out in parts (:func:`read_batches`): a CSV is scanned in blocks and never held
whole, so checking it takes about as much memory as Polars reading it once.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from trappa.errors import InputFileError, Problem
from trappa.ingest.limits import DEFAULT_LIMITS, SHOWN_PER_KIND, FileLimits
from trappa.ingest.xlsx_guard import check_xlsx
from trappa.report.formatting import format_number

# Bytes 0x80–0xBF read as Windows-1252: what follows "Ã" or "Â" when UTF-8 text was
# decoded as Windows-1252 and saved again (æ -> Ã¦, ø -> Ã¸, å -> Ã¥).
_TAIL = bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")
MOJIBAKE = re.compile("[ÃÂ][" + re.escape(_TAIL) + "]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Characters that turn text around or hide it (U+202E shows «gnp.exe» as «exe.png»): never in real data.
_HIDDEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

_SUSPECT = "|".join((MOJIBAKE.pattern, "\ufffd", _CONTROL.pattern, _HIDDEN.pattern))

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


def _binary(name: str) -> InputFileError:
    return _refuse(name, "fila inneheld binære data, ikkje tekst", "last opp ei CSV- eller .xlsx-fil")


# A large file is read and checked this many rows at a time, so the text of only one part is in memory
# at once beside the typed rows (a 100 MB export took a gigabyte when read whole).
BATCH_ROWS = 200_000


def read_table(
    path: Path,
    looks_like_header: HeaderTest,
    *,
    display_name: str | None = None,
    limits: FileLimits = DEFAULT_LIMITS,
    strict_text: bool = True,
) -> RawTable:
    """Read a whole file as one table; with ``strict_text`` (the default) refuse double-encoded or lost text."""
    parts = list(read_batches(path, looks_like_header, display_name=display_name, limits=limits,
                              strict_text=strict_text))  # fmt: skip
    if len(parts) == 1:
        return parts[0]
    return RawTable(
        parts[0].name,
        pl.concat([p.frame for p in parts]),
        pl.concat([p.row_numbers for p in parts]),
        parts[0].header_row,
    )


def read_batches(
    path: Path,
    looks_like_header: HeaderTest,
    *,
    display_name: str | None = None,
    limits: FileLimits = DEFAULT_LIMITS,
    strict_text: bool = True,
    rows: int | None = None,
) -> Iterator[RawTable]:
    """The file as tables of at most ``rows`` rows, in the file's order; always at least one (maybe empty).

    A problem with the file as a whole (no heading, unreadable text, a row with too many fields) is
    raised as :class:`InputFileError`, possibly after some parts were handed out: the caller stores
    nothing before the last part.
    """
    name = display_name or path.name
    rows = rows or BATCH_ROWS
    if not path.is_file():
        raise _refuse(name, "fila finst ikkje", "sjekk filnamnet og mappa")
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic[:4] == b"\xd0\xcf\x11\xe0":
        raise _refuse(name, "fila er i det gamle Excel-formatet (.xls)", "lagre ho som .xlsx eller CSV")
    if magic == b"PK\x03\x04":
        whole = _read_xlsx(path, name, looks_like_header, limits)
        parts: Iterator[RawTable] = (
            RawTable(name, whole.frame.slice(i, rows), whole.row_numbers.slice(i, rows), whole.header_row)
            for i in range(0, max(whole.frame.height, 1), rows)
        )
    else:
        size = path.stat().st_size
        if size > limits.max_text_bytes:
            raise _refuse(
                name, f"fila er {size / 1e6:.0f} MB, grensa er {limits.max_text_bytes / 1e6:.0f} MB", "del fila opp"
            )
        parts = _csv_batches(path, name, looks_like_header, limits, rows)
    for part in parts:
        if strict_text:
            _refuse_bad_text(part)
        yield part


BLOCK = 1 << 22  # a large file is scanned 4 MB at a time


def _encoding(path: Path, name: str) -> str:
    """How the file's text is written: UTF-8 (with or without BOM), UTF-16 with BOM, or else Windows-1252.

    Checked a block at a time, so a large file is never held as text to find out.
    """
    with path.open("rb") as fh:
        start = fh.read(3)
        if start.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        fh.seek(3 if start == b"\xef\xbb\xbf" else 0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while block := fh.read(BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
            return "utf-8-sig" if start == b"\xef\xbb\xbf" else "utf-8"
        except UnicodeDecodeError:
            if start == b"\xef\xbb\xbf":
                fh.seek(0)
                _decode_strict(fh.read(), "utf-8-sig", name)
        fh.seek(0)
        done, lines = 0, 0
        while block := fh.read(BLOCK):
            try:
                block.decode("cp1252")
            except UnicodeDecodeError as exc:
                where, line = done + exc.start, lines + block[: exc.start].count(b"\n") + 1
                raise _refuse(
                    name,
                    f"teksten kan ikkje lesast som UTF-8 eller Windows-1252 (byte {where} på linje {line})",
                    "lagre fila på nytt som «CSV UTF-8» i Excel",
                    row=line,
                ) from None
            done, lines = done + len(block), lines + block.count(b"\n")
    return "cp1252"


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


def _first_lines(path: Path, encoding: str) -> list[str]:
    """The first 20 lines (the heading is among them), from the first megabytes only."""
    with path.open("rb") as fh:
        head = fh.read(1 << 22)
    if encoding != "utf-16" and len(head) == 1 << 22 and b"\n" in head:
        head = head[: head.rindex(b"\n")]  # no character cut in half
    text = head.decode(encoding, errors="replace")
    return [line.rstrip("\r") for line in (text.split("\n", 20) if "\n" in text else text.splitlines())[:20]]


def _csv_batches(
    path: Path, name: str, looks_like_header: HeaderTest, limits: FileLimits, rows: int
) -> Iterator[RawTable]:
    encoding = _encoding(path, name)
    lines = _first_lines(path, encoding)
    header_index = None
    for i, line in enumerate(lines[:20]):
        if not line.strip():
            continue
        cells = next(csv.reader([line.replace("\x00", "")], delimiter=_sniff_separator(line)))
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
        if any("\x00" in line for line in lines):
            raise _binary(name)
        raise _refuse(
            name,
            "fann ingen overskriftsrad med kjende kolonnenamn i dei første 20 linjene",
            "første rad skal ha kolonnenamna, sjå docs/data-contracts.md",
            row=1,
        )
    separator = _sniff_separator(lines[header_index])
    if encoding != "utf-16":
        layout = _plain_layout(path, name, header_index, separator, encoding)
        if layout is not None:
            yield from _plain_batches(path, name, layout, header_index, separator, rows)
            return
    text = _decode_strict(path.read_bytes(), encoding, name)
    if "\x00" in text:
        raise _binary(name)
    yield from _careful_batches(text, name, header_index, separator, rows)


def _careful_batches(text: str, name: str, header_index: int, separator: str, rows: int) -> Iterator[RawTable]:
    """Any CSV, quoted fields and line breaks in cells too, read with the csv module a part at a time.

    Rows with another number of fields than the heading are gathered (the first SHOWN_PER_KIND listed,
    the rest counted) and refuse the file after the last part.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    batch: list[list[str]] = []
    numbers: list[int] = []
    header: list[str] = []
    columns: list[str] = []
    problems: list[Problem] = []
    uneven, last_uneven, handed = 0, 0, 0
    try:
        last_line = 0
        for record in reader:
            # A record can span lines (a quoted line break): it is numbered by the line it begins on.
            line_no, end_line, last_line = last_line + 1, reader.line_num, reader.line_num
            if line_no - 1 < header_index:
                continue
            if not header:
                header = [h.strip().lstrip("\ufeff") for h in record]
                columns = _unique_headers(header)
                continue
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                uneven, last_uneven = uneven + 1, line_no
                if uneven <= SHOWN_PER_KIND:
                    problems.append(_uneven(name, record, line_no, end_line, len(header), separator))
                continue
            batch.append(record)
            numbers.append(line_no)
            if len(batch) == rows:
                yield _text_table(name, columns, batch, numbers, header_index)
                handed += 1
                batch, numbers = [], []
    except csv.Error as exc:
        raise _refuse(
            name, f"CSV-fila er ikkje velforma ({exc})", "sjekk hermeteikn og linjeskift i cella", row=reader.line_num
        ) from None
    if uneven > SHOWN_PER_KIND:
        rest = format_number(uneven - SHOWN_PER_KIND)
        problems.append(
            Problem(
                name,
                last_uneven,
                None,
                f"rader med feil tal på felt: og {rest} rader til, fram til rad {last_uneven}",
                "sjekk skiljeteiknet og hermeteikna i radene",
            )  # fmt: skip
        )
    if problems:
        raise InputFileError(name, problems)
    if batch or not handed:
        yield _text_table(name, columns, batch, numbers, header_index)


def _uneven(name: str, record: list[str], line_no: int, end_line: int, width: int, separator: str) -> Problem:
    if end_line > line_no + 1 and any("\n" in cell for cell in record):
        return Problem(
            name,
            line_no,
            None,
            f'eit hermeteikn (") på rad {line_no} vert ikkje avslutta, så feltet held fram til rad {end_line}',
            "set eit avsluttande hermeteikn i cella, eller ta det første bort",
        )
    return Problem(
        name,
        line_no,
        None,
        f"rada har {len(record)} felt, overskrifta har {width}",
        f"sjekk at skiljeteiknet «{_separator_name(separator)}» ikkje står inne i ein verdi utan hermeteikn",
    )


def _text_table(
    name: str, columns: list[str], rows: list[list[str]], numbers: list[int], header_index: int
) -> RawTable:
    frame = pl.DataFrame(
        {col: [r[i] for r in rows] for i, col in enumerate(columns)}, schema=dict.fromkeys(columns, pl.Utf8)
    )
    return RawTable(name, frame, pl.Series("row", numbers, dtype=pl.Int64), header_index + 1)


@dataclass
class _Layout:
    """Where the records of a quote-free CSV are: byte offsets of each non-blank body line and its line number."""

    columns: list[str]
    encoding: str
    starts: Any  # NumPy arrays
    ends: Any
    numbers: Any
    crlf: bool


def _plain_layout(path: Path, name: str, header_index: int, separator: str, encoding: str) -> _Layout | None:
    """The lines of a CSV without quotes, where every line is a record; None when the file has quotes, a lone
    carriage return or a line with another number of fields than the heading (the careful reader then reads
    it, and names what is wrong).

    The file is scanned a block at a time with NumPy; only where each kept line begins and ends is kept
    (a 100 MB file held whole, with an array per byte, took most of a gigabyte).
    """
    import numpy as np

    size = path.stat().st_size
    offset = np.int32 if size < 2**31 - 1 else np.int64
    sep = separator.encode("utf-8")[0]
    starts_kept, ends_kept, numbers_kept = [], [], []
    line_start, line_no, fields, last_byte, width = 0, 1, 1, 10, 0  # the file begins a line
    crlf = False
    with path.open("rb") as fh:
        done = 0
        while block := fh.read(BLOCK):
            chunk = np.frombuffer(block, dtype=np.uint8)
            if not chunk.all():
                raise _binary(name)
            if (chunk == 34).any():  # a quote: the careful reader
                return None
            returns = np.flatnonzero(chunk == 13)
            if last_byte == 13 and chunk[0] != 10:
                return None
            if len(returns):
                crlf = True
                inside = returns[returns + 1 < len(chunk)]
                if (chunk[inside + 1] != 10).any():
                    return None
            breaks = np.flatnonzero(chunk == 10)
            if not len(breaks):  # one long line goes on
                fields += int((chunk == sep).sum())
                last_byte, done = int(chunk[-1]), done + len(block)
                continue
            counts = np.bincount(np.searchsorted(breaks, np.flatnonzero(chunk == sep)), minlength=len(breaks) + 1)
            counts[0] += fields - 1
            ends = breaks + done
            starts = np.concatenate(([line_start], ends[:-1] + 1))
            numbers = np.arange(line_no, line_no + len(breaks))
            fields_here = counts[:-1] + 1
            if header_index >= line_no - 1 and header_index < line_no - 1 + len(breaks):
                width = int(fields_here[header_index - line_no + 1])
            body = numbers > header_index + 1
            length = ends - starts
            lone_cr = (length == 1) & (chunk[np.maximum(starts - done, 0)] == 13)
            if starts[0] < done:  # the first line began in the block before
                lone_cr[0] = bool(length[0] == 1 and last_byte == 13)
            kept = body & (length > 0) & ~lone_cr
            if np.any(fields_here[kept] != width):
                return None
            starts_kept.append(starts[kept].astype(offset))
            ends_kept.append(ends[kept].astype(offset))
            numbers_kept.append(numbers[kept].astype(np.int32))
            line_start, line_no = int(ends[-1]) + 1, line_no + len(breaks)
            fields = int(counts[-1]) + 1
            last_byte = int(chunk[-1])
            done += len(block)
        if last_byte == 13:
            return None
        if line_start < done:  # the last line without a line break
            if line_no - 1 == header_index:
                width = fields
            if line_no - 1 > header_index and fields != width:
                return None
            if line_no - 1 > header_index and not (done - line_start == 1 and last_byte == 13):
                starts_kept.append(np.array([line_start], offset))
                ends_kept.append(np.array([done], offset))
                numbers_kept.append(np.array([line_no], np.int32))
        fh.seek(0)
        for _ in range(header_index):
            fh.readline()
        line = fh.readline().rstrip(b"\n")
    header = [h.strip().lstrip("\ufeff") for h in line.decode(encoding).rstrip("\r").split(separator)]
    if len(header) != width:
        return None
    return _Layout(
        _unique_headers(header),
        encoding,
        np.concatenate(starts_kept) if starts_kept else np.zeros(0, offset),
        np.concatenate(ends_kept) if ends_kept else np.zeros(0, offset),
        np.concatenate(numbers_kept) if numbers_kept else np.zeros(0, np.int32),
        crlf,
    )


def _plain_batches(
    path: Path, name: str, layout: _Layout, header_index: int, separator: str, rows: int
) -> Iterator[RawTable]:
    """Polars reads each part's bytes: many times faster and leaner than the csv module for a large export."""
    columns = layout.columns
    if not len(layout.numbers):
        empty = pl.DataFrame(schema=dict.fromkeys(columns, pl.Utf8))
        yield RawTable(name, empty, pl.Series("row", [], dtype=pl.Int64), header_index + 1)
        return
    with path.open("rb") as fh:
        for i in range(0, len(layout.numbers), rows):
            starts, ends = layout.starts[i : i + rows], layout.ends[i : i + rows]
            numbers = layout.numbers[i : i + rows]
            fh.seek(int(starts[0]))
            piece = fh.read(int(ends[-1] - starts[0]))
            if layout.encoding == "cp1252":
                piece = piece.decode("cp1252").encode("utf-8")
            frame = _polars_piece(piece, columns, separator, len(numbers))
            if frame is None:  # a line of separators only came as nulls: read the part line by line
                text = piece.decode("utf-8")
                lines = [line.rstrip("\r") for line in text.split("\n") if line.rstrip("\r")]
                frame = _text_table(name, columns, [line.split(separator) for line in lines], [], header_index).frame
            if layout.crlf:  # Windows line ends: Polars keeps the \r on the last field
                frame = frame.with_columns(pl.col(c).str.strip_suffix("\r") for c in columns[-1:])
            row_numbers = pl.Series("row", numbers, dtype=pl.Int64)
            if frame.width:  # a line of separators only is no record (as in the careful reader)
                hollow = frame.select(pl.all_horizontal(pl.all().fill_null("").str.strip_chars() == "")).to_series()
                if hollow.any():
                    frame, row_numbers = frame.filter(~hollow), row_numbers.filter(~hollow)
            yield RawTable(name, frame, row_numbers, header_index + 1)


def _polars_piece(piece: bytes, columns: list[str], separator: str, records: int) -> pl.DataFrame | None:
    """The part read by Polars, or None when its records do not come out one per non-blank line."""
    try:
        frame = pl.read_csv(io.BytesIO(piece), separator=separator, has_header=False, new_columns=columns,
                            infer_schema=False, quote_char=None, raise_if_empty=False)  # fmt: skip
    except pl.exceptions.PolarsError:
        return None
    if frame.height > records and frame.width:  # blank lines within the part come as records of nulls
        frame = frame.filter(~pl.all_horizontal(pl.all().is_null()))
    return frame if frame.height == records else None


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
        if series.dtype != pl.Utf8 or not series.str.contains(_SUSPECT).any():
            continue  # one search for all three first: nearly every column is clean, and each search costs
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
