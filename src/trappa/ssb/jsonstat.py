"""JSON-stat 2.0, as PxWebApi v2 answers: parsed to a long Polars table, or refused with a clear error."""

from __future__ import annotations

import math
from itertools import product
from typing import Any

import polars as pl

from trappa.errors import TrappaError


class MalformedResponse(TrappaError):
    """SSB answered something that is not the JSON-stat 2.0 dataset we asked for."""


def _fail(source: str, why: str) -> MalformedResponse:
    return MalformedResponse(
        f"Svaret frå SSB ({source}) kan ikkje lesast: {why}. Prøv igjen seinare, eller meld feilen."
    )


def categories(dataset: dict[str, Any], dim: str, source: str = "SSB") -> list[tuple[str, str]]:
    """(code, label) of one dimension, in index order."""
    try:
        cat = dataset["dimension"][dim]["category"]
        index = cat.get("index")
        labels = cat.get("label", {})
        if isinstance(index, list):
            codes = list(index)
        elif isinstance(index, dict):
            codes = [c for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
        else:
            codes = list(labels)
        return [(str(c), str(labels.get(c, c))) for c in codes]
    except (KeyError, TypeError, AttributeError) as exc:
        raise _fail(source, f"dimensjonen {dim} manglar eller er feil ({type(exc).__name__})") from None


def to_frame(dataset: Any, source: str = "SSB") -> pl.DataFrame:
    """One row per cell: a code and a label column per dimension, and ``value`` (null where SSB has none)."""
    if not isinstance(dataset, dict):
        raise _fail(source, "svaret er ikkje eit JSON-objekt")
    if dataset.get("version") != "2.0" or dataset.get("class") != "dataset":
        raise _fail(source, "venta JSON-stat versjon 2.0 med class «dataset»")
    ids, size = dataset.get("id"), dataset.get("size")
    if not isinstance(ids, list) or not isinstance(size, list) or len(ids) != len(size) or not ids:
        raise _fail(source, "«id» og «size» manglar eller passar ikkje saman")
    cats = [categories(dataset, d, source) for d in ids]
    if [len(c) for c in cats] != size:
        raise _fail(source, "talet på kategoriar passar ikkje med «size»")
    total = math.prod(size)
    raw = dataset.get("value")
    if isinstance(raw, list):
        if len(raw) != total:
            raise _fail(source, f"venta {total} verdiar, fekk {len(raw)}")
        values = raw
    elif isinstance(raw, dict):
        values = [None] * total
        for k, v in raw.items():
            if not str(k).isdigit() or int(k) >= total:
                raise _fail(source, "verdiindeksen er utanfor tabellen")
            values[int(k)] = v
    else:
        raise _fail(source, "«value» manglar")
    if any(v is not None and not isinstance(v, (int, float)) for v in values):
        raise _fail(source, "verdiane er ikkje tal")
    # Row-major order: the last dimension varies fastest, as itertools.product does.
    rows = list(product(*cats))
    data: dict[str, list[Any]] = {}
    for i, dim in enumerate(ids):
        data[dim] = [r[i][0] for r in rows]
        data[f"{dim}_label"] = [r[i][1] for r in rows]
    data["value"] = [float(v) if v is not None else None for v in values]
    return pl.DataFrame(data, schema={**{k: pl.Utf8 for k in data if k != "value"}, "value": pl.Float64})
