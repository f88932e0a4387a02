"""trappa on the command line: import the municipality's data, check it, print the profile."""

from __future__ import annotations

import sys
from datetime import date
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from trappa.errors import TrappaError
from trappa.report.labels import text

app = typer.Typer(
    name="trappa",
    help="Tenestetrappa for helse og omsorg: importer data, kontroller og lag profilen.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
staircase_app = typer.Typer(help="Trappemalar: kopier, kontroller og vel trappa kommunen brukar.", no_args_is_help=True)
app.add_typer(staircase_app, name="staircase")

console = Console()
if not console.is_terminal:  # logs and pipes take long lines; show every column there
    console = Console(width=230)
err = Console(stderr=True)
_state: dict[str, str | None] = {"database": None}


class Kind(StrEnum):
    accounts = "accounts"
    ftes = "ftes"
    decisions = "decisions"
    places = "places"
    mapping = "mapping"
    services = "services"


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


class By(StrEnum):
    user_group = "user-group"


class Language(StrEnum):
    nn = "nn"
    nb = "nb"
    en = "en"


@app.callback()
def main(
    database: Annotated[
        str | None,
        typer.Option("--database", envvar="TRAPPA_DATABASE_URL", help="Database-URL (standard: SQLite i TRAPPA_HOME)."),
    ] = None,
) -> None:
    _state["database"] = database


def _engine():  # type: ignore[no-untyped-def]
    from trappa.store.db import make_engine, migrate

    engine = make_engine(_state["database"])
    migrate(engine)
    return engine


def _fail(exc: TrappaError) -> None:
    err.print(f"[bold red]Feil:[/] {exc}", highlight=False, markup=True, soft_wrap=True)
    raise typer.Exit(2)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )


def _municipality(engine) -> tuple[str, bool]:  # type: ignore[no-untyped-def]
    from trappa.store.repository import get_setting

    return (get_setting(engine, "municipality_name") or "Kommunen", get_setting(engine, "synthetic") == "1")


def _staircase(engine):  # type: ignore[no-untyped-def]
    from trappa.staircase import Staircase, load_staircase_text, load_template
    from trappa.store.repository import get_setting

    stored = get_setting(engine, "staircase_yaml")
    if stored:
        result = load_staircase_text(stored, "lagra trapp")
        if isinstance(result, Staircase):
            return result
    return load_template("alver")


@app.command("import")
def import_command(
    kind: Annotated[Kind, typer.Argument(help="Kva slags fil: accounts, ftes, decisions, places, mapping, services.")],
    file: Annotated[Path, typer.Argument(help="CSV- eller XLSX-fil.")],
    year: Annotated[int | None, typer.Option("--year", help="Berre dette året (fila kan ikkje ha andre år).")] = None,
) -> None:
    """Importer ei fil. Alt eller ingenting: ved feil vert ingenting lagra."""
    from trappa.importing import import_file

    try:
        engine = _engine()
        with _progress() as progress:
            task = progress.add_task(f"Importerer {file.name}", total=None)
            result = import_file(engine, kind.value, file, year=year, progress=partial(progress.advance, task))
            progress.update(task, total=result.rows, completed=result.rows)
    except TrappaError as exc:
        _fail(exc)
        return
    years = f" for {', '.join(map(str, result.years))}" if result.years else ""
    if result.unchanged:
        console.print(f"{file.name}: same innhald er alt importert{years}. Ingenting endra.")
    else:
        console.print(
            f"[green]Importert[/] {result.rows} rader frå {file.name}{years} (import nr. {result.import_id})."
        )


def _problem_table(title: str, headers: list[str], rows: list[tuple[str, ...]]) -> Table:
    """A yellow table of things `trappa check` asks a person to look at; the last column is a figure."""
    table = Table(title=title, header_style="bold yellow")
    for i, header in enumerate(headers):
        table.add_column(header, justify="right" if i == len(headers) - 1 else "left")
    for row in rows:
        table.add_row(*row)
    return table


