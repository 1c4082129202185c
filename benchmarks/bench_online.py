"""Online benchmark: sigcheck --online against markdown-link-check and linkinator, same tree,
same loopback server, same run.

A threaded loopback server answers `/ok/<i>` (200), `/broken/<i>` (404) and `/moved/<i>`
(301 -> `/ok/<i>`) after a set latency and counts every request; `generate_tree.py` writes a
community whose external links are drawn from U unique such URLs (many duplicated) and lists the
planted broken and moved ones in `planted.json`. Each tool checks the tree in turn (the counter
is reset between them); the table shows wall time, requests, planted broken links found and
false alarms (a URL reported broken that is not planted broken).

Every tool is told to skip any URL that is not this server (the tree also links to
gitee.com and `.example` hosts): nothing leaves the machine.

    python benchmarks/bench_online.py [--sigs 200] [--unique-urls 400] [--latency 0.05]
        [--workers 16] [--out benchmarks/out/online.md]

The npm tools are installed on first use into `benchmarks/out/npm` (git-ignored); without npm,
or with `--tools sigcheck`, only sigcheck runs. This is a script, not a test.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
NPM_DIR = HERE / "out" / "npm"
NPM_TOOLS = ("markdown-link-check", "linkinator")


class CountingServer:
    """Loopback server with a fixed latency per request, counting requests by method."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _serve(self) -> None:
                with server.lock:
                    server.counts[self.command] += 1
                time.sleep(server.latency)
                path = urlsplit(self.path).path
                status, headers, body = 404, {}, b"<html><body>not found</body></html>"
                if re.fullmatch(r"/ok/\d+", path):
                    status, body = 200, b"<html><body><h1>ok</h1></body></html>"
                elif match := re.fullmatch(r"/moved/(\d+)", path):
                    status, headers, body = 301, {"Location": f"/ok/{match.group(1)}"}, b""
                elif path.startswith("/api/v5/users/"):
                    status, headers = 200, {"Content-Type": "application/json"}
                    body = b'{"login": "x"}'
                self.send_response(status)
                for key, value in {"Content-Type": "text/html", **headers}.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)

            do_GET = do_HEAD = _serve

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 512  # 100 connections at once must not hit the SYN backlog

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    def take(self) -> Counter[str]:
        with self.lock:
            counts = Counter(self.counts)
            self.counts.clear()
        return counts

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class Outcome:
    tool: str
    seconds: float
    requests: Counter[str]
    broken: set[str]
    moved: set[str] = field(default_factory=set)
    note: str = ""


def _normal(url: str) -> str:
    return url.split("#", 1)[0].rstrip("/")


def run_sigcheck(tree: Path, label: str) -> Outcome:
    command = [sys.executable, "-m", "sigcheck", "check", "--online", "--no-cache"]
    command += ["--select", "L", "--format", "json", "--root", str(tree), "-v"]
    env = {k: v for k, v in os.environ.items() if k != "GITEE_TOKEN"}
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"sigcheck failed:\n{done.stderr}")
    report = json.loads(done.stdout)
    broken, moved = set(), set()
    for item in report["diagnostics"]:
        url = re.match(r"`([^`]+)`", item["message"])
        if url and item["code"] == "L005":
            broken.add(_normal(url.group(1)))
        elif url and item["code"] == "L007":
            moved.add(_normal(url.group(1)))
    summary = next((line for line in done.stderr.splitlines() if line.startswith("online:")), "")
    return Outcome(label, seconds, Counter(), broken, moved, summary)


def _npm_bin(name: str) -> Path:
    return NPM_DIR / "node_modules" / ".bin" / name


def ensure_npm_tools() -> bool:
    if all(_npm_bin(tool).exists() for tool in NPM_TOOLS):
        return True
    if shutil.which("npm") is None:
        print("npm not found: only sigcheck is measured", file=sys.stderr)
        return False
    NPM_DIR.mkdir(parents=True, exist_ok=True)
    print(f"installing {', '.join(NPM_TOOLS)} into {NPM_DIR} ...", file=sys.stderr)
    done = subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(NPM_DIR), *NPM_TOOLS],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        print(f"npm install failed:\n{done.stderr[-2000:]}", file=sys.stderr)
        return False
    return True


def _version(name: str) -> str:
    try:
        data = json.loads((NPM_DIR / "node_modules" / name / "package.json").read_text())
        return str(data.get("version", "?"))
    except (OSError, ValueError):
        return "?"


def run_markdown_link_check(tree: Path, base: str, work: Path) -> Outcome:
    config = work / "mlc.json"
    only_server = "^(?!" + re.escape(base + "/") + ")"
    config.write_text(
        json.dumps(
            {
                "ignorePatterns": [{"pattern": only_server}],
                "aliveStatusCodes": [200, 206],
                "timeout": "10s",
            }
        )
    )
    command = [str(_npm_bin("markdown-link-check")), "-q", "-c", str(config), str(tree / "sigs")]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    output = done.stdout + done.stderr
    broken = {
        _normal(url) for url in re.findall(r"\[✖\]\s+(\S+)", output) if url.startswith(base + "/")
    }
    return Outcome(
        f"markdown-link-check {_version('markdown-link-check')}", seconds, Counter(), broken
    )


