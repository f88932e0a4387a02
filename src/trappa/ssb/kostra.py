"""KOSTRA key figures from SSB: the catalogue of tables and codes, fetched through PxWebApi v2 or read
from a saved answer.

Every figure comes out in one long shape: region, region_name, year, figure, function, value.
``region`` is a municipality number (four digits), a KOSTRA group (``EKG01`` … ``EKG17``) or the
country (``EAK``, ``EAKUO`` without Oslo). ``value`` is null where SSB has no number: a cell that is
suppressed (health and care figures under 5 users) or missing is never read as zero. Group and
country values are SSB's own weighted figures, taken as they are.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from trappa.errors import TrappaError
from trappa.ssb.client import SsbClient, SsbTableGone
from trappa.ssb.jsonstat import MalformedResponse, categories, to_frame
from trappa.ssb.municipalities import changes_frame

CATALOGUE_PATH = Path(__file__).with_name("kostra_catalogue.toml")
SCHEMA: dict[str, Any] = {
    "region": pl.Utf8,
    "region_name": pl.Utf8,
    "year": pl.Int64,
    "figure": pl.Utf8,
    "function": pl.Utf8,
    "value": pl.Float64,
}
GROUP = re.compile(r"^EKG\d{2}$")
COUNTRY = ("EAK", "EAKUO")


@dataclass(frozen=True)
class TableSpec:
    key: str
    ids: tuple[str, ...]
    title: str
    region: str
    function: str | None
    fixed: dict[str, str]


@dataclass(frozen=True)
class Figure:
    id: str
    table: str
    contents: str
    functions: tuple[str, ...]
    kind: str  # cost, coverage or quality
    unit: str
    checked: bool
    labels: dict[str, str]
    match: str = ""  # a pattern for SSB's label of the figure, where its code is not known (or has changed)

    def label(self, language: str = "nn") -> str:
        return self.labels.get(language) or self.labels["nn"]

    def matches(self, ssb_label: str) -> bool:
        return bool(self.match) and re.search(self.match, ssb_label, re.IGNORECASE) is not None


@dataclass(frozen=True)
class Catalogue:
    tables: dict[str, TableSpec]
    functions: dict[str, str]
    figures: tuple[Figure, ...]

    def figure(self, figure_id: str) -> Figure:
        for f in self.figures:
            if f.id == figure_id:
                return f
        raise TrappaError(f"KOSTRA-katalogen har ikkje talet «{figure_id}».")

    def by_contents(self) -> dict[str, Figure]:
        return {f.contents: f for f in self.figures if f.contents}


def resolve_codes(figures: list[Figure], contents: list[tuple[str, str]], where: str,
                  notes: list[str]) -> dict[str, Figure]:  # fmt: skip
    """SSB's contents code of each figure in a table: the catalogue's code where the table has it, else the one
    whose label matches the figure's pattern (named in a note, so the catalogue can be updated); a figure with
    neither is named and left out."""
    known = dict(contents)
    found: dict[str, Figure] = {}
    for f in figures:
        if f.contents and f.contents in known:
            found[f.contents] = f
            continue
        matched = [code for code, label in contents if f.matches(label) and code not in found]
        if matched:
            found[matched[0]] = f
            notes.append(f"{where}: fann «{f.label()}» under koden {matched[0]} («{known[matched[0]]}»).")
        elif f.contents:
            notes.append(f"{where} har ikkje lenger koden {f.contents} ({f.label()}); talet er utelate.")
        else:
            notes.append(f"{where} har ikkje noko tal som liknar «{f.label()}»; talet er utelate.")
    return found


@cache
def catalogue(path: Path = CATALOGUE_PATH) -> Catalogue:
    """The catalogue file (one place for table ids and codes; see its comments)."""
    raw = tomllib.loads(path.read_text("utf-8"))
    tables = {
        key: TableSpec(key, tuple(t["ids"]), t["title"], t["region"], t.get("function"), dict(t.get("fixed", {})))
        for key, t in raw["tables"].items()
    }
    figures = tuple(
        Figure(f["id"], f["table"], f["contents"], tuple(f.get("functions", [])), f["kind"], f["unit"],
               bool(f.get("checked", False)), {k: f[k] for k in ("nn", "nb", "en") if k in f}, f.get("match", ""))
        for f in raw["figures"]
    )  # fmt: skip
    unknown = [f.id for f in figures if f.table not in tables]
    if unknown:
        raise TrappaError(f"KOSTRA-katalogen: tala {', '.join(unknown)} viser til ein tabell som ikkje er lista.")
    return Catalogue(tables, dict(raw.get("functions", {})), figures)


def region_kind(code: str) -> str:
    """municipality, group or country."""
    if GROUP.match(code):
        return "group"
    if code in COUNTRY:
        return "country"
    return "municipality"


@dataclass
class Fetched:
    """The figures, which table id each catalogue table was read from, and what could not be had."""

    frame: pl.DataFrame
    tables_used: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def renumbered(code: str) -> list[tuple[str, int]]:
    """(old code, last year it was used) for a municipality that only changed its number.

    A merger or a split is left out: a figure per inhabitant of the old municipalities cannot be
    added up to the new one, so those years stay missing and the note says why.
    """
    changes = changes_frame()
    out: list[tuple[str, int]] = []
    current = code
    while True:
        preds = changes.filter(pl.col("new") == current)
        if preds.height != 1 or preds["share"][0] != 1.0:
            break
        old, year = preds["old"][0], int(preds["from_year"][0])
        # the old code must have become only this one (not split between several)
        if changes.filter(pl.col("old") == old).height != 1:
            break
        out.append((old, year - 1))
        current = old
    return out


def merged_before(code: str) -> int | None:
    """The first year of a municipality that was made from several (or from a split), if it was."""
    changes = changes_frame()
    preds = changes.filter(pl.col("new") == code)
    if preds.height > 1 or (preds.height == 1 and preds["share"][0] != 1.0):
        return int(preds["from_year"].min())  # type: ignore[arg-type]
    return None


def _code_of(code: str) -> str:
    """A region code as trappa keeps it: four digits for a municipality (``K-4631`` → ``4631``)."""
    m = re.fullmatch(r"(?:K-)?(\d{4})", code.strip())
    return m.group(1) if m else code.strip()


def _resolve(client: SsbClient, spec: TableSpec, notes: list[str]) -> tuple[str, dict[str, Any]] | None:
    """The first id of the table SSB answers for, with its metadata; None (and a note) when none does."""
    for i, table_id in enumerate(spec.ids):
        try:
            meta = client.metadata(table_id)
        except SsbTableGone:
            continue
        if i > 0:
            notes.append(f"Tabell {', '.join(spec.ids[:i])} finst ikkje lenger hos SSB; brukte {table_id} i staden.")
        return table_id, meta
    notes.append(
        f"Tabell {' / '.join(spec.ids)} ({spec.title}) finst ikkje hos SSB. Finn den nye tabellen i Statistikkbanken "
        f"og set nummeret først i «ids» i KOSTRA-katalogen (trappa/ssb/kostra_catalogue.toml)."
    )
    return None


def fetch(
    client: SsbClient,
    regions: list[str],
    years: list[int],
    *,
    cat: Catalogue | None = None,
    refresh: bool = False,
) -> Fetched:
    """The catalogue's figures for ``regions`` and ``years``, one request per table (split by the client)."""
    cat = cat or catalogue()
    result = Fetched(pl.DataFrame(schema=SCHEMA))
    frames = []
    for key, spec in cat.tables.items():
        figures = [f for f in cat.figures if f.table == key]
        if not figures:
            continue
        resolved = _resolve(client, spec, result.notes)
        if resolved is None:
            continue
        table_id, meta = resolved
        result.tables_used[key] = table_id
        frame = _fetch_table(client, table_id, meta, spec, figures, regions, years, result.notes, refresh)
        if frame is not None:
            frames.append(frame)
    if frames:
        result.frame = tidy(pl.concat(frames))
    return result


