"""Any table a page shows, as a plain formatted workbook (one sheet per table)."""

from __future__ import annotations

from io import BytesIO

import polars as pl
import xlsxwriter

from trappa.report.safe_text import defuse


def frame_workbook(sheets: dict[str, pl.DataFrame], *, title: str) -> bytes:
    buffer = BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_numbers": False, "in_memory": True})
    head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
    number = wb.add_format({"num_format": "#,##0.00;[Red]-#,##0.00"})
    bold = wb.add_format({"bold": True, "font_size": 14})
    for name, frame in sheets.items():
        ws = wb.add_worksheet(name[:31])
        ws.write_string(0, 0, title, bold)
        for j, col in enumerate(frame.columns):
            ws.write_string(2, j, col, head)
        for i, row in enumerate(frame.iter_rows(), start=3):
            for j, v in enumerate(row):
                if v is None:
                    continue
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write_number(i, j, float(v), number)
                else:
                    ws.write_string(i, j, defuse(str(v)) or "")
        ws.set_column(0, max(len(frame.columns) - 1, 0), 20)
        ws.freeze_panes(3, 0)
    wb.close()
    return buffer.getvalue()
