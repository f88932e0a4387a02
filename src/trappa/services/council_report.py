"""The report to the council (rapport til kommunestyret): the sections the analyst chooses, built once as one
typed document and rendered as PDF (tagged), Word or Excel."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from trappa.errors import TrappaError
from trappa.report import council
from trappa.report.council import SECTIONS, Report, Section
from trappa.services import audit, board, kostra, municipality, projection
from trappa.services import profile as profiles
from trappa.services.database import Database
from trappa.store.repository import import_history

__all__ = ["SECTIONS", "Report", "build", "render"]

FORMATS = ("pdf", "docx", "xlsx", "json")


def _data_as_of(db: Database) -> date:
    history = import_history(db)
    if history.is_empty():
        raise TrappaError("Ingen data er importerte enno: importer rekneskap, årsverk og vedtak først.")
    return max(history["imported_at"].to_list()).date()


def build(
    db: Database,
    year: int | None = None,
    *,
    scenarios: list[str] | None = None,
    sections: list[str] | None = None,
    to_year: int = 2040,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """The document: every chosen section (all by default) from the stored data of ``year`` (the latest)."""
    chosen = sections or list(SECTIONS)
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        raise TrappaError(f"Ukjend del av rapporten: {', '.join(unknown)}. Vel mellom {', '.join(SECTIONS)}.")
    settings = municipality.load(db)
    years = profiles.years(db)
    if not years:
        raise TrappaError("Ingen rekneskap er importert enno. Importer rekneskapen først.")
    year = year or years[-1]
    if year not in years:
        raise TrappaError(f"Ingen rekneskap for {year}. År med rekneskap: {', '.join(map(str, years))}.")
    own = f"{settings.name}: rekneskap, årsverk og vedtak {year}"
    out: list[Section] = []

    def step(name: str) -> None:
        if progress:
            progress(council.SECTION_NAMES[name])

    now = profiles.profile(db, year)
    for name in chosen:
        step(name)
        if name == "staircase":
            out.append(council.staircase_section(now, own))
        elif name == "change":
            if year - 1 not in years:
                out.append(Section(id="change", title=council.SECTION_NAMES["change"], source=own,
                                   text=[f"Det finst ingen rekneskap for {year - 1} å samanlikne med."]))  # fmt: skip
                continue
            before = profiles.profile(db, year - 1)
            out.append(council.change_section(now, before, f"{settings.name}: rekneskap, årsverk og vedtak "
                                                           f"{year - 1} og {year}"))  # fmt: skip
        elif name == "budget":
            if not now.table["budget"].fill_null(0).abs().sum():
                out.append(Section(id="budget", title=council.SECTION_NAMES["budget"], source=own,
                                   text=[f"Det er ikkje importert budsjett for {year}."]))  # fmt: skip
                continue
            out.append(council.budget_section(now, own))
        elif name == "projection":
            chosen_scenarios = [projection.scenario(db, n) for n in (scenarios or [])]
            run = projection.run(db, chosen_scenarios, to_year=to_year)
            names = dict(now.table.select("step", "step_name").iter_rows())
            source = (f"{settings.name}: profilen {run.base_year} og befolkningsframskrivinga"
                      + (" (demo)" if run.demo_population else " frå SSB"))  # fmt: skip
            out.append(council.projection_section(run.outlooks, names, run.to_year, source))
        elif name == "kpi":
            try:
                found = board.board(db)
            except TrappaError as exc:
                found = None
                reason = str(exc)
            if found is None or not found.tiles:
                out.append(Section(id="kpi", title=council.SECTION_NAMES["kpi"], source=own,
                                   text=[reason if found is None else "Ingen nøkkeltal per månad er importerte."]))  # fmt: skip
                continue
            out.append(council.kpi_section(found.tiles, found.signals, found.last_period,
                                           f"{settings.name}: rekneskap, årsverk, vedtak, utførte timar og fråvær "
                                           f"per månad"))  # fmt: skip
        elif name == "kostra":
            try:
                out.append(council.kostra_section(kostra.compare(db)))
            except TrappaError as exc:
                out.append(Section(id="kostra", title=council.SECTION_NAMES["kostra"], source="SSB KOSTRA",
                                   text=[str(exc)]))  # fmt: skip
    return Report(
        title=f"Tenestetrappa {year}" + (f" og {to_year}" if "projection" in chosen else ""),
        municipality=settings.name,
        year=year,
        language=settings.language,
        synthetic=settings.synthetic,
        data_as_of=_data_as_of(db),
        sections=out,
    )


def render(db: Database, actor: str | None, report: Report, output_format: str) -> bytes:
    """The document in one format; logged as an export."""
    if output_format not in FORMATS:
        raise TrappaError(f"Ukjend format «{output_format}». Vel pdf, docx, xlsx eller json.")
    if output_format == "pdf":
        from trappa.report.council_pdf import to_pdf

        data = to_pdf(report)
    elif output_format == "docx":
        from trappa.report.council_docx import to_docx

        data = to_docx(report)
    elif output_format == "xlsx":
        from trappa.report.council_xlsx import to_xlsx

        data = to_xlsx(report)
    else:
        data = (council.to_json(report) + "\n").encode()
    audit.record_export(db, actor, f"rapport {report.year} ({output_format})")
    return data
