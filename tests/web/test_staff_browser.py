"""Staff in a real browser: an analyst imports a bad and a good file; a viewer is refused; no script from data runs."""

from __future__ import annotations

from ..conftest import PASSWORD
from .conftest import screenshot

XSS = "<img src=x onerror=alert(1)>"


def sign_in(page, server, username):
    page.goto(server + "/tilsett/logg-inn")
    page.get_by_label("Brukarnamn").fill(username)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url("**/tilsett")


def upload(page, kind_label, name, content: bytes):
    page.get_by_label("Kva slags fil").select_option(label=kind_label)
    page.get_by_label("Fil", exact=True).set_input_files({"name": name, "mimeType": "text/csv", "buffer": content})
    page.get_by_role("button", name="Kontroller og importer").click()


def test_analyst_imports_bad_then_good_file_and_the_profile_changes(own_server, page, tmp_path):
    server = own_server
    sign_in(page, server, "analyst")
    page.goto(server + "/tilsett/profil?year=2023")
    page.wait_for_selector(".vega svg", timeout=15_000)
    before = page.locator("table.matrix tbody tr").first.inner_text()
    screenshot(page, "staff-profile-before")

    page.goto(server + "/tilsett/import")
    bad = "år;ansvar;ansvarsnamn;art;funksjon;beløp\n2023;4101;Frivilligsentralen;10100;233;1.234\n"
    upload(page, "Rekneskap", "rekneskap-feil.csv", bad.encode())
    report = page.get_by_role("alert")
    assert "Fila vart ikkje importert" in report.inner_text()
    assert "talet er tvetydig" in report.inner_text() and "beløp" in report.inner_text()
    screenshot(page, "staff-import-errors")

    good = (
        "år;ansvar;ansvarsnamn;art;funksjon;beløp\n"
        f"2023;4101;Frivilligsentralen;10100;233;5 000 000\n2023;9900;{XSS};10100;233;1 000\n"
    )
    upload(page, "Rekneskap", "rekneskap-2023.csv", good.encode("utf-8"))
    assert "Importert 2 rader" in page.get_by_role("status").inner_text()

    page.goto(server + "/tilsett/profil?year=2023")
    after = page.locator("table.matrix tbody tr").first.inner_text()
    assert after != before  # step 1 now carries only what the new file says
    for path in ["/tilsett/fordeling?year=2023", "/tilsett/import", "/tilsett/profil?year=2023", "/", "/trinn/1"]:
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
    assert page.dialogs == [], page.dialogs  # the imported cost-centre name never ran as script
    page.goto(server + "/tilsett/fordeling?year=2023")
    assert XSS in page.locator("tr.unmapped").first.inner_text()  # shown as text, where it belongs
    screenshot(page, "staff-mapping")


def test_viewer_is_refused_the_import_page(server, page):
    sign_in(page, server, "viewer")
    response = page.goto(server + "/tilsett/import")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Ikkje tilgang"
    assert page.get_by_role("link", name="Import").count() == 0  # not offered in the menu either


def test_admin_handles_feedback_and_disables_a_user_in_the_browser(own_server, browser):
    from .test_browser import axe_violations

    server = own_server
    citizen = browser.new_context().new_page()
    citizen.goto(server + "/tilgjengelegheit")
    citizen.get_by_label("Kva fungerte ikkje?").fill("Teksten i trappa er for liten på mobil.")
    citizen.get_by_role("button", name="Send tilbakemelding").click()
    viewer = browser.new_context().new_page()
    sign_in(viewer, server, "viewer")
    admin_context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    admin = admin_context.new_page()
    sign_in(admin, server, "admin")
    admin.get_by_role("link", name="Tilbakemeldingar").first.click()
    assert "Teksten i trappa er for liten på mobil." in admin.locator("table").inner_text()
    assert axe_violations(admin) == []
    admin.get_by_role("button", name="Merk som handsama").click()
    assert admin.get_by_role("status").inner_text() == "Ingen tilbakemeldingar å handsame."
    admin.goto(server + "/tilsett/brukarar")
    assert axe_violations(admin) == []
    admin.get_by_role("button", name="Slå av viewer").click()
    assert "Lagra." in admin.get_by_role("status").inner_text()
    viewer.goto(server + "/tilsett/profil")
    assert viewer.url.endswith("/tilsett/logg-inn")  # the disabled user was signed out at once
    admin.goto(server + "/tilsett/kommune")
    assert axe_violations(admin) == []
    screenshot(admin, "staff-municipality")
    admin_context.close()
