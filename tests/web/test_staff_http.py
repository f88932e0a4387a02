"""Staff pages over HTTP: every route × every role, login, CSRF, rate limit, audit log, import, mapping, texts."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import polars as pl
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from trappa.services import audit, users
from trappa.services.database import open_url
from trappa.services.imports import import_file
from trappa.services.users import ROLES
from trappa.web.app import create_app

from ..conftest import EXAMPLES, PASSWORD, copy_database, statements_of, web_settings, write

PUBLIC_ROUTES = {
    "/",
    "/innbygg",
    "/trinn/{number}",
    "/innbygg/trinn/{number}",
    "/bustadtrapp",
    "/del",
    "/tilgjengelegheit",
    "/helse",
    "/tilsett/logg-inn",
    "/diagram/{name}.svg",
}


@pytest.fixture(scope="module")
def staff_template(tmp_path_factory):
    """The examples imported and a user of every role, built once (password hashing is slow on purpose)."""
    path = tmp_path_factory.mktemp("staff") / "trappa.sqlite"
    eng = open_url(f"sqlite:///{path}")
    for kind in ("accounts", "mapping", "decisions", "services", "ftes", "places", "units", "sickness_absence"):
        import_file(eng, "test", kind, EXAMPLES / f"{kind}.csv")
    from trappa.services import board

    board.add_measure(
        eng, "test", {"name": "Prøve", "unit": "Heimesjukepleia", "kpi": "sickness_absence", "start": "2023-02"}
    )
    from trappa.services import calculator
    from trappa.services import prices as price_service

    price_service.set_price(eng, "test", 2023, {"kind": "home_health_care", "price": 700})
    case = {
        "alternatives": [{"name": "Heime", "services": [{"kind": "home_health_care", "hours_per_week": {"day": 4}}]}]
    }
    calculator.save(eng, "test", "Prøveutrekning", calculator.case_from(case))
    for role in ROLES:
        users.create(eng, "test", role, PASSWORD, role)
    users.set_units(eng, "test", "leader", ["Heimesjukepleia"])
    eng.dispose()
    return path


@pytest.fixture
def engine(staff_template, tmp_path):
    """Each test its own copy, so tests pass in any order."""
    eng = open_url(f"sqlite:///{copy_database(staff_template, tmp_path / 'staff')}")
    yield eng
    eng.dispose()


@pytest.fixture
def app(engine):
    return create_app(engine, web_settings())


def csrf_of(client: TestClient, path: str = "/tilsett/logg-inn") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def login(app, username: str | None) -> TestClient:
    client = TestClient(app)
    if username:
        r = client.post(
            "/tilsett/logg-inn",
            data={"username": username, "password": PASSWORD, "csrf": csrf_of(client)},
            follow_redirects=False,
        )
        assert r.status_code == 303, r.text
    return client


def all_routes(routes):
    """Every HTTP route with its full path, also those inside included routers."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        elif hasattr(route, "effective_candidates"):  # FastAPI's included router
            yield from all_routes(route.effective_candidates())
        elif hasattr(route, "original_route") and isinstance(route.original_route, APIRoute):
            yield route


def required_role(route) -> str | None:
    for dep in route.dependant.dependencies:
        role = getattr(dep.call, "required_role", None)
        if role:
            return role
    return None


def test_every_route_for_every_role(app):
    """Deny by default: every route is either public or names the least role it needs."""
    identities = [None, *ROLES]
    clients = {who: login(app, who) for who in identities}
    checked = 0
    for route in all_routes(app.routes):
        role = required_role(route)
        assert role or route.path in PUBLIC_ROUTES, f"{route.path} is neither public nor protected"
        path = (
            route.path.replace("{number}", "6")
            .replace("{cost_centre}", "4601")
            .replace("{code}", "sickness_absence")
            .replace("{measure_id}", "1")
            .replace("{kind}", "utgangspunkt")
            .replace("{calc_id:int}", "1")
            .replace("{name}", "netto")
            .replace("{record_id}", "1")
            + "?year=2023&eining=Heimesjukepleia"
        )
        for method in route.methods:
            for who in identities:
                r = clients[who].request(method, path, follow_redirects=False)
                checked += 1
                if role is None:
                    expected = {"GET": {200}, "POST": {400, 422}}[method]
                elif who is None:
                    expected = {303}
                    assert r.headers.get("location", "").endswith("/tilsett/logg-inn")
                elif ROLES.index(who) < ROLES.index(role):
                    expected = {403}
                else:
                    # GET works; a POST without its form or CSRF token is refused before it does anything.
                    expected = {"GET": {200}, "POST": {400, 422}}[method]
                assert r.status_code in expected, f"{method} {path} as {who}: {r.status_code}"
    assert checked > 100


