"""The projection page: a scenario edited in the browser recomputes at once (htmx), saves, and downloads."""

from __future__ import annotations

import re

import pytest
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
        "/tilsett/maltavle?eining=Heimetenesta",
        "/tilsett/maltavle/nokkeltal/overtime_share?eining=Heimetenesta",
        "/tilsett/maltavle/nokkeltal/sickness_absence",
        "/tilsett/maltavle/trappa",
        "/tilsett/maltavle/trinn/12",
        "/tilsett/tiltak",
        "/tilsett/tiltak/1",
        "/tilsett/framskriving",
        "/tilsett/import",
        "/tilsett/fordeling",
        "/tilsett/einingar?eining=Heimetenesta",
        "/tilsett/maltavle/nokkeltal/persons_80_per_1000",
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
    board = client.get("/tilsett/maltavle/trappa").text
    assert "Måltavle: trappa månad for månad" in board and board.count('class="tile ') == 13
    assert "vanleg variasjon" in board or "særskild variasjon" in board  # the status in words, not colour alone
    page = client.get("/tilsett/maltavle/trinn/12?mal=decided_hours").text
    assert "Institusjon, ordinære langtidsplassar: vedtakstimar" in page and "Tala i diagrammet" in page
    spec = json.loads(html_lib.unescape(re.search(r'data-spec="([^"]*)"', page).group(1)))
    assert len(spec["data"]["values"]) == 36  # 36 months of the demo
    assert page.count('<tr><th scope="row">20') == 36  # and the same 36 months in the table
    assert client.get("/tilsett/maltavle/trinn/99").status_code == 404
    assert "Monthly board" in client.get("/tilsett/maltavle/trappa?lang=en").text


def test_the_unit_board_its_charts_downloads_and_the_measure_that_worked(demo_db):
    client, token = client_for(demo_db, "analyst")
    board = client.get("/tilsett/maltavle?eining=Heimetenesta").text
    assert "Måltavle: Heimetenesta" in board and board.count('class="tile ') >= 14
    assert board.count('class="sparkline"') == board.count('class="tile ')  # a sparkline on every tile, no JS needed
    assert "Signal siste månad (2023-12)" in board
    chart = client.get("/tilsett/maltavle/nokkeltal/overtime_share?eining=Heimetenesta").text
    assert "Del overtid: Heimetenesta" in chart and "forbetring" in chart  # the shift from 2022-09 is seen
    assert chart.count('<tr><th scope="row">20') == 36
    assert "/tilsett/maltavle/nokkeltal/overtime_share/diagram.svg?eining=Heimetenesta" in chart  # for no JavaScript
    svg = client.get("/tilsett/maltavle/nokkeltal/overtime_share/diagram.svg?eining=Heimetenesta")
    assert svg.headers["content-type"] == "image/svg+xml" and re.search(r">\d,\d\u00a0%<", svg.text)  # 5,0 %
    # A re-base needs a reason; with one it is stored, drawn and the limits start again.
    refused = client.post("/tilsett/maltavle/nokkeltal/overtime_share/utgangspunkt",
                          data={"csrf": token, "eining": "Heimetenesta", "periode": "2022-09", "grunn": " "},
                          follow_redirects=False)  # fmt: skip
    assert "grunngjeving" in client.get(refused.headers["location"]).text
    client.post("/tilsett/maltavle/nokkeltal/overtime_share/utgangspunkt",
                data={"csrf": token, "eining": "Heimetenesta", "periode": "2022-09", "grunn": "Heiltid frå september"})  # fmt: skip
    rebased = client.get("/tilsett/maltavle/nokkeltal/overtime_share?eining=Heimetenesta").text
    assert "Heiltid frå september" in rebased and "vanleg variasjon" in rebased
    client.post(
        "/tilsett/maltavle/nokkeltal/overtime_share/mal", data={"csrf": token, "eining": "Heimetenesta", "mal": "3"}
    )
    assert "når målet kvar gong" in client.get("/tilsett/maltavle/nokkeltal/overtime_share?eining=Heimetenesta").text
    measure = client.get("/tilsett/tiltak/1").text
    assert "Heiltidskultur" in measure and "i den retninga tiltaket skulle" in measure
    csv_text = client.get("/tilsett/maltavle.csv").content.decode("utf-8-sig")
    assert csv_text.startswith("Eining;Nøkkeltal;Periode;Verdi") and "Heimetenesta;Del overtid;2022-09;0,02" in csv_text
    assert client.get("/tilsett/maltavle.xlsx").content[:2] == b"PK"


