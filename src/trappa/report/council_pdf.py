"""The council report as a tagged PDF (PDF/UA-1): HTML with its stylesheet inline, charts as vector SVG drawn on
the server from the same Vega-Lite specs as the web, every chart with its alternative text and its table."""

from __future__ import annotations

import base64
from html import escape

from trappa.report.charts import to_svg
from trappa.report.council import Report, Table
from trappa.report.pdf import html_to_pdf

STYLE = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm;
  @bottom-left { content: var(--label); font-size: 8pt; color: #333; }
  @bottom-right { content: "Side " counter(page) " av " counter(pages); font-size: 8pt; color: #333; } }
html { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #111; }
h1 { font-size: 20pt; margin: 0 0 4mm; } h2 { font-size: 14pt; margin: 8mm 0 2mm; break-after: avoid; }
p { margin: 0 0 2mm; line-height: 1.35; } .synthetic { border: 1px solid #8a6d00; background: #fffbea; padding: 2mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 8.5pt; }
caption { text-align: left; font-weight: bold; margin-bottom: 1mm; }
th, td { border-bottom: 0.5pt solid #999; padding: 0.8mm 1.5mm; vertical-align: top; }
thead th { background: #e6eef5; border-bottom: 1pt solid #333; text-align: left; }
td.num, th.num { text-align: right; white-space: nowrap; } tbody th { width: 34%; font-weight: normal; }
table.wide { font-size: 7.5pt; } table.wide tbody th { width: 26%; } table.wide th, table.wide td { padding: 0.6mm 1mm; }
thead th.num { white-space: normal; } div.keep { break-inside: avoid; } h2 + p { break-after: avoid; } tr.total th, tr.total td { font-weight: bold; border-top: 1pt solid #333; }
thead { display: table-header-group; } tr { break-inside: avoid; }
figure { margin: 2mm 0 4mm; break-inside: avoid; } figure img { max-width: 100%; }
figcaption { font-size: 8.5pt; color: #333; } .source { font-size: 8pt; color: #333; } .notes { font-size: 8.5pt; }
"""


NUM = ' class="num"'


def table_html(t: Table) -> str:
    head = "".join(f'<th scope="col"{NUM if num else ""}>{escape(c)}</th>'
                   for c, num in zip(t.columns, t.numeric, strict=True))  # fmt: skip

    def row(cells: list, css: str = "") -> str:
        first, *rest = cells
        tds = "".join(f'<td{NUM if num else ""}>{escape(c.text)}</td>'
                      for c, num in zip(rest, t.numeric[1:], strict=True))  # fmt: skip
        return f'<tr{css}><th scope="row">{escape(first.text)}</th>{tds}</tr>'

    body = "".join(row(r) for r in t.rows) + (row(t.total, ' class="total"') if t.total else "")
    kinds = [k for k, yes in (("wide", len(t.columns) > 6), ("short", len(t.rows) <= 12)) if yes]
    wide = f' class="{" ".join(kinds)}"' if kinds else ""
    table = (f'<table id="{escape(t.id)}"{wide}><caption>{escape(t.caption)}</caption><thead><tr>{head}</tr></thead>'
             f"<tbody>{body}</tbody></table>")  # fmt: skip
    # a short table stays on one page with its caption
    return f'<div class="keep">{table}</div>' if len(t.rows) <= 12 else table


def to_html(report: Report) -> str:
    parts = [f"<h1>{escape(report.title)}</h1>",
             f"<p>{escape(report.municipality)}. Tala er per {report.data_as_of:%d.%m.%Y}.</p>"]  # fmt: skip
    if report.synthetic:
        parts.append('<p class="synthetic">Syntetiske data: Demo kommune er laga for å vise trappa, og tala '
                     "gjeld ingen verkeleg kommune.</p>")  # fmt: skip
    for s in report.sections:
        parts.append(f'<section aria-labelledby="{s.id}"><h2 id="{s.id}">{escape(s.title)}</h2>')
        parts += [f"<p>{escape(t)}</p>" for t in s.text]
        tables = {t.id: t for t in s.tables}
        shown: set[str] = set()
        for chart in s.charts:
            # measured in the font the PDF draws text with, so labels fit where Vega put them
            spec = {**chart.spec, "config": {**chart.spec.get("config", {}), "font": "DejaVu Sans"}}
            svg = base64.b64encode(to_svg(spec, width=640).encode()).decode()
            parts.append(f'<figure><img src="data:image/svg+xml;base64,{svg}" alt="{escape(chart.alt)}">'
                         f"<figcaption>{escape(chart.title)}</figcaption></figure>")  # fmt: skip
            if chart.table in tables:  # the chart's numbers right below it
                parts.append(table_html(tables[chart.table]))
                shown.add(chart.table)
        parts += [table_html(t) for t in s.tables if t.id not in shown]
        if s.notes:
            parts.append('<ul class="notes">' + "".join(f"<li>{escape(n)}</li>" for n in s.notes) + "</ul>")
        parts.append(
            f'<p class="source">Kjelde: {escape(s.source)}. Data per {report.data_as_of:%d.%m.%Y}.</p></section>'
        )
    label = report.label.replace('"', "'")
    return (
        f'<!doctype html><html lang="{report.language}"><head><meta charset="utf-8">'
        f'<title>{escape(report.title)}</title><meta name="author" content="{escape(report.municipality)}">'
        f'<style>:root {{ --label: "{escape(label)}"; }}{STYLE}</style></head><body>{"".join(parts)}</body></html>'
    )


def to_pdf(report: Report) -> bytes:
    return html_to_pdf(to_html(report))