def test_login_cookie_is_httponly_and_secure_in_production(engine):
    app = create_app(engine, web_settings(env="production"))
    client = TestClient(app, base_url="https://testserver")
    r = client.post(
        "/tilsett/logg-inn",
        data={"username": "admin", "password": PASSWORD, "csrf": csrf_of(client)},
        follow_redirects=False,
    )
    cookie = r.headers["set-cookie"]
    assert "trappa_session=" in cookie and "HttpOnly" in cookie and "Secure" in cookie and "SameSite=lax" in cookie


def test_wrong_password_is_refused_and_attempts_are_limited(app, engine):
    client = TestClient(app)
    for _ in range(5):
        r = client.post(
            "/tilsett/logg-inn", data={"username": "viewer", "password": "feil-passord-1234", "csrf": csrf_of(client)}
        )
        assert r.status_code == 401 and "Feil brukarnamn eller passord" in r.text
    r = client.post("/tilsett/logg-inn", data={"username": "viewer", "password": PASSWORD, "csrf": csrf_of(client)})
    assert r.status_code == 429  # even the right password waits now
    outcomes = [e.outcome for e in audit.entries(engine) if e.action == "login"]
    assert outcomes.count("failed") == 5 and "refused" in outcomes


def test_login_without_csrf_is_refused(app):
    r = TestClient(app).post("/tilsett/logg-inn", data={"username": "admin", "password": PASSWORD})
    assert r.status_code == 400


def test_logout_ends_the_session(app):
    client = login(app, "viewer")
    assert client.get("/tilsett/profil").status_code == 200
    client.post("/tilsett/logg-ut", data={"csrf": csrf_of(client, "/tilsett")})
    assert client.get("/tilsett/profil", follow_redirects=False).status_code == 303


def test_profile_page_and_excel_download(app, engine):
    client = login(app, "viewer")
    html = client.get("/tilsett/profil").text
    assert "Matrise per trinn 2023" in html and "Balanserer." in html and html.count("data-spec=") == 3
    r = client.get("/tilsett/profil.xlsx?year=2023")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert "export" in [e.action for e in audit.entries(engine)]
    assert client.get("/tilsett/profil?year=2023&gruppe=;DROP TABLE").status_code == 200  # unknown groups fall back
    missing = client.get("/tilsett/profil?year=1999")
    assert missing.status_code == 404 and "Ingen rekneskap for 1999. År med rekneskap: 2023." in missing.text


def test_the_profile_s_charts_are_drawn_on_the_server_for_a_browser_without_javascript(app):
    """Without JavaScript the page showed an empty band where its three charts are."""
    client = login(app, "viewer")
    page = client.get("/tilsett/profil?year=2023&gruppe=brukargruppe").text
    specs = [json.loads(html.unescape(s)) for s in re.findall(r'data-spec="([^"]*)"', page)]
    for name, spec in zip(("netto", "personar", "per-person"), specs, strict=True):
        first_step = spec["data"]["values"][0]["step_label"]  # the steps of the chart drawn in the browser
        address = f"/tilsett/profil/diagram/{name}.svg?year=2023&amp;gruppe=brukargruppe"
        assert f'<noscript><img src="{address}"' in page
        svg = client.get(address.replace("&amp;", "&"))
        assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
        assert svg.text.startswith("<svg") and f">{first_step}</text>" in svg.text
    assert client.get("/tilsett/profil/diagram/ukjend.svg").status_code == 404
    assert client.get("/tilsett/profil/diagram/netto.svg?year=1999").status_code == 404
    assert TestClient(app).get("/tilsett/profil/diagram/netto.svg", follow_redirects=False).status_code == 303