def _fetch_table(
    client: SsbClient,
    table_id: str,
    meta: dict[str, Any],
    spec: TableSpec,
    figures: list[Figure],
    regions: list[str],
    years: list[int],
    notes: list[str],
    refresh: bool,
) -> pl.DataFrame | None:
    ids = list(meta["id"])
    contents_var = next((d for d in ids if d.lower() == "contentscode"), None)
    time_var = next((d for d in ids if d.lower() == "tid"), None)
    if spec.region not in ids or contents_var is None or time_var is None:
        raise MalformedResponse(
            f"Tabell {table_id} har ikkje variablane trappa ventar ({spec.region}, ContentsCode, Tid); "
            f"han har {', '.join(ids)}. Sjekk KOSTRA-katalogen."
        )
    codes = resolve_codes(figures, categories(meta, contents_var), f"Tabell {table_id}", notes)
    wanted = list(codes.values())
    if not wanted:
        return None
    # Regions: the wanted ones, and the old numbers of a municipality that only changed number.
    available = {_code_of(c): c for c, _ in categories(meta, spec.region)}
    old_codes: dict[str, tuple[str, int]] = {}
    for region in regions:
        for old, until in renumbered(region):
            old_codes[old] = (region, until)
    region_codes = [available[r] for r in [*regions, *old_codes] if r in available]
    missing = [r for r in regions if r not in available]
    if missing:
        notes.append(f"Tabell {table_id} har ikkje regionane {', '.join(missing)}.")
    if not region_codes:
        return None
    year_codes = [c for c, _ in categories(meta, time_var) if c.isdigit() and int(c) in set(years)]
    if not year_codes:
        notes.append(f"Tabell {table_id} har ingen av åra {years[0]}–{years[-1]}.")
        return None
    selection: dict[str, list[str]] = {
        spec.region: region_codes,
        contents_var: list(codes),
        time_var: year_codes,
    }
    if spec.function:
        if spec.function not in ids:
            raise MalformedResponse(f"Tabell {table_id} har ikkje variabelen {spec.function}. Sjekk KOSTRA-katalogen.")
        known = {c for c, _ in categories(meta, spec.function)}
        functions = sorted({fn for f in wanted for fn in f.functions})
        gone = [fn for fn in functions if fn not in known]
        if gone:
            notes.append(f"Tabell {table_id} har ikkje funksjon {', '.join(gone)}.")
        selection[spec.function] = [fn for fn in functions if fn in known]
    for variable, code in spec.fixed.items():
        if variable not in ids or code not in {c for c, _ in categories(meta, variable)}:
            raise MalformedResponse(
                f"Tabell {table_id} har ikkje {variable} = {code}, som katalogen seier må veljast. Sjekk katalogen."
            )
        selection[variable] = [code]
    unselected = [d for d in ids if d not in selection and not _eliminable(meta, d)]
    if unselected:
        raise MalformedResponse(
            f"Tabell {table_id} krev at {', '.join(unselected)} vert vald. Legg han til under «fixed» i katalogen."
        )
    frame = client.data(table_id, selection, refresh=refresh)
    for variable, asked in selection.items():  # only what was asked for, whatever the answer holds
        frame = frame.filter(pl.col(variable).is_in(asked))
    return _long(frame, spec, contents_var, time_var, codes, old_codes)


