"""Hardening found by an attack on every input (issue 15): each case failed on the code before it."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from trappa.errors import TrappaError
from trappa.settings import Settings
from trappa.web.app import create_app

from ..conftest import web_settings


@pytest.fixture
def small(sqlite_engine):
    """A site that takes bodies of at most 2 000 bytes, so the limit can be tested without sending 200 MB."""
    return TestClient(create_app(sqlite_engine, web_settings(max_request_bytes=2_000)))


def test_a_body_over_the_limit_is_refused_before_the_login_is_looked_at(small):
    declared = small.post("/tilsett/logg-inn", content=b"x" * 5_000,
                          headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert declared.status_code == 413 and "for stort" in declared.text

    def chunks():  # no Content-Length: counted while it streams
        for _ in range(10):
            yield b"y" * 1_000

    streamed = small.post("/tilsett/logg-inn", content=chunks(),
                          headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert streamed.status_code == 413
    assert small.post("/tilsett/logg-inn", data={"username": "a", "password": "b", "csrf": "c"}).status_code == 400


def test_a_token_with_other_letters_is_a_wrong_token_not_an_error(small):
    small.get("/tilsett/logg-inn")  # the cookie
    answer = small.post("/tilsett/logg-inn", data={"username": "a", "password": "b", "csrf": "æøå-✓"})
    assert answer.status_code == 400


def test_production_sends_hsts_and_refuses_a_secret_without_variety(sqlite_engine):
    production = TestClient(create_app(sqlite_engine, web_settings(env="production")), base_url="https://testserver")
    assert production.get("/").headers["strict-transport-security"].startswith("max-age=31536000")
    development = TestClient(create_app(sqlite_engine, web_settings()))
    assert "strict-transport-security" not in development.get("/").headers
    weak = Settings(secret_key="a" * 40, env="production")  # type: ignore[arg-type]
    with pytest.raises(TrappaError, match="for lite variasjon"):
        _ = weak.session_secret


def test_square_brackets_in_data_are_printed_not_parsed(tmp_path):
    from ..conftest import EXAMPLES
    from ..test_cli import run

    home = tmp_path / "home"
    odd = tmp_path / "rekneskap [bold]2023[x].csv"
    odd.write_bytes((EXAMPLES / "accounts.csv").read_bytes())
    done = run(home, "import", "accounts", str(odd))
    assert "rekneskap [bold]2023[x].csv" in done.output and "Traceback" not in done.output
    bad = tmp_path / "feil [red].csv"
    bad.write_text("ansvar;art\n[/];[red]x\n", "utf-8")
    refused = run(home, "import", "accounts", str(bad), code=2)
    assert "feil [red].csv" in refused.output and "Traceback" not in refused.output
