"""Public pages over HTTP: languages, headers, suppression of small counts, CSRF, escaping."""

from __future__ import annotations

import html as html_lib
import re
import subprocess
import sys

import polars as pl
import pytest
import yaml
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from trappa.model.suppression import THRESHOLD, suppress
from trappa.services import municipality, staircase
from trappa.services.database import open_url
from trappa.services.imports import import_file
from trappa.staircase.templates import template_source
from trappa.web.app import create_app

from ..conftest import EXAMPLES, ROOT, statements_of, web_settings, write

PUBLIC = [
    "/",
    "/trinn/1",
    "/trinn/6",
    "/trinn/13",
    "/bustadtrapp",
    "/tilgjengelegheit",
    "/del",
    "/innbygg",
    "/innbygg/trinn/6",
]


@pytest.fixture
def client(demo_db):
    return TestClient(create_app(demo_db, web_settings()))


@pytest.mark.parametrize("path", PUBLIC)
@pytest.mark.parametrize("lang", ["nn", "nb", "en"])
def test_public_pages_in_every_language(client, path, lang):
    r = client.get(path, params={"lang": lang})
    assert r.status_code == 200
    assert f'<html lang="{lang}">' in r.text
    csp = r.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "script-src 'self'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert ("frame-ancestors *" in csp) == path.startswith("/innbygg")


def test_every_visible_string_has_a_translation():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "translations.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_language_choice_is_remembered(client):
    assert "Tjenestetrappen" in client.get("/", params={"lang": "nb"}).text
    assert "Tjenestetrappen" in client.get("/bustadtrapp").text  # cookie
    assert "The service staircase" in client.get("/", params={"lang": "en"}).text


def test_unknown_step_is_a_friendly_404(client):
    r = client.get("/trinn/99")
    assert r.status_code == 404 and "Fann ikkje sida" in r.text


def test_feedback_needs_csrf_and_is_stored(client, demo_db):
    from trappa.services import feedback

    assert client.post("/tilgjengelegheit", data={"message": "Hei"}).status_code == 400
    page = client.get("/tilgjengelegheit")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    r = client.post(
        "/tilgjengelegheit", data={"message": "Kontrasten på knappen er for låg", "csrf": token}, follow_redirects=False
    )
    assert r.status_code == 303
    messages = [row["message"] for row in feedback.entries(demo_db)]
    assert "Kontrasten på knappen er for låg" in messages
    assert "Takk!" in client.get(r.headers["location"]).text


@pytest.fixture
def small_numbers(tmp_path):
    """Step 5 has 3 persons (hidden), and step 8's 9 persons must be hidden too, or 3 could be worked out."""
    engine = open_url(f"sqlite:///{tmp_path / 'small.sqlite'}")
    for kind in ("accounts", "mapping", "services"):
        import_file(engine, "test", kind, EXAMPLES / f"{kind}.csv")
    head = "personnøkkel;teneste;trinn;frå dato;aldersgruppe;brukargruppe\n"
    rows = [f"P{i};Heimesjukepleie;6;01.01.2023;80-84;andre" for i in range(40)]
    rows += [f"Q{i};Praktisk bistand;5;01.01.2023;80-84;andre" for i in range(3)]
    rows += [f"S{i};Kommunal utleigebustad;8;01.01.2023;0-66;andre" for i in range(9)]
    import_file(engine, "test", "decisions", write(tmp_path / "v.csv", head + "\n".join(rows) + "\n"))
    municipality.update(engine, "test", publish_figures=True)
    return engine


