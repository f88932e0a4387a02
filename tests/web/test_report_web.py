"""«Lag rapport»: the report made in the background with its progress on the page, in a real browser,
axe-clean; and the same without JavaScript; a job belongs to the person who started it."""

from __future__ import annotations

import re

from .test_browser import axe_violations
from .test_calculator_web import _sign_in


def test_a_viewer_makes_a_word_report_and_watches_it_come(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, bypass_csp=True)
    page = context.new_page()
    _sign_in(page, server, "viewer")
    page.goto(server + "/tilsett/rapport")
    assert axe_violations(page) == []
    page.get_by_label("Budsjett mot rekneskap").uncheck()
    page.get_by_label("Heildøgns bustad framfor institusjon").check()
    page.get_by_label("Word, for saksframlegget").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Lag rapporten").click()
    assert re.search(r"/tilsett/rapport/jobb/[0-9a-f]{32}$", page.url)
    link = page.get_by_role("link", name=re.compile("Last ned rapport-2023.docx"))
    link.wait_for(timeout=60_000)  # htmx polls until the report is ready
    assert axe_violations(page) == []
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    from docx import Document

    headings = [p.text for p in Document(path).paragraphs if p.style.name == "Heading 2"]
    assert "Budsjett mot rekneskap" not in headings and "Trappa i framtida" in headings
    context.close()


def test_without_javascript_and_only_for_its_owner(demo_db):
    import time

    from .test_projection_web import client_for

    client, token = client_for(demo_db, "viewer")
    form = client.get("/tilsett/rapport").text
    assert 'name="del_kostra"' in form and 'value="xlsx"' in form
    started = client.post("/tilsett/rapport", data={"csrf": token, "del_staircase": "1", "format": "xlsx"},
                          follow_redirects=False)  # fmt: skip
    assert started.status_code == 303
    where = started.headers["location"]
    for _ in range(120):
        page = client.get(where).text
        if "Rapporten er klar" in page:
            break
        assert "Sjå om rapporten er klar" in page  # a link to look again, no refresh needed
        time.sleep(0.5)
    workbook = client.get(where + "/fil")
    assert workbook.content[:2] == b"PK" and "rapport-2023.xlsx" in workbook.headers["content-disposition"]
    other, _ = client_for(demo_db, "analyst")
    assert "Fann ikkje rapporten" in other.get(where).text  # another person's report is not theirs to see
    assert other.get(where + "/fil").content[:2] != b"PK"
