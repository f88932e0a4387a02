"""The resource calculator (ressurskalkulator) for the allocation office, on the year's price catalogue.

A case (YAML or the web form) is up to four alternatives for one person; it is priced with the
catalogue of its year (or the year asked for, to compare with last year's prices), and can be saved
and opened again. Saved cases hold no name and no identity number: a reference that looks like a
national identity number is refused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trappa.errors import TrappaError
from trappa.ingest.identity import is_identity_number
from trappa.ingest.yaml_doc import load_model, model_from
from trappa.model.calculator import Case, CaseResult, MissingPrices, calculate
from trappa.model.refund import RefundRule, refund
from trappa.services import audit, municipality
from trappa.services import prices as price_service
from trappa.services.database import Database
from trappa.store import prices as store

__all__ = ["Calculation", "Case", "calculate_case", "delete", "opened", "read_case", "save", "saved"]

EXPECTED = "felta alternatives (og valfritt reference, catalogue_year, buys); sjå docs/calculator.md"


@dataclass(frozen=True)
class Calculation:
    case: Case
    catalogue: price_service.Catalogue
    result: CaseResult
    refund_rule: RefundRule | None = None  # the year's rule for high-cost users, when the municipality set one
    refunds: list[float] | None = None  # per alternative; None without a rule or the person's age

    @property
    def nets(self) -> list[float] | None:
        """Each alternative's cost a year less the state's refund: what the municipality pays."""
        if self.refunds is None:
            return None
        return [a.total - r for a, r in zip(self.result.alternatives, self.refunds, strict=True)]


def refund_rule(db: Database, year: int) -> RefundRule | None:
    """The municipality's rule for the state's refund for high-cost users in ``year``, if it set a threshold."""
    settings = municipality.load(db)
    threshold = settings.refund_thresholds.get(str(year))
    if threshold is None:
        return None
    return RefundRule(threshold, settings.refund_share, settings.refund_age_limit, settings.refund_wage_share)


def check_reference(reference: str) -> None:
    digits = re.sub(r"\D", "", reference)
    if any(is_identity_number(digits[i : i + 11]) for i in range(max(0, len(digits) - 10))):
        raise TrappaError("Referansen ser ut som eit fødselsnummer. Bruk saksnummeret, aldri personnummer eller namn.")


def case_from(data: dict[str, Any], source: str = "utrekninga") -> Case:
    case = model_from(data, Case, source)
    check_reference(case.reference)
    return case


def read_case(path: Path) -> Case:
    case = load_model(path, Case, EXPECTED)
    check_reference(case.reference)
    return case


def _latest_year(db: Database) -> int:
    years = sorted({c["year"] for c in price_service.catalogues(db)})
    if not years:
        raise TrappaError("Ingen prisliste enno. Rekn ut ei frå profilen (trappa prices compute) eller importer ei.")
    return years[-1]


def calculate_case(db: Database, case: Case, *, catalogue_year: int | None = None) -> Calculation:
    """The case priced with the catalogue of ``catalogue_year``, else the case's own year, else the latest."""
    year = catalogue_year or case.catalogue_year or _latest_year(db)
    catalogue = price_service.catalogue(db, year)
    try:
        result = calculate(case, catalogue.prices)
    except MissingPrices as exc:
        raise TrappaError(
            f"Prislista for {year} manglar pris for: {'; '.join(exc.missing)}. Skriv inn eller importer prisane."
        ) from None
    rule = refund_rule(db, year)
    refunds = (
        None if rule is None or case.age is None else [refund(a.total, rule, case.age) for a in result.alternatives]
    )
    return Calculation(case, catalogue, result, rule, refunds)


def save(db: Database, actor: str | None, name: str, case: Case, calc_id: int | None = None) -> int:
    """Save (or, with ``calc_id``, save over) a case under a name; returns its number."""
    name = name.strip()
    if not name:
        raise TrappaError("Gi utrekninga eit namn, til dømes «Vurdering heimeteneste eller korttid».")
    check_reference(case.reference)
    document = json.dumps(case.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False, sort_keys=True)
    saved_id = store.save_calculation(db, {"name": name[:120], "reference": case.reference, "document": document},
                                      actor, calc_id)  # fmt: skip
    if not saved_id:
        raise TrappaError("Fann ikkje utrekninga.")
    audit.record(db, actor, "calculation", f"{saved_id}: {name[:120]}", "ok", "endra" if calc_id else "ny")
    return saved_id


def saved(db: Database) -> list[dict[str, Any]]:
    return [{k: r[k] for k in ("id", "name", "reference", "username", "at")} for r in store.calculations(db)]


def opened(db: Database, calc_id: int) -> tuple[str, Case]:
    row = store.calculation(db, calc_id)
    if row is None:
        raise TrappaError("Fann ikkje utrekninga.")
    return row["name"], Case.model_validate(json.loads(row["document"]))


def delete(db: Database, actor: str | None, calc_id: int) -> None:
    if not store.delete_calculation(db, calc_id):
        raise TrappaError("Fann ikkje utrekninga.")
    audit.record(db, actor, "calculation", str(calc_id), "ok", "sletta")
