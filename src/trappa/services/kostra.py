"""Compared with others (KOSTRA): figures fetched from SSB or imported, the expense-need index, needs-adjusted
comparison, «handlingsrom», quality beside cost, and the own accounts reconciled with what SSB publishes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from trappa.errors import InputFileError, Problem, TrappaError
from trappa.ingest.reader import read_table
from trappa.model import kostra as model
from trappa.model.kostra import Series
from trappa.services import audit, municipality
from trappa.services.database import Database
from trappa.settings import Settings
from trappa.ssb import klass
from trappa.ssb import kostra as ssb_kostra
from trappa.ssb.client import SsbClient
from trappa.store import kostra as store
from trappa.store.read import load_table

# What an analyst always says next to a handlingsrom figure (shown beside the number, not in a footnote).
CAVEATS = [
    "Kommunane fører rekneskapen ulikt: same teneste kan stå på ulike funksjonar.",
    "KOSTRA-tala frå 15. mars er førebelse; SSB reviderer dei 15. juni.",
    "Eitt år er eitt år: sjå fleire år før du konkluderer.",
    "Handlingsrommet er teoretisk: det seier kva det ville kosta å drive som den andre, ikkje korleis.",
]


@dataclass(frozen=True)
class FetchResult:
    rows: int
    tables_used: dict[str, str]
    notes: list[str]
    requests_sent: int


@dataclass(frozen=True)
class Regions:
    own: str
    neighbours: list[str]
    group: str | None
    country: list[str]

    @property
    def all(self) -> list[str]:
        return [self.own, *self.neighbours, *([self.group] if self.group else []), *self.country]

    @property
    def comparators(self) -> list[str]:
        return [*self.neighbours, *([self.group] if self.group else []), *self.country]


def regions(db: Database, with_: list[str] | None = None, group: str | None = None) -> Regions:
    """The municipality, its comparison municipalities, its KOSTRA group and the country."""
    settings = municipality.load(db)
    if not settings.code:
        raise TrappaError("Kommunenummeret er ikkje sett. Set det under innstillingar, eller bruk --municipality.")
    neighbours = with_ if with_ is not None else list(settings.comparison_municipalities)
    chosen = group or settings.kostra_group
    if chosen and not ssb_kostra.GROUP.match(chosen):
        raise TrappaError(f"«{chosen}» er ikkje ei KOSTRA-gruppe. Skriv EKG01 … EKG17.")
    return Regions(settings.code, [n for n in neighbours if n != settings.code], chosen, ["EAK", "EAKUO"])


@dataclass(frozen=True)
class GroupFound:
    code: str
    name: str
    on: date


def find_group(db: Database, actor: str | None, settings: Settings, year: int) -> GroupFound:
    """The municipality's KOSTRA group from SSB's classification (KLASS) on 1 January of ``year``; kept as the
    setting the comparison uses."""
    code = regions(db, []).own
    on = date(year, 1, 1)
    client = SsbClient(settings.ssb_cache_dir, base_url=settings.ssb_klass_url,
                       min_interval=60 / settings.ssb_requests_per_minute)  # fmt: skip
    try:
        found = klass.kostra_group(client, code, on)
    finally:
        client.close()
    if found is None:
        raise TrappaError(f"SSB sin klassifikasjon har ikkje kommune {code} i noka KOSTRA-gruppe {on:%d.%m.%Y}.")
    municipality.update(db, actor, kostra_group=found[0])
    return GroupFound(found[0], found[1], on)


def fetch(
    db: Database,
    actor: str | None,
    settings: Settings,
    *,
    years: list[int],
    with_: list[str] | None = None,
    group: str | None = None,
    refresh: bool = False,
) -> FetchResult:
    """The catalogue's figures from SSB (disk cache, paced), stored all at once."""
    notes: list[str] = []
    if group is None and not municipality.load(db).kostra_group:
        try:  # the group from SSB's classification, for the last year asked for
            found = find_group(db, actor, settings, max(years))
            notes.append(f"KOSTRA-gruppa er {found.code} ({found.name}) etter SSB sin klassifikasjon.")
        except TrappaError as exc:
            notes.append(f"Fann ikkje KOSTRA-gruppa: {exc}")
    chosen = regions(db, with_, group)
    client = SsbClient(settings.ssb_cache_dir, base_url=settings.ssb_url,
                       min_interval=60 / settings.ssb_requests_per_minute)  # fmt: skip
    try:
        fetched = ssb_kostra.fetch(client, chosen.all, years, refresh=refresh)
    finally:
        client.close()
    source = "SSB " + ", ".join(sorted(set(fetched.tables_used.values())))
    rows = store.store_figures(db, fetched.frame, source) if fetched.frame.height else 0
    audit.record(db, actor, "import", "KOSTRA frå SSB", "ok", f"{rows} tal; {source}")
    return FetchResult(rows, fetched.tables_used, notes + fetched.notes, client.requests_sent)


