"""A SIG registry (one file listing every SIG) read into per-SIG metadata, with positions.

Formats and where positions come from:
- YAML: ruamel.yaml through `yaml_meta.parse_yaml` (the composed node graph keeps the line and
  column of every key and value).
- JSON: `json` decides whether the file is valid (M002 with json's line and column); the same
  text is then composed as YAML (JSON is YAML's flow style) for positions only. A JSON file
  that YAML cannot compose (rare: tabs in odd places) keeps its data, positions at line 1.
- TOML: `tomllib` gives the data and has no positions; `toml_positions` finds them by reading
  the lines of the file (table headers `[[sig.projects]]`, `[sig.leader]` and `key = value`
  lines), which is what registries written by hand and by tools look like.

A record becomes the dictionary a `sig-info.yaml` would hold (`name`, `description`, `status`,
`maintainers`, `repositories[{repo, committers}]`, `mailing_list`, ...), each value with the
place it has in the registry, so every metadata check reports at `registry:line:col`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sigcheck.identity import Identity
from sigcheck.layout import Registry
from sigcheck.parsing.text import MAX_FILE_BYTES, TextProblem, read_text

FieldPath = tuple[str | int, ...]
Location = tuple[int, int]


@dataclass(slots=True)
class Document:
    """A parsed data file: its data and the place of each value (by field path)."""

    data: Any = None
    positions: dict[FieldPath, Location] = field(default_factory=dict)
    problem: tuple[str, int | None, int | None] | None = None
    """(message, line, column) when the file cannot be parsed."""
    missing: bool = False

    def position(self, path: FieldPath) -> Location:
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


def _split_keys(text: str) -> list[str]:
    """`sig.projects` / `"a.b".c` -> keys, quotes removed."""
    keys = []
    for match in re.finditer(r'\s*("(?:[^"\\]|\\.)*"|\'[^\']*\'|[^.\s]+)\s*(?:\.|$)', text):
        key = match.group(1)
        if key[:1] in "\"'":
            key = key[1:-1]
        keys.append(key)
    return keys


_HEADER_RE = re.compile(r"^(\s*)(\[\[?)\s*(.+?)\s*\]\]?\s*(#.*)?$")
_KEY_RE = re.compile(r'^(\s*)((?:"(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_.\- "\']+?))\s*=\s*(\S)')


def toml_positions(text: str) -> dict[FieldPath, Location]:
    """Line and column of each table and `key = value` of a TOML file, by field path (arrays
    of tables counted as TOML counts them). Multi-line values are placed at their first line;
    what is inside inline tables and arrays takes its key's place."""
    positions: dict[FieldPath, Location] = {}
    last: dict[FieldPath, int] = {}
    current: FieldPath = ()
    in_string: str | None = None

    def resolve(keys: list[str]) -> FieldPath:
        path: FieldPath = ()
        for key in keys:
            path = (*path, key)
            if path in last:
                path = (*path, last[path])
        return path

    for number, line in enumerate(text.splitlines(), start=1):
        if in_string is not None:
            if in_string in line:
                in_string = None
            continue
        header = _HEADER_RE.match(line)
        if header:
            keys = _split_keys(header.group(3))
            column = len(header.group(1)) + 1
            if header.group(2) == "[[":
                array = (*resolve(keys[:-1]), keys[-1])
                last[array] = last.get(array, -1) + 1
                current = (*array, last[array])
            else:
                current = resolve(keys)
            positions.setdefault(current, (number, column))
            continue
        match = _KEY_RE.match(line)
        if match is None:
            continue
        keys = _split_keys(match.group(2))
        positions[(*current, *keys)] = (number, match.start(3) + 1)
        rest = line[match.start(3) :]
        for quote in ('"""', "'''"):
            if rest.startswith(quote) and rest.count(quote) == 1:
                in_string = quote
    return positions


def _json_positions(text: str) -> dict[FieldPath, Location]:
    from sigcheck.parsing.yaml_meta import parse_yaml

    loaded = parse_yaml(text)
    if loaded.problem is not None:
        return {}
    return {**loaded.key_positions, **loaded.value_positions}


def parse_document(text: str, fmt: str) -> Document:
    """Parse `text` as `fmt` (`toml`, `json`, `yaml`); a problem, never an exception."""
    if fmt == "toml":
        import tomllib

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"line (\d+), column (\d+)", str(exc))
            line, column = (int(found.group(1)), int(found.group(2))) if found else (None, None)
            return Document(problem=(f"not valid TOML: {exc}", line, column))
        except RecursionError:
            return Document(problem=("not valid TOML: nested too deeply", None, None))
        return Document(data, toml_positions(text))
    if fmt == "json":
        import json

        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            return Document(problem=(f"not valid JSON: {exc.msg}", exc.lineno, exc.colno))
        except RecursionError:
            return Document(problem=("not valid JSON: nested too deeply", None, None))
        return Document(data, _json_positions(text))
    from sigcheck.parsing.yaml_meta import parse_yaml

    loaded = parse_yaml(text)
    if loaded.problem is not None:
        problem = loaded.problem
        return Document(problem=(problem.message, problem.line, problem.column))
    return Document(loaded.data, {**loaded.key_positions, **loaded.value_positions})


