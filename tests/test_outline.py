"""The staircase's outline and the municipality's basics: what a command reads without pydantic or YAML
(issue 14), held to what the validated staircase and settings say."""

from __future__ import annotations

import os

import pytest

from trappa.services import municipality, outline, staircase
from trappa.services.municipality_model import MunicipalitySettings
from trappa.staircase.outline import Outline
from trappa.staircase.sources import TEMPLATE_NAMES
from trappa.staircase.templates import load_staircase_text, template_source
from trappa.store import readcopy


@pytest.mark.parametrize("name", [n for n in TEMPLATE_NAMES if n != "bustadtrapp"])
def test_an_outline_says_what_its_staircase_says_and_survives_json(name):
    stairs = load_staircase_text(template_source(name), name)
    made = Outline.of(stairs)
    assert made.id == stairs.id and made.step_numbers == stairs.step_numbers
    for step, kept in zip(stairs.steps, made.steps, strict=True):
        assert (kept.number, kept.code, kept.category) == (step.number, step.code, step.category)
        for language in ("nn", "nb", "en"):
            assert kept.name(language) == step.name.get(language)  # type: ignore[arg-type]
    assert Outline.from_json(made.to_json()) == made


def test_the_outline_in_use_is_kept_and_follows_a_new_staircase(demo_db, monkeypatch):
    assert outline.current(demo_db) == Outline.of(staircase.current(demo_db))
    place = readcopy.folder(demo_db)
    assert place is not None and len(list(place.glob("trapp-*.json"))) == 1
    staircase.use(demo_db, "test", template_source("asker"), source="asker")
    after = outline.current(demo_db)
    assert after.id == "asker" and after == Outline.of(staircase.current(demo_db))
    # kept: read back from its file, without the staircase being validated again
    monkeypatch.setattr(staircase, "current", lambda _db: pytest.fail("the staircase was validated again"))
    assert outline.current(demo_db) == after


def test_the_basics_are_the_settings_as_validated(demo_db):
    def same() -> None:
        settings, basics = municipality.load(demo_db), municipality.basics(demo_db)
        assert (basics.name, basics.synthetic, list(basics.refund_arts), basics.staircase_yaml) == (
            settings.name, settings.synthetic, settings.refund_arts, settings.staircase_yaml)  # fmt: skip

    same()
    municipality.update(demo_db, "test", name="Nykommune", synthetic=False, refund_arts=["18110", "16900"])
    same()
    assert municipality.basics(demo_db).refund_arts == ("16900", "18110")
    assert municipality.Basics() == municipality.Basics(
        **{f: getattr(MunicipalitySettings(), f) for f in ("name", "synthetic", "staircase_yaml")}
    )


@pytest.mark.parametrize(
    "environment",
    [
        {},
        {"TRAPPA_HOME": "{tmp}/heim"},
        {"TRAPPA_HOME": "{tmp}/heim", "TRAPPA_DATABASE_URL": ""},
        {"trappa_home": "{tmp}/liten"},
        {"TRAPPA_DATABASE_URL": "postgresql://x@127.0.0.1:1/trappa"},
        {"XDG_DATA_HOME": "{tmp}/xdg"},
    ],
)
def test_a_command_finds_the_database_the_settings_name(environment, tmp_path, monkeypatch):
    """`trappa.home` reads TRAPPA_HOME and TRAPPA_DATABASE_URL without pydantic-settings: as Settings does."""
    from trappa.home import database_url
    from trappa.settings import Settings

    for key in [k for k in os.environ if k.lower().startswith("trappa_") or k == "XDG_DATA_HOME"]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("HOME", str(tmp_path / "brukar"))
    for key, value in environment.items():
        monkeypatch.setenv(key, value.format(tmp=tmp_path))
    settings = Settings()
    assert database_url() == settings.resolved_database_url
    assert database_url(demo=True) == settings.demo_database_url
    assert database_url(given="sqlite:///x.sqlite") == "sqlite:///x.sqlite"


def test_a_damaged_kept_outline_is_made_again(demo_db):
    made = outline.current(demo_db)
    place = readcopy.folder(demo_db)
    assert place is not None
    (kept,) = place.glob("trapp-*.json")
    for damage in ("{not json", '{"id": "alver"}', ""):
        kept.write_text(damage, "utf-8")
        assert outline.current(demo_db) == made
        assert Outline.from_json(kept.read_text("utf-8")) == made  # and kept whole again
