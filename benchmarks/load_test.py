"""Load test on loopback: the public pages with 50 concurrent clients, the profile page with 10 signed-in ones.

Builds Demo kommune in a temporary folder, starts `trappa serve` (one process), and drives it with
Locust for a bounded time (3 s of ramp-up, then the measured period; clients think 0.5–1.5 s between
requests, as people do). Targets on a 2-core machine: public pages p95 < 100 ms, profile page
p95 < 300 ms, no errors. Only 127.0.0.1 is ever contacted.

    .venv/bin/python benchmarks/load_test.py [--seconds 20]
"""

from __future__ import annotations

import gevent.monkey

gevent.monkey.patch_all()

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402

PASSWORD = "last-test-passord-1"
TRAPPA = str(Path(sys.executable).with_name("trappa"))


class Citizen(HttpUser):
    wait_time = between(0.5, 1.5)

    @task(3)
    def staircase(self) -> None:
        self.client.get("/", name="/ (tenestetrappa)")

    @task(2)
    def step(self) -> None:
        self.client.get("/trinn/6", name="/trinn/6")


class Analyst(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        page = self.client.get("/tilsett/logg-inn", name="login page")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
        self.client.post(
            "/tilsett/logg-inn", data={"username": "last", "password": PASSWORD, "csrf": token}, name="login"
        )

    @task
    def profile(self) -> None:
        with self.client.get("/tilsett/profil", name="/tilsett/profil", catch_response=True) as r:
            if "Matrise per trinn" not in r.text:
                r.failure("not the profile page")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(user_class: type[HttpUser], users: int, seconds: float, host: str) -> dict[str, float]:
    env = Environment(user_classes=[user_class], host=host)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    gevent.sleep(3)  # ramp-up and sign-in; measure the steady state after it
    env.stats.reset_all()
    gevent.sleep(seconds)
    runner.quit()
    stats = {}
    for entry in env.stats.entries.values():
        if entry.name in ("login page", "login"):
            continue
        stats[entry.name] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50": entry.get_response_time_percentile(0.50),
            "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99),
            "rps": entry.total_rps,
        }
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="trappa-load-")
    env = {**os.environ, "TRAPPA_HOME": home, "TRAPPA_DATABASE_URL": ""}
    subprocess.run([TRAPPA, "demo"], env=env, check=True, capture_output=True)
    subprocess.run(
        [TRAPPA, "--demo", "user", "add", "last", "--role", "viewer", "--password-stdin"],
        env=env,
        check=True,
        input=PASSWORD + "\n",
        text=True,
        capture_output=True,
    )
    port = free_port()
    server = subprocess.Popen(
        [TRAPPA, "--demo", "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    host = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.time() > deadline:
                    raise SystemExit("server did not start") from None
                time.sleep(0.2)
        print(f"trappa load test on {host} ({os.cpu_count()} cores), {args.seconds:.0f} s per part")
        results = [
            ("public, 50 clients", 100, run(Citizen, 50, args.seconds, host)),
            ("profile, 10 signed-in clients", 300, run(Analyst, 10, args.seconds, host)),
        ]
    finally:
        server.terminate()
        server.wait(timeout=10)
    ok = True
    for title, target, stats in results:
        print(f"  {title}  (target p95 < {target} ms)")
        for name, s in stats.items():
            verdict = "ok" if s["p95"] < target and s["failures"] == 0 else "OVER"
            ok &= verdict == "ok"
            print(
                f"    {name:<22} {s['requests']:>6} req  {s['rps']:6.1f}/s  p50 {s['p50']:5.0f} ms  "
                f"p95 {s['p95']:5.0f} ms  p99 {s['p99']:5.0f} ms  errors {s['failures']}  {verdict}"
            )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
