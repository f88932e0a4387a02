"""Projections out: terminal tables, a stable JSON document, CSV and an Excel workbook."""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import polars as pl
from rich import box
from rich.table import Table
from rich.text import Text

from trappa.model.outlook import Outlook
from trappa.model.profile import Profile
from trappa.report import safe_xlsx
from trappa.report.csv_out import to_csv
from trappa.report.formatting import format_number, format_percent
from trappa.report.projection_document import projection_document, to_json

HEAD = {
    "year": "År",
    "step_name": "Namn på trinnet",
    "category": "Kategori",
    "step": "Trinn",
    "band": "Aldersgruppe",
    "persons": "Personar",
    "persons_low": "Personar, låg",
    "persons_high": "Personar, høg",
    "decisions": "Vedtak",
    "decided_hours_per_week": "Vedtakstimar per veke",
    "places": "Plassar",
    "ftes": "Årsverk",
    "ftes_low": "Årsverk, låg",
    "ftes_high": "Årsverk, høg",
    "net_cost": "Netto driftsutgifter (kr)",
    "net_cost_low": "Netto, låg (kr)",
    "net_cost_high": "Netto, høg (kr)",
    "gross_cost": "Brutto driftsutgifter (kr)",
    "unmet": "Udekt behov (personar)",
    "inhabitants": "Innbyggjarar",
    "rate": "Dekningsgrad",
    "rate_low": "Dekningsgrad, låg",
    "rate_high": "Dekningsgrad, høg",
    "scenario": "Scenario",
    "persons_diff": "Personar, skilnad",
    "places_diff": "Plassar, skilnad",
    "ftes_diff": "Årsverk, skilnad",
    "net_cost_diff": "Netto, skilnad (kr)",
    "unmet_diff": "Udekt, skilnad",
    "ftes_needed": "Årsverk som trengst",
    "ftes_supply": "Årsverk tilgjengeleg",
    "ftes_gap": "Overskot (+) / manko (−)",
    "can_be_staffed": "Kan bemannast",
}


def shown_years(base_year: int, to_year: int) -> list[int]:
    marks = [base_year, *(y for y in (2025, 2030, 2035, 2040, 2045, 2050) if base_year < y < to_year), to_year]
    return sorted(set(marks))


def steps_table(outlook: Outlook, step_names: dict[int, str], years: list[int], *, demo: bool) -> Table:
    t = outlook.table.filter(pl.col("year").is_in(years))
    title = f"{outlook.scenario.name}: personar per trinn"
    table = Table(
        title=title,
        box=box.SIMPLE_HEAD,
        header_style="bold",
        caption="Demoframskriving av befolkninga, ikkje SSB sin"
        if demo
        else f"Befolkning: SSB, alternativ {outlook.scenario.population_alternative}",
    )
    table.add_column("Trinn", justify="right")
    table.add_column("Namn", max_width=36)
    for y in years:
        table.add_column(str(y), justify="right")
    table.add_column(f"Endring {years[0]}–{years[-1]}", justify="right")
    pivot = {(r["step"], r["year"]): r for r in t.to_dicts()}
    for step in sorted({r["step"] for r in t.to_dicts()}):
        cells: list[str | Text] = [str(step), step_names.get(step, "")]
        for y in years:
            r = pivot.get((step, y))
            if r is None:
                cells.append("")
                continue
            text = format_number(r["persons"], 0)
            if y != years[0] and r.get("persons_low") is not None:
                text += f"\n({format_number(r['persons_low'], 0)}–{format_number(r['persons_high'], 0)})"
            cells.append(Text(text, style="yellow" if r.get("unmet", 0) > 0.5 else ""))
        first, last = pivot.get((step, years[0])), pivot.get((step, years[-1]))
        if first and last and first["persons"] > 0:
            cells.append(format_percent((last["persons"] / first["persons"] - 1) * 100, 0))
        else:
            cells.append("")
        table.add_row(*cells)
    totals = outlook.totals().filter(pl.col("year").is_in(years))
    table.add_section()
    row: list[str | Text] = ["", Text("Årsverk i alt", style="bold")]
    row += [format_number(v, 0) for v in totals["ftes"].to_list()] + [""]
    table.add_row(*row)
    row = ["", Text("Netto driftsutgifter (MNOK)", style="bold")]
    row += [format_number(v / 1e6, 1) for v in totals["net_cost"].to_list()] + [""]
    table.add_row(*row)
    unmet = totals["unmet"].to_list()
    if any(u > 0.5 for u in unmet):
        table.add_row(
            "", Text("Udekt behov (personar)", style="bold yellow"), *[format_number(u, 0) for u in unmet], ""
        )
    return table


