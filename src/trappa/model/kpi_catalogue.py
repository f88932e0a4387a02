"""The KPI catalogue (nøkkeltal): every KPI's code, names, unit, definition, direction and data.

docs/kpis.md is made from this list (`python -m trappa.report.kpi_docs > docs/kpis.md`) and a test
fails when they differ. Directions: «up» or «down» is better, «neutral» has none (SPC then says
«neither» for a special cause).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Kpi:
    code: str
    nn: str
    nb: str
    en: str
    unit: str
    formula: str
    direction: Literal["up", "down", "neutral"]
    needs: str
    scope: Literal["unit", "sector"] = "unit"  # «sector»: the staircase's figures, for all units together only


KPIS: tuple[Kpi, ...] = (
    Kpi("gross_ftes", "Brutto årsverk", "Brutto årsverk", "Gross FTEs", "årsverk",
        "`brutto årsverk` der fila gir dei, elles `årsverk`", "neutral", "årsverk"),
    Kpi("cost_per_gross_fte", "Kostnad per brutto årsverk", "Kostnad per brutto årsverk", "Cost per gross FTE", "kr",
        "(fast løn + faste tillegg + variabel løn, kvar med sin del av sosiale kostnader) ÷ brutto årsverk",
        "neutral", "rekneskap (lønsartar), årsverk"),
    Kpi("cost_per_net_fte", "Kostnad per netto årsverk", "Kostnad per netto årsverk", "Cost per net FTE", "kr",
        "(fast løn + faste tillegg med sosiale kostnader, utan variabel løn, refusjonar ikkje trekte frå) ÷ brutto årsverk",
        "neutral", "rekneskap (lønsartar), årsverk"),
    Kpi("cost_per_paid_hour", "Kostnad per betalt time", "Kostnad per betalt time", "Cost per paid hour", "kr",
        "kostnad per netto årsverk ÷ timar per netto årsverk (standard 1 645)", "neutral",
        "rekneskap, årsverk, innstillingar"),
    Kpi("cost_per_overtime_hour", "Kostnad per overtidstime", "Kostnad per overtidstime", "Cost per overtime hour",
        "kr", "2 × kostnad per betalt time (100 % overtidstillegg)", "neutral", "rekneskap, årsverk"),
    Kpi("paid_hours_per_decided_hour", "Betalte timar per vedtakstime", "Betalte timer per vedtakstime",
        "Paid hours per decided hour", "timar",
        "brutto årsverk × timar per brutto årsverk (standard 1 846) ÷ vedtakstimar", "down", "årsverk, vedtak"),
    Kpi("staff_cost_per_decided_hour", "Personalkostnad per vedtakstime", "Personalkostnad per vedtakstime",
        "Staff cost per decided hour", "kr", "betalte timar per vedtakstime × kostnad per betalt time", "down",
        "rekneskap, årsverk, vedtak"),
    Kpi("ftes_per_user", "Årsverk per brukar", "Årsverk per bruker", "FTEs per user", "årsverk",
        "brutto årsverk ÷ brukarar (ulike personar med vedtak aktivt i perioden)", "down", "årsverk, vedtak"),
    Kpi("staff_cost_per_user", "Personalkostnad per brukar", "Personalkostnad per bruker", "Staff cost per user",
        "kr", "årsverk per brukar × kostnad per brutto årsverk", "down", "rekneskap, årsverk, vedtak"),
    Kpi("staffing_factor", "Bemanningsfaktor", "Bemanningsfaktor", "Staffing factor", "årsverk per brukar",
        "eininga sine årsverk ÷ eininga sine brukarar", "neutral", "årsverk, vedtak, einingar"),
    Kpi("rota_hours_per_decided_hour", "Turnustimar per vedtakstime", "Turnustimer per vedtakstime",
        "Rota hours per decided hour", "timar",
        "turnustimar ÷ vedtakstimar: kor mykje tilsyn og administrasjon kjem i tillegg", "down",
        "årsverk (turnustimar), vedtak"),
    Kpi("delivered_per_decided_hour", "Utførte timar per vedtakstime", "Utførte timer per vedtakstime",
        "Delivered hours per decided hour", "timar", "utførte timar ÷ vedtakstimar", "up",
        "utførte timar, vedtak"),
    Kpi("overtime_share", "Del overtid", "Andel overtid", "Overtime share", "%",
        "overtidsløn ÷ løn (utan sosiale kostnader)", "down", "rekneskap (lønsartar)"),
    Kpi("variable_pay_share", "Del variabel løn", "Andel variabel lønn", "Variable pay share", "%",
        "(vikarar, ekstrahjelp, overtid og annan løn) ÷ løn", "down", "rekneskap (lønsartar)"),
    Kpi("sickness_absence", "Sjukefråvær", "Sykefravær", "Sickness absence", "%",
        "fråværsdagsverk ÷ moglege dagsverk, der fila gir det", "down", "sjukefråvær"),
    Kpi("wage_cost", "Lønskostnad", "Lønnskostnad", "Wage cost", "kr",
        "løn med sosiale kostnader (pensjon og arbeidsgjevaravgift)", "neutral", "rekneskap (lønsartar)"),
    Kpi("low_steps_cost_share", "Del av netto kostnad på trinn i kategori 1–2",
        "Andel av netto kostnad på trinn i kategori 1–2", "Share of net cost on steps in categories 1–2", "%",
        "netto kostnad på trinna i kategori 1 og 2 (førebygging, aktivitet og meistring) ÷ netto kostnad på alle "
        "trinna, fordelt med fordelingsnøkkelen", "up", "rekneskap med månad, fordelingsnøkkel", "sector"),
    Kpi("institution_cost_share", "Del av netto kostnad i kategori 4", "Andel av netto kostnad i kategori 4",
        "Share of net cost in category 4", "%",
        "netto kostnad på trinna i kategori 4 (institusjon og heildøgns omsorg) ÷ netto kostnad på alle trinna",
        "down", "rekneskap med månad, fordelingsnøkkel", "sector"),
    Kpi("persons_per_1000", "Tenestemottakarar per 1 000 innbyggjarar", "Tjenestemottakere per 1 000 innbyggere",
        "Service users per 1,000 inhabitants", "per 1 000",
        "ulike personar med vedtak på eit trinn aktivt i perioden × 1 000 ÷ innbyggjarar 1. januar (registrerte, "
        "elles hovudalternativet i framskrivinga)", "neutral",
        "vedtak, befolkning", "sector"),
    Kpi("persons_80_per_1000", "Tenestemottakarar 80 år og eldre per 1 000 innbyggjarar 80+",
        "Tjenestemottakere 80 år og eldre per 1 000 innbyggere 80+", "Service users aged 80+ per 1,000 aged 80+",
        "per 1 000",
        "ulike personar 80 år og eldre (fødselsår, elles aldersgruppe) med vedtak aktivt i perioden × 1 000 ÷ "
        "innbyggjarar 80 år og eldre 1. januar", "neutral", "vedtak med fødselsår eller aldersgruppe, befolkning",
        "sector"),
    Kpi("home_care_light_share", "Del heimetenestemottakarar under 2,5 timar i veka",
        "Andel hjemmetjenestemottakere under 2,5 timer i uka", "Share of home-care users under 2.5 hours a week", "%",
        "personar på trinn merkte som heimetenester med under 2,5 vedtakstimar i veka (alle vedtaka deira aktive "
        "siste dag i perioden) ÷ alle personar på desse trinna den dagen", "neutral",
        "vedtak, trinn merkte som heimetenester", "sector"),
    Kpi("home_care_heavy_share", "Del heimetenestemottakarar over 15 timar i veka",
        "Andel hjemmetjenestemottakere over 15 timer i uka", "Share of home-care users over 15 hours a week", "%",
        "personar på trinn merkte som heimetenester med over 15 vedtakstimar i veka ÷ alle personar på desse "
        "trinna siste dag i perioden", "neutral", "vedtak, trinn merkte som heimetenester", "sector"),
)  # fmt: skip

BY_CODE = {k.code: k for k in KPIS}