def test_import_bad_then_good_file(app, engine, tmp_path):
    client = login(app, "analyst")
    token = csrf_of(client, "/tilsett/import")
    bad = "år;ansvar;ansvarsnamn;art;funksjon;beløp\n2023;4601;X;10100;254;1.234\n2023;9999;Y;10100;254;12\n"
    r = client.post(
        "/tilsett/import",
        data={"kind": "accounts", "csrf": token},
        files={"file": ("rekneskap.csv", bad.encode(), "text/csv")},
    )
    assert r.status_code == 422
    assert "Fila vart ikkje importert" in r.text and "talet er tvetydig" in r.text and ">2<" in r.text
    before = client.get("/tilsett/profil").text
    good = "år;ansvar;ansvarsnamn;art;funksjon;beløp\n2023;5201;Sjukeheimen Fjordtun;10100;253;1 000 000\n"
    r = client.post(
        "/tilsett/import",
        data={"kind": "accounts", "csrf": token},
        files={"file": ("rekneskap2.csv", good.encode(), "text/csv")},
    )
    assert r.status_code == 200 and "Importert 1 rad" in r.text
    after = client.get("/tilsett/profil").text
    assert before != after and "1 000 000" in after.replace("\u00a0", " ")
    actions = [(e.action, e.outcome) for e in audit.entries(engine)]
    assert ("import", "refused") in actions and ("import", "ok") in actions


def test_viewer_cannot_import(app):
    client = login(app, "viewer")
    assert client.get("/tilsett/import").status_code == 403
    r = client.post(
        "/tilsett/import",
        data={"kind": "accounts", "csrf": csrf_of(client, "/tilsett")},
        files={"file": ("a.csv", b"x", "text/csv")},
    )
    assert r.status_code == 403


def test_mapping_editor_assigns_an_unmapped_centre(app, engine):
    client = login(app, "analyst")
    import_file(
        engine,
        "test",
        "accounts",
        write_tmp(
            engine, "år;ansvar;ansvarsnamn;art;funksjon;beløp\n2023;9100;<img src=x onerror=alert(1)>;10100;254;5000\n"
        ),
    )
    html = client.get("/tilsett/fordeling").text
    assert "ikkje fordelt 5" in html.replace("\u00a0", " ")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    token = csrf_of(client, "/tilsett/fordeling")
    r = client.post(
        "/tilsett/fordeling",
        data={"year": 2023, "cost_centre": "9100", "step": "6", "user_group": "andre", "csrf": token},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "ikkje fordelt 0" in client.get("/tilsett/fordeling").text.replace("\u00a0", " ")


def write_tmp(engine, text):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp())
    return write(folder / "a.csv", text)


def test_step_text_editor_preview_save_history(app):
    client = login(app, "editor")
    token = csrf_of(client, "/tilsett/trinn/6")
    page = client.get("/tilsett/trinn/6").text
    fields = dict(
        re.findall(
            r'<textarea id="(f\.[^"]+)" name="[^"]+" rows="2" maxlength="2000"(?: required)?>([^<]*)</textarea>', page
        )
    )
    fields["f.name.nn"] = "Heimetenester"
    preview = client.post("/tilsett/trinn/6", data={**fields, "csrf": token, "action": "preview"})
    assert "Førehandsvising" in preview.text and "Heimetenester" in preview.text
    assert "Heimetenester" not in TestClient(app).get("/trinn/6").text  # not saved yet
    saved = client.post("/tilsett/trinn/6", data={**fields, "csrf": token, "action": "save"})
    assert saved.status_code == 200 and "Lagra" in saved.text
    assert "Heimetenester" in TestClient(app).get("/trinn/6").text
    assert "editor endra trinn 6" in client.get("/tilsett/trinn").text
    fields["f.name.nn"] = ""
    refused = client.post("/tilsett/trinn/6", data={**fields, "csrf": token, "action": "save"})
    assert refused.status_code == 400 and "name.nn" in refused.text


