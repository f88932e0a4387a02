"""The resource calculator in a real browser: a caseworker, by keyboard alone, and what they may not see."""

from __future__ import annotations

import re

from ..conftest import PASSWORD
from .test_browser import axe_violations


def _pdf_text(pdf: bytes) -> bytes:
    """The PDF with its compressed streams (object streams too) inflated, to look for its structure."""
    import re
    import zlib

    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"".join(parts)


def _sign_in(page, server: str, who: str) -> None:
    page.goto(server + "/tilsett/logg-inn")
    page.get_by_label("Brukarnamn").fill(who)
    page.get_by_label("Passord").fill(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_caseworker_builds_two_alternatives_by_keyboard_saves_and_prints_them(own_server, browser):
    server = own_server
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, bypass_csp=True)
    page = context.new_page()
    _sign_in(page, server, "caseworker")
    assert page.url.endswith("/tilsett/kalkulator")  # a caseworker starts on the calculator
    nav = page.locator("nav.menu").inner_text()
    assert "Kalkulator" in nav and "Tenesteprofil" not in nav
    # Alternative 1: ten hours a week of home health care. Alternative 2: a long-term place.
    page.locator("#a0_name").focus()
    page.keyboard.type("Heime med heimesjukepleie")
    page.keyboard.press("Tab")  # the first service's kind
    page.keyboard.type("Heimesj")  # type-ahead picks the option in a closed select
    page.keyboard.press("Tab")
    page.keyboard.type("10")
    page.locator("#a1_name").focus()
    page.keyboard.type("Langtidsplass")
    page.keyboard.press("Tab")
    page.keyboard.type("Langt")
    for _ in range(3):  # past day and night hours to the places
        page.keyboard.press("Tab")
    page.keyboard.type("1")
    page.locator("#calc-name").focus()
    page.keyboard.type("Prøve i nettlesaren")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Lagre"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/tilsett/kalkulator/" in page.url
    assert page.locator("h1").inner_text() == "Ressurskalkulator: Prøve i nettlesaren"
    staircase = page.locator("table.staircase-calc")
    reached = staircase.locator("td.reached")
    assert reached.count() == 2  # one step each: 6 and 12
    assert "12 Institusjon" in staircase.locator("tr", has=page.locator("td.reached")).first.inner_text()
    assert axe_violations(page) == []
    link = page.get_by_role("link", name="Skriv ut for saksmappa (PDF)")
    link.focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    pdf = download.value.path().read_bytes()
    inside = _pdf_text(pdf)
    assert pdf.startswith(b"%PDF") and b"/StructTreeRoot" in inside and b"/Lang" in inside  # tagged, with a language
    assert "Prøve i nettlesaren".encode("utf-16-be") in inside or b"/Title" in inside
    # The caseworker sees no profile data.
    assert page.goto(server + "/tilsett/profil").status == 403
    assert page.goto(server + "/tilsett/maltavle").status == 403
    context.close()


