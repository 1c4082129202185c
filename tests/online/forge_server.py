"""A loopback forge for the online tests and `benchmarks/bench_forge_scale.py`: a Gitee-style v5
API (`/users/{id}`, `/orgs/{org}`, `/orgs/{org}/repos?page=&per_page=`, `/repos/{owner}/{name}`)
with an hourly budget per client kind (with or without a token), a per-second limit,
`x-ratelimit-*` headers, 403 "Rate Limit Exceeded" once the budget is spent, and faults injected
per request (a status, a body, headers, bytes sent slowly, silence, a redirect).

A real server on 127.0.0.1 (stdlib `ThreadingHTTPServer`): sigcheck talks to it over loopback
sockets exactly as to a forge. Every wait is bounded by `close()`; nothing here names an address
outside 127.0.0.0/8.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Fault:
    """What to send instead of the forge's own answer."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    bytes_per_second: float | None = None
    """Send the body this slowly (headers at once)."""
    silent: bool = False
    """Accept the request and never answer (until the server closes)."""


FaultRule = Callable[[str, int], "Fault | None"]
"""(path, how many requests this path had before) -> a fault, or None for the real answer."""


@dataclass
class Budget:
    limit: int
    used: int = 0
    reset: float = field(default_factory=lambda: time.time() + 3600)


class LoopbackForge:
    """Knows `users`, `orgs` (org -> repository names) and answers like a forge's v5 API."""

    def __init__(
        self,
        users: set[str],
        orgs: dict[str, list[str]] | None = None,
        *,
        token: str | None = None,
        budget: int | None = None,
        token_budget: int | None = None,
        per_second: float | None = None,
        prefix: str = "/api/v5",
        fault: FaultRule | None = None,
        headers: bool = True,
    ) -> None:
        self.users = {name.casefold(): name for name in users}
        self.orgs = {org.casefold(): (org, list(repos)) for org, repos in (orgs or {}).items()}
        self.repos = {
            f"{org}/{name}".casefold(): f"{org}/{name}"
            for org, names in (orgs or {}).items()
            for name in names
        }
        self.token = token
        self.budgets = {
            False: Budget(budget) if budget is not None else None,
            True: Budget(token_budget) if token_budget is not None else None,
        }
        self.per_second = per_second
        self.prefix = prefix
        self.fault = fault
        self.send_headers = headers
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.log: list[tuple[str, str, dict[str, str]]] = []
        """(path, query, headers lower-cased) of every request."""
        self.refused = 0
        """403 "limit" and 429 answers: requests the forge refused."""
        self.counts: Counter[str] = Counter()
        self._second: list[float] = []
        forge = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                try:
                    forge.serve(self)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    # --- addresses ------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}"

    def close(self) -> None:
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()

    def requests(self, path: str | None = None) -> int:
        with self.lock:
            return len(self.log) if path is None else self.counts[path]

    def reset_log(self) -> None:
        with self.lock:
            self.log.clear()
            self.counts.clear()
            self.refused = 0

    # --- answering ------------------------------------------------------------------------------

    def serve(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        query = parse_qs(parts.query)
        headers = {k.lower(): v for k, v in handler.headers.items()}
        token: str | None = (query.get("access_token") or [""])[0] or None
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            token = auth[7:]
        with self.lock:
            index = self.counts[parts.path]
            self.counts[parts.path] += 1
            self.log.append((parts.path, parts.query, headers))
        fault = self.fault(parts.path, index) if self.fault else None
        if fault is not None:
            return self._fault(handler, fault)
        with_token = token is not None and token == self.token
        budget = self.budgets[with_token]
        extra: dict[str, str] = {}
        with self.lock:
            if budget is not None:
                if budget.used >= budget.limit:
                    self.refused += 1
                    limited = self._limits(budget)
                    return self._json(handler, 403, {"message": "Rate Limit Exceeded"}, limited)
                budget.used += 1
                extra = self._limits(budget)
            if self.per_second is not None:
                now = time.monotonic()
                self._second = [t for t in self._second if t > now - 1.0]
                if len(self._second) >= self.per_second:
                    self.refused += 1
                    return self._json(handler, 429, {"message": "Too Many Requests"}, extra)
                self._second.append(now)
        status, data, more = self.answer(parts.path, query)
        self._json(handler, status, data, {**extra, **more})

    def _limits(self, budget: Budget) -> dict[str, str]:
        if not self.send_headers:
            return {}
        return {
            "X-RateLimit-Limit": str(budget.limit),
            "X-RateLimit-Remaining": str(max(0, budget.limit - budget.used)),
            "X-RateLimit-Reset": str(int(budget.reset)),
        }

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, object, dict[str, str]]:
        missing = {"message": "Not Found"}
        if not path.startswith(self.prefix + "/"):
            return 404, missing, {}
        parts = path[len(self.prefix) + 1 :].split("/")
        if parts[0] == "users" and len(parts) == 2:
            name = self.users.get(parts[1].casefold())
            if name is None:
                return 404, missing, {}
            return 200, {"login": name, "type": "User", "id": hash(name) & 0xFFFF}, {}
        if parts[0] == "orgs" and len(parts) == 2:
            org = self.orgs.get(parts[1].casefold())
            if org is None:
                return 404, missing, {}
            return 200, {"login": org[0], "public_repos": len(org[1])}, {}
        if parts[0] == "orgs" and len(parts) == 3 and parts[2] == "repos":
            org = self.orgs.get(parts[1].casefold())
            if org is None:
                return 404, missing, {}
            per_page = min(100, int((query.get("per_page") or ["20"])[0]))
            page = max(1, int((query.get("page") or ["1"])[0]))
            names = org[1][(page - 1) * per_page : page * per_page]
            items = [{"full_name": f"{org[0]}/{name}", "path": name} for name in names]
            total = len(org[1])
            pages = max(1, -(-total // per_page))
            return 200, items, {"total_count": str(total), "total_page": str(pages)}
        if parts[0] == "repos" and len(parts) == 3:
            full = self.repos.get(f"{parts[1]}/{parts[2]}".casefold())
            if full is None:
                return 404, {"message": "Not Found Project"}, {}
            return 200, {"full_name": full, "path": full.split("/", 1)[1]}, {}
        return 404, missing, {}

    def _json(
        self,
        handler: BaseHTTPRequestHandler,
        status: int,
        data: object,
        headers: dict[str, str] | None = None,
    ) -> None:
        body = json.dumps(data).encode()
        head = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        self._send(handler, status, body, head)

    def _send(
        self, handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]
    ) -> None:
        handler.send_response(status)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def _fault(self, handler: BaseHTTPRequestHandler, fault: Fault) -> None:
        if fault.silent:
            self.stop.wait(30)  # bounded: the client's timeout ends it first
            handler.close_connection = True
            return
        headers = {"Content-Type": "text/html; charset=utf-8", **fault.headers}
        if fault.bytes_per_second is None:
            return self._send(handler, fault.status, fault.body, headers)
        handler.send_response(fault.status)
        for key, value in headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(fault.body)))
        handler.end_headers()
        for byte in fault.body:
            if self.stop.wait(1.0 / fault.bytes_per_second):
                break
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