def import_file(db: Database, actor: str | None, path: Path, display_name: str | None = None) -> int:
    """A saved answer from SSB (JSON-stat2) or a Statistikkbanken CSV export; all or nothing."""
    name = display_name or path.name
    with path.open("rb") as fh:
        start = fh.read(64).lstrip()
    frame = ssb_kostra.read_saved(path) if start.startswith(b"{") else read_export(path, name)
    rows = store.store_figures(db, frame, f"fil {name}")
    audit.record(db, actor, "import", f"KOSTRA {name}", "ok", f"{rows} tal")
    return rows


def read_export(path: Path, name: str) -> pl.DataFrame:
    """A Statistikkbanken CSV or Excel export: region, (funksjon,) statistikkvariabel, år and a value column —
    or one value column per year. The statistikkvariabel is matched on its code or its name in the catalogue."""
    cat = ssb_kostra.catalogue()

    def header(cells: list[str]) -> bool:
        keys = {c.strip().lower() for c in cells}
        return "region" in keys and ("statistikkvariabel" in keys or "contents" in keys)

    raw = read_table(path, header, display_name=name, strict_text=False)
    cols = raw.frame.columns
    low = {c.strip().lower(): c for c in cols}
    region, contents = low["region"], low.get("statistikkvariabel") or low["contents"]
    function, year = low.get("funksjon") or low.get("function"), low.get("år") or low.get("year")
    frame = raw.frame.with_columns(raw.row_numbers.alias("__row"))
    if year is None:
        year_cols = [c for c in cols if c.strip()[-4:].isdigit()]
        frame = frame.unpivot(on=year_cols, index=[c for c in (region, function, contents, "__row") if c],
                              variable_name="__year", value_name="__value")  # fmt: skip
    else:
        value = next(c for c in cols if c not in (region, function, contents, year))
        frame = frame.rename({year: "__year", value: "__value"})
    labels = {f.contents: f.id for f in cat.figures} | {
        lab.lower(): f.id for f in cat.figures for lab in f.labels.values()
    }
    text = pl.col(contents).cast(pl.Utf8).str.strip_chars()
    out = frame.select(
        pl.col(region).cast(pl.Utf8).str.strip_chars().str.extract(r"^(?:K-)?(\d{4}|EKG\d{2}|EAKUO|EAK)\b")
        .alias("region"),
        pl.col(region).cast(pl.Utf8).str.replace(r"^(?:K-)?(\d{4}|EKG\d{2}|EAKUO|EAK)\s*", "").alias("region_name"),
        pl.col("__year").cast(pl.Utf8).str.extract(r"(\d{4})").cast(pl.Int64, strict=False).alias("year"),
        pl.coalesce(text.replace_strict(labels, default=None), text.str.to_lowercase()
                    .replace_strict(labels, default=None)).alias("figure"),
        (pl.col(function).cast(pl.Utf8).str.extract(r"^(\d{3})") if function else pl.lit("")).alias("function"),
        pl.col("__value").cast(pl.Utf8).str.strip_chars().alias("__value"),
        pl.col("__row"),
        text.alias("__contents"),
    )  # fmt: skip
    missing = out["__value"].is_in(["..", ".", ":", "-", ""])
    out = out.with_columns(
        pl.when(missing).then(None).otherwise(
            pl.col("__value").str.replace_all(r"[\s\u00a0]", "").str.replace(",", ".").cast(pl.Float64, strict=False)
        ).alias("value"),
        missing.alias("__missing"),
    )  # fmt: skip
    problems = [
        Problem(name, int(r), contents, "statistikkvariabelen er ikkje i KOSTRA-katalogen",
                "eksporter ein av tala i katalogen (sjå «trappa kostra show --catalogue»)", v)
        for r, v in out.filter(pl.col("figure").is_null()).select("__row", "__contents").head(20).iter_rows()
    ]  # fmt: skip
    problems += [
        Problem(name, int(r), region, "regionen er ikkje ein kommune, ei KOSTRA-gruppe eller landet",
                "bruk eksporten slik han er, med kode først («4631 Alver», «EKG11 …»)", None)
        for (r,) in out.filter(pl.col("region").is_null()).select("__row").head(20).iter_rows()
    ]  # fmt: skip
    problems += [
        Problem(name, int(r), None, "talet kan ikkje lesast", "eksporter tala utan formatering", v)
        for r, v in out.filter(pl.col("value").is_null() & ~pl.col("__missing")).select("__row", "__value")
        .head(20).iter_rows()
    ]  # fmt: skip
    if problems:
        raise InputFileError(name, problems)
    return ssb_kostra.tidy(out.select(list(ssb_kostra.SCHEMA)))


