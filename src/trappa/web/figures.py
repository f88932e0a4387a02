"""What the public pages may show: aggregates per step, with counts of 1–5 persons suppressed."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from trappa.model.suppression import suppress


@dataclass(frozen=True)
class PublicFigures:
    """Persons and net cost per step of one year, safe to publish."""

    year: int
    rows: list[dict]
    total_net_cost: float

    def for_step(self, step: int) -> dict | None:
        return next((r for r in self.rows if r["step"] == step), None)


def public_figures(profile_table: pl.DataFrame, year: int) -> PublicFigures:
    """Only aggregates leave: persons per step (suppressed), net cost per step, cost per person where safe.

    Complementary suppression runs over all steps together, so a hidden count cannot be worked out
    by adding up the others and comparing with any published total. Per-person cost is left out
    where the person count is hidden (it would reveal it).
    """
    frame = profile_table.select("step", "step_name", "category", "persons", "net_cost", "cost_per_person")
    safe, _hidden_totals = suppress(frame, "persons", [[]])
    safe = safe.with_columns(
        pl.when(pl.col("persons_suppressed")).then(None).otherwise(pl.col("cost_per_person")).alias("cost_per_person")
    )
    # A person can be on several steps, so no total of persons is published at all.
    return PublicFigures(year=year, rows=safe.to_dicts(), total_net_cost=float(safe["net_cost"].sum()))
