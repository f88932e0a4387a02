"""`trappa municipality …`: the municipality's own settings — name, number, language, publishing, staircase."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from trappa import lazy
from trappa.cli.common import Language, console, current, fail
from trappa.errors import TrappaError
from trappa.report.formatting import count

if TYPE_CHECKING:
    from trappa.services import municipality, staircase
else:
    municipality = lazy.load("trappa.services.municipality")
    staircase = lazy.load("trappa.services.staircase")

app = typer.Typer(
    help="Kommunen sine innstillingar: namn, kommunenummer, språk, publisering og trapp.", no_args_is_help=True
)


@app.command("show")
def show() -> None:
    """Vis innstillingane til kommunen."""
    try:
        settings = municipality.load(current().db)
        steps = staircase.current(current().db)
    except TrappaError as exc:
        fail(exc)
    t = Table(title=settings.name, header_style="bold", show_header=False)
    t.add_column("Innstilling")
    t.add_column("Verdi")
    for field, label in municipality.LABELS.items():
        if field == "staircase_yaml":
            t.add_row(label.capitalize(), f"{steps.name.nn} ({len(steps.steps)} trinn)")
        elif field == "housing_yaml":
            housing = staircase.housing(current().db)
            t.add_row(label.capitalize(), f"{housing.name.nn} ({count(len(housing.types), 'bustadtype')})")
        else:
            t.add_row(label.capitalize(), municipality.shown(getattr(settings, field), field))
    console.print(t)


@app.command("set")
def set_settings(
    name: Annotated[
        str | None, typer.Option("--name", help="Namnet som står på sider og rapportar, til dømes «Alver kommune».")
    ] = None,
    number: Annotated[
        str | None, typer.Option("--number", help="Kommunenummeret, fire siffer, til dømes 4631.")
    ] = None,
    language: Annotated[
        Language | None, typer.Option("--language", help="Språket sidene opnar på: nn, nb eller en.")
    ] = None,
    publish: Annotated[
        bool | None,
        typer.Option("--publish/--no-publish", help="Vis tal per trinn på dei opne sidene (små tal skjulte)."),
    ] = None,
    staircase_file: Annotated[
        Path | None, typer.Option("--staircase", help="YAML-fil med tenestetrappa kommunen brukar.")
    ] = None,
    hours_gross: Annotated[
        float | None, typer.Option("--hours-per-gross-fte", help="Timar per brutto årsverk (standard 1846).")
    ] = None,
    hours_net: Annotated[
        float | None, typer.Option("--hours-per-net-fte", help="Timar per netto årsverk (standard 1645).")
    ] = None,
    wage_arts: Annotated[
        list[str] | None,
        typer.Option(
            "--wage-art",
            help="Ein art og kva del av lønskostnaden han er, til dømes «10150=faste tillegg»; gjenta for fleire. "
            "Erstattar lista; utan --wage-art gjeld KOSTRA-standarden.",
        ),
    ] = None,
    refund_thresholds: Annotated[
        list[str] | None,
        typer.Option(
            "--refund-threshold",
            help="Innslagspunktet for ressurskrevjande tenester eit år, til dømes «2024=1572000»; gjenta for fleire "
            "år. Erstattar lista.",
        ),
    ] = None,
    direct_time: Annotated[
        list[str] | None,
        typer.Option(
            "--direct-time",
            help="Del direkte brukartid på eit trinn, i prosent, til dømes «6=60»; gjenta for fleire trinn. "
            "Erstattar lista.",
        ),
    ] = None,
    refund_arts: Annotated[
        list[str] | None,
        typer.Option(
            "--refund-art",
            help="Ein art refusjonen for ressurskrevjande tenester vert ført på (profilen viser han for seg); gjenta "
            "for fleire. Erstattar lista.",
        ),
    ] = None,
    refund_share: Annotated[
        float | None, typer.Option("--refund-share", help="Prosent av lønskostnaden over innslagspunktet (80).")
    ] = None,
    refund_age_limit: Annotated[
        int | None, typer.Option("--refund-age-limit", help="Personar yngre enn dette i året får refusjon (67).")
    ] = None,
    kostra_wage_arts: Annotated[
        bool, typer.Option("--kostra-wage-arts", help="Gløym kommunen sine eigne lønsartar: bruk KOSTRA-standarden.")
    ] = False,
) -> None:
    """Set ei eller fleire innstillingar; dei andre står som før."""
    changes: dict[str, object] = {
        field: value
        for field, value in {
            "name": name.strip() if name else None,
            "code": number,
            "language": language.value if language else None,
            "publish_figures": publish,
            "hours_per_gross_fte": hours_gross,
            "hours_per_net_fte": hours_net,
        }.items()
        if value is not None
    }
    try:
        if wage_arts:
            changes["wage_arts"] = municipality.parse_wage_arts(wage_arts)
        elif kostra_wage_arts:
            changes["wage_arts"] = {}
        if refund_thresholds:
            changes["refund_thresholds"] = municipality.parse_thresholds(refund_thresholds)
        if direct_time:
            changes["direct_time_shares"] = municipality.parse_shares(direct_time)
        if refund_arts:
            changes["refund_arts"] = [a.strip() for a in refund_arts]
        if refund_share is not None:
            changes["refund_share"] = refund_share / 100
        if refund_age_limit is not None:
            changes["refund_age_limit"] = refund_age_limit
    except TrappaError as exc:
        fail(exc)
    if not changes and staircase_file is None:
        fail(TrappaError("Ingenting å endre. Sjå «trappa municipality set --help» for kva som kan setjast."))
    s = current()
    try:
        if changes:
            municipality.update(s.db, s.actor, **changes)
        if staircase_file is not None:
            staircase.use_file(s.db, s.actor, staircase_file)
    except TrappaError as exc:
        fail(exc)
    show()
