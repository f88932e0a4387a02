"""Cost centres of Demo kommune (synthetic) and how they map to the 13 steps.

Net cost per step in 2021 is calibrated to Alver kommune's published profile
(1000 NOK, steps 1–13). Each centre: code, name, KOSTRA function, and its
mapping rows (step, user group, share %). Each step has at least one centre
mapped to it alone; the first such centre listed takes whatever the others leave of the target.
"""

from __future__ import annotations

# Alver's net cost per step in 2021, 1000 NOK (public planning document).
ALVER_NET_2021_KNOK = {
    1: -63_778,
    2: 23_190,
    3: 32_382,
    4: 33_556,
    5: 10_744,
    6: 182_718,
    7: 22_374,
    8: -5_652,
    9: 1_057,
    10: 125_713,
    11: 52_965,
    12: 98_867,
    13: 19_326,
}

H, P, A, ALL = "habilitering", "psykisk_helse_rus", "andre", "alle"

# code, name, function, mapping rows [(step, user group, share)], relative size within its step
CENTRES: list[tuple[str, str, str, list[tuple[int, str, float]], float]] = [
    ("4109", "Tilskot og fond, førebygging", "233", [(1, ALL, 100)], 1.0),
    ("4101", "Frivilligsentralen", "233", [(1, ALL, 100)], 1.0),
    ("4102", "Folkehelse og aktivitet", "233", [(1, ALL, 100)], 1.0),
    ("4201", "Helsestasjon og skulehelseteneste", "232", [(2, ALL, 100)], 3.0),
    ("4202", "Frisklivssentralen", "233", [(2, ALL, 100)], 1.0),
    ("4203", "Legevakt", "241", [(2, ALL, 60), (0, ALL, 40)], 2.0),
    ("4204", "Fastlegeordninga", "241", [(2, ALL, 100)], 2.0),
    ("4301", "Hjelpemiddellager", "234", [(3, A, 100)], 2.0),
    ("4302", "Tryggleiksalarm og velferdsteknologi", "254", [(3, A, 100)], 2.0),
    ("4303", "Demenskoordinator og pårørandeskule", "234", [(3, A, 100)], 1.0),
    ("4304", "Lågterskel psykisk helse", "241", [(3, P, 100)], 1.5),
    ("4305", "Koordinerande eining", "234", [(3, ALL, 100)], 1.0),
    ("4401", "Dagaktivitetstilbod eldre", "234", [(4, A, 100)], 2.0),
    ("4402", "Arbeid og aktivitet habilitering", "234", [(4, H, 100)], 3.0),
    ("4403", "Støttekontakt", "234", [(4, ALL, 100)], 1.5),
    ("4404", "Aktivitetshuset psykisk helse", "234", [(4, P, 100)], 1.5),
    ("4501", "Kvardagsrehabilitering", "254", [(5, A, 100)], 1.5),
    ("4502", "Praktisk bistand", "254", [(5, A, 100)], 2.0),
    ("4503", "Avlasting på timebasis", "254", [(5, H, 100)], 1.0),
    ("4601", "Heimesjukepleie sone Nord", "254", [(6, A, 85), (5, A, 15)], 3.0),
    ("4602", "Heimesjukepleie sone Sør", "254", [(6, A, 85), (5, A, 15)], 3.0),
    ("4603", "Heimesjukepleie sone Vest", "254", [(6, A, 100)], 2.5),
    ("4604", "Psykisk helse og rus, ambulant", "254", [(6, P, 100)], 2.0),
    ("4605", "Miljøarbeid habilitering, heimebuande", "254", [(6, H, 100)], 2.0),
    ("4606", "Nattpatrulje", "254", [(6, A, 100)], 1.0),
    ("4701", "BPA, kjøp frå private", "254", [(7, ALL, 100)], 2.0),
    ("4702", "Personleg assistanse, kommunal", "254", [(7, H, 100)], 1.0),
    ("4801", "Kommunale utleigebustader", "265", [(8, ALL, 100)], 1.0),
    ("4802", "Bustadkontoret", "265", [(8, ALL, 100)], 1.0),
    ("4901", "Bufellesskap Sentrum", "254", [(9, H, 100)], 1.0),
    ("4902", "Bustader med base, psykisk helse", "254", [(9, P, 100)], 1.0),
    # The habilitation housing comes first: it takes what the others leave of step 10's target, so that an
    # elderly person in omsorg+ costs less than one in a nursing home, as in real municipalities.
    ("5002", "Heildøgns bustad habilitering Nord", "254", [(10, H, 100)], 3.0),
    ("5001", "Omsorg+ Myrane", "254", [(10, A, 100)], 0.8),
    ("5003", "Heildøgns bustad habilitering Sør", "254", [(10, H, 100)], 3.0),
    ("5004", "Heildøgns bustad psykisk helse og rus", "254", [(10, P, 100)], 1.5),
    ("5005", "Omsorgsbustader Fjordtun", "254", [(10, A, 80), (9, A, 20)], 0.6),
    ("5101", "Korttidsavdeling og rehabilitering", "253", [(11, A, 100)], 3.0),
    ("5102", "Kommunale akuttsenger (ØHD)", "256", [(11, ALL, 100)], 1.0),
    ("5103", "Avlastingsbustad barn", "254", [(11, H, 100)], 1.0),
    ("5201", "Sjukeheimen Fjordtun", "253", [(12, A, 100)], 3.0),
    ("5202", "Sjukeheimen Heiane", "253", [(12, A, 100)], 2.5),
    ("5203", "Sjukeheimane, bygg og drift", "261", [(12, A, 100)], 1.0),
    ("5204", "Sjukeheimskjøkkenet", "253", [(12, A, 70), (10, A, 30)], 1.0),
    ("5301", "Barnebustaden", "254", [(13, H, 100)], 1.0),
    ("5302", "Forsterka skjerma eining", "253", [(13, A, 100)], 1.0),
    ("5303", "Kjøp av spesialiserte plassar", "254", [(13, ALL, 100)], 1.0),
    ("4001", "Helse og omsorg, leiing og stab", "120", [(0, ALL, 100)], 1.0),
    ("4002", "Forvaltningskontoret", "120", [(0, ALL, 100)], 1.0),
    ("4003", "Kommuneoverlege og smittevern", "233", [(2, ALL, 50), (0, ALL, 50)], 1.0),
    ("4004", "Opplæring og kompetanse helse og omsorg", "120", [(0, ALL, 100)], 1.0),
]

