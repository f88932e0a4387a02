"""CLI for the staircase in 2040: population, scenarios and projections (registered on the main app)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import polars as pl
import typer
from rich.table import Table

from trappa.cli import Language, OutputFormat, _engine, _fail, _municipality, _progress, _staircase, app, console
from trappa.errors import TrappaError

population_app = typer.Typer(help="Befolkning og framskriving frå SSB.", no_args_is_help=True)
scenario_app = typer.Typer(help="Scenario for framskrivinga: lag, vis, eksporter og importer.", no_args_is_help=True)
app.add_typer(population_app, name="population")
app.add_typer(scenario_app, name="scenario")


def _municipality_code(engine, given: str | None) -> str:  # type: ignore[no-untyped-def]
    from trappa.store.repository import get_setting, set_setting

    if given:
        if not (len(given) == 4 and given.isdigit()):
            raise TrappaError(f"Kommunenummeret «{given}» skal ha fire siffer, til dømes 4631.")
        set_setting(engine, "municipality_code", given)
        return given
    stored = get_setting(engine, "municipality_code")
    if not stored:
        raise TrappaError("Kva kommune? Gi kommunenummeret med --municipality, til dømes --municipality 4631.")
    return stored


@population_app.command("import")
def population_import(
    file: Annotated[Path, typer.Argument(help="CSV eller XLSX frå Statistikkbanken (07459 eller framskriving).")],
) -> None:
    """Importer befolkning eller framskriving lasta ned frå Statistikkbanken."""
    from trappa.importing import import_population

    try:
        result = import_population(_engine(), file)
    except TrappaError as exc:
        _fail(exc)
        return
    if result.unchanged:
        console.print(f"{file.name}: same innhald er alt importert. Ingenting endra.")
    else:
        console.print(
            f"[green]Importert[/] {result.rows} rader befolkning frå {file.name} for {', '.join(map(str, result.years))}."
        )


@population_app.command("fetch")
def population_fetch(
    municipality: Annotated[str | None, typer.Option("--municipality", help="Kommunenummer, til dømes 4631.")] = None,
    from_year: Annotated[int, typer.Option("--from", help="Første år med registrert befolkning.")] = 2015,
    to_year: Annotated[int, typer.Option("--to", help="Siste år i framskrivinga.")] = 2050,
    projection_table: Annotated[
        str, typer.Option("--projection-table", help="SSB-tabell med framskrivinga.")
    ] = "14288",
    refresh: Annotated[bool, typer.Option("--refresh", help="Hent på nytt sjølv om ein kopi er lagra.")] = False,
) -> None:
    """Hent befolkning (07459) og SSB si framskriving (MMMM, LLML, HHMH) for kommunen."""
    from trappa.importing import store_population
    from trappa.ssb import population as ssb_population
    from trappa.ssb.client import SsbClient
    from trappa.store.db import data_home

    client = SsbClient(data_home() / "ssb-cache")
    try:
        engine = _engine()
        code = _municipality_code(engine, municipality)
        with _progress() as progress:
            task = progress.add_task("Hentar frå SSB", total=2)
            registered = ssb_population.fetch(client, code, list(range(from_year, to_year + 1)), refresh=refresh)
            progress.advance(task)
            projected = ssb_population.fetch(
                client,
                code,
                list(range(from_year, to_year + 1)),
                table=projection_table,
                alternatives=[ssb_population.MAIN, ssb_population.LOW, ssb_population.HIGH],
                refresh=refresh,
            )
            progress.advance(task)
        for frame, source in ((registered, "SSB 07459"), (projected, f"SSB {projection_table}")):
            store_population(engine, frame, source)
    except TrappaError as exc:
        _fail(exc)
        return
    finally:
        client.close()
    console.print(
        f"Henta {registered.height} + {projected.height} rader for kommune {code} "
        f"({client.requests_sent} førespurnader til SSB; resten frå lagra kopi)."
    )


@population_app.command("show")
def population_show(
    municipality: Annotated[str | None, typer.Option("--municipality")] = None,
) -> None:
    """Vis befolkninga per aldersgruppe for nokre år."""
    from trappa.formatting import format_number
    from trappa.model.bands import bands_frame
    from trappa.model.projection import population_series
    from trappa.store.repository import load_population

    try:
        engine = _engine()
        code = _municipality_code(engine, municipality)
        population = load_population(engine, code)
        if population.is_empty():
            raise TrappaError(f"Inga befolkning lagra for {code}. Bruk «trappa population fetch» eller «import».")
    except TrappaError as exc:
        _fail(exc)
        return
    bands = bands_frame()
    for alternative in sorted(set(population["alternative"].to_list()) - {"registrert"}) or ["registrert"]:
        series = population_series(population, bands, alternative)
        years = [y for y in sorted(series["year"].unique().to_list()) if y % 5 == 0 or y == series["year"].min()]
        t = Table(title=f"Befolkning {code}, alternativ {alternative}", header_style="bold")
        t.add_column("Aldersgruppe")
        for y in years:
            t.add_column(str(y), justify="right")
        for band in bands["band"].to_list():
            values = series.filter(pl.col("band") == band)
            by_year = dict(values.select("year", "inhabitants").iter_rows())
            t.add_row(band, *[format_number(by_year.get(y), 0) for y in years])
        console.print(t)


def _load_scenario(engine, name_or_file: str):  # type: ignore[no-untyped-def]
    from pydantic import ValidationError

    from trappa.model.scenario import Scenario
    from trappa.store.repository import load_scenarios

    path = Path(name_or_file)
    if name_or_file.endswith(".json") and path.exists():
        text, source = path.read_text("utf-8"), str(path)
    else:
        stored = load_scenarios(engine)
        if name_or_file not in stored:
            raise TrappaError(f"Fann ikkje scenarioet «{name_or_file}». Lagra: {', '.join(stored) or 'ingen'}.")
        text, source = stored[name_or_file], name_or_file
    try:
        return Scenario.from_json(text)
    except (ValidationError, json.JSONDecodeError) as exc:
        raise TrappaError(f"{source}: scenarioet er ugyldig: {exc}") from None


@scenario_app.command("list")
def scenario_list() -> None:
    """Vis lagra scenario."""
    from trappa.model.scenario import Scenario
    from trappa.store.repository import load_scenarios

    try:
        stored = load_scenarios(_engine())
    except TrappaError as exc:
        _fail(exc)
        return
    t = Table(title="Scenario", header_style="bold")
    for col in ("Namn", "Skildring", "Endringar"):
        t.add_column(col)
    for name, doc in stored.items():
        s = Scenario.from_json(doc)
        t.add_row(
            name, s.description, f"{len(s.rate_changes)} dekningsgrader, {len(s.moves)} flyttingar, {len(s.caps)} tak"
        )
    console.print(t)


@scenario_app.command("import")
def scenario_import(
    file: Annotated[Path, typer.Argument(help="Scenario som JSON (skjema: docs/scenario.schema.json).")],
) -> None:
    """Les inn eit scenario frå JSON og lagre det."""
    from trappa.store.repository import save_scenario

    try:
        engine = _engine()
        if not file.exists():
            raise TrappaError(f"{file} finst ikkje.")
        s = _load_scenario(engine, str(file) if str(file).endswith(".json") else str(file))
        save_scenario(engine, s.name, s.to_json())
    except TrappaError as exc:
        _fail(exc)
        return
    console.print(f"Lagra scenarioet «{s.name}».")


@scenario_app.command("export")
def scenario_export(
    name: Annotated[str, typer.Argument()],
    out: Annotated[Path | None, typer.Option("--out", help="JSON-fil (standard: skjermen).")] = None,
) -> None:
    """Skriv eit lagra scenario som JSON, til å sende, samanlikne eller lese inn att."""
    try:
        s = _load_scenario(_engine(), name)
    except TrappaError as exc:
        _fail(exc)
        return
    if out:
        out.write_text(s.to_json() + "\n", "utf-8")
        console.print(f"Skreiv {out}")
    else:
        print(s.to_json())


@scenario_app.command("new")
def scenario_new(
    name: Annotated[str, typer.Argument()],
    description: Annotated[str, typer.Option("--description")] = "",
    alternative: Annotated[
        str, typer.Option("--population-alternative", help="MMMM, LLML, HHMH … (DEMO i demoen)")
    ] = "MMMM",
) -> None:
    """Lag eit tomt scenario (lik alternativ 0) som du kan eksportere, rette og lese inn att."""
    from trappa.model.scenario import Scenario
    from trappa.store.repository import save_scenario

    try:
        s = Scenario(
            name=name,
            description=description,
            population_alternative=alternative,
            real_cost_growth_percent=0.0,
        )
        save_scenario(_engine(), name, s.to_json())
    except TrappaError as exc:
        _fail(exc)
        return
    console.print(f"Laga scenarioet «{name}». Rett det med «trappa scenario export {name} --out fil.json» og «import».")


@scenario_app.command("delete")
def scenario_delete(name: Annotated[str, typer.Argument()]) -> None:
    """Slett eit lagra scenario."""
    from trappa.store.repository import delete_scenario

    try:
        found = delete_scenario(_engine(), name)
    except TrappaError as exc:
        _fail(exc)
        return
    console.print(f"Sletta «{name}»." if found else f"Fann ikkje «{name}».")


@app.command()
def project(
    to_year: Annotated[int, typer.Option("--to", help="Siste år, til dømes 2040 eller 2050.")] = 2040,
    base_year: Annotated[
        int | None, typer.Option("--base-year", help="Basisår for dekningsgradene (standard: siste år med rekneskap).")
    ] = None,
    scenario: Annotated[
        list[str] | None, typer.Option("--scenario", help="Namn på lagra scenario eller JSON-fil; kan gjentakast.")
    ] = None,
    municipality: Annotated[str | None, typer.Option("--municipality", help="Kommunenummer for befolkninga.")] = None,
    staff_change: Annotated[
        float, typer.Option("--staff-change", help="Årleg endring i årsverk ein kan rekruttere, prosent.")
    ] = 0.0,
    output_format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
    out: Annotated[Path | None, typer.Option("--out")] = None,
    language: Annotated[Language, typer.Option("--language")] = Language.nn,
) -> None:
    """Framskriv trappa: alternativ 0 (dagens dekningsgrader) og scenario, med usikkerheit og bemanning."""
    from trappa.planning import run_projection
    from trappa.report import projection_out as po
    from trappa.report.csv_out import to_csv
    from trappa.store.repository import get_setting

    try:
        engine = _engine()
        code = _municipality_code(engine, municipality)
        staircase = _staircase(engine)
        run = run_projection(
            engine,
            staircase,
            [_load_scenario(engine, s) for s in (scenario or [])],
            to_year=to_year,
            base_year=base_year,
            municipality=code,
            staff_change_percent=staff_change,
        )
        municipality_name, _synthetic = _municipality(engine)
    except TrappaError as exc:
        _fail(exc)
        return
    outlooks, comparison, staffing = run.outlooks, run.comparison, run.staffing
    base, demo_population = run.base_year, run.demo_population
    names = {s.number: s.name.get(language.value) for s in staircase.steps}  # type: ignore[arg-type]
    shown = po.shown_years(base, to_year)
    note = (
        "Demoframskriving av befolkninga (Alver 2021 framskriven av trappa), ikkje SSB si framskriving."
        if demo_population
        else "Befolkning: Statistisk sentralbyrå."
    )
    if get_setting(engine, "synthetic") == "1":
        note += " Syntetiske tenestedata: Demo kommune er oppdikta."
    if output_format == OutputFormat.table:
        console.print(po.rates_table(outlooks[0], names))
        for o in outlooks:
            console.print(po.steps_table(o, names, shown, demo=demo_population))
            console.print(po.staffing_table(staffing[o.scenario.name], shown))
        console.print(f"[dim]{note} Tal i parentes: låg–høg (befolkningsalternativ og uvisse i dekningsgradene).[/]")
        return
    if output_format == OutputFormat.xlsx:
        if out is None:
            raise typer.BadParameter("xlsx treng --out FIL.xlsx")
        po.write_workbook(
            outlooks,
            comparison,
            staffing,
            out,
            title=f"{municipality_name} – framskriving",
            note=note,
            categories=run.categories,
        )
        console.print(f"Skreiv {out}")
        return
    if output_format == OutputFormat.json:
        payload = json.dumps(
            po.document(
                outlooks,
                comparison,
                staffing,
                municipality=code,
                demo_population=demo_population,
                to_year=to_year,
                categories=run.categories,
            ),
            ensure_ascii=False,
            indent=2,
        )
    else:
        frame = pl.concat([o.table.with_columns(pl.lit(o.scenario.name).alias("scenario")) for o in outlooks])
        payload = to_csv(
            frame.select("scenario", pl.exclude("scenario")),
            language.value,
            headers=[po.HEAD.get(c, c) for c in ["scenario", *[c for c in frame.columns if c != "scenario"]]],
        )
    if out:
        out.write_text(payload, "utf-8")
        console.print(f"Skreiv {out}")
    else:
        print(payload)
