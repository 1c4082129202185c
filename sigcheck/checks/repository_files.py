"""R001-R008: per-repository files (`<SIG>/<owner>/<letter>/<name>.yaml`), as a community's own
gate checks them (openEuler's `ci-scripts/sanity_check.py` and `check_branch.py`).

Everything about the community is data (`Layout.repository_rules`, the gate data files): the
owners, the Private and recycle SIGs, the name pattern, the types, the main branch. Only
layouts with repository rules read these files; MindSpore's has none, so none of this runs.

R007 and R008 judge what is new: a repository or a branch that the base revision lacks
(`--new-since`, `--pre-commit`). `new_findings` is a pure function of the files and of what
the base held, so a caller that reads the base another way gets the same judgement.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sigcheck.diagnostics import Diagnostic, field_path, make
from sigcheck.layout import RepositoryRules
from sigcheck.model import Community, RepositoryBase, RepositoryFile, repository_key


def _at(item: RepositoryFile, code: str, loc: tuple[str | int, ...], message: str) -> Diagnostic:
    line, column = item.position(loc)
    return make(code, item.path, line, column, message, field_path(loc))


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _name(item: RepositoryFile) -> Iterator[Diagnostic]:
    """R002: `name` is the file name; the file sits in the folder of its first letter."""
    name = item.data.get("name")
    if not isinstance(name, str) or not name:
        what = "no `name`" if name is None else f"`name: {name!r}` is not text"
        yield _at(item, "R002", ("name",), f"{what}: write `name: {item.stem}` (the file's name)")
    elif name != item.stem:
        yield _at(
            item,
            "R002",
            ("name",),
            f"`name: {name}` differs from the file name `{item.stem}.yaml`: "
            "rename one so that they agree",
        )
    first = item.stem[:1].lower()
    if first and first != item.letter:
        yield make(
            "R002",
            item.path,
            None,
            None,
            f"`{item.stem}.yaml` is in the folder `{item.letter}/`; it belongs in `{first}/`, "
            "the first letter of its name",
            "folder",
        )


@functools.cache
def _name_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _forge_name(item: RepositoryFile, rules: RepositoryRules) -> Iterator[Diagnostic]:
    """R005: a name the forge accepts (letters, digits, `_`, `.`, `-`, starting with a letter)."""
    name = item.data.get("name")
    name = name if isinstance(name, str) and name else item.stem
    if rules.name_min <= len(name) <= rules.name_max and _name_pattern(
        rules.name_pattern
    ).fullmatch(name):
        return
    if len(name) > rules.name_max:
        why = f"is {len(name)} characters long, over the forge's {rules.name_max}"
    elif len(name) < rules.name_min:
        why = f"is shorter than the forge's {rules.name_min} characters"
    elif not re.fullmatch(rules.name_pattern, name):
        refused = sorted({c for c in name if not re.fullmatch(rules.name_pattern, f"a{c}")})
        shown = ", ".join(f"`{c}`" for c in refused) if refused else "its first character"
        why = f"has characters the forge refuses ({shown}; it takes `{rules.name_pattern}`)"
    else:
        return
    yield _at(item, "R005", ("name",), f"the repository name `{name}` {why}")


def _type(item: RepositoryFile, rules: RepositoryRules) -> Iterator[Diagnostic]:
    """R003, R004: `type` public or private; private repositories live in the Private SIG."""
    value = item.data.get("type")
    allowed = " or ".join(f"`{t}`" for t in rules.types)
    if value is None:
        yield _at(item, "R003", (), f"no `type`: write `type:` {allowed}")
        return
    if value not in rules.types:
        yield _at(item, "R003", ("type",), f"`type: {value}` is not {allowed}")
        return
    in_private = rules.private_sig is not None and item.sig == rules.private_sig
    if in_private and value != rules.private_type:
        yield _at(
            item,
            "R003",
            ("type",),
            f"a `{value}` repository in the {rules.private_sig} SIG, which holds only "
            f"`{rules.private_type}` ones: move it to the SIG that owns it",
        )
    elif rules.private_sig is not None and not in_private and value == rules.private_type:
        yield _at(
            item,
            "R004",
            ("type",),
            f"a `{value}` repository outside the {rules.private_sig} SIG: make it public, or "
            f"move it to `{rules.private_sig}`",
        )


def branch_names(data: Any) -> list[str]:
    """The branch names a repository file's data lists (well-formed entries only)."""
    branches = data.get("branches") if isinstance(data, dict) else None
    if not isinstance(branches, list):
        return []
    return [
        str(b["name"]) for b in branches if isinstance(b, dict) and _text(b.get("name")) is not None
    ]


