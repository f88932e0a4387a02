"""The comparison page (/tilsett/kostra): the chart with its table, handlingsrom with its caveats beside it,
quality beside cost, the reconciliation; in a real browser, axe-clean; and without JavaScript."""

from __future__ import annotations

from .test_browser import axe_violations
from .test_calculator_web import _sign_in


def test_the_comparison_page_has_its_tables_and_passes_axe(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    _sign_in(page, server, "viewer")
    page.goto(server + "/tilsett/kostra?funksjon=253")
    assert page.locator("h1").inner_text() == "Samanlikna med andre (KOSTRA) 2023"
    page.wait_for_selector(".vega svg", timeout=20_000)  # the line chart is drawn
    rows = page.locator("table:has(#kostnad-tabell) tbody tr")
    assert rows.count() == 9 and "Demo kommune" in rows.first.inner_text()
    room = page.locator("table:has(#handlingsrom-tabell) tbody tr")
    assert room.count() == 8
    caveats = page.locator(".caveats").inner_text()
    assert "15. juni" in caveats and "EKG11 har ingen utgiftsbehovsindeks" in caveats
    quality = page.locator("table:has(#kvalitet-tabell)").inner_text()
    assert "Legetimar per veke per bebuar i sjukeheim" in quality and "–" in quality  # Fedje's suppressed figure
    assert "254" in page.locator("table:has(#avstemming-tabell)").inner_text()
    assert axe_violations(page) == []
    page.goto(server + "/tilsett/kostra?funksjon=254&korrigert=true")
    assert "behovskorrigert" in page.locator("#kostnad").inner_text()
    context.close()


def test_the_comparison_without_javascript_and_as_excel(demo_db):
    from .test_projection_web import client_for

    client, _token = client_for(demo_db, "viewer")
    page = client.get("/tilsett/kostra?funksjon=254").text
    assert '<noscript><img src="/tilsett/kostra/diagram.svg?funksjon=254"' in page
    svg = client.get("/tilsett/kostra/diagram.svg?funksjon=254")
    assert svg.headers["content-type"] == "image/svg+xml" and svg.text.startswith("<svg")
    workbook = client.get("/tilsett/kostra.xlsx")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"
    import io
    import zipfile

    parts = zipfile.ZipFile(io.BytesIO(workbook.content))
    assert "[Red]" not in parts.read("xl/styles.xml").decode()  # no colour ranks a municipality
    assert "Atterhald" in parts.read("xl/workbook.xml").decode()  # the caveats travel with the figures
    unknown = client.get("/tilsett/kostra.xlsx?ar=1990")  # a workbook that says why it is empty
    assert unknown.status_code == 200 and unknown.content[:2] == b"PK"
    assert "Ingen KOSTRA-tal for 1990" in client.get("/tilsett/kostra/diagram.svg?ar=1990").text


def test_the_quality_page_draws_every_figure_over_the_years_and_passes_axe(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    _sign_in(page, server, "viewer")
    page.goto(server + "/tilsett/kostra/kvalitet")
    page.wait_for_function("document.querySelectorAll('.vega svg').length >= 11", timeout=30_000)
    doctor = page.locator("table:has(#tabell-doctor_hours) tbody tr")
    assert doctor.count() == 9
    fedje = page.locator("table:has(#tabell-doctor_hours) tbody tr:has-text('Fedje')").inner_text()
    assert fedje.count("–") == 3  # suppressed every year, never 0
    assert page.locator("table:has(#tabell-doctor_hours) thead th").count() == 4  # region and three years
    assert axe_violations(page) == []
    context.close()
