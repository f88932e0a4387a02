from __future__ import annotations

import pytest
import yaml

from trappa.errors import TrappaError
from trappa.staircase.templates import (
    dump_staircase,
    load_housing_template,
    load_staircase_text,
    load_template,
    template_source,
)


def test_alver_has_13_steps_in_4_categories_in_three_languages():
    s = load_template("alver")
    assert [st.number for st in s.steps] == list(range(1, 14))
    assert {c.number for c in s.categories} == {1, 2, 3, 4}
    assert s.step(1).name.nn == "Aktivt lokalsamfunn"
    assert s.step(12).category == 4
    for st in s.steps:
        for text in (
            st.name,
            st.short,
            st.description.goal,
            st.description.target_group,
            st.description.services,
            st.description.how_to_apply,
        ):
            assert text.nn and text.nb and text.en


def test_asker_codes_run_01_to_13():
    s = load_template("asker")
    assert [st.code for st in s.steps] == [f"{i:02d}" for i in range(1, 14)]
    assert s.step(1).name.nb == "Aktive lokalsamfunn"
    assert s.step(13).name.nb == "Institusjon – spesialiserte plasser"


def test_housing_staircase_goes_from_own_home_to_institution():
    h = load_housing_template()
    assert h.types[0].name.nn == "Eigen heim"
    assert h.types[-1].name.nn == "Institusjon"
    assert all(t.resident_pays.nn and t.target_group.nn and t.services.nn for t in h.types)
    assert all(t.units is None for t in h.types)  # no made-up counts: they come from the places data or are typed in
    assert h.types[-1].steps == [12, 13]


def _alver_data() -> dict:
    return yaml.safe_load(template_source("alver"))


def test_duplicate_step_number_is_rejected_naming_the_field():
    data = _alver_data()
    data["steps"][1]["number"] = 1
    with pytest.raises(TrappaError, match=r"steps\[1\]\.number: step number 1 is used twice"):
        load_staircase_text(yaml.safe_dump(data, allow_unicode=True), "kommune.yaml")


def test_step_without_category_is_rejected_naming_the_field():
    data = _alver_data()
    del data["steps"][4]["category"]
    with pytest.raises(TrappaError, match=r"felt «steps\.4\.category»"):
        load_staircase_text(yaml.safe_dump(data, allow_unicode=True), "kommune.yaml")


def test_unknown_category_is_rejected():
    data = _alver_data()
    data["steps"][0]["category"] = 9
    with pytest.raises(TrappaError, match=r"steps\[0\]\.category"):
        load_staircase_text(yaml.safe_dump(data, allow_unicode=True), "kommune.yaml")


def test_missing_nynorsk_name_is_rejected_naming_the_field():
    data = _alver_data()
    del data["steps"][2]["name"]["nn"]
    with pytest.raises(TrappaError, match=r"felt «steps\.2\.name\.nn»"):
        load_staircase_text(yaml.safe_dump(data, allow_unicode=True), "kommune.yaml")


def test_blank_nynorsk_name_is_rejected():
    data = _alver_data()
    data["steps"][2]["name"]["nn"] = "   "
    with pytest.raises(TrappaError, match=r"steps\.2\.name\.nn"):
        load_staircase_text(yaml.safe_dump(data, allow_unicode=True), "kommune.yaml")


def test_broken_yaml_names_line():
    with pytest.raises(TrappaError, match="linje"):
        load_staircase_text("id: x\nsteps: [\n", "kommune.yaml")


def test_translation_falls_back_to_nynorsk():
    data = _alver_data()
    del data["steps"][0]["name"]["en"]
    s = load_staircase_text(yaml.safe_dump(data, allow_unicode=True), "k")
    assert s.step(1).name.get("en") == "Aktivt lokalsamfunn"


def test_dump_and_load_round_trip():
    s = load_template("asker")
    again = load_staircase_text(dump_staircase(s), "copy")
    assert again == s


def test_the_asker_template_follows_asker_s_published_staircase():
    asker = load_template("asker")
    assert [(s.code, s.name.nb) for s in asker.steps] == [
        ("01", "Aktive lokalsamfunn"),
        ("02", "Forebyggende og helsefremmende arbeid"),
        ("03", "Tidlig innsats"),
        ("04", "Arbeids- og aktivitetstilbud"),
        ("05", "Mestringstiltak i hjemmet"),
        ("06", "Kommunalt disponerte boliger"),
        ("07", "Miljøtiltak og helsetjenester i hjemmet"),
        ("08", "Boformer med fellesfunksjoner"),
        ("09", "Tidsbegrenset opphold"),
        ("10", "Boliger med døgntjenester"),
        ("11", "Spesialbolig med døgntjenester"),
        ("12", "Institusjon"),
        ("13", "Institusjon – spesialiserte plasser"),
    ]


def test_every_template_names_its_source_and_what_is_our_own():
    from trappa.staircase.templates import load_housing_template

    for template in (load_template("alver"), load_template("asker"), load_housing_template("bustadtrapp")):
        assert template.source and "trappa" in template.source  # says which parts are our own example
