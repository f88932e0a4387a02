"""Bounds on what an input file may be before any parser sees it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileLimits:
    max_text_bytes: int = 1_500_000_000
    max_xlsx_bytes: int = 100_000_000
    max_zip_entries: int = 2_000
    max_uncompressed_bytes: int = 2_000_000_000
    max_compression_ratio: float = 200.0
    max_columns: int = 200
    max_rows: int = 5_000_000
    # An Excel sheet is read whole as cells by its reader (about 80 bytes a cell): 4 million cells (500 000
    # rows of 8 columns) stay under 500 MB. A larger export is read leanly as CSV, a part at a time.
    max_cells: int = 4_000_000
    # A read in its own process may use this much memory and time (national scale needs about 2 GB).
    max_memory_bytes: int = 6_000_000_000
    max_read_seconds: int = 600


DEFAULT_LIMITS = FileLimits()

# Problems of one kind in one column listed by name; the rest are counted in one line («og N rader til»), so
# a file with two million bad rows is refused in seconds, not after building two million messages.
SHOWN_PER_KIND = 1000
