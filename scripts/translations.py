"""Keep the Babel catalogues (nb, en) in step with the Nynorsk strings in the web templates and code.

    .venv/bin/python scripts/translations.py          # rewrite the .po files from the table below
    .venv/bin/python scripts/translations.py --check  # fail if a string has no translation (the tests call this)

Source strings are found with Babel's own extractors (Python and Jinja2 templates).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

WEB = Path(__file__).resolve().parents[1] / "src" / "trappa" / "web"
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
KEYWORDS = {"_": None, "gettext": None}

# nynorsk: (bokmål, english)
TRANSLATIONS: dict[str, tuple[str, str]] = {
    # staff pages
    "vanleg variasjon": ("vanlig variasjon", "common cause variation"),
    "særskild variasjon: forbetring": ("spesiell variasjon: forbedring", "special cause: improvement"),
    "særskild variasjon: uro": ("spesiell variasjon: bekymring", "special cause: concern"),
    "særskild variasjon": ("spesiell variasjon", "special cause variation"),
    "forbetring": ("forbedring", "improvement"),
    "uro": ("bekymring", "concern"),
    "utanfor grensene": ("utenfor grensene", "beyond the limits"),
    "7 på rad opp eller ned": ("7 på rad opp eller ned", "7 in a row up or down"),
    "2 av 3 nær grensa": ("2 av 3 nær grensen", "2 of 3 near the limit"),
    "7 på rad på same side": ("7 på rad på samme side", "7 in a row on one side"),
    "Måltavle": ("Måltavle", "Monthly board"),
    "Måltavle: trappa månad for månad": (
        "Måltavle: trappen måned for måned",
        "Monthly board: the staircase month by month",
    ),
    "Kvart trinn som eit SPC-diagram: er endringa siste månadene ekte, eller vanleg variasjon? Grensene kjem frå alle månadene.": (
        "Hvert trinn som et SPC-diagram: er endringen de siste månedene ekte, eller vanlig variasjon? Grensene kommer fra alle månedene.",
        "Each step as an SPC chart: is the change of the last months real, or common variation? The limits come from all the months.",
    ),
    "prøvegrenser: færre enn 12 punkt": ("prøvegrenser: færre enn 12 punkter", "trial limits: fewer than 12 points"),
    "SPC-diagram; tala står i tabellen under.": (
        "SPC-diagram; tallene står i tabellen under.",
        "SPC chart; the figures are in the table below.",
    ),
    "Tala i diagrammet": ("Tallene i diagrammet", "The figures of the chart"),
    "Periode": ("Periode", "Period"),
    "Senter": ("Senter", "Centre"),
    "Nedre grense": ("Nedre grense", "Lower limit"),
    "Øvre grense": ("Øvre grense", "Upper limit"),
    "Signal": ("Signal", "Signal"),
    "Regel": ("Regel", "Rule"),
    "Nøkkeltal": ("Nøkkeltall", "Key figures"),
    "Kostnad per årsverk, per betalt time og per vedtakstime for kvar eining, med definisjonane til sektoren. Vedtakstimar og brukarar kjem frå vedtaka som namngir den utførande eininga.": (
        "Kostnad per årsverk, per betalt time og per vedtakstime for hver enhet, med sektorens definisjoner. Vedtakstimer og brukere kommer fra vedtakene som navngir den utførende enheten.",
        "Cost per FTE, per paid hour and per decided hour for each unit, with the sector's definitions. Decided hours and users come from the decisions that name the delivering unit.",
    ),
    "Nøkkeltal per eining": ("Nøkkeltall per enhet", "Key figures per unit"),
    "Alle einingane": ("Alle enhetene", "All units"),
    "Kva om?": ("Hva om?", "What if?"),
    "Endre vedtakstimar, årsverk, overtid eller vikarar i prosent, og sjå kva det gjer med nøkkeltala for alle einingane.": (
        "Endre vedtakstimer, årsverk, overtid eller vikarer i prosent, og se hva det gjør med nøkkeltallene for alle enhetene.",
        "Change decided hours, FTEs, overtime or temporary staff by a percentage and see what it does to the key figures of all units.",
    ),
    "Vedtakstimar": ("Vedtakstimer", "Decided hours"),
    "Overtid": ("Overtid", "Overtime"),
    "Vikarar og ekstrahjelp": ("Vikarer og ekstrahjelp", "Temporary staff"),
    "Alle einingane før og etter endringa": (
        "Alle enhetene før og etter endringen",
        "All units before and after the change",
    ),
    "I dag": ("I dag", "Today"),
    "Etter endringa": ("Etter endringen", "After the change"),
    "Endring i lønskostnad": ("Endring i lønnskostnad", "Change in wage cost"),
    "Vedtakstimar × endring × personalkostnad per vedtakstime": (
        "Vedtakstimer × endring × personalkostnad per vedtakstime",
        "Decided hours × change × staff cost per decided hour",
    ),
    "Matrise per trinn": ("Matrise per trinn", "Matrix per step"),
    "kroner": ("kroner", "NOK"),
    "Kjøp og eigenproduksjon": ("Kjøp og egenproduksjon", "Bought and own production"),
    "Budsjett og rekneskap": ("Budsjett og regnskap", "Budget and accounts"),
    "Kva trinn voks, kva krympa?": ("Hvilke trinn vokste, hvilke krympet?", "Which steps grew, which shrank?"),
    "Kort tekst": ("Kort tekst", "Short text"),
    "Kva det er": ("Hva det er", "What it is"),
    "Kva bebuaren betaler": ("Hva beboeren betaler", "What the resident pays"),
    "Logg over innloggingar, importar, eksportar og rolleendringar": (
        "Logg over innlogginger, importer, eksporter og rolleendringer",
        "Log of sign-ins, imports, exports and role changes",
    ),
    "Loggen kan ikkje endrast eller slettast frå trappa.": (
        "Loggen kan ikke endres eller slettes fra trappa.",
        "The log cannot be changed or deleted from trappa.",
    ),
    "Tid": ("Tid", "Time"),
    "Kven": ("Hvem", "Who"),
    "Kva": ("Hva", "What"),
    "Gjeld": ("Gjelder", "Concerns"),
    "Utfall": ("Utfall", "Outcome"),
    "Detaljar": ("Detaljer", "Details"),
    "Tilbakemeldingar om tilgjenge": ("Tilbakemeldinger om tilgjengelighet", "Feedback on accessibility"),
    "Det innbyggjarane har skrive i skjemaet på": (
        "Det innbyggerne har skrevet i skjemaet på",
        "What citizens wrote in the form on",
    ),
    "tilgjengelegheitserklæringa": ("tilgjengelighetserklæringen", "the accessibility statement"),
    ". Merk ei tilbakemelding som handsama når ho er svart på eller retta.": (
        ". Merk en tilbakemelding som behandlet når den er besvart eller rettet.",
        ". Mark a message as handled when it has been answered or fixed.",
    ),
    "Vis berre dei som ikkje er handsama": ("Vis bare de som ikke er behandlet", "Show only those not yet handled"),
    "Vis alle, også dei handsama": ("Vis alle, også de behandlede", "Show all, handled ones too"),
    "Nr.": ("Nr.", "No."),
    "Motteke": ("Mottatt", "Received"),
    "Side": ("Side", "Page"),
    "Melding": ("Melding", "Message"),
    "Kontakt": ("Kontakt", "Contact"),
    "Handsama": ("Behandlet", "Handled"),
    "Merk som handsama": ("Merk som behandlet", "Mark as handled"),
    "Ingen tilbakemeldingar å handsame.": ("Ingen tilbakemeldinger å behandle.", "No feedback to handle."),
    "Lagra. Endringa er synleg på dei opne sidene no.": (
        "Lagret. Endringen er synlig på de åpne sidene nå.",
        "Saved. The change shows on the public pages now.",
    ),
    "Tal på bueiningar (oppgitt av kommunen; tomt = ikkje vist)": (
        "Antall boenheter (oppgitt av kommunen; tomt = ikke vist)",
        "Number of units (as given by the municipality; empty = not shown)",
    ),
    "Lagre": ("Lagre", "Save"),
    "Last opp ei CSV- eller Excel-fil. Fila vert kontrollert heilt før noko vert lagra: er noko feil, vert ingenting lagra. Dataformata står i docs/data-contracts.md.": (
        "Last opp en CSV- eller Excel-fil. Filen kontrolleres helt før noe lagres: er noe feil, lagres ingenting. Dataformatene står i docs/data-contracts.md.",
        "Upload a CSV or Excel file. The whole file is checked before anything is stored: if anything is wrong, nothing is stored. The formats are in docs/data-contracts.md.",
    ),
    "Fila vart ikkje importert": ("Filen ble ikke importert", "The file was not imported"),
    "Feil i fila": ("Feil i filen", "Problems in the file"),
    "Fil": ("Fil", "File"),
    "Rad": ("Rad", "Row"),
    "Kolonne": ("Kolonne", "Column"),
    "Verdi": ("Verdi", "Value"),
    "Feil": ("Feil", "Problem"),
    "Slik rettar du": ("Slik retter du", "How to fix it"),
    "Kva slags fil": ("Hva slags fil", "Kind of file"),
    "Kontroller og importer": ("Kontroller og importer", "Check and import"),
    "Importhistorikk": ("Importhistorikk", "Import history"),
    "Type": ("Type", "Kind"),
    "Rader": ("Rader", "Rows"),
    "Status": ("Status", "Status"),
    "Ansvar med beløp og fordeling": ("Ansvar med beløp og fordeling", "Cost centres with amounts and keys"),
    "Ansvar": ("Ansvar", "Cost centre"),
    "Namn": ("Navn", "Name"),
    "Beløp (kr)": ("Beløp (kr)", "Amount (NOK)"),
    "Trinn og brukargruppe": ("Trinn og brukergruppe", "Step and user group"),
    "Utanfor trappa": ("Utenfor trappen", "Outside the staircase"),
    "Etter kostnad": ("Etter kostnad", "By cost"),
    "Fordel 100 %": ("Fordel 100 %", "Map 100 %"),
    "Etter kostnad (som dei direkte kostnadene)": (
        "Etter kostnad (som de direkte kostnadene)",
        "By cost (as the direct costs)",
    ),
    "brukargruppe": ("brukergruppe", "user group"),
    "del (%)": ("andel (%)", "share (%)"),
    "Lagre fordelinga": ("Lagre fordelingen", "Save the key"),
    "Kommunen sine innstillingar": ("Kommunens innstillinger", "The municipality's settings"),
    "Namnet står på alle sider og rapportar. Endringane vert førte i loggen.": (
        "Navnet står på alle sider og rapporter. Endringene føres i loggen.",
        "The name is shown on every page and report. Changes are written to the log.",
    ),
    "Lagra.": ("Lagret.", "Saved."),
    "Namn på kommunen": ("Navn på kommunen", "Name of the municipality"),
    "Kommunenummer (fire siffer)": ("Kommunenummer (fire sifre)", "Municipality number (four digits)"),
    "Språket sidene opnar på": ("Språket sidene åpner på", "The language pages open in"),
    "Vis tal per trinn på dei opne sidene (alltid som aggregat, med tal under 6 skjulte)": (
        "Vis tall per trinn på de åpne sidene (alltid som aggregater, med tall under 6 skjult)",
        "Show figures per step on the public pages (always as aggregates, counts under 6 hidden)",
    ),
    "Timar per brutto årsverk": ("Timer per brutto årsverk", "Hours per gross FTE"),
    "Timar per netto årsverk": ("Timer per netto årsverk", "Hours per net FTE"),
    "Behald trappa i bruk": ("Behold trappen i bruk", "Keep the staircase in use"),
    "Førehandsvising (ikkje lagra)": ("Forhåndsvisning (ikke lagret)", "Preview (not saved)"),
    "Førehandsvis": ("Forhåndsvis", "Preview"),
    "Tekstane innbyggjarane les på dei opne sidene. Vel eit trinn for å skrive om.": (
        "Tekstene innbyggerne leser på de åpne sidene. Velg et trinn for å skrive om.",
        "The texts citizens read on the public pages. Choose a step to rewrite.",
    ),
    "Bustadtypane, kva bebuaren betaler og tal på bueiningar der dei ikkje kjem frå plassdataa.": (
        "Boligtypene, hva beboeren betaler og antall boenheter der de ikke kommer fra plassdataene.",
        "The housing types, what residents pay, and the number of units where it does not come from the places data.",
    ),
    "Historikk for trappa": ("Historikk for trappen", "History of the staircase"),
    "Ingen endringar enno.": ("Ingen endringer ennå.", "No changes yet."),
    "Historikk for bustadtrappa": ("Historikk for boligtrappen", "History of the housing staircase"),
    "Nye brukarar vert oppretta med kommandoen": (
        "Nye brukere opprettes med kommandoen",
        "New users are created with the command",
    ),
    "trappa user add NAMN --role ROLLE": ("trappa user add NAVN --role ROLLE", "trappa user add NAME --role ROLE"),
    ". Ein brukar som vert slått av, får nytt passord eller ny rolle, vert logga ut med ein gong.": (
        ". En bruker som slås av, får nytt passord eller ny rolle, logges ut med en gang.",
        ". A user who is disabled, or gets a new password or role, is signed out at once.",
    ),
    "Brukar": ("Bruker", "User"),
    "Rolle": ("Rolle", "Role"),
    "Oppretta": ("Opprettet", "Created"),
    "Endre rolle": ("Endre rolle", "Change role"),
    "Nytt passord": ("Nytt passord", "New password"),
    "Slå av, på eller slett": ("Slå av, på eller slett", "Disable, enable or delete"),
    "Set passord": ("Sett passord", "Set password"),
    "Slett": ("Slett", "Delete"),
    "Trappa i": ("Trappen i", "The staircase in"),
    "framskriving og scenario": ("framskrivning og scenarioer", "projection and scenarios"),
    "Kontrollsummar: rekneskap": ("Kontrollsummer: regnskap", "Control totals: accounts"),
    "trinn": ("trinn", "steps"),
    "utanfor trappa": ("utenfor trappen", "outside the staircase"),
    "ikkje fordelt": ("ikke fordelt", "not mapped"),
    "Balanserer.": ("Balanserer.", "Balances."),
    "Balanserer ikkje!": ("Balanserer ikke!", "Does not balance!"),
    "Alle brukargrupper": ("Alle brukergrupper", "All user groups"),
    "Per brukargruppe": ("Per brukergruppe", "Per user group"),
    "Kroner per person": ("Kroner per person", "NOK per person"),
    "Oversikt": ("Oversikt", "Overview"),
    "Tenesteprofil": ("Tjenesteprofil", "Service profile"),
    "Framskriving": ("Framskrivning", "Projection"),
    "Import": ("Import", "Import"),
    "Fordelingsnøkkel": ("Fordelingsnøkkel", "Mapping key"),
    "Trinntekstar": ("Trinntekster", "Step texts"),
    "Kommunen": ("Kommunen", "Municipality"),
    "Brukarar": ("Brukere", "Users"),
    "Tilbakemeldingar": ("Tilbakemeldinger", "Feedback"),
    "Logg": ("Logg", "Audit log"),
    "Opne sider": ("Åpne sider", "Public pages"),
    "Innlogga som": ("Innlogget som", "Signed in as"),
    "Logg ut": ("Logg ut", "Sign out"),
    "Logg inn for tilsette": ("Logg inn for ansatte", "Staff sign-in"),
    "Feil brukarnamn eller passord.": ("Feil brukernavn eller passord.", "Wrong user name or password."),
    "For mange mislukka forsøk. Vent eit kvarter og prøv igjen.": (
        "For mange mislykkede forsøk. Vent et kvarter og prøv igjen.",
        "Too many failed attempts. Wait a quarter of an hour and try again.",
    ),
    "Skjemaet var for gammalt. Prøv igjen.": (
        "Skjemaet var for gammelt. Prøv igjen.",
        "The form had expired. Please try again.",
    ),
    "Brukarnamn": ("Brukernavn", "User name"),
    "Passord": ("Passord", "Password"),
    "Logg inn": ("Logg inn", "Sign in"),
    "Arbeidsflate for helse og omsorg": ("Arbeidsflate for helse og omsorg", "Workspace for health and care"),
    "Tenesteprofilen": ("Tjenesteprofilen", "The service profile"),
    ": personar, vedtak, timar, årsverk og kroner per trinn, med diagram og Excel.": (
        ": personer, vedtak, timer, årsverk og kroner per trinn, med diagrammer og Excel.",
        ": persons, decisions, hours, FTEs and kroner per step, with charts and Excel.",
    ),
    ": last opp rekneskap, årsverk, vedtak, plassar og fordelingsnøkkel.": (
        ": last opp regnskap, årsverk, vedtak, plasser og fordelingsnøkkel.",
        ": upload accounts, FTEs, decisions, places and the mapping key.",
    ),
    ": kvar krone på eit trinn, med det som ikkje er fordelt markert.": (
        ": hver krone på et trinn, med det som ikke er fordelt markert.",
        ": every krone on a step, with what is not mapped marked.",
    ),
    ": skriv om trinna slik innbyggjarane les dei.": (
        ": skriv om trinnene slik innbyggerne leser dem.",
        ": rewrite the steps as citizens read them.",
    ),
    ": namn, kommunenummer, språk, publisering og trapp.": (
        ": navn, kommunenummer, språk, publisering og trapp.",
        ": name, municipality number, language, publishing and staircase.",
    ),
    "om tilgjenge frå dei opne sidene.": (
        "om tilgjengelighet fra de åpne sidene.",
        "on accessibility from the public pages.",
    ),
    "Brukarar og roller": ("Brukere og roller", "Users and roles"),
    "og": ("og", "and"),
    "logg": ("logg", "audit log"),
    "Ingen rekneskap er importert enno.": ("Ingen regnskap er importert ennå.", "No accounts have been imported yet."),
    "År": ("År", "Year"),
    "Visning": ("Visning", "View"),
    "Vis": ("Vis", "Show"),
    "Last ned som Excel": ("Last ned som Excel", "Download as Excel"),
    "Brukargruppe": ("Brukergruppe", "User group"),
    "Brutto": ("Brutto", "Gross"),
    "Inntekter": ("Inntekter", "Income"),
    "Netto": ("Netto", "Net"),
    "Del": ("Andel", "Share"),
    "Årsverk": ("Årsverk", "FTEs"),
    "Vedtak": ("Vedtak", "Decisions"),
    "Timar/veke": ("Timer/uke", "Hours/week"),
    "Netto per person": ("Netto per person", "Net per person"),
    "Netto per vedtakstime": ("Netto per vedtakstime", "Net per decided hour"),
    "Plassar": ("Plasser", "Places"),
    "Netto per plass": ("Netto per plass", "Net per place"),
    "Sum trappa": ("Sum trappen", "Staircase total"),
    "Personar kan ikkje leggjast saman: ein person kan ha fleire trinn.": (
        "Personer kan ikke legges sammen: en person kan ha flere trinn.",
        "Persons cannot be added up: one person can be on several steps.",
    ),
    "Kjøp av tenester som erstattar kommunen si eiga drift (KOSTRA-art 300–399), og plassar som er merkte som kjøpte i plassdataa.": (
        "Kjøp av tjenester som erstatter kommunens egen drift (KOSTRA-art 300–399), og plasser som er merket som kjøpt i plassdataene.",
        "Purchases that replace the municipality's own production (KOSTRA account type 300–399), and places marked as bought in the places data.",
    ),
    "Eigenproduksjon (kr)": ("Egenproduksjon (kr)", "Own production (NOK)"),
    "Kjøp av tenester (kr)": ("Kjøp av tjenester (kr)", "Bought services (NOK)"),
    "Av dei kjøpte": ("Av dem kjøpt", "Of them bought"),
    "Netto per trinn i rekneskapen mot budsjettet. Avviket er rekneskap minus budsjett: eit positivt tal er meir brukt enn budsjettert.": (
        "Netto per trinn i regnskapet mot budsjettet. Avviket er regnskap minus budsjett: et positivt tall er mer brukt enn budsjettert.",
        "Net per step in the accounts against the budget. The deviation is accounts minus budget: a positive figure is more spent than budgeted.",
    ),
    "Budsjett netto": ("Budsjett netto", "Net budget"),
    "Rekneskap netto": ("Regnskap netto", "Net accounts"),
    "Avvik": ("Avvik", "Deviation"),
    "Endring": ("Endring", "Change"),
    "Stolpediagram: netto driftsutgifter per trinn; tala står i tabellen.": (
        "Stolpediagram: netto driftsutgifter per trinn; tallene står i tabellen.",
        "Bar chart: net operating expenditure per step; the figures are in the table.",
    ),
    "Stolpediagram: personar per trinn; tala står i tabellen.": (
        "Stolpediagram: personer per trinn; tallene står i tabellen.",
        "Bar chart: persons per step; the figures are in the table.",
    ),
    "Stolpediagram: netto per person per trinn; tala står i tabellen.": (
        "Stolpediagram: netto per person per trinn; tallene står i tabellen.",
        "Bar chart: net cost per person per step; the figures are in the table.",
    ),
    "Alternativ 0 held dagens dekningsgrader fast. Endre eit scenario under, så vert tala rekna ut på nytt med ein gong.": (
        "Alternativ 0 holder dagens dekningsgrader fast. Endre et scenario under, så regnes tallene ut på nytt med en gang.",
        "Alternative 0 holds today's coverage rates constant. Change a scenario below and the figures are recomputed at once.",
    ),
    "Lagra scenario": ("Lagrede scenarioer", "Saved scenarios"),
    "Berre alternativ 0": ("Bare alternativ 0", "Only alternative 0"),
    "Opne": ("Åpne", "Open"),
    "Namn på scenarioet": ("Navn på scenarioet", "Name of the scenario"),
    "Årleg realvekst i kostnad per person (%)": (
        "Årlig realvekst i kostnad per person (%)",
        "Yearly real growth in cost per person (%)",
    ),
    "Skildring": ("Beskrivelse", "Description"),
    "Flytt personar mellom trinn": ("Flytt personer mellom trinn", "Move persons between steps"),
    "Del (%)": ("Andel (%)", "Share (%)"),
    "frå trinn": ("fra trinn", "from step"),
    "til trinn": ("til trinn", "to step"),
    "innfasa frå": ("innfaset fra", "phased in from"),
    "til": ("til", "to"),
    "Endre dekningsgrad": ("Endre dekningsgrad", "Change a coverage rate"),
    "endring (%)": ("endring (%)", "change (%)"),
    "frå": ("fra", "from"),
    "Tak på plassar": ("Tak på plasser", "Cap on places"),
    "plassar": ("plasser", "places"),
    "frå år": ("fra år", "from year"),
    "dei som ikkje får plass": ("de som ikke får plass", "those without a place"),
    "står som udekt behov": ("står som udekket behov", "are shown as unmet need"),
    "Rekn ut": ("Regn ut", "Compute"),
    "Lagre scenarioet": ("Lagre scenarioet", "Save the scenario"),
    "Befolkninga er ei demoframskriving (Alver 2021 framskriven av trappa), ikkje SSB si.": (
        "Befolkningen er en demoframskrivning (Alver 2021 framskrevet av trappa), ikke SSBs.",
        "The population is a demo projection (Alver 2021 projected by trappa), not Statistics Norway's.",
    ),
    "Låg–høg": ("Lav–høy", "Low–high"),
    "Udekt behov": ("Udekket behov", "Unmet need"),
    "Scenario": ("Scenario", "Scenario"),
    "Personar (sum over trinn)": ("Personer (sum over trinn)", "Persons (sum over steps)"),
    "Årsverk ein kan rekne med": ("Årsverk en kan regne med", "FTEs that can be counted on"),
    "Netto driftsutgifter (MNOK)": ("Netto driftsutgifter (MNOK)", "Net operating expenditure (MNOK)"),
    "lesar": ("leser", "viewer"),
    "redaktør": ("redaktør", "editor"),
    "analytikar": ("analytiker", "analyst"),
    "administrator": ("administrator", "administrator"),
    "Tilgjengelegheitserklæring": ("Tilgjengelighetserklæring", "Accessibility statement"),
    "Denne nettstaden skal kunne brukast av alle. Han følgjer krava i forskrift om universell utforming av IKT-løysingar, som viser til WCAG 2.1 nivå AA.": (
        "Dette nettstedet skal kunne brukes av alle. Det følger kravene i forskrift om universell utforming av IKT-løsninger, som viser til WCAG 2.1 nivå AA.",
        "This website is meant to be usable by everyone. It follows the Norwegian regulation on universal design of ICT, which refers to WCAG 2.1 level AA.",
    ),
    "Slik har vi testa": ("Slik har vi testet", "How we tested"),
    "Automatisk testing med axe-core av alle opne sider, i ein ekte nettlesar, kvar gong koden endrar seg.": (
        "Automatisk testing med axe-core av alle åpne sider, i en ekte nettleser, hver gang koden endres.",
        "Automatic testing with axe-core of every public page, in a real browser, every time the code changes.",
    ),
    "Heile trappa kan brukast med tastatur åleine, med synleg fokus.": (
        "Hele trappen kan brukes med tastatur alene, med synlig fokus.",
        "The whole staircase can be used with a keyboard alone, with visible focus.",
    ),
    "Alle diagram har ein teksttabell med dei same tala.": (
        "Alle diagrammer har en teksttabell med de samme tallene.",
        "Every chart has a text table with the same figures.",
    ),
    "Sidene kan lesast på ein skjerm som er 320 pikslar brei, og skrivast ut.": (
        "Sidene kan leses på en skjerm som er 320 piksler bred, og skrives ut.",
        "The pages can be read on a screen 320 pixels wide, and printed.",
    ),
    "Kjende manglar": ("Kjente mangler", "Known issues"),
    "Vi kjenner ikkje til brot på krava. Finn du noko, vil vi gjerne høyre om det.": (
        "Vi kjenner ikke til brudd på kravene. Finner du noe, vil vi gjerne høre om det.",
        "We know of no breaches of the requirements. If you find one, please tell us.",
    ),
    "Gi tilbakemelding": ("Gi tilbakemelding", "Give feedback"),
    "Takk! Tilbakemeldinga er motteken.": (
        "Takk! Tilbakemeldingen er mottatt.",
        "Thank you! Your feedback has been received.",
    ),
    "Skriv kva som ikkje fungerer før du sender.": (
        "Skriv hva som ikke fungerer før du sender.",
        "Describe what does not work before sending.",
    ),
    "Skjemaet var for gammalt. Prøv å sende på nytt.": (
        "Skjemaet var for gammelt. Prøv å sende på nytt.",
        "The form had expired. Please send it again.",
    ),
    "Kva fungerte ikkje?": ("Hva fungerte ikke?", "What did not work?"),
    "Kva side gjeld det? (valfritt)": ("Hvilken side gjelder det? (valgfritt)", "Which page is it about? (optional)"),
    "E-post eller telefon om du vil ha svar (valfritt)": (
        "E-post eller telefon hvis du vil ha svar (valgfritt)",
        "Email or phone if you would like a reply (optional)",
    ),
    "Send tilbakemelding": ("Send tilbakemelding", "Send feedback"),
    "Du kan òg klage til Tilsynet for universell utforming av IKT (uutilsynet.no) om du ikkje får svar.": (
        "Du kan også klage til Tilsynet for universell utforming av IKT (uutilsynet.no) hvis du ikke får svar.",
        "You can also complain to the Authority for Universal Design of ICT (uutilsynet.no) if you get no answer.",
    ),
    "Tenestetrappa": ("Tjenestetrappen", "The service staircase"),
    "Gå til innhaldet": ("Gå til innholdet", "Skip to content"),
    "Helse og omsorg": ("Helse og omsorg", "Health and care"),
    "Språk": ("Språk", "Language"),
    "Hovudmeny": ("Hovedmeny", "Main menu"),
    "Bustadtrappa": ("Boligtrappen", "The housing staircase"),
    "Bruk trappa på eigen nettstad": ("Bruk trappen på eget nettsted", "Use the staircase on your own website"),
    "Laga med trappa, fri programvare for planlegging i helse og omsorg.": (
        "Laget med trappa, fri programvare for planlegging i helse og omsorg.",
        "Made with trappa, free software for planning in health and care.",
    ),
    "Fann ikkje sida": ("Fant ikke siden", "Page not found"),
    "Til tenestetrappa": ("Til tjenestetrappen", "To the service staircase"),
    "Bustadtrappa viser bustadene kommunen har, frå eigen heim til institusjon, og kva som høyrer til kvar av dei.": (
        "Boligtrappen viser boligene kommunen har, fra eget hjem til institusjon, og hva som hører til hver av dem.",
        "The housing staircase shows the municipality's housing, from your own home to an institution, and what comes with each.",
    ),
    "Kven er det for": ("Hvem er det for", "Who it is for"),
    "Tenester": ("Tjenester", "Services"),
    "Kva du betaler": ("Hva du betaler", "What you pay"),
    "Tal på bueiningar": ("Antall boenheter", "Number of units"),
    "Bustadtypane, frå eigen heim til institusjon": (
        "Boligtypene, fra eget hjem til institusjon",
        "The housing types, from your own home to an institution",
    ),
    "plassar i": ("plasser i", "places in"),
    "Millionar kroner": ("Millioner kroner", "Million NOK"),
    "Kvifor negativt?": ("Hvorfor negativt?", "Why negative?"),
    "Netto driftsutgifter er negative fordi inntektene på trinnet er større enn utgiftene, til dømes refusjonar, tilskot eller betaling frå andre kommunar. Difor viser vi ikkje kostnad per person her.": (
        "Netto driftsutgifter er negative fordi inntektene på trinnet er større enn utgiftene, for eksempel refusjoner, tilskudd eller betaling fra andre kommuner. Derfor viser vi ikke kostnad per person her.",
        "Net operating expenditure is negative because the step's income is larger than its costs, for example refunds, grants or payments from other municipalities. So no cost per person is shown here.",
    ),
    "oppgitt av kommunen": ("oppgitt av kommunen", "as given by the municipality"),
    "Kommunen kan vise trappa på sin eigen nettstad. Lim inn denne koden der trappa skal stå:": (
        "Kommunen kan vise trappen på sitt eget nettsted. Lim inn denne koden der trappen skal stå:",
        "The municipality can show the staircase on its own website. Paste this code where it should appear:",
    ),
    "Kode å lime inn": ("Kode å lime inn", "Code to paste"),
    "Den innebygde trappa har same innhald, tilgjengelegheit og språkval som her, utan meny og botntekst.": (
        "Den innebygde trappen har samme innhold, tilgjengelighet og språkvalg som her, uten meny og bunntekst.",
        "The embedded staircase has the same content, accessibility and language choice as here, without menu and footer.",
    ),
    "Sjå den innebygde visinga": ("Se den innebygde visningen", "See the embedded view"),
    "Trappa viser tenestene i helse og omsorg, frå det som er ope for alle til det som krev mest hjelp. Vel eit trinn for å lese kva det er, kven det er for og korleis du søkjer.": (
        "Trappen viser tjenestene i helse og omsorg, fra det som er åpent for alle til det som krever mest hjelp. Velg et trinn for å lese hva det er, hvem det er for og hvordan du søker.",
        "The staircase shows the health and care services, from what is open to everyone to what takes the most help. Choose a step to read what it is, who it is for and how to apply.",
    ),
    "Trinna i trappa, frå minst til mest hjelp": (
        "Trinnene i trappen, fra minst til mest hjelp",
        "The steps of the staircase, from least to most help",
    ),
    "Tal for trappa": ("Tall for trappen", "Figures for the staircase"),
    "Tal for personar med vedtak og netto driftsutgifter per trinn. Tal for 1–5 personar er skjulte av omsyn til personvernet.": (
        "Tall for personer med vedtak og netto driftsutgifter per trinn. Tall for 1–5 personer er skjult av hensyn til personvernet.",
        "Number of people with a decision and net operating cost per step. Counts of 1–5 people are hidden to protect privacy.",
    ),
    "Stolpediagram: personar per trinn. Dei same tala står i tabellen under.": (
        "Stolpediagram: personer per trinn. De samme tallene står i tabellen under.",
        "Bar chart: people per step. The same figures are in the table below.",
    ),
    "Stolpediagram: netto driftsutgifter per trinn. Dei same tala står i tabellen under.": (
        "Stolpediagram: netto driftsutgifter per trinn. De samme tallene står i tabellen under.",
        "Bar chart: net operating cost per step. The same figures are in the table below.",
    ),
    "Personar og netto driftsutgifter per trinn": (
        "Personer og netto driftsutgifter per trinn",
        "People and net operating cost per step",
    ),
    "Trinn": ("Trinn", "Step"),
    "Personar": ("Personer", "People"),
    "Netto driftsutgifter (1000 kr)": ("Netto driftsutgifter (1000 kr)", "Net operating cost (NOK 1000)"),
    "skjult: færre enn 6": ("skjult: færre enn 6", "hidden: fewer than 6"),
    "Sum": ("Sum", "Total"),
    "Ein person kan ha tenester på fleire trinn, så personane kan ikkje leggjast saman.": (
        "En person kan ha tjenester på flere trinn, så personene kan ikke legges sammen.",
        "A person can have services on several steps, so the people cannot be added up.",
    ),
    "Brødsmuler": ("Brødsmuler", "Breadcrumbs"),
    "Mål": ("Mål", "Goal"),
    "Slik søkjer du": ("Slik søker du", "How to apply"),
    "Tal for trinnet": ("Tall for trinnet", "Figures for this step"),
    "Personar med vedtak": ("Personer med vedtak", "People with a decision"),
    "Netto driftsutgifter": ("Netto driftsutgifter", "Net operating cost"),
    "tusen kroner": ("tusen kroner", "thousand kroner"),
    "Andre trinn": ("Andre trinn", "Other steps"),
    "Personar per trinn": ("Personer per trinn", "People per step"),
    "Netto driftsutgifter per trinn": ("Netto driftsutgifter per trinn", "Net operating cost per step"),
    "Kroner": ("Kroner", "Kroner"),
    "Ikkje tilgang": ("Ingen tilgang", "No access"),
    "Noko gjekk gale": ("Noe gikk galt", "Something went wrong"),
    "Rolla di gir ikkje tilgang til denne sida. Spør ein administrator om du treng det.": (
        "Rollen din gir ikke tilgang til denne siden. Spør en administrator hvis du trenger det.",
        "Your role does not give access to this page. Ask an administrator if you need it.",
    ),
    "alle einingane": ("alle enhetene", "all units"),
    "Kvart nøkkeltal månad for månad som eit SPC-diagram: er endringa ekte, eller vanleg variasjon? Grensene kjem frå alle månadene sidan siste nye utgangspunkt.": (
        "Hvert nøkkeltall måned for måned som et SPC-diagram: er endringen ekte, eller vanlig variasjon? Grensene kommer fra alle månedene siden siste nye utgangspunkt.",
        "Every key figure month by month as an SPC chart: is the change real, or common cause variation? The limits come from all months since the last re-base.",
    ),
    "Eining": ("Enhet", "Unit"),
    "Last ned som CSV": ("Last ned som CSV", "Download as CSV"),
    "Tiltak og effekten deira": ("Tiltak og effekten av dem", "Measures and their effect"),
    "Trappa månad for månad": ("Trappen måned for måned", "The staircase month by month"),
    "Skriv ut sida for ei papirutgåve av tavla.": (
        "Skriv ut siden for en papirutgave av tavlen.",
        "Print the page for a paper copy of the board.",
    ),
    "Signal siste månad": ("Signaler siste måned", "Signals in the last month"),
    "Ei eining er ei gruppe ansvar: eit bufellesskap, ei heimetenestesone, eit aktivitetssenter. Nøkkeltala og måltavla er per eining. Eit ansvar høyrer til éi eining. Einingane kan òg importerast frå ei fil (filtypen «Einingar»).": (
        "En enhet er en gruppe ansvar: et bofellesskap, en hjemmetjenestesone, et aktivitetssenter. Nøkkeltallene og måltavlen er per enhet. Et ansvar hører til én enhet. Enhetene kan også importeres fra en fil (filtypen «Einingar»).",
        "A unit is a group of cost centres: a group home, a home-care district, an activity centre. The key figures and the monthly board are per unit. A cost centre belongs to one unit. Units can also be imported from a file (the kind «Einingar»).",
    ),
    "Einingane og ansvara deira": ("Enhetene og ansvarene deres", "The units and their cost centres"),
    "Einingar": ("Enheter", "Units"),
    "Endre eller fjerne": ("Endre eller fjerne", "Change or remove"),
    "Endre": ("Endre", "Change"),
    "Ingen einingar enno.": ("Ingen enheter ennå.", "No units yet."),
    "Endre ei eining": ("Endre en enhet", "Change a unit"),
    "Ny eining, eller endre ei": ("Ny enhet, eller endre en", "New unit, or change one"),
    "Skriv namnet på ei eining som finst for å gi ho nye ansvar og plassar.": (
        "Skriv navnet på en enhet som finnes for å gi den nye ansvar og plasser.",
        "Type the name of an existing unit to give it new cost centres and places.",
    ),
    "Ansvar (skilde med komma eller mellomrom)": (
        "Ansvar (skilt med komma eller mellomrom)",
        "Cost centres (separated by commas or spaces)",
    ),
    "Plassar (valfritt)": ("Plasser (valgfritt)", "Places (optional)"),
    "Lagre eininga": ("Lagre enheten", "Save the unit"),
    "Lønsartar som skil seg frå KOSTRA-standarden (éi linje per art: art = del)": (
        "Lønnsarter som skiller seg fra KOSTRA-standarden (én linje per art: art = del)",
        "Wage account types that differ from the KOSTRA default (one line per type: type = part)",
    ),
    "Til dømes «10150 = faste tillegg». Delane er": (
        "For eksempel «10150 = faste tillegg». Delene er",
        "For example «10150 = faste tillegg». The parts are",
    ),
    "Tom: KOSTRA-standarden (010 fast løn, 020 og 030 vikarar og ekstrahjelp, 040 overtid, 050 annan løn, 090 og 099 pensjon og arbeidsgjevaravgift).": (
        "Tom: KOSTRA-standarden (010 fast lønn, 020 og 030 vikarer og ekstrahjelp, 040 overtid, 050 annen lønn, 090 og 099 pensjon og arbeidsgiveravgift).",
        "Empty: the KOSTRA default (010 fixed pay, 020 and 030 temporary and extra help, 040 overtime, 050 other pay, 090 and 099 pension and employer's tax).",
    ),
    "Endre tiltaket": ("Endre tiltaket", "Change the measure"),
    "Lagre endringane": ("Lagre endringene", "Save the changes"),
    "Nye utgangspunkt, faste grenser og tiltak": (
        "Nye utgangspunkt, faste grenser og tiltak",
        "New baselines, fixed limits and measures",
    ),
    "Fjern nytt utgangspunkt frå": ("Fjern nytt utgangspunkt fra", "Remove the new baseline from"),
    "Fjern faste grenser til": ("Fjern faste grenser til", "Remove the fixed limits up to"),
    "Fjern": ("Fjern", "Remove"),
    "faste grenser frå månadene til og med": (
        "faste grenser fra månedene til og med",
        "fixed limits from the months up to",
    ),
    "Faste grenser": ("Faste grenser", "Fixed limits"),
    "Når prosessen er forstått, kan grensene festast til månadene fram til og med ein månad (minst 12 sidan siste utgangspunkt). Seinare månader vert då vurderte mot desse grensene i staden for å flytte dei.": (
        "Når prosessen er forstått, kan grensene festes til månedene frem til og med en måned (minst 12 siden siste utgangspunkt). Senere måneder blir da vurdert mot disse grensene i stedet for å flytte dem.",
        "Once the process is understood, the limits can be fixed to the months up to and including one month (at least 12 since the last new baseline). Later months are then judged against these limits instead of moving them.",
    ),
    "Til og med månad": ("Til og med måned", "Up to and including"),
    "grensene er faste, rekna frå dei første": (
        "grensene er faste, regnet fra de første",
        "the limits are fixed, computed from the first",
    ),
    "månadene sidan siste utgangspunkt": ("månedene siden siste utgangspunkt", "months since the last new baseline"),
    "Nøkkeltal som har betra seg eller gir grunn til uro siste månad, per eining": (
        "Nøkkeltall som har bedret seg eller gir grunn til bekymring siste måned, per enhet",
        "Key figures that improved or give cause for concern in the last month, by unit",
    ),
    "Ingen nøkkeltal har betra seg eller gir grunn til uro siste månad.": (
        "Ingen nøkkeltall har bedret seg eller gir grunn til bekymring siste måned.",
        "No key figure improved or gave cause for concern in the last month.",
    ),
    "Særskild variasjon i nøkkeltal utan retning": (
        "Spesiell variasjon i nøkkeltall uten retning",
        "Special cause variation in key figures without a direction",
    ),
    "Desse nøkkeltala har ingen betre eller verre retning, til dømes kostnad per årsverk, som stig med lønsoppgjeret. Eit signal her seier at noko har endra seg, ikkje at det er godt eller dårleg.": (
        "Disse nøkkeltallene har ingen bedre eller verre retning, for eksempel kostnad per årsverk, som stiger med lønnsoppgjøret. Et signal her sier at noe har endret seg, ikke at det er godt eller dårlig.",
        "These key figures have no better or worse direction, for example cost per FTE, which rises with the annual pay settlement. A signal here says that something has changed, not that it is good or bad.",
    ),
    "Nøkkeltala": ("Nøkkeltallene", "The key figures"),
    "mål": ("mål", "target"),
    "nytt utgangspunkt": ("nytt utgangspunkt", "re-base"),
    "tiltak": ("tiltak", "measure"),
    "Nytt utgangspunkt": ("Nytt utgangspunkt", "Re-base"),
    "Når prosessen har endra seg for godt (til dømes etter eit tiltak), kan grensene reknast på nytt frå ein månad. Det krev ei grunngjeving, som vert vist i diagrammet.": (
        "Når prosessen har endret seg for godt (for eksempel etter et tiltak), kan grensene regnes på nytt fra en måned. Det krever en begrunnelse, som vises i diagrammet.",
        "When the process has changed for good (after a measure, say), the limits can be computed again from a month. That needs a reason, which is shown on the chart.",
    ),
    "Frå månad": ("Fra måned", "From month"),
    "Grunngjeving": ("Begrunnelse", "Reason"),
    "Tiltak (valfritt)": ("Tiltak (valgfritt)", "Measure (optional)"),
    "Tiltak": ("Tiltak", "Measures"),
    "Start": ("Start", "Start"),
    "Forventa innsparing per år": ("Forventet innsparing per år", "Expected saving a year"),
    "Forventa endring": ("Forventet endring", "Expected change"),
    "Merknad": ("Merknad", "Note"),
    "Effekt": ("Effekt", "Effect"),
    "Før og etter starten (gjennomsnitt per månad)": (
        "Før og etter starten (gjennomsnitt per måned)",
        "Before and after the start (mean per month)",
    ),
    "Før": ("Før", "Before"),
    "Etter": ("Etter", "After"),
    "SPC-diagram med nytt utgangspunkt ved starten av tiltaket; tala står på sida til nøkkeltalet.": (
        "SPC-diagram med nytt utgangspunkt ved starten av tiltaket; tallene står på siden til nøkkeltallet.",
        "SPC chart re-based at the start of the measure; the figures are on the key figure's page.",
    ),
    "Heile diagrammet med tala": ("Hele diagrammet med tallene", "The whole chart with its figures"),
    "Tiltaka kommunen har vedteke, med forventa effekt. Kvart tiltak vert teikna i SPC-diagramma til eininga frå startmånaden, og sida til tiltaket viser om prosessen endra seg.": (
        "Tiltakene kommunen har vedtatt, med forventet effekt. Hvert tiltak tegnes i SPC-diagrammene til enheten fra startmåneden, og siden til tiltaket viser om prosessen endret seg.",
        "The measures the municipality has decided, with their expected effect. Each measure is drawn on its unit's SPC charts from its start month, and its page shows whether the process changed.",
    ),
    "Forventa innsparing (MNOK)": ("Forventet innsparing (MNOK)", "Expected saving (MNOK)"),
    "Ingen tiltak er registrerte enno.": ("Ingen tiltak er registrert ennå.", "No measures registered yet."),
    "Nytt tiltak": ("Nytt tiltak", "New measure"),
    "Nøkkeltal det skal flytte": ("Nøkkeltall det skal flytte", "Key figure it should move"),
    "Startmånad (2024-03)": ("Startmåned (2024-03)", "Start month (2024-03)"),
    "Forventa innsparing per år (MNOK)": ("Forventet innsparing per år (MNOK)", "Expected saving a year (MNOK)"),
    "Forventa endring i nøkkeltalet": ("Forventet endring i nøkkeltallet", "Expected change of the key figure"),
    "Lagre tiltaket": ("Lagre tiltaket", "Save the measure"),
    "leiar": ("leder", "leader"),
    "når målet kvar gong": ("når målet hver gang", "meets the target every time"),
    "når ikkje målet": ("når ikke målet", "does not meet the target"),
    "når målet av og til": ("når målet av og til", "hits or misses the target"),
    "planlagt": ("planlagt", "planned"),
    "i gang": ("i gang", "running"),
    "gjennomført": ("gjennomført", "done"),
    "stoppa": ("stoppet", "stopped"),
    "Tiltaket har ikkje eit nøkkeltal å følgje.": (
        "Tiltaket har ikke et nøkkeltall å følge.",
        "The measure has no key figure to follow.",
    ),
    "Ingen månadstal for dette nøkkeltalet enno.": (
        "Ingen månedstall for dette nøkkeltallet ennå.",
        "No monthly figures for this key figure yet.",
    ),
    "For få månader før eller etter starten til å seie noko enno.": (
        "For få måneder før eller etter starten til å si noe ennå.",
        "Too few months before or after the start to say anything yet.",
    ),
    "Ingen særskild endring: etter starten varierer talet som før.": (
        "Ingen spesiell endring: etter starten varierer tallet som før.",
        "No special change: after the start the figure varies as before.",
    ),
    "Prosessen har endra seg etter starten.": (
        "Prosessen har endret seg etter starten.",
        "The process changed after the start.",
    ),
    "Prosessen har endra seg etter starten, i den retninga tiltaket skulle.": (
        "Prosessen har endret seg etter starten, i den retningen tiltaket skulle.",
        "The process changed after the start, in the direction the measure intended.",
    ),
    "Prosessen har endra seg etter starten, men i feil retning.": (
        "Prosessen har endret seg etter starten, men i feil retning.",
        "The process changed after the start, but in the wrong direction.",
    ),
    "Einingar (for leiarar)": ("Enheter (for ledere)", "Units (for leaders)"),
    "Einingane til": ("Enhetene til", "Units of"),
    "einingane til": ("enhetene til", "units of"),
    "Importer einingane først.": ("Importer enhetene først.", "Import the units first."),
    "Utan månadstal (dei treng data med månad, sjå docs/data-contracts.md):": (
        "Uten månedstall (de trenger data med måned, se docs/data-contracts.md):",
        "Without monthly figures (they need data by month, see docs/data-contracts.md):",
    ),
}


def source_strings() -> list[str]:
    found: list[str] = []
    for _file, _line, message, _comments, _context in extract_from_dir(str(WEB), METHODS, keywords=KEYWORDS):
        if isinstance(message, str) and message not in found:
            found.append(message)
    return found


def main() -> int:
    strings = source_strings()
    missing = [s for s in strings if s not in TRANSLATIONS]
    if missing:
        print("Strings without a translation (add them to scripts/translations.py):", *missing, sep="\n  ")
        return 1
    if "--check" in sys.argv:
        return 0
    for index, language in enumerate(("nb", "en")):
        catalog = Catalog(locale=language, project="trappa", domain="messages")
        for s in strings:
            catalog.add(s, TRANSLATIONS[s][index])
        path = WEB / "locale" / language / "LC_MESSAGES" / "messages.po"
        with path.open("wb") as fh:
            write_po(fh, catalog, omit_header=False, sort_output=True, width=120)
        print(f"wrote {path} ({len(strings)} strings)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
