"""Three example calculations for Demo kommune's allocation office, of the kind a caseworker makes."""

from __future__ import annotations

from trappa.model.calculator import Case


def example_calculations() -> list[tuple[str, Case]]:
    """(name, case) for the calculator; no person, only made-up case numbers."""
    return [
        (
            "Heime eller sjukeheim etter hoftebrot",
            Case.model_validate({
                "reference": "DEMO-2023/014",
                "buys": ["practical_help", "day_activity"],
                "alternatives": [
                    {"name": "Heimesjukepleie med nattbesøk og dagaktivitet", "services": [
                        {"kind": "home_health_care", "hours_per_week": {"day": 10, "night": 2}},
                        {"kind": "day_activity", "hours_per_week": {"day": 6}}]},
                    {"name": "Korttidsopphald tre månader, så heime", "services": [
                        {"kind": "short_stay_rehab", "place_share": 0.25},
                        {"kind": "home_health_care", "hours_per_week": {"day": 7}}]},
                    {"name": "Langtidsplass i sjukeheim", "services": [{"kind": "long_term", "place_share": 1}]},
                ],
            }),
        ),
        (
            "Ung vaksen med utviklingshemming: BPA eller bufellesskap",
            Case.model_validate({
                "reference": "DEMO-2023/027",
                "age": 24,
                "buys": ["support_contact"],
                "alternatives": [
                    {"name": "BPA 45 timar og støttekontakt", "services": [
                        {"kind": "bpa", "hours_per_week": {"day": 45}},
                        {"kind": "support_contact", "hours_per_week": {"day": 3}}]},
                    {"name": "Bufellesskap med heildøgns bemanning", "services": [
                        {"kind": "housing_24h", "place_share": 1}]},
                ],
            }),
        ),
        (
            "Meir praktisk bistand i staden for auka heimesjukepleie",
            Case.model_validate({
                "reference": "",
                "buys": ["practical_help"],
                "alternatives": [
                    {"name": "Heimesjukepleie 8 timar", "services": [
                        {"kind": "home_health_care", "hours_per_week": {"day": 8}}]},
                    {"name": "Heimesjukepleie 4 timar og praktisk bistand 6 timar", "services": [
                        {"kind": "home_health_care", "hours_per_week": {"day": 4}},
                        {"kind": "practical_help", "hours_per_week": {"day": 6}}]},
                ],
            }),
        ),
    ]  # fmt: skip
