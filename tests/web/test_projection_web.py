"""The projection page: a scenario edited in the browser recomputes at once (htmx), saves, and downloads."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from trappa.web.app import create_app

from ..conftest import PASSWORD, web_settings
from .conftest import screenshot
from .test_browser import axe_violations


def client_for(db, username):
    client = TestClient(create_app(db, web_settings()))
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/tilsett/logg-inn").text).group(1)
    client.post("/tilsett/logg-inn", data={"username": username, "password": PASSWORD, "csrf": token})
    return client, token


FORM = {
    "name": "Prøve",
    "to": "2040",
    "population_alternative": "DEMO",
    "mv0_share": "50",
    "mv0_from_step": "12",
    "mv0_to_step": "10",
    "mv0_from": "2025",
    "mv0_to": "2030",
}


def test_recompute_returns_the_result_region_for_htmx_and_a_page_without(demo_db):
    client, token = client_for(demo_db, "viewer")
    partial = client.post("/tilsett/framskriving/rekn", data={**FORM, "csrf": token}, headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "<html" not in partial.text
    assert "Trappa i dag og i 2040" in partial.text and "Prøve" in partial.text
    full = client.post("/tilsett/framskriving/rekn", data={**FORM, "csrf": token})
    assert "<html" in full.text and "Trappa i dag og i 2040" in full.text
    bad = client.post(
        "/tilsett/framskriving/rekn", data={**FORM, "mv0_share": "300", "csrf": token}, headers={"HX-Request": "true"}
    )
    assert 'role="alert"' in bad.text and "share_percent" in bad.text
    xlsx = client.post("/tilsett/framskriving/excel", data={**FORM, "csrf": token})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.post("/tilsett/framskriving/lagre", data={**FORM, "csrf": token}).status_code == 403


def test_analyst_saves_a_scenario(demo_db):
    client, token = client_for(demo_db, "analyst")
    r = client.post(
        "/tilsett/framskriving/lagre", data={**FORM, "name": "Lagra frå nett", "csrf": token}, follow_redirects=False
    )
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert 'value="Lagra frå nett"' in page and 'value="50.0"' in page


def test_scenario_edited_in_the_browser_recomputes_at_once(server, page):
    page.goto(server + "/tilsett/logg-inn")
    page.get_by_label("Brukarnamn").fill("analyst")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.goto(server + "/tilsett/framskriving?scenario=Heildøgns bustad framfor institusjon&to=2040")
    page.wait_for_load_state("networkidle")
    assert "Trappa i dag og i 2040" in page.locator("#resultat").inner_text(), page.locator("#resultat").inner_text()
    page.wait_for_selector("#resultat .vega svg", timeout=20_000, state="attached")
    cell = page.locator("#resultat tbody tr").nth(11).locator("td").nth(2)  # step 12 in 2040, the scenario
    before = cell.inner_text()
    page.get_by_label("Del (%)").first.fill("60")
    page.get_by_label("Del (%)").first.dispatch_event("change")
    page.wait_for_function(
        "(b) => document.querySelector('#resultat tbody tr:nth-child(12) td:nth-child(4)').innerText !== b",
        arg=before,
        timeout=20_000,
    )
    after = cell.inner_text()
    assert after != before
    page.wait_for_selector("#resultat .vega svg", timeout=20_000)  # the chart is drawn again after the swap
    screenshot(page, "staff-projection")
    assert page.errors == [], page.errors


def test_staff_pages_pass_axe(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(server + "/tilsett/logg-inn")
    assert axe_violations(page) == []
    page.get_by_label("Brukarnamn").fill("analyst")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    for path in [
        "/tilsett",
        "/tilsett/profil",
        "/tilsett/nokkeltal",
        "/tilsett/maltavle",
        "/tilsett/maltavle/trinn/12",
        "/tilsett/framskriving",
        "/tilsett/import",
        "/tilsett/fordeling",
        "/tilsett/trinn",
        "/tilsett/trinn/6",
    ]:
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        assert violations == [], (path, violations)
    context.close()


def test_a_step_that_does_not_exist_is_refused_on_the_page(demo_db):
    client, token = client_for(demo_db, "analyst")
    form = {**FORM, "mv0_to_step": "77", "csrf": token}
    shown = client.post("/tilsett/framskriving/rekn", data=form, headers={"HX-Request": "true"})
    assert 'role="alert"' in shown.text and "trinn 77 finst ikkje i trappa" in shown.text
    saved = client.post("/tilsett/framskriving/lagre", data=form, follow_redirects=False)
    assert saved.status_code == 400 and "trinn 77 finst ikkje" in saved.text


def test_excel_and_save_buttons_work_with_javascript_on(own_server, page):
    server = own_server
    page.goto(server + "/tilsett/logg-inn")
    page.get_by_label("Brukarnamn").fill("analyst")
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.goto(server + "/tilsett/framskriving?scenario=Heildøgns bustad framfor institusjon&to=2040")
    page.wait_for_load_state("networkidle")
    with page.expect_download() as download:
        page.get_by_role("button", name="Last ned som Excel").click()
    path = download.value.path()
    assert download.value.suggested_filename == "framskriving-2040.xlsx"
    assert path.read_bytes()[:2] == b"PK"
    page.get_by_label("Namn på scenarioet").fill("Lagra med JavaScript")
    page.get_by_role("button", name="Lagre scenarioet").click()
    page.wait_for_url("**/tilsett/framskriving?scenario=Lagra*")
    assert page.locator("h1").count() == 1 and page.locator("form.scenario-editor").count() == 1  # one whole page
    assert page.get_by_label("Namn på scenarioet").input_value() == "Lagra med JavaScript"
    page.get_by_role("button", name="Rekn ut").click()  # still recomputes in place
    page.wait_for_selector("#resultat .vega svg", timeout=20_000)
    assert page.locator("h1").count() == 1
    assert page.errors == [], page.errors


def test_the_monthly_board_and_a_chart_page(demo_db):
    import html as html_lib
    import json

    client, _token = client_for(demo_db, "viewer")
    board = client.get("/tilsett/maltavle").text
    assert "Måltavle: trappa månad for månad" in board and board.count('class="tile ') == 13
    assert "vanleg variasjon" in board or "særskild variasjon" in board  # the status in words, not colour alone
    page = client.get("/tilsett/maltavle/trinn/12?mal=decided_hours").text
    assert "Institusjon, ordinære langtidsplassar: vedtakstimar" in page and "Tala i diagrammet" in page
    spec = json.loads(html_lib.unescape(re.search(r'data-spec="([^"]*)"', page).group(1)))
    assert len(spec["data"]["values"]) == 36  # 36 months of the demo
    assert page.count('<tr><th scope="row">20') == 36  # and the same 36 months in the table
    assert client.get("/tilsett/maltavle/trinn/99").status_code == 404
    assert "Monthly board" in client.get("/tilsett/maltavle?lang=en").text
