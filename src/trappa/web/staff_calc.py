"""The resource calculator and the price catalogue on the web: for the caseworker role and everyone above.

A caseworker sees these pages only (no profile data). The form holds up to four alternatives of up to
six services; a calculation can be saved, opened, compared with another year's prices and printed
(a print stylesheet, and a PDF for the case file). Analysts keep the catalogue: compute it from the
profile, import a spreadsheet, type in or take out a price, carry it to another year.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from trappa.errors import InputFileError, TrappaError
from trappa.report import prices_out
from trappa.report.charts import bar_chart
from trappa.report.pdf import html_to_pdf
from trappa.services import calculator, staircase
from trappa.services import prices as price_service
from trappa.services.prices import BY_CODE, KINDS, QUANTITY_WORDS, SOURCE_WORDS, TIME_WORDS, UNIT_WORDS
from trappa.web.deps import Analyst, Caseworker, CsrfForm, Db, FormYear, QueryRowId, QueryYear, RowId
from trappa.web.render import XLSX, download_headers, spec_json, staff_render

router = APIRouter(prefix="/tilsett")
ALTERNATIVES, LINES = 4, 6
KIND_NAMES = {k.code: k.nn for k in KINDS}
MAX_UPLOAD = 20_000_000


def _number(text: object, what: str) -> float | None:
    cleaned = str(text or "").strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        raise TrappaError(f"«{text}» i {what} er ikkje eit tal.") from None


def case_data(form: FormData) -> dict[str, Any]:
    """The form's fields as the calculator's case: alternatives with a name and at least one service."""
    alternatives = []
    for i in range(ALTERNATIVES):
        name = str(form.get(f"a{i}_name", "")).strip()
        services = []
        for j in range(LINES):
            kind = str(form.get(f"a{i}_s{j}_kind", "")).strip()
            if not kind:
                continue
            if kind not in BY_CODE:
                raise TrappaError(f"Alternativ {i + 1}, teneste {j + 1}: ukjend tenestetype.")
            where = f"alternativ {i + 1}, teneste {j + 1}"
            unit = BY_CODE[kind].unit
            line: dict[str, Any] = {"kind": kind}
            for field in ("setting", "ownership"):
                if value := str(form.get(f"a{i}_s{j}_{field}", "")).strip():
                    line[field] = value
            if unit in ("hour", "user_hour"):
                hours = {t: _number(form.get(f"a{i}_s{j}_{t}"), where) for t in ("day", "night")}
                line["hours_per_week"] = {t: h for t, h in hours.items() if h}
                if unit == "user_hour":
                    line["staffing_factor"] = _number(form.get(f"a{i}_s{j}_factor"), where) or 1.0
            else:
                amount = _number(form.get(f"a{i}_s{j}_amount"), where)
                field = {"place_year": "place_share", "day": "days_per_year", "callout": "callouts_per_year"}[unit]
                line[field] = amount
            services.append(line)
        if name or services:
            alternatives.append({"name": name or f"Alternativ {i + 1}", "services": services})
    year = str(form.get("catalogue_year", "")).strip()
    age = str(form.get("age", "")).strip()
    if age and not age.isdigit():
        raise TrappaError(f"«{age}» er ikkje ein alder: skriv alderen i heile år, eller la feltet stå tomt.")
    return {
        "reference": str(form.get("reference", "")).strip(),
        "age": int(age) if age else None,
        "catalogue_year": int(year) if year.isdigit() else None,
        "buys": [str(b) for b in form.getlist("buys") if str(b) in BY_CODE],
        "alternatives": alternatives,
    }


def _readable(message: str) -> str:
    """The calculator's field paths (alternatives.0.services.1) as people count them."""
    import re

    def alt(m: re.Match[str]) -> str:
        text = f"alternativ {int(m[1]) + 1}"
        return text + (f", teneste {int(m[3]) + 1}" if m[3] is not None else "")

    return re.sub(r"alternatives\.(\d+)(\.services\.(\d+))?(\.[a-z_]+)*", alt, message)


def _form_values(case: calculator.Case | None) -> dict[str, Any]:
    """The saved case as the form's field values."""
    values: dict[str, Any] = {"buys": []}
    if case is None:
        return values
    values.update(reference=case.reference, catalogue_year=case.catalogue_year, buys=case.buys, age=case.age)
    for i, alt in enumerate(case.alternatives):
        values[f"a{i}_name"] = alt.name
        for j, line in enumerate(alt.services):
            key = f"a{i}_s{j}_"
            values[key + "kind"] = line.kind
            values[key + "setting"], values[key + "ownership"] = line.setting, line.ownership
            for time in ("day", "night"):
                values[key + time] = line.hours_per_week.get(time, "")
            values[key + "amount"] = line.place_share or line.days_per_year or line.callouts_per_year or ""
            values[key + "factor"] = line.staffing_factor or ""
    return values


