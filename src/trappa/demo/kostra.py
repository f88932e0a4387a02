"""KOSTRA figures for Demo kommune, a KOSTRA group, the country and five neighbours: synthetic, in the exact
JSON-stat2 shape SSB's PxWebApi v2 answers for tables 12362, 12209 and 12293, so the demo imports them
through the same reader as a saved answer from SSB.

Every region name says «syntetisk». Demo kommune's own net operating expenses are its accounts per
function, with a difference on function 254 (as if a municipal enterprise in the group were counted by
SSB and not in the accounts), so the reconciliation has something to explain.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from trappa.model.accounts import kostra_art
from trappa.ssb.kostra import Catalogue, catalogue

GROUP = "EKG11"
NEIGHBOURS = {"4630": "Osterøy", "4632": "Austrheim", "4633": "Fedje", "4634": "Masfjorden", "4628": "Vaksdal"}
# Expense-need index for health and care (typed in, as from «grønt hefte»; synthetic).
NEED_INDEX = {"4631": 1.06, "4630": 1.09, "4632": 1.12, "4633": 1.31, "4634": 1.22, "4628": 1.15}
FUNCTION_NAMES = {
    "234": "Aktiviserings- og servicetenester overfor eldre og personar med funksjonsnedsetjing",
    "241": "Diagnose, behandling, rehabilitering",
    "253": "Helse- og omsorgstenester i institusjon",
    "254": "Helse- og omsorgstenester til heimebuande",
    "256": "Akutthjelp helse- og omsorgstenester",
    "261": "Institusjonslokale",
}
ENTERPRISE_SHARE_254 = 0.035  # SSB's group accounts: 3,5 % more on 254 than the municipality's own
TABLE_LABELS = {
    "12362": "12362: Utgifter til tjenesteområdene, kommunekonsern, etter region, funksjon, art, statistikkvariabel og år",
    "12209": "12209: Pleie og omsorg - dekningsgrader og årsverk (K), etter region, statistikkvariabel og år",
    "12293": "12293: Omsorgstjenester - nøkkeltall (K), etter region, statistikkvariabel og år",
}


def dimension(label: str, codes: list[tuple[str, str]], *, eliminable: bool = False,
              unit: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    dim: dict[str, Any] = {
        "label": label,
        "category": {"index": {c: i for i, (c, _) in enumerate(codes)}, "label": dict(codes)},
        "extension": {"elimination": eliminable},
    }
    if unit:
        dim["category"]["unit"] = unit
    return dim


def dataset(table_id: str, dims: dict[str, dict[str, Any]], value: Callable[[dict[str, str]], float | None],
            *, updated: str = "2024-06-17T06:00:00Z") -> dict[str, Any]:  # fmt: skip
    """A JSON-stat2 dataset as PxWebApi v2 answers: row-major values, nulls with status «..» (missing) or
    «:» (suppressed)."""
    ids = list(dims)
    codes = [list(d["category"]["index"]) for d in dims.values()]
    values: list[float | None] = []
    status: dict[str, str] = {}
    total = math.prod(len(c) for c in codes)
    for flat in range(total):
        rest, cell = flat, {}
        for dim, options in zip(reversed(ids), reversed(codes), strict=True):
            cell[dim] = options[rest % len(options)]
            rest //= len(options)
        v = value(cell)
        values.append(v)
        if v is None:
            status[str(flat)] = ":"
    body: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": TABLE_LABELS.get(table_id, table_id),
        "source": "Statistisk sentralbyrå",
        "updated": updated,
        "role": {"time": ["Tid"], "metric": ["ContentsCode"], "geo": ["KOKkommuneregion0000"]},
        "id": ids,
        "size": [len(c) for c in codes],
        "dimension": dims,
        "value": values,
    }
    if status:
        body["status"] = status
    return body


def metadata(data: dict[str, Any]) -> dict[str, Any]:
    """The metadata answer of a table: its dimensions without values (what trappa reads before a fetch)."""
    return {k: v for k, v in data.items() if k not in ("value", "status")} | {"value": [], "size": data["size"]}


def regions(own: str, own_name: str) -> list[tuple[str, str]]:
    return [(own, f"{own_name} (syntetisk)"), *((c, f"{n} (syntetisk)") for c, n in NEIGHBOURS.items()),
            (GROUP, "KOSTRA-gruppe 11 (syntetisk)"), ("EAK", "Landet (syntetisk)"),
            ("EAKUO", "Landet utanom Oslo (syntetisk)")]  # fmt: skip


def own_net(accounts: pl.DataFrame) -> dict[tuple[int, str], float]:
    """Demo kommune's operating net per year and function, kroner (financing and internal transfers left out)."""
    art = kostra_art(pl.col("art").cast(pl.Utf8)).cast(pl.Int32, strict=False)
    kept = accounts.filter(~(((art >= 500) & (art < 600)) | (art >= 900) | art.is_in([690, 790])))
    sums = kept.group_by("year", pl.col("function").cast(pl.Utf8).str.slice(0, 3)).agg(pl.col("amount_ore").sum())
    return {(int(y), f): a / 100 for y, f, a in sums.iter_rows()}