def test_admin_changes_roles_but_not_the_last_admin(app, engine):
    client = login(app, "admin")
    token = csrf_of(client, "/tilsett/brukarar")
    r = client.post(
        "/tilsett/brukarar", data={"username": "viewer", "role": "analyst", "csrf": token}, follow_redirects=False
    )
    assert r.status_code == 303
    r = client.post("/tilsett/brukarar", data={"username": "admin", "role": "viewer", "csrf": token})
    assert r.status_code == 400 and "siste administratoren" in r.text
    log = client.get("/tilsett/logg").text
    assert "ny rolle" in log and "viewer → analyst" in log


def test_no_setup_route(app):
    paths = {r.path for r in all_routes(app.routes)}
    assert "/tilsett/brukarar" in paths
    assert not any("setup" in p or "oppsett" in p or "register" in p for p in paths)


def test_mapping_excel_download(app, engine):
    import fastexcel

    client = login(app, "analyst")
    r = client.get("/tilsett/fordeling.xlsx?year=2023")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    sheet = fastexcel.read_excel(r.content).load_sheet(0, header_row=2).to_polars()
    assert "4601" in sheet["Ansvar"].to_list()
    assert login(app, "viewer").get("/tilsett/fordeling.xlsx").status_code == 403


def test_mapping_editor_splits_a_cost_centre(app, engine):
    from trappa.store.read import load_table

    client = login(app, "analyst")
    page = client.get("/tilsett/fordeling/ansvar/4601?year=2023").text
    assert "Ansvar 4601: Heimesjukepleie sone Nord" in page
    token = csrf_of(client, "/tilsett/fordeling/ansvar/4601?year=2023")
    form = {
        "year": "2023",
        "csrf": token,
        "step0": "6",
        "group0": "andre",
        "share0": "60",
        "step1": "5",
        "group1": "andre",
        "share1": "30",
    }
    refused = client.post("/tilsett/fordeling/ansvar/4601", data=form)
    assert refused.status_code == 400 and "summerer til 90 %" in refused.text
    form.update({"step2": "utanfor", "group2": "alle", "share2": "10"})
    assert client.post("/tilsett/fordeling/ansvar/4601", data=form, follow_redirects=False).status_code == 303
    rows = load_table(engine, "mapping", 2023).filter(pl.col("cost_centre") == "4601").sort("share")
    assert rows.select("step", "share").rows() == [(0, 10.0), (5, 30.0), (6, 60.0)]
    assert load_table(engine, "mapping", 2023).filter(pl.col("cost_centre") == "5201").height == 1  # others untouched
    assert "Balanserer." in client.get("/tilsett/profil").text


def test_admin_sets_the_municipality_and_every_page_shows_it(app, engine):
    viewer = login(app, "viewer")
    assert "Kommunen har ikkje fått namn enno" in viewer.get("/tilsett").text
    assert viewer.get("/tilsett/kommune").status_code == 403
    client = login(app, "admin")
    token = csrf_of(client, "/tilsett/kommune")
    form = {
        "name": "Alver kommune",
        "code": "4631",
        "language": "nb",
        "publish_figures": "1",
        "hours_per_gross_fte": "1 846",
        "hours_per_net_fte": "1645",
        "staircase": "asker",
        "wage_arts": "10150 = faste tillegg\r\n05090 = ikkje løn\r\n",
        "csrf": token,
    }
    refused = client.post("/tilsett/kommune", data={**form, "code": "46"})
    assert refused.status_code == 400 and "fire siffer" in refused.text
    bad_art = client.post("/tilsett/kommune", data={**form, "wage_arts": "10150 = bonus"})
    assert bad_art.status_code == 400 and "linje 1" in bad_art.text
    assert client.post("/tilsett/kommune", data=form, follow_redirects=False).status_code == 303
    public = TestClient(app).get("/")
    assert "Alver kommune" in public.text and 'lang="nb"' in public.text  # opens in the municipality's language
    assert "Heilskapleg innsatstrapp" in public.text or "Aktive lokalsamfunn" in public.text
    assert "Kommunen har ikkje" not in viewer.get("/tilsett").text
    log = client.get("/tilsett/logg").text
    assert "kommunenummer: 4631" in log and "språk: bokmål" in log and "tok i bruk malen asker" in log
    assert "lønsartar: 05090 ikkje løn, 10150 faste tillegg" in log
    assert "10150 = faste tillegg" in client.get("/tilsett/kommune").text  # the form shows what is stored


