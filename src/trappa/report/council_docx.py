"""The council report as Word (docx), for the case document (saksframlegg): real headings, tables with a
header row repeated on every page, charts as images with their alternative text, the language set."""

from __future__ import annotations

import zipfile
from datetime import datetime
from io import BytesIO
from typing import Any

from trappa.report.council import Report, Table

LANGUAGE_TAGS = {"nn": "nn-NO", "nb": "nb-NO", "en": "en-GB"}


def _png(spec: dict[str, Any]) -> bytes:
    import vl_convert

    from trappa.report.charts import NORWEGIAN_FORMAT

    fixed = {**spec, "width": 640} if spec.get("width") == "container" else spec
    return bytes(vl_convert.vegalite_to_png(fixed, scale=2, format_locale=NORWEGIAN_FORMAT))


def _mark_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def _table(doc: Any, t: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc.add_paragraph(t.caption, style="Caption")
    rows = [*t.rows, *([t.total] if t.total else [])]
    table = doc.add_table(rows=1 + len(rows), cols=len(t.columns))
    table.style = "Table Grid"
    table.autofit = False
    # the names get room (a third of the page), the numbers share the rest: no word broken letter by letter
    first = Cm(5.5)
    rest = Cm((16.0 - 5.5) / max(len(t.columns) - 1, 1))
    for j, column in enumerate(table.columns):  # the grid (LibreOffice reads this) and every cell (Word)
        column.width = first if j == 0 else rest
    for r in table.rows:
        for j, cell in enumerate(r.cells):
            cell.width = first if j == 0 else rest
    for j, name in enumerate(t.columns):
        cell = table.rows[0].cells[j]
        cell.text = name
        cell.paragraphs[0].runs[0].bold = True
        cell.paragraphs[0].runs[0].font.size = Pt(8.5)
    _mark_header(table.rows[0])
    for i, row in enumerate(rows, start=1):
        for j, c in enumerate(row):
            cell = table.rows[i].cells[j]
            cell.text = c.text
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8.5)
            if t.numeric[j]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if t.total and i == len(rows):
                cell.paragraphs[0].runs[0].bold = True


def _alt(picture: Any, title: str, alt: str) -> None:
    doc_pr = picture._inline.docPr
    doc_pr.set("title", title)
    doc_pr.set("descr", alt)


def to_docx(report: Report) -> bytes:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    doc.core_properties.title = report.title
    doc.core_properties.author = report.municipality
    doc.core_properties.language = LANGUAGE_TAGS[report.language]
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE_TAGS[report.language])
    normal.element.get_or_add_rPr().append(lang)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    footer = section.footer.paragraphs[0]
    footer.text = report.label + " · Side "
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.text = text
        run._r.append(element)
    doc.add_heading(report.title, level=1)
    doc.add_paragraph(f"{report.municipality}. Tala er per {report.data_as_of:%d.%m.%Y}.")
    if report.synthetic:
        doc.add_paragraph(
            "Syntetiske data: Demo kommune er laga for å vise trappa, og tala gjeld ingen verkeleg kommune."
        )
    for s in report.sections:
        doc.add_heading(s.title, level=2)
        for text in s.text:
            doc.add_paragraph(text)
        tables = {t.id: t for t in s.tables}
        shown: set[str] = set()
        for chart in s.charts:
            picture = doc.add_picture(BytesIO(_png(chart.spec)), width=Cm(16))
            _alt(picture, chart.title, chart.alt)
            doc.add_paragraph(chart.title, style="Caption")
            if chart.table in tables:
                _table(doc, tables[chart.table])
                shown.add(chart.table)
        for t in s.tables:
            if t.id not in shown:
                _table(doc, t)
        for note in s.notes:
            doc.add_paragraph(note, style="List Bullet")
        doc.add_paragraph(f"Kjelde: {s.source}. Data per {report.data_as_of:%d.%m.%Y}.")
    made = datetime(report.data_as_of.year, report.data_as_of.month, report.data_as_of.day)
    doc.core_properties.created = doc.core_properties.modified = made
    doc.core_properties.last_printed = made
    buffer = BytesIO()
    doc.save(buffer)
    return stable_zip(buffer.getvalue(), made)


def stable_zip(data: bytes, when: datetime) -> bytes:
    """The same archive with every entry dated ``when``: the same data gives the same file, byte for byte."""
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
