"""docs/kpis.md from the KPI catalogue, so the documentation cannot drift from the code.

.venv/bin/python -m trappa.report.kpi_docs > docs/kpis.md
"""

from __future__ import annotations

from trappa.model.kpi import HOURS_PER_GROSS_FTE, HOURS_PER_NET_FTE, PART_NAMES, WAGE_ARTS
from trappa.model.kpi_catalogue import KPIS

DIRECTIONS = {"up": "høgare er betre", "down": "lågare er betre", "neutral": "ingen retning"}


def markdown() -> str:
    lines = [
        "# Nøkkeltal (KPI catalogue)",
        "",
        "Made from `src/trappa/model/kpi_catalogue.py` by `python -m trappa.report.kpi_docs > docs/kpis.md`;",
        "a test fails when this file and the code disagree. The chain is computed by `trappa.model.kpi.chain`.",
        "",
        f"Hours per gross FTE: {HOURS_PER_GROSS_FTE:g} (35,5 × 52); per net FTE: {HOURS_PER_NET_FTE:g}",
        "(both are municipality settings). Wage cost is split by account type (KOSTRA art, first three digits):",
        "",
        "| art | part |",
        "|---|---|",
        *(f"| {art} | {part} |" for art, part in WAGE_ARTS.items()),
        "",
        "Pension and employer's tax (`social`) are spread over the other parts in proportion to them.",
        "A municipality changes the map for its own chart of accounts: `trappa municipality set --wage-art",
        '"10150=faste tillegg"` (repeat for more; `--kostra-wage-arts` goes back to the default) or on the',
        "settings page. A longer art (`10150`) wins over its three digits; three digits change a KOSTRA art;",
        "«ikkje løn» takes an art out of wage cost. Fixed allowances (`allowances`) are part of fixed pay",
        "unless an art is mapped to them. The parts, as the settings page names them:",
        "",
        "| part | name |",
        "|---|---|",
        *(f"| {code} | {name} |" for code, name in PART_NAMES.items()),
        "",
        "Staircase figures (trappetal) are the sector's: for all units together only, never per unit. The",
        "home-care shares count the steps the staircase marks `home_care: true` (the Alver template marks",
        "steps 5–7, practical help, home health care and BPA; the Asker template steps 5 and 7). Categories",
        "1–2 and 4 are the staircase's own category numbers; inhabitants are those of 1 January, registered",
        "by SSB, or the main projection for a year SSB has not counted yet.",
        "",
        "| code | nynorsk | bokmål | english | unit | definition | direction | data | for |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for k in KPIS:
        scope = "kvar eining og alle" if k.scope == "unit" else "berre heile sektoren"
        lines.append(
            f"| `{k.code}` | {k.nn} | {k.nb} | {k.en} | {k.unit} | {k.formula} | {DIRECTIONS[k.direction]} "
            f"| {k.needs} | {scope} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(markdown(), end="")