# Yearly real growth of net cost per step after 2021: home-based steps grow,
# institution places shrink a little (the "prevent more, repair less" policy).
GROWTH = {
    1: 0.02,
    2: 0.03,
    3: 0.05,
    4: 0.03,
    5: 0.08,
    6: 0.05,
    7: 0.06,
    8: 0.01,
    9: 0.04,
    10: 0.05,
    11: 0.02,
    12: -0.02,
    13: 0.03,
    0: 0.02,
}
PRICE_GROWTH = 0.04

# Services of the decisions: name, step, (min, max) hours per week, mean duration in days,
# persons per year, user-group weights (hab, psyk, andre), age band weights.
SERVICES: list[tuple[str, int, tuple[float, float], int, int, tuple[float, float, float]]] = [
    ("Frivillig besøksteneste, registrert", 1, (0.0, 0.0), 400, 60, (0.05, 0.15, 0.8)),
    ("Frisklivsresept", 2, (0.0, 0.0), 90, 160, (0.05, 0.25, 0.7)),
    ("Tryggleiksalarm", 3, (0.0, 0.0), 900, 650, (0.02, 0.03, 0.95)),
    ("Hjelpemiddel, utlån", 3, (0.0, 0.0), 200, 300, (0.1, 0.05, 0.85)),
    ("Dagaktivitetstilbod", 4, (6.0, 15.0), 500, 180, (0.1, 0.1, 0.8)),
    ("Arbeids- og aktivitetstilbod", 4, (10.0, 30.0), 900, 90, (0.85, 0.15, 0.0)),
    ("Støttekontakt", 4, (1.0, 4.0), 600, 170, (0.5, 0.3, 0.2)),
    ("Praktisk bistand", 5, (0.5, 3.0), 500, 420, (0.05, 0.1, 0.85)),
    ("Kvardagsrehabilitering", 5, (3.0, 8.0), 42, 180, (0.0, 0.05, 0.95)),
    ("Avlasting på timebasis", 5, (4.0, 20.0), 400, 40, (0.9, 0.05, 0.05)),
    ("Heimesjukepleie", 6, (1.0, 10.0), 480, 850, (0.05, 0.1, 0.85)),
    ("Psykisk helseteneste, oppfølging", 6, (1.0, 5.0), 300, 260, (0.0, 1.0, 0.0)),
    ("Miljøarbeid i heimen", 6, (5.0, 25.0), 600, 90, (0.9, 0.1, 0.0)),
    ("Brukarstyrt personleg assistanse", 7, (15.0, 60.0), 1500, 24, (0.6, 0.05, 0.35)),
    ("Kommunal utleigebustad", 8, (0.0, 0.0), 1200, 210, (0.1, 0.4, 0.5)),
    ("Bustad med base dag og kveld", 9, (8.0, 25.0), 1400, 45, (0.6, 0.4, 0.0)),
    ("Heildøgns omsorgsbustad", 10, (20.0, 60.0), 1300, 150, (0.45, 0.1, 0.45)),
    ("Korttidsopphald", 11, (0.0, 0.0), 21, 520, (0.02, 0.03, 0.95)),
    ("Rehabiliteringsopphald", 11, (0.0, 0.0), 28, 160, (0.0, 0.0, 1.0)),
    ("Avlastingsopphald", 11, (0.0, 0.0), 120, 45, (0.9, 0.0, 0.1)),
    ("Langtidsopphald i sjukeheim", 12, (0.0, 0.0), 900, 230, (0.0, 0.02, 0.98)),
    ("Barnebustad", 13, (0.0, 0.0), 1500, 6, (1.0, 0.0, 0.0)),
    ("Forsterka skjerma plass", 13, (0.0, 0.0), 700, 14, (0.0, 0.3, 0.7)),
]

# Units with places: name, step, places in 2021
UNITS = [
    ("Bufellesskap Sentrum", 9, 12),
    ("Bustader med base, psykisk helse", 9, 10),
    ("Omsorg+ Myrane", 10, 40),
    ("Heildøgns bustad habilitering", 10, 48),
    ("Omsorgsbustader Fjordtun", 10, 30),
    ("Korttidsavdelinga", 11, 26),
    ("Akuttsenger (ØHD)", 11, 4),
    ("Sjukeheimen Fjordtun", 12, 96),
    ("Sjukeheimen Heiane", 12, 74),
    ("Barnebustaden", 13, 6),
    ("Forsterka skjerma eining", 13, 8),
]
