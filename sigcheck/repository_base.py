"""What a base revision's per-repository files held, for R007 and R008 (`--new-since REF`,
`--pre-commit`): the repositories it had, and the branches of those a change touches.

Read from git's objects (`vcs.repository_base_files`: the paths of the revision's tree and the
text of the few files that differ), never from a checkout, and turned into the
`RepositoryBase` the pure check (`checks/repository_files.new_findings`) takes.
"""

from __future__ import annotations

from pathlib import Path

from sigcheck.config import Config
from sigcheck.model import RepositoryBase, repository_key


def repository_of(path: str, sigs_dir: str, owners: tuple[str, ...]) -> tuple[str, str] | None:
    """(owner, name) of a per-repository file path `<sigs>/<SIG>/<owner>/<letter>/<name>.yaml`."""
    parts = path.split("/")
    top = sigs_dir.strip("/").split("/")
    if len(parts) != len(top) + 4 or parts[: len(top)] != top:
        return None
    owner, letter, file_name = parts[-3:]
    if owner not in owners or len(letter) != 1 or not file_name.endswith((".yaml", ".yml")):
        return None
    return owner, file_name.rsplit(".", 1)[0]


def base_from(
    paths: list[str], texts: dict[str, str], sigs_dir: str, owners: tuple[str, ...]
) -> RepositoryBase:
    """The base from its file paths and the texts of the files that changed since."""
    from sigcheck.checks.repository_files import branch_names
    from sigcheck.parsing.repo_yaml import load_repository_file

    repositories: set[str] = set()
    branches: dict[str, frozenset[str]] = {}
    for path in paths:
        found = repository_of(path, sigs_dir, owners)
        if found is None:
            continue
        key = repository_key(*found)
        repositories.add(key)
        if path in texts:
            names = frozenset(branch_names(load_repository_file(texts[path]).data))
            branches[key] = branches.get(key, frozenset()) | names
    return RepositoryBase(frozenset(repositories), branches)


def read_base(root: Path, config: Config, ref: str) -> RepositoryBase | None:
    """The base at `ref`, or None where the layout has no repository rules. A `ref` that names
    no commit (before a repository's first) is an empty base: everything is new."""
    from sigcheck import vcs

    rules = config.layout_spec.repository_rules
    if rules is None:
        return None
    sigs_dir = config.sigs_dir.strip("/")
    try:
        found = vcs.repository_base_files(root, ref, sigs_dir)
    except vcs.GitError:
        return None
    if found is None:
        return RepositoryBase(frozenset())
    paths, texts = found
    return base_from(paths, texts, sigs_dir, rules.owners)
