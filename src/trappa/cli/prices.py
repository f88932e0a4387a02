"""`trappa prices …` (the unit-price catalogue) and `trappa calc FILE.yaml` (the resource calculator)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from trappa import lazy
from trappa.cli.common import FORMAT_HELP, OUT_HELP, ResultFormat, attempt, console, current, emit, fail, simple_table
from trappa.errors import TrappaError

if TYPE_CHECKING:
    from trappa.report import prices_out
    from trappa.services import calculator
    from trappa.services import prices as price_service
else:
    prices_out = lazy.load("trappa.report.prices_out")
    calculator = lazy.load("trappa.services.calculator")
    price_service = lazy.load("trappa.services.prices")

app = typer.Typer(help="Prislista (einingsprisar) per år: rekna frå profilen, importert, skriven inn eller ført over.")

YEAR = typer.Option("--year", help="Året prislista gjeld.")


def _number(text: str, option: str) -> float:
    """A number as Norwegians write it: 4,5 or 1 234,50."""
    try:
        return float(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except ValueError:
        fail(TrappaError(f"«{text}» i {option} er ikkje eit tal: skriv til dømes 4,5 eller 1 234,50."))


@app.command("kinds")
def kinds() -> None:
    """Tenestetypane ein pris eller ei utrekning kan nemne, og kva dei vert målte i."""
    rows = [(k["code"], k["nn"], k["unit"]) for k in price_service.kinds_table()]
    console.print(simple_table("Tenestetypar", ["Kode", "Namn", "Per"], rows))


@app.command("list")
def list_catalogues() -> None:
    """Alle prislistene, med versjonar: kven laga dei, når og korleis."""
    db = current().db
    rows = [(str(c["year"]), str(c["version"]), str(c["prices"]), c["note"], c["username"] or "", f"{c['at']:%d.%m.%Y}")
            for c in price_service.catalogues(db)]  # fmt: skip
    console.print(simple_table("Prislister", ["År", "Versjon", "Prisar", "Kva", "Kven", "Når"], rows))


@app.command("show")
def show(
    year: Annotated[int, YEAR],
    version: Annotated[int | None, typer.Option("--version", help="Ein eldre versjon (standard: den nyaste).")] = None,
    output_format: Annotated[ResultFormat, typer.Option("--format", help=FORMAT_HELP)] = ResultFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help=OUT_HELP)] = None,
) -> None:
    """Prislista for eit år."""
    db = current().db
    found = attempt(lambda: price_service.catalogue(db, year, version))
    import json

    emit(output_format.value, out, table=lambda: prices_out.catalogue_table(found),
         json_text=lambda: json.dumps(prices_out.catalogue_document(found), ensure_ascii=False, indent=2),
         xlsx=lambda: prices_out.catalogue_xlsx(found), xlsx_name="prisliste.xlsx")  # fmt: skip


@app.command("compute")
def compute(year: Annotated[int, YEAR]) -> None:
    """Rekn ut prisar frå profilen for året: netto kostnad per vedtakstime og per plass på kvart trinn."""
    s = current()
    version = attempt(lambda: price_service.compute(s.db, s.actor, year))
    console.print(f"Prislista for {year} er rekna frå profilen: versjon {version}.")


@app.command("import")
def import_catalogue(
    file: Annotated[
        Path, typer.Argument(help="CSV eller XLSX med kolonnane tenestetype og pris (sjå docs/prices.md).")
    ],
    year: Annotated[int, YEAR],
) -> None:
    """Importer ei prisliste frå eit rekneark; alt eller ingenting."""
    s = current()
    version = attempt(lambda: price_service.import_prices(s.db, s.actor, file, year))
    console.print(f"Importerte prislista for {year}: versjon {version}.")


@app.command("set")
def set_price(
    year: Annotated[int, YEAR],
    kind: Annotated[str, typer.Option("--kind", help="Tenestetypen (sjå trappa prices kinds).")],
    price: Annotated[str, typer.Option("--price", help="Kroner per time, plassår, døgn eller utrykking.")],
    time_of_day: Annotated[str, typer.Option("--time", help="day, night, stationary eller base.")] = "",
    setting: Annotated[str, typer.Option("--setting", help="ambulant eller housing.")] = "",
    ownership: Annotated[str, typer.Option("--ownership", help="own eller bought (plassar).")] = "",
    staffing_factor: Annotated[float | None, typer.Option("--staffing-factor", help="Gruppetilbod: 1, 0,8 …")] = None,
    note: Annotated[str, typer.Option("--note", help="Kvar prisen kjem frå.")] = "",
) -> None:
    """Skriv inn éin pris (han erstattar ein pris med same teneste, tid og stad)."""
    s = current()
    values = {"kind": kind, "price": _number(price, "--price"), "time_of_day": time_of_day, "setting": setting, "ownership": ownership,
              "staffing_factor": staffing_factor, "note": note}  # fmt: skip
    version = attempt(lambda: price_service.set_price(s.db, s.actor, year, values))
    console.print(f"Lagra. Prislista for {year} er no versjon {version}.")


@app.command("carry")
def carry(
    from_year: Annotated[int, typer.Option("--from", help="Året å ta prisane frå.")],
    to_year: Annotated[int, typer.Option("--to", help="Året prisane skal gjelde.")],
    index: Annotated[str, typer.Option("--index", help="Prosent i året, til dømes lønsvekst 4,5.")],
) -> None:
    """Før prislista over til eit anna år med ein indeks (pris × (1 + indeks) for kvart år)."""
    s = current()
    percent = _number(index, "--index")
    version = attempt(lambda: price_service.carry(s.db, s.actor, from_year, to_year, percent))
    console.print(f"Prislista for {to_year} er ført over frå {from_year}: versjon {version}.")


def calc(
    file: Annotated[Path, typer.Argument(help="YAML-fil med alternativa (sjå docs/calculator.md).")],
    catalogue_year: Annotated[
        int | None, typer.Option("--catalogue-year", help="Prislista å bruke (standard: filas år, elles den nyaste).")
    ] = None,
    output_format: Annotated[ResultFormat, typer.Option("--format", help="table eller json.")] = ResultFormat.table,
    out: Annotated[Path | None, typer.Option("--out", help=OUT_HELP)] = None,
) -> None:
    """Ressurskalkulator: kva kostar alternativa for éin person per år, og kva svarar skilnaden til?"""
    db = current().db
    case = attempt(lambda: calculator.read_case(file))
    found = attempt(lambda: calculator.calculate_case(db, case, catalogue_year=catalogue_year))
    year, version = found.catalogue.year, found.catalogue.version
    emit(output_format.value, out,
         table=lambda: prices_out.calculation_tables(found.result, case.reference, year, version, found.refunds),
         json_text=lambda: prices_out.calculation_json(found.result, case.reference, year, version,
                                                       found.refunds))  # fmt: skip


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="prices")
    root.command("calc")(calc)
