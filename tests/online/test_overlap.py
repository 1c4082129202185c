"""`check --online` asks while the model is still being read (issue 11): the online session
listens to the loader, and the answers are those of collecting every target first.

Real loopback servers; the proof that a request was started during loading is that the server
saw it before `finish` was called (nothing else could have sent it), never a timing.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from sigcheck.cache import ContentCache
from sigcheck.config import load_config
from sigcheck.loader import load_community
from sigcheck.online.http import Deadline
from sigcheck.online.pool import JobPool
from sigcheck.online.runner import OnlineSession, check_online
from sigcheck.pages import PARALLEL_THRESHOLD, PendingDocuments


def _tree(kit: Any, web: Any, gitee: Any, root: Path) -> list[str]:
    """A community whose pages link to living, dead, failing and moved pages, to people
    (one of them missing, one an organisation) and to an excluded address."""
    ok = web.route("/ok", kit.status(200))
    gone = web.route("/gone", kit.status(404))
    failing = web.route("/failing", kit.status(500))
    moved = web.route("/moved", kit.redirect(301, "/ok"))
    skipped = web.route("/internal/wiki", kit.status(404))
    kit.write_tree(
        root,
        api=gitee.api,
        readme_links=[ok, gone, "https://gitee.com/mindspore", "https://gitee.com/ghost-lead"],
        pages={
            "sigs/compiler/docs/a.md": [ok, moved, failing, skipped],
            "sigs/compiler/docs/b.md": [gone, ok + "#top", "https://gitee.com/alice"],
        },
        leads="[@alice](https://gitee.com/alice), [@ghost-lead](https://gitee.com/ghost-lead)",
        online='exclude = ["/internal/"]\n',
    )
    return ["/ok", "/gone", "/failing", "/moved"]


def _wait_for(condition: Any, seconds: float = 20.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_requests_start_while_the_model_is_read(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site()
    paths = _tree(kit, web, gitee, tmp_path)
    config = load_config(tmp_path)
    session = OnlineSession(tmp_path, config, use_cache=False)

    community = load_community(tmp_path, config, listener=session)

    # `finish` has not been called: only the loader's listener can have asked these.
    assert _wait_for(lambda: all(web.count(path) for path in paths))
    assert _wait_for(lambda: gitee.user_requests("alice") and gitee.user_requests("ghost-lead"))
    assert web.count("/internal/wiki") == 0  # `online.exclude` applies while streaming too
    outcome = session.finish(community)
    assert web.count("/ok") == 1  # asked once, although three links and a redirect lead there
    assert gitee.user_requests("alice") == 1
    assert {d.code for d in outcome.diagnostics} == {"L005", "L006", "L007", "P003"}


def test_the_answers_are_those_of_collecting_everything_first(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site()
    _tree(kit, web, gitee, tmp_path)
    config = load_config(tmp_path)
    session = OnlineSession(tmp_path, config, use_cache=False)
    streamed = session.finish(load_community(tmp_path, config, listener=session))

    afterwards = check_online(load_community(tmp_path, config), use_cache=False)

    assert streamed.diagnostics == afterwards.diagnostics  # the same, in the same order
    assert streamed.stats == afterwards.stats
    assert streamed.summary.split(";")[:2] == afterwards.summary.split(";")[:2]
    # the missing lead linked in prose was asked as a user and as an organisation, in each
    # run twice (a JSON 404 is asked again before it counts)
    assert gitee.count("/api/v5/orgs/ghost-lead") == 4
    assert gitee.count("/api/v5/orgs/mindspore") == 2


def test_the_cli_streams_and_reports_the_same(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site()
    _tree(kit, web, gitee, tmp_path)
    config = load_config(tmp_path)
    expected = check_online(load_community(tmp_path, config), use_cache=False)
    web.reset()

    run = kit.run_online(tmp_path, "--no-cache")

    found = sorted((d["code"], d["path"], d["line"], d["message"]) for d in run.diagnostics)
    wanted = sorted((d.code, d.path, d.line, d.message) for d in expected.diagnostics)
    assert found == wanted
    assert web.count("/ok") == 1


def test_pages_parsed_in_worker_processes_are_handed_over_once_each(tmp_path: Path) -> None:
    pages = [
        (f"sigs/sig{i:03d}/README.md", f"# SIG {i}\n\n[home](https://example.org/{i})\n")
        for i in range(PARALLEL_THRESHOLD + 20)
    ]
    seen: list[str] = []

    result = PendingDocuments(pages, ContentCache(None, tmp_path)).result(
        lambda path, doc: seen.append(path)
    )

    assert sorted(seen) == sorted(path for path, _ in pages)  # every page, exactly once
    assert list(result) == [path for path, _ in pages]  # the model keeps the given order
    assert result["sigs/sig007/README.md"].links[0].href == "https://example.org/7"


def test_the_pool_takes_jobs_while_they_arrive_and_never_runs_more_than_its_workers() -> None:
    pool = JobPool(3, Deadline(60))
    lock = threading.Lock()
    running = 0
    most = 0
    ran: list[int] = []

    def job(number: int) -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.01)
        with lock:
            running -= 1
            ran.append(number)

    for number in range(5):
        pool.submit("example.org", lambda number=number: job(number))
    assert _wait_for(lambda: len(ran) == 5)  # run before `wait`: the pool is already at work
    for number in range(5, 12):
        pool.submit("example.org", lambda number=number: job(number))
    pool.wait()

    assert sorted(ran) == list(range(12))
    assert most <= 3
    assert pool.done == pool.submitted == 12


def test_past_the_deadline_jobs_are_counted_not_run() -> None:
    pool = JobPool(2, Deadline(0.001))
    time.sleep(0.01)
    ran: list[int] = []
    for number in range(4):
        pool.submit("example.org", lambda number=number: ran.append(number))
    pool.wait()
    assert ran == []
    assert pool.done == 4


def test_threads_waiting_out_a_backoff_send_nothing_and_workers_still_bound_the_requests(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    """Twice `workers` threads: those sleeping before a retry hold no request, so the others
    go on; the server never sees more than `workers` requests at once."""
    web = make_site(latency=0.02)
    flaky = kit.sequence(kit.Reply(500), kit.Reply(200))
    urls = [web.route(f"/flaky{i}", flaky) for i in range(6)]
    urls += [web.route(f"/fine{i}", kit.status(200)) for i in range(6)]
    kit.write_tree(tmp_path, api=gitee.api, readme_links=urls, online="workers = 2\nper_host = 8\n")

    run = kit.run_online(tmp_path, "--no-cache")

    assert run.codes() == []  # every flaky page answered its retry
    assert web.max_active <= 2
    assert all(web.count(f"/flaky{i}") == 2 for i in range(6))


def test_proxy_variables_still_apply_to_each_origin(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    """The proxy settings are read once per origin, not once per request: still honoured,
    and `NO_PROXY` still tells one origin from another."""
    proxy = make_site()
    proxy.route("/via-proxy", kit.status(200))
    direct = make_site()
    direct.route("/straight", kit.status(200))
    straight = f"http://localhost:{direct.port}/straight"  # NO_PROXY: asked directly
    unreachable = f"http://127.0.0.1:{kit.closed_port()}/via-proxy"  # only the proxy answers
    kit.write_tree(tmp_path, api=gitee.api, readme_links=[unreachable, straight, unreachable])
    proxies = {"HTTP_PROXY": proxy.url(""), "http_proxy": proxy.url("")}

    run = kit.run_online(
        tmp_path,
        "--no-cache",
        env={**proxies, "NO_PROXY": "localhost", "no_proxy": "localhost"},
        select="L005,L006,L007",  # the fake Gitee API is behind the proxy too: not here
    )

    assert run.codes() == [], run.messages()
    assert proxy.count("/via-proxy") >= 1
    assert proxy.count("/straight") == 0 and direct.count("/straight") >= 1