def import_needs(db: Database, actor: str | None, path: Path, display_name: str | None = None) -> int:
    """Expense-need indices of many municipalities from a CSV or Excel file with columns region (kommune), år,
    indeks and kjelde; all or nothing, errors by row and column."""
    name = display_name or path.name

    def header(cells: list[str]) -> bool:
        keys = {c.strip().lower() for c in cells}
        return bool(keys & {"region", "kommune"}) and bool(keys & {"indeks", "index"})

    raw = read_table(path, header, display_name=name, strict_text=False)
    low = {c.strip().lower(): c for c in raw.frame.columns}
    region = low.get("region") or low["kommune"]
    year_col, index_col, source_col = low.get("år") or low.get("year"), low.get("indeks") or low["index"], (
        low.get("kjelde") or low.get("kilde") or low.get("source"))  # fmt: skip
    problems: list[Problem] = []
    rows: list[dict] = []
    for row_number, r in zip(raw.row_numbers.to_list(), raw.frame.iter_rows(named=True), strict=True):
        code = re.match(r"^\s*(?:K-)?(\d{4}|EKG\d{2})\b", str(r[region] or ""))
        year = re.fullmatch(r"\s*(\d{4})\s*", str(r[year_col] or "")) if year_col else None
        text = str(r[index_col] or "").strip().replace(",", ".")
        value = float(text) if re.fullmatch(r"\d+(\.\d+)?", text) else None
        if code is None:
            problems.append(Problem(name, row_number, region, "regionen er ikkje eit kommunenummer eller ei KOSTRA-gruppe",
                                    "skriv fire siffer (4631) eller EKG01 … EKG17", str(r[region])))  # fmt: skip
        if year is None:
            problems.append(Problem(name, row_number, year_col or "år", "året manglar eller kan ikkje lesast",
                                    "skriv året med fire siffer", str(r[year_col]) if year_col else None))  # fmt: skip
        if value is None or not 0.3 <= value <= 3.0:
            problems.append(Problem(name, row_number, index_col, "indeksen er ikkje eit tal rundt 1",
                                    "skriv til dømes 1,06 (landet = 1,00)", str(r[index_col])))  # fmt: skip
        if code and year and value is not None:
            source = str(r[source_col] or "").strip() if source_col else ""
            rows.append({"region": code.group(1), "year": int(year.group(1)), "index": value,
                         "source": source or f"fil {name}"})  # fmt: skip
    if problems:
        raise InputFileError(name, problems)
    if not rows:
        raise InputFileError(
            name, [Problem(name, None, None, "fila har ingen indeksar", "legg til ei rad per kommune og år")]
        )
    store.store_needs(db, rows)
    audit.record(db, actor, "kostra_index", name, "ok", f"{len(rows)} indeksar")
    return len(rows)