def test_admin_disables_resets_and_deletes_users_and_sessions_end(app, engine):
    admin = login(app, "admin")
    viewer, editor = login(app, "viewer"), login(app, "editor")
    token = csrf_of(admin, "/tilsett/brukarar")
    assert (
        admin.post(
            "/tilsett/brukarar/viewer/aktiv", data={"active": "0", "csrf": token}, follow_redirects=False
        ).status_code
        == 303
    )
    assert viewer.get("/tilsett", follow_redirects=False).status_code == 303  # signed out at once
    again = TestClient(app)
    r = again.post("/tilsett/logg-inn", data={"username": "viewer", "password": PASSWORD, "csrf": csrf_of(again)})
    assert r.status_code == 401
    assert "slått av" in admin.get("/tilsett/brukarar").text
    short = admin.post("/tilsett/brukarar/editor/passord", data={"password": "kort", "csrf": token})
    assert short.status_code == 400 and "minst 12 teikn" in short.text
    new = "eit-heilt-nytt-passord"
    admin.post("/tilsett/brukarar/editor/passord", data={"password": new, "csrf": token})
    assert editor.get("/tilsett", follow_redirects=False).status_code == 303
    fresh = TestClient(app)
    r = fresh.post(
        "/tilsett/logg-inn",
        data={"username": "editor", "password": new, "csrf": csrf_of(fresh)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    unconfirmed = admin.post("/tilsett/brukarar/analyst/slett", data={"csrf": token})
    assert unconfirmed.status_code == 400 and "analyst" in [u["username"] for u in users.list_users(engine)]
    admin.post("/tilsett/brukarar/analyst/slett", data={"confirm": "1", "csrf": token})
    assert "analyst" not in [u["username"] for u in users.list_users(engine)]
    last = admin.post("/tilsett/brukarar/admin/aktiv", data={"active": "0", "csrf": token})
    assert last.status_code == 400 and "siste administratoren" in last.text
    log = admin.get("/tilsett/logg").text
    assert "brukar slått av" in log and "nytt passord" in log and "brukar sletta" in log


def test_admin_reads_and_handles_accessibility_feedback(app, engine):
    citizen = TestClient(app)
    token = csrf_of(citizen, "/tilgjengelegheit")
    citizen.post("/tilgjengelegheit", data={"message": "Knappen er for liten", "page": "/trinn/6", "csrf": token})
    assert login(app, "analyst").get("/tilsett/tilbakemeldingar").status_code == 403
    admin = login(app, "admin")
    page = admin.get("/tilsett/tilbakemeldingar").text
    assert "Knappen er for liten" in page and "/trinn/6" in page
    (number,) = re.findall(r'action="/tilsett/tilbakemeldingar/(\d+)"', page)
    token = csrf_of(admin, "/tilsett/tilbakemeldingar")
    assert (
        admin.post(f"/tilsett/tilbakemeldingar/{number}", data={"csrf": token}, follow_redirects=False).status_code
        == 303
    )
    assert "Knappen er for liten" not in admin.get("/tilsett/tilbakemeldingar").text
    everything = admin.get("/tilsett/tilbakemeldingar?alle=1").text
    assert "Knappen er for liten" in everything and "av admin" in everything


def test_editor_changes_a_housing_type_with_history(app, engine):
    client = login(app, "editor")
    assert "Bustadtrappa" in client.get("/tilsett/trinn").text
    page = client.get("/tilsett/trinn/bustad/3").text
    fields = dict(re.findall(r'<textarea id="(f\.[^"]+)" name="[^"]+"[^>]*>([^<]*)</textarea>', page))
    token = csrf_of(client, "/tilsett/trinn/bustad/3")
    bad = client.post("/tilsett/trinn/bustad/3", data={**fields, "units": "mange", "csrf": token})
    assert bad.status_code == 400 and "heilt tal" in bad.text
    fields["f.resident_pays.nn"] = "Husleige etter sjølvkost og eigenbetaling."
    saved = client.post(
        "/tilsett/trinn/bustad/3", data={**fields, "units": "24", "csrf": token}, follow_redirects=False
    )
    assert saved.status_code == 303
    assert "editor endra bustadtype 3" in client.get("/tilsett/trinn").text
    assert "Husleige etter sjølvkost og eigenbetaling." in TestClient(app).get("/bustadtrapp").text
    assert login(app, "viewer").get("/tilsett/trinn/bustad/3").status_code == 403


def test_wrong_addresses_get_pages_in_the_reader_s_language_not_json(app):
    client = login(app, "analyst")
    for path, status, text in [
        ("/trinn/abc", 404, "Fann ikkje sida"),
        ("/trinn/abc?lang=en", 404, "Page not found"),
        ("/tilsett/fordeling/ansvar/4601", 400, "Sida manglar eller fekk ein ugyldig verdi for: år."),
        ("/tilsett/profil?year=tjuetjuetre", 400, "år"),
    ]:
        r = client.get(path)
        assert r.status_code == status and r.headers["content-type"].startswith("text/html"), path
        assert text in r.text and '"detail"' not in r.text, path


def test_profile_matrix_has_a_sum_row_and_neutral_changes_and_cost_in_mnok(app, engine):
    import json

    page = login(app, "viewer").get("/tilsett/profil?year=2023").text
    assert "<tfoot>" in page and "Sum trappa" in page
    assert "Budsjett og rekneskap 2023" in page and "Avvik" in page
    budget = page.split('id="budsjett"', 1)[1].split("</table>", 1)[0]
    signs = re.findall(r"<td>(\+?)(-?[\d\u00a0 ]+)</td></tr>", budget)  # each row's deviation, and the sum's
    assert signs and all((plus == "+") == (not number.startswith("-") and number.strip("0\u00a0 ") != "")
                         for plus, number in signs)  # fmt: skip
    assert 'class="grew"' not in page and 'class="shrank"' not in page  # more cost is not «good» green
    specs = [json.loads(html.unescape(s)) for s in re.findall(r'data-spec="([^"]*)"', page)]
    net = next(s for s in specs if s["title"] == "Netto driftsutgifter per trinn")
    assert net["encoding"]["x"]["title"] == "Millionar kroner" and net["encoding"]["x"]["field"] == "net_cost_mnok"
    assert all(s["mark"]["color"] == "#1f5f8b" for s in specs if isinstance(s["mark"], dict) and "color" in s["mark"])


def test_staff_pages_speak_bokmal_and_english_too(app):
    client = login(app, "viewer")
    english = client.get("/tilsett/profil?year=2023&lang=en").text
    assert "Service profile 2023" in english and "Download as Excel" in english and "Net per person" in english
    assert "1 Active local community" in english and "Budget and accounts 2023" in english and "100.0 %" in english
    assert "Staircase total" in english and 'lang="en"' in english
    overview = client.get("/tilsett?lang=en").text
    assert "Signed in as" in overview and "(viewer)" in overview
    bokmal = client.get("/tilsett?lang=nb").text  # the choice is remembered in a cookie from here on
    assert "Innlogget som" in bokmal and "Tjenesteprofil" in bokmal
    assert "Personer kan ikke legges sammen" in client.get("/tilsett/profil?year=2023").text


def test_key_figures_page_with_what_if_and_excel(app, engine):
    import fastexcel

    viewer = login(app, "viewer")
    page = viewer.get("/tilsett/nokkeltal?year=2023").text
    assert "Nøkkeltal per eining 2023" in page and "Heimesjukepleia" in page and "Kostnad per brutto årsverk" in page
    token = csrf_of(viewer, "/tilsett/nokkeltal")
    partial = viewer.post(
        "/tilsett/nokkeltal/kva-om",
        data={"decided_hours": "-2", "ftes": "0", "overtime": "0", "temporary": "0", "csrf": token},
        headers={"HX-Request": "true"},
    )
    assert partial.status_code == 200 and "<html" not in partial.text and "MNOK" in partial.text
    bad = viewer.post("/tilsett/nokkeltal/kva-om", data={"decided_hours": "mange", "csrf": token})
    assert "er ikkje eit tal" in bad.text
    r = viewer.get("/tilsett/nokkeltal.xlsx?year=2023")
    assert r.status_code == 200
    sheet = fastexcel.read_excel(r.content).load_sheet(0, header_row=2).to_polars()
    assert sheet["Eining"].to_list()[-1] == "Alle einingane"
    assert viewer.get("/tilsett/nokkeltal?year=1999").status_code == 404
    assert "Key figures" in viewer.get("/tilsett/nokkeltal?lang=en").text


def test_a_hostile_workbook_is_refused_and_the_site_goes_on(app, engine):
    """Before: the Rust reader aborted the whole server on this 1,7 kB file (issue 15)."""
    from pathlib import Path

    client = login(app, "analyst")
    token = csrf_of(client, "/tilsett/import")
    hostile = Path(__file__).parents[1] / "data" / "hostile" / "sheet-not-named-xml.xlsx"
    r = client.post(
        "/tilsett/import",
        data={"kind": "accounts", "csrf": token},
        files={"file": ("rekneskap.xlsx", hostile.read_bytes(), "application/octet-stream")},
    )
    assert r.status_code == 422 and "XFD1048576" in r.text and "/tilsett/import/jobb/" in str(r.url)
    assert client.get("/").status_code == 200 and client.get("/tilsett/import").status_code == 200
    # the job page belongs to the one who started it, and says so plainly when it is gone
    other = login(app, "admin")
    assert "Fann ikkje importen" in other.get(str(r.url.path)).text
    # htmx asks again: a finished job reloads the whole page (result and history)
    assert client.get(str(r.url.path), headers={"HX-Request": "true"}).headers["HX-Refresh"] == "true"


def test_every_hostile_file_is_refused_over_the_web_with_a_page_and_nothing_stored(app, engine):
    """The generated hostile files (tests/data/hostile) through the upload: a page that names the problem."""
    import json
    from pathlib import Path

    from trappa.store.repository import import_history

    hostile = Path(__file__).parents[1] / "data" / "hostile"
    expected = json.loads((hostile / "expected.json").read_text(encoding="utf-8"))
    client = login(app, "analyst")
    token = csrf_of(client, "/tilsett/import")
    before = import_history(engine).height
    refused = {name: e for name, e in expected.items() if e["expect"] != "stored"}
    for name, e in sorted(refused.items()):
        r = client.post(
            "/tilsett/import",
            data={"kind": e["kind"], "csrf": token},
            files={"file": (name, (hostile / name).read_bytes(), "application/octet-stream")},
        )
        assert r.status_code == 422, (name, r.status_code)
        assert e["expect"] in html.unescape(r.text), name
    assert import_history(engine).height == before
    assert client.get("/").status_code == 200


def test_the_cli_refuses_a_hostile_workbook_and_exits_cleanly(tmp_path):
    from pathlib import Path

    from ..test_cli import run

    hostile = Path(__file__).parents[1] / "data" / "hostile" / "sheet-not-named-xml.xlsx"
    done = run(tmp_path / "home", "import", "accounts", str(hostile), code=2)
    assert "XFD1048576" in done.output and "Ingenting frå fila er lagra" in done.output


def test_a_page_view_asks_the_database_once_for_what_does_not_change_within_it(app, engine):
    """The data version, the years and the settings were asked by every cached part (ten statements per
    warm profile page); once per view now, and never carried from one view to the next."""
    client = login(app, "analyst")
    client.get("/tilsett/profil")
    client.get("/")
    with statements_of(engine) as asked:
        assert client.get("/tilsett/profil").status_code == 200
    with statements_of(engine) as public:
        assert client.get("/").status_code == 200
    assert sum('MAX("id"), 0) FROM "imports"' in s for s in asked) == 1
    assert sum('FROM "settings"' in s and "__version" not in s for s in asked) <= 1
    assert len(asked) <= 6 and len(public) <= 2, (asked, public)


def engine_folder(engine) -> Path:
    return Path(engine.file).parent


def test_the_profile_main_block_is_kept_per_version_and_language_and_the_rest_is_each_readers(app, engine):
    """The tables and charts are rendered once per data version and language; the menu, the user and the
    form token are the reader's own on every view."""
    analyst, admin = login(app, "analyst"), login(app, "admin")
    first, again = analyst.get("/tilsett/profil").text, analyst.get("/tilsett/profil").text
    assert first == again and "Matrise per trinn" in first
    import trappa.web.staff_data as pages  # the page as the whole template renders it, byte for byte

    whole = pages.staff_render
    pages.staff_render = lambda *args, main_key=None, **kwargs: whole(*args, **kwargs)  # noqa: ARG005
    try:
        assert analyst.get("/tilsett/profil").text == first
    finally:
        pages.staff_render = whole
    other = admin.get("/tilsett/profil").text
    assert 'href="/tilsett/kommune"' in other and 'href="/tilsett/kommune"' not in first  # the admin's menu
    assert other.split("<main")[1] == first.split("<main")[1]  # the same tables and charts
    english = analyst.get("/tilsett/profil?lang=en").text
    assert "Service profile" in english and "Tenesteprofil" not in english.split("<main")[1]
    main = first.split("<main")[1].split("</main>")[0]
    assert main == analyst.get("/tilsett/profil?lang=nn").text.split("<main")[1].split("</main>")[0]
    # a new import is a new version: the block is rendered again from the new figures
    changed = "år;ansvar;ansvarsnamn;art;funksjon;beløp\n2023;5201;Sjukeheimen Fjordtun;10100;253;1 000 000\n"
    import_file(engine, "test", "accounts", write(engine_folder(engine) / "ny.csv", changed))
    assert analyst.get("/tilsett/profil").text.split("<main")[1] != first.split("<main")[1]


def test_the_profile_page_is_kept_per_reader_and_never_outlives_a_session_or_a_role(app, engine):
    """The staff profile's whole answer is kept per data version, user, role and form token: a kept view
    is the same bytes and asks the database two things (the version and the user). Signing out, another
    role, or an import is seen on the very next view."""
    from trappa.services import users

    analyst, admin = login(app, "analyst"), login(app, "admin")
    made = analyst.get("/tilsett/profil")
    assert made.status_code == 200
    with statements_of(engine) as statements:
        kept = analyst.get("/tilsett/profil")
    assert kept.content == made.content and len(statements) == 2, statements
    # each reader gets their own page: their own form token and menu, never another's
    other = admin.get("/tilsett/profil").text
    assert other != made.text and "/tilsett/brukarar" in other and "/tilsett/brukarar" not in made.text
    # a role taken away shows at once: the viewer's menu has no import, and a caseworker may not read it
    users.set_role(engine, "test", "analyst", "viewer")
    after = analyst.get("/tilsett/profil", follow_redirects=False)
    assert after.status_code in (200, 303) and "/tilsett/import" not in after.text
    users.set_role(engine, "test", "analyst", "caseworker")
    assert analyst.get("/tilsett/profil", follow_redirects=False).status_code in (303, 403)
    # signed out (and the session cookie kept, as a copied one would be): sent to sign in, not answered
    # from the cache
    admin.get("/tilsett/profil")
    session = admin.cookies.get("trappa_session")
    admin.post("/tilsett/logg-ut", data={"csrf": admin.cookies.get("trappa_csrf")})
    admin.cookies.set("trappa_session", session)
    assert admin.get("/tilsett/profil", follow_redirects=False).status_code == 303


def test_the_server_makes_the_profile_s_first_view_before_its_first_reader(engine):
    """At national scale the staff profile's first view took 0,8 s after the warm-up; it is made in it now."""
    from trappa.web.app import _warm
    from trappa.web.cache import ResultCache

    cache = ResultCache()
    _warm(engine, cache)
    made = [k for k in cache.kept() if ":profile-context:" in k]
    assert sorted(k.rsplit(":", 1)[1] for k in made) == ["en", "nb", "nn"]