def _branches_fine(branches: list[Any], rules: RepositoryRules) -> bool:
    """Whether `_branches` has nothing to say, told in one tight pass (12,000 files, most of
    them fine): exact names, known types, one main branch, parents the file lists."""
    names = {branch.get("name") for branch in branches if type(branch) is dict}
    types, main = rules.branch_types, rules.main_branch
    mains = 0
    for branch in branches:
        if type(branch) is not dict or branch.get("type") not in types:
            return False
        name = branch.get("name")
        if name == main:
            mains += 1
            continue
        parent = branch.get("create_from")
        if type(name) is not str or not name or name != name.strip():
            return False
        if type(parent) is not str or not parent or parent != parent.strip():
            return False
        if parent not in names:
            return False
    return mains == 1


def _branches(item: RepositoryFile, rules: RepositoryRules) -> Iterator[Diagnostic]:
    """R006: each branch named and typed, exactly one main branch, every other one created
    from a branch the repository has."""
    branches = item.data.get("branches")
    if type(branches) is list and branches and _branches_fine(branches, rules):
        return
    main = rules.main_branch
    if not isinstance(branches, list) or not branches:
        what = "no `branches`" if not branches else "`branches` is not a list"
        yield _at(item, "R006", ("branches",), f"{what}: a repository has exactly one `{main}`")
        return
    names = set(branch_names(item.data))
    mains = 0
    types = " or ".join(f"`{t}`" for t in rules.branch_types)
    for index, branch in enumerate(branches):
        place = ("branches", index)
        if not isinstance(branch, dict):
            yield _at(item, "R006", place, "a branch that is not a mapping (`name`, `type`, ...)")
            continue
        name = _text(branch.get("name"))
        label = f"branch `{name}`" if name else f"branch {index + 1}"
        if name is None:
            yield _at(item, "R006", place, f"{label} has no `name`")
        if branch.get("type") not in rules.branch_types:
            kind = branch.get("type")
            what = "has no `type`" if kind is None else f"has `type: {kind}`"
            yield _at(item, "R006", (*place, "type"), f"{label} {what}: write {types}")
        if name == main:
            mains += 1
            continue
        if name is None:
            continue
        parent = _text(branch.get("create_from"))
        if parent is None:
            yield _at(
                item,
                "R006",
                place,
                f"{label} has no `create_from`: name the branch it starts from",
            )
        elif parent not in names:
            yield _at(
                item,
                "R006",
                (*place, "create_from"),
                f"{label} is created from `{parent}`, a branch this repository does not have",
            )
    if mains != 1:
        count = "no" if mains == 0 else f"{mains}"
        yield _at(item, "R006", ("branches",), f"{count} `{main}` branches: exactly one is needed")


def file_findings(item: RepositoryFile, rules: RepositoryRules) -> Iterator[Diagnostic]:
    """Everything one repository file's own content can be found wanting for (R001-R006)."""
    if item.findings is not None:  # checked where it was read (repository_scan.py)
        yield from item.findings
        return
    if item.problem is not None:
        yield item.problem
        return
    yield from _name(item)
    yield from _forge_name(item, rules)
    yield from _type(item, rules)
    yield from _branches(item, rules)


# --- new repositories and branches (R007, R008) -----------------------------------------------


@dataclass(frozen=True, slots=True)
class GateLists:
    """The gate data files, read (None: absent, so the rules that need it do not apply)."""

    block_list: dict[str, str] | None = None
    unmaintained: frozenset[str] | None = None
    releases: dict[str, list[str]] | None = None


def _new_repository(
    item: RepositoryFile, rules: RepositoryRules, lists: GateLists
) -> Iterator[Diagnostic]:
    data = item.data
    description = data.get("description")
    text = description.strip() if isinstance(description, str) else ""
    if len(text) < rules.description_min:
        what = "no description" if not text else f"a description of {len(text)} characters"
        yield _at(
            item,
            "R008",
            ("description",),
            f"new repository `{item.repository}` has {what}: a new one says what it is in "
            f"{rules.description_min} characters or more",
        )
    if item.owner in rules.upstream_owners and _text(data.get("upstream")) is None:
        yield _at(
            item,
            "R008",
            (),
            f"new repository `{item.repository}` has no `upstream`: name where its sources "
            "come from",
        )
    if item.owner in rules.platform_owners:
        platform = data.get("platform")
        if platform not in (None, "", *rules.platforms):
            yield _at(
                item,
                "R008",
                ("platform",),
                f"new repository `{item.repository}` has `platform: {platform}`; "
                f"`{item.owner}` repositories live on {', '.join(rules.platforms)}",
            )
        if _text(data.get("repository_url")) is not None:
            yield _at(
                item,
                "R008",
                ("repository_url",),
                f"new repository `{item.repository}` has a `repository_url`; "
                f"`{item.owner}` repositories are hosted, not mirrored",
            )
    if lists.block_list is not None:
        name = data.get("name") if isinstance(data.get("name"), str) else item.stem
        if name in lists.block_list:
            reason = lists.block_list[name]
            yield _at(
                item,
                "R008",
                ("name",),
                f"new repository `{item.repository}` is on the block list"
                + (f": {reason}" if reason else ""),
            )


