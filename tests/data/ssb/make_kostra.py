"""Writes the KOSTRA answers the tests read (tables 12362, 12209, 12293): see README.md here.

Run from the repository root: python tests/data/ssb/make_kostra.py
"""

from __future__ import annotations

import json
from pathlib import Path

from trappa.demo.kostra import dataset, dimension, metadata

HERE = Path(__file__).parent
REGIONS = [("3025", "Asker (-2023)"), ("3203", "Asker"), ("4631", "Alver"), ("4601", "Bergen"),
           ("EKG13", "KOSTRA-gruppe 13"), ("EAK", "Landet"), ("EAKUO", "Landet uten Oslo")]  # fmt: skip
YEARS = [("2022", "2022"), ("2023", "2023"), ("2024", "2024")]
FUNCTIONS = [("234", "234 Aktiviserings- og servicetjenester overfor eldre og personer med funksjonsnedsettelser"),
             ("253", "253 Helse- og omsorgstjenester i institusjon"),
             ("254", "254 Helse- og omsorgstjenester til hjemmeboende")]  # fmt: skip


def exists(region: str, year: str) -> bool:
    # Asker was 3025 until 2023 and 3203 from 2024; SSB has no figures for a number in a year it was not in use
    return not ((region == "3025" and year == "2024") or (region == "3203" and year != "2024"))


def expenses(cell: dict[str, str]) -> float | None:
    region, function, year = cell["KOKkommuneregion0000"], cell["KOKfunksjon0000"], cell["Tid"]
    if not exists(region, year):
        return None
    per = {"234": 1200.0, "253": 14000.0, "254": 16000.0}[function]
    per *= {"3025": 0.95, "3203": 0.97, "4631": 1.10, "4601": 1.0, "EKG13": 0.98, "EAK": 1.0, "EAKUO": 0.96}[region]
    per *= 1 + 0.04 * (int(year) - 2022)
    if cell["ContentsCode"] == "KOSbelopinnbygge0000":
        return round(per)
    people = {"3025": 96_000, "3203": 98_000, "4631": 30_000, "4601": 290_000, "EKG13": 2_400_000,
              "EAK": 5_500_000, "EAKUO": 4_800_000}[region]  # fmt: skip
    return round(per * people / 1000)


def care(cell: dict[str, str]) -> float | None:
    region, year, code = cell["KOKkommuneregion0000"], cell["Tid"], cell["ContentsCode"]
    if not exists(region, year):
        return None
    if region == "4631" and code == "KOSlegetimperbeb0000" and year == "2024":
        return None  # suppressed: fewer than 5 residents behind the figure
    return {"KOShjtj80aarover0001": 26.9, "KOSsykhjand80aar0000": 11.2, "KOSaarsvbrukerom0000": 0.45,
            "KOSlegetimperbeb0000": 0.62, "KOSbeleggomsorgs0000": 97.1, "KOSlangtid80aaro0001": 9.1,
            "KOSmottakhj0660000": 13.4}[code]  # fmt: skip


def main() -> None:
    tables = {
        "12362": dataset("12362", {
            "KOKkommuneregion0000": dimension("region", REGIONS),
            "KOKfunksjon0000": dimension("funksjon", FUNCTIONS),
            "KOKart0000": dimension("art", [("AGD2", "Netto driftsutgifter"), ("AGD10", "Brutto driftsutgifter")]),
            "ContentsCode": dimension("statistikkvariabel", [("KOSbelopinnbygge0000", "Kroner per innbygger"),
                                                             ("KOSbelop0000", "Beløp (1000 kr)")]),
            "Tid": dimension("år", YEARS),
        }, lambda c: expenses(c) if c["KOKart0000"] == "AGD2" else None),
        # 12209 lacks KOSinnbbolig80aa0000 here: a code the catalogue names that the table does not have
        "12209": dataset("12209", {
            "KOKkommuneregion0000": dimension("region", REGIONS),
            "ContentsCode": dimension("statistikkvariabel", [
                ("KOShjtj80aarover0001", "Andel innbyggere 80 år og over som bruker hjemmetjenester"),
                ("KOSsykhjand80aar0000", "Andel innbyggere 80 år og over i institusjon"),
                ("KOSaarsvbrukerom0000", "Årsverk per bruker av omsorgstjenester"),
                # a code the catalogue does not name: found by its label
                ("KOSmottakhj0660000", "Mottakere av hjemmetjenester, per 1000 innbyggere 0-66 år")]),
            "Tid": dimension("år", YEARS),
        }, care),
        "12293": dataset("12293", {
            "KOKkommuneregion0000": dimension("region", REGIONS),
            "ContentsCode": dimension("statistikkvariabel", [
                ("KOSlangtid80aaro0001", "Andel innbyggere 80 år og over med langtidsopphold i sykehjem"),
                ("KOSlegetimperbeb0000", "Legetimer per uke per beboer i sykehjem"),
                ("KOSbeleggomsorgs0000", "Andel beboere i institusjon av antall plasser (belegg)")]),
            "Tid": dimension("år", YEARS),
        }, care),
    }  # fmt: skip
    for table_id, data in tables.items():
        (HERE / f"{table_id}-data.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        (HERE / f"{table_id}-metadata.json").write_text(json.dumps(metadata(data), ensure_ascii=False), "utf-8")


if __name__ == "__main__":
    main()
