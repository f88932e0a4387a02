"""A citizen in a real browser (Debian's Chromium via Playwright): mouse, keyboard, languages, axe-core."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .conftest import screenshot

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text("utf-8")
PUBLIC = ["/", "/trinn/6", "/trinn/12", "/bustadtrapp", "/tilgjengelegheit", "/del", "/innbygg", "/innbygg/trinn/3"]


def axe_violations(page) -> list[dict]:
    page.add_script_tag(content=AXE)
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
    ]


@pytest.mark.parametrize("lang", ["nn", "en"])
@pytest.mark.parametrize("path", PUBLIC)
def test_axe_finds_no_violations(server, browser, path, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{server}{path}?lang={lang}")
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    context.close()
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def test_citizen_walks_the_staircase_with_the_mouse(server, page):
    page.goto(server + "/")
    page.wait_for_selector(".vega svg", timeout=15_000)  # the charts render under the strict CSP
    screenshot(page, "staircase-nn")
    page.get_by_role("link", name="Helsehjelp og miljøarbeid til heimebuande").click()
    assert page.url.endswith("/trinn/6")
    assert page.get_by_role("heading", level=1).inner_text() == "Helsehjelp og miljøarbeid til heimebuande"
    assert page.get_by_text("Slik søkjer du").is_visible()
    page.get_by_role("link", name="Trinn 7: Brukarstyrt personleg assistanse →").click()
    assert page.url.endswith("/trinn/7")
    screenshot(page, "step-7")
    assert page.errors == [] and page.dialogs == []


def test_citizen_walks_the_staircase_with_the_keyboard_only(server, page):
    page.goto(server + "/")
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.textContent")
    assert skip.strip() == "Gå til innhaldet"
    page.keyboard.press("Enter")
    focus_path = []
    for _ in range(40):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.getAttribute('href')")
        focus_path.append(href)
        if href == "/trinn/12":
            break
    assert "/trinn/1" in focus_path and "/trinn/12" in focus_path
    # the focus is visible: the focused link has an outline
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    page.keyboard.press("Enter")
    page.wait_for_url("**/trinn/12")
    assert "Institusjon, ordinære langtidsplassar" in page.get_by_role("heading", level=1).inner_text()
    screenshot(page, "step-12-keyboard")


def test_language_switch(server, page):
    page.goto(server + "/trinn/10")
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Housing with 24-hour care / care+"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="The housing staircase").click()
    assert page.get_by_role("heading", level=1).inner_text() == "The housing staircase"  # the choice is remembered
    page.get_by_role("link", name="Bokmål").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Boligtrappen"
    screenshot(page, "housing-nb")


def test_works_without_javascript_and_at_320px(server, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(server + "/")
    assert page.get_by_role("table").is_visible()  # the figures are there as a table without any script
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"page is {width}px wide at a 320px viewport"
    page.get_by_role("link", name="Aktivt lokalsamfunn").click()
    assert page.url.endswith("/trinn/1")
    screenshot(page, "step-1-320px-no-js")
    context.close()


def test_feedback_form_in_the_browser(own_server, page):
    server = own_server
    page.goto(server + "/tilgjengelegheit")
    page.get_by_label("Kva fungerte ikkje?").fill("Lenkene i trappa er vanskelege å sjå i mørk modus.")
    page.get_by_role("button", name="Send tilbakemelding").click()
    assert page.get_by_role("status").inner_text() == "Takk! Tilbakemeldinga er motteken."


def test_housing_staircase_is_drawn_as_a_staircase(server, page):
    page.goto(server + "/bustadtrapp")
    treads = page.locator("ol.housing-stairs > li")
    assert treads.count() == 6
    first, last = (treads.nth(i).locator(".tread").bounding_box() for i in (0, 5))
    assert last["x"] > first["x"]  # each type a step further in, as the help grows
    assert page.get_by_role("heading", level=2).first.inner_text().endswith("Eigen heim")
    assert "plassar i 2023" in page.locator("ol.housing-stairs").inner_text()
    screenshot(page, "housing-staircase")