def test_fixed_limits_and_removing_a_re_base_on_a_chart_page(demo_db):
    from trappa.services import board as boards

    client, token = client_for(demo_db, "analyst")
    page = "/tilsett/maltavle/nokkeltal/overtime_share?eining=Heimetenesta"
    url = "/tilsett/maltavle/nokkeltal/overtime_share/faste-grenser"
    short = client.post(url, data={"csrf": token, "eining": "Heimetenesta", "til": "2021-06", "grunn": "Kjend"},
                        follow_redirects=False)  # fmt: skip
    assert "minst 12 månader" in client.get(short.headers["location"]).text
    client.post(url, data={"csrf": token, "eining": "Heimetenesta", "til": "2021-12", "grunn": "Eit vanleg år"})
    fixed = client.get(page).text
    assert "Eit vanleg år" in fixed and "grensene er faste, rekna frå dei første 12" in fixed
    tile = boards.tile(demo_db, "Heimetenesta", "overtime_share")
    assert tile.chart.baseline_points == 12 and tile.chart.points[0].centre == pytest.approx(
        sum(p.value for p in tile.chart.points[:12]) / 12
    )
    client.post("/tilsett/maltavle/nokkeltal/overtime_share/utgangspunkt",
                data={"csrf": token, "eining": "Heimetenesta", "periode": "2022-09", "grunn": "Heiltid"})  # fmt: skip
    rebase_id = boards.tile(demo_db, "Heimetenesta", "overtime_share").rebases[0]["id"]
    other = client.post(f"/tilsett/maltavle/nokkeltal/overtime_share/utgangspunkt/{rebase_id}/fjern",
                        data={"csrf": token, "eining": "Sjukeheimane"}, follow_redirects=False)  # fmt: skip
    assert "Fann ikkje" in client.get(other.headers["location"]).text  # not through another unit's chart
    client.post(f"/tilsett/maltavle/nokkeltal/overtime_share/utgangspunkt/{rebase_id}/fjern",
                data={"csrf": token, "eining": "Heimetenesta"})  # fmt: skip
    baseline_id = boards.tile(demo_db, "Heimetenesta", "overtime_share").baselines[0]["id"]
    client.post(f"/tilsett/maltavle/nokkeltal/overtime_share/faste-grenser/{baseline_id}/fjern",
                data={"csrf": token, "eining": "Heimetenesta"})  # fmt: skip
    after = boards.tile(demo_db, "Heimetenesta", "overtime_share")
    assert after.rebases == [] and after.baselines == [] and after.chart.baseline_points == 36


def test_a_measure_is_changed_on_its_own_page(demo_db):
    from trappa.services import board as boards
    from trappa.services import users

    client, token = client_for(demo_db, "analyst")
    before = boards.measures(demo_db)[0]["status"]
    page = client.get("/tilsett/tiltak/1").text
    assert 'action="/tilsett/tiltak/1"' in page and 'value="2022-09"' in page  # the form holds what is stored
    fields = {"csrf": token, "name": "Heiltidskultur i heimetenesta", "eining": "Heimetenesta",
              "kpi": "overtime_share", "start": "2022-09", "status": "stopped", "expected_mnok": "1,5"}  # fmt: skip
    wrong = client.post("/tilsett/tiltak/1", data={**fields, "start": "sept. 2022"}, follow_redirects=False)
    assert "har feil form" in client.get(wrong.headers["location"]).text
    assert boards.measures(demo_db)[0]["status"] == before != "stopped"  # nothing changed by the refused form
    client.post("/tilsett/tiltak/1", data=fields)
    changed = boards.measures(demo_db)[0]
    assert changed["status"] == "stopped" and changed["expected_mnok"] == 1.5
    assert "stoppa" in client.get("/tilsett/tiltak").text
    users.create(demo_db, None, "leiar2", PASSWORD, "leader")
    users.set_units(demo_db, None, "leiar2", ["Sjukeheimane"])
    leader, leader_token = client_for(demo_db, "leiar2")
    assert leader.get("/tilsett/tiltak/1").status_code == 404  # another unit's measure
    refused = leader.post("/tilsett/tiltak/1", data={**fields, "csrf": leader_token}, follow_redirects=False)
    assert refused.status_code == 404 and boards.measures(demo_db)[0]["status"] == "stopped"