def test_small_counts_never_reach_the_browser(small_numbers):
    client = TestClient(create_app(small_numbers, web_settings()))
    for path in ["/", "/trinn/5", "/trinn/8", "/innbygg", "/?show=all&suppress=0&publish=1"]:
        html = client.get(path).text
        assert "≤5" in html and "skjult: færre enn 6" in html
        # 3 and 2 appear nowhere as counts: not in the table, not in the chart data sent to the browser.
        specs = [html_lib.unescape(m) for m in re.findall(r'data-spec="([^"]*)"', html)]
        assert specs or "/trinn/" in path  # the staircase pages carry charts; their data holds no hidden count
        for spec in specs:
            assert '"persons": 3' not in spec
            assert '"persons": 9' not in spec  # the complementary cell goes too
        assert re.search(r"<td>\s*[39]\s*</td>", html) is None
        assert re.search(r"<dd>\s*[39]\s*</dd>", html) is None
    assert "40" in client.get("/trinn/6").text


def test_the_charts_are_drawn_on_the_server_for_a_reader_without_javascript(small_numbers):
    """Without JavaScript the page showed nothing where its two charts are; drawn on the server, they hide
    what the page hides (steps 5 and 8 here)."""
    client = TestClient(create_app(small_numbers, web_settings()))
    html = client.get("/?lang=en").text
    for name in ("personar", "netto"):
        assert f'<noscript><img src="/diagram/{name}.svg?lang=en"' in html
        svg = client.get(f"/diagram/{name}.svg?lang=en")
        assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
        labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg.text)
        assert any(label.startswith("6 ") for label in labels), labels
        assert not any(label.startswith(("5 ", "8 ")) for label in labels), labels
    assert client.get("/diagram/ukjend.svg").status_code == 404
    municipality.update(small_numbers, "test", publish_figures=False)
    quiet = TestClient(create_app(small_numbers, web_settings())).get("/diagram/netto.svg?lang=en")
    assert quiet.status_code == 200 and "does not publish figures" in quiet.text


def test_publishing_can_be_turned_off(small_numbers):
    municipality.update(small_numbers, "test", publish_figures=False)
    html = TestClient(create_app(small_numbers, web_settings())).get("/").text
    assert "Tal for trappa" not in html and "data-spec" not in html


def test_imported_text_is_escaped_everywhere(tmp_path, small_numbers):
    data = yaml.safe_load(template_source("alver"))
    data["steps"][5]["name"]["nn"] = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
    staircase.use(small_numbers, "test", yaml.safe_dump(data, allow_unicode=True), source="test")
    client = TestClient(create_app(small_numbers, web_settings()))
    for path in ["/", "/trinn/6", "/trinn/5"]:
        html = client.get(path).text
        assert "<img src=x" not in html and "<script>alert" not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html or "\\u003cimg" in html


def test_production_refuses_placeholder_secret(monkeypatch, sqlite_engine):
    from trappa.errors import TrappaError
    from trappa.settings import Settings

    monkeypatch.setenv("TRAPPA_SECRET_KEY", "change-me")
    monkeypatch.setenv("TRAPPA_ENV", "production")
    with pytest.raises(TrappaError, match="TRAPPA_SECRET_KEY"):
        create_app(sqlite_engine, Settings())
    monkeypatch.setenv("TRAPPA_SECRET_KEY", "s" * 48)
    with pytest.raises(TrappaError, match="variasjon"):
        create_app(sqlite_engine, Settings())
    monkeypatch.setenv("TRAPPA_SECRET_KEY", "Kq3-vR8x_Lm2Zp9Ty4Wb7Nd1Hs6Jf0Gc5Xe")
    settings = Settings()
    assert settings.production and create_app(sqlite_engine, settings)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=13))
def test_no_hidden_count_can_be_worked_out_from_the_total(values):
    frame = pl.DataFrame({"step": list(range(1, len(values) + 1)), "persons": values})
    out, hidden_totals = suppress(frame, "persons", [[]])
    hidden = out.filter(pl.col("persons_suppressed"))
    assert all((v == 0 or v > THRESHOLD) for v, h in zip(values, out["persons_suppressed"], strict=True) if not h)
    for v, h in zip(values, out["persons_suppressed"], strict=True):
        if 1 <= v <= THRESHOLD:
            assert h
    if hidden.height == 1:
        assert hidden_totals, "a lone hidden cell must hide the total"


