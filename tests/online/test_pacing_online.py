"""Adaptive per-host pacing end to end: the real CLI against loopback servers that limit one
path, limit the whole client, or answer everything quickly."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any


def test_one_429_holds_only_its_own_request(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site(latency=0.05)
    R = kit.Reply
    limited = web.route("/limited", kit.sequence(R(429, {"Retry-After": "2"}), R(200)))
    others = [web.route(f"/page{i}", kit.status(200)) for i in range(40)]
    kit.write_tree(tmp_path, api=gitee.api, readme_links=[limited, *others])

    run = kit.run_online(tmp_path)

    assert run.codes() == []
    tries = [r for r in web.log if r.path == "/limited"]
    assert len(tries) == 2
    assert tries[1].at - tries[0].at >= 1.95  # the refused request waited its Retry-After
    rest = [r for r in web.log if r.path.startswith("/page")]
    assert len(rest) == 40
    # ...while every other path of the same host went ahead, none held back until then.
    assert all(r.at < tries[1].at for r in rest)


class ClientLimiter:
    """A per-client rate limit like gitee.com's: at most `per_window` requests in each
    `window` seconds from this client, whatever the path; beyond, 429 with Retry-After."""

    def __init__(self, reply: Any, per_window: int, window: float = 1.0) -> None:
        self.reply = reply
        self.per_window = per_window
        self.window = window
        self.lock = threading.Lock()
        self.started = time.monotonic()
        self.counts: dict[int, int] = {}
        self.refused = 0

    def __call__(self, request: Any) -> Any:
        with self.lock:
            slot = int((request.at - self.started) / self.window)
            self.counts[slot] = self.counts.get(slot, 0) + 1
            if self.counts[slot] > self.per_window:
                self.refused += 1
                return self.reply(429, {"Retry-After": "1"})
            return self.reply(200)


def test_a_host_that_keeps_answering_429_gets_slower_not_hammered(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    limiter = ClientLimiter(kit.Reply, per_window=4)
    web = make_site(default=limiter, latency=0.02)
    urls = [web.url(f"/repo{i}") for i in range(24)]
    kit.write_tree(tmp_path, api=gitee.api, readme_links=urls)
    toml = tmp_path / ".sigcheck.toml"
    toml.write_text(toml.read_text().replace("retries = 2", "retries = 4"))

    run = kit.run_online(tmp_path, "-v", timeout=120)

    assert run.codes() == []  # every link checked in the end, none given up on
    assert web.count() == 24 + limiter.refused
    # The first burst is refused (the limit is learnt from it); after that the pacer keeps
    # below the limit: far fewer refusals than requests, where a fixed pace of 4 at once
    # with retries after 1 s would be refused about every other time.
    assert limiter.refused <= 12
    line = next(x for x in run.stderr.splitlines() if x.startswith("online: 127.0.0.1:"))
    assert "paced at" in line  # the host was recognised as rate limited


def test_a_healthy_host_gets_more_than_the_starting_limit(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site(latency=0.2)
    urls = [web.route(f"/doc{i}", kit.status(200)) for i in range(40)]
    kit.write_tree(tmp_path, api=gitee.api, readme_links=urls, online="per_host_max = 8\n")

    run = kit.run_online(tmp_path, "-v")

    assert run.codes() == []
    assert web.count() == 40
    assert 4 < web.max_active <= 8  # grew past per_host = 4, never past per_host_max
    line = next(x for x in run.stderr.splitlines() if x.startswith("online: 127.0.0.1:"))
    assert ", 0 x 429," in line
