"""Words shown on pages that come from code, marked here so the translation catalogue holds them.

The pages translate them where they are shown: ``{{ _(role_names[user.role]) }}``.
"""

from __future__ import annotations


def _(text: str) -> str:
    """Marks a word for scripts/translations.py; the page's own gettext translates it."""
    return text


ROLE_WORDS = (_("sakshandsamar"), _("lesar"), _("leiar"), _("redaktør"), _("analytikar"), _("administrator"))

# The labels of the text editors (services.staircase.TEXT_FIELDS and HOUSING_FIELDS).
FIELD_WORDS = (
    _("Namn"),
    _("Kort tekst"),
    _("Mål"),
    _("Kven er det for"),
    _("Tenester"),
    _("Slik søkjer du"),
    _("Kva det er"),
    _("Kva bebuaren betaler"),
)

# The changes of the what-if form (web/staff_kpi.py).
CHANGE_WORDS = (_("Vedtakstimar"), _("Årsverk"), _("Overtid"), _("Vikarar og ekstrahjelp"))

# SPC words from report/spc_out.py and the measures of services/spc.py, shown on the måltavle.
SPC_WORDS = (
    _("vanleg variasjon"),
    _("særskild variasjon: forbetring"),
    _("særskild variasjon: uro"),
    _("særskild variasjon"),
    _("forbetring"),
    _("uro"),
    _("utanfor grensene"),
    _("7 på rad opp eller ned"),
    _("2 av 3 nær grensa"),
    _("7 på rad på same side"),
    _("Mål"),
    _("Verdi"),
)

# The måltavle: assurance against a target (report.spc_out), the status and verdict of a measure (services.board).
BOARD_WORDS = (
    _("når målet kvar gong"),
    _("når ikkje målet"),
    _("når målet av og til"),
    _("planlagt"),
    _("i gang"),
    _("gjennomført"),
    _("stoppa"),
    _("Tiltaket har ikkje eit nøkkeltal å følgje."),
    _("Ingen månadstal for dette nøkkeltalet enno."),
    _("For få månader før eller etter starten til å seie noko enno."),
    _("Ingen særskild endring: etter starten varierer talet som før."),
    _("Prosessen har endra seg etter starten."),
    _("Prosessen har endra seg etter starten, i den retninga tiltaket skulle."),
    _("Prosessen har endra seg etter starten, men i feil retning."),
)

# The rows of the staffing comparison (report.staffing_out.ROWS) and its shifts (web/staff_staffing.py).
STAFFING_WORDS = (
    _("Betalte timar per natt"),
    _("Betalte nattetimar per år"),
    _("Betalte timar på dag-, kvelds- og langvakter per år"),
    _("Betalte timar per år"),
    _("Overtidstimar per år (vekt på sovande natt)"),
    _("Brutto årsverk"),
    _("Tilsette (etter snitt stillingsstorleik)"),
    _("Lønskostnad for årsverka (kr)"),
    _("Nattillegg (kr)"),
    _("Sundagstillegg (kr)"),
    _("Heilagdagstillegg (kr)"),
    _("Tillegg for heildøgnsturnus (kr)"),
    _("Overtidstillegg (kr)"),
    _("Kostnad per år (kr)"),
    _("Skilnad mot første mønster (kr)"),
    _("dag"),
    _("kveld"),
    _("langvakt"),
)

# The answer per step on the projection page (services.projection.ANSWERS).
ANSWER_WORDS = (_("må styrkast"), _("kan reduserast"), _("om lag som i dag"), _("manglar i dag"), _("ingen brukarar"))