def rates_table(outlook: Outlook, step_names: dict[int, str]) -> Table:
    table = Table(
        title=f"Dekningsgrader {outlook.base_year} (personar / innbyggjarar)", box=box.SIMPLE_HEAD, header_style="bold"
    )
    table.add_column("Trinn", justify="right")
    table.add_column("Namn", max_width=36)
    bands = outlook.rates["band"].unique(maintain_order=True).to_list()
    for b in bands:
        table.add_column(b, justify="right")
    pivot = {(r["step"], r["band"]): r for r in outlook.rates.to_dicts()}
    for step in sorted({r["step"] for r in outlook.rates.to_dicts()}):
        cells = [str(step), step_names.get(step, "")]
        for b in bands:
            r = pivot.get((step, b))
            cells.append(
                f"{format_percent(r['rate'] * 100, 1)}\n{format_number(r['persons'])}/{format_number(r['inhabitants'])}"
                if r
                else ""
            )
        table.add_row(*cells)
    return table


def staffing_table(staffing: pl.DataFrame, years: list[int]) -> Table:
    table = Table(
        title="Bemanning: årsverk som trengst mot årsverk ein kan rekne med", box=box.SIMPLE_HEAD, header_style="bold"
    )
    for col in ("År", "Trengst", "Tilgjengeleg", "Skilnad", ""):
        table.add_column(col, justify="right")
    for r in staffing.filter(pl.col("year").is_in(years)).to_dicts():
        table.add_row(
            str(r["year"]),
            format_number(r["ftes_needed"], 0),
            format_number(r["ftes_supply"], 0),
            Text(format_number(r["ftes_gap"], 0), style="" if r["can_be_staffed"] else "bold red"),
            "" if r["can_be_staffed"] else Text("kan ikkje bemannast", style="red"),
        )
    return table


@dataclass
class ProjectionRun:
    """The reference («alternativ 0») and each scenario from a base year, with staffing and categories."""

    municipality: str
    municipality_name: str
    synthetic: bool
    base_year: int
    to_year: int
    demo_population: bool
    base_profile: Profile
    outlooks: list[Outlook]
    comparison: pl.DataFrame
    staffing: dict[str, pl.DataFrame]
    categories: dict[str, pl.DataFrame]

    @property
    def note(self) -> str:
        """Where the population comes from, and whether the service data are made up."""
        note = (
            "Demoframskriving av befolkninga (Alver 2021 framskriven av trappa), ikkje SSB si framskriving."
            if self.demo_population
            else "Befolkning: Statistisk sentralbyrå."
        )
        return note + (" Syntetiske tenestedata: Demo kommune er oppdikta." if self.synthetic else "")


def heading(column: str) -> str:
    """A column's heading in words; «persons_2040» is «Personar 2040»."""
    found = re.fullmatch(r"(.+)_(\d{4})", column)
    if found and found.group(1) in HEAD:
        return f"{HEAD[found.group(1)]} {found.group(2)}"
    return HEAD.get(column, column)


