"""The report to the council: every section in PDF, Word and Excel from the demo; the PDF checked for PDF/UA
(tags, language, title, alt texts); the same figures in the PDF's and the Word file's text as in the JSON
document; every PDF page rendered to PNG in test-artifacts/ for a person to read."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from trappa.report.council import SECTIONS
from trappa.report.council_xlsx import sheet_names

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
FLAGSHIP = "Heildøgns bustad framfor institusjon"


@pytest.fixture(scope="module")
def rendered(demo_template, tmp_path_factory):
    """The whole report of the demo in every format, made once for the tests below."""
    from trappa.services import council_report
    from trappa.services.database import open_url

    from .conftest import copy_database

    path = copy_database(demo_template, tmp_path_factory.mktemp("report"))
    db = open_url(f"sqlite:///{path}")
    report = council_report.build(db, 2023, scenarios=[FLAGSHIP])
    out = {fmt: council_report.render(db, "test", report, fmt) for fmt in ("pdf", "docx", "xlsx", "json")}
    db.dispose()
    return report, out


def _squash(text: str) -> str:
    """Text without spaces of any kind (PDF extraction turns no-break spaces into spaces or nothing)."""
    return re.sub(r"[\s\u00a0\u202f]+", "", text)


def test_every_section_is_there_in_every_format(rendered):
    report, out = rendered
    assert [s.id for s in report.sections] == list(SECTIONS)
    assert all(s.tables for s in report.sections) and all(s.source for s in report.sections)
    document = json.loads(out["json"])
    assert document["schema_id"] == "trappa.report" and document["synthetic"] is True
    assert out["pdf"][:5] == b"%PDF-" and out["docx"][:2] == b"PK" and out["xlsx"][:2] == b"PK"
    titles = [s.title for s in report.sections]
    from docx import Document

    headings = [p.text for p in Document(io.BytesIO(out["docx"])).paragraphs if p.style.name.startswith("Heading")]
    assert headings == [report.title, *titles]


def test_the_pdf_is_tagged_for_pdf_ua_with_title_language_and_alt_texts(rendered):
    import pikepdf

    report, out = rendered
    pdf = pikepdf.open(io.BytesIO(out["pdf"]))
    root = pdf.Root
    assert bool(root.MarkInfo.Marked) and "/StructTreeRoot" in root
    assert str(root.Lang) == "nn"
    assert bool(root.ViewerPreferences.DisplayDocTitle)
    with pdf.open_metadata() as meta:
        assert meta.get("dc:title") == report.title
        assert meta.get("pdfuaid:part") == "1"
    figures, headings, table_headers = [], [], 0

    def walk(node: pikepdf.Object) -> None:
        nonlocal table_headers
        if isinstance(node, pikepdf.Dictionary):
            kind = str(node.get("/S", ""))
            if kind == "/Figure":
                figures.append(str(node.get("/Alt", "")))
            elif kind in ("/H1", "/H2"):
                headings.append(kind)
            elif kind == "/TH":
                table_headers += 1
            kids = node.get("/K")
            if kids is not None:
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                    walk(kid)
        elif isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)

    walk(root.StructTreeRoot)
    charts = [c for s in report.sections for c in s.charts]
    assert len(figures) == len(charts) and all(alt.startswith("Stolpediagram") for alt in figures)
    assert headings.count("/H1") == 1 and headings.count("/H2") == len(report.sections)
    assert table_headers > 50  # every table's column and row headers are tagged as such


def test_the_pdf_and_the_word_file_carry_the_figures_of_the_document(rendered):
    import pypdfium2
    from docx import Document

    report, out = rendered
    pdf = pypdfium2.PdfDocument(out["pdf"])
    pdf_text = _squash("".join(page.get_textpage().get_text_range() for page in pdf))
    doc = Document(io.BytesIO(out["docx"]))
    word_text = _squash(" ".join([p.text for p in doc.paragraphs]
                                 + [c.text for t in doc.tables for r in t.rows for c in r.cells]))  # fmt: skip
    figures = [_squash(f) for f in report.figures() if f != "–"]
    assert len(figures) > 300
    missing_pdf = [f for f in figures if f not in pdf_text]
    missing_word = [f for f in figures if f not in word_text]
    assert missing_pdf == [] and missing_word == []
    assert "Syntetiskedata" in pdf_text and "Side1av" in pdf_text  # labelled on the page, numbered
    # every page as PNG, for a person to read
    ARTIFACTS.mkdir(exist_ok=True)
    for i, page in enumerate(pdf, start=1):
        page.render(scale=1.2).to_pil().save(ARTIFACTS / f"rapport-side-{i}.png")
    assert (ARTIFACTS / "rapport-side-1.png").stat().st_size > 10_000


def test_the_workbook_prints_like_a_report(rendered):
    report, out = rendered
    book = zipfile.ZipFile(io.BytesIO(out["xlsx"]))
    workbook = book.read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet name="([^"]+)"', workbook)
    tables = [t for s in report.sections for t in s.tables]
    assert len(names) == len(tables) == len(set(names)) and all(len(n) <= 31 for n in names)
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert 'orientation="landscape"' in sheet and 'paperSize="9"' in sheet and "fitToPage" not in sheet  # 9 pt on paper
    assert "Side &amp;P av &amp;N" in sheet and "Demo kommune" in sheet
    assert "<f>SUM(" in sheet  # the total is a formula a controller can follow
    assert "_xlnm.Print_Titles" in workbook  # the heading row on every printed page
    styles = book.read("xl/styles.xml").decode()
    assert "[Red]" not in styles and styles.count('formatCode="0.0 %"') == 1
    assert re.search(r'<sz val="9"/>', styles)
    shared = book.read("xl/sharedStrings.xml").decode()
    assert "10 Bustad med heildøgns omsorg" in shared  # step names beside the numbers


def test_sheet_names_are_cut_at_words_and_unique():
    names = sheet_names(["Profilen 2023: personar, vedtak, timar, årsverk og netto kostnad per trinn",
                         "Profilen 2023: personar, vedtak, timar, årsverk og netto kostnad per trinn",
                         "Kontroll [a/b]"])  # fmt: skip
    assert names[0] == "Profilen 2023 personar, vedtak"  # cut after a word, within 31
    assert names[1] != names[0] and len(names[1]) <= 31 and names[1].endswith("(2)")
    assert names[2] == "Kontroll a b"


def test_the_same_data_gives_the_same_files(rendered, demo_template, tmp_path):
    from trappa.services import council_report
    from trappa.services.database import open_url

    from .conftest import copy_database

    report, out = rendered
    db = open_url(f"sqlite:///{copy_database(demo_template, tmp_path)}")
    again = council_report.build(db, 2023, scenarios=[FLAGSHIP])
    assert council_report.render(db, "test", again, "json") == out["json"]
    for fmt in ("xlsx", "docx", "pdf"):
        assert council_report.render(db, "test", again, fmt) == out[fmt], fmt
    db.dispose()


def test_cli_report_and_a_clear_error(demo_home, tmp_path):
    from .test_cli import run

    target = tmp_path / "rapport.docx"
    done = run(demo_home, "report", "--sections", "staircase,kostra", "--out", str(target))
    assert target.exists() and "2 delar" in done.output
    wrong = run(demo_home, "report", "--sections", "alt", "--out", str(tmp_path / "r.pdf"), code=2)
    assert "Ukjend del av rapporten: alt" in wrong.output


def test_a_count_of_one_to_five_persons_never_reaches_the_council_paper():
    """The paper is public: counts of 1–5 stand as ≤5 (and one more where a lone one could be worked out,
    as on the public pages), the change beside a hidden count is hidden too, and no persons total is
    printed (a person on two steps is one person). The Excel sheet writes ≤5, never the count."""
    from datetime import date
    from types import SimpleNamespace

    import polars as pl

    from trappa.report import council, council_xlsx

    def profile(year, persons):
        n = len(persons)
        table = pl.DataFrame({
            "step": list(range(1, n + 1)), "step_name": [f"Trinn {i}" for i in range(1, n + 1)], "persons": persons,
            "decisions": [p * 2 for p in persons], "decided_hours_per_week": [10.0] * n, "ftes": [1.0] * n,
            "net_cost": [1e6] * n, "share_of_net_percent": [100 / n] * n, "budget": [None] * n,
        })  # fmt: skip
        controls = SimpleNamespace(accounts_total_ore=n * 10**8, in_steps_ore=n * 10**8, outside_staircase_ore=0,
                                   unmapped_ore=0)  # fmt: skip
        return SimpleNamespace(year=year, table=table, controls=controls)

    now, before = profile(2024, [3, 40, 27, 0]), profile(2023, [8, 41, 2, 0])
    staircase = council.staircase_section(now, "kjelde").tables[0]
    assert [r[1].text for r in staircase.rows] == ["≤5", "40", "≤5", "0"]  # 27 goes with the lone 3
    assert [r[2].text for r in staircase.rows] == ["≤5", "80", "≤5", "0"]  # decisions bound persons from above
    assert staircase.total is not None and staircase.total[1].text == "" and staircase.total[1].value is None
    change = council.change_section(now, before, "kjelde").tables[0]
    assert [[c.text for c in r[1:4]] for r in change.rows] == [
        ["≤5", "≤5", "≤5"],
        ["41", "40", "-1"],
        ["≤5", "≤5", "≤5"],
        ["0", "0", "0"],
    ]  # fmt: skip (8 in 2023 goes with the lone 2)
    cells = [r[1] for r in staircase.rows] + [c for r in change.rows for c in r[1:3]] + [staircase.rows[0][2]]
    assert all(c.value is None or not 1 <= c.value <= 5 for c in cells)  # the hidden count is not kept behind
    sections = [council.staircase_section(now, "kjelde"), council.change_section(now, before, "kjelde")]
    report = council.Report(title="Prøve", municipality="Prøve", synthetic=True, year=2024,
                            data_as_of=date(2024, 12, 31), sections=sections)  # fmt: skip
    book = zipfile.ZipFile(io.BytesIO(council_xlsx.to_xlsx(report)))
    assert "≤5" in book.read("xl/sharedStrings.xml").decode()
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    # the decisions' total holds hidden counts: written as its number, not a SUM Excel would redo without them
    assert "<f>SUM(C" not in sheet and "<f>SUM(D" in sheet


def test_a_chart_of_small_whole_numbers_labels_each_tick_once():
    """Up to five persons, the axis read 0 1 1 2 2 3 3 4 4 5 5 (ticks at halves, shown without decimals)."""
    from trappa.report.charts import bar_chart, to_svg

    rows = [{"step": 1, "step_label": "1 Trinn", "persons": 5}, {"step": 2, "step_label": "2 Trinn", "persons": 3}]
    svg = to_svg(bar_chart(rows, "persons", "Personar per trinn", "Personar"), width=360)
    ticks = [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if t.isdigit()]
    assert ticks == ["0", "1", "2", "3", "4", "5"]


def test_more_spent_than_budgeted_is_a_positive_share_also_on_a_negative_budget():
    """A step whose budget is income above cost (−1,4 MNOK) that ended at −1,3 spent 0,1 more: +7,1 %, not −7,1 %."""
    from types import SimpleNamespace

    import polars as pl

    from trappa.report import council

    table = pl.DataFrame({"step": [8, 12], "step_name": ["Bustader", "Institusjon"], "budget": [-1.4e6, 25e6],
                          "net_cost": [-1.3e6, 26e6]})  # fmt: skip
    rows = council.budget_section(SimpleNamespace(year=2023, table=table), "kjelde").tables[0].rows
    assert [r[3].text for r in rows] == ["0,1", "1,0"] and [r[4].text for r in rows] == ["7,1\u00a0%", "4,0\u00a0%"]
