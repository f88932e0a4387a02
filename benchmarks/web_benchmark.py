"""The web at national scale beside its floor: the same HTML served by the same framework as a static page.

Imports the national-scale data set of `profile_benchmark.py` (1 000 000 decisions, 500 000 account lines
by default) into a SQLite database, starts `trappa serve` on it and measures: how long until the server
answers, the warm public page and staff profile page one request at a time (p50, p95), and the staff
profile page with 20 clients at once (requests per second). The floor is a FastAPI app on the same
uvicorn that returns the very HTML trappa answered, measured the same way in the same run.

Targets (issue 14): p50 ≤ 3 × the floor; ≥ 100 requests/s for the staff profile with 20 clients;
server ready ≤ 3 s. Only 127.0.0.1 is contacted.

    .venv/bin/python benchmarks/web_benchmark.py [--decisions N] [--accounts N] [--seconds 10]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

TRAPPA = str(Path(sys.executable).with_name("trappa"))
PASSWORD = "web-benk-passord-1"
PAGES = {"public": "/", "staff profile": "/tilsett/profil"}

# The floor: the same framework and server, the saved HTML, nothing computed.
STATIC = """
import sys
from pathlib import Path
import uvicorn
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
folder = Path(sys.argv[1])
pages = {p.stem.replace("_", "/"): p.read_bytes() for p in folder.glob("*.html")}
app = FastAPI()
@app.get("/{path:path}")
def page(path: str) -> HTMLResponse:
    return HTMLResponse(pages["/" + path])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, limit: float = 120) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return time.perf_counter() - start
        except httpx.HTTPError:
            pass
        time.sleep(0.02)
    raise SystemExit(f"{url} did not answer in {limit:.0f} s")


def one_at_a_time(client: httpx.Client, path: str, n: int = 200) -> tuple[float, float]:
    for _ in range(10):
        client.get(path)  # warm
    times = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.get(path)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (path, r.status_code)
    return statistics.median(times), statistics.quantiles(times, n=20)[-1]


def throughput(cookies: httpx.Cookies, base: str, path: str, clients: int, seconds: float) -> float:
    done = [0] * clients
    stop = time.perf_counter() + seconds

    def work(i: int) -> None:
        with httpx.Client(base_url=base, cookies=cookies, timeout=60) as client:
            while time.perf_counter() < stop:
                if client.get(path).status_code == 200:
                    done[i] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / seconds


def build(work: Path, decisions: int, accounts: int) -> str:
    sys.path.insert(0, str(Path(__file__).parent))
    from profile_benchmark import generate

    os.environ["TRAPPA_HOME"] = str(work)
    from trappa.services import users
    from trappa.services.database import open_url
    from trappa.services.imports import import_file

    url = f"sqlite:///{work / 'trappa.sqlite'}"
    db = open_url(url)
    t = time.perf_counter()
    for kind, path in generate(work / "files", decisions, accounts).items():
        import_file(db, "benchmark", kind, path)
    users.create(db, "benchmark", "benk", PASSWORD, "analyst")
    db.dispose()
    print(f"  data set imported           {time.perf_counter() - t:7.1f} s  ({decisions:_} decisions, "
          f"{accounts:_} account lines)".replace("_", " "))  # fmt: skip
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=500_000)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="trappa-web-"))
    print(f"trappa web benchmark ({os.cpu_count()} cores), work in {work}")
    url = build(work, args.decisions, args.accounts)
    env = {**os.environ, "TRAPPA_HOME": str(work), "TRAPPA_DATABASE_URL": url}
    port, floor_port = free_port(), free_port()
    base, floor_base = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{floor_port}"
    server = subprocess.Popen([TRAPPA, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    floor = None
    try:
        ready = wait_until_up(f"{base}/helse")
        client = httpx.Client(base_url=base, timeout=120)
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/tilsett/logg-inn").text).group(1)
        client.post("/tilsett/logg-inn", data={"username": "benk", "password": PASSWORD, "csrf": token})
        first = {}
        for name, path in PAGES.items():
            t = time.perf_counter()
            assert client.get(path).status_code == 200
            first[name] = time.perf_counter() - t
        pages = work / "static"
        pages.mkdir()
        for path in PAGES.values():
            (pages / f"{path.replace('/', '_') or '_'}.html").write_bytes(client.get(path).content)
        measured = {name: one_at_a_time(client, path) for name, path in PAGES.items()}
        rps = throughput(client.cookies, base, PAGES["staff profile"], 20, args.seconds)
        floor = subprocess.Popen([sys.executable, "-c", STATIC, str(pages), str(floor_port)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        wait_until_up(f"{floor_base}/")
        floor_client = httpx.Client(base_url=floor_base, timeout=120)
        floor_measured = {name: one_at_a_time(floor_client, path) for name, path in PAGES.items()}
        floor_rps = throughput(httpx.Cookies(), floor_base, PAGES["staff profile"], 20, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=10)
        if floor is not None:
            floor.terminate()
            floor.wait(timeout=10)
    ok = ready <= 3
    print(f"  server ready                {ready:7.2f} s   (target ≤ 3 s)  {'ok' if ready <= 3 else 'OVER'}")
    for name in PAGES:
        (p50, p95), (f50, f95) = measured[name], floor_measured[name]
        verdict = "ok" if p50 <= 3 * f50 else "OVER"
        ok &= verdict == "ok"
        print(f"  {name:<16} first view {first[name] * 1000:6.0f} ms; warm p50 {p50:6.1f} ms  p95 {p95:6.1f} ms"
              f"   floor p50 {f50:5.1f} ms  p95 {f95:5.1f} ms   {p50 / f50:4.1f} × (target ≤ 3)  {verdict}")  # fmt: skip
    verdict = "ok" if rps >= 100 else "OVER"
    ok &= verdict == "ok"
    print(f"  staff profile, 20 clients   {rps:7.1f} req/s (target ≥ 100)   floor {floor_rps:6.1f} req/s  "
          f"{rps / floor_rps:4.2f} × the floor  {verdict}")  # fmt: skip
    print("all targets met" if ok else "some targets NOT met")


if __name__ == "__main__":
    main()