def read_document(path: Path, fmt: str, root: Path) -> Document:
    text = read_text(path, MAX_FILE_BYTES, root)
    if isinstance(text, TextProblem):
        return Document(problem=(text.message, text.line, text.column), missing=text.missing)
    return parse_document(text, fmt)


# --- records -> metadata ------------------------------------------------------------------------


@dataclass(slots=True)
class Record:
    """One SIG of a registry, read as per-SIG metadata."""

    folder: str | None
    """The folder it names; None when the record names none (M003)."""
    place: Location
    """Where the record names its folder (or where it starts)."""
    data: dict[str, Any]
    """The metadata as a `sig-info.yaml` would hold it."""
    value_positions: dict[FieldPath, Location]
    key_positions: dict[FieldPath, Location]
    problems: list[tuple[str, Location]] = field(default_factory=list)
    """(message, place) of what the record cannot say (M003)."""
    links: dict[str, tuple[str, Location]] = field(default_factory=dict)
    """Folder-relative paths it names (`charter_link`), with their places."""


def _at(data: Any, dotted: str) -> tuple[Any, FieldPath]:
    """The value at a dotted path inside `data`, and that path as keys."""
    keys = tuple(dotted.split("."))
    value = data
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value, keys


_URL_RE = re.compile(r"^https?://(?:www\.)?([^/]+)/([^/?#]+)/?$")
_REPO_RE = re.compile(r"^https?://(?:www\.)?[^/]+/([^/?#]+/[^/?#]+?)(?:\.git)?/?$")


def identity_hosts(identities: tuple[Identity, ...]) -> dict[str, str]:
    hosts = {}
    for identity in identities:
        if identity.profile_url:
            host = re.sub(r"^https?://(www\.)?", "", identity.profile_url.rstrip("/"))
            hosts[host.casefold()] = identity.key
    return hosts


def profile_id(value: object, hosts: dict[str, str]) -> tuple[str, str] | None:
    """(identity key, handle) of an id written as a profile URL on a known host."""
    if not isinstance(value, str):
        return None
    match = _URL_RE.match(value.strip())
    if match is None:
        return None
    key = hosts.get(match.group(1).casefold())
    return (key, match.group(2)) if key else None


class _Builder:
    """Copies values out of a record into metadata, remembering where each one came from."""

    def __init__(
        self, doc: Document, base: FieldPath, registry: Registry, hosts: dict[str, str]
    ) -> None:
        self.doc = doc
        self.base = base
        self.registry = registry
        self.hosts = hosts
        self.values: dict[FieldPath, Location] = {}
        self.keys: dict[FieldPath, Location] = {}

    def place(self, target: FieldPath, source: FieldPath) -> None:
        self.values[target] = self.doc.position((*self.base, *source))
        self.keys.setdefault(target, self.values[target])

    def person(self, value: Any, target: FieldPath, source: FieldPath) -> dict[str, Any] | None:
        self.place(target, source)
        if isinstance(value, str):
            found = profile_id(value, self.hosts)
            key = found[0] if found else next(iter(self.hosts.values()), "gitee_id")
            return {key: found[1] if found else value}
        if not isinstance(value, dict):
            return None
        renames = dict(self.registry.person_keys)
        person: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                continue
            name = renames.get(key, key)
            found = (
                profile_id(item, self.hosts)
                if key.endswith("_id") or key in (*self.hosts.values(),)
                else None
            )
            if found is not None:
                name, item = found
            if name in person and person[name] not in (None, ""):
                continue  # an email under two spellings: the first written one stays
            person[name] = item
            self.place((*target, name), (*source, key))
        return person

    def people(self, value: Any, target: FieldPath, source: FieldPath) -> list[dict[str, Any]]:
        items = value if isinstance(value, list) else [value] if value is not None else []
        found: list[dict[str, Any]] = []
        for index, item in enumerate(items):
            where = (*source, index) if isinstance(value, list) else source
            person = self.person(item, (*target, len(found)), where)
            if person is not None:
                found.append(person)
        return found