def _workbook(
    outlooks: list[Outlook],
    comparison: pl.DataFrame,
    staffing: dict[str, pl.DataFrame],
    target: Path | BytesIO,
    *,
    title: str,
    note: str,
    categories: dict[str, pl.DataFrame] | None = None,
    names: dict[int, str] | None = None,
) -> None:
    from trappa.report.council_xlsx import sheet_names

    wb = safe_xlsx.workbook(target)
    head = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "text_wrap": True, "valign": "top", "border": 1})
    formats = {
        "int": wb.add_format({"num_format": "#,##0"}),
        "dec": wb.add_format({"num_format": "#,##0.0"}),
        "pct": wb.add_format({"num_format": "0.0 %"}),  # one percent format in every workbook
        "year": wb.add_format({"num_format": "0"}),
        "text": wb.add_format({}),
    }
    bold = wb.add_format({"bold": True, "font_size": 14})
    italic = wb.add_format({"italic": True, "font_color": "#7a3b00"})

    used: list[str] = []

    def sheet(name: str, frame: pl.DataFrame) -> None:
        # Excel sheet names: at most 31 characters, cut after a whole word, unique.
        clean = sheet_names([*used, name])[-1]
        used.append(clean)
        if names and "step" in frame.columns:  # the step's name beside its number
            at = frame.columns.index("step") + 1
            frame = frame.insert_column(at, frame["step"].replace_strict(names, default="", return_dtype=pl.Utf8)
                                        .alias("step_name"))  # fmt: skip
        ws = wb.add_worksheet(clean)
        ws.write_string(0, 0, f"{title} – {name}", bold)
        ws.write_string(1, 0, note, italic)
        for j, col in enumerate(frame.columns):
            ws.write_string(3, j, heading(col), head)
        for i, row in enumerate(frame.iter_rows(), start=4):
            for j, (col, v) in enumerate(zip(frame.columns, row, strict=True)):
                if v is None:
                    continue
                if isinstance(v, bool):
                    ws.write_string(i, j, "Ja" if v else "Nei")
                elif isinstance(v, str):
                    ws.write_string(i, j, v)
                else:
                    f = (
                        "year"
                        if col in ("year", "step")
                        else "pct"
                        if col.startswith("rate")
                        else "dec"
                        if col in ("ftes", "ftes_low", "ftes_high", "decided_hours_per_week")
                        else "int"
                    )
                    ws.write_number(i, j, float(v), formats[f])
        ws.set_row(3, 32)
        ws.set_column(0, len(frame.columns), 14)
        if "step_name" in frame.columns:
            ws.set_column(frame.columns.index("step_name"), frame.columns.index("step_name"), 34)
        ws.freeze_panes(4, 0)
        # A4 landscape at 80 % (about 9 pt): the heading row on every page, and the first columns (year,
        # step and its name) on every page across, instead of 16 columns shrunk to one page at 5 pt.
        ws.set_landscape()
        ws.set_paper(9)
        ws.set_print_scale(80)
        ws.repeat_rows(3)
        keys = [c for c in ("year", "step", "step_name") if c in frame.columns]
        if keys:
            ws.repeat_columns(0, frame.columns.index(keys[-1]))
        ws.set_footer(f"&L{title.replace('&', '&&')[:80]}&RSide &P av &N")

    def matrix(o: Outlook) -> pl.DataFrame:
        """Base year against the end year per step: persons, FTEs and net cost, with the change."""
        first, last = int(o.table["year"].min()), int(o.table["year"].max())  # type: ignore[arg-type]
        cols = ["persons", "ftes", "net_cost"]
        a = o.table.filter(pl.col("year") == first).select("step", *(pl.col(c).alias(f"{c}_{first}") for c in cols))
        b = o.table.filter(pl.col("year") == last).select("step", *(pl.col(c).alias(f"{c}_{last}") for c in cols))
        both = a.join(b, on="step", how="inner").sort("step")
        return both.select("step", *(x for c in cols for x in (f"{c}_{first}", f"{c}_{last}")))

    for o in outlooks:  # the matrix a council reads first, then the rates and every year
        first, last = int(o.table["year"].min()), int(o.table["year"].max())  # type: ignore[arg-type]
        sheet(f"{first}–{last} {o.scenario.name}", matrix(o))  # the years first: a long name is cut, not them
    if outlooks:
        sheet("Dekningsgrader", outlooks[0].rates)
    for o in outlooks:
        sheet(o.scenario.name, o.table)
    if len(outlooks) > 1:
        sheet("Samanlikning", comparison)
    for name, frame in (categories or {}).items():
        sheet(f"Kategoriar {name}", frame)
    for name, frame in staffing.items():
        sheet(f"Bemanning {name}", frame)
    wb.close()


def to_json_text(run: ProjectionRun) -> str:
    """The documented JSON (schema trappa.projection, docs/projection.schema.json)."""
    document = projection_document(
        run.outlooks,
        run.comparison,
        run.staffing,
        run.categories,
        municipality=run.municipality,
        demo_population=run.demo_population,
        to_year=run.to_year,
    )
    return to_json(document)


def to_csv_text(run: ProjectionRun, language: str = "nn") -> str:
    frame = pl.concat([o.table.with_columns(pl.lit(o.scenario.name).alias("scenario")) for o in run.outlooks])
    frame = frame.select("scenario", pl.exclude("scenario"))
    return to_csv(frame, language, headers=[HEAD.get(c, c) for c in frame.columns])


def write_workbook(run: ProjectionRun, target: Path | BytesIO) -> None:
    _workbook(
        run.outlooks,
        run.comparison,
        run.staffing,
        target,
        title=f"{run.municipality_name} – framskriving",
        note=run.note,
        categories=run.categories,
        names=dict(run.base_profile.table.select("step", "step_name").iter_rows()),
    )


def xlsx_bytes(run: ProjectionRun) -> bytes:
    buffer = BytesIO()
    write_workbook(run, buffer)
    return buffer.getvalue()