def run_linkinator(tree: Path, base: str) -> Outcome:
    skip = "^(?!" + re.escape(base + "/") + "|http://localhost)"
    command = [str(_npm_bin("linkinator")), "**/*.md", "--markdown", "--format", "json"]
    command += ["--skip", skip, "--timeout", "10000"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=tree / "sigs", check=False)
    seconds = time.perf_counter() - started
    broken: set[str] = set()
    note = ""
    try:
        report = json.loads(done.stdout)
        for link in report.get("links", []):
            if link.get("state") == "BROKEN" and str(link.get("url", "")).startswith(base + "/"):
                broken.add(_normal(link["url"]))
    except ValueError:
        note = f"no JSON report (exit {done.returncode}): {done.stderr.strip()[-300:]}"
    return Outcome(f"linkinator {_version('linkinator')}", seconds, Counter(), broken, note=note)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sigs", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--unique-urls", type=int, default=400)
    parser.add_argument("--links-per-file", type=int, default=5)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request")
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[16], help="sigcheck worker counts to run"
    )
    parser.add_argument("--tools", default="sigcheck,markdown-link-check,linkinator")
    parser.add_argument("--out", type=Path, help="also write the Markdown table here")
    parser.add_argument("--keep", type=Path, help="generate the tree here and keep it")
    args = parser.parse_args()
    tools = {t.strip() for t in args.tools.split(",")}

    server = CountingServer(args.latency)
    work = Path(tempfile.mkdtemp(prefix="sigcheck-bench-online-"))
    tree = args.keep or work / "tree"
    try:
        if tree.exists():
            shutil.rmtree(tree)
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate_tree.py"),
                str(tree),
                "--sigs", str(args.sigs),
                "--seed", str(args.seed),
                "--external-base", server.base,
                "--unique-urls", str(args.unique_urls),
                "--links-per-file", str(args.links_per_file),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        planted = json.loads((tree / "planted.json").read_text())
        problems = planted["problems"]
        planted_broken = {_normal(p["url"]) for p in problems if p["kind"] == "broken-external"}
        planted_moved = {_normal(p["url"]) for p in problems if p["kind"] == "moved-external"}
        unique = int(planted["unique_external_urls"])
        base_config = (tree / ".sigcheck.toml").read_text()

        outcomes: list[Outcome] = []
        if "sigcheck" in tools:
            for workers in args.workers:
                only_server = r"^https?://(?!127\.0\.0\.1:" + str(server.port) + "/)"
                (tree / ".sigcheck.toml").write_text(
                    base_config
                    + "\n[online]\n"
                    + f'gitee_api = "{server.base}/api/v5"\n'
                    + f"workers = {workers}\n"
                    + f"exclude = [{json.dumps(only_server)}]\n"
                    + f'[online.hosts."127.0.0.1"]\nper_host = {workers}\n'
                )
                server.take()
                outcome = run_sigcheck(tree, f"sigcheck (W={workers})")
                outcome.requests = server.take()
                outcomes.append(outcome)
            (tree / ".sigcheck.toml").write_text(base_config)
        npm_ready = bool(tools & set(NPM_TOOLS)) and ensure_npm_tools()
        if npm_ready and "markdown-link-check" in tools:
            server.take()
            outcome = run_markdown_link_check(tree, server.base, work)
            outcome.requests = server.take()
            outcomes.append(outcome)
        if npm_ready and "linkinator" in tools:
            server.take()
            outcome = run_linkinator(tree, server.base)
            outcome.requests = server.take()
            outcomes.append(outcome)
    finally:
        server.close()
        shutil.rmtree(work, ignore_errors=True)

    ideal = {w: math.ceil(unique / w) * args.latency for w in args.workers}
    lines = [
        f"Online benchmark: {planted['sigs']} SIGs, {planted['markdown_files']} Markdown files, "
        f"{planted['external_links']} external links to U={unique} unique URLs "
        f"({len(planted_broken)} planted broken, {len(planted_moved)} moved), "
        f"latency L={args.latency * 1000:g} ms per request; "
        + ", ".join(f"ceil(U/W)·L = {v:.2f} s for W={w}" for w, v in ideal.items())
        + ".",
        "",
        "| tool | wall time | requests (HEAD/GET) | planted broken found | false alarms "
        "| moved reported |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for o in outcomes:
        found = len(o.broken & planted_broken)
        false = len(o.broken - planted_broken)
        total = sum(o.requests.values())
        split = f"{o.requests.get('HEAD', 0)}/{o.requests.get('GET', 0)}"
        moved = f"{len(o.moved & planted_moved)}/{len(planted_moved)}" if o.moved else "-"
        lines.append(
            f"| {o.tool} | {o.seconds:.2f} s | {total} ({split}) | "
            f"{found}/{len(planted_broken)} | {false} | {moved} |"
        )
    notes = [f"- {o.tool}: {o.note}" for o in outcomes if o.note]
    if notes:
        lines += ["", *notes]
    table = "\n".join(lines) + "\n"
    print(table)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
