"""Trees shaped like openEuler's community repository (`sig/`, per-repository files, the gate's
data files), written in-process. Every SIG, person and repository is invented."""

from __future__ import annotations

from pathlib import Path

DESCRIPTION = "An invented package kept for the tests"


def branches_yaml(branches: list[dict[str, str]]) -> str:
    lines = ["branches:"]
    for branch in branches:
        first = True
        for key, value in branch.items():
            lines.append(f"{'- ' if first else '  '}{key}: {value}")
            first = False
    return "\n".join(lines) + "\n"


MASTER = [{"name": "master", "type": "protected"}]
RELEASES = [
    {"name": "master", "type": "protected"},
    {"name": "openEuler-24.03-LTS", "type": "protected", "create_from": "master"},
    {"name": "openEuler-24.03-LTS-SP1", "type": "protected", "create_from": "openEuler-24.03-LTS"},
]


def repository_yaml(
    name: str,
    *,
    description: str | None = DESCRIPTION,
    kind: str | None = "public",
    upstream: str | None = "https://example.org/upstream/pkg",
    branches: list[dict[str, str]] | None = None,
) -> str:
    text = f"name: {name}\n"
    if description is not None:
        text += (
            f"description: {description!r}\n"
            if not description
            else f"description: {description}\n"
        )
    if upstream is not None:
        text += f"upstream: {upstream}\n"
    text += branches_yaml(RELEASES if branches is None else branches) if branches != [] else ""
    if kind is not None:
        text += f"type: {kind}\n"
    return text


def person(handle: str) -> str:
    return f"- gitee_id: ''\n  atomgit_id: {handle}\n  name: {handle.title()}\n"


def sig_info(name: str, repositories: list[str], maintainers: tuple[str, ...] = ("lan_he",)) -> str:
    text = f"name: {name}\ndescription: The {name} SIG, invented for the tests\n"
    text += "maintainers:\n" + "".join(person(m) for m in maintainers) if maintainers else ""
    if repositories:
        text += "repositories:\n- repo:\n" + "".join(f"  - {r}\n" for r in repositories)
    return text


class Tree:
    """Files of an openEuler-shaped tree, written by `write`."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {"sig/README.md": "# SIGs\n"}

    def sig(self, name: str, repositories: dict[str, str] | None = None, listed: bool = True,
            info: str | None = None) -> None:  # fmt: skip
        """A SIG with its README, sig-info.yaml (listing its repositories unless `listed` is
        False) and one file per repository (`owner/name` -> content)."""
        repositories = repositories or {}
        self.files[f"sig/{name}/README.md"] = f"# {name}\n"
        self.files[f"sig/{name}/sig-info.yaml"] = info or sig_info(
            name, list(repositories) if listed else []
        )
        for full, content in repositories.items():
            owner, repo = full.split("/")
            self.files[f"sig/{name}/{owner}/{repo[0].lower()}/{repo}.yaml"] = content

    def write(self, root: Path) -> Path:
        for relative, content in self.files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
        return root


def clean_tree(sigs: int = 3, repositories: int = 4) -> Tree:
    """A defect-free tree: every SIG lists its repositories, each with a good file."""
    tree = Tree()
    for number in range(sigs):
        owner = "src-openeuler" if number % 2 == 0 else "openeuler"
        names = {f"{owner}/pkg-{number}-{i}": repository_yaml(f"pkg-{number}-{i}")
                 for i in range(repositories)}  # fmt: skip
        tree.sig(f"Team-{number}", names)
    tree.sig(
        "Private", {"src-openeuler/secret-tool": repository_yaml("secret-tool", kind="private")}
    )
    return tree