def set_need_index(db: Database, actor: str | None, region: str, year: int, index: float, source: str) -> None:
    """The expense-need index for health and care of a region and year, with where it comes from."""
    if not 0.3 <= index <= 3.0:
        raise TrappaError(f"Indeksen {index} er urimeleg: han ligg rundt 1 (landet = 1,00). Skriv til dømes 1,06.")
    if not source.strip():
        raise TrappaError("Skriv kvar indeksen kjem frå, til dømes «Grønt hefte 2024, tabell C».")
    store.set_need(db, region, year, index, source.strip())
    audit.record(db, actor, "kostra_index", f"{region} {year}", "ok", f"{index} ({source.strip()})")


@dataclass(frozen=True)
class Comparison:
    """Everything the comparison page, the CLI and the workbook show for one year."""

    year: int
    own: str
    regions: list[tuple[str, str]]  # code, name, in the order shown
    cost: list[Series]
    adjusted: pl.DataFrame  # region, region_name, function, value, index, adjusted
    quality: list[Series]
    handlingsrom: model.Handlingsrom
    caveats: list[str]
    sources: list[str]
    notes: list[str] = field(default_factory=list)


def series_for(c: Comparison, function: str | None, *, adjusted: bool = False) -> Series | None:
    """Net expenses per inhabitant of one function (254 when none is named), needs-adjusted if asked."""
    cost = [s for s in c.cost if s.figure == "net_per_inhabitant"]
    chosen = next((s for s in cost if s.function == function), None) or next(
        (s for s in cost if s.function == "254"), cost[0] if cost else None
    )
    if chosen is None or not adjusted:
        return chosen
    # needs-adjusted: each value divided by its region's index (the chosen year's index for every year)
    index = {r["region"]: r["index"] for r in c.adjusted.filter(c.adjusted["function"] == chosen.function)
             .iter_rows(named=True)}  # fmt: skip
    rows = [(code, name, [v / index[code] if v is not None and index.get(code) else None for v in values])
            for code, name, values in chosen.rows]  # fmt: skip
    return Series(chosen.figure, chosen.label + ", behovskorrigert", chosen.unit, chosen.kind, chosen.function,
                  chosen.function_name, chosen.years, rows)  # fmt: skip


def years(db: Database) -> list[int]:
    frame = store.load_figures(db)
    return sorted(frame["year"].unique().to_list()) if frame.height else []


def compare(db: Database, year: int | None = None, *, with_: list[str] | None = None, group: str | None = None,
            language: str = "nn") -> Comparison:  # fmt: skip
    figures = store.load_figures(db)
    if figures.is_empty():
        raise TrappaError(
            "Ingen KOSTRA-tal er lagra. Hent dei frå SSB («trappa kostra fetch») eller importer ei fil frå "
            "Statistikkbanken («trappa kostra import FIL»)."
        )
    chosen = regions(db, with_, group)
    available = sorted(figures["year"].unique().to_list())
    year = year or available[-1]
    if year not in available:
        raise TrappaError(f"Ingen KOSTRA-tal for {year}. Lagra år: {', '.join(map(str, available))}.")
    cat = ssb_kostra.catalogue()
    shown = [r for r in chosen.all if figures.filter(pl.col("region") == r).height]
    names = dict(figures.sort("year").select("region", "region_name").unique("region", keep="last").iter_rows())
    series_years = [y for y in available if y <= year][-5:]
    notes = [f"Ingen KOSTRA-tal for {r}." for r in chosen.all if r not in shown]

    def series(kind: str) -> list[Series]:
        out = []
        for f in cat.figures:
            if f.kind != kind:
                continue
            for fn in f.functions or ("",):
                cells = figures.filter((pl.col("figure") == f.id) & (pl.col("function") == fn))
                if cells.is_empty():
                    continue
                lookup = {(r, y): v for r, y, v in cells.select("region", "year", "value").iter_rows()}
                rows = [(r, names.get(r) or r, [lookup.get((r, y)) for y in series_years]) for r in shown]
                out.append(Series(f.id, f.label(language), f.unit, f.kind, fn, cat.functions.get(fn, ""),
                                  series_years, rows))  # fmt: skip
        return out

    needs = store.load_needs(db)
    room = model.handlingsrom(figures, needs, chosen.own, [r for r in chosen.comparators if r in shown], year)
    sources = sorted(set(figures.filter(pl.col("year") == year)["source"].to_list()))
    return Comparison(
        year, chosen.own, [(r, names.get(r) or r) for r in shown],
        series("cost") + series("target"), model.needs_adjusted(figures, needs, year).filter(pl.col("region").is_in(shown)),
        series("coverage") + series("quality"), room, CAVEATS, sources, notes,
    )  # fmt: skip


