"""The report to the council: one typed document (sections of text, tables and charts), so PDF, Word and
Excel say the same. Built here from figures the services have computed; rendered by council_pdf,
council_docx and council_xlsx.

Every table holds both the shown text of a cell (``1 234 567``, ``12,5 %``, MNOK with one decimal) and
its value, so the renderers format nothing themselves and a test can find the same figures in every
format. Every section names its source and the date of its data; a synthetic municipality is said to be
synthetic on every page.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal, Protocol

import polars as pl
from pydantic import BaseModel, Field

from trappa.model.suppression import suppress
from trappa.report.formatting import format_number, format_percent

SECTIONS = ("staircase", "change", "budget", "projection", "kpi", "kostra")
SECTION_NAMES = {
    "staircase": "Tenestetrappa og profilen",
    "change": "Endring frå året før",
    "budget": "Budsjett mot rekneskap",
    "projection": "Trappa i framtida",
    "kpi": "Nøkkeltal månad for månad (måltavla)",
    "kostra": "Samanlikna med andre (KOSTRA)",
}


class Cell(BaseModel):
    text: str
    value: float | None = None


class Table(BaseModel):
    id: str
    caption: str
    columns: list[str]
    numeric: list[bool] = Field(description="Per column: a number (right-aligned, summed in Excel)")
    rows: list[list[Cell]]
    total: list[Cell] | None = Field(None, description="A total row; Excel writes it as formulas")
    percent_columns: list[int] = Field(default_factory=list, description="Columns holding shares (0–1 in value)")


class Chart(BaseModel):
    id: str
    title: str
    alt: str = Field(description="Alternative text: what the chart shows, in words")
    spec: dict[str, Any] = Field(description="Vega-Lite, the same as on the web")
    table: str = Field(description="The id of the table holding its numbers")


class Section(BaseModel):
    id: str
    title: str
    text: list[str] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    charts: list[Chart] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    source: str


class Report(BaseModel):
    schema_id: Literal["trappa.report"] = "trappa.report"
    title: str
    municipality: str
    year: int
    language: Literal["nn", "nb", "en"] = "nn"
    synthetic: bool
    data_as_of: date = Field(description="The date of the newest data the report rests on")
    sections: list[Section]

    @property
    def label(self) -> str:
        """What every page says at its foot."""
        text = f"{self.municipality} · {self.title}"
        return text + (" · Syntetiske data, ikkje ein verkeleg kommune" if self.synthetic else "")

    def figures(self) -> list[str]:
        """Every shown number of every table (for checking that each format carries the same figures)."""
        out = []
        for s in self.sections:
            for t in s.tables:
                for row in [*t.rows, *([t.total] if t.total else [])]:
                    out += [c.text for c, numeric in zip(row, t.numeric, strict=True) if numeric and c.text]
        return out


def to_json(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)


def _n(value: float | None, decimals: int = 0, language: str = "nn") -> Cell:
    return Cell(text=format_number(value, decimals, language) if value is not None else "–", value=value)


def _mnok(kroner: float | None, language: str = "nn") -> Cell:
    return _n(kroner / 1e6 if kroner is not None else None, 1, language)


def _pct(share: float | None, language: str = "nn") -> Cell:
    return Cell(text=format_percent(share * 100, 1, language) if share is not None else "–", value=share)


def _t(text: str) -> Cell:
    return Cell(text=text)


HIDDEN = Cell(text="≤5")  # a count of one to five persons, never shown (the report is a public paper)
SMALL_COUNTS = ("Tal på personar frå 1 til 5 står som ≤5, og saman med dei eitt tal til der det skjulte "
                "elles kunne reknast ut, som på dei opne sidene; vedtaka på dei same trinna òg (eitt vedtak "
                "er éin person). Personar vert ikkje summerte: ein person kan ha tenester på fleire trinn.")  # fmt: skip


def _persons(p: ProfileLike) -> dict[int, int | None]:
    """Persons per step as a public paper may show them: the same counts hidden as on the public pages."""
    safe, _ = suppress(p.table.select("step", "persons"), "persons", [[]])
    return {r["step"]: r["persons"] for r in safe.iter_rows(named=True)}


def _hidden(persons: dict[int, int | None], step: int) -> bool:
    return step in persons and persons[step] is None


def _count(persons: dict[int, int | None], step: int) -> Cell:
    if _hidden(persons, step):
        return HIDDEN
    return _n(persons.get(step))  # «–» for a step not there that year


def _bar(rows: list[dict[str, Any]], x: str, y: str, title: str, sort: list[str] | None = None) -> dict[str, Any]:
    import altair as alt

    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color="#1f5f8b")
        .encode(
            y=alt.Y(f"{y}:N", sort=sort or None, title=None, axis=alt.Axis(labelLimit=190)),
            x=alt.X(f"{x}:Q", title=x),
            tooltip=[f"{y}:N", alt.Tooltip(f"{x}:Q", format=",.1f")],
        )
        .properties(
            title=title, width=380, height=alt.Step(16), padding={"left": 10, "right": 10, "top": 5, "bottom": 5}
        )
        .configure_view(stroke=None)
        .to_dict()
    )


class ProfileLike(Protocol):
    @property
    def year(self) -> int: ...
    @property
    def table(self) -> pl.DataFrame: ...
    @property
    def controls(self) -> Any: ...


def _step(r: dict[str, Any]) -> str:
    return f"{r['step']} {r['step_name']}"


def staircase_section(p: ProfileLike, source: str) -> Section:
    rows = list(p.table.sort("step").iter_rows(named=True))
    persons = _persons(p)
    # a step's decisions are at least its persons (one decision is one person): hidden with the count
    body = [[_t(_step(r)), _count(persons, r["step"]),
             HIDDEN if _hidden(persons, r["step"]) else _n(r["decisions"]), _n(r["decided_hours_per_week"]),
             _n(r["ftes"], 1), _mnok(r["net_cost"]), _pct((r["share_of_net_percent"] or 0) / 100)]
            for r in rows]  # fmt: skip
    # no total of persons: a person with services on two steps is one person, not two
    total = [_t("I alt"), _t(""), _n(sum(r["decisions"] or 0 for r in rows)),
             _n(sum(r["decided_hours_per_week"] or 0 for r in rows)), _n(sum(r["ftes"] or 0 for r in rows), 1),
             _mnok(sum(r["net_cost"] or 0 for r in rows)), _pct(1.0)]  # fmt: skip
    matrix = Table(id="profil", caption=f"Profilen {p.year}: personar, vedtak, timar, årsverk og netto kostnad per trinn",
                   columns=["Trinn", "Personar", "Vedtak", "Vedtekne timar i veka", "Årsverk", "Netto kostnad, MNOK",
                            "Del av netto"],
                   numeric=[False, True, True, True, True, True, True], rows=body, total=total,
                   percent_columns=[6])  # fmt: skip
    c = p.controls
    controls = Table(id="kontroll", caption=f"Kontrollsummar {p.year}: alt i rekneskapen er gjort greie for",
                     columns=["Kva", "MNOK"], numeric=[False, True], rows=[
                         [_t("Rekneskapen, netto"), _mnok(c.accounts_total_ore / 100)],
                         [_t("I trinna"), _mnok(c.in_steps_ore / 100)],
                         [_t("Utanfor trappa"), _mnok(c.outside_staircase_ore / 100)],
                         [_t("Ikkje fordelt"), _mnok(c.unmapped_ore / 100)],
                     ])  # fmt: skip
    chart_rows = [{"Trinn": _step(r), "MNOK": round((r["net_cost"] or 0) / 1e6, 1)} for r in rows]
    chart = Chart(id="profil-diagram", title=f"Netto kostnad per trinn {p.year}, MNOK",
                  alt=f"Stolpediagram over netto kostnad per trinn i {p.year}; tala står i tabellen «Profilen {p.year}».",
                  spec=_bar(chart_rows, "MNOK", "Trinn", f"Netto kostnad per trinn {p.year}, MNOK",
                            [str(r["Trinn"]) for r in chart_rows]), table="profil")  # fmt: skip
    text = [f"Tenestetrappa {p.year} frå kommunen sin eigen rekneskap, årsverk og vedtak. Kvar krone i rekneskapen "
            f"er anten på eit trinn, utanfor trappa eller vist som ikkje fordelt (kontrollsummane)."]  # fmt: skip
    return Section(id="staircase", title=SECTION_NAMES["staircase"], text=text, tables=[matrix, controls],
                   charts=[chart], source=source, notes=[SMALL_COUNTS])  # fmt: skip


def change_section(now: ProfileLike, before: ProfileLike, source: str) -> Section:
    old = {r["step"]: r for r in before.table.iter_rows(named=True)}
    then, later = _persons(before), _persons(now)
    body = []
    for r in now.table.sort("step").iter_rows(named=True):
        o = old.get(r["step"], {})
        step = r["step"]
        # the change would tell a hidden count from the shown one: hidden with it
        hidden = _hidden(then, step) or _hidden(later, step)
        persons_change = HIDDEN if hidden else _n((r["persons"] or 0) - (o.get("persons") or 0))
        cost_change = (r["net_cost"] or 0) - (o.get("net_cost") or 0)
        share = cost_change / o["net_cost"] if o.get("net_cost") else None
        body.append([_t(_step(r)), _count(then, step), _count(later, step), persons_change,
                     _mnok(o.get("net_cost")), _mnok(r["net_cost"]), _mnok(cost_change), _pct(share)])  # fmt: skip
    table = Table(id="endring", caption=f"Endring per trinn frå {before.year} til {now.year}",
                  columns=["Trinn", f"Personar {before.year}", f"Personar {now.year}", "Endring",
                           f"MNOK {before.year}", f"MNOK {now.year}", "Endring, MNOK", "Endring, del"],
                  numeric=[False, *[True] * 7], rows=body, percent_columns=[7])  # fmt: skip
    chart_rows = [{"Trinn": row[0].text, "Endring, MNOK": round((row[6].value or 0), 1)} for row in body]
    chart = Chart(id="endring-diagram", title=f"Endring i netto kostnad frå {before.year} til {now.year}, MNOK",
                  alt=f"Stolpediagram over endringa i netto kostnad per trinn frå {before.year} til {now.year}; "
                      "tala står i tabellen under.",
                  spec=_bar(chart_rows, "Endring, MNOK", "Trinn", f"Endring frå {before.year} til {now.year}, MNOK",
                            [str(r["Trinn"]) for r in chart_rows]), table="endring")  # fmt: skip
    return Section(id="change", title=SECTION_NAMES["change"], tables=[table], charts=[chart], source=source,
                   notes=[SMALL_COUNTS],
                   text=[f"Kva som endra seg på kvart trinn frå {before.year} til {now.year}, i personar og kroner "
                         "(løpande kroner, ikkje justert for lønsvekst)."])  # fmt: skip


def budget_section(p: ProfileLike, source: str) -> Section:
    body = []
    for r in p.table.sort("step").iter_rows(named=True):
        budget, net = r["budget"], r["net_cost"]
        deviation = (net or 0) - (budget or 0) if budget else None
        body.append([_t(_step(r)), _mnok(budget if budget else None), _mnok(net), _mnok(deviation),
                     # of the budget's size: more spent is a positive share also where income was budgeted
                     # above cost (a negative budget), as the text above the table says
                     _pct(deviation / abs(budget) if budget and deviation is not None else None)])  # fmt: skip
    table = Table(id="budsjett", caption=f"Budsjett mot rekneskap {p.year} per trinn, netto",
                  columns=["Trinn", "Budsjett, MNOK", "Rekneskap, MNOK", "Avvik, MNOK", "Avvik, del"],
                  numeric=[False, True, True, True, True], rows=body, percent_columns=[4])  # fmt: skip
    return Section(id="budget", title=SECTION_NAMES["budget"], tables=[table], source=source,
                   text=["Eit positivt avvik: trinnet brukte meir enn budsjettert. Trinn utan budsjett har – ."])  # fmt: skip


class OutlookLike(Protocol):
    @property
    def scenario(self) -> Any: ...
    @property
    def base_year(self) -> int: ...
    @property
    def table(self) -> pl.DataFrame: ...


def projection_section(outlooks: Sequence[OutlookLike], names: dict[int, str], to_year: int, source: str) -> Section:
    """A «base year against the end year» matrix per scenario, and the scenarios side by side."""
    tables, side = [], []
    base = outlooks[0].base_year
    for k, o in enumerate(outlooks):
        t = o.table
        first = {r["step"]: r for r in t.filter(pl.col("year") == base).iter_rows(named=True)}
        last = {r["step"]: r for r in t.filter(pl.col("year") == to_year).iter_rows(named=True)}
        body = [[_t(f"{s} {names.get(s, '')}"), _n(first[s]["persons"]), _n(last[s]["persons"]),
                 _n(first[s]["ftes"], 1), _n(last[s]["ftes"], 1), _mnok(first[s]["net_cost"]), _mnok(last[s]["net_cost"])]
                for s in sorted(first) if s in last]  # fmt: skip
        total = [_t("I alt"), *(f(sum(v[s][m] for s in v if s in first and s in last))
                                for m, f, v in (("persons", _n, first), ("persons", _n, last),
                                                ("ftes", lambda x: _n(x, 1), first), ("ftes", lambda x: _n(x, 1), last),
                                                ("net_cost", _mnok, first), ("net_cost", _mnok, last)))]  # fmt: skip
        tables.append(Table(id=f"framskriving-{k}", caption=f"{o.scenario.name}: {base} mot {to_year}",
                            columns=["Trinn", f"Personar {base}", f"Personar {to_year}", f"Årsverk {base}",
                                     f"Årsverk {to_year}", f"MNOK {base}", f"MNOK {to_year}"],
                            numeric=[False, *[True] * 6], rows=body, total=total))  # fmt: skip
        side.append((o.scenario.name, total))
    both = Table(id="scenario-samanlikning", caption=f"Scenarioa side om side, {to_year}",
                 columns=["Scenario", f"Personar {to_year}", f"Årsverk {to_year}", f"Netto kostnad {to_year}, MNOK"],
                 numeric=[False, True, True, True],
                 rows=[[_t(name), total[2], total[4], total[6]] for name, total in side])  # fmt: skip
    chart_rows = [{"Scenario": name, f"MNOK {to_year}": total[6].value} for name, total in side]
    chart = Chart(id="scenario-diagram", title=f"Netto kostnad {to_year} per scenario, MNOK",
                  alt=f"Stolpediagram over netto kostnad i {to_year} for kvart scenario; tala står i tabellen "
                      "«Scenarioa side om side».",
                  spec=_bar(chart_rows, f"MNOK {to_year}", "Scenario", f"Netto kostnad {to_year}, MNOK"),
                  table="scenario-samanlikning")  # fmt: skip
    text = [f"Trappa framskriven til {to_year} med befolkningsframskrivinga og dagens dekningsgrader (alternativ 0) "
            "og med scenarioa som er valde. Kostnadene er i faste kroner."]  # fmt: skip
    return Section(id="projection", title=SECTION_NAMES["projection"], text=text, tables=[both, *tables],
                   charts=[chart], source=source)  # fmt: skip


class ComparisonLike(Protocol):
    @property
    def year(self) -> int: ...
    @property
    def regions(self) -> list[tuple[str, str]]: ...
    @property
    def cost(self) -> list[Any]: ...
    @property
    def handlingsrom(self) -> Any: ...
    @property
    def caveats(self) -> list[str]: ...
    @property
    def sources(self) -> list[str]: ...


def kostra_section(c: ComparisonLike) -> Section:
    room = c.handlingsrom
    body = [[_t(r["comparator_name"] or r["comparator"]), _mnok(r["mnok"] * 1e6 if r["mnok"] is not None else None)]
            for r in room.totals.iter_rows(named=True)]  # fmt: skip
    rooms = Table(id="handlingsrom", caption=f"Handlingsrom {c.year}, MNOK (positivt: kommunen brukar meir)",
                  columns=["Samanlikna med", "MNOK"], numeric=[False, True], rows=body)  # fmt: skip
    per = [s for s in c.cost if s.figure == "net_per_inhabitant"]
    last = {(s.function, code): values[-1] for s in per for code, _n2, values in s.rows}
    rows = [[_t(name), *(_n(last.get((s.function, code))) for s in per)] for code, name in c.regions]
    per_table = Table(id="kostra-per-innbyggjar",
                      caption=f"Netto driftsutgifter per innbyggjar {c.year}, kr, per funksjon: "
                              + "; ".join(f"{s.function} {s.function_name}" for s in per),
                      columns=["Region", *(s.function for s in per)], numeric=[False, *[True] * len(per)],
                      rows=rows)  # fmt: skip
    return Section(id="kostra", title=SECTION_NAMES["kostra"], tables=[rooms, per_table],
                   notes=[*room.notes, *c.caveats], source="SSB KOSTRA: " + ", ".join(c.sources),
                   text=["Kva kommunen ville brukt om han dreiv som kvar av dei andre, korrigert for utgiftsbehovet."])  # fmt: skip


class TileLike(Protocol):
    @property
    def unit(self) -> str: ...
    @property
    def kpi(self) -> Any: ...
    @property
    def chart(self) -> Any: ...


def _kpi_value(value: float | None, unit: str) -> Cell:
    if unit == "%":  # shares are kept as 0–1
        return _pct(value)
    return _n(value, 0 if unit == "kr" else 2 if "årsverk" in unit else 1)


VARIATION = {"common_cause": "vanleg variasjon", "improvement": "særskild variasjon: forbetring",
             "concern": "særskild variasjon: uro", "neither": "særskild variasjon"}  # fmt: skip
SIGNALS = {"improvement": "forbetring", "concern": "uro", "neither": "særskild variasjon"}


def kpi_section(
    sector: Sequence[TileLike], signals: Sequence[TileLike], last_period: str | None, source: str
) -> Section:
    """The sector's key figures of the last month against their own history (SPC), and the units whose last
    month is a signal. The words say what the chart says; there is no red or green."""
    rows = [[_t(t.kpi.nn), _t(t.kpi.unit), _kpi_value(t.chart.points[-1].value, t.kpi.unit),
             _kpi_value(t.chart.points[-1].centre, t.kpi.unit), _t(VARIATION[t.chart.variation])]
            for t in sector]  # fmt: skip
    board = Table(id="maltavle", caption=f"Alle einingane, {last_period or ''}: siste månad mot snittet",
                  columns=["Nøkkeltal", "Måleeining", "Siste månad", "Snitt", "Variasjon"],
                  numeric=[False, False, True, True, False], rows=rows)  # fmt: skip
    # Only signals with a direction (better or worse); the others are counted in a sentence, as on the board.
    directed = [t for t in signals if t.unit and t.chart.points[-1].signal in ("improvement", "concern")]
    others = sum(1 for t in signals if t.unit and t.chart.points[-1].signal == "neither")
    found = [[_t(t.unit), _t(t.kpi.nn), _kpi_value(t.chart.points[-1].value, t.kpi.unit),
              _t(SIGNALS[t.chart.points[-1].signal])] for t in directed]  # fmt: skip
    tables = [board]
    if found:
        tables.append(Table(id="signal", caption=f"Einingar med eit signal om forbetring eller uro i {last_period}",
                            columns=["Eining", "Nøkkeltal", "Siste månad", "Signal"],
                            numeric=[False, False, True, False], rows=found))  # fmt: skip
    text = ["Kvart nøkkeltal er følgt månad for månad med statistisk prosesskontroll: eit signal seier at endringa er "
            "større enn den vanlege variasjonen, ikkje at ho er god eller dårleg åleine."]  # fmt: skip
    if not found:
        text.append(f"Ingen eining har eit signal om forbetring eller uro i {last_period}.")
    if others:
        text.append(f"{others} andre særskilde variasjonar utan retning (verken betre eller verre) er ikkje viste; "
                    "dei står på måltavla.")  # fmt: skip
    return Section(id="kpi", title=SECTION_NAMES["kpi"], text=text, tables=tables, source=source)
