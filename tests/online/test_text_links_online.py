"""Link syntax that renders as text (L008) is not a link: `--online` never fetches its URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def test_text_rendered_link_is_l008_and_never_fetched(
    kit: Any, make_site: Any, gitee: Any, tmp_path: Path
) -> None:
    web = make_site()
    ok = web.route("/ok", kit.status(200))
    gone = web.route("/gone404", kit.status(404))
    kit.write_tree(tmp_path, api=gitee.api, readme_links=[ok])
    with (tmp_path / "sigs/compiler/README.md").open("a", encoding="utf-8") as page:
        page.write(f"- [模型迁移指南]{gone}\n")  # line 4

    run = kit.run_online(tmp_path, select="L")

    assert web.count("/ok") >= 1  # the real link was checked online
    assert web.count("/gone404") == 0
    assert [(d["code"], d["line"]) for d in run.diagnostics] == [("L008", 4)]
