"""What adaptive per-host pacing (`sigcheck.online.pacing`) would save online, before it is
wired into the HTTP client: the same crawl under today's policy and under the pacer.

Why: the online row of issue 11 loses most of its time to the per-host policy (4 at once; one
429 pauses every request to the host for its Retry-After). This crawls every path of the shared
bench's fake web (one host, like a site that holds most of a tree's links), with `--workers`
threads, GET, one request per path plus retries (429: after its Retry-After; 5xx: twice, after
1 s and 2 s, as `online.retries`/`online.backoff` default):

- `fixed`: today's `http.py`: a semaphore of `--per-host` per host, and a 429 sets the host's
  "not before" to now + Retry-After for every request;
- `paced`: `Pacer(PacingConfig(initial=--per-host, maximum=--max))`: only the refused request
  waits its Retry-After, unless the host keeps refusing.

Both against the plain fake web and against `--strict-429` (every request for a rate-limited
path refused until 1 s after the first), and against a per-client limiter (`--client-limit`
requests a second for the whole host, 429 + Retry-After beyond), where the figure that matters
is how many requests the server had to refuse.

Usage::

    .venv/bin/python benchmarks/bench_pacing.py [--bench benchmarks/out/bench] [--workers 16]
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from sigcheck.online.pacing import Outcome, Pacer, PacingConfig, outcome_of

HERE = Path(__file__).resolve().parent
PORT = 18512


@dataclass
class Result:
    seconds: float
    requests: int
    refused: int
    failed: int


class Fixed:
    """Today's policy: a fixed number at once per host, and a host-wide pause after a 429."""

    def __init__(self, per_host: int) -> None:
        self.slots = threading.BoundedSemaphore(per_host)
        self.lock = threading.Lock()
        self.not_before = 0.0

    def before(self) -> None:
        with self.lock:
            wait = self.not_before - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.slots.acquire()

    def after(self, status: int | None, retry_after: float | None) -> None:
        self.slots.release()
        if status == 429:
            with self.lock:
                self.not_before = max(self.not_before, time.monotonic() + (retry_after or 1.0))


class Paced:
    def __init__(self, per_host: int, maximum: int) -> None:
        self.pacer = Pacer(PacingConfig(initial=per_host, maximum=maximum))
        self.ticket: threading.local = threading.local()

    def before(self) -> None:
        self.ticket.value = self.pacer.acquire("fake-web", until=time.monotonic() + 600)

    def after(self, status: int | None, retry_after: float | None) -> None:
        if self.ticket.value is not None:
            outcome = outcome_of(status, network_trouble=status is None)
            self.pacer.release(self.ticket.value, outcome, retry_after)


Policy = Fixed | Paced


def get(port: int, path: str) -> tuple[int | None, float | None]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        header = response.getheader("Retry-After")
        return response.status, float(header) if header else None
    except OSError:
        return None, None
    finally:
        conn.close()


def crawl(policy: Policy, port: int, paths: list[str], workers: int) -> Result:
    todo = list(reversed(paths))
    lock = threading.Lock()
    counts = {"requests": 0, "refused": 0, "failed": 0}

    def worker() -> None:
        while True:
            with lock:
                if not todo:
                    return
                path = todo.pop()
            errors = 0
            for _ in range(20):  # bounded
                policy.before()
                status, retry_after = get(port, path)
                policy.after(status, retry_after)
                with lock:
                    counts["requests"] += 1
                    counts["refused"] += status == 429
                if status == 429:
                    time.sleep(retry_after or 1.0)
                elif outcome_of(status, network_trouble=status is None) is Outcome.OVERLOADED:
                    errors += 1
                    if errors > 2:
                        break
                    time.sleep(float(2 ** (errors - 1)))
                else:
                    break
            else:
                with lock:
                    counts["failed"] += 1

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=900)
    return Result(
        time.perf_counter() - start, counts["requests"], counts["refused"], counts["failed"]
    )


def per_client_server(limit: int) -> tuple[ThreadingHTTPServer, int]:
    """Every path 200, but at most `limit` requests a second from one client address."""
    seen: list[float] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            with lock:
                now = time.monotonic()
                recent = [t for t in seen if t > now - 1.0]
                seen[:] = [*recent, now]
                refused = len(recent) >= limit
            self.send_response(429 if refused else 200)
            if refused:
                self.send_header("Retry-After", str(max(1, math.ceil(recent[0] + 1.0 - now))))
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return server, server.server_address[1]


def fake_web(bench: Path, corpus: Path, strict: bool) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "fake_web.py", str(PORT), "--map", str(corpus / "fake_web.json")]
    cmd += ["--max-seconds", "1800"] + (["--strict-429"] if strict else [])
    web = subprocess.Popen(cmd, cwd=bench, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.monotonic() + 15
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/__stats", timeout=1):
                return web
        except OSError:
            time.sleep(0.1)
    web.terminate()
    raise SystemExit("the fake web did not start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=HERE / "out" / "bench")
    parser.add_argument("--corpus", default="speed500-18511", help="folder under corpora/")
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--per-host", type=int, default=4)
    parser.add_argument("--max", type=int, default=16)
    parser.add_argument("--client-limit", type=int, default=50)
    args = parser.parse_args(argv)
    corpus = args.bench / "corpora" / args.corpus
    paths = sorted(json.loads((corpus / "fake_web.json").read_text(encoding="utf-8"))["paths"])
    policies: dict[str, Callable[[], Policy]] = {
        "fixed": lambda: Fixed(args.per_host),
        "paced": lambda: Paced(args.per_host, args.max),
    }
    rows = []
    for strict in (False, True):
        web = fake_web(args.bench, corpus, strict)
        try:
            for name, make in policies.items():
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/__reset", timeout=5).close()
                result = crawl(make(), PORT, paths, args.workers)
                where = "fake web --strict-429" if strict else "fake web"
                rows.append((where, name, result))
                print(f"{where} {name}: {result}", file=sys.stderr)
        finally:
            web.terminate()
            web.wait(timeout=30)
    for name, make in policies.items():
        server, port = per_client_server(args.client_limit)
        try:
            result = crawl(make(), port, paths[:300], args.workers)
        finally:
            server.shutdown()
            server.server_close()
        rows.append((f"per-client limit {args.client_limit}/s, 300 paths", name, result))
        print(f"client-limit {name}: {result}", file=sys.stderr)
    print(
        f"{len(paths)} paths, {args.workers} workers, per-host start {args.per_host}, "
        f"paced maximum {args.max}\n"
    )
    print("| server | policy | wall | requests | refused (429) | gave up |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for where, name, r in rows:
        print(f"| {where} | {name} | {r.seconds:.1f} s | {r.requests} | {r.refused} | {r.failed} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