def test_units_are_kept_on_the_web(demo_db):
    from trappa.services import units

    client, token = client_for(demo_db, "analyst")
    page = client.get("/tilsett/einingar").text
    assert "Heimetenesta" in page and 'href="/tilsett/einingar"' in page
    taken = units.units(demo_db)[0].cost_centres[0]
    refused = client.post("/tilsett/einingar", data={"csrf": token, "name": "Ny eining", "cost_centres": taken})
    assert refused.status_code == 400 and "står alt i ei anna eining" in refused.text
    assert "Ny eining" not in [u.name for u in units.units(demo_db)]  # nothing stored
    client.post("/tilsett/einingar", data={"csrf": token, "name": "Ny eining", "cost_centres": "9901, 9902",
                                           "places": "12"})  # fmt: skip
    added = next(u for u in units.units(demo_db) if u.name == "Ny eining")
    assert added.cost_centres == ["9901", "9902"] and added.places == 12
    form = client.get("/tilsett/einingar?eining=Ny%20eining").text
    assert 'value="9901, 9902"' in form and 'value="12"' in form
    client.post("/tilsett/einingar", data={"csrf": token, "name": "Ny eining", "cost_centres": "9903", "places": ""})
    assert next(u for u in units.units(demo_db) if u.name == "Ny eining").cost_centres == ["9903"]
    in_use = client.post("/tilsett/einingar/fjern", data={"csrf": token, "name": "Heimetenesta"})
    assert in_use.status_code == 400 and "vedtak" in in_use.text
    client.post("/tilsett/einingar/fjern", data={"csrf": token, "name": "Ny eining"})
    assert "Ny eining" not in [u.name for u in units.units(demo_db)]
    viewer, _token = client_for(demo_db, "viewer")
    assert viewer.get("/tilsett/einingar", follow_redirects=False).status_code == 403


def test_a_leader_sees_and_keeps_only_their_own_units(demo_db):
    from trappa.services import users

    users.create(demo_db, None, "leiar", PASSWORD, "leader")
    admin, admin_token = client_for(demo_db, "admin")
    listed = admin.get("/tilsett/brukarar").text
    assert 'action="/tilsett/brukarar/leiar/einingar"' in listed  # the form is there for a leader only
    assert 'action="/tilsett/brukarar/viewer/einingar"' not in listed
    admin.post("/tilsett/brukarar/leiar/einingar", data={"csrf": admin_token, "units": ["Sjukeheimane"]})
    assert users.leader_units(demo_db, "leiar") == ["Sjukeheimane"]
    client, token = client_for(demo_db, "leiar")
    board = client.get("/tilsett/maltavle").text
    assert "Måltavle: Sjukeheimane" in board and "Heimetenesta" not in board
    assert client.get("/tilsett/maltavle/nokkeltal/overtime_share?eining=Heimetenesta").status_code == 404
    assert client.get("/tilsett/maltavle/nokkeltal/overtime_share").status_code == 404  # not the sector total
    forbidden = client.post("/tilsett/maltavle/nokkeltal/overtime_share/mal",
                            data={"csrf": token, "eining": "Heimetenesta", "mal": "3"}, follow_redirects=False)  # fmt: skip
    assert forbidden.status_code == 403
    own = client.post(
        "/tilsett/maltavle/nokkeltal/overtime_share/mal",
        data={"csrf": token, "eining": "Sjukeheimane", "mal": "5"},
        follow_redirects=False,
    )
    assert own.status_code == 303
    assert "Heimetenesta" not in client.get("/tilsett/maltavle.csv").content.decode("utf-8")


def test_the_board_by_keyboard_alone(server, browser):
    """A leader's monthly round without a mouse: choose a unit, open a tile's chart, read its table."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server + "/tilsett/logg-inn")
    page.get_by_label("Brukarnamn").fill("viewer")
    page.get_by_label("Passord").fill(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(server + "/tilsett/maltavle")
    page.get_by_label("Eining", exact=True).focus()
    page.keyboard.press("ArrowDown")  # from «Alle einingane» to the first unit
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Vis"
    page.keyboard.press("Enter")
    page.wait_for_url("**eining=Barnebustad*")
    assert page.locator("h1").inner_text() == "Måltavle: Barnebustad og forsterka eining"
    for _ in range(80):  # Tab through the page to a tile's link
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.tile h3 a')"):
            break
    name = page.evaluate("document.activeElement.textContent")
    assert name in page.locator(".tile h3 a").all_inner_texts()
    page.keyboard.press("Enter")
    page.wait_for_url("**/maltavle/nokkeltal/**")
    assert page.locator("h1").inner_text() == f"{name}: Barnebustad og forsterka eining"  # the unit chosen
    assert "Tala i diagrammet" in page.content() and page.locator("table.matrix tbody tr").count() == 36
    page.wait_for_selector(".vega svg", timeout=20_000)
    context.close()
