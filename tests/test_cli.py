"""The trappa command as a user runs it: demo, import, check, profile in every format."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import fastexcel
import jsonschema
import pytest
from typer.testing import CliRunner

from trappa.cli import app
from trappa.demo.centres import ALVER_NET_2021_KNOK

from .conftest import EXAMPLES, ROOT, write

runner = CliRunner()


def run(env_home: Path, *args: str, code: int | None = 0):
    result = runner.invoke(
        app, list(args), env={"TRAPPA_HOME": str(env_home), "TRAPPA_DATABASE_URL": "", "COLUMNS": "200"}
    )
    if code is not None:
        assert result.exit_code == code, result.output + (result.stderr if result.stderr_bytes else "")
    return result


def test_demo_builds_and_prints_a_balanced_profile(tmp_path):
    home = tmp_path / "home"
    result = run(home, "demo")
    assert "Balanserer" in result.stdout and "Ja" in result.stdout
    assert "Syntetiske data" in result.stdout
    assert (home / "demo" / "trappa.sqlite").exists() and not (home / "trappa.sqlite").exists()
    result = run(home, "--demo", "profile", "--year", "2023")
    assert "Demo kommune (syntetiske data) – Tenesteprofil 2023" in result.stdout
    assert "Institusjon, ordinære" in result.stdout
    assert "Ikkje fordelt                            0 kr" in result.stdout
    assert "Ingen rekneskap er importert" in run(home, "profile", code=2).stderr  # the municipality's own: empty


def _dump(database: Path) -> str:
    import sqlite3

    with sqlite3.connect(database) as conn:
        return "\n".join(conn.iterdump())


def test_demo_never_touches_the_municipality_s_data(tmp_path):
    home = tmp_path / "home"
    for kind in ("accounts", "mapping", "decisions", "services"):
        run(home, "import", kind, str(EXAMPLES / f"{kind}.csv"))
    run(home, "municipality", "set", "--name", "Alver kommune", "--number", "4631")
    before = _dump(home / "trappa.sqlite")
    run(home, "demo")  # its own database
    refused = run(home, "--database", f"sqlite:///{home / 'trappa.sqlite'}", "demo", code=2)
    assert "har kommunen sine eigne importar" in refused.stderr and "--replace-real-data" in refused.stderr
    declined = runner.invoke(
        app,
        ["--database", f"sqlite:///{home / 'trappa.sqlite'}", "demo", "--replace-real-data"],
        input="n\n",
        env={"TRAPPA_HOME": str(home), "TRAPPA_DATABASE_URL": ""},
    )
    assert declined.exit_code == 1
    assert _dump(home / "trappa.sqlite") == before
    assert "Alver kommune" in run(home, "municipality", "show").stdout


def test_demo_is_calibrated_to_alver_2021(demo_home):
    doc = json.loads(run(demo_home, "profile", "--year", "2021", "--format", "json").stdout)
    (year,) = doc["years"]
    got = {s["step"]: round(s["net_cost"] / 1000) for s in year["steps"]}
    assert got == ALVER_NET_2021_KNOK
    assert doc["synthetic"] is True


def test_json_is_the_documented_shape(demo_home):
    doc = json.loads(run(demo_home, "profile", "--year", "2022", "--year", "2023", "--format", "json").stdout)
    schema = json.loads((ROOT / "docs" / "profile.schema.json").read_text("utf-8"))
    jsonschema.validate(doc, schema)
    assert doc["schema"] == "trappa.profile" and doc["schema_version"] == 1
    assert [y["year"] for y in doc["years"]] == [2022, 2023]
    for y in doc["years"]:
        c = y["control_totals"]
        assert c["balanced"] is True
        assert round(c["in_steps"] + c["outside_staircase"] + c["unmapped"], 2) == round(c["accounts_total"], 2)
        assert len(y["steps"]) == 13
        assert set(y["steps"][0]) >= {
            "step",
            "gross_cost",
            "income",
            "net_cost",
            "share_of_net_percent",
            "ftes",
            "persons",
            "persons_on_date",
            "decisions",
            "decided_hours_per_week",
            "decided_hours_per_week_per_person",
            "cost_per_person",
            "cost_per_decided_hour",
            "ftes_per_person",
            "places",
            "cost_per_place",
        }


def test_published_schema_is_current():
    from trappa.report.document import json_schema

    assert json.loads((ROOT / "docs" / "profile.schema.json").read_text("utf-8")) == json_schema()


def test_published_projection_schema_is_current():
    from trappa.report.projection_document import json_schema

    assert json.loads((ROOT / "docs" / "projection.schema.json").read_text("utf-8")) == json_schema()


def test_csv_opens_in_norwegian_excel(demo_home, tmp_path):
    out = tmp_path / "p.csv"
    run(demo_home, "profile", "--year", "2023", "--format", "csv", "--out", str(out))
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    header, first = text.splitlines()[:2]
    assert header.startswith("År;Trinn;Trinn;Namn;Kategori") or header.startswith("År;Trinn")
    assert "Netto driftsutgifter" in header
    assert ";" in first and "," in first  # decimal comma


def test_xlsx_has_a_sheet_per_year_and_control_totals(demo_home, tmp_path):
    out = tmp_path / "p.xlsx"
    run(demo_home, "profile", "--format", "xlsx", "--out", str(out))
    reader = fastexcel.read_excel(out)
    assert reader.sheet_names == ["2021", "2022", "2023", "Kontrollsummar"]
    sheet = reader.load_sheet("2023", header_row=3).to_polars()
    assert sheet.height == 14  # 13 steps and the totals row
    assert sheet[-1, 1] == "Sum trappa"
    net = sheet["Netto driftsutgifter"]
    assert abs(net[-1] - net[:-1].sum()) < 0.01
    controls = reader.load_sheet("Kontrollsummar", header_row=3, n_rows=3).to_polars()
    assert controls["Balanserer"].to_list() == ["Ja", "Ja", "Ja"]
    with zipfile.ZipFile(out) as z:
        styles = z.read("xl/styles.xml").decode()
        sheet_xml = z.read("xl/worksheets/sheet3.xml").decode()
        workbook = z.read("xl/workbook.xml").decode()
    assert "#,##0" in styles and "[Red]" not in styles  # income is negative, not an error
    # printed: A4 landscape at 80 % (about 9 pt, not 5), step on every page across, headings on every page
    assert 'scale="80"' in sheet_xml and 'orientation="landscape"' in sheet_xml and "fitToPage" not in sheet_xml
    assert "Side &amp;P av &amp;N" in sheet_xml and "Demo kommune" in sheet_xml
    assert re.search(r"_xlnm.Print_Titles[^>]*>'2023'!\$A:\$B,'2023'!\$4:\$4", workbook)


def test_by_user_group(demo_home):
    doc = json.loads(run(demo_home, "profile", "--year", "2023", "--by", "user-group", "--format", "json").stdout)
    rows = doc["years"][0]["steps"]
    assert {r["user_group"] for r in rows} == {"habilitering", "psykisk_helse_rus", "andre", "alle"}
    assert len(rows) == 13 * 4
    assert round(sum(r["net_cost"] for r in rows), 2) == round(doc["years"][0]["control_totals"]["in_steps"], 2)


def test_check_passes_on_the_demo(demo_home):
    result = run(demo_home, "check", "--year", "2023")
    assert "Alt er fordelt" in result.stdout
    # FTEs outside the staircase have their own line, so the steps and the total visibly add up.
    text = " ".join(result.stdout.replace("\u00a0", " ").split())
    assert "Årsverk 786,2 (fordelt på trinn 738,6, utanfor trappa 47,6, ikkje fordelt 0,0)" in text


def test_import_check_and_formula_text(tmp_path):
    home = tmp_path / "home"
    for kind in ("accounts", "mapping", "decisions", "services"):
        run(home, "import", kind, str(EXAMPLES / f"{kind}.csv"))
    again = run(home, "import", "accounts", str(EXAMPLES / "accounts.csv"))
    assert "Ingenting endra" in again.stdout
    evil = write(
        tmp_path / "evil.csv",
        "år;ansvar;ansvarsnamn;art;funksjon;beløp\n"
        '2022;9001;=HYPERLINK("http://x","klikk");10100;254;100\n'
        "2022;9002;@SUM(1+1);10100;254;200\n",
    )
    run(home, "import", "accounts", str(evil))
    result = run(home, "check", "--year", "2022", code=1)
    assert "9001" in result.stdout and "Ikkje fordelte ansvar" in result.stdout
    out = tmp_path / "p.xlsx"
    run(home, "profile", "--year", "2022", "--format", "xlsx", "--out", str(out))
    with zipfile.ZipFile(out) as z:
        sheets = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
        strings = z.read("xl/sharedStrings.xml").decode()
    assert "<f>" not in sheets
    assert "'=HYPERLINK" in strings and "'@SUM(1+1)" in strings


def test_bad_file_gives_clear_error_and_exit_code(tmp_path):
    home = tmp_path / "home"
    bad = write(tmp_path / "bad.csv", "år;ansvar;art;funksjon;beløp\n2023;1;010;254;1.234\n")
    result = run(home, "import", "accounts", str(bad), code=2)
    assert "bad.csv, rad 2, kolonne «beløp»: talet er tvetydig" in result.stderr
    assert "Traceback" not in result.output


def test_profile_without_data_says_what_to_do(tmp_path):
    result = run(tmp_path / "home", "profile", code=2)
    assert "Ingen rekneskap er importert" in result.stderr and "accounts" in result.stderr


def test_staircase_commands(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    home = tmp_path / "home"
    run(home, "staircase", "new", "--from", "asker", "--out", "trapp.yaml")
    assert "Aktive lokalsamfunn" in (tmp_path / "trapp.yaml").read_text("utf-8")
    run(home, "staircase", "new", "--from", "asker", "--out", "trapp.yaml", code=2)
    run(home, "staircase", "check", "trapp.yaml")
    run(home, "staircase", "use", "trapp.yaml")
    assert "Heilskapleg innsatstrapp" in run(home, "staircase", "show").stdout
    text = (tmp_path / "trapp.yaml").read_text("utf-8").replace("number: 2\n", "number: 1\n", 1)
    (tmp_path / "bad.yaml").write_text(text, "utf-8")
    result = run(home, "staircase", "check", "bad.yaml", code=2)
    assert "used twice" in result.stderr
    run(home, "staircase", "new", "--from", "nowhere", code=2)
    run(home, "staircase", "new", "--from", "bustadtrapp", "--out", "bustad.yaml")
    assert "bustadtrappa «Bustadtrappa» (6 bustadtypar)" in run(home, "staircase", "use", "bustad.yaml").stdout
    assert "tok i bruk bustad.yaml" in run(home, "staircase", "history", "--housing").stdout


def test_project_demo_to_2040(demo_home, tmp_path):
    doc = json.loads(
        run(demo_home, "project", "--to", "2040", "--scenario", "Dagens sjukeheimsplassar", "--format", "json").stdout
    )
    assert doc["schema"] == "trappa.projection" and doc["demo_population"] is True
    jsonschema.validate(doc, json.loads((ROOT / "docs" / "projection.schema.json").read_text("utf-8")))
    assert [s["scenario"]["name"] for s in doc["scenarios"]] == ["Alternativ 0", "Dagens sjukeheimsplassar"]
    ref, capped = doc["scenarios"]
    persons_2040 = {r["step"]: r["persons"] for r in ref["projection"] if r["year"] == 2040}
    base = {r["step"]: r["persons"] for r in ref["projection"] if r["year"] == 2023}
    assert persons_2040[12] > base[12]  # more old people, same coverage: more institution users
    capped_2040 = {r["step"]: r for r in capped["projection"] if r["year"] == 2040}
    assert capped_2040[12]["places"] <= 162 + 1e-6 and capped_2040[12]["unmet"] > 0
    assert all(r["persons_low"] <= r["persons"] <= r["persons_high"] for r in ref["projection"])
    assert {r["band"] for r in ref["coverage_rates"]} == {"0-66", "67-79", "80-84", "85-89", "90+"}
    by_category = {r["category"]: r["persons"] for r in ref["categories"] if r["year"] == 2040}
    assert set(by_category) == {1, 2, 3, 4}
    assert round(sum(by_category.values()), 6) == round(sum(persons_2040.values()), 6)
    table = run(demo_home, "project", "--to", "2040").stdout
    assert "Demoframskriving av befolkninga, ikkje SSB sin" in table


def test_project_xlsx_and_scenario_round_trip(demo_home, tmp_path):
    out = tmp_path / "framskriving.xlsx"
    run(
        demo_home,
        "project",
        "--to",
        "2050",
        "--scenario",
        "Meir meistring heime",
        "--format",
        "xlsx",
        "--out",
        str(out),
    )
    names = fastexcel.read_excel(out).sheet_names
    # the base year against the end year first (a council reads that), then the rates and every year
    assert names[:5] == ["2023–2050 Alternativ 0", "2023–2050 Meir meistring heime", "Dekningsgrader",
                         "Alternativ 0", "Meir meistring heime"] and "Samanlikning" in names  # fmt: skip
    matrix = fastexcel.read_excel(out).load_sheet(0, header_row=3).to_polars()
    assert matrix.columns[:4] == ["Trinn", "Namn på trinnet", "Personar 2023", "Personar 2050"]
    assert matrix["Namn på trinnet"][11].startswith("Institusjon")
    assert "Kategoriar Alternativ 0" in names
    exported = tmp_path / "s.json"
    run(demo_home, "scenario", "export", "Heildøgns bustad framfor institusjon", "--out", str(exported))
    data = json.loads(exported.read_text("utf-8"))
    data["name"] = "Kopi"
    data["moves"][0]["share_percent"] = 30
    exported.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    run(demo_home, "scenario", "import", str(exported))
    assert "Kopi" in run(demo_home, "scenario", "list").stdout
    data["moves"][0]["share_percent"] = 300
    exported.write_text(json.dumps(data), "utf-8")
    bad = run(demo_home, "scenario", "import", str(exported), code=2)
    assert "share_percent" in bad.stderr


def test_municipality_settings_from_the_command_line(tmp_path):
    home = tmp_path / "home"
    run(home, "municipality", "set", "--name", "Alver kommune", "--number", "4631", "--language", "nb", "--publish")
    shown = run(home, "municipality", "show").stdout
    assert (
        "Alver kommune" in shown and "4631" in shown and "bokmål" in shown and "1 846" in shown.replace("\u00a0", " ")
    )
    assert "fire siffer" in run(home, "municipality", "set", "--number", "12", code=2).stderr
    assert "Ingenting å endre" in run(home, "municipality", "set", code=2).stderr
    run(home, "municipality", "set", "--wage-art", "10150=faste tillegg", "--wage-art", "05090 = ikkje løn")
    assert "10150 faste tillegg" in run(home, "municipality", "show").stdout
    assert "linje 1" in run(home, "municipality", "set", "--wage-art", "10150", code=2).stderr
    run(home, "municipality", "set", "--kostra-wage-arts")
    assert "KOSTRA-standard" in run(home, "municipality", "show").stdout


def test_users_and_feedback_from_the_command_line(tmp_path):
    from trappa.services import feedback
    from trappa.services.database import open_url

    home = tmp_path / "home"
    for name, role in (("kari", "admin"), ("ola", "viewer")):
        result = runner.invoke(
            app,
            ["user", "add", name, "--role", role, "--password-stdin"],
            input="eit-langt-passord-1\n",
            env={"TRAPPA_HOME": str(home), "TRAPPA_DATABASE_URL": ""},
        )
        assert result.exit_code == 0, result.output
    run(home, "user", "disable", "ola")
    assert "slått av" in run(home, "user", "list").stdout
    run(home, "user", "enable", "ola")
    assert "siste administratoren" in run(home, "user", "disable", "kari", code=2).stderr
    run(home, "user", "delete", "ola", "--yes")
    assert "ola" not in run(home, "user", "list").stdout
    db = open_url(f"sqlite:///{home / 'trappa.sqlite'}")
    feedback.submit(db, "Lenkene er vanskelege å sjå", page="/")
    db.dispose()
    listed = run(home, "feedback", "list").stdout
    assert "Lenkene er vanskelege å sjå" in listed
    run(home, "feedback", "handled", "1")
    assert "Ingen tilbakemeldingar å handsame" in run(home, "feedback", "list").stdout
    assert "Lenkene" in run(home, "feedback", "list", "--all").stdout
    assert "Fann inga tilbakemelding" in run(home, "feedback", "handled", "99", code=2).stderr


def test_csv_headings_are_unique_and_carry_units(demo_home):
    text = run(demo_home, "profile", "--year", "2023", "--format", "csv").stdout.lstrip("\ufeff")
    header = text.splitlines()[0].split(";")
    assert len(header) == len(set(header))
    assert header[:3] == ["År", "Trinn nr.", "Trinnkode"] and "Netto driftsutgifter (kr)" in header
    assert "Del av netto (%)" in header
    share = header.index("Del av netto (%)")
    for line in text.splitlines()[1:]:
        value = line.split(";")[share]
        assert not value or len(value.split(",")[-1]) <= 1 or "," not in value  # one decimal, as on screen


def test_a_narrow_table_says_which_columns_it_leaves_out(demo_home):
    result = run(demo_home, "profile", "--year", "2023", "--columns", "compact")
    assert "Brutto driftsutgifter" not in result.stdout.split("Kontrollsummar")[0]
    assert "desse er ikkje viste: Brutto driftsutgifter, Inntekter, Årsverk" in " ".join(result.stderr.split())
    assert "--columns all" in result.stderr
    full = run(demo_home, "profile", "--year", "2023", "--columns", "all")
    assert "Brutto" in full.stdout and "ikkje viste" not in full.stderr


def test_typer_s_own_words_are_nynorsk(tmp_path):
    shown = run(tmp_path, "--help").stdout
    assert "Bruk: trappa" in shown and "Val" in shown and "Kommandoar" in shown and "Vis denne hjelpa" in shown
    assert "Usage" not in shown and "Show this message" not in shown
    missing = run(tmp_path, "import", code=2).output
    assert "Argumentet «kind» manglar" in missing and "Missing argument" not in missing
    wrong = run(tmp_path, "profile", "--year", "tjue", code=2).output
    assert "Ugyldig verdi for «--year»: skriv eit heilt tal" in wrong
    choice = " ".join(run(tmp_path, "profile", "--format", "pdf", code=2).output.replace("│", " ").split())
    assert "«pdf» er ikkje eitt av «table», «csv», «json», «xlsx»" in choice and "not one of" not in choice
    typo = run(tmp_path, "profil", code=2).output
    assert "Ukjend kommando «profil». Meinte du «profile»?" in typo and "Did you mean" not in typo


def test_budget_beside_accounts_and_a_budget_year_on_its_own(tmp_path):
    home = tmp_path / "home"
    for kind in ("accounts", "mapping", "decisions", "services"):
        run(home, "import", kind, str(EXAMPLES / f"{kind}.csv"))
    doc = json.loads(run(home, "profile", "--year", "2023", "--format", "json").stdout)
    steps = doc["years"][0]["steps"]
    assert all(round(s["net_cost"] - s["budget"], 2) == s["budget_deviation"] for s in steps)
    assert any(s["budget_deviation"] for s in steps)
    budget = json.loads(run(home, "profile", "--year", "2023", "--budget", "--format", "json").stdout)
    assert budget["basis"] == "budget"
    assert [s["net_cost"] for s in budget["years"][0]["steps"]] == [s["budget"] for s in steps]
    # A budget year: the accounts file of 2024 has only budget amounts.
    lines = (EXAMPLES / "accounts.csv").read_text("utf-8-sig").splitlines()
    header, body = lines[0], [line.split(";") for line in lines[1:] if line]
    year_2024 = [";".join(["2024", *cells[1:5], "0", cells[6]]) for cells in body]
    run(home, "import", "accounts", str(write(tmp_path / "budsjett-2024.csv", "\n".join([header, *year_2024]) + "\n")))
    mapping = (EXAMPLES / "mapping.csv").read_text("utf-8-sig").replace("2023;", "2024;")
    run(home, "import", "mapping", str(write(tmp_path / "fordeling-2024.csv", mapping)))
    table = run(home, "profile", "--year", "2024", "--budget").stdout
    assert "– budsjett – Tenesteprofil 2024" in table
    assert "Budsjett netto" in table or "budsjett" in table


def test_a_year_without_budget_says_so(tmp_path):
    home = tmp_path / "home"
    lines = (EXAMPLES / "accounts.csv").read_text("utf-8-sig").splitlines()
    without = "\n".join(line.rsplit(";", 1)[0] for line in lines if line) + "\n"
    run(home, "import", "accounts", str(write(tmp_path / "rekneskap.csv", without)))
    run(home, "import", "mapping", str(EXAMPLES / "mapping.csv"))
    refused = run(home, "profile", "--year", "2023", "--budget", code=2)
    assert "Det er ikkje importert budsjett for dette året" in refused.stderr
    doc = json.loads(run(home, "profile", "--year", "2023", "--format", "json").stdout)
    assert all(s["budget_deviation"] is None for s in doc["years"][0]["steps"])  # no budget: no «deviation»


def test_kpi_on_the_demo(demo_home):
    doc = json.loads(run(demo_home, "kpi", "--year", "2023", "--format", "json").stdout)
    assert [u["unit"] for u in doc["units"]][:2] == ["Barnebustad og forsterka eining", "Bufellesskap og omsorg+"]
    assert doc["total"]["gross_ftes"] == pytest.approx(sum(u["kpis"]["gross_ftes"] for u in doc["units"]), abs=1e-5)
    plain = run(demo_home, "kpi", "--month", "2023-06").stdout
    assert "Alle einingane" in plain and "Trappetal 2023-06" in plain and "per 1 000" in plain
    whatif = run(demo_home, "kpi", "whatif", "--decided-hours", "-2").stdout
    assert "MNOK" in whatif and "Personalkostnad per vedtakstime" in whatif


def test_the_staircase_month_by_month_feeds_an_spc_chart(demo_home, tmp_path):
    series = run(demo_home, "months", "--step", "12", "--measure", "persons").stdout
    lines = series.splitlines()
    assert lines[0] == "periode;verdi" and len(lines) == 1 + 36 and lines[1].startswith("2021-01;")
    path = write(tmp_path / "trinn12.csv", series)
    doc = json.loads(run(demo_home, "spc", str(path), "--improvement", "down", "--format", "json").stdout)
    assert len(doc["points"]) == 36 and doc["variation"] in {"common_cause", "improvement", "concern"}
    table = run(demo_home, "months", "--year", "2023", "--step", "6").stdout
    assert "2023-12" in table and "Helsehjelp" in table
    assert "Ukjend mål" not in table


def test_kpi_for_one_unit(demo_home):
    doc = json.loads(run(demo_home, "kpi", "--unit", "Sjukeheimane", "--format", "json").stdout)
    assert [u["unit"] for u in doc["units"]] == ["Sjukeheimane"] and doc["total"]["gross_ftes"] > 0
    assert "Einingane er: Barnebustad" in run(demo_home, "kpi", "--unit", "Finst ikkje", code=2).stderr


def test_every_kind_of_file_imports_from_the_terminal_and_the_month_s_figures_follow(tmp_path):
    """Every data contract is importable with `trappa import` (units before the files that name them)."""
    from trappa.ingest.contracts import CONTRACTS

    home = tmp_path / "home"
    kinds = sorted(CONTRACTS, key=lambda k: k not in ("units", "services"))
    for kind in kinds:
        assert "Importert" in run(home, "import", kind, str(EXAMPLES / f"{kind}.csv")).stdout
    month = run(home, "kpi", "--month", "2023-02", "--format", "json")
    doc = json.loads(month.stdout)
    home_care = next(u for u in doc["units"] if u["unit"] == "Heimesjukepleia")
    assert doc["period"] == "2023-02" and home_care["kpis"]["sickness_absence"] == pytest.approx(38 / 398, rel=1e-4)
