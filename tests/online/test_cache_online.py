"""The online cache: definite answers reused within the TTL, failures always asked again."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any


def _tree(kit: Any, web: Any, gitee: Any, root: Path, online: str = "") -> None:
    links = [
        web.route("/ok", kit.status(200)),
        web.route("/gone", kit.status(404)),
        web.route("/moved", kit.redirect(301, "/ok")),
        web.route("/down", kit.status(503)),
        web.route("/walled", kit.status(403)),
    ]
    gitee.route("/api/v5/users/flaky", lambda r: kit.json_reply(502, {}))
    kit.write_tree(
        root,
        api=gitee.api,
        readme_links=links,
        maintainers=["alice", "ghost", "flaky"],
        online=online,
    )


def test_second_run_asks_only_what_was_not_settled(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site()
    _tree(kit, web, gitee, tmp_path)

    first = kit.run_online(tmp_path, "-v")
    assert web.count("/ok") == 1 and web.count("/gone") in (1, 2) and web.count("/down") == 3
    web.reset()
    gitee.reset()

    second = kit.run_online(tmp_path, "-v")

    assert second.diagnostics == first.diagnostics  # same findings, from the cache
    assert web.count("/ok") == web.count("/gone") == web.count("/moved") == 0
    assert web.count("/down") == 3 and web.count("/walled") == 2  # failures are never cached
    assert gitee.user_requests("alice") == gitee.user_requests("ghost") == 0
    assert gitee.user_requests("flaky") == 3
    assert "5 URLs (2 checked, 3 from cache)" in second.stderr
    assert "3 handles (1 checked, 2 from cache)" in second.stderr

    cache = tmp_path / ".sigcheck-cache"
    assert (cache / ".gitignore").read_text().strip().endswith("*")
    data = json.loads((cache / "online-v2.json").read_text())
    assert set(data["urls"]) == {web.url("/ok"), web.url("/gone"), web.url("/moved")}
    assert data["urls"][web.url("/moved")]["moved_to"] == web.url("/ok")
    assert set(data["names"]) == {f"{gitee.api}/users/alice", f"{gitee.api}/users/ghost"}


def test_no_cache_ignores_it(kit: Any, make_site: Any, gitee: Any, tmp_path: Path) -> None:
    web = make_site()
    _tree(kit, web, gitee, tmp_path)
    kit.run_online(tmp_path)
    web.reset()

    kit.run_online(tmp_path, "--no-cache")

    assert web.count("/ok") == 1 and web.count("/moved") == 1


def test_entries_expire_after_the_ttl(kit: Any, make_site: Any, gitee: Any, tmp_path: Path) -> None:
    web = make_site()
    _tree(kit, web, gitee, tmp_path, online="cache_ttl = 0.5\n")
    kit.run_online(tmp_path)
    web.reset()
    time.sleep(0.6)

    kit.run_online(tmp_path)

    assert web.count("/ok") == 1


def test_damaged_cache_is_ignored(kit: Any, make_site: Any, gitee: Any, tmp_path: Path) -> None:
    web = make_site()
    _tree(kit, web, gitee, tmp_path, online='cache_dir = "build/online-cache"\n')
    folder = tmp_path / "build/online-cache"
    folder.mkdir(parents=True)
    (folder / "online-v2.json").write_text('{"version": 2, "urls": {"x": [}')

    run = kit.run_online(tmp_path)

    assert "L005" in run.codes()
    assert web.count("/ok") == 1
    assert json.loads((folder / "online-v2.json").read_text())["version"] == 2


def test_a_cached_missing_older_than_an_hour_is_asked_again(
    kit: Any, gitee: Any, tmp_path: Path
) -> None:
    kit.write_tree(tmp_path, api=gitee.api, maintainers=["alice", "ghost"])
    first = kit.run_online(tmp_path)
    assert first.codes() == ["P003"]
    path = tmp_path / ".sigcheck-cache" / "online-v2.json"
    data = json.loads(path.read_text())
    ghost = f"{gitee.api}/users/ghost"
    assert data["names"][ghost]["state"] == "missing"
    data["names"][ghost]["at"] -= 3700  # an hour and more ago
    path.write_text(json.dumps(data))
    gitee.reset()

    second = kit.run_online(tmp_path)

    assert second.codes() == ["P003"]
    assert gitee.user_requests("ghost") == 2  # asked again (twice: a JSON 404) before reported
    # "exists" is kept for the whole TTL; alice is asked once more only as the canary (nothing
    # else of this run answered in the right shape), which a "missing" needs in its run
    assert gitee.user_requests("alice") == 1


def test_a_cache_of_another_build_or_one_git_tracks_is_not_read(
    kit: Any, gitee: Any, tmp_path: Path
) -> None:
    import subprocess

    kit.write_tree(tmp_path, api=gitee.api, maintainers=["alice"])
    kit.run_online(tmp_path)
    path = tmp_path / ".sigcheck-cache" / "online-v2.json"
    data = json.loads(path.read_text())
    assert data["stamp"]  # keyed by sigcheck's code and libraries
    gitee.reset()

    kit.run_online(tmp_path)
    assert gitee.user_requests("alice") == 0  # the control: the same build reuses it

    data["stamp"] = "another build of sigcheck or of its libraries"
    path.write_text(json.dumps(data))
    kit.run_online(tmp_path)
    assert gitee.user_requests("alice") == 1  # asked again, not taken from that file

    git = ["git", "-C", str(tmp_path)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-f", str(path)], check=True)
    gitee.reset()
    kit.run_online(tmp_path)
    assert gitee.user_requests("alice") == 1  # a cache a commit carries decides nothing
