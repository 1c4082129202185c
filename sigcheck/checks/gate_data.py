"""The data files a community's own gate reads (openEuler: exceptions, block list, unmaintained
releases, the release list): configuration (`[gate]`) with the layout's places as defaults.

Read when a check first needs one, once a run, through the loader's reader (files.py: the warm
trace sees them). An absent or unreadable file is a note for the person running the check,
never a crash and never a finding: the rules that need it are then not applied.
"""

from __future__ import annotations

from typing import Any

from sigcheck.model import Community

_LABELS = {
    "exceptions": "exceptions list (repositories exempt from one SIG per repository)",
    "block_list": "block list (software no new repository packages)",
    "unmaintained": "list of unmaintained releases",
    "releases": "release list (which branch may be created from which)",
}
_MISSING = object()


def gate_data(community: Community, kind: str) -> Any:
    """The data of the first existing file configured for `kind`, or None (with a note)."""
    if kind in community.gate_data:
        return community.gate_data[kind]
    places = community.config.gate_files(kind)
    found: Any = _MISSING
    for path in places:
        got = community.data_reader(path) if community.data_reader is not None else None
        if got is None:
            continue
        data, problem = got
        if problem is not None:
            community.notes.append(
                f"sigcheck: {path}: the {_LABELS[kind]} cannot be read ({problem}); "
                "the rules that need it are not applied"
            )
            found = None
        else:
            found = data
        break
    if found is _MISSING:
        where = " or ".join(f"`{path}`" for path in places) or "none configured"
        community.notes.append(
            f"sigcheck: no {_LABELS[kind]} ({where}); the rules that need it are not applied "
            f'(`[gate] {kind} = "..."` names it)'
        )
        found = None
    community.gate_data[kind] = found
    return found


def named(data: Any) -> dict[str, str]:
    """Names a gate list holds, each with its reason (empty when none is given): a list of
    names or of `{name, reason}`, or a mapping whose first list is that
    (`exceptions: [...]`, `blacklist-software: [...]`)."""
    if isinstance(data, dict):
        data = next((value for value in data.values() if isinstance(value, list)), [])
    found: dict[str, str] = {}
    for entry in data if isinstance(data, list) else []:
        if isinstance(entry, str) and entry.strip():
            found[entry.strip()] = ""
        elif isinstance(entry, dict) and isinstance(entry.get("name"), str):
            reason = entry.get("reason")
            found[entry["name"].strip()] = reason.strip() if isinstance(reason, str) else ""
    return found


def release_map(data: Any) -> dict[str, list[str]] | None:
    """The release list: parent branch -> the branches that may be created from it
    (`branch: {parent: [children]}`), or None when the data is not that shape."""
    branches = data.get("branch") if isinstance(data, dict) else None
    if not isinstance(branches, dict):
        return None
    return {
        str(parent): [str(child) for child in children] if isinstance(children, list) else []
        for parent, children in branches.items()
    }