@dataclass(frozen=True)
class Reconciliation:
    year: int
    own: str
    table: pl.DataFrame  # function, own_all, financing, internal, own_operating, ssb, difference, difference_share
    outside: float
    function_names: dict[str, str]
    notes: list[str]


def reconcile(db: Database, year: int | None = None) -> Reconciliation:
    """The own accounts per function against SSB's net operating expenses for the municipality."""
    figures = store.load_figures(db)
    own = regions(db).own
    mine = figures.filter((pl.col("region") == own) & (pl.col("figure") == model.AMOUNT))
    if mine.is_empty():
        raise TrappaError(f"Ingen KOSTRA-tal for netto driftsutgifter i kommune {own}. Hent eller importer dei først.")
    accounts = load_table(db, "accounts")
    account_years = set(accounts["year"].unique().to_list()) if accounts.height else set()
    common = sorted(account_years & set(mine["year"].unique().to_list()))
    if not common:
        raise TrappaError("Åra med rekneskap og åra med KOSTRA-tal overlappar ikkje.")
    year = year or common[-1]
    if year not in common:
        raise TrappaError(
            f"{year} har ikkje både rekneskap og KOSTRA-tal. Bruk eitt av: {', '.join(map(str, common))}."
        )
    cat = ssb_kostra.catalogue()
    functions = list(cat.functions)
    table = model.reconcile(accounts, figures, own, year, functions)
    notes = [
        "Finansartar (500–599, 900–999) og interne overføringar (690, 790) er ikkje driftsutgifter og er trekte frå.",
        "Det som står att, kan vere kommunale føretak og interkommunalt samarbeid som SSB tek med i konserntala, "
        "årsoppgjersposteringar og periodisering, eller rekneskapslinjer på ein annan funksjon.",
    ]
    return Reconciliation(year, own, table, model.outside(accounts, year, functions), cat.functions, notes)


def demo_figures(db: Database, actor: str | None, folder: Path, own_name: str,
                 inhabitants: dict[int, float], years_: list[int],
                 on_file: Callable[[str], None] | None = None) -> list[Path]:  # fmt: skip
    """Demo kommune's synthetic KOSTRA answers written to ``folder`` and imported like saved answers."""
    from trappa.demo import kostra as demo

    settings = municipality.load(db)
    assert settings.code
    paths = demo.write(demo.build(settings.code, own_name, load_table(db, "accounts"), inhabitants, years_), folder)
    for path in paths:
        if on_file:
            on_file(path.name)
        import_file(db, actor, path)
    for region, index in demo.NEED_INDEX.items():
        for y in years_:
            store.set_need(db, region, y, index, "Syntetisk døme (som grønt hefte)")
    municipality.write(db, comparison_municipalities=list(demo.NEIGHBOURS), kostra_group=demo.GROUP)
    return paths
