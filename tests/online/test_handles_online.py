"""Gitee handles end to end, against a fake Gitee API on loopback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

TOKEN = "tok-SECRET-4f9c2e"
LEADS = "[@alice](https://gitee.com/alice), [@ghost](https://gitee.com/ghost)"


def test_handles_exist_missing_unverified(kit: Any, gitee: Any, tmp_path: Path) -> None:
    gitee.route("/api/v5/users/walled", kit.status(403))
    gitee.route("/api/v5/users/flaky", lambda r: kit.json_reply(500, {"message": "oops"}))
    kit.write_tree(
        tmp_path,
        api=gitee.api,
        leads=LEADS,
        maintainers=["alice", "ghost", "walled", "flaky"],
        readme_links=[
            "https://gitee.com/mindspore",  # an organisation: fine in prose
            "https://gitee.com/nobody",  # neither a user nor an organisation
            "https://gitee.com/ghost",  # the missing lead again
            "https://gitee.com/explore",  # a site page, not a profile
        ],
    )

    # the address from the environment, not the repository: the token may go there
    env = {"GITEE_TOKEN": TOKEN, "SIGCHECK_GITEE_API": gitee.api}
    run = kit.run_online(tmp_path, "-v", env=env)

    table, meta, readme = "sigs/README.md", "sigs/compiler/sig-info.yaml", "sigs/compiler/README.md"
    assert run.at(table, 5) == ["P003"]  # ghost in the table; alice is fine
    assert run.at(meta, 5) == ["P003"]  # ghost in sig-info.yaml
    assert run.at(meta, 7) == ["P007"]  # walled: 403 is not "missing"
    assert run.at(meta, 9) == ["P007"]  # flaky: 500 after retries
    assert run.at(readme, 3) == []  # mindspore is an organisation
    assert run.at(readme, 4) == ["P003"]
    assert run.at(readme, 5) == ["P003"]
    assert run.at(readme, 6) == []
    assert len(run.diagnostics) == 6
    assert "Gitee user `@ghost` does not exist" in run.messages("P003")
    assert any(
        "500 Internal Server Error" in m and "after 3 attempts" in m for m in run.messages("P007")
    )

    # One request per handle, wherever it appears; organisations only for prose links.
    assert gitee.user_requests("alice") == 1
    assert gitee.user_requests("ghost") == 2  # a JSON 404 is asked again before it counts
    assert gitee.count("/api/v5/orgs/ghost") == 2
    assert gitee.count("/api/v5/orgs/mindspore") == 1
    assert gitee.count("/api/v5/orgs/alice") == 0
    assert gitee.user_requests("flaky") == 3
    assert gitee.count("/api/v5/users/explore") == 0
    # The token goes to the API as access_token, and nowhere in the output.
    assert gitee.log and all(r.query == f"access_token={TOKEN}" for r in gitee.log)
    assert TOKEN not in run.stdout and TOKEN not in run.stderr
    assert "0 URLs" in run.stderr  # profile pages are never fetched
    assert "with GITEE_TOKEN" in run.stderr


def test_without_token_nothing_is_sent(kit: Any, gitee: Any, tmp_path: Path) -> None:
    kit.write_tree(tmp_path, api=gitee.api)

    run = kit.run_online(tmp_path)

    assert run.codes() == []
    assert [r.query for r in gitee.log] == [""]


def test_rate_limit_stops_asking(kit: Any, gitee: Any, tmp_path: Path) -> None:
    limited = kit.json_reply(403, {"message": "Rate Limit Exceeded"})
    gitee.default = lambda request: limited
    handles = ["h1", "h2", "h3", "h4"]
    kit.write_tree(tmp_path, api=gitee.api, maintainers=handles, online="workers = 1\n")

    run = kit.run_online(tmp_path)

    # the table lead alice and the four maintainers: one P007 per file, with the count
    assert run.codes() == ["P007"] * 2
    assert gitee.count() == 1  # after the first "rate limit", the API is left alone
    assert all("hourly budget is spent; set GITEE_TOKEN" in m for m in run.messages())
    assert sorted(m.split(" ", 1)[0] for m in run.messages()) == ["1", "4"]
    assert run.stderr.startswith("online: Gitee (")  # the summary's first line says why
    assert run.exit_code == 0


def test_non_json_404_is_a_wrong_api_not_a_missing_user(
    kit: Any, make_site: Any, tmp_path: Path
) -> None:
    html = make_site()  # answers every path with an HTML 404, as a wrong base URL would
    kit.write_tree(tmp_path, api=html.url("/api/v4"))

    run = kit.run_online(tmp_path)

    assert set(run.codes()) == {"P007"}
    assert "[online.forges.gitee] api" in run.messages()[0]


def test_token_never_shown_when_the_api_fails(kit: Any, tmp_path: Path) -> None:
    # requests puts the whole URL, query included, into its exception texts.
    api = f"http://127.0.0.1:{kit.closed_port()}/api/v5"
    kit.write_tree(tmp_path, api=api)

    env = {"GITEE_TOKEN": TOKEN, "SIGCHECK_GITEE_API": api}
    run = kit.run_online(tmp_path, "-v", env=env, select="")

    assert "P007" in run.codes()
    assert any("connection refused" in m for m in run.messages("P007"))
    assert TOKEN not in run.stdout + run.stderr
    cache = tmp_path / ".sigcheck-cache"
    assert not any(TOKEN in f.read_text() for f in cache.rglob("*") if f.is_file())
