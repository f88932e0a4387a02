"""The services on their own, and what the shells get from them: the same audit log and versions from both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from trappa.cli import app as cli
from trappa.errors import InputFileError, TrappaError
from trappa.services import audit, imports, mapping, municipality, projection, publishing, staircase, users
from trappa.services import profile as profiles
from trappa.services.database import open_url
from trappa.web.app import create_app

from .conftest import EXAMPLES, PASSWORD, web_settings, write

CLI_ACTOR = audit.cli_actor()


def cli_run(home: Path, *args: str, code: int = 0):
    result = CliRunner().invoke(cli, list(args), env={"TRAPPA_HOME": str(home), "TRAPPA_DATABASE_URL": ""})
    assert result.exit_code == code, result.output
    return result


def test_cli_actor_is_the_login_name():
    assert re.fullmatch(r"cli:\S+", CLI_ACTOR)


def test_import_and_scenario_from_the_cli_show_in_the_web_audit_log(demo_home, tmp_path):
    cli_run(demo_home, "import", "accounts", str(EXAMPLES / "accounts.csv"))
    bad = write(tmp_path / "bad.csv", "år;ansvar;art;funksjon;beløp\n2023;1;010;254;1.234\n")
    cli_run(demo_home, "import", "accounts", str(bad), code=2)
    cli_run(demo_home, "scenario", "new", "Frå terminalen")
    db = open_url(f"sqlite:///{demo_home / 'trappa.sqlite'}")
    client = TestClient(create_app(db, web_settings()))
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/tilsett/logg-inn").text).group(1)
    client.post("/tilsett/logg-inn", data={"username": "admin", "password": PASSWORD, "csrf": token})
    log = client.get("/tilsett/logg").text
    rows = re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>", log)
    assert (CLI_ACTOR, "import", "accounts: accounts.csv", "ok") in rows
    assert (CLI_ACTOR, "import", "accounts: bad.csv", "avvist") in rows
    assert (CLI_ACTOR, "scenario", "Frå terminalen", "ok") in rows
    db.dispose()


def test_staircase_use_and_the_step_editor_both_leave_a_version(demo_home, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cli_run(demo_home, "staircase", "new", "--from", "asker", "--out", "trapp.yaml")
    cli_run(demo_home, "staircase", "use", "trapp.yaml")
    db = open_url(f"sqlite:///{demo_home / 'trappa.sqlite'}")
    assert [(v["username"], v["note"]) for v in staircase.history(db)] == [(CLI_ACTOR, "tok i bruk trapp.yaml")]
    client = TestClient(create_app(db, web_settings()))
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/tilsett/logg-inn").text).group(1)
    client.post("/tilsett/logg-inn", data={"username": "editor", "password": PASSWORD, "csrf": token})
    page = client.get("/tilsett/trinn/6").text
    fields = dict(re.findall(r'<textarea id="(f\.[^"]+)" name="[^"]+"[^>]*>([^<]*)</textarea>', page))
    fields["f.name.nn"] = "Heime med hjelp"
    assert client.post("/tilsett/trinn/6", data={**fields, "csrf": token}, follow_redirects=False).status_code == 303
    history = staircase.history(db)
    assert [(v["username"], v["note"]) for v in history] == [
        ("editor", "trinn 6"),
        (CLI_ACTOR, "tok i bruk trapp.yaml"),
    ]
    assert staircase.current(db).step(6).name.nn == "Heime med hjelp"
    assert staircase.current(db).id == "asker"  # the editor changed a text of the staircase in use, not the staircase
    shown = cli_run(demo_home, "staircase", "history").stdout
    assert "editor" in shown and "trinn 6" in shown and CLI_ACTOR in shown
    actions = [(e.actor, e.action) for e in audit.entries(db)]
    assert ("editor", "staircase") in actions and (CLI_ACTOR, "staircase") in actions
    db.dispose()


def test_import_service_logs_every_outcome(engine, tmp_path):
    result = imports.import_file(engine, "kari", "accounts", EXAMPLES / "accounts.csv")
    assert result.rows > 0 and not result.unchanged
    again = imports.import_file(engine, "kari", "accounts", EXAMPLES / "accounts.csv")
    assert again.unchanged
    with pytest.raises(InputFileError):
        imports.import_file(engine, "kari", "accounts", write(tmp_path / "x.csv", "år;ansvar\n2023;1\n"))
    with pytest.raises(TrappaError, match="Ukjend filtype"):
        imports.import_file(engine, "kari", "nonsense", EXAMPLES / "accounts.csv")
    outcomes = [(e.actor, e.action, e.outcome, e.detail) for e in reversed(audit.entries(engine))]
    assert outcomes[0][:3] == ("kari", "import", "ok")
    assert outcomes[1] == ("kari", "import", "ok", "same innhald som før")
    assert outcomes[2][:3] == ("kari", "import", "refused")
    assert outcomes[3][:3] == ("kari", "import", "failed")
    assert [h["kind"] for h in imports.history(engine)] == ["accounts"]


def test_municipality_settings_are_typed_and_validated(engine):
    settings = municipality.load(engine)
    assert settings.name == "Kommunen" and not settings.publish_figures and settings.hours_per_net_fte == 1645
    municipality.update(engine, "kari", name="Alver kommune", code="4631", publish_figures=True)
    municipality.update(engine, "kari", comparison_municipalities=["4624", "4627"])
    settings = municipality.load(engine)
    assert (settings.name, settings.code, settings.publish_figures) == ("Alver kommune", "4631", True)
    assert settings.comparison_municipalities == ["4624", "4627"]
    with pytest.raises(TrappaError, match="fire siffer"):
        municipality.update(engine, "kari", code="46311")
    with pytest.raises(TrappaError, match="Ukjende innstillingar"):
        municipality.update(engine, "kari", colour="blå")
    assert municipality.load(engine).code == "4631"  # nothing written by the refused changes
    assert [e.action for e in audit.entries(engine)] == ["settings", "settings"]


def test_staircase_service_refuses_a_housing_staircase(engine):
    with pytest.raises(TrappaError, match="bustadtrapp"):
        staircase.use(engine, "kari", staircase.template_text("bustadtrapp"), source="bustadtrapp.yaml")
    assert staircase.history(engine) == [] and staircase.current(engine).id == "alver"
    data = yaml.safe_load(staircase.template_text("alver"))
    data["steps"][0]["name"]["nn"] = "Eit aktivt lokalsamfunn"
    staircase.use(engine, "kari", yaml.safe_dump(data, allow_unicode=True), source="eiga.yaml")
    assert staircase.current(engine).step(1).name.nn == "Eit aktivt lokalsamfunn"
    with pytest.raises(TrappaError):
        staircase.edit_step_texts(engine, "kari", 1, {"f.name.nn": ""})  # a step needs a name
    assert len(staircase.history(engine)) == 1


def test_profile_page_and_check(demo_db):
    page = profiles.page(demo_db, None)
    assert page.year == 2023 and page.previous is not None and page.changes is not None
    assert page.municipality.startswith("Demo kommune")
    assert profiles.check(demo_db).problems == 0
    with pytest.raises(TrappaError, match="Importerte år: 2021, 2022, 2023"):
        profiles.report(demo_db, [1999])


def test_mapping_service_splits_a_centre_and_logs_it(demo_db):
    before = mapping.overview(demo_db, 2023)
    centre = before.centres[0]["cost_centre"]
    with pytest.raises(TrappaError, match="summerer til 90"):
        mapping.set_cost_centre_key(demo_db, "kari", 2023, centre, [("6", "andre", 90.0)])
    with pytest.raises(TrappaError, match="finst ikkje"):
        mapping.set_cost_centre_key(demo_db, "kari", 2023, centre, [("99", "andre", 100.0)])
    mapping.set_cost_centre_key(demo_db, "kari", 2023, centre, [("6", "andre", 60.0), ("utanfor", "alle", 40.0)])
    key = mapping.cost_centre_key(demo_db, 2023, centre)
    assert sorted((r["step"], r["share"]) for r in key.rows) == [(0, 40.0), (6, 60.0)]
    assert mapping.overview(demo_db, 2023).controls.balanced
    assert ("kari", "mapping") in [(e.actor, e.action) for e in audit.entries(demo_db)]


def test_projection_service_and_saved_scenarios(demo_db):
    run = projection.run(demo_db, [projection.scenario(demo_db, "Dagens sjukeheimsplassar")], to_year=2040)
    summary = projection.summary(demo_db, run)
    assert summary.base_year == 2023 and len(summary.rows) == 13 and len(summary.totals) == 2
    assert "Demoframskriving" in run.note
    with pytest.raises(TrappaError, match="må liggje etter basisåret"):
        projection.run(demo_db, [], to_year=2020)
    with pytest.raises(TrappaError, match="fire siffer"):
        projection.run(demo_db, [], to_year=2040, municipality_number="12")
    with pytest.raises(TrappaError, match="Fann ikkje scenarioet"):
        projection.scenario(demo_db, "Finst ikkje")
    projection.new_scenario(demo_db, "kari", "Nytt", alternative="DEMO")
    assert projection.delete(demo_db, "kari", "Nytt") and not projection.delete(demo_db, "kari", "Nytt")
    assert [(e.action, e.detail) for e in audit.entries(demo_db)][:2] == [("scenario", "sletta"), ("scenario", "lagra")]


def test_publishing_suppresses_and_can_be_turned_off(demo_db):
    figures = publishing.public_figures(demo_db, "en")
    assert figures is not None and figures.year == 2023 and len(figures.rows) == 13
    assert figures.for_step(1)["step_name"] == "Active local community"
    publishing.set_publishing(demo_db, "kari", False)
    assert publishing.public_figures(demo_db) is None


def test_users_service(engine):
    users.create(engine, CLI_ACTOR, "kari", PASSWORD, "admin")
    assert users.log_in(engine, "kari", "feil passord") is None
    assert users.log_in(engine, "kari", PASSWORD).role == "admin"
    with pytest.raises(TrappaError, match="siste administratoren"):
        users.set_role(engine, "kari", "kari", "viewer")
    outcomes = [(e.action, e.outcome) for e in reversed(audit.entries(engine))]
    assert outcomes == [("user_create", "ok"), ("login", "failed"), ("login", "ok"), ("role_change", "refused")]


def test_scenarios_that_name_steps_or_bands_the_staircase_lacks_are_refused(demo_db, tmp_path):
    wrong = projection.Scenario(
        name="Feil",
        population_alternative="DEMO",
        moves=[projection.Move(from_step=12, to_step=77, share_percent=10, from_year=2025, to_year=2030)],
        rate_changes=[projection.RateChange(step=99, change_percent=5, bands=["100+"], from_year=2025, to_year=2030)],
    )
    with pytest.raises(TrappaError) as refused:
        projection.save(demo_db, "kari", wrong)
    message = str(refused.value)
    assert "moves[0].to_step: trinn 77 finst ikkje i trappa (trinna er 1–13)" in message
    assert "rate_changes[0].step: trinn 99" in message and "«100+»" in message
    assert "Feil" not in projection.scenarios(demo_db)
    with pytest.raises(TrappaError, match="trinn 77"):
        projection.run(demo_db, [wrong], to_year=2030)
    path = tmp_path / "feil.json"
    path.write_text(wrong.to_json(), "utf-8")
    with pytest.raises(TrappaError, match=r"feil\.json: .*trinn 77"):
        projection.import_scenario(demo_db, "kari", path)


def test_mapping_editor_spreads_a_shared_centre_by_cost(demo_db):
    overview = mapping.overview(demo_db, 2023)
    centre = overview.centres[-1]["cost_centre"]
    mapping.set_cost_centre_key(demo_db, "kari", 2023, centre, [("kostnad", "alle", 100.0)])
    after = mapping.overview(demo_db, 2023)
    assert after.controls.balanced and after.controls.unmapped_ore == 0
    shown = next(c for c in after.centres if c["cost_centre"] == centre)
    assert after.key_text(shown) == "etter kostnad Felles for alle grupper 100 %"


def test_the_cached_board_follows_every_change_made_on_it(demo_db):
    """The måltavle is cached per data version (issue 14); a target, a re-base or a change of the
    municipality's settings raises that version, so the next view shows it."""
    from trappa.services import board, municipality
    from trappa.web.cache import ResultCache

    cache = ResultCache()
    first = board.tiles(demo_db, memo=cache)
    assert board.tiles(demo_db, memo=cache) is first  # the same object: not computed again
    tile = first[0]
    board.set_target(demo_db, "test", tile.unit, tile.kpi.code, 42.0)
    after = board.tiles(demo_db, memo=cache)
    assert after is not first
    assert next(t for t in after if (t.unit, t.kpi.code) == (tile.unit, tile.kpi.code)).target == 42.0
    municipality.update(demo_db, "test", hours_per_gross_fte=1700.0)
    assert board.tiles(demo_db, memo=cache) is not after