@app.command()
def check(
    year: Annotated[int | None, typer.Option("--year", help="Året som skal kontrollerast (standard: alle).")] = None,
) -> None:
    """Kontroller fordelingsnøkkelen og kontrollsummane: kvar krone skal vere gjort greie for."""
    from trappa.formatting import format_kroner, format_number
    from trappa.model.profile import build_profile
    from trappa.report.table import controls_panel
    from trappa.store.repository import load_inputs, stored_years

    try:
        engine = _engine()
        years = [year] if year else stored_years(engine)
        if not years:
            raise TrappaError("Ingen rekneskap er importert enno. Start med «trappa import accounts FIL».")
        staircase = _staircase(engine)
    except TrappaError as exc:
        _fail(exc)
        return
    problems = 0
    for y in years:
        p = build_profile(load_inputs(engine, y), staircase, y)
        console.print(controls_panel(p))
        if not p.unmapped_centres.is_empty():
            problems += 1
            console.print(
                _problem_table(
                    f"Ikkje fordelte ansvar {y}",
                    ["Ansvar", "Namn", "Beløp (kr)"],
                    [
                        (r["cost_centre"], r["cost_centre_name"] or "", format_kroner(r["amount_ore"]))
                        for r in p.unmapped_centres.to_dicts()
                    ],
                )
            )
        if not p.share_problems.is_empty():
            problems += 1
            console.print(
                _problem_table(
                    f"Fordelingsnøklar som ikkje summerer til 100 % ({y})",
                    ["Ansvar", "Funksjon", "Sum del"],
                    [
                        (r["selector"], r["function"] or "alle", format_number(r["share_sum"], 2) + " %")
                        for r in p.share_problems.to_dicts()
                    ],
                )
            )
        if not p.overlapping_keys.is_empty():
            problems += 1
            console.print(
                f"[yellow]Overlappande nøklar {y}:[/] "
                + "; ".join(
                    f"ansvar {r['cost_centre']} funksjon {r['function']}: {', '.join(r['selectors'])}"
                    for r in p.overlapping_keys.to_dicts()
                )
            )
        if not p.services_without_step.is_empty():
            problems += 1
            console.print(
                _problem_table(
                    f"Tenester utan trinn ({y})",
                    ["Teneste", "Vedtak"],
                    [(r["service"], format_number(r["decisions"])) for r in p.services_without_step.to_dicts()],
                )
            )
        if not p.unmapped_ftes.is_empty():
            problems += 1
            console.print(
                f"[yellow]Årsverk utan fordeling {y}:[/] "
                + ", ".join(f"{r['cost_centre']} ({format_number(r['ftes'], 1)})" for r in p.unmapped_ftes.to_dicts())
            )
        if not p.controls.balanced:
            problems += 1
    if problems:
        console.print(f"[yellow]Kontrollen fann {problems} ting å sjå på.[/]")
        raise typer.Exit(1)
    console.print("[green]Alt er fordelt, og kontrollsummane balanserer.[/]")


@app.command()
def profile(
    year: Annotated[
        list[int] | None, typer.Option("--year", help="År (kan gjentakast; standard: siste år, eller alle for xlsx).")
    ] = None,
    by: Annotated[By | None, typer.Option("--by", help="Del opp per brukargruppe.")] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table, csv, json eller xlsx.")
    ] = OutputFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help="Skriv til fil i staden for skjermen.")] = None,
    on_date: Annotated[
        str | None, typer.Option("--date", help="Dato for «personar på dato» (standard 31.12.).")
    ] = None,
    language: Annotated[Language, typer.Option("--language", help="nn, nb eller en.")] = Language.nn,
) -> None:
    """Tenesteprofilen per trinn: personar, vedtak, timar, årsverk og kroner."""
    from trappa.model.profile import build_profile
    from trappa.store.repository import load_inputs, stored_years

    try:
        engine = _engine()
        available = stored_years(engine)
        if not available:
            raise TrappaError("Ingen rekneskap er importert enno. Prøv «trappa demo», eller importer eigne filer.")
        years = year or (available if output_format == OutputFormat.xlsx else [available[-1]])
        missing = [y for y in years if y not in available]
        if missing:
            raise TrappaError(f"Ingen rekneskap for {missing}. Importerte år: {available}.")
        ref = _parse_date(on_date) if on_date else None
        staircase = _staircase(engine)
        municipality, synthetic = _municipality(engine)
        profiles = [
            build_profile(
                load_inputs(engine, y), staircase, y, by_user_group=by is not None, on_date=ref, language=language.value
            )
            for y in years
        ]
    except TrappaError as exc:
        _fail(exc)
        return
    _emit(profiles, output_format, out, municipality, synthetic, staircase.id, language.value)


def _parse_date(value: str) -> date:
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            from datetime import datetime

            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise TrappaError(f"Datoen «{value}» kan ikkje lesast. Skriv 31.12.2023 eller 2023-12-31.")