def _eliminable(meta: dict[str, Any], variable: str) -> bool:
    extension = meta["dimension"][variable].get("extension") or {}
    return bool(extension.get("elimination"))


def _long(
    frame: pl.DataFrame,
    spec: TableSpec,
    contents_var: str,
    time_var: str,
    by_contents: dict[str, Figure],
    old_codes: dict[str, tuple[str, int]],
) -> pl.DataFrame:
    region = frame[spec.region].map_elements(_code_of, return_dtype=pl.Utf8)
    out = frame.select(
        region.alias("region"),
        pl.col(f"{spec.region}_label").str.replace(r"^(?:K-)?\d{4}\s*", "").alias("region_name"),
        pl.col(time_var).cast(pl.Int64).alias("year"),
        pl.col(contents_var).replace_strict({c: f.id for c, f in by_contents.items()}).alias("figure"),
        (pl.col(spec.function) if spec.function else pl.lit("")).alias("function"),
        pl.col("value"),
    )
    # An old number counts for the new one up to the year it was last used.
    for old, (new, until) in old_codes.items():
        out = out.filter(
            ~((pl.col("region") == old) & (pl.col("year") > until)),
            ~((pl.col("region") == new) & (pl.col("year") <= until)),  # the new number was not yet in use
        ).with_columns(pl.when(pl.col("region") == old).then(pl.lit(new)).otherwise(pl.col("region")).alias("region"))
    return out


def tidy(frame: pl.DataFrame) -> pl.DataFrame:
    """The long shape, sorted, one row per region, year, figure and function (the newest name kept)."""
    names = (
        frame.sort("year")
        .group_by("region", maintain_order=True)
        .agg(pl.col("region_name").drop_nulls().last().alias("__name"))
    )
    out = (
        frame.cast(SCHEMA)  # type: ignore[arg-type]
        .join(names, on="region", how="left")
        .with_columns(pl.col("__name").fill_null(pl.col("region_name")).alias("region_name"))
        .drop("__name")
        .unique(["region", "year", "figure", "function"], keep="last", maintain_order=True)
    )
    return out.select(list(SCHEMA)).sort("region", "figure", "function", "year")


def read_saved(path: Path, cat: Catalogue | None = None) -> pl.DataFrame:
    """A saved PxWebApi v2 answer (JSON-stat2) of one of the catalogue's tables, in the long shape."""
    cat = cat or catalogue()
    try:
        dataset = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TrappaError(f"{path.name}: fila kan ikkje lesast som JSON ({type(exc).__name__}).") from None
    frame = to_frame(dataset, path.name)
    ids = dataset["id"]
    spec = next((s for s in cat.tables.values() if s.region in ids), None)
    contents_var = next((d for d in ids if d.lower() == "contentscode"), None)
    time_var = next((d for d in ids if d.lower() == "tid"), None)
    if spec is None or contents_var is None or time_var is None:
        raise TrappaError(f"{path.name}: er ikkje ein KOSTRA-tabell (fann ikkje region, ContentsCode og Tid).")
    in_file = categories(dataset, contents_var, path.name)
    by_contents = resolve_codes(list(cat.figures), in_file, path.name, [])
    unknown = sorted({c for c, _ in in_file} - set(by_contents))
    frame = frame.filter(pl.col(contents_var).is_in(list(by_contents)))
    for variable, code in spec.fixed.items():  # net operating expenses only, where the answer has more arts
        if variable in ids:
            frame = frame.filter(pl.col(variable) == code)
    if frame.is_empty():
        raise TrappaError(f"{path.name}: ingen av statistikkvariablane ({', '.join(unknown)}) er i KOSTRA-katalogen.")
    spec_with_function = spec if (spec.function and spec.function in ids) else TableSpec(
        spec.key, spec.ids, spec.title, spec.region, None, spec.fixed)  # fmt: skip
    return tidy(_long(frame, spec_with_function, contents_var, time_var, by_contents, {}))