def test_the_calculator_and_the_price_list_pass_axe(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    _sign_in(page, server, "analyst")
    for path in ("/tilsett/kalkulator", "/tilsett/kalkulator/1", "/tilsett/kalkulator/2", "/tilsett/prisar",
                 "/tilsett/bemanning"):  # fmt: skip
        page.goto(server + path)
        assert axe_violations(page) == [], path
    context.close()


def test_an_analyst_keeps_the_price_list_on_the_web(demo_db):
    from trappa.services import prices as price_service

    from .test_projection_web import client_for

    client, token = client_for(demo_db, "analyst")
    page = client.get("/tilsett/prisar").text
    assert "Prisliste 2023, versjon 1" in page and "rekna frå profilen" in page
    client.post("/tilsett/prisar/pris", data={"csrf": token, "year": "2023", "kind": "discharge_ready", "price": "5 883",
                                             "note": "statleg døgnpris"})  # fmt: skip
    typed = price_service.catalogue(demo_db, 2023)
    assert typed.version == 2 and any(p.kind == "discharge_ready" and p.price == 5883 for p in typed.prices)
    bad = client.post("/tilsett/prisar/for-over", data={"csrf": token, "from_year": "2023", "to_year": "24",
                                                        "index": "4,5"}, follow_redirects=False)  # fmt: skip
    assert "fire siffer" in client.get(bad.headers["location"]).text
    client.post(
        "/tilsett/prisar/for-over", data={"csrf": token, "from_year": "2023", "to_year": "2024", "index": "4,5"}
    )
    assert price_service.catalogue(demo_db, 2024).prices[0].source == "indexed"
    broken = client.post("/tilsett/prisar/import", data={"csrf": token, "year": "2025"},
                         files={"upload": ("prisar.csv", b"tenestetype;pris\nTeleportering;100\n")},
                         follow_redirects=False)  # fmt: skip
    assert "rad 2, tenestetype" in client.get(broken.headers["location"]).text
    assert client.get("/tilsett/prisar.xlsx?ar=2024").content[:2] == b"PK"
    caseworker, caseworker_token = client_for(demo_db, "caseworker")
    refused = caseworker.post("/tilsett/prisar/pris", data={"csrf": caseworker_token, "year": "2023",
                                                            "kind": "bpa", "price": "1"}, follow_redirects=False)  # fmt: skip
    assert refused.status_code == 403
    assert "Rekn ut frå profilen" not in caseworker.get("/tilsett/prisar").text  # reads, does not keep


def test_the_refund_for_a_high_cost_user_shows_on_the_page_and_in_the_form(demo_db):
    from .test_projection_web import client_for

    client, token = client_for(demo_db, "caseworker")
    page = client.get("/tilsett/kalkulator/2").text
    assert "Netto for kommunen (kr)" in page and "innslagspunktet" in page and 'id="age"' in page
    form = {"csrf": token, "a0_name": "BPA", "a0_s0_kind": "bpa", "a0_s0_day": "45", "age": "tjuefire",
            "action": "calc"}  # fmt: skip
    refused = client.post("/tilsett/kalkulator", data=form)
    assert refused.status_code == 400 and "ikkje ein alder" in refused.text
    shown = client.post("/tilsett/kalkulator", data={**form, "age": "24"}).text
    assert "Refusjon frå staten (kr)" in shown


def test_staffing_patterns_on_the_web(demo_db):
    from .test_projection_web import client_for

    client, token = client_for(demo_db, "viewer")
    page = client.get("/tilsett/bemanning").text
    assert "Bemanningsmønstera side om side" in page and "I dag: to vakne netter" in page
    form = {"csrf": token, "cost_per_gross_fte": "760 000", "p0_name": "I dag", "p0_l0_awake_staff": "1",
            "p0_l0_awake_hours": "9,5", "p1_name": "Sovande", "p1_l0_sleeping_staff": "1",
            "p1_l0_sleeping_hours": "9,5", "action": "compare"}  # fmt: skip
    shown = client.post("/tilsett/bemanning", data=form).text
    assert "3 467,5" in shown.replace("\u00a0", " ") or "3 468" in shown.replace("\u00a0", " ")  # 9,5 × 365
    wrong = client.post("/tilsett/bemanning", data={**form, "p0_l0_awake_hours": "20"})
    assert wrong.status_code == 400 and "mønster 1, stad 1" in wrong.text
    book = client.post("/tilsett/bemanning", data={**form, "action": "xlsx"})
    assert book.content[:2] == b"PK"
    caseworker, _token = client_for(demo_db, "caseworker")
    assert caseworker.get("/tilsett/bemanning", follow_redirects=False).status_code == 403


def test_a_group_service_by_its_staffing_factor_from_the_form(demo_db):
    from trappa.services import prices as price_service

    from .test_projection_web import client_for

    price_service.set_price(demo_db, "test", 2023, {"kind": "group_service", "staffing_factor": 0.5, "price": 300})
    client, token = client_for(demo_db, "caseworker")
    form = {"csrf": token, "a0_name": "Gruppe", "a0_s0_kind": "group_service", "a0_s0_day": "4", "a0_s0_factor": "0.5",
            "action": "calc"}  # fmt: skip
    shown = client.post("/tilsett/kalkulator", data=form).text.replace("\u00a0", " ")
    assert "bemanningsfaktor 0,5" in shown and "62 400" in shown  # 4 × 52 × 300
    missing = client.post("/tilsett/kalkulator", data={**form, "a0_s0_factor": "0.8"})
    assert (
        missing.status_code == 400 and "manglar pris for: Gruppetilbod, dag/kveld, bemanningsfaktor 0,8" in missing.text
    ), re.search(r"class=\"error\"[^<]*", missing.text)


def test_the_flow_chart_has_its_tables_and_passes_axe(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    _sign_in(page, server, "viewer")
    page.goto(server + "/tilsett/flyt?ar=2023")
    assert page.locator("h1").inner_text() == "Flyt i trappa: 31.12.2022–31.12.2023"
    page.wait_for_selector(".vega svg", timeout=20_000)  # the heat map is drawn
    assert page.locator("#flyt-matrise").count() == 1 and page.locator("table.matrix tbody tr").count() >= 13
    first = page.locator("table.text-table tbody tr").first.locator("td")
    before, came, went, after = (int(first.nth(i).inner_text().replace("\u00a0", "").replace(" ", "") or 0)
                                 for i in range(4))  # fmt: skip
    assert after == before + came - went
    assert axe_violations(page) == []
    page.goto(server + "/tilsett/flyt?fra=31.12.2023&til=31.12.2022")
    assert "må vere etter" in page.locator(".error").inner_text()
    context.close()


def test_the_waterfall_on_the_projection_page_has_its_table_and_passes_axe(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    _sign_in(page, server, "viewer")
    page.goto(server + "/tilsett/framskriving?scenario=Meir%20meistring%20heime&to=2040")
    assert "Kva driv endringa: Meir meistring heime" in page.locator("#drivarar").inner_text()
    answers = page.locator("table:has(#svar-tabell) tbody tr td:first-of-type").all_inner_texts()
    assert len(answers) == 13 and answers[4] == "må styrkast"  # step 5: 20 % more in coping at home
    assert answers[11] == "om lag som i dag"  # step 12: the scenario does not touch it
    rows = page.locator("table:has(#drivar-tabell) tbody tr")
    assert rows.first.locator("th").inner_text() == "I dag" and rows.last.locator("th").inner_text().endswith("2040")

    def mnok(row) -> float:
        return float(row.locator("td").nth(2).inner_text().replace("\u00a0", "").replace(" ", "").replace(",", "."))

    total = sum(mnok(rows.nth(i)) for i in range(rows.count() - 1))
    assert abs(total - mnok(rows.last)) < 0.5  # the drivers add up (each shown to one decimal)
    page.wait_for_selector("#drivarar ~ figure .vega svg", timeout=20_000)
    assert axe_violations(page) == []
    context.close()


def test_an_analyst_saves_the_presets_and_sees_the_places_they_need(demo_db):
    from .test_projection_web import client_for

    client, token = client_for(demo_db, "analyst")
    done = client.post("/tilsett/framskriving/forslag", data={"csrf": token}, follow_redirects=False)
    assert done.status_code == 303 and "Alternativ%201" in done.headers["location"]
    page = client.get(done.headers["location"]).text
    assert "Plassar som trengst" in page and "Prising av flyttingar:" in page and "Svar per trinn" in page
    assert "Bustadene trappa treng" in page and "Heildøgns bemanna bustad" in page
    viewer, viewer_token = client_for(demo_db, "viewer")
    assert viewer.post("/tilsett/framskriving/forslag", data={"csrf": viewer_token}).status_code == 403


def test_the_heat_map_and_the_waterfall_are_drawn_for_a_browser_without_javascript(demo_db):
    from .test_projection_web import client_for

    client, _token = client_for(demo_db, "viewer")
    flows = client.get("/tilsett/flyt?ar=2023").text
    assert '<noscript><img src="/tilsett/flyt/diagram.svg?ar=2023"' in flows
    svg = client.get("/tilsett/flyt/diagram.svg?ar=2023")
    assert svg.headers["content-type"] == "image/svg+xml" and svg.text.startswith("<svg")
    page = client.get("/tilsett/framskriving?scenario=Meir%20meistring%20heime").text
    assert "/tilsett/framskriving/drivarar.svg?scenario=Meir%20meistring%20heime" in page
    fall = client.get("/tilsett/framskriving/drivarar.svg?scenario=Meir%20meistring%20heime&to=2040")
    assert fall.headers["content-type"] == "image/svg+xml" and "Demografi" in fall.text
    assert client.get("/tilsett/framskriving/drivarar.svg?scenario=Finst%20ikkje").status_code == 404