def _same(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """The same person written twice (the same value under the same id key or email)."""
    return any(
        key != "name"
        and isinstance(value, str)
        and value.strip()
        and str(other.get(key, "")).strip().casefold() == value.strip().casefold()
        for key, value in one.items()
        if key.endswith("_id") or key in ("github", "email")
    )


def _repository(value: object) -> object:
    """`owner/name` from a repository's web address; anything else as written (M008)."""
    if isinstance(value, str):
        match = _REPO_RE.match(value.strip())
        if match:
            return match.group(1)
    return value


def record_of(
    doc: Document,
    base: FieldPath,
    raw: Any,
    registry: Registry,
    identities: tuple[Identity, ...],
) -> Record:
    """The metadata of the record at `base` of `doc`."""
    hosts = identity_hosts(identities)
    build = _Builder(doc, base, registry, hosts)
    start = doc.position(base)
    if not isinstance(raw, dict):
        message = f"a record must be a mapping of SIG fields, not {type(raw).__name__}"
        return Record(None, start, {}, {}, {}, [(message, start)])
    data: dict[str, Any] = {}
    problems: list[tuple[str, Location]] = []
    fields = re.findall(r"\{([^{}]+)\}", registry.folder)
    values = {key: raw.get(key) for key in fields}
    folder: str | None = None
    place = start
    if fields and all(isinstance(v, str) and v.strip() for v in values.values()):
        folder = registry.folder.format(**{k: str(v) for k, v in values.items()})
        place = doc.position((*base, fields[0]))
    else:
        absent = ", ".join(f"`{key}`" for key, value in values.items() if not value)
        problems.append(
            (f"the record has no {absent or registry.folder}: it names no folder", start)
        )
    name, name_path = _at(raw, registry.name)
    data["name"] = name if name is not None else folder
    build.place(("name",), name_path if name is not None else ())
    for key, dotted in (
        ("description", registry.description),
        ("mailing_list", registry.mailing_list),
        ("meeting_url", registry.meeting_url),
    ):
        if dotted:
            value, path = _at(raw, dotted)
            if value is not None:
                data[key] = value
                build.place((key,), path)
    if registry.status:
        value, path = _at(raw, registry.status)
        if value is not None:
            archived = str(value).strip().casefold() in {v.casefold() for v in registry.archived}
            data["status"] = "archived" if archived else "active"
            build.place(("status",), path)
    maintainers: list[dict[str, Any]] = []
    for dotted in registry.leads:
        value, path = _at(raw, dotted)
        if value is not None and ("maintainers",) not in build.values:
            build.place(("maintainers",), path)
        items = value if isinstance(value, list) else [value] if value is not None else []
        for index, item in enumerate(items):
            where = (*path, index) if isinstance(value, list) else path
            person = build.person(item, ("maintainers", len(maintainers)), where)
            if person is not None and not any(_same(person, other) for other in maintainers):
                maintainers.append(person)  # a chair who is also a tech lead is one lead
    data["maintainers"] = maintainers
    if registry.repositories:
        value, path = _at(raw, registry.repositories)
        repositories: list[dict[str, Any]] = []
        for index, item in enumerate(value if isinstance(value, list) else []):
            if not isinstance(item, dict):
                continue
            target: FieldPath = ("repositories", len(repositories))
            entry: dict[str, Any] = {}
            url = item.get(registry.repository_url)
            if url is not None:
                entry["repo"] = [_repository(url)]
                build.place((*target, "repo", 0), (*path, index, registry.repository_url))
            if registry.repository_committers:
                key = registry.repository_committers
                entry["committers"] = build.people(
                    item.get(key), (*target, "committers"), (*path, index, key)
                )
            build.place(target, (*path, index))
            repositories.append(entry)
        data["repositories"] = repositories
    links = {}
    for dotted in registry.folder_links:
        value, path = _at(raw, dotted)
        if isinstance(value, str) and value.strip():
            links[dotted] = (value.strip(), doc.position((*base, *path)))
    return Record(folder, place, data, build.values, build.keys, problems, links)


def records_of(
    doc: Document, lists: tuple[str, ...], registry: Registry, identities: tuple[Identity, ...]
) -> tuple[list[Record], list[tuple[str, Location]]]:
    """Every record of the lists (in file order), and what is wrong with the lists."""
    records: list[Record] = []
    problems: list[tuple[str, Location]] = []
    data = doc.data
    if not lists:
        if not isinstance(data, list):
            problems.append(("the file must be a list of SIG records", (1, 1)))
            return records, problems
        for index, raw in enumerate(data):
            records.append(record_of(doc, (index,), raw, registry, identities))
        return records, problems
    if not isinstance(data, dict):
        kind = type(data).__name__
        problems.append((f"the top level must be a mapping holding the lists, not {kind}", (1, 1)))
        return records, problems
    for key in lists:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            problems.append((f"`{key}` must be a list of SIG records", doc.position((key,))))
            continue
        for index, raw in enumerate(value):
            records.append(record_of(doc, (key, index), raw, registry, identities))
    return records, problems
