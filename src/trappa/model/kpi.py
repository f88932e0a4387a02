"""The staffing KPI chain (nøkkeltal) of a unit or the sector, with the sector's own definitions.

From wage cost split by account type (art) and the unit's FTEs, decided hours and users:

    cost per gross FTE → cost per net FTE → cost per paid hour → staff cost per decided hour

and what a change of decided hours, FTEs, overtime or temporary staff does to it (what if).
All functions are pure; the catalogue of names, units and directions is in `trappa.model.kpi_catalogue`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from trappa.model.accounts import kostra_art_code

HOURS_PER_GROSS_FTE = 35.5 * 52  # 1 846
HOURS_PER_NET_FTE = 1645.0
OVERTIME_FACTOR = 2.0  # 100 % overtime pay

# KOSTRA default: which art (first three digits) is which part of wage cost. A municipality may change it.
WAGE_ARTS: dict[str, str] = {
    "010": "fixed",  # fast løn
    "020": "temporary",  # vikarar
    "030": "temporary",  # ekstrahjelp
    "040": "overtime",  # overtid
    "050": "other",  # annan løn og trekkpliktige godtgjersler
    "090": "social",  # pensjon
    "099": "social",  # arbeidsgjevaravgift
}
NOT_WAGE = "none"  # a municipality may take an art out of wage cost
# What people call each part (the settings page, the docs); «none» leaves an art out of wage cost.
PART_NAMES: dict[str, str] = {
    "fixed": "fast løn",
    "allowances": "faste tillegg",
    "temporary": "vikarar og ekstrahjelp",
    "overtime": "overtid",
    "other": "annan løn",
    "social": "pensjon og arbeidsgjevaravgift",
    NOT_WAGE: "ikkje løn",
}


def wage_art_tables(own: dict[str, str] | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """(by the municipality's full art, by KOSTRA's three digits): its own map over the KOSTRA default.

    A three-digit key changes the KOSTRA art everywhere (``020`` → other); a longer key is an art of the
    municipality's own chart (``10150`` → allowances) and wins over its three digits.
    """
    own = own or {}
    kostra = {**WAGE_ARTS, **{art: part for art, part in own.items() if len(art) == 3}}
    full = {art: part for art, part in own.items() if len(art) != 3}
    return full, kostra


def wage_part(art: str, own: dict[str, str] | None = None) -> str | None:
    """The part of wage cost an art is, or None when it is not wage cost."""
    full, kostra = wage_art_tables(own)
    part = full.get(art.strip()) or kostra.get(kostra_art_code(art))
    return None if part in (None, NOT_WAGE) else part


@dataclass(frozen=True)
class WageCost:
    """Wage cost of a unit in kroner, by part; ``social`` (pension, employer's tax) is spread over the rest."""

    fixed: float = 0.0
    allowances: float = 0.0  # faste tillegg, where the municipality maps an art of its own to them
    temporary: float = 0.0
    overtime: float = 0.0
    other: float = 0.0
    social: float = 0.0

    @property
    def pay(self) -> float:
        return self.fixed + self.allowances + self.temporary + self.overtime + self.other

    @property
    def variable(self) -> float:
        return self.temporary + self.overtime + self.other

    def with_social(self, part: float) -> float:
        """A part of pay with its share of social costs, in proportion to pay."""
        return part * (1 + self.social / self.pay) if self.pay else 0.0

    @property
    def total(self) -> float:
        return self.pay + self.social


def wage_cost(lines: list[tuple[str, float]], arts: dict[str, str] | None = None) -> WageCost:
    """Wage cost by part from account lines of (art, amount); arts not in the map are not wage cost.

    The art is read as KOSTRA's three digits, also from a municipality's own chart (``10100`` → 010),
    unless the municipality's own map (``arts``, see :func:`wage_art_tables`) names the full art.
    """
    parts: dict[str, float] = {}
    for art, amount in lines:
        part = wage_part(art, arts)
        if part:
            parts[part] = parts.get(part, 0.0) + amount
    return WageCost(**parts)


@dataclass(frozen=True)
class UnitFigures:
    """What the chain needs for one unit (or the sector) and one period."""

    wage: WageCost
    gross_ftes: float
    decided_hours: float  # in the period
    users: int
    rota_hours: float | None = None
    delivered_hours: float | None = None
    sickness_absence: float | None = None  # share, 0–1
    hours_per_gross_fte: float = HOURS_PER_GROSS_FTE
    hours_per_net_fte: float = HOURS_PER_NET_FTE


def _div(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def chain(f: UnitFigures) -> dict[str, float | None]:
    """Every KPI of the chain, by its code (see docs/kpis.md for the definitions in words)."""
    w = f.wage
    cost_per_gross_fte = _div(w.with_social(w.fixed + w.allowances + w.variable), f.gross_ftes)
    cost_per_net_fte = _div(w.with_social(w.fixed + w.allowances), f.gross_ftes)
    cost_per_paid_hour = _div(cost_per_net_fte, f.hours_per_net_fte)
    paid_hours_per_decided_hour = _div(f.gross_ftes * f.hours_per_gross_fte, f.decided_hours)
    ftes_per_user = _div(f.gross_ftes, f.users)
    return {
        "gross_ftes": f.gross_ftes,
        "cost_per_gross_fte": cost_per_gross_fte,
        "cost_per_net_fte": cost_per_net_fte,
        "cost_per_paid_hour": cost_per_paid_hour,
        "cost_per_overtime_hour": None if cost_per_paid_hour is None else OVERTIME_FACTOR * cost_per_paid_hour,
        "paid_hours_per_decided_hour": paid_hours_per_decided_hour,
        "staff_cost_per_decided_hour": (
            None
            if paid_hours_per_decided_hour is None or cost_per_paid_hour is None
            else paid_hours_per_decided_hour * cost_per_paid_hour
        ),
        "ftes_per_user": ftes_per_user,
        "staff_cost_per_user": (
            None if ftes_per_user is None or cost_per_gross_fte is None else ftes_per_user * cost_per_gross_fte
        ),
        "staffing_factor": ftes_per_user,
        "rota_hours_per_decided_hour": _div(f.rota_hours, f.decided_hours),
        "delivered_per_decided_hour": _div(f.delivered_hours, f.decided_hours),
        "overtime_share": _div(w.overtime, w.pay),
        "variable_pay_share": _div(w.variable, w.pay),
        "sickness_absence": f.sickness_absence,
        "wage_cost": w.total,
    }


@dataclass(frozen=True)
class WhatIf:
    before: dict[str, float | None]
    after: dict[str, float | None]
    wage_cost_change: float  # kroner a period; negative is a saving
    saving_from_decided_hours: float | None  # decided hours × change × staff cost per decided hour


def what_if(
    f: UnitFigures, *, decided_hours: float = 0.0, ftes: float = 0.0, overtime: float = 0.0, temporary: float = 0.0
) -> WhatIf:
    """The chain after changing decided hours, FTEs (fixed pay with them), overtime or temporary staff by percent."""
    w = f.wage
    changed_wage = replace(
        w,
        fixed=w.fixed * (1 + ftes / 100),
        allowances=w.allowances * (1 + ftes / 100),
        overtime=w.overtime * (1 + overtime / 100),
        temporary=w.temporary * (1 + temporary / 100),
    )
    # Social costs follow pay in the same proportion as before.
    changed_wage = replace(changed_wage, social=w.social * (changed_wage.pay / w.pay) if w.pay else w.social)
    changed = replace(
        f,
        wage=changed_wage,
        gross_ftes=f.gross_ftes * (1 + ftes / 100),
        decided_hours=f.decided_hours * (1 + decided_hours / 100),
    )
    before, after = chain(f), chain(changed)
    per_hour = before["staff_cost_per_decided_hour"]
    saving = None if per_hour is None else f.decided_hours * decided_hours / 100 * per_hour
    return WhatIf(before, after, changed_wage.total - w.total, saving)
