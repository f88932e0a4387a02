"""The mapping overview as Excel: every cost centre, its amount and its key in words."""

from __future__ import annotations

from typing import Any, Protocol

import polars as pl

from trappa.report.tables_xlsx import frame_workbook


class MappingOverviewLike(Protocol):
    @property
    def year(self) -> int | None: ...
    @property
    def centres(self) -> list[dict[str, Any]]: ...

    def key_text(self, centre: dict[str, Any]) -> str: ...


def xlsx_bytes(overview: MappingOverviewLike) -> bytes:
    rows = [
        {
            "Ansvar": r["cost_centre"],
            "Namn": r["cost_centre_name"],
            "Beløp (kr)": r["amount"],
            "Fordeling": overview.key_text(r),
        }
        for r in overview.centres
    ]
    return frame_workbook({f"Fordeling {overview.year}": pl.DataFrame(rows)}, title=f"Fordelingsnøkkel {overview.year}")
