"""The council report as Excel that prints like a report: a sheet per table, A4 landscape as wide as the page
at 9 pt, the heading row repeated on every page, page numbers and the municipality in the footer, step names
beside every number, one percent format, no red, and totals as formulas a controller can follow."""

from __future__ import annotations

import re
from datetime import datetime
from io import BytesIO

from trappa.report.council import HIDDEN, Report, Table

MAX_SHEET = 31


def sheet_names(titles: list[str]) -> list[str]:
    """Names Excel accepts: at most 31 characters, cut after a whole word, without []:*?/\\, and unique."""
    out: list[str] = []
    for title in titles:
        clean = " ".join(re.sub(r"[\[\]:*?/\\]", " ", title).split())
        name = clean
        if len(name) > MAX_SHEET:
            name = ""
            for word in clean.split():
                if len((name + " " + word).strip()) > MAX_SHEET:
                    break
                name = (name + " " + word).strip()
            name = (name or clean[:MAX_SHEET]).rstrip(" ,;.")
        base, k = name, 2
        while name.lower() in {o.lower() for o in out}:
            suffix = f" ({k})"
            cut = base
            while len(cut) + len(suffix) > MAX_SHEET and " " in cut:
                cut = cut.rsplit(" ", 1)[0]
            name = cut[: MAX_SHEET - len(suffix)].rstrip(" ,;") + suffix
            k += 1
        out.append(name)
    return out


def _decimals(text: str) -> int:
    m = re.search(r",(\d+)", text)
    return len(m.group(1)) if m else 0


def _column(j: int) -> str:
    name = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        name = chr(65 + r) + name
    return name


def to_xlsx(report: Report) -> bytes:
    from trappa.report import safe_xlsx  # xlsxwriter only when a workbook is made
    from trappa.report.council_docx import _png

    buffer = BytesIO()
    wb = safe_xlsx.workbook(buffer)
    made = datetime(report.data_as_of.year, report.data_as_of.month, report.data_as_of.day)
    wb.set_properties({"title": report.title, "author": report.municipality, "created": made})  # same data, same file
    base = {"font_size": 9, "font_name": "Arial"}
    title = wb.add_format({**base, "bold": True, "font_size": 13, "text_wrap": True, "valign": "top"})
    note = wb.add_format({**base, "italic": True, "text_wrap": True})
    heading_style = {**base, "bold": True, "bg_color": "#E6EEF5", "bottom": 1, "text_wrap": True, "valign": "bottom"}
    head = wb.add_format(heading_style)
    # A number's column reads down its right edge: its heading and any «–» or «≤5» too.
    head_number = wb.add_format({**heading_style, "align": "right"})
    text = wb.add_format({**base})
    text_number = wb.add_format({**base, "align": "right"})
    bold_text = wb.add_format({**base, "bold": True, "top": 1})
    numbers = {d: wb.add_format({**base, "num_format": "#,##0" + ("." + "0" * d if d else "")}) for d in range(3)}
    bold_numbers = {d: wb.add_format({**base, "bold": True, "top": 1, "num_format": "#,##0" + ("." + "0" * d if d else "")})
                    for d in range(3)}  # fmt: skip
    percent = wb.add_format({**base, "num_format": "0.0 %"})
    bold_percent = wb.add_format({**base, "bold": True, "top": 1, "num_format": "0.0 %"})
    items: list[tuple[str, Table, str, list[str]]] = []
    for s in report.sections:
        for t in s.tables:
            items.append((s.title, t, s.source, s.notes))
    names = sheet_names([t.caption for _s, t, _src, _n in items])
    charts = {c.table: c for s in report.sections for c in s.charts}
    footer = re.sub(r"&", "&&", report.municipality)[:80]
    for name, (section, t, source, notes) in zip(names, items, strict=True):
        ws = wb.add_worksheet(name)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_print_scale(100)  # 9 pt on paper: the columns are sized to fit A4 landscape without shrinking
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
        marked = report.synthetic and "syntetisk" not in report.municipality.lower()
        ws.set_footer(f"&L{footer}{' (syntetiske data)' if marked else ''}&RSide &P av &N")
        width = max(len(t.columns) - 1, 6)  # text spans at least seven columns, so it wraps readably
        heading = f"{section}: {t.caption}"
        ws.merge_range(0, 0, 0, width, heading, title)  # wrapped within the printed width, never beyond it
        ws.set_row(0, 20 * (1 + len(heading) // 90))
        row = 2
        header_row = row
        for j, col in enumerate(t.columns):
            ws.write_string(row, j, col, head_number if t.numeric[j] else head)
        ws.repeat_rows(header_row)
        ws.set_column(0, 0, 32)
        ws.set_column(1, len(t.columns) - 1, 10)  # at most 32 + 7 × 10: A4 landscape at 100 %
        first = row + 1
        for cells in t.rows:
            row += 1
            for j, c in enumerate(cells):
                if not t.numeric[j] or c.value is None:
                    ws.write_string(
                        row, j, c.text if not t.numeric[j] else (c.text or "–"), text_number if t.numeric[j] else text
                    )
                elif j in t.percent_columns:
                    ws.write_number(row, j, c.value, percent)
                else:
                    ws.write_number(row, j, c.value, numbers[min(_decimals(c.text), 2)])
        if t.total:
            row += 1
            for j, c in enumerate(t.total):
                if not t.numeric[j] or c.value is None:  # a column with no total (persons) stays empty
                    ws.write_string(row, j, c.text, bold_text)
                    continue
                letter = _column(j)
                fmt = bold_percent if j in t.percent_columns else bold_numbers[min(_decimals(c.text), 2)]
                if any(r[j].text == HIDDEN.text for r in t.rows):  # the total holds counts not shown: a number
                    ws.write_number(row, j, c.value, fmt)
                    continue
                ws.write_formula(row, j, f"=SUM({letter}{first + 1}:{letter}{row})", fmt, c.value)
        row += 2
        for n in notes:
            ws.merge_range(row, 0, row, width, n, note)
            ws.set_row(row, 12 * (1 + len(n) // 80))  # room for the wrapped note
            row += 1
        ws.merge_range(row, 0, row, width, f"Kjelde: {source}. Data per {report.data_as_of:%d.%m.%Y}.", note)
        if report.synthetic:
            row += 1
            ws.merge_range(row, 0, row, width, "Syntetiske data: tala gjeld ingen verkeleg kommune.", note)
        chart = charts.get(t.id)
        if chart is not None:  # below its numbers, where it can cover nothing, on a page of its own
            ws.set_h_pagebreaks([row + 2])
            ws.insert_image(row + 2, 0, f"{t.id}.png", {"image_data": BytesIO(_png(chart.spec)), "x_scale": 0.45,
                                                       "y_scale": 0.45, "description": chart.alt})  # fmt: skip
    wb.close()
    return buffer.getvalue()
