"""Scenario presets from the planning material: alternativ 0, 1 and 2, each a starting point to edit.

- Alternativ 0: today's coverage held (the reference).
- Alternativ 1: the coverage of long-term institution places for those aged 80 and over lowered (a
  share of them moved to 24-hour housing instead), phased in.
- Alternativ 2: as alternativ 1, and a further share of them served at home (home-based services).

The steps are the staircase's own: the long-term institution step, the 24-hour housing step and the
home care step are looked up by the staircase template's numbering (trappa.model.prices.KIND_STEPS).
"""

from __future__ import annotations

from trappa.model.prices import KIND_STEPS
from trappa.model.scenario import Move, Scenario, reference

OLD_BANDS = ["80-84", "85-89", "90+"]


def presets(
    template: str,
    population_alternative: str,
    *,
    to_housing_percent: float = 20.0,
    to_home_percent: float = 10.0,
    from_year: int = 2025,
    to_year: int = 2030,
) -> list[Scenario]:
    """Alternativ 0, 1 and 2 for a staircase template (its steps), on a population alternative."""
    steps = KIND_STEPS.get(template, KIND_STEPS["alver"])
    institution, housing, home = steps["long_term"], steps["housing_24h"], steps["home_health_care"]
    zero = reference(population_alternative).model_copy(
        update={
            "name": "Alternativ 0: dagens dekningsgrader",
            "description": "Dekningsgradene i dag held fram; berre befolkninga endrar seg.",
        }  # fmt: skip
    )

    def move(to: int, percent: float) -> Move:
        return Move(from_step=institution, to_step=to, share_percent=percent, bands=OLD_BANDS, from_year=from_year,
                    to_year=to_year)  # fmt: skip

    to_housing = move(housing, to_housing_percent)
    one = Scenario(
        name="Alternativ 1: færre institusjonsplassar for 80+",
        description=f"{to_housing_percent:g} % av dei over 80 som elles ville fått langtidsplass i institusjon, får "
        f"heildøgns bustad i staden ({from_year}–{to_year}).",
        population_alternative=population_alternative,
        moves=[to_housing],
    )
    to_home = move(home, to_home_percent)
    two = Scenario(
        name="Alternativ 2: og fleire heime",
        description=f"Som alternativ 1, og {to_home_percent:g} % av dei som er att i institusjon, får tenester "
        f"heime i staden ({from_year}–{to_year}).",
        population_alternative=population_alternative,
        moves=[to_housing, to_home],
    )
    return [zero, one, two]