def _parent_release(parent: str, releases: dict[str, list[str]]) -> str | None:
    """The release a branch starts from, as the release list names it (`Multi-Version_x_R`
    and `oepkg_..._oeR` name theirs last), or None."""
    if parent in releases:
        return parent
    tail = parent.split("_")[-1]
    if parent.startswith("Multi-Version") and tail in releases:
        return tail
    if parent.startswith("oepkg") and "_oe" in parent:
        release = tail.replace("oe", "openEuler", 1)
        return release if release in releases else None
    return None


def _new_branch(
    item: RepositoryFile,
    index: int,
    branch: dict[str, Any],
    rules: RepositoryRules,
    lists: GateLists,
    existed: bool,
) -> Iterator[Diagnostic]:
    name = str(branch["name"])
    place = ("branches", index)
    if existed and rules.recycle_sig is not None and item.sig == rules.recycle_sig:
        yield _at(
            item,
            "R008",
            place,
            f"new branch `{name}` in the {rules.recycle_sig} SIG, whose repositories take "
            "no new branches",
        )
    if (
        lists.unmaintained is not None
        and name in lists.unmaintained
        and branch.get("type") != rules.readonly_type
    ):
        yield _at(
            item,
            "R008",
            (*place, "type"),
            f"new branch `{name}` is named after an unmaintained release: make it "
            f"`type: {rules.readonly_type}`",
        )
    parent = _text(branch.get("create_from"))
    if (
        lists.releases is None
        or parent is None
        or name == rules.main_branch
        or item.owner not in rules.release_owners
        or name.startswith("oepkg")
    ):
        return
    release = _parent_release(parent, lists.releases)
    if release is None:
        yield _at(
            item,
            "R007",
            (*place, "create_from"),
            f"new branch `{name}` is created from `{parent}`, which the release list does "
            "not name as a branch to create from",
        )
        return
    allowed = lists.releases[release]
    child = name.split("_")[-1] if name.startswith("Multi-Version") else name
    if child not in allowed:
        yield _at(
            item,
            "R007",
            (*place, "create_from"),
            f"new branch `{name}` is created from `{parent}`, which the release list does "
            f"not allow (from `{release}`: {', '.join(allowed) or 'none'})",
        )


def new_findings(
    repositories: list[RepositoryFile],
    base: RepositoryBase,
    rules: RepositoryRules,
    lists: GateLists,
) -> Iterator[Diagnostic]:
    """R007, R008 for what `base` lacks: new repositories, and new branches of any."""
    for item in repositories:
        key = repository_key(item.owner, item.stem)
        existed = key in base.repositories
        if existed and key not in base.branches:
            continue  # an unchanged file: nothing new
        item.load()
        if item.problem is not None or not isinstance(item.data, dict):
            continue
        if not existed:
            yield from _new_repository(item, rules, lists)
        old = base.branches[key] if existed else frozenset()
        branches = item.data.get("branches")
        for index, branch in enumerate(branches if isinstance(branches, list) else []):
            named = isinstance(branch, dict) and _text(branch.get("name")) is not None
            if named and str(branch["name"]) not in old:
                yield from _new_branch(item, index, branch, rules, lists, existed)


def _lists(community: Community) -> GateLists:
    from sigcheck.checks.gate_data import gate_data, named, release_map

    block = gate_data(community, "block_list")
    unmaintained = gate_data(community, "unmaintained")
    releases = gate_data(community, "releases")
    return GateLists(
        named(block) if block is not None else None,
        frozenset(named(unmaintained)) if unmaintained is not None else None,
        release_map(releases) if releases is not None else None,
    )


def check(community: Community) -> Iterator[Diagnostic]:
    rules = community.config.layout_spec.repository_rules
    if rules is None:
        return
    every: list[RepositoryFile] = []
    for name in sorted(community.folders):
        for item in community.folders[name].repositories:
            every.append(item)
            yield from file_findings(item, rules)
    base = community.base
    if base is None:
        return
    keys = [repository_key(item.owner, item.stem) for item in every]
    if all(key in base.repositories and key not in base.branches for key in keys):
        return  # nothing new, nothing changed: no gate list is needed
    yield from new_findings(every, base, rules, _lists(community))
