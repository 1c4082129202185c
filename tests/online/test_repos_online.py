"""Repositories named in sig-info.yaml, end to end against a fake Gitee API on loopback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

META = "sigs/compiler/sig-info.yaml"


def test_repositories_exist_missing_unverified(kit: Any, gitee: Any, tmp_path: Path) -> None:
    body = {"id": 1, "full_name": "mindspore/mindspore"}
    gitee.route("/api/v5/repos/mindspore/mindspore", lambda r: kit.json_reply(200, body))
    gitee.route("/api/v5/repos/mindspore/walled", kit.status(403))
    missing = kit.json_reply(404, {"message": "Not Found Project"})
    gitee.route("/api/v5/repos/mindspore/ghost", lambda r: missing)
    kit.write_tree(tmp_path, api=gitee.api)
    (tmp_path / META).write_text(
        "name: Compiler\nmaintainers:\n  - gitee_id: alice\nrepositories:\n"
        "  - repo:\n"
        "      - mindspore/mindspore\n"  # 6: exists
        "      - mindspore/ghost\n"  # 7: a JSON 404: missing
        "      - mindspore/walled\n"  # 8: 403: unverified
        "      - mindspore\n"  # 9: not owner/name: never asked
        "      - NA\n"  # 10: a placeholder: never asked
        "  - repo: [MindSpore/Ghost]\n",  # 11: the same repository again, asked once
        encoding="utf-8",
    )

    run = kit.run_online(tmp_path, select="M008,P003,P007")

    assert run.at(META, 6) == []
    assert run.at(META, 7) == ["M008"]
    assert run.at(META, 8) == ["P007"]
    assert run.at(META, 9) == ["M008"]  # offline: not owner/name
    assert run.at(META, 10) == []
    assert run.at(META, 11) == ["M008"]
    missing = [m for m in run.messages("M008") if "online" in m]
    assert missing == [
        "repository `mindspore/ghost` does not exist on Gitee (online: 404)",
        "repository `MindSpore/Ghost` does not exist on Gitee (online: 404)",
    ]
    [unverified] = run.messages("P007")
    assert unverified.startswith("repository `mindspore/walled` could not be verified")
    assert gitee.count("/api/v5/repos/mindspore/ghost") == 2  # a JSON 404 is asked twice
    assert gitee.count("/api/v5/repos/MindSpore/Ghost") == 0
    assert gitee.count("/api/v5/repos/mindspore") == 0
    assert gitee.count("/api/v5/repos/NA") == 0
    assert "3 repositories" in run.stderr


def test_placeholders_and_other_hosts_are_never_looked_up(
    kit: Any, gitee: Any, tmp_path: Path
) -> None:
    atomgit = kit.FakeGitee({"henry-ze"}).start()
    kit.write_tree(tmp_path, api=gitee.api)
    (tmp_path / ".sigcheck.toml").write_text(
        (tmp_path / ".sigcheck.toml").read_text(encoding="utf-8")
        + '[[identities]]\nkey = "gitee_id"\nprofile_url = "https://gitee.com"\n'
        + '[[identities]]\nkey = "atomgit_id"\nprofile_url = "https://atomgit.com"\n'
        + f'[online.forges.atomgit]\napi = "{atomgit.api}"\n',
        encoding="utf-8",
    )
    (tmp_path / META).write_text(
        "name: Compiler\nmaintainers:\n  - gitee_id: alice\n"
        "  - gitee_id: NA\n    name: Zhou\n"
        "  - gitee_id: ''\n    atomgit_id: henry-ze\n"
        "committers:\n  - gitee_id: ghost\n",
        encoding="utf-8",
    )
    try:
        run = kit.run_online(tmp_path)
    finally:
        atomgit.close()
    assert gitee.user_requests("NA") == 0
    assert gitee.user_requests("henry-ze") == 0  # an AtomGit account: not Gitee's to answer
    assert atomgit.user_requests("henry-ze") == 1  # ... but AtomGit's
    assert gitee.user_requests("ghost") == 2  # committers are looked up like maintainers
    assert run.at(META, 9) == ["P003"]
