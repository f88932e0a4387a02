"""KOSTRA: the real SSB client on answers in the real JSON-stat2 shape (tests/data/ssb/README.md), the needs
adjustment and handlingsrom on hand-computed cases, the reconciliation on the demo, imports all or nothing."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import httpx
import polars as pl
import pytest

from trappa.errors import InputFileError
from trappa.model import kostra as model
from trappa.ssb import kostra as ssb_kostra
from trappa.ssb.client import SsbClient

DATA = Path(__file__).parent / "data" / "ssb"


class Answers:
    """An httpx transport answering from the recorded files; table ids in ``gone`` answer 404."""

    def __init__(self, gone: set[str] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.gone = gone or set()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        table, kind = request.url.path.split("/")[-2:]
        path = DATA / f"{table}-{kind}.json"
        if table in self.gone or not path.exists():
            return httpx.Response(404, content=b'{"error": "not found"}')
        return httpx.Response(200, content=path.read_bytes())


def client(tmp_path: Path, answers: Answers) -> SsbClient:
    return SsbClient(tmp_path / "cache", transport=httpx.MockTransport(answers), min_interval=0)


REGIONS = ["3203", "4631", "EKG13", "EAK", "EAKUO"]


def test_fetch_reads_metadata_first_and_keeps_suppressed_cells_missing(tmp_path):
    answers = Answers()
    got = ssb_kostra.fetch(client(tmp_path, answers), REGIONS, [2022, 2023, 2024])
    frame = got.frame
    assert got.tables_used == {"expenses": "12362", "care": "12209", "quality": "12293"}
    # metadata before data, for every table
    kinds = [r.url.path.rsplit("/", 2)[-2:] for r in answers.requests]
    assert kinds[0] == ["12362", "metadata"] and kinds[1] == ["12362", "data"]
    data = next(r for r in answers.requests if r.url.path.endswith("12362/data"))
    assert data.url.params["valueCodes[KOKart0000]"] == "AGD2"  # art always selected
    assert data.url.params["valueCodes[KOKfunksjon0000]"] == "234,253,254"  # those of the six the table has
    assert any("funksjon 241, 256, 261" in n for n in got.notes)
    assert "3025" in data.url.params["valueCodes[KOKkommuneregion0000]"]  # Asker's old number asked for too
    # the suppressed cell is there, and missing: never 0
    doctor = frame.filter((pl.col("region") == "4631") & (pl.col("figure") == "doctor_hours"))
    assert dict(doctor.select("year", "value").iter_rows()) == {2022: 0.62, 2023: 0.62, 2024: None}
    # a code the table does not have is named and left out; the others are there
    assert any("KOSinnbbolig80aa0000" in n for n in got.notes)
    assert frame.filter(pl.col("figure") == "housing_24h_80").is_empty()
    # a figure whose code the catalogue does not know is found by its label, and the code is named
    assert any("KOSmottakhj0660000" in n and "0–66" in n for n in got.notes)
    young = frame.filter((pl.col("region") == "4631") & (pl.col("figure") == "home_users_0_66"))
    assert young["value"].to_list() == [13.4, 13.4, 13.4]
    assert any("liknar «Netto driftsutgifter til omsorgstenester per innbyggjar 80" in n for n in got.notes)
    # the group's figure is SSB's own, as published (never averaged by trappa)
    group = frame.filter((pl.col("region") == "EKG13") & (pl.col("figure") == "net_per_inhabitant")
                         & (pl.col("function") == "253") & (pl.col("year") == 2022))["value"][0]  # fmt: skip
    assert group == round(14000 * 0.98)


def test_a_municipality_that_changed_number_is_followed(tmp_path):
    got = ssb_kostra.fetch(client(tmp_path, Answers()), ["3203"], [2022, 2023, 2024])
    asker = got.frame.filter((pl.col("figure") == "net_per_inhabitant") & (pl.col("function") == "254"))
    assert set(asker["region"]) == {"3203"}  # 3025's years count for 3203
    values = dict(asker.select("year", "value").iter_rows())
    assert values == {2022: round(16000 * 0.95), 2023: round(16000 * 0.95 * 1.04), 2024: round(16000 * 0.97 * 1.08)}
    assert asker["region_name"].unique().to_list() == ["Asker"]  # the newest name


def test_a_replaced_table_is_found_under_its_new_id_and_a_gone_one_is_named(tmp_path):
    cat = ssb_kostra.catalogue()
    care = dataclasses.replace(cat.tables["care"], ids=("99999", "12209"))
    quality = dataclasses.replace(cat.tables["quality"], ids=("12293",))
    replaced = dataclasses.replace(cat, tables={**cat.tables, "care": care, "quality": quality})
    got = ssb_kostra.fetch(client(tmp_path, Answers(gone={"99999", "12293"})), ["4631"], [2023], cat=replaced)
    assert got.tables_used["care"] == "12209"
    assert any("99999 finst ikkje lenger" in n and "12209" in n for n in got.notes)
    assert any("12293" in n and "kostra_catalogue.toml" in n for n in got.notes)
    assert not got.frame.filter(pl.col("figure") == "home_services_80").is_empty()  # the others still came
    assert got.frame.filter(pl.col("figure") == "doctor_hours").is_empty()


def test_a_second_fetch_needs_no_network(tmp_path):
    ssb_kostra.fetch(client(tmp_path, Answers()), ["4631"], [2023])
    offline = Answers(gone={"12362", "12209", "12293"})
    again = ssb_kostra.fetch(client(tmp_path, offline), ["4631"], [2023])
    assert offline.requests == [] and again.frame.height > 0


def _figures(rows: list[tuple[str, str, str, float | None]], year: int = 2023) -> pl.DataFrame:
    return pl.DataFrame(
        [(r, r, year, figure, fn, v) for r, figure, fn, v in rows], schema=ssb_kostra.SCHEMA, orient="row"
    )


HAND = _figures([
    ("4631", "net_per_inhabitant", "253", 15000.0), ("4631", "net_thousand", "253", 450000.0),
    ("4631", "net_per_inhabitant", "254", 10000.0), ("4631", "net_thousand", "254", 300000.0),
    ("4601", "net_per_inhabitant", "253", 12000.0), ("4601", "net_per_inhabitant", "254", None),
    ("EKG13", "net_per_inhabitant", "253", 12500.0), ("EKG13", "net_per_inhabitant", "254", 9000.0),
    ("EAK", "net_per_inhabitant", "253", 13000.0), ("EAK", "net_per_inhabitant", "254", 11000.0),
])  # fmt: skip
NEEDS = pl.DataFrame({"region": ["4631", "4601"], "year": [2023, 2023], "index": [1.10, 0.96], "source": ["t", "t"]})


def test_needs_adjusted_expenses_are_own_over_index():
    adjusted = model.needs_adjusted(HAND, NEEDS, 2023)
    row = adjusted.filter((pl.col("region") == "4631") & (pl.col("function") == "253")).row(0, named=True)
    assert row["adjusted"] == pytest.approx(15000 / 1.10)
    country = adjusted.filter(pl.col("region") == "EAK").row(0, named=True)
    assert country["index"] == 1.0 and country["adjusted"] == country["value"]  # the country is 1 by definition


def test_handlingsrom_by_hand():
    room = model.handlingsrom(HAND, NEEDS, "4631", ["4601", "EKG13", "EAK"], 2023)
    assert room.inhabitants == 30_000 and room.own_index == 1.10
    cell = {(r["comparator"], r["function"]): r["mnok"] for r in room.table.iter_rows(named=True)}
    # 4601: 15 000 − 12 000 × 1,10 ÷ 0,96 = 1 250 kr per inhabitant × 30 000 = 37,5 MNOK
    assert cell[("4601", "253")] == pytest.approx(37.5)
    assert cell[("4601", "254")] is None  # 4601's 254 is missing: no number, not 0
    # the country: index 1; 15 000 − 13 000 × 1,10 = 700 kr → 21 MNOK; 254: 10 000 − 12 100 → −63 MNOK
    assert cell[("EAK", "253")] == pytest.approx(21.0) and cell[("EAK", "254")] == pytest.approx(-63.0)
    # the group has no index: compared at 1, and the note says so
    assert cell[("EKG13", "253")] == pytest.approx((15000 - 12500 * 1.10) * 30_000 / 1e6)
    assert any("EKG13 har ingen utgiftsbehovsindeks" in n for n in room.notes)
    totals = dict(room.totals.select("comparator", "mnok").iter_rows())
    assert totals["EAK"] == pytest.approx(21.0 - 63.0) and totals["4601"] is None  # a missing part: no total


def test_handlingsrom_without_own_index_is_not_adjusted_and_says_so():
    room = model.handlingsrom(HAND, NEEDS.filter(pl.col("region") != "4631"), "4631", ["4601"], 2023)
    assert room.table.filter(pl.col("function") == "253")["mnok"][0] == pytest.approx(
        90.0
    )  # (15 000 − 12 000) × 30 000
    assert any("ikkje behovskorrigerte" in n for n in room.notes)


def test_reconciliation_takes_financing_and_internal_transfers_apart():
    accounts = pl.DataFrame({
        "year": [2023] * 5, "art": ["10100", "17000", "15900", "17900", "010"],
        "function": ["2530", "2530", "2530", "2530", "120"],
        "amount_ore": [500_000_00, -100_000_00, 20_000_00, -5_000_00, 7_000_00],
    })  # fmt: skip
    figures = _figures([("4631", "net_thousand", "253", 410.0)])
    table = model.reconcile(accounts, figures, "4631", 2023, ["253", "254"])
    row = table.filter(pl.col("function") == "253").row(0, named=True)
    assert row["own_all"] == 415_000 and row["financing"] == 20_000 and row["internal"] == -5_000
    assert row["own_operating"] == 400_000 and row["ssb"] == 410_000 and row["difference"] == 10_000
    assert row["difference_share"] == pytest.approx(10_000 / 410_000)
    assert table.filter(pl.col("function") == "254")["ssb"][0] is None
    assert model.outside(accounts, 2023, ["253", "254"]) == 7_000


def test_reconciliation_on_the_demo(demo_db):
    from trappa.services import kostra

    result = kostra.reconcile(demo_db)
    rows = {r["function"]: r for r in result.table.iter_rows(named=True)}
    # the enterprise SSB counts in the group accounts: 3,5 % on top of the municipality's own 254
    assert rows["254"]["difference"] / rows["254"]["own_operating"] == pytest.approx(0.035, abs=0.0005)
    for fn in ("234", "253"):
        assert abs(rows[fn]["difference"]) <= 500  # SSB publishes whole 1000 kr
    comparison = kostra.compare(demo_db)
    assert len(comparison.regions) == 9 and comparison.regions[0][0] == "4631"
    assert all("syntetisk" in name for _code, name in comparison.regions)
    doctor = next(s for s in comparison.quality if s.figure == "doctor_hours")
    fedje = next(values for code, _n, values in doctor.rows if code == "4633")
    assert set(fedje) == {None}  # suppressed in the demo, shown as missing


def test_a_saved_answer_imports_and_a_bad_export_is_refused_by_row_and_column(demo_db, tmp_path):
    from trappa.services import kostra
    from trappa.store.kostra import load_figures

    before = load_figures(demo_db).height
    rows = kostra.import_file(demo_db, "test", DATA / "12209-data.json")
    assert rows == 7 * 4 * 3  # regions × contents × years, missing cells kept as missing
    good = tmp_path / "kostra.csv"
    good.write_text(
        'region;statistikkvariabel;år;verdi\n'
        '"4631 Alver";"Legetimer per uke per beboer i sykehjem";2023;0,55\n'
        '"EAK Landet";KOSlegetimperbeb0000;2023;..\n', "utf-8")  # fmt: skip
    assert kostra.import_file(demo_db, "test", good) == 2
    stored = load_figures(demo_db).filter((pl.col("figure") == "doctor_hours") & (pl.col("year") == 2023))
    assert dict(stored.select("region", "value").iter_rows())["4631"] == 0.55
    assert dict(stored.select("region", "value").iter_rows())["EAK"] is None  # «..» is missing, not 0
    count = load_figures(demo_db).height
    bad = tmp_path / "bad.csv"
    bad.write_text('region;statistikkvariabel;år;verdi\n"4631 Alver";"Noko anna";2023;1\n"4631 Alver";'
                   'KOSlegetimperbeb0000;2023;abc\n', "utf-8")  # fmt: skip
    with pytest.raises(InputFileError) as refused:
        kostra.import_file(demo_db, "test", bad)
    text = str(refused.value)
    assert "rad 2" in text and "statistikkvariabel" in text and "rad 3" in text
    assert load_figures(demo_db).height == count > before  # nothing from the bad file


def test_cli_compare_json_and_index(demo_home):
    from .test_cli import run

    out = json.loads(run(demo_home, "kostra", "compare", "--format", "json").stdout)
    assert out["year"] == 2023 and out["municipality"] == "4631"
    assert out["handlingsrom"]["own_index"] == 1.06 and len(out["handlingsrom"]["totals"]) == 8
    assert out["caveats"] and any("15. juni" in c for c in out["caveats"])
    run(demo_home, "kostra", "index", "EKG11", "2023", "1.02", "--source", "Grønt hefte 2023")
    again = json.loads(run(demo_home, "kostra", "compare", "--format", "json").stdout)
    assert not any("EKG11" in n for n in again["handlingsrom"]["notes"])
    refused = run(demo_home, "kostra", "index", "4631", "2023", "12", "--source", "x", code=2)
    assert "urimeleg" in refused.output


@pytest.fixture
def ssb_server():
    """SSB on a loopback port: PxWebApi v2 and KLASS answering from the recorded files, over real HTTP."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            parts = self.path.split("?")[0].rstrip("/").split("/")
            path = DATA / f"{parts[-2]}-{parts[-1]}.json"
            body = path.read_bytes() if path.exists() else b'{"error": "not found"}'
            self.send_response(200 if path.exists() else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_group_from_ssbs_classification_and_a_fetch_over_http(demo_home, ssb_server, monkeypatch):
    from .test_cli import run

    monkeypatch.setenv("TRAPPA_SSB_URL", ssb_server + "/api/pxwebapi/v2")
    monkeypatch.setenv("TRAPPA_SSB_KLASS_URL", ssb_server + "/api/klass/v1")
    found = run(demo_home, "kostra", "group", "--year", "2024")
    assert "EKG13" in found.output
    fetched = run(demo_home, "kostra", "fetch", "--from", "2022", "--to", "2024", "--with", "4601")
    assert "12362" in fetched.output and "KOSinnbbolig80aa0000" in fetched.output  # the gone code is named
    out = json.loads(run(demo_home, "kostra", "compare", "--year", "2024", "--with", "4601", "--format", "json").stdout)
    assert [r["region"] for r in out["regions"]] == ["4631", "4601", "EKG13", "EAK", "EAKUO"]
    doctor = next(s for s in out["quality"] if s["figure"] == "doctor_hours")
    assert doctor["regions"][0]["values"][-1] is None  # Alver's suppressed 2024 figure


def test_indices_of_many_municipalities_import_all_or_nothing(demo_db, tmp_path):
    from trappa.services import kostra
    from trappa.store.kostra import load_needs

    example = Path(__file__).parents[1] / "examples" / "expense_need_index.csv"
    assert kostra.import_needs(demo_db, "test", example) == 3
    needs = load_needs(demo_db).filter(pl.col("year") == 2024)
    assert dict(needs.select("region", "index").iter_rows())["4601"] == 0.9741
    assert needs.filter(pl.col("region") == "4631")["source"][0].startswith("Grønt hefte 2024")
    before = load_needs(demo_db).height
    bad = tmp_path / "indeks.csv"
    bad.write_text("region;år;indeks\n4631;2025;1,05\nAlver;2025;1,1\n4601;20x5;9\n", "utf-8")
    with pytest.raises(InputFileError) as refused:
        kostra.import_needs(demo_db, "test", bad)
    text = str(refused.value)
    assert "rad 3" in text and "region" in text and "rad 4" in text and "indeksen" in text
    assert load_needs(demo_db).height == before  # not even the good first row
