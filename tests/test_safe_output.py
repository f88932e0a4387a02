"""Outputs that cannot hurt (issue 15): no text trappa writes to a workbook or CSV can run as a formula."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from trappa.report import safe_xlsx
from trappa.report.csv_out import to_csv

SRC = Path(__file__).resolve().parents[1] / "src" / "trappa"
EVIL = '=HYPERLINK("http://x","klikk")'


def test_every_workbook_is_made_by_the_safe_workbook():
    makers = [p.relative_to(SRC).as_posix() for p in SRC.rglob("*.py") if "xlsxwriter.Workbook(" in p.read_text()]
    assert makers == [], f"write workbooks through trappa.report.safe_xlsx: {makers}"


def test_a_formula_typed_as_a_name_is_written_as_harmless_text():
    import fastexcel

    buffer = io.BytesIO()
    wb = safe_xlsx.workbook(buffer)
    ws = wb.add_worksheet("Scenario")
    ws.write_string(0, 0, "Namn")
    ws.write(1, 0, EVIL)  # also through the general write()
    ws.write_string(2, 0, "-1 234,50")  # a plain signed number stays as it is
    wb.close()
    frame = fastexcel.read_excel(buffer.getvalue()).load_sheet(0).to_polars()
    assert frame["Namn"].to_list() == ["'" + EVIL, "-1 234,50"]


def test_csv_cells_and_headings_are_defused():
    frame = pl.DataFrame({"scenario": [EVIL], "verdi": [1.5]})
    text = to_csv(frame, headers=["@navn", "verdi"])
    assert "'@navn" in text and "'" + EVIL.replace('"', '""') in text and "1,5" in text


def test_the_cost_of_a_step_with_one_to_five_people_is_hidden_with_the_count():
    """Before: a step of one person showed its net cost, 27 191 thousand kroner (issue 15)."""
    from trappa.services.publishing import safe_figures

    table = pl.DataFrame({"step": [1, 2, 3], "step_name": ["a", "b", "c"], "category": [1, 1, 2],
                          "persons": [1, 40, 50], "net_cost": [27_191_000.0, 5e6, 9e6],
                          "cost_per_person": [27_191_000.0, 125_000.0, 180_000.0]})  # fmt: skip
    figures = safe_figures(table, 2023)
    shown = {r["step"]: r["net_cost"] for r in figures.rows}
    assert shown == {1: None, 2: None, 3: 9e6}  # the second-smallest hidden too, so the total reveals neither
    assert figures.total_net_cost == 27_191_000.0 + 5e6 + 9e6
    alone = safe_figures(table.with_columns(pl.Series("persons", [1, 0, 0])), 2023)
    assert alone.rows[0]["net_cost"] is None and alone.total_net_cost is None