def _emit(
    profiles,
    output_format: OutputFormat,
    out: Path | None,
    municipality: str,
    synthetic: bool,  # type: ignore[no-untyped-def]
    staircase_id: str,
    language: str,
) -> None:
    from trappa.report.csv_out import to_csv
    from trappa.report.document import flat_rows, profile_document, to_json
    from trappa.report.table import profile_table
    from trappa.report.xlsx import write_workbook

    if output_format == OutputFormat.table:
        target = Console(file=out.open("w", encoding="utf-8"), width=230) if out else console
        for p in profiles:
            target.print(
                profile_table(p, municipality=municipality, synthetic=synthetic, language=language, width=target.width)
            )
        return
    if output_format == OutputFormat.xlsx:
        if out is None:
            raise typer.BadParameter("xlsx treng --out FIL.xlsx")
        write_workbook(profiles, out, municipality=municipality, synthetic=synthetic, language=language)
        console.print(f"Skreiv {out}")
        return
    if output_format == OutputFormat.json:
        payload = to_json(
            profile_document(profiles, municipality=municipality, synthetic=synthetic, staircase=staircase_id)
        )
    else:
        payload = to_csv(flat_rows(profiles), language)
    if out:
        out.write_text(payload, encoding="utf-8")
        console.print(f"Skreiv {out}")
    else:
        sys.stdout.write(
            payload.lstrip("\ufeff") if output_format == OutputFormat.csv and sys.stdout.isatty() else payload
        )
        sys.stdout.write("\n" if output_format == OutputFormat.json else "")


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="Frø for tilfeldige tal; same frø gir same kommune.")] = 2021,
    year: Annotated[int, typer.Option(help="Året profilen vert vist for.")] = 2023,
) -> None:
    """Bygg Demo kommune (syntetiske data) i databasen og vis profilen."""
    from trappa.demo.files import write_demo_files
    from trappa.demo.generator import MUNICIPALITY, generate
    from trappa.importing import import_file
    from trappa.model.profile import build_profile
    from trappa.report.table import profile_table
    from trappa.store.db import data_home
    from trappa.store.repository import clear_all, load_inputs, set_setting

    try:
        engine = _engine()
        err.print("[bold]Demo kommune[/] – " + text("synthetic"))
        files = write_demo_files(generate(seed), data_home() / "demo")
        clear_all(engine)
        with _progress() as progress:
            for kind, path in files.items():
                task = progress.add_task(f"Importerer {path.name}", total=None)
                result = import_file(engine, kind, path, progress=partial(progress.advance, task))
                progress.update(task, total=result.rows, completed=result.rows)
        set_setting(engine, "municipality_name", MUNICIPALITY)
        set_setting(engine, "synthetic", "1")
        set_setting(engine, "publish_figures", "1")
        _demo_planning(engine)
        p = build_profile(load_inputs(engine, year), _staircase(engine), year)
    except TrappaError as exc:
        _fail(exc)
        return
    console.print(profile_table(p, municipality=MUNICIPALITY, synthetic=True, width=console.width))
    console.print(
        f"Demofilene ligg i {files['accounts'].parent}. Prøv «trappa check», "
        f"«trappa profile --year {year} --format xlsx --out profil.xlsx» og "
        "«trappa project --to 2040 --scenario 'Heildøgns bustad framfor institusjon'»."
    )


def _demo_planning(engine) -> None:  # type: ignore[no-untyped-def]
    """Alver's real 2021 population, aged forward as a demo projection, and three example scenarios."""
    from trappa.demo.population import MUNICIPALITY as CODE
    from trappa.demo.population import alver_2021, demo_projection
    from trappa.demo.scenarios import example_scenarios
    from trappa.importing import store_population
    from trappa.store.repository import save_scenario, set_setting

    store_population(engine, demo_projection(alver_2021()), "Demo: Alver 2021 (SSB 07459) framskriven av trappa")
    set_setting(engine, "municipality_code", CODE)
    for scenario in example_scenarios():
        save_scenario(engine, scenario.name, scenario.to_json())


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Adressa å lytte på.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Porten å lytte på.")] = 8000,
    production: Annotated[
        bool, typer.Option("--production", help="Krev ein ekte TRAPPA_SECRET_KEY og sikre informasjonskapslar.")
    ] = False,
) -> None:
    """Start nettsida: den opne tenestetrappa og (etter innlogging) arbeidsflata for tilsette."""
    import uvicorn

    from trappa.web.app import create_app, settings_from_env

    try:
        engine = _engine()
        web = create_app(engine, settings_from_env(production or None))
    except TrappaError as exc:
        _fail(exc)
        return
    console.print(f"trappa køyrer på [bold]http://{host}:{port}/[/] (Ctrl+C for å stoppe).")
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command()
def publish(
    state: Annotated[str, typer.Argument(help="on: vis tal per trinn på dei opne sidene; off: vis berre tekstane.")],
) -> None:
    """Vel om dei opne sidene skal vise tal (alltid som aggregat, med små tal skjulte)."""
    from trappa.store.repository import set_setting

    if state not in ("on", "off"):
        _fail(TrappaError("Skriv «trappa publish on» eller «trappa publish off»."))
    try:
        set_setting(_engine(), "publish_figures", "1" if state == "on" else "0")
    except TrappaError as exc:
        _fail(exc)
        return
    console.print("Dei opne sidene viser no tal per trinn." if state == "on" else "Dei opne sidene viser ingen tal.")


