"""Hardening found by an attack on every input (issue 15): each case failed on the code before it."""

from __future__ import annotations

import os

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


def test_signing_out_ends_the_session_on_the_server_too(sqlite_engine):
    from trappa.services import users

    from ..conftest import PASSWORD
    from .test_staff_http import csrf_of, login

    users.create(sqlite_engine, "test", "kari", PASSWORD, "viewer")
    client = login(create_app(sqlite_engine, web_settings()), "kari")
    cookie = client.cookies.get("trappa_session")
    assert client.get("/tilsett", follow_redirects=False).status_code == 200
    client.post("/tilsett/logg-ut", data={"csrf": csrf_of(client, "/tilsett")}, follow_redirects=False)
    client.cookies.set("trappa_session", cookie)  # a copy of the cookie kept from before
    assert client.get("/tilsett", follow_redirects=False).status_code == 303


def test_wrong_passwords_at_once_get_no_more_tries_than_in_a_row(sqlite_engine):
    import re
    from concurrent.futures import ThreadPoolExecutor

    from trappa.services import audit, users

    from ..conftest import PASSWORD

    users.create(sqlite_engine, "test", "kari", PASSWORD, "viewer")
    app = create_app(sqlite_engine, web_settings())
    client = TestClient(app)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/tilsett/logg-inn").text).group(1)

    def guess(i: int) -> int:
        data = {"username": "kari", "password": f"gjett-{i:04d}-passord", "csrf": token}
        return client.post("/tilsett/logg-inn", data=data).status_code

    with ThreadPoolExecutor(20) as pool:
        codes = list(pool.map(guess, range(40)))
    # at most in_flight at once plus the few that start before five failures are in (was 40 of 40 checked)
    assert 5 <= codes.count(401) <= 15 and codes.count(401) + codes.count(429) == 40
    logged = [e.outcome for e in audit.entries(sqlite_engine) if e.action == "login"]
    # one row per block (at once, then the address and the username once five failures are in), not 30
    assert logged.count("failed") == codes.count(401) and 1 <= logged.count("refused") <= 3


def test_a_username_under_attack_is_slowed_not_locked():
    import time

    from trappa.web.auth import LoginLimiter

    limiter = LoginLimiter(attempts=5, pause=0.3)
    for i in range(5):  # five addresses, one wrong try each
        assert limiter.begin("kari", f"10.0.0.{i}") == (0.0, False)
        limiter.failed("kari", f"10.0.0.{i}")
    wait, first = limiter.begin("kari", "10.0.0.99")
    assert 0 < wait <= 0.3 and first
    time.sleep(0.35)
    assert limiter.begin("kari", "10.0.0.99")[0] == 0  # the owner gets a try after the pause
    limiter.succeeded("kari", "10.0.0.99")
    assert limiter.begin("kari", "10.0.0.100")[0] == 0  # and after a success, the count starts again


def test_an_office_behind_one_address_signs_in_together():
    """Ten colleagues at once from one address: all get in (the load test found the first limiter
    refusing five of them while the others' passwords were checked)."""
    from trappa.web.auth import LoginLimiter

    limiter = LoginLimiter()
    started = [limiter.begin(f"tilsett{i}", "10.1.1.1") for i in range(10)]
    assert all(wait == 0 for wait, _first in started)
    assert limiter.begin("tilsett10", "10.1.1.1")[0] > 0  # the eleventh at the same moment waits a second
    for i in range(10):
        limiter.succeeded(f"tilsett{i}", "10.1.1.1")
    assert limiter.begin("tilsett10", "10.1.1.1") == (0.0, False)


def test_the_database_away_gives_a_page_that_says_so_and_the_site_recovers(tmp_path):
    """Before: «Internal Server Error» on every page while /helse said OK (issue 15)."""
    from trappa.services.database import open_url

    folder = tmp_path / "db"
    folder.mkdir()
    engine = open_url(f"sqlite:///{folder / 'trappa.sqlite'}")
    # Raising server errors: the outage is answered, not raised again past the answer (the server then
    # closed the connection, and a client's next request on it failed under a PostgreSQL restart).
    client = TestClient(create_app(engine, web_settings()))
    assert client.get("/").status_code == 200 and client.get("/helse").json() == {"status": "ok"}
    folder.rename(tmp_path / "away")
    engine.dispose()  # the open connections go; new ones find no database
    try:
        page = client.get("/")
        assert page.status_code == 503 and page.headers["retry-after"] == "5"
        assert "Tenesta er ikkje tilgjengeleg akkurat no" in page.text
        english = client.get("/?lang=en")
        assert english.status_code == 503 and "briefly unavailable" in english.text
        assert client.get("/helse").status_code == 503
    finally:
        (tmp_path / "away").rename(folder)
    assert client.get("/").status_code == 200 and client.get("/helse").status_code == 200
    engine.dispose()


def test_a_flood_of_feedback_is_stopped_and_the_log_keeps_older_entries_in_reach(sqlite_engine):
    import re

    from trappa.services import audit, feedback, users

    from ..conftest import PASSWORD
    from .test_staff_http import login

    app = create_app(sqlite_engine, web_settings())
    anonymous = TestClient(app)
    token = re.search(r'name="csrf" value="([^"]+)"', anonymous.get("/tilgjengelegheit").text).group(1)
    codes = [anonymous.post("/tilgjengelegheit", data={"message": f"Feil {i}", "csrf": token},
                            follow_redirects=False).status_code for i in range(8)]  # fmt: skip
    assert codes == [303] * 5 + [429] * 3 and len(feedback.entries(sqlite_engine, open_only=False)) == 5
    assert "Vent ti minutt" in anonymous.post("/tilgjengelegheit", data={"message": "x", "csrf": token}).text

    users.create(sqlite_engine, "test", "admin", PASSWORD, "admin")
    audit.record(sqlite_engine, "admin", "import", "accounts: rekneskap.csv", "ok")
    for _ in range(250):  # what a flood of failed logins leaves
        audit.record(sqlite_engine, "ukjend", "login", None, "failed")
    client = login(app, "admin")
    first = client.get("/tilsett/logg")
    assert "side 1 av 3" in first.text and "rekneskap.csv" not in first.text
    assert "rekneskap.csv" in client.get("/tilsett/logg?side=3").text
    imports_only = client.get("/tilsett/logg?kva=import")
    assert "rekneskap.csv" in imports_only.text and "1 oppføringar" in imports_only.text.replace("\u00a0", " ")
    assert client.get("/tilsett/logg?side=0").status_code == 400


