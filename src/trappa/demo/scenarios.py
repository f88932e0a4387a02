"""Three example scenarios for Demo kommune, of the kind a council is asked to choose between."""

from __future__ import annotations

from trappa.model.scenario import Cap, Move, RateChange, Scenario


def example_scenarios() -> list[Scenario]:
    return [
        Scenario(
            name="Heildøgns bustad framfor institusjon",
            description="Ein av fem som elles ville fått langtidsplass, får heildøgns omsorgsbustad (2025–2030).",
            population_alternative="DEMO",
            real_cost_growth_percent=0.0,
            moves=[Move(from_step=12, to_step=10, share_percent=20, from_year=2025, to_year=2030)],
        ),
        Scenario(
            name="Meir meistring heime",
            description="Kvardagsrehabilitering: 10 % lågare dekningsgrad i heimesjukepleia for 80+, 20 % fleire i meistringstiltak.",
            population_alternative="DEMO",
            real_cost_growth_percent=0.0,
            rate_changes=[
                RateChange(step=6, bands=["80-84", "85-89", "90+"], change_percent=-10, from_year=2025, to_year=2028),
                RateChange(step=5, change_percent=20, from_year=2025, to_year=2028),
            ],
        ),
        Scenario(
            name="Dagens sjukeheimsplassar",
            description="Ingen nye sjukeheimsplassar: dei som ikkje får plass, står som udekt behov.",
            population_alternative="DEMO",
            real_cost_growth_percent=0.0,
            caps=[Cap(step=12, places=162, from_year=2024)],
        ),
    ]
