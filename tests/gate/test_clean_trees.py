"""A generated openEuler-shaped tree with no defect has no R finding (and no M009): property
test, in process (the loader and the checks, as `check` runs them)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sigcheck.checks import run_offline
from sigcheck.config import load_config
from sigcheck.loader import load_community
from tests.gate.trees import Tree, repository_yaml

NAME = st.from_regex(r"[a-z][a-z0-9_.-]{1,20}", fullmatch=True).filter(
    lambda n: not n.endswith((".", "-")) and ".." not in n
)
RELEASE = st.sampled_from(
    ["openEuler-22.03-LTS", "openEuler-24.03-LTS", "next", "Multi-Version_x_y"]
)
DESCRIPTION = st.sampled_from(  # as YAML writes them
    ["A library for invented things", "", "'Tools: the ones we need'", "It's plain, isn't it",
     "a long description folded\n  over two lines"]
)  # fmt: skip


@st.composite
def branches(draw: st.DrawFn) -> list[dict[str, str]]:
    made = [{"name": "master", "type": "protected"}]
    for name in draw(st.lists(RELEASE, unique=True, max_size=4)):
        parent = draw(st.sampled_from([b["name"] for b in made]))
        kind = draw(st.sampled_from(["protected", "readonly"]))
        made.append({"name": name, "type": kind, "create_from": parent})
    return made


@st.composite
def trees(draw: st.DrawFn) -> Tree:
    tree = Tree()
    names = draw(st.lists(NAME, unique_by=str.casefold, max_size=10))
    sigs = draw(st.integers(1, 3))
    for number in range(sigs):
        mine = names[number::sigs]
        repositories = {}
        for name in mine:
            owner = draw(st.sampled_from(["openeuler", "src-openeuler"]))
            description = draw(DESCRIPTION)
            repositories[f"{owner}/{name}"] = repository_yaml(
                name, description=description, branches=draw(branches())
            )
        tree.sig(f"Team-{number}", repositories, listed=draw(st.booleans()))
    if draw(st.booleans()):
        tree.sig("Private", {"src-openeuler/hidden-x": repository_yaml("hidden-x", kind="private")})
    return tree


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_a_tree_without_defects_has_no_repository_finding(tree: Tree) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = tree.write(Path(scratch) / "community")
        community = load_community(root, load_config(root))
        found = [d for d in run_offline(community) if d.code.startswith("R") or d.code == "M009"]
        assert found == [], [(d.code, d.path, d.message) for d in found]
        assert sum(len(f.repositories) for f in community.folders.values()) == sum(
            1 for path in tree.files if path.count("/") == 4
        )
