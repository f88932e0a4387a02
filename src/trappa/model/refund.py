"""The state's refund for high-cost users (toppfinansiering for ressurskrevjande tenester).

Per person and year, the state refunds a share (80 % in recent years) of the municipality's direct wage
cost above a threshold (innslagspunktet, set in the state budget each year), for persons under an age
limit (the year they turn 67 and later do not count). The year's threshold, the share and the limit
are the municipality's settings, so the rule follows the state budget without a new version of trappa.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RefundRule:
    threshold: float  # kroner a year per person (innslagspunkt)
    share: float = 0.8  # of the wage cost above the threshold
    age_limit: int = 67  # persons younger than this in the year count
    wage_share: float = 1.0  # the share of a service's cost that is direct wage cost


def refund(cost: float, rule: RefundRule, age: int | None) -> float:
    """The refund for one person's services a year: share × (direct wage cost − threshold), never below 0.

    ``age`` is the person's age in the year; without it (or at the limit and above) there is none.
    """
    if age is None or age >= rule.age_limit:
        return 0.0
    return rule.share * max(0.0, cost * rule.wage_share - rule.threshold)