def _page(
    request: Request,
    db: Db,
    user: Any,
    *,
    values: dict[str, Any],
    calculation: calculator.Calculation | None = None,
    saved_id: int | None = None,
    name: str = "",
    error: str | None = None,
) -> HTMLResponse:
    years = sorted({c["year"] for c in price_service.catalogues(db)}, reverse=True)
    steps = {s.number: s.name.nn for s in staircase.current(db).steps}
    context = {
        "kinds": KINDS,
        "kind_names": KIND_NAMES,
        "units": UNIT_WORDS,
        "quantities": QUANTITY_WORDS,
        "values": values,
        "alternatives": range(ALTERNATIVES),
        "lines": range(LINES),
        "years": years,
        "saved": calculator.saved(db),
        "calculation": calculation,
        "saved_id": saved_id,
        "name": name,
        "steps": steps,
        "chart": _chart(calculation) if calculation else None,
        "error": error,
    }
    return staff_render(request, "staff/calculator.html", context, user, status_code=400 if error else 200)


def _chart(calculation: calculator.Calculation) -> str:
    """The alternatives' cost a year as bars (the table above has the same numbers)."""
    rows = [{"alternative": a.name, "mnok": a.total / 1e6, "step": i}
            for i, a in enumerate(calculation.result.alternatives)]  # fmt: skip
    return spec_json(bar_chart(rows, "mnok", "Kostnad per år", "Millionar kroner", label="alternative", decimals=2,
                               label_title="Alternativ"))  # fmt: skip


@router.get("/kalkulator", response_class=HTMLResponse)
def calculator_page(request: Request, user: Caseworker, db: Db) -> HTMLResponse:
    return _page(request, db, user, values=_form_values(None))


@router.post("/kalkulator", response_class=HTMLResponse)
def calculate(request: Request, user: Caseworker, form: CsrfForm, db: Db) -> Response:
    """«Rekn ut» shows the result under the form; «Lagre» saves it under a name and opens it."""
    values = {k: form.get(k) for k in form} | {"buys": form.getlist("buys")}
    name = str(form.get("name", "")).strip()
    saved_id = int(str(form.get("saved_id"))) if str(form.get("saved_id", "")).isdigit() else None
    try:
        case = calculator.case_from(case_data(form))
        found = calculator.calculate_case(db, case)
        if form.get("action") == "save":
            saved_id = calculator.save(db, user.username, name, case, saved_id)
            return RedirectResponse(f"/tilsett/kalkulator/{saved_id}", status_code=303)
    except TrappaError as exc:
        return _page(request, db, user, values=values, saved_id=saved_id, name=name, error=_readable(str(exc)))
    return _page(request, db, user, values=values, calculation=found, saved_id=saved_id, name=name)


def _opened(db: Db, calc_id: int, catalogue_year: int | None) -> tuple[str, calculator.Calculation]:
    try:
        name, case = calculator.opened(db, calc_id)
    except TrappaError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    return name, calculator.calculate_case(db, case, catalogue_year=catalogue_year)


@router.get("/kalkulator/{calc_id:int}", response_class=HTMLResponse)
def saved_calculation(
    request: Request, calc_id: RowId, user: Caseworker, db: Db, prisar: QueryYear = None
) -> HTMLResponse:
    """A saved calculation, priced with its own year's catalogue or (``prisar``) another year's."""
    try:
        name, found = _opened(db, calc_id, prisar)
    except TrappaError as exc:
        name, case = calculator.opened(db, calc_id)
        return _page(request, db, user, values=_form_values(case), saved_id=calc_id, name=name, error=str(exc))
    return _page(request, db, user, values=_form_values(found.case), calculation=found, saved_id=calc_id, name=name)


@router.get("/kalkulator/{calc_id:int}.pdf")
def calculation_pdf(request: Request, calc_id: RowId, user: Caseworker, db: Db, prisar: QueryYear = None) -> Response:
    """The calculation for the case file, as a PDF."""
    try:
        name, found = _opened(db, calc_id, prisar)
    except TrappaError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    steps = {s.number: s.name.nn for s in staircase.current(db).steps}
    page = staff_render(request, "staff/calculation_print.html",
                        {"calculation": found, "name": name, "steps": steps, "quantities": QUANTITY_WORDS,
                         "kind_names": KIND_NAMES}, user)  # fmt: skip
    pdf = html_to_pdf(bytes(page.body).decode("utf-8"))
    return Response(pdf, media_type="application/pdf", headers=download_headers(f"utrekning-{calc_id}.pdf"))


@router.post("/kalkulator/{calc_id:int}/slett")
def delete_calculation(calc_id: RowId, user: Caseworker, form: CsrfForm, db: Db) -> RedirectResponse:  # noqa: ARG001
    try:
        calculator.delete(db, user.username, calc_id)
    except TrappaError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    return RedirectResponse("/tilsett/kalkulator", status_code=303)


# -- the price catalogue ----------------------------------------------------------------------------


