"""Any table a page shows, as a plain formatted workbook (one sheet per table)."""

from __future__ import annotations

from io import BytesIO

import polars as pl

from trappa.report import safe_xlsx
from trappa.report.safe_text import defuse


def frame_workbook(
    sheets: dict[str, pl.DataFrame], *, title: str, percent: set[str] | None = None, red_negative: bool = True
) -> bytes:
    """One sheet per table; printed on A4 landscape, as wide as the page, the headings on every page.

    ``percent`` names columns that hold shares (0,125), shown as 12,5 %. ``red_negative=False`` where a sign
    is not good or bad (a comparison with others must not colour a municipality).
    """
    buffer = BytesIO()
    wb = safe_xlsx.workbook(buffer)
    head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
    head.set_text_wrap()
    number = wb.add_format({"num_format": "#,##0.00;[Red]-#,##0.00" if red_negative else "#,##0.00"})
    share = wb.add_format({"num_format": "0.0 %"})
    bold = wb.add_format({"bold": True, "font_size": 14})
    for name, frame in sheets.items():
        ws = wb.add_worksheet(name[:31])
        ws.write_string(0, 0, title, bold)
        for j, col in enumerate(frame.columns):
            ws.write_string(2, j, col, head)
        formats = [share if col in (percent or set()) else number for col in frame.columns]
        for i, row in enumerate(frame.iter_rows(), start=3):
            for j, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write_number(i, j, float(v), formats[j])
                else:
                    ws.write_string(i, j, defuse(str(v)) or "")
        for j, col in enumerate(frame.columns):  # wide enough for the longest text, headings may wrap
            longest = max([len(str(v)) for v in frame[col].head(500).to_list() if v is not None] or [0])
            ws.set_column(j, j, min(max(longest + 2, 10), 40))
        ws.set_row(2, 45)  # room for a heading over three lines
        ws.freeze_panes(3, 0)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(2)
        ws.set_footer(f"&L{defuse(title)}&RSide &P av &N")
    wb.close()
    return buffer.getvalue()
