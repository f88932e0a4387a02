"""The SSB client against recorded JSON-stat2 answers in the exact shape of tables 07459 and 14288."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import polars as pl
import pytest
from typer.testing import CliRunner

from trappa.cli import app
from trappa.ssb import population as ssb_population
from trappa.ssb.client import SsbClient, SsbUnavailable
from trappa.ssb.jsonstat import MalformedResponse, to_frame

DATA = Path(__file__).parent / "data" / "ssb"


class Recorded:
    """An httpx transport that answers from recorded files and counts the requests."""

    def __init__(self, overrides: dict[str, object] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.overrides = overrides or {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        parts = request.url.path.split("/")
        table, kind = parts[-2], parts[-1]
        key = f"{table}-{kind}"
        if key in self.overrides:
            body = self.overrides[key]
            return httpx.Response(200, content=body if isinstance(body, bytes) else json.dumps(body).encode())
        return httpx.Response(200, content=(DATA / f"{key}.json").read_bytes())


def client(tmp_path: Path, recorded: Recorded, **kw) -> SsbClient:
    return SsbClient(tmp_path / "cache", transport=httpx.MockTransport(recorded), min_interval=0, **kw)


def test_registered_population_parses(tmp_path):
    rec = Recorded()
    frame = ssb_population.fetch(client(tmp_path, rec), "4631", [2021, 2022])
    assert set(frame["alternative"]) == {"registrert"}
    assert frame.filter(pl.col("year") == 2021)["persons"].sum() == 29_337
    assert frame["age"].max() == 105 and frame["age"].min() == 0
    assert set(frame["sex"]) == {"1", "2"}
    data_request = rec.requests[-1]
    assert data_request.url.params["outputFormat"] == "json-stat2"
    assert data_request.url.params["valueCodes[Region]"] == "K-4631"  # matched on the four digits


def test_projection_alternatives_come_from_contents_code(tmp_path):
    frame = ssb_population.fetch(
        client(tmp_path, Recorded()),
        "4631",
        list(range(2024, 2051)),
        table="14288",
        alternatives=["MMMM", "LLML", "HHMH"],
    )
    assert set(frame["alternative"]) == {"MMMM", "LLML", "HHMH"}
    assert frame["year"].min() == 2024 and frame["year"].max() == 2050
    by_alt = frame.filter(pl.col("year") == 2050).group_by("alternative").agg(pl.col("persons").sum())
    totals = dict(by_alt.iter_rows())
    assert totals["LLML"] < totals["MMMM"] < totals["HHMH"]


def test_second_run_needs_no_network(tmp_path):
    ssb_population.fetch(client(tmp_path, Recorded()), "4631", [2021])

    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no network", request=request)

    again = SsbClient(tmp_path / "cache", transport=httpx.MockTransport(offline), min_interval=0)
    frame = ssb_population.fetch(again, "4631", [2021])
    assert again.requests_sent == 0 and frame.height > 0


def test_offline_with_nothing_cached_is_a_clear_error(tmp_path):
    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("no network", request=request)

    c = SsbClient(tmp_path / "cache", transport=httpx.MockTransport(offline), min_interval=0)
    with pytest.raises(SsbUnavailable, match="Får ikkje kontakt med Statistisk sentralbyrå"):
        ssb_population.fetch(c, "4631", [2021])


def test_offline_cli_prints_no_traceback(tmp_path):
    runner = CliRunner()
    # Nothing listens on port 9 (discard) of loopback: as offline as it gets, and quick.
    env = {"TRAPPA_HOME": str(tmp_path), "TRAPPA_DATABASE_URL": "", "TRAPPA_SSB_URL": "http://127.0.0.1:9/api"}
    result = runner.invoke(app, ["population", "fetch", "--municipality", "4631"], env=env)
    assert result.exit_code == 2, result.output
    assert "Får ikkje kontakt med Statistisk sentralbyrå" in result.stderr
    assert "Traceback" not in result.output


def test_requests_are_paced(tmp_path):
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    c = SsbClient(
        tmp_path / "cache",
        transport=httpx.MockTransport(Recorded()),
        min_interval=2.0,
        clock=lambda: now[0],
        sleep=sleep,
    )
    ssb_population.fetch(c, "4631", [2021])
    assert c.requests_sent == 2 and slept == [2.0]  # metadata, then data two seconds later: 30 a minute at most


def test_large_selections_are_split_under_the_cell_limit(tmp_path, monkeypatch):
    import trappa.ssb.client as client_module

    monkeypatch.setattr(client_module, "MAX_CELLS", 300)
    rec = Recorded()
    c = client(tmp_path, rec)
    c.data(
        "07459",
        {"Region": ["K-4631"], "Kjonn": ["*"], "Alder": ["*"], "ContentsCode": ["Personer1"], "Tid": ["2021", "2022"]},
    )
    asked = [r.url.params["valueCodes[Alder]"].count(",") + 1 for r in rec.requests if r.url.path.endswith("/data")]
    assert len(asked) > 1 and sum(asked) == 106 and all(2 * n * 2 <= 300 for n in asked)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("value"), "«value» manglar"),
        (lambda d: d.update(version="1.0"), "JSON-stat versjon 2.0"),
        (lambda d: d.update(size=[1, 2, 3]), "«id» og «size»"),
        (lambda d: d["value"].pop(), "venta"),
        (lambda d: d["value"].__setitem__(0, "mange"), "ikkje tal"),
        (lambda d: d["dimension"].pop("Alder"), "dimensjonen Alder"),
    ],
)
def test_malformed_responses_are_refused(mutate, message):
    data = json.loads((DATA / "07459-data.json").read_text("utf-8"))
    mutate(data)
    with pytest.raises(MalformedResponse, match=message):
        to_frame(data, "tabell 07459")


def test_not_json_is_refused(tmp_path):
    rec = Recorded({"07459-metadata": b"<html>Service unavailable</html>"})
    with pytest.raises(MalformedResponse, match="ikkje JSON"):
        ssb_population.fetch(client(tmp_path, rec), "4631", [2021])


def test_sparse_values_and_missing_cells():
    data = json.loads((DATA / "07459-data.json").read_text("utf-8"))
    data["value"] = {"0": 5, "3": 7}
    frame = to_frame(data)
    assert frame["value"].null_count() == frame.height - 2
