"""Fixtures of the online tests: real HTTP servers on 127.0.0.1 (stdlib `ThreadingHTTPServer`),
scripted per path and counting every request, and small community trees in tmp_path.

Nothing here mocks requests or the network: sigcheck talks to these servers over loopback
sockets, exactly as it talks to the web. No test contacts an address outside 127.0.0.0/8.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    index: int
    """How many requests this path had before this one (any method)."""
    at: float


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b"<html><body>ok</body></html>"
    delay: float = 0.0
    drop: bool = False
    """Close the connection without answering."""


Route = Callable[[Request], Reply]


class Site:
    """A loopback web server: exact-path routes, a default, a log of every request."""

    def __init__(self, default: Route | None = None, latency: float = 0.0) -> None:
        self.routes: dict[str, Route] = {}
        self.default = default or (lambda request: Reply(404, body=b"not found"))
        self.latency = latency
        self.log: list[Request] = []
        self.active = 0
        self.max_active = 0
        self.lock = threading.Lock()
        self.stop = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                with site.lock:
                    index = sum(1 for r in site.log if r.path == parts.path)
                    request = Request(
                        self.command,
                        parts.path,
                        parts.query,
                        {k.lower(): v for k, v in self.headers.items()},
                        index,
                        time.monotonic(),
                    )
                    site.log.append(request)
                    site.active += 1
                    site.max_active = max(site.max_active, site.active)
                finished = False

                def finish() -> None:
                    # Before the answer is written: once the client reads it, it may send the
                    # next request, which must not find this one still counted as active.
                    nonlocal finished
                    if not finished:
                        finished = True
                        with site.lock:
                            site.active -= 1

                try:
                    length = int(self.headers.get("Content-Length") or 0)
                    if length:
                        self.rfile.read(length)
                    route = site.routes.get(parts.path, site.default)
                    reply = route(request)
                    wait = site.latency + reply.delay
                    if wait:
                        site.stop.wait(wait)
                    finish()
                    if reply.drop:
                        self.close_connection = True
                        return
                    self.send_response(reply.status)
                    headers = {"Content-Type": "text/html; charset=utf-8", **reply.headers}
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True
                finally:
                    finish()

            do_GET = do_HEAD = do_POST = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> Site:
        self.thread.start()
        return self

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, route: Route) -> str:
        self.routes[path] = route
        return self.url(path)

    def count(self, path: str | None = None, method: str | None = None) -> int:
        with self.lock:
            return sum(
                1
                for r in self.log
                if (path is None or r.path == path) and (method is None or r.method == method)
            )

    def methods(self, path: str) -> list[str]:
        with self.lock:
            return [r.method for r in self.log if r.path == path]

    def reset(self) -> None:
        with self.lock:
            self.log.clear()
            self.max_active = 0


# --- canned routes ------------------------------------------------------------------------------


def status(code: int, headers: dict[str, str] | None = None) -> Route:
    return lambda request: Reply(code, dict(headers or {}))


def redirect(code: int, location: str) -> Route:
    return lambda request: Reply(code, {"Location": location}, b"")


def sequence(*replies: Reply) -> Route:
    """The n-th request gets the n-th reply; the last one repeats."""
    return lambda request: replies[min(request.index, len(replies) - 1)]


def head_refused(code: int = 405) -> Route:
    return lambda request: Reply(code) if request.method == "HEAD" else Reply(200)


def json_reply(code: int, data: object) -> Reply:
    return Reply(code, {"Content-Type": "application/json"}, json.dumps(data).encode())


class FakeGitee(Site):
    """`/api/v5/users/<name>` and `/api/v5/orgs/<name>`: 200 for the names given, a JSON 404
    for every other name, and any scripted route on top."""

    API = "/api/v5"

    def __init__(self, users: set[str], orgs: set[str] | None = None) -> None:
        self.users = users
        self.orgs = orgs or set()
        super().__init__(default=self._answer)

    def _answer(self, request: Request) -> Reply:
        for kind, names in (("users", self.users), ("orgs", self.orgs)):
            prefix = f"{self.API}/{kind}/"
            if request.path.startswith(prefix):
                name = request.path[len(prefix) :]
                if name in names:
                    return json_reply(200, {"login": name, "type": kind})
                return json_reply(404, {"message": "Not Found"})
        return Reply(404, body=b"<html>no such page</html>")

    @property
    def api(self) -> str:
        return self.url(self.API)

    def user_requests(self, name: str) -> int:
        return self.count(f"{self.API}/users/{name}")


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site().start()
    yield server
    server.close()


@pytest.fixture
def make_site() -> Iterator[Callable[..., Site]]:
    servers: list[Site] = []

    def make(**kwargs: object) -> Site:
        server = Site(**kwargs).start()  # type: ignore[arg-type]
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


@pytest.fixture
def gitee() -> Iterator[FakeGitee]:
    server = FakeGitee({"alice", "bob", "zx_qh"}, orgs={"mindspore"})
    server.start()
    yield server
    server.close()


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# --- trees ----------------------------------------------------------------------------------------

TABLE_HEADER = "| SIG name | 技术领域 | SIG 负责人 |\n|:---|:---|:---|\n"


def write_tree(
    root: Path,
    *,
    api: str,
    readme_links: list[str] = (),  # type: ignore[assignment]
    pages: dict[str, list[str]] | None = None,
    leads: str = "[@alice](https://gitee.com/alice)",
    maintainers: list[str] = ("alice",),  # type: ignore[assignment]
    online: str = "",
) -> Path:
    """A one-SIG community whose `sigs/compiler/README.md` holds `readme_links` (one per line)
    and whose other pages hold theirs; `[online]` points at the fake Gitee API, with fast
    timeouts and backoff so that the suite stays quick."""
    files: dict[str, str] = {
        ".sigcheck.toml": (
            "[online]\n"
            f'gitee_api = "{api}"\n'
            "timeout = 0.5\nbackoff = 0.05\nretries = 2\ndeadline = 30\n"
            + online
            # the forge's pace scaled up (Gitee's is 2 a second without a token): a fast suite
            + "[online.forges.gitee]\nrate = 200\nrate_with_token = 200\n"
        ),
        "sigs/README.md": (
            "# SIGs\n\n" + TABLE_HEADER + f"| [Compiler](compiler/README.md) | 图编译 | {leads} |\n"
        ),
        "sigs/compiler/README.md": "# Compiler\n\n"
        + "".join(f"- [link {i}]({href})\n" for i, href in enumerate(readme_links)),
        "sigs/compiler/sig-info.yaml": "name: Compiler\nmaintainers:\n"
        + "".join(
            f"  - gitee_id: {handle}\n    name: N{i}\n" for i, handle in enumerate(maintainers)
        ),
    }
    for path, hrefs in (pages or {}).items():
        files[path] = "# Page\n\n" + "".join(f"- [x]({href})\n" for href in hrefs)
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return root


ONLINE_CODES = "L005,L006,L007,P003,P007"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    diagnostics: list[dict[str, object]]

    def codes(self) -> list[str]:
        return [str(d["code"]) for d in self.diagnostics]

    def at(self, path: str, line: int) -> list[str]:
        return [str(d["code"]) for d in self.diagnostics if d["path"] == path and d["line"] == line]

    def of(self, code: str) -> list[dict[str, object]]:
        return [d for d in self.diagnostics if d["code"] == code]

    def messages(self, code: str | None = None) -> list[str]:
        return [str(d["message"]) for d in self.diagnostics if code is None or d["code"] == code]


def run_online(
    root: Path,
    *args: str,
    env: dict[str, str] | None = None,
    select: str = ONLINE_CODES,
    timeout: float = 60,
) -> Run:
    """`python -m sigcheck check --online --format json` in a subprocess, as CI runs it."""
    environment = {k: v for k, v in os.environ.items() if k not in ("GITEE_TOKEN", "CI")}
    environment.update(env or {})
    command = [sys.executable, "-m", "sigcheck", "check", "--online", "--format", "json"]
    command += ["--root", str(root), *args]
    if select:
        command += ["--select", select]
    done = subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=timeout, check=False
    )
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    return Run(done.returncode, done.stdout, done.stderr, report["diagnostics"])


class Kit:
    """The helpers above, for test modules (importlib mode cannot import a conftest)."""

    Reply = Reply
    Request = Request
    Site = Site
    FakeGitee = FakeGitee
    status = staticmethod(status)
    redirect = staticmethod(redirect)
    sequence = staticmethod(sequence)
    head_refused = staticmethod(head_refused)
    json_reply = staticmethod(json_reply)
    closed_port = staticmethod(closed_port)
    write_tree = staticmethod(write_tree)
    run_online = staticmethod(run_online)


@pytest.fixture
def kit() -> type[Kit]:
    return Kit
