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
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.online.forge_server import Fault, FaultRule, LoopbackForge

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


# --- a forge that misbehaves (issue 21's table): a definite answer or none ------------------------

REAL = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]
PLANTED = ["ghost-one", "ghost-two"]


def forge_tree(root: Path, api: str | None = None, online: str = "") -> Path:
    """A one-SIG MindSpore community: 8 real maintainers and 2 who do not exist, its own
    address on Gitee (the canary: the organisation `community-org`)."""
    people = "".join(f"  - gitee_id: {name}\n    name: N {name}\n" for name in REAL + PLANTED)
    config = (
        'repo_url = "https://gitee.com/community-org/community"\n'
        "[online]\ntimeout = 0.5\nbackoff = 0.01\nretries = 1\ndeadline = 30\nworkers = 4\n"
        + online
        # the pace scaled up (2 a second without a token is the real one): a fast suite
        + "[online.forges.gitee]\nrate = 200\nrate_with_token = 200\n"
        + (f'api = "{api}"\n' if api else "")
    )
    files = {
        ".sigcheck.toml": config,
        "sigs/README.md": "# SIGs\n\n| SIG name | 技术领域 | SIG 负责人 |\n|:---|:---|:---|\n"
        "| [Data](data/README.md) | 数据 | [@alice](https://gitee.com/alice) |\n",
        "sigs/data/README.md": "# Data\n",
        "sigs/data/sig-info.yaml": f"name: Data\nmaintainers:\n{people}",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@dataclass
class Verdict:
    exit_code: int
    diagnostics: list[dict[str, object]]
    stderr: str

    def on(self, name: str) -> list[str]:
        """Codes at the maintainer `name` (line of its gitee_id)."""
        line = 3 + 2 * (REAL + PLANTED).index(name)
        return [
            str(d["code"])
            for d in self.diagnostics
            if d["path"] == "sigs/data/sig-info.yaml" and d["line"] == line
        ]

    def codes(self) -> list[str]:
        return [str(d["code"]) for d in self.diagnostics]

    @property
    def false_missing(self) -> int:
        return sum("P003" in self.on(name) for name in REAL)

    @property
    def planted_found(self) -> int:
        return sum("P003" in self.on(name) for name in PLANTED)


def check_forge(
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *args: str,
    env: dict[str, str] | None = None,
) -> Verdict:
    """`sigcheck check --online` in process (JSON), the environment as given."""
    from sigcheck.cli import main

    for key in ("GITEE_TOKEN", "SIGCHECK_GITEE_API", "CI"):
        monkeypatch.delenv(key, raising=False)
    for key, value in (env or {}).items():
        monkeypatch.setenv(key, value)
    report = root / "report.json"
    code = main(["check", "--online", "--root", str(root), "--format", "json", "--output",
                 str(report), "--select", "P003,P007,M008", *args])  # fmt: skip
    stderr = capsys.readouterr().err
    assert "Traceback" not in stderr
    return Verdict(code, json.loads(report.read_text(encoding="utf-8"))["diagnostics"], stderr)


@pytest.fixture
def healthy() -> Iterator[LoopbackForge]:
    forge = LoopbackForge(set(REAL), {"community-org": ["community"]})
    yield forge
    forge.close()


def _faulty(rule: FaultRule) -> LoopbackForge:
    return LoopbackForge(set(REAL), {"community-org": ["community"]}, fault=rule)


def test_a_healthy_forge_finds_the_planted_and_nothing_else(
    healthy: LoopbackForge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    verdict = check_forge(forge_tree(tmp_path, healthy.api), monkeypatch, capsys, "--no-cache")
    assert (verdict.exit_code, verdict.false_missing, verdict.planted_found) == (1, 0, 2)
    assert verdict.codes() == ["P003", "P003"]
    assert healthy.requests("/api/v5/users/ghost-one") == 2  # a JSON 404 is asked twice


def test_a_mistyped_api_that_404s_everything_says_nothing_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    everything_missing = _faulty(
        lambda path, index: Fault(
            404, b'{"message": "Not Found"}', {"Content-Type": "application/json"}
        )
    )
    try:
        root = forge_tree(tmp_path, everything_missing.api)
        verdict = check_forge(root, monkeypatch, capsys)
        assert (verdict.false_missing, verdict.planted_found, verdict.exit_code) == (0, 0, 0)
        # one P007 per file (the table and the metadata), naming the API and what it said
        assert verdict.codes() == ["P007", "P007"]
        first = verdict.stderr.splitlines()[0]
        assert everything_missing.api in first and "404" in first and "community-org" in first
        # the run after, forge healthy, cache on: nothing unverified was cached
        everything_missing.fault = None
        again = check_forge(root, monkeypatch, capsys)
        assert (again.false_missing, again.planted_found) == (0, 2)
    finally:
        everything_missing.close()


def test_a_flaky_replica_that_404s_first_is_asked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    first_404 = _faulty(
        lambda path, index: (
            Fault(404, b'{"message": "Not Found"}', {"Content-Type": "application/json"})
            if index == 0
            else None
        )
    )
    try:
        verdict = check_forge(
            forge_tree(tmp_path, first_404.api), monkeypatch, capsys, "--no-cache"
        )
    finally:
        first_404.close()
    assert (verdict.false_missing, verdict.planted_found) == (0, 2)


@pytest.mark.parametrize(
    "body, content_type",
    [
        (b"<html><body><form>Sign in to Gitee: login</form></body></html>", "text/html"),
        (b"", "application/json"),
        (b"[]", "application/json"),
        (b'{"id": 7, "name": "someone"}', "application/json"),
        (b'{"login": "mallory"}', "application/json"),
    ],
    ids=["sign-in page", "empty body", "[]", "no login", "another login"],
)
def test_a_200_that_does_not_name_what_was_asked_is_not_exists(
    body: bytes, content_type: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    walled = _faulty(lambda path, index: Fault(200, body, {"Content-Type": content_type}))
    try:
        root = forge_tree(tmp_path, walled.api)
        verdict = check_forge(root, monkeypatch, capsys)
    finally:
        walled.close()
    assert verdict.false_missing == 0
    for name in PLANTED:  # the planted do not pass: unverified, never "exists"
        assert verdict.on(name) == ["P007"], verdict.diagnostics
    assert verdict.exit_code == 0
    cache = tmp_path / ".sigcheck-cache" / "online-v2.json"
    assert not cache.exists() or "ghost-one" not in cache.read_text(encoding="utf-8")


def test_a_body_sent_a_byte_a_second_is_cut_at_the_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    slow = b'{"login": "bob"}' + b" " * 200
    trickle = _faulty(
        lambda path, index: (
            Fault(200, slow, {"Content-Type": "application/json"}, 1.0)
            if path.endswith("/users/bob")
            else None
        )
    )
    try:
        verdict = check_forge(forge_tree(tmp_path, trickle.api), monkeypatch, capsys, "--no-cache")
    finally:
        trickle.close()
    assert verdict.on("bob") == ["P007"]  # a timeout: not "exists", not "missing"
    assert (verdict.false_missing, verdict.planted_found) == (0, 2)
    assert trickle.requests("/api/v5/users/bob") == 2  # the timeout and one retry


def test_a_forge_that_never_answers_is_given_up_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    from sigcheck.online.forge import GIVE_UP

    silent = _faulty(lambda path, index: Fault(silent=True))
    try:
        root = forge_tree(tmp_path, silent.api, online="")
        verdict = check_forge(root, monkeypatch, capsys, "--no-cache")
        asked = silent.requests()
    finally:
        silent.close()
    assert verdict.false_missing == verdict.planted_found == 0
    assert verdict.codes() == ["P007", "P007"]  # one per file
    # after the plain "network looks down" line (nothing answered), the forge and its address
    assert "stopped answering" in "".join(verdict.stderr.splitlines()[:2])
    assert silent.api in verdict.stderr
    assert asked <= GIVE_UP + 4  # a few timeouts (4 workers at once), not one per name


def test_429_everywhere_is_rate_limited_not_a_network_down(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    throttled = _faulty(
        lambda path, index: Fault(
            429, b'{"message": "Too Many Requests"}', {"Content-Type": "application/json"}
        )
    )
    try:
        verdict = check_forge(
            forge_tree(tmp_path, throttled.api), monkeypatch, capsys, "--no-cache"
        )
    finally:
        throttled.close()
    assert verdict.false_missing == verdict.planted_found == 0
    assert "rate-limiting" in verdict.stderr.splitlines()[0]
    assert "network looks down" not in verdict.stderr


def test_a_redirecting_api_is_not_followed(
    healthy: LoopbackForge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    away = _faulty(lambda path, index: Fault(302, b"", {"Location": healthy.api + path[7:]}))
    try:
        verdict = check_forge(forge_tree(tmp_path, away.api), monkeypatch, capsys, "--no-cache")
    finally:
        away.close()
    assert verdict.false_missing == verdict.planted_found == 0
    assert healthy.requests() == 0
    assert any("redirect" in str(d["message"]) for d in verdict.diagnostics)


TOKEN = "tok-CI-SECRET-91ab"


def test_a_token_goes_only_where_the_repository_cannot_send_it(
    healthy: LoopbackForge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    # A pull request's .sigcheck.toml points Gitee's API at its own (recording) server.
    root = forge_tree(tmp_path, healthy.api)
    verdict = check_forge(root, monkeypatch, capsys, "--no-cache", env={"GITEE_TOKEN": TOKEN})
    sent = [(query, headers) for _, query, headers in healthy.log]
    assert sent and not any(TOKEN in query or TOKEN in str(headers) for query, headers in sent)
    assert "asked without GITEE_TOKEN" in verdict.stderr
    assert TOKEN not in verdict.stderr + json.dumps(verdict.diagnostics)
    # The same address given outside the repository: the environment, the command line.
    for how in ("env", "flag"):
        healthy.reset_log()
        env = {"GITEE_TOKEN": TOKEN}
        args = ["--no-cache"]
        if how == "env":
            env["SIGCHECK_GITEE_API"] = healthy.api
        else:
            args += ["--forge-api", f"gitee={healthy.api}"]
        verdict = check_forge(root, monkeypatch, capsys, *args, env=env)
        assert healthy.log and all(f"access_token={TOKEN}" in q for _, q, _ in healthy.log)
        assert TOKEN not in verdict.stderr


def test_the_api_address_obeys_the_private_address_rule(
    healthy: LoopbackForge, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    root = forge_tree(tmp_path, healthy.api)
    env = {"SIGCHECK_TEST_ALLOW_LOOPBACK": "0"}  # production: loopback is off limits
    verdict = check_forge(root, monkeypatch, capsys, "--no-cache", env=env)
    assert healthy.requests() == 0
    assert verdict.codes() == ["P007", "P007"]  # one per file
    assert all("a loopback address" in str(d["message"]) for d in verdict.diagnostics)