def test_a_hundred_imports_in_a_row_leave_the_history_readable(engine, tmp_path):
    """Reported: after 100 decision imports the import page answered 500 and `trappa imports` crashed.
    Not seen again here on either database; kept as a test so it stays so."""
    from trappa.services import imports, users

    from ..conftest import EXAMPLES, PASSWORD
    from .test_staff_http import login

    for kind in ("units", "services"):
        imports.import_file(engine, "test", kind, EXAMPLES / f"{kind}.csv")
    lines = (EXAMPLES / "decisions.csv").read_text("utf-8").splitlines()
    for i in range(102):
        path = tmp_path / f"vedtak-{i % 2}.csv"
        path.write_text("\n".join(lines[: len(lines) - (i % 3)]) + "\n", "utf-8")
        imports.import_file(engine, "test", "decisions", path)
    assert len(imports.history(engine)) == 104
    users.create(engine, "test", "analytikar", PASSWORD, "analyst")
    page = login(create_app(engine, web_settings()), "analytikar").get("/tilsett/import")
    assert page.status_code == 200 and "vedtak-1.csv" in page.text


@pytest.mark.skipif(not os.environ.get("TRAPPA_TEST_POSTGRES_URL"), reason="the test command starts PostgreSQL")
def test_a_postgresql_restart_under_load_gives_503_and_the_site_recovers_by_itself():
    """Issue 15: during a PostgreSQL restart every page said «Internal Server Error» and /helse said OK.

    A PostgreSQL of this test's own (the shared one serves other tests), a real server, six clients
    asking all the while; the database is stopped for two seconds and started again.
    """
    import shutil
    import subprocess
    import tempfile
    import threading
    import time
    from pathlib import Path

    import httpx
    import uvicorn
    from sqlalchemy.engine import make_url

    from trappa.services.database import open_url

    from .conftest import _free_port

    root = Path(__file__).resolve().parents[2]
    folder = Path(tempfile.mkdtemp(prefix="trappa-pg-restart."))  # under /tmp: the postgres user must reach it
    url = subprocess.run([root / "scripts" / "postgres.sh", str(folder)], check=True, capture_output=True,
                         text=True).stdout.strip()  # fmt: skip
    pg_bin = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))))
    as_pg = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    port = make_url(url).port
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off"

    def pg_ctl(*args: str) -> None:
        subprocess.run([*as_pg, str(pg_bin / "pg_ctl"), "-D", str(folder / "data"), *args], check=True,
                       capture_output=True)  # fmt: skip

    engine = open_url(url)
    web_port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(engine, web_settings()), host="127.0.0.1", port=web_port,
                                           log_level="critical"))  # fmt: skip
    threading.Thread(target=server.run, daemon=True).start()
    base = f"http://127.0.0.1:{web_port}"
    answers: list[tuple[float, str, int, str]] = []
    stop = threading.Event()

    def ask(path: str) -> None:
        with httpx.Client(base_url=base, timeout=30) as client:
            while not stop.is_set():
                try:
                    r = client.get(path)
                    answers.append((time.monotonic(), path, r.status_code, r.headers.get("retry-after", "")))
                except httpx.HTTPError as exc:  # a dropped connection counts as a failure too
                    answers.append((time.monotonic(), path, 0, type(exc).__name__))
                time.sleep(0.02)

    try:
        deadline = time.time() + 30
        while not server.started:
            assert time.time() < deadline, "server did not start"
            time.sleep(0.05)
        clients = [threading.Thread(target=ask, args=(p,)) for p in ("/", "/", "/helse", "/tilsett/logg-inn",
                                                                        "/trinn/1", "/helse")]  # fmt: skip
        for c in clients:
            c.start()
        time.sleep(1)
        stopped = time.monotonic()
        pg_ctl("-m", "fast", "stop")
        time.sleep(2)
        pg_ctl("-l", str(folder / "server.log"), "-w", "-o", options, "start")
        started = time.monotonic()
        time.sleep(4)
        stop.set()
        for c in clients:
            c.join(timeout=30)
    finally:
        stop.set()
        server.should_exit = True
        engine.dispose()
        subprocess.run([*as_pg, str(pg_bin / "pg_ctl"), "-D", str(folder / "data"), "-m", "fast", "stop"],
                       capture_output=True)  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
    statuses = {status for _t, _p, status, _r in answers}
    failures = sorted({(p, r) for _t, p, s, r in answers if s not in (200, 404, 503)})
    assert statuses <= {200, 404, 503}, failures  # never a 500, never a dropped connection
    during = [(p, s, r) for t, p, s, r in answers if stopped + 0.5 < t < started]
    assert ("/helse", 503, "5") in during  # the health check tells the load balancer
    assert all(r == "5" for _p, s, r in during if s == 503)
    after = [(p, s) for t, p, s, _r in answers if t > started + 2]
    assert after and all(s in (200, 404) for _p, s in after), after[:10]  # back by itself, no restart of trappa