@app.command()
def imports() -> None:
    """Vis importhistorikken."""
    from trappa.store.repository import import_history

    try:
        history = import_history(_engine())
    except TrappaError as exc:
        _fail(exc)
        return
    t = Table(title="Importar", header_style="bold")
    for col in ("Nr.", "Type", "År", "Fil", "Rader", "Tid", "Status"):
        t.add_column(col)
    for r in history.to_dicts() if history.height else []:
        t.add_row(
            str(r["id"]),
            r["kind"],
            r["years"] or "",
            r["file_name"],
            str(r["row_count"]),
            r["imported_at"].strftime("%d.%m.%Y %H:%M"),
            "aktiv" if r["status"] == "active" else "erstatta",
        )
    console.print(t)


@staircase_app.command("new")
def staircase_new(
    template: Annotated[str, typer.Option("--from", help="Mal: alver, asker eller bustadtrapp.")] = "alver",
    out: Annotated[Path | None, typer.Option("--out", help="Fil å skrive (standard: <mal>.yaml).")] = None,
) -> None:
    """Kopier ein mal til ei fil kommunen kan rette i."""
    from trappa.staircase.templates import template_source

    try:
        source = template_source(template)
    except TrappaError as exc:
        _fail(exc)
        return
    target = out or Path(f"{template}.yaml")
    if target.exists():
        _fail(TrappaError(f"{target} finst alt. Vel eit anna namn med --out."))
    target.write_text(source, encoding="utf-8")
    console.print(f"Skreiv {target}. Rett tekstane, og køyr «trappa staircase use {target}».")


@staircase_app.command("check")
def staircase_check(file: Annotated[Path, typer.Argument(help="YAML-fil med trappa.")]) -> None:
    """Kontroller ei trappefil."""
    from trappa.staircase import load_staircase

    try:
        s = load_staircase(file)
    except TrappaError as exc:
        _fail(exc)
        return
    n = len(getattr(s, "steps", getattr(s, "types", [])))
    console.print(f"[green]{file}: gyldig[/] ({s.name.nn}, {n} trinn).")


@staircase_app.command("use")
def staircase_use(file: Annotated[Path, typer.Argument(help="YAML-fil med tenestetrappa.")]) -> None:
    """Bruk denne trappa for kommunen (lagra i databasen)."""
    from trappa.staircase import Staircase, load_staircase
    from trappa.store.repository import set_setting

    try:
        s = load_staircase(file)
        if not isinstance(s, Staircase):
            raise TrappaError(f"{file} er ei bustadtrapp; profilen treng ei tenestetrapp.")
        set_setting(_engine(), "staircase_yaml", file.read_text("utf-8"))
    except TrappaError as exc:
        _fail(exc)
        return
    console.print(f"Kommunen brukar no «{s.name.nn}» ({len(s.steps)} trinn).")


@staircase_app.command("show")
def staircase_show(
    template: Annotated[str | None, typer.Option("--template", help="Vis ein mal i staden for trappa i bruk.")] = None,
    language: Annotated[Language, typer.Option("--language")] = Language.nn,
) -> None:
    """Vis trinna i trappa."""
    from trappa.staircase import load_template

    try:
        s = load_template(template) if template else _staircase(_engine())
    except TrappaError as exc:
        _fail(exc)
        return
    t = Table(title=s.name.get(language.value), header_style="bold")
    t.add_column("Trinn", justify="right")
    t.add_column("Namn")
    t.add_column("Kategori")
    cats = {c.number: c.name.get(language.value) for c in s.categories}
    for step in s.steps:
        t.add_row(step.code or str(step.number), step.name.get(language.value), cats[step.category])
    console.print(t)


def run() -> None:  # pragma: no cover - console entry point alias
    app()


if __name__ == "__main__":  # pragma: no cover
    app()


# Commands for population, scenarios, projections and users live in their own modules.
from trappa import cli_planning, cli_users  # noqa: E402,F401
