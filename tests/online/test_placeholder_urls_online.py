"""A URL holding a to-be-filled segment (`…/issues/xxxxx`) is L008 offline and never asked
online (SPEC §3, issue 18): a loopback site counts the requests."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def test_a_placeholder_url_is_never_asked_online(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    """`…/issues/xxxxx` is L008 offline; online it is not requested (so never also L005)."""
    web = make_site()
    filled = web.route("/issues/123", kit.status(200))
    owed = web.route("/issues/xxxxx", kit.status(404))
    kit.write_tree(tmp_path, api=gitee.api, readme_links=[filled, owed])
    run = kit.run_online(tmp_path, select="L005,L006,L007,L008")
    assert web.count("/issues/xxxxx") == 0 and web.count("/issues/123") >= 1
    assert run.codes() == ["L008"]  # not also L005
