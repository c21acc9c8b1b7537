"""Page-view latency of ``groundup serve`` under concurrent clients, idle and while an analysis runs.

Starts a real server on localhost (fresh SQLite database and data folder in a temporary folder),
creates a coach, an athlete and one analysed clip, then runs N client threads (default 20), each
signed in and requesting the HTML pages in turn (athletes list, athlete page, result page, plan,
progress) for a fixed time:

1. idle: nothing else runs;
2. during an analysis: a second upload of the same clip is being analysed (the measurement lasts
   until the analysis ends).

Prints p50/p95/max and requests per second for both, and the p95 ratio. Targets (issue 5):
p95 < 200 ms during the analysis, and < 2x the idle p95.

    .venv/bin/python benchmarks/web_latency.py [--clients 20] [--seconds 20] [--think 0.5]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CLIP = ROOT / "tests" / "data" / "clips" / "ucsd_front_squat.mp4"
GROUNDUP = Path(sys.executable).with_name("groundup")
EMAIL, PASSWORD = "bench@example.org", "benchmark password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(folder: Path) -> tuple[subprocess.Popen, str]:
    db = folder / "web.sqlite3"
    env = {**os.environ, "GROUNDUP_PASSWORD": PASSWORD}
    subprocess.run([str(GROUNDUP), "user", "add", "--role", "coach", EMAIL, "--db", str(db)], env=env, check=True,
                   capture_output=True)
    port = free_port()
    log = (folder / "server.log").open("w")
    proc = subprocess.Popen([str(GROUNDUP), "serve", "--port", str(port), "--db", str(db), "--data",
                             str(folder / "data")], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/login").status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the server did not start; see " + str(folder / "server.log"))


def signed_in_client(base: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, timeout=30)
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', client.get("/login").text).group(1)
    response = client.post("/login", data={"email": EMAIL, "password": PASSWORD, "csrf_token": token, "next": "/"})
    if response.status_code != 303:
        raise SystemExit(f"sign-in failed: {response.status_code}")
    return client, client.get("/api/me").json()["csrf_token"]


def upload(client: httpx.Client, csrf: str, person_id: int) -> str:
    with CLIP.open("rb") as f:
        response = client.post(f"/api/people/{person_id}/assessments", headers={"x-csrf-token": csrf},
                               data={"movement": "arms-down-squat"}, files={"video": (CLIP.name, f, "video/mp4")})
    response.raise_for_status()
    return response.json()["id"]


def job_state(client: httpx.Client, job_id: str) -> dict:
    return client.get(f"/api/jobs/{job_id}").json()


def wait_done(client: httpx.Client, job_id: str, timeout_s: float = 600) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = job_state(client, job_id)
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.5)
    raise SystemExit(f"analysis {job_id} did not finish in {timeout_s} s")


def load(base: str, cookies: httpx.Cookies, pages: list[str], clients: int, think_s: float,
         keep_going: threading.Event) -> list[float]:
    """Latencies (s) of page views by ``clients`` threads while ``keep_going`` is set."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()

    def client_loop(offset: int) -> None:
        with httpx.Client(base_url=base, cookies=cookies, timeout=30) as c:
            i = offset
            while keep_going.is_set():
                path = pages[i % len(pages)]
                start = time.perf_counter()
                response = c.get(path)
                took = time.perf_counter() - start
                with lock:
                    latencies.append(took)
                    if response.status_code != 200:
                        failures.append(f"{path}: {response.status_code}")
                i += 1
                if think_s:
                    time.sleep(think_s)

    threads = [threading.Thread(target=client_loop, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise SystemExit(f"{len(failures)} page views failed, e.g. {failures[:3]}")
    return latencies


def summary(name: str, latencies: list[float], seconds: float) -> float:
    ms = sorted(1000 * x for x in latencies)
    p50 = statistics.median(ms)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    print(f"{name:28s} n={len(ms):5d}  {len(ms) / seconds:6.1f} req/s  p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  "
          f"max {ms[-1]:6.1f} ms")
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the idle measurement")
    parser.add_argument("--think", type=float, default=0.5, help="pause of each client between page views, s")
    args = parser.parse_args()
    if not CLIP.exists():
        raise SystemExit(f"the clip {CLIP} is missing")
    with tempfile.TemporaryDirectory(prefix="groundup-bench-") as tmp:
        proc, base = start_server(Path(tmp))
        try:
            client, csrf = signed_in_client(base)
            person = client.post("/api/people", json={"name": "Bench"}, headers={"x-csrf-token": csrf}).json()["id"]
            print("analysing the clip once to have a result, a plan and progress to show ...")
            first = wait_done(client, upload(client, csrf, person))
            if first["state"] != "done":
                raise SystemExit(f"the analysis failed: {first['message']}")
            pages = ["/people", f"/people/{person}", f"/assessments/{first['assessment_id']}",
                     f"/people/{person}/plan", f"/people/{person}/progress"]
            print(f"{args.clients} clients, pages {', '.join(pages)}, think time {args.think} s")

            running = threading.Event()
            running.set()
            timer = threading.Timer(args.seconds, running.clear)
            timer.start()
            start = time.monotonic()
            idle = load(base, client.cookies, pages, args.clients, args.think, running)
            idle_s = time.monotonic() - start

            job = upload(client, csrf, person)
            while job_state(client, job)["state"] == "queued":
                time.sleep(0.1)
            running.set()

            def stop_when_done() -> None:
                wait_done(client, job)
                running.clear()

            watcher = threading.Thread(target=stop_when_done)
            watcher.start()
            start = time.monotonic()
            busy = load(base, client.cookies, pages, args.clients, args.think, running)
            busy_s = time.monotonic() - start
            watcher.join()
            outcome = job_state(client, job)
            print()
            p95_idle = summary("idle", idle, idle_s)
            p95_busy = summary(f"during an analysis ({busy_s:.0f} s)", busy, busy_s)
            print(f"\np95 during the analysis / idle p95 = {p95_busy / p95_idle:.2f} (target < 2); "
                  f"p95 {'meets' if p95_busy < 200 else 'misses'} the 200 ms target; "
                  f"the analysis {outcome['state']} in the meantime")
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
