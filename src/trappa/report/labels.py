"""Column headings of the profile in Nynorsk, Bokmål and English."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str, str]] = {
    "year": ("År", "År", "Year"),
    "step": ("Trinn", "Trinn", "Step"),
    "step_code": ("Trinn", "Trinn", "Step"),
    "step_name": ("Namn", "Navn", "Name"),
    "category": ("Kategori", "Kategori", "Category"),
    "user_group": ("Brukargruppe", "Brukergruppe", "User group"),
    "gross_cost": ("Brutto driftsutgifter", "Brutto driftsutgifter", "Gross cost"),
    "income": ("Inntekter", "Inntekter", "Income"),
    "refund_income": (
        "Av dette: refusjon ressurskrevjande tenester",
        "Av dette: refusjon ressurskrevende tjenester",
        "Of which: refund for high-cost users",
    ),
    "net_cost": ("Netto driftsutgifter", "Netto driftsutgifter", "Net cost"),
    "share_of_net_percent": ("Del av netto", "Andel av netto", "Share of net"),
    "budget": ("Budsjett netto", "Budsjett netto", "Net budget"),
    "budget_deviation": ("Avvik frå budsjett", "Avvik fra budsjett", "Deviation from budget"),
    "ftes": ("Årsverk", "Årsverk", "FTEs"),
    "persons": ("Personar", "Personer", "Persons"),
    "persons_on_date": ("Personar på dato", "Personer på dato", "Persons on date"),
    "decisions": ("Vedtak", "Vedtak", "Decisions"),
    "decided_hours_per_week": ("Vedtakstimar per veke", "Vedtakstimer per uke", "Decided hours per week"),
    "decided_hours_per_week_per_person": (
        "Timar per veke per person",
        "Timer per uke per person",
        "Hours per week per person",
    ),
    "decided_hours_year": ("Vedtakstimar i året", "Vedtakstimer i året", "Decided hours in the year"),
    "cost_per_person": ("Netto per person", "Netto per person", "Net cost per person"),
    "cost_per_decided_hour": ("Netto per vedtakstime", "Netto per vedtakstime", "Net cost per decided hour"),
    "ftes_per_person": ("Årsverk per person", "Årsverk per person", "FTEs per person"),
    "places": ("Plassar", "Plasser", "Places"),
    "bought_places": ("Kjøpte plassar", "Kjøpte plasser", "Bought places"),
    "bought_cost": ("Kjøp av tenester", "Kjøp av tjenester", "Bought services"),
    "own_cost": ("Eigenproduksjon", "Egenproduksjon", "Own production"),
    "occupied_days": ("Belagde døgn", "Belagte døgn", "Occupied days"),
    "occupancy_percent": ("Belegg", "Belegg", "Occupancy"),
    "cost_per_place": ("Netto per plass", "Netto per plass", "Net cost per place"),
}

USER_GROUP_NAMES: dict[str, tuple[str, str, str]] = {
    "habilitering": ("Habilitering", "Habilitering", "Habilitation"),
    "psykisk_helse_rus": ("Psykisk helse og rus", "Psykisk helse og rus", "Mental health and substance use"),
    "andre": ("Andre, hovudsakleg eldre", "Andre, hovedsakelig eldre", "Others, mainly elderly"),
    "alle": ("Felles for alle grupper", "Felles for alle grupper", "Shared by all groups"),
}

TEXT: dict[str, tuple[str, str, str]] = {
    "profile_title": ("Tenesteprofil", "Tjenesteprofil", "Service profile"),
    "total": ("Sum trappa", "Sum trappen", "Staircase total"),
    "controls": ("Kontrollsummar", "Kontrollsummer", "Control totals"),
    "accounts_total": ("Rekneskap i alt", "Regnskap i alt", "Accounts, total"),
    "in_steps": ("Fordelt på trinn", "Fordelt på trinn", "Allocated to steps"),
    "outside": ("Utanfor trappa", "Utenfor trappen", "Not in the staircase"),
    "unmapped": ("Ikkje fordelt", "Ikke fordelt", "Unmapped"),
    "balanced": ("Balanserer", "Balanserer", "Balanced"),
    "yes": ("Ja", "Ja", "Yes"),
    "no": ("Nei", "Nei", "No"),
    "synthetic": (
        "Syntetiske data: Demo kommune er oppdikta.",
        "Syntetiske data: Demo kommune er oppdiktet.",
        "Synthetic data: Demo kommune is made up.",
    ),
    "unmapped_centres": ("Ikkje fordelte ansvar", "Ikke fordelte ansvar", "Unmapped cost centres"),
    "none_unmapped": (
        "Ingen: kvar krone er fordelt på trinn eller utanfor trappa.",
        "Ingen: hver krone er fordelt på trinn eller utenfor trappen.",
        "None: every krone is allocated to a step or outside the staircase.",
    ),
    "cost_centre": ("Ansvar", "Ansvar", "Cost centre"),
    "name": ("Namn", "Navn", "Name"),
    "amount": ("Beløp", "Beløp", "Amount"),
    "unit_1000": ("Beløp i 1000 kr", "Beløp i 1000 kr", "Amounts in NOK 1000"),
}

LANGUAGE_INDEX = {"nn": 0, "nb": 1, "en": 2}  # position of each language in the word tuples


def label(key: str, language: str = "nn") -> str:
    return LABELS[key][LANGUAGE_INDEX.get(language, 0)]


def text(key: str, language: str = "nn") -> str:
    return TEXT[key][LANGUAGE_INDEX.get(language, 0)]


def user_group_name(code: str, language: str = "nn") -> str:
    return USER_GROUP_NAMES.get(code, (code, code, code))[LANGUAGE_INDEX.get(language, 0)]
