"""External links end to end: the real CLI against scripted loopback servers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

README = "sigs/compiler/README.md"


def line_of(index: int) -> int:
    """The line of the `index`-th link that `write_tree` puts in the README."""
    return 3 + index


def test_statuses_redirects_and_retries(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site()
    R = kit.Reply
    ok = web.route("/ok", kit.status(200))
    links = {
        "ok": ok,
        "ok-fragment": ok + "#section",
        "gone404": web.route("/gone404", kit.status(404)),
        "gone410": web.route("/gone410", kit.status(410)),
        "moved": web.route("/moved", kit.redirect(301, "/ok")),
        "temporary": web.route("/temporary", kit.redirect(302, "/ok")),
        "chain": web.route("/chain", kit.redirect(308, "/chain2")),
        "moved-to-gone": web.route("/moved-to-gone", kit.redirect(301, "/gone404")),
        "loop": web.route("/loop-a", kit.redirect(302, "/loop-b")),
        "head405": make_site().route("/head405", kit.head_refused(405)),
        "flaky503": web.route("/flaky503", kit.sequence(R(503), R(200))),
        "down503": web.route("/down503", kit.status(503)),
        "busy429": web.route("/busy429", kit.sequence(R(429, {"Retry-After": "1"}), R(200))),
        "forbidden": web.route("/forbidden", kit.status(403)),
        "linkedin": web.route("/linkedin", kit.status(999)),
        "refused": f"http://127.0.0.1:{kit.closed_port()}/x",
    }
    web.route("/chain2", kit.redirect(302, "/ok"))
    web.route("/loop-b", kit.redirect(302, "/loop-a"))
    names = list(links)
    kit.write_tree(tmp_path, api=gitee.api, readme_links=list(links.values()))

    run = kit.run_online(tmp_path)

    def codes(name: str) -> list[str]:
        return run.at(README, line_of(names.index(name)))

    assert codes("ok") == []
    assert codes("ok-fragment") == []
    assert codes("gone404") == ["L005"]
    assert codes("gone410") == ["L005"]
    assert codes("moved") == ["L007"]
    assert codes("temporary") == []
    assert codes("chain") == ["L007"]  # 308 then 302: write the 308's target, not the end
    assert codes("moved-to-gone") == ["L005"]
    assert codes("loop") == ["L005"]
    assert codes("head405") == []
    assert codes("flaky503") == []
    assert codes("down503") == ["L006"]
    assert codes("busy429") == []
    assert codes("forbidden") == ["L006"]  # a bot wall is never "broken"
    assert codes("linkedin") == ["L006"]
    assert codes("refused") == ["L006"]
    assert run.exit_code == 1  # L005 is an error

    messages = " | ".join(run.messages())
    assert f"`{links['moved']}` permanently redirects to `{ok}`" in messages
    assert f"permanently redirects to `{web.url('/chain2')}`" in messages
    assert "404 Not Found" in messages and "410 Gone" in messages
    assert "redirect loop" in messages
    assert "503 Service Unavailable after 3 attempts" in messages
    assert "connection refused" in messages
    assert f"redirects to `{web.url('/gone404')}`, which answers 404 Not Found" in messages

    # One request per unique URL: /ok is linked twice and is the end of three redirects.
    assert web.count("/ok") == 1
    assert web.methods("/gone404")[0] == "HEAD"
    assert web.count("/moved") == 1
    assert web.count("/loop-a") == 1 and web.count("/loop-b") == 1
    assert web.count("/flaky503") == 2
    assert web.count("/down503") == 3  # retries = 2
    assert web.count("/forbidden") == 2  # HEAD, then GET
    busy = [r for r in web.log if r.path == "/busy429"]
    assert len(busy) == 2
    assert busy[1].at - busy[0].at >= 0.95  # Retry-After: 1 honoured


def test_timeout_is_a_warning_and_retried(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site()
    stall = web.route("/stall", lambda request: kit.Reply(200, delay=5))
    kit.write_tree(tmp_path, api=gitee.api, readme_links=[stall])

    run = kit.run_online(tmp_path)

    assert run.codes() == ["L006"]
    assert "timeout after 3 attempts" in run.messages()[0]
    # the reply comes after 5 s: an L006 "timeout" proves each attempt gave up first (no
    # wall-clock assertion: a loaded machine must not fail this test)
    assert web.count("/stall") == 3
    assert run.exit_code == 0  # a warning does not fail the run


def test_one_request_per_url_across_files(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site()
    page = web.route("/page", kit.status(200))
    gone = web.route("/gone", kit.status(404))
    variants = [page, page + "#a", page + "#b", page.replace("http://", "HTTP://")]
    kit.write_tree(
        tmp_path,
        api=gitee.api,
        readme_links=[*variants, gone],
        pages={
            "sigs/compiler/docs/a.md": [page, gone, gone + "#x"],
            "sigs/compiler/docs/b.md": [page + "#c", gone],
        },
    )

    run = kit.run_online(tmp_path)

    assert web.count("/page") == 1
    assert web.methods("/gone") in (["HEAD"], ["HEAD", "GET"])  # see the test below
    broken = sorted((d["path"], d["line"]) for d in run.of("L005"))
    assert broken == [
        ("sigs/compiler/README.md", line_of(4)),
        ("sigs/compiler/docs/a.md", 4),
        ("sigs/compiler/docs/a.md", 5),
        ("sigs/compiler/docs/b.md", 4),
    ]
    assert any("`" + gone + "#x`" in m for m in run.messages("L005"))  # as written


def test_head_refused_once_means_get_for_that_server(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site()
    first = web.route("/head405", kit.head_refused(405))
    others = [web.route(f"/p{i}", kit.head_refused(405)) for i in range(3)]
    kit.write_tree(tmp_path, api=gitee.api, readme_links=[first, *others], online="workers = 1\n")

    run = kit.run_online(tmp_path)

    assert run.codes() == []
    # Whichever page went first (two threads share the one request allowed at once) was
    # refused HEAD and asked again with GET; every other page got GET alone.
    methods = sorted(web.methods(path) for path in ["/head405", "/p0", "/p1", "/p2"])
    assert methods == [["GET"], ["GET"], ["GET"], ["HEAD", "GET"]]


def test_a_head_404_is_always_confirmed_with_get(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site()
    first, later = web.route("/gone1", kit.status(404)), web.route("/gone2", kit.status(404))
    alive = web.route("/ok", kit.status(200))
    odd = make_site()  # a server whose HEAD says 404 where GET finds the page
    liar = odd.route("/page", kit.head_refused(404))
    kit.write_tree(
        tmp_path, api=gitee.api, readme_links=[first, alive, later, liar], online="workers = 1\n"
    )

    run = kit.run_online(tmp_path)

    assert web.methods("/gone1") == ["HEAD", "GET"]
    assert web.methods("/gone2") == ["HEAD", "GET"]  # even after this server's HEAD 200 to /ok
    assert odd.methods("/page") == ["HEAD", "GET"]
    assert run.at(README, line_of(3)) == []  # never called dead
    assert run.codes() == ["L005", "L005"]


def test_head_dropped_connection_falls_back_to_get(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site()
    url = web.route(
        "/nohead", lambda r: kit.Reply(drop=True) if r.method == "HEAD" else kit.Reply(200)
    )
    kit.write_tree(tmp_path, api=gitee.api, readme_links=[url])

    run = kit.run_online(tmp_path)

    assert run.codes() == []
    assert web.methods("/nohead")[:2] == ["HEAD", "GET"]


def test_cookie_redirect_dance_is_not_a_loop(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    """A page that sets a cookie and sends the browser back to itself works in a browser."""
    web = make_site()

    def consent(request: Any) -> Any:
        if "seen=1" in request.headers.get("cookie", ""):
            return kit.Reply(200)
        return kit.Reply(302, {"Location": "/consent", "Set-Cookie": "seen=1; Path=/"}, b"")

    url = web.route("/consent", consent)
    kit.write_tree(tmp_path, api=gitee.api, readme_links=[url])

    run = kit.run_online(tmp_path)

    assert run.codes() == []
    assert web.count("/consent") == 2


def test_deadline_reports_the_rest_as_not_checked(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site()
    urls = [web.route(f"/slow{i}", lambda r: kit.Reply(200, delay=5)) for i in range(8)]
    kit.write_tree(
        tmp_path,
        api=gitee.api.replace("127.0.0.1", "localhost"),  # another host: its own queue
        readme_links=urls,
        online='workers = 2\n[online.hosts."127.0.0.1"]\ntimeout = 10\n',
    )
    toml = tmp_path / ".sigcheck.toml"
    toml.write_text(toml.read_text().replace("deadline = 30", "deadline = 1"))

    run = kit.run_online(tmp_path)

    # every link ends at the deadline (not 8 x 5 s of waiting: the replies come after 5 s)
    assert run.codes().count("L006") == 8
    assert all("deadline" in m for m in run.messages())
    # at most one job per pool thread (twice `workers`) had begun; the rest were never sent
    assert sum("not checked" in m for m in run.messages("L006")) >= 8 - 2 * 2
    # The handle (table lead and sig-info.yaml) is asked as soon as the table and the metadata
    # are read, on its own host: answered, not stuck behind the stalled links.
    assert sorted(set(run.codes())) == ["L006"]
    assert gitee.count() >= 1
    assert web.count() <= 2  # the two workers' first requests, nothing after the deadline
    assert "not checked: deadline" in run.stderr


def test_exclude_and_accept(kit: Any, make_site: Any, gitee: Any, tmp_path: Path) -> None:
    web = make_site()
    skipped = web.route("/internal/wiki", kit.status(404))
    members = web.route("/members", kit.status(403))
    gone = web.route("/members-gone", kit.status(404))
    kit.write_tree(
        tmp_path,
        api=gitee.api,
        readme_links=[skipped, members, gone],
        online='exclude = ["/internal/"]\n[online.accept]\n"/members" = [403]\n',
    )

    run = kit.run_online(tmp_path)

    assert web.count("/internal/wiki") == 0
    assert run.at(README, line_of(1)) == []  # 403 accepted for /members
    assert run.at(README, line_of(2)) == ["L005"]  # a 404 is still a 404
    assert "1 excluded" in run.stderr


def test_per_host_limit_and_host_override(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site(latency=0.15)
    urls = [web.route(f"/p{i}", kit.status(200)) for i in range(12)]
    kit.write_tree(tmp_path, api=gitee.api, readme_links=urls)

    kit.run_online(tmp_path)
    assert web.count() == 12
    assert 2 <= web.max_active <= 16  # starts at per_host = 4, never above per_host_max = 16

    web.reset()
    toml = tmp_path / ".sigcheck.toml"
    toml.write_text(toml.read_text() + '[online.hosts."127.0.0.1"]\nper_host = 1\n')
    kit.run_online(tmp_path, "--no-cache")
    assert web.count() == 12
    assert web.max_active == 1


def test_user_agent_is_configurable(kit: Any, make_site: Any, gitee: Any, tmp_path: Path) -> None:
    web = make_site()
    url = web.route("/ua", kit.status(200))
    kit.write_tree(tmp_path, api=gitee.api, readme_links=[url], online='user_agent = "TestBot/1"\n')

    kit.run_online(tmp_path)

    assert [r.headers["user-agent"] for r in web.log] == ["TestBot/1"]


def test_bad_regex_is_a_usage_error(kit: Any, gitee: Any, tmp_path: Path) -> None:
    import subprocess
    import sys

    kit.write_tree(tmp_path, api=gitee.api, online='exclude = ["(unclosed"]\n')
    done = subprocess.run(
        [sys.executable, "-m", "sigcheck", "check", "--online", "--root", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "not a regular expression" in done.stderr


def test_retry_after_beyond_the_cap_is_not_waited_for(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site()
    url = web.route("/later", kit.status(429, {"Retry-After": "3600"}))
    kit.write_tree(tmp_path, api=gitee.api, readme_links=[url], online="retry_after_cap = 1\n")

    run = kit.run_online(tmp_path)

    assert run.codes() == ["L006"]
    assert "Retry-After 3600 s is longer than the 1 s cap" in run.messages()[0]
    assert web.count("/later") == 1
