"""The profile as a workbook a controller can hand on: one sheet per year and the control totals.

Number formats use Excel's locale-independent codes (``#,##0``), which Excel in
Norway shows as ``1 234``. Every text cell is written as a string, never as a
formula, and text from imported files is defused in case the sheet is saved
as CSV later.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from trappa.model.profile import Profile
from trappa.report import safe_xlsx
from trappa.report.labels import label, text, user_group_name
from trappa.report.safe_text import defuse

# column, format, additive (summed in the totals row)
COLUMNS: list[tuple[str, str, bool]] = [
    ("step_code", "text", False),
    ("step_name", "text", False),
    ("gross_cost", "kr", True),
    ("income", "kr", True),
    ("refund_income", "kr", True),
    ("net_cost", "kr", True),
    ("share_of_net_percent", "pct", True),
    ("budget", "kr", True),
    ("budget_deviation", "kr", True),
    ("ftes", "dec1", True),
    ("persons", "int", False),
    ("persons_on_date", "int", False),
    ("decisions", "int", True),
    ("decided_hours_per_week", "dec1", True),
    ("decided_hours_per_week_per_person", "dec1", False),
    ("cost_per_person", "kr", False),
    ("cost_per_decided_hour", "kr", False),
    ("ftes_per_person", "dec2", False),
    ("places", "dec0", True),
    ("bought_places", "dec0", True),
    ("bought_cost", "kr", True),
    ("own_cost", "kr", True),
    ("occupancy_percent", "pct", False),
    ("cost_per_place", "kr", False),
]


def write_workbook(
    profiles: list[Profile], target: Path | BytesIO, *, municipality: str, synthetic: bool, language: str = "nn"
) -> None:
    wb = safe_xlsx.workbook(target)
    fmt = {
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "note": wb.add_format({"italic": True, "font_color": "#7a3b00"}),
        "head": wb.add_format({"bold": True, "bg_color": "#DCE6F1", "text_wrap": True, "valign": "top", "border": 1}),
        "text": wb.add_format({}),
        "kr": wb.add_format({"num_format": "#,##0"}),  # income is negative, not wrong: no red
        "int": wb.add_format({"num_format": "#,##0"}),
        "year": wb.add_format({"num_format": "0", "align": "left"}),
        "dec0": wb.add_format({"num_format": "#,##0"}),
        "dec1": wb.add_format({"num_format": "#,##0.0"}),
        "dec2": wb.add_format({"num_format": "#,##0.00"}),
        "pct": wb.add_format({"num_format": "0.0\\ \\%"}),  # the share is already in percent (12,5)
    }
    total_fmt = {
        k: wb.add_format({"bold": True, "top": 2, **({"num_format": f.num_format} if f.num_format else {})})
        for k, f in fmt.items()
    }
    for p in profiles:
        _year_sheet(wb, p, fmt, total_fmt, municipality, synthetic, language)
    _controls_sheet(wb, profiles, fmt, municipality, synthetic, language)
    wb.close()


def _write(ws: Worksheet, row: int, col: int, value: object, f: Format | None) -> None:
    if value is None:
        ws.write_blank(row, col, None, f)
    elif isinstance(value, str):
        ws.write_string(row, col, defuse(value) or "", f)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, f)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, float(value), f)
    else:
        ws.write_string(row, col, defuse(str(value)) or "", f)


def _year_sheet(
    wb: Workbook,
    p: Profile,
    fmt: dict[str, Format],
    total_fmt: dict[str, Format],
    municipality: str,
    synthetic: bool,
    language: str,
) -> None:
    ws = wb.add_worksheet(str(p.year))
    ws.write_string(0, 0, f"{municipality} – {text('profile_title', language)} {p.year}", fmt["title"])
    if synthetic:
        ws.write_string(1, 0, text("synthetic", language), fmt["note"])
    cols = list(COLUMNS)
    if p.by_user_group:
        cols.insert(2, ("user_group", "text", False))
    head = 3
    for j, (name, _f, _a) in enumerate(cols):
        ws.write_string(head, j, label(name, language), fmt["head"])
    rows = p.table.to_dicts()
    for i, r in enumerate(rows, start=head + 1):
        for j, (name, f, _a) in enumerate(cols):
            value = r.get(name)
            if name == "user_group" and value:
                value = user_group_name(value, language)
            _write(ws, i, j, value, fmt[f])
    total_row = head + 1 + len(rows)
    totals = {name: sum((r.get(name) or 0) for r in rows) for name, _f, additive in cols if additive}
    if not p.by_user_group:
        totals["persons"] = None  # a person can be on several steps; a sum would count them twice
    ws.write_string(total_row, 1, text("total", language), total_fmt["text"])
    for j, (name, f, additive) in enumerate(cols):
        if additive and j > 1:
            _write(ws, total_row, j, totals.get(name), total_fmt[f])
    ws.set_column(0, 0, 7)
    ws.set_column(1, 1, 44)
    for j, (name, _f, _a) in enumerate(cols[2:], start=2):
        # Wide enough for the longest word of the heading, so no heading breaks inside a word.
        ws.set_column(j, j, max(14, max(len(w) for w in label(name, language).split()) + 3))
    ws.set_row(head, 45)
    ws.freeze_panes(head + 1, 2)
    # Printed or saved as PDF: landscape at 80 % (about 9 pt), the headings on every page and the step
    # on every page across; shrinking 24 columns to one page wide would print them at 5 pt.
    _print_setup(ws, municipality, synthetic)
    ws.repeat_rows(head)
    ws.repeat_columns(0, 2 if p.by_user_group else 1)
    ws.autofilter(head, 0, total_row - 1, len(cols) - 1)


def _controls_sheet(
    wb: Workbook, profiles: list[Profile], fmt: dict[str, Format], municipality: str, synthetic: bool, language: str
) -> None:
    ws = wb.add_worksheet(text("controls", language))
    ws.write_string(0, 0, f"{municipality} – {text('controls', language)}", fmt["title"])
    if synthetic:
        ws.write_string(1, 0, text("synthetic", language), fmt["note"])
    headers = ["year", "accounts_total", "in_steps", "outside", "unmapped", "balanced"]
    names = (
        [label("year", language)]
        + [text(h, language) for h in headers[1:]]
        + [
            label("ftes", language) + " – " + text("in_steps", language),
            label("ftes", language) + " – " + text("outside", language),
            label("ftes", language) + " – " + text("unmapped", language),
            label("decisions", language),
            label("decisions", language) + " – " + text("unmapped", language),
        ]
    )
    ws.set_row(3, 30)
    for j, name in enumerate(names):
        ws.write_string(3, j, name, fmt["head"])
    for i, p in enumerate(profiles, start=4):
        c = p.controls
        values = [
            p.year,
            c.accounts_total_ore / 100,
            c.in_steps_ore / 100,
            c.outside_staircase_ore / 100,
            c.unmapped_ore / 100,
            text("yes" if c.balanced else "no", language),
            c.ftes_in_steps,
            c.ftes_outside,
            c.ftes_unmapped,
            c.decisions_active,
            c.decisions_without_step,
        ]
        formats = ["year", "kr", "kr", "kr", "kr", "text", "dec1", "dec1", "dec1", "int", "int"]
        for j, (v, f) in enumerate(zip(values, formats, strict=True)):
            _write(ws, i, j, v, fmt[f])
    row = 5 + len(profiles)
    ws.write_string(row, 0, text("unmapped_centres", language), fmt["title"])
    row += 1
    for j, name in enumerate(
        [label("year", language), text("cost_centre", language), text("name", language), text("amount", language)]
    ):
        ws.write_string(row, j, name, fmt["head"])
    for p in profiles:
        for r in p.unmapped_centres.to_dicts():
            row += 1
            _write(ws, row, 0, p.year, fmt["year"])
            _write(ws, row, 1, r["cost_centre"], fmt["text"])
            _write(ws, row, 2, r["cost_centre_name"], fmt["text"])
            _write(ws, row, 3, r["amount_ore"] / 100, fmt["kr"])
    if all(p.unmapped_centres.is_empty() for p in profiles):
        ws.write_string(row + 1, 0, text("none_unmapped", language), fmt["note"])
    ws.set_column(0, 0, 10)
    ws.set_column(1, 9, 18)
    _print_setup(ws, municipality, synthetic)


def _print_setup(ws: Worksheet, municipality: str, synthetic: bool) -> None:
    """A4 landscape at 80 % (at least 8 pt on paper), page numbers and the municipality in the footer."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_print_scale(80)
    marked = synthetic and "syntetisk" not in municipality.lower()
    name = municipality.replace("&", "&&")[:80] + (" (syntetiske data)" if marked else "")
    ws.set_footer(f"&L{name}&RSide &P av &N")