def build(
    own: str, own_name: str, accounts: pl.DataFrame, inhabitants: dict[int, float], years: list[int], seed: int = 11
) -> dict[str, dict[str, Any]]:
    """The three tables' data answers, keyed by table id."""
    cat: Catalogue = catalogue()
    rng = np.random.default_rng(seed)
    places = regions(own, own_name)
    net = own_net(accounts)
    functions = list(FUNCTION_NAMES)
    # each comparator's level against Demo kommune, per function; a little drift per year
    level = {code: rng.uniform(0.8, 1.25, len(functions)) for code, _ in places if code != own}
    drift = {y: 1 + 0.03 * (y - years[-1]) for y in years}
    people = {code: rng.uniform(2_000, 30_000) for code, _ in places if code not in (own, "EAK", "EAKUO", GROUP)}
    people |= {GROUP: 1_200_000.0, "EAK": 5_500_000.0, "EAKUO": 4_800_000.0}
    last_own = {f: net.get((years[-1], f)) for f in functions}
    base_pc = {f: (v / inhabitants[years[-1]] if v else 1500.0) for f, v in last_own.items()}

    def per_inhabitant(region: str, year: int, function: str) -> float | None:
        if region == own:
            amount = net.get((year, function))
            if amount is None:
                return None
            if function == "254":
                amount *= 1 + ENTERPRISE_SHARE_254
            return round(amount / inhabitants[year])
        i = functions.index(function)
        return round(base_pc[function] * level[region][i] * drift[year])

    def expenses(cell: dict[str, str]) -> float | None:
        region, function, year = cell["KOKkommuneregion0000"], cell["KOKfunksjon0000"], int(cell["Tid"])
        if region == own and year not in inhabitants:
            return None
        pc = per_inhabitant(region, year, function)
        if pc is None:
            return None
        if cell["ContentsCode"] == "KOSbelopinnbygge0000":
            return float(pc)
        population = inhabitants[year] if region == own else people[region]
        if region == own:
            amount = net.get((year, function))
            if amount is None:
                return None
            return float(round(amount * (1 + (ENTERPRISE_SHARE_254 if function == "254" else 0)) / 1000))
        return float(round(pc * population / 1000))

    year_codes = [(str(y), str(y)) for y in years]
    cost = dataset("12362", {
        "KOKkommuneregion0000": dimension("region", places),
        "KOKfunksjon0000": dimension("funksjon", [(f, f"{f} {FUNCTION_NAMES[f]}") for f in functions]),
        "KOKart0000": dimension("art", [("AGD2", "Netto driftsutgifter")]),
        "ContentsCode": dimension("statistikkvariabel", [
            ("KOSbelopinnbygge0000", "Kroner per innbygger"), ("KOSbelop0000", "Beløp (1000 kr)")]),
        "Tid": dimension("år", year_codes),
    }, expenses)  # fmt: skip

    base = {
        "home_services_80": 27.0, "institution_80": 11.5, "housing_24h_80": 6.0, "ftes_per_user": 0.42,
        "long_term_80": 8.9, "doctor_hours": 0.62, "physio_hours": 0.41, "dental_check": 71.0, "single_rooms": 96.0,
        "health_education": 76.0, "occupancy": 97.0, "home_users_0_66": 14.0, "home_hours_0_66": 9.5,
        "places_80": 18.0, "net_per_80": 310_000.0, "net_per_67": 120_000.0,
    }  # fmt: skip
    spread = {code: rng.uniform(0.85, 1.15, len(base)) for code, _ in places}
    names = list(base)

    def key_figure(table: str) -> Callable[[dict[str, str]], float | None]:
        by_contents = {code(f): f for f in cat.figures if f.table == table}

        def value(cell: dict[str, str]) -> float | None:
            figure = by_contents[cell["ContentsCode"]]
            region, year = cell["KOKkommuneregion0000"], int(cell["Tid"])
            # Fedje is small: its nursing-home figures rest on fewer than 5 residents and are suppressed
            if region == "4633" and figure.id in ("doctor_hours", "physio_hours", "dental_check"):
                return None
            v = base[figure.id] * spread[region][names.index(figure.id)] * (1 - 0.01 * (years[-1] - year))
            if figure.unit == "%":
                v = min(v, 100.0)
            return round(v, 2 if figure.unit in ("timar", "årsverk") else (0 if figure.unit == "kr" else 1))

        return value

    out = {"12362": cost}
    for table_key, table_id in (("care", "12209"), ("quality", "12293")):
        figures = [f for f in cat.figures if f.table == table_key]
        out[table_id] = dataset(table_id, {
            "KOKkommuneregion0000": dimension("region", places),
            "ContentsCode": dimension("statistikkvariabel", [(code(f), f.label("nb")) for f in figures]),
            "Tid": dimension("år", year_codes),
        }, key_figure(table_key))  # fmt: skip
    return out


def code(figure: Any) -> str:
    """The figure's contents code; a made-up one where the catalogue finds the figure by its label."""
    return figure.contents or f"KOS{figure.id.replace('_', '')}0000"


def write(answers: dict[str, dict[str, Any]], folder: Path) -> list[Path]:
    """One file per table, as a saved answer: kostra_<table>.json."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for table_id, body in answers.items():
        path = folder / f"kostra_{table_id}.json"
        path.write_text(json.dumps(body, ensure_ascii=False, sort_keys=False), "utf-8")
        paths.append(path)
    return paths
