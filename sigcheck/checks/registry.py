"""A SIG registry (OpenHarmony's `sig/sigs_list.toml`, Kubernetes' `sigs.yaml`) against the
folders and its copies: D001 for a record whose folder does not exist, T007 for a folder listed
twice, M002/M003 for the registry itself, L001/L003 for a folder-relative link a record names
(`charter_link`), M011 for a copy that disagrees. D003 (a folder no record lists) and D002 are in
folders.py; the records' metadata is checked like any `sig-info.yaml` (metadata.py, people.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sigcheck.diagnostics import Diagnostic, make
from sigcheck.files import Found
from sigcheck.layout import Registry
from sigcheck.model import Community, RegistryEntry, RegistryFile


def _missing_folder(community: Community, entry: RegistryEntry, path: str) -> Iterator[Diagnostic]:
    folder = community.config.folder_path(entry.folder or "")
    lookup = community.files.lookup(folder)
    if lookup.found is Found.CASE_ONLY and lookup.is_dir:
        message = f"SIG folder `{folder}` does not exist (there is `{lookup.actual}`)"
    elif lookup.found is Found.EXACT and lookup.is_dir:
        return  # excluded, hidden, a template or a symlink: deliberately not checked
    elif lookup.found is Found.OUTSIDE:
        message = f"SIG folder `{folder}` is a link out of the repository"
    else:
        message = f"SIG folder `{folder}` does not exist"
    yield make("D001", path, entry.line, entry.column, message, folder)


def _links(community: Community, entry: RegistryEntry, path: str) -> Iterator[Diagnostic]:
    """A record's folder-relative paths (`charter_link: charter.md`) must exist as written."""
    folder = community.config.folder_path(entry.folder or "")
    for key, (value, (line, column)) in entry.links.items():
        if "://" in value or value.startswith(("#", "mailto:")):
            continue  # an address: the online link checks' business
        target = f"{folder}/{value.split('#', 1)[0].lstrip('./')}"
        lookup = community.files.lookup(target)
        if lookup.found is Found.MISSING:
            yield make(
                "L001", path, line, column, f"`{key}: {value}` does not exist in {folder}", target
            )
        elif lookup.found is Found.CASE_ONLY:
            message = f"`{key}: {value}` exists only as `{lookup.actual}`"
            yield make("L003", path, line, column, message, target)


def _people(value: Any) -> list[str]:
    """Who a list of people is, compared across copies: each one's ids, else name."""
    found = []
    for person in value if isinstance(value, list) else []:
        if isinstance(person, dict):
            ids = sorted(
                str(v).strip().casefold()
                for k, v in person.items()
                if (k.endswith("_id") or k == "github") and isinstance(v, str) and v.strip()
            )
            found.append(",".join(ids) or str(person.get("name", "")).strip().casefold())
    return sorted(found)


def _repositories(value: Any) -> list[str]:
    found = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict):
            for repo in item.get("repo") or []:
                found.append(str(repo).strip().casefold())
    return sorted(found)


def _fields(registry: Registry) -> list[tuple[str, str]]:
    """(metadata key, what the registry calls it) of the values a copy must repeat."""
    fields = [("name", registry.name)]
    for key, written in (
        ("description", registry.description),
        ("status", registry.status),
        ("mailing_list", registry.mailing_list),
        ("meeting_url", registry.meeting_url),
    ):
        if written:
            fields.append((key, written))
    if registry.leads:
        fields.append(("maintainers", " / ".join(registry.leads)))
    if registry.repositories:
        fields.append(("repositories", registry.repositories))
    return fields


def _value(data: dict[str, Any], key: str) -> object:
    if key == "maintainers":
        return _people(data.get(key))
    if key == "repositories":
        return _repositories(data.get(key))
    value = data.get(key)
    return value.strip() if isinstance(value, str) else value


def _shown(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(f"@{v}" if v else "nobody" for v in value) or "nobody"
    text = str(value) if value is not None else "nothing"
    return text if len(text) <= 60 else text[:57] + "..."


def _copy(registry: Registry, main: RegistryFile, copy: RegistryFile) -> Iterator[Diagnostic]:
    """M011: one finding per SIG and field where the copy says otherwise, or lacks the SIG."""
    if not copy.readable:
        yield from copy.problems
        return
    yield from copy.problems
    ours = {e.folder: e for e in main.entries if e.folder}
    theirs = {e.folder: e for e in copy.entries if e.folder}
    for folder, entry in ours.items():
        other = theirs.get(folder)
        if other is None:
            message = f"`{folder}` is missing here (listed in {main.path})"
            yield make("M011", copy.path, None, None, message, f"{folder}:missing")
            continue
        for key, written in _fields(registry):
            mine, yours = _value(entry.metadata.data, key), _value(other.metadata.data, key)
            if mine != yours:
                line, column = other.metadata.position((key,))
                message = (
                    f"`{folder}`: `{written}` is {_shown(yours)} here, "
                    f"{_shown(mine)} in {main.path}"
                )
                yield make("M011", copy.path, line, column, message, f"{folder}:{key}")
    for folder, other in theirs.items():
        if folder not in ours:
            message = f"`{folder}` is listed here but not in {main.path}"
            yield make("M011", copy.path, other.line, other.column, message, f"{folder}:extra")


def check(community: Community) -> Iterator[Diagnostic]:
    main = community.registry
    spec = community.config.layout_spec.registry
    if main is None or spec is None:
        return
    yield from main.problems
    if not main.readable:
        return  # one M002 says why; nothing is judged from a registry that cannot be read
    seen: dict[str, RegistryEntry] = {}
    for entry in main.entries:
        folder = community.folders.get(entry.folder or "")
        attached = folder is not None and folder.metadata is entry.metadata
        if entry.folder is not None and entry.folder in seen:
            first = seen[entry.folder]
            message = f"SIG `{entry.folder}` is listed twice (also line {first.line})"
            yield make("T007", main.path, entry.line, entry.column, message, entry.folder)
        elif entry.folder is not None:
            seen[entry.folder] = entry
        if not attached:
            yield from entry.metadata.problems  # the folder's own checks never see this record
        if entry.folder is None:
            continue
        if folder is None:
            yield from _missing_folder(community, entry, main.path)
        elif attached:
            yield from _links(community, entry, main.path)
    for copy in main.copies:
        yield from _copy(spec, main, copy)