@router.get("/prisar", response_class=HTMLResponse)
def prices_page(
    request: Request, user: Caseworker, db: Db, ar: QueryYear = None, versjon: QueryRowId = None,
    feil: str | None = None,
) -> HTMLResponse:  # fmt: skip
    versions = price_service.catalogues(db)
    year = ar or (versions[0]["year"] if versions else None)
    found = None
    if year is not None:
        try:
            found = price_service.catalogue(db, year, versjon)
        except TrappaError as exc:
            feil = feil or str(exc)
    context = {
        "catalogue": found,
        "versions": versions,
        "years": sorted({v["year"] for v in versions}, reverse=True),
        "year": year,
        "kinds": KINDS,
        "kinds_by_code": BY_CODE,
        "units": UNIT_WORDS,
        "times": TIME_WORDS,
        "sources": SOURCE_WORDS,
        "error": feil,
    }
    return staff_render(request, "staff/prices.html", context, user)


@router.get("/prisar.xlsx")
def prices_xlsx(user: Caseworker, db: Db, ar: QueryYear = None, versjon: QueryRowId = None) -> Response:  # noqa: ARG001
    """The catalogue as a workbook that imports again; the latest year when none is asked for."""
    versions = price_service.catalogues(db)
    year = ar or (versions[0]["year"] if versions else 0)
    try:
        found = price_service.catalogue(db, year, versjon)
    except TrappaError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    return Response(prices_out.catalogue_xlsx(found), media_type=XLSX,
                    headers=download_headers(f"prisliste-{year}-v{found.version}.xlsx"))  # fmt: skip


def _back(year: object, error: str | None = None) -> RedirectResponse:
    where = f"/tilsett/prisar?ar={year}" + (f"&feil={quote(error)}" if error else "")
    return RedirectResponse(where, status_code=303)


def _year(text: object) -> int:
    value = str(text or "").strip()
    if not (value.isdigit() and len(value) == 4):
        raise TrappaError(f"«{value}» er ikkje eit år: skriv året med fire siffer, til dømes 2024.")
    return int(value)


def _then_back(year: object, action: Callable[[], object], shown: object = None) -> RedirectResponse:
    """Do what a form on the price list asked, and go back to the year (``shown``, else ``year``)."""
    try:
        action()
    except TrappaError as exc:
        return _back(year, str(exc))
    return _back(shown or year)


@router.post("/prisar/rekn")
def prices_compute(user: Analyst, form: CsrfForm, db: Db) -> RedirectResponse:
    year = form.get("year", "")
    return _then_back(year, lambda: price_service.compute(db, user.username, _year(year)))


def _typed_price(form: FormData) -> dict[str, Any]:
    values: dict[str, Any] = {k: str(form.get(k, "")).strip() for k in ("kind", "time_of_day", "setting", "ownership",
                                                                       "note")}  # fmt: skip
    values["price"] = _number(form.get("price"), "prisen")
    if values["price"] is None:
        raise TrappaError("Skriv prisen i kroner.")
    return values


@router.post("/prisar/pris")
def prices_set(user: Analyst, form: CsrfForm, db: Db) -> RedirectResponse:
    year = form.get("year", "")
    return _then_back(year, lambda: price_service.set_price(db, user.username, _year(year), _typed_price(form)))


@router.post("/prisar/fjern")
def prices_remove(user: Analyst, form: CsrfForm, db: Db) -> RedirectResponse:
    year, position = form.get("year", ""), str(form.get("position", ""))
    at = int(position) if position.isdigit() else -1
    return _then_back(year, lambda: price_service.remove_price(db, user.username, _year(year), at))


@router.post("/prisar/for-over")
def prices_carry(user: Analyst, form: CsrfForm, db: Db) -> RedirectResponse:
    source, target = form.get("from_year", ""), form.get("to_year", "")
    return _then_back(source, lambda: price_service.carry(
        db, user.username, _year(source), _year(target), _number(form.get("index"), "indeksen") or 0.0), target)  # fmt: skip


@router.post("/prisar/import", response_class=HTMLResponse)
async def prices_import(
    request: Request,
    user: Analyst,
    db: Db,
    upload: Annotated[UploadFile, File()],
    year: FormYear,
    csrf: Annotated[str, Form()] = "",
) -> Response:
    from trappa.web.deps import check_csrf

    check_csrf(request, csrf)
    name = Path(upload.filename or "prisar.xlsx").name
    data = await upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        return _back(year, "Fila er for stor.")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            price_service.import_prices(db, user.username, path, year, display_name=name)
        except InputFileError as exc:
            lines = "; ".join(f"rad {p.row}, {p.column}: {p.message}" for p in exc.problems[:5])
            more = f" (og {len(exc.problems) - 5} til)" if len(exc.problems) > 5 else ""
            return _back(year, f"{name} er ikkje importert: {lines}{more}.")
        except TrappaError as exc:
            return _back(year, str(exc))
    return _back(year)