def test_the_housing_staircase_is_the_municipality_s(demo_db, tmp_path):
    from trappa.services import publishing

    client = TestClient(create_app(demo_db, web_settings()))
    html = client.get("/bustadtrapp").text
    for made_up in ("180", ">60<", ">45<", ">70<", ">150<"):
        assert made_up not in html  # the template's old example counts are gone
    units = publishing.housing_units(demo_db)
    assert units and all(u.from_places and u.year == 2023 for u in units.values())
    assert "plassar i 2023" in html and html.count('class="step"') == 6
    municipality.update(demo_db, "test", publish_figures=False)
    hidden = client.get("/bustadtrapp").text
    assert "Tal på bueiningar" not in hidden and "plassar i" not in hidden
    # The municipality's own housing staircase, with a typed-in count, shown as such.
    data = yaml.safe_load(staircase.template_text("bustadtrapp"))
    data["types"][2]["units"] = 12
    data["types"][2]["name"]["nn"] = "Bustad ved Knarvik sentrum"
    staircase.use_any(demo_db, "test", yaml.safe_dump(data, allow_unicode=True), source="eiga.yaml")
    municipality.update(demo_db, "test", publish_figures=True)
    own = client.get("/bustadtrapp").text
    assert "Bustad ved Knarvik sentrum" in own and '12 <span class="source">(oppgitt av kommunen)' in own
    assert [v["note"] for v in staircase.history(demo_db, kind="housing")] == ["tok i bruk eiga.yaml"]


def test_a_step_with_negative_net_cost_says_why_and_shows_no_cost_per_person(client, demo_db):
    from trappa.services import publishing

    figures = publishing.public_figures(demo_db)
    step1 = figures.for_step(1)
    assert step1["net_cost"] < 0 and step1["cost_per_person"] is None
    assert "inntektene på trinnet er større enn utgiftene" in client.get("/trinn/1").text
    assert "inntektene på trinnet er større enn utgiftene" not in client.get("/trinn/6").text
    page = client.get("/").text
    assert 'href="#negativ"' in page and 'id="negativ"' in page
    assert "income is larger than its costs" in client.get("/trinn/1?lang=en").text


def test_public_pages_are_kept_per_data_version_and_change_at_once(demo_db):
    """A public page is made once per data version and kept: a kept view asks the database one thing
    (the version) and gives the same bytes and headers. A change shows on the very next view."""
    client = TestClient(create_app(demo_db, web_settings()))
    client.get("/")  # a first visit: its form-token cookie is set, and such an answer is never kept
    made = client.get("/")
    with statements_of(demo_db) as statements:
        kept = client.get("/")
    assert kept.content == made.content and kept.headers == made.headers
    assert len(statements) == 1 and 'MAX("id"), 0) FROM "imports"' in statements[0]
    name = municipality.load(demo_db).name
    municipality.update(demo_db, "test", name="Ny Kommune Heilt Annleis")
    assert "Ny Kommune Heilt Annleis" in client.get("/").text and name not in client.get("/").text


def test_only_what_is_the_same_for_every_reader_is_kept(demo_db):
    app = create_app(demo_db, web_settings())
    first, second = TestClient(app), TestClient(app)
    a, b = first.get("/trinn/6"), second.get("/trinn/6")
    # each first visitor gets a form token of their own, never one kept from another
    assert a.cookies.get("trappa_csrf") and b.cookies.get("trappa_csrf")
    assert a.cookies.get("trappa_csrf") != b.cookies.get("trappa_csrf")
    english = first.get("/trinn/6", params={"lang": "en"})  # a language chosen in the address sets a cookie
    assert 'lang="en"' in english.text and english.cookies.get("trappa_lang") == "en"
    assert 'lang="en"' in first.get("/trinn/6").text  # the kept page of that language, from the cookie
    assert 'lang="nn"' in second.get("/trinn/6").text  # while the other reader keeps theirs
    first.cookies.set("trappa_lang", "xx")  # a value the site does not have: made, not kept, default language
    assert first.get("/trinn/6").status_code == 200
