"""Hostile answers from the web, served by a real HTTP server on 127.0.0.1.

Redirects to `file:`/`javascript:` or malformed addresses are broken links (L005), never alive
nor an exception name; redirects to private and link-local addresses are not followed (L006);
a redirect loop that sets cookies ends; loopback itself is refused unless the test-only switch
allows it; a user pattern that backtracks for ever is cut off by the run's timer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

Route = tuple[int, dict[str, str]]


class Server:
    """Answers each path with a scripted status and headers; counts requests."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _serve(self) -> None:
                path = self.path.split("?", 1)[0]
                server.requests.append(path)
                status, headers = server.routes.get(path, (404, {}))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_HEAD = _serve

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.http.daemon_threads = True
        self.thread = threading.Thread(
            target=self.http.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.http.server_address[1]}{path}"

    def redirect(self, path: str, location: str, cookie: bool = False) -> str:
        headers = {"Location": location}
        if cookie:
            headers["Set-Cookie"] = f"visit={len(self.requests)}"
        self.routes[path] = (302, headers)
        return self.url(path)

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    yield running
    running.close()


def tree(root: Path, links: list[str], online: str = "") -> Path:
    files = {
        ".sigcheck.toml": "[online]\ntimeout = 1\nbackoff = 0.05\nretries = 0\ndeadline = 30\n"
        + online,
        "sigs/README.md": "# SIGs\n\n| SIG name | 技术领域 | SIG 负责人 |\n|:---|:---|:---|\n"
        "| [Data](data/README.md) | 数据 | Someone |\n",
        "sigs/data/README.md": "# Data\n\n"
        + "".join(f"- [l{i}]({u})\n" for i, u in enumerate(links)),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def run_online(
    root: Path, env: dict[str, str] | None = None
) -> tuple[list[dict[str, object]], str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("GITEE_TOKEN", "CI")}
    environment.update(env or {})
    done = subprocess.run(
        [sys.executable, "-m", "sigcheck", "check", "--online", "--format", "json",
         "--select", "L005,L006,L007", "--no-cache", "--root", str(root)],
        capture_output=True, text=True, env=environment, timeout=90, check=False,
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["diagnostics"], done.stderr


def by_line(diagnostics: list[dict[str, object]]) -> dict[int, tuple[str, str]]:
    return {int(str(d["line"])): (str(d["code"]), str(d["message"])) for d in diagnostics}


def test_redirects_browsers_refuse_are_broken(server: Server, tmp_path: Path) -> None:
    links = [
        server.redirect("/to-file", "file:///etc/passwd"),
        server.redirect("/to-js", "javascript:alert(1)"),
        server.redirect("/to-bad-port", "http://example.com:99999/"),
        server.redirect("/to-bad-ipv6", "http://[::1/x"),
    ]
    found = by_line(run_online(tree(tmp_path, links))[0])
    assert found[3] == ("L005", found[3][1]) and "`file:`" in found[3][1]
    assert found[4][0] == "L005" and "`javascript:`" in found[4][1]
    for line in (5, 6):
        assert found[line][0] == "L005" and "malformed" in found[line][1], found[line]
    assert not any("Error" in message for _, message in found.values())


def test_redirects_to_private_addresses_are_not_followed(server: Server, tmp_path: Path) -> None:
    links = [
        server.redirect("/metadata", "http://169.254.169.254/latest/meta-data/"),
        server.redirect("/intranet", "http://10.1.2.3/admin"),
        server.redirect("/mapped", "http://[::ffff:192.168.0.1]/"),
    ]
    found = by_line(run_online(tree(tmp_path, links))[0])
    assert found[3][0] == "L006" and "link-local" in found[3][1], found
    assert found[4][0] == "L006" and "private" in found[4][1], found
    assert found[5][0] == "L006" and "not followed" in found[5][1], found


def test_a_redirect_loop_that_sets_cookies_ends(server: Server, tmp_path: Path) -> None:
    first = server.redirect("/a", server.url("/b"), cookie=True)
    server.redirect("/b", server.url("/a"), cookie=True)
    found = by_line(run_online(tree(tmp_path, [first]))[0])  # bounded: the subprocess timeout
    assert found[3][0] == "L005" and "redirects" in found[3][1], found
    assert len(server.requests) <= 2 * 12  # MAX_HOPS hops, HEAD and maybe GET each


def test_loopback_needs_the_test_switch(server: Server, tmp_path: Path) -> None:
    server.routes["/ok"] = (200, {})
    root = tree(tmp_path, [server.url("/ok")])
    assert run_online(root)[0] == []  # allowed in tests: SIGCHECK_TEST_ALLOW_LOOPBACK=1
    assert server.requests
    server.requests.clear()
    found = by_line(run_online(root, {"SIGCHECK_TEST_ALLOW_LOOPBACK": "0"})[0])
    assert found[3][0] == "L006" and "loopback" in found[3][1], found
    assert server.requests == []  # production default: not even asked


def test_a_backtracking_exclude_pattern_is_cut_off(server: Server, tmp_path: Path) -> None:
    server.routes["/ok"] = server.routes["/" + "a" * 40 + "!"] = (200, {})
    hostile = server.url("/" + "a" * 40 + "!")
    root = tree(tmp_path, [server.url("/ok"), hostile], online='exclude = ["(a|aa)*b"]\n')
    found, stderr = run_online(root)
    assert "ignored for the rest of the run" in stderr
    assert found == []  # the pattern is dropped, so the link is checked: alive
