"""The staircase projected by its flows (flytmodell): scenarios stated as changed flows between steps.

From a year's flows (trappa.model.flows) each step's persons at the end of a year go on the next year
as they did: the share of those on step s that went to step t (or left the staircase) is the chance
of that move. Entries from outside grow as the demand for the step does in the rate projection
(demography), so that with unchanged flows the two projections tell the same story; a flow scenario
changes chosen moves («10 % fewer move from 6 to 12 each year»), and those who no longer move stay.

    persons(t, y + 1) = Σ_s persons(s, y) × share(s → t) + entries(t) × growth(t, y + 1)
"""

from __future__ import annotations

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from trappa.model.flows import OUTSIDE


class FlowChange(BaseModel):
    """A change of one flow, phased in linearly from ``from_year`` to ``to_year``."""

    model_config = ConfigDict(extra="forbid")
    from_step: int = Field(ge=1)
    to_step: int = Field(ge=0, description="0 = leaving the staircase")
    change_percent: float = Field(ge=-100, le=500)
    from_year: int = Field(ge=1990, le=2100)
    to_year: int = Field(ge=1990, le=2100)

    def weight(self, year: int) -> float:
        span = self.to_year - self.from_year + 1
        return min(1.0, max(0.0, (year - self.from_year + 1) / span))


def shares(flow: pl.DataFrame) -> dict[int, dict[int, float]]:
    """from step → {to step (0 = out): share of the step's persons at the start who went there}."""
    out: dict[int, dict[int, float]] = {}
    for r in flow.filter(pl.col("from_step") != OUTSIDE).iter_rows(named=True):
        out.setdefault(r["from_step"], {})[r["to_step"]] = float(r["persons"])
    for step, row in out.items():
        total = sum(row.values())
        out[step] = {t: n / total for t, n in row.items()}
    return out


def changed(base: dict[int, dict[int, float]], changes: list[FlowChange], year: int) -> dict[int, dict[int, float]]:
    """The shares of ``year`` with the changes phased in; what a change takes from a move stays on the step."""
    out = {s: dict(row) for s, row in base.items()}
    for c in changes:
        row = out.get(c.from_step)
        if row is None or c.to_step not in row:
            continue
        before = row[c.to_step]
        after = min(1.0, max(0.0, before * (1 + c.change_percent / 100 * c.weight(year))))
        stay = row.get(c.from_step, 0.0) + (before - after)
        if stay < 0:  # more leave than there are: take it from staying, never below nothing
            after, stay = before + row.get(c.from_step, 0.0), 0.0
        row[c.to_step], row[c.from_step] = after, stay
    return out


def project_flows(
    flow: pl.DataFrame,
    stock: dict[int, float],
    growth: dict[tuple[int, int], float],
    base_year: int,
    to_year: int,
    changes: list[FlowChange] | None = None,
) -> pl.DataFrame:
    """year, step, persons: the stock at the end of each year from ``base_year`` (observed) to ``to_year``.

    ``flow`` is the base year's flows, ``stock`` the persons per step at the end of the base year,
    ``growth`` (step, year) → the demand of the step that year against the base year (1 = as today).
    """
    base = shares(flow)
    entries = {r["to_step"]: float(r["persons"])
               for r in flow.filter((pl.col("from_step") == OUTSIDE) & (pl.col("to_step") != OUTSIDE))
               .iter_rows(named=True)}  # fmt: skip
    steps = sorted({*stock, *entries, *(t for row in base.values() for t in row if t != OUTSIDE)})
    rows = [(base_year, s, float(stock.get(s, 0.0))) for s in steps]
    current = {s: float(stock.get(s, 0.0)) for s in steps}
    for year in range(base_year + 1, to_year + 1):
        chances = changed(base, changes or [], year)
        nxt = {s: entries.get(s, 0.0) * growth.get((s, year), 1.0) for s in steps}
        for s, persons in current.items():
            row = chances.get(s, {s: 1.0})  # a step no one left or joined last year: everyone stays
            for t, share in row.items():
                if t != OUTSIDE:
                    nxt[t] = nxt.get(t, 0.0) + persons * share
        current = nxt
        rows += [(year, s, current.get(s, 0.0)) for s in steps]
    return pl.DataFrame(rows, schema={"year": pl.Int64, "step": pl.Int64, "persons": pl.Float64}, orient="row")
