"""Build the model of a repository's SIG folder from disk (parsing → model).

Everything read here is read once; the checks and the generators work on the result.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from sigcheck import pages
from sigcheck.cache import ContentCache
from sigcheck.config import Config
from sigcheck.diagnostics import field_path, make
from sigcheck.files import TABLE_MAX_BYTES, FileIndex, inside, kind
from sigcheck.layout import RepositoryRules
from sigcheck.model import (
    Community,
    MarkdownDoc,
    MetadataFile,
    OwnersFile,
    RegistryEntry,
    RegistryFile,
    SigFolder,
    SigMetadata,
    SigTable,
)
from sigcheck.parsing.markdown import document_from, parse, read_table
from sigcheck.parsing.text import MAX_FILE_BYTES, TextProblem, read_text
from sigcheck.parsing.yaml_meta import LoadedYaml, from_json, parse_yaml, read_yaml_text, to_json

MARKDOWN_SUFFIXES = (".md", ".markdown")
_SUPPRESS_RE = re.compile(
    r"sigcheck-disable-(next-line|line)\b[ \t]*([A-Z0-9, \t]*)", re.IGNORECASE
)


class LoadListener(Protocol):
    """Told what is read as soon as it is, on the loading thread (`check --online` starts its
    requests on it while the pages are still being parsed)."""

    def tables_read(self, community: Community) -> None:
        """The tables and the metadata are read; `community.documents` has no page yet."""

    def page_read(self, path: str, doc: MarkdownDoc) -> None:
        """One page is parsed (in the order the parsing finishes)."""


class LoadError(Exception):
    """The repository cannot be checked at all (no sigs folder); the CLI exits 2."""


def is_excluded(path: str, patterns: list[str]) -> bool:
    return any(
        fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(path, pattern.rstrip("/") + "/*")
        for pattern in patterns
    )


def _suppressions(text: str) -> dict[int, frozenset[str]]:
    """Lines whose findings are silenced: `sigcheck-disable-next-line CODES` (the next line)
    and `sigcheck-disable-line CODES` (its own line). No codes: every code."""
    found: dict[int, frozenset[str]] = {}
    if "sigcheck-disable" not in text:
        return found
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _SUPPRESS_RE.finditer(line):
            codes = frozenset(re.findall(r"[A-Z]+[0-9]*", match.group(2).upper()))
            target = number + 1 if match.group(1).lower() == "next-line" else number
            previous = found.get(target)
            found[target] = (
                frozenset()
                if not codes or previous == frozenset()
                else codes | (previous or frozenset())
            )
    return found


def _markdown_files(
    root: Path,
    sigs_dir: str,
    exclude: list[str],
    index: FileIndex,
    templates: frozenset[str] = frozenset(),
    tops: list[str] | None = None,
) -> list[str]:
    """Pages under the sigs folder (or under each of `tops`, SIG folders at the root), folder
    by folder (a folder's own pages first, then its subfolders', each sorted), as `os.walk`
    would give them without following links. The listings come from `index`, which the folder
    model and the link checks read again: openEuler's thousands of per-repository folders are
    listed once per run, not twice. The template folders (`sig-template`: placeholder links by
    design) are not read."""
    found: list[str] = []
    top = (root / sigs_dir).relative_to(root).as_posix()
    skipped = {name if top == "." else f"{top}/{name}" for name in templates}
    stack = list(reversed(tops)) if tops is not None else [top]
    while stack:
        relative = stack.pop()
        entries = index.listing(relative) or {}
        subfolders = []
        for name in sorted(entries):
            entry = entries[name]
            path = f"{relative}/{name}" if relative != "." else name
            if entry.is_dir:
                if (
                    not entry.is_symlink
                    and not name.startswith(".")
                    and not is_excluded(path, exclude)
                    and path not in skipped
                ):
                    subfolders.append(path)
            elif name.lower().endswith(MARKDOWN_SUFFIXES) and not is_excluded(path, exclude):
                found.append(path)
        stack.extend(reversed(subfolders))
    return found


def _load_yaml(path: Path, cache: ContentCache, root: Path) -> LoadedYaml:
    text = read_yaml_text(path, root)
    if isinstance(text, LoadedYaml):
        return text
    key = cache.key("yaml", text)
    cached = cache.get(key)
    if cached is not None:
        return from_json(cached, text)
    loaded = parse_yaml(text)
    loaded.text = text
    # no cache folder (`--no-cache`, CI): nothing would keep the JSON, so do not build it
    if cache.path is not None and (value := to_json(loaded)) is not None:
        cache.put(key, value)
    return loaded


def _metadata(
    root: Path, path: str, suppressions: dict[str, dict[int, frozenset[str]]], cache: ContentCache
) -> MetadataFile:
    loaded = _load_yaml(root / path, cache, root)
    result = MetadataFile(path, None, loaded.data, loaded.value_positions, loaded.key_positions)
    if loaded.text and (silenced := _suppressions(loaded.text)):
        suppressions[path] = silenced
    if loaded.problem:
        problem = loaded.problem
        result.problems.append(
            make("M002", path, problem.line, problem.column, problem.message, "")
        )
        return result
    if not isinstance(loaded.data, dict):
        kind = type(loaded.data).__name__
        result.problems.append(
            make(
                "M003", path, 1, 1, f"the top level must be a mapping of SIG fields, not {kind}", ""
            )
        )
        return result
    _validate(result)
    return result


def _validate(result: MetadataFile) -> None:
    """The metadata of a file's data, or an M003 per schema error at its place."""
    path = result.path
    try:
        result.metadata = SigMetadata.model_validate(result.data)
    except ValidationError as exc:
        locs = []
        for error in exc.errors():
            loc = tuple(
                part
                for part in error["loc"]
                if not isinstance(part, str) or not part.startswith("function-")
            )
            locs.append(loc)
            line, column = result.position(loc)
            where = ".".join(str(part) for part in loc) or "(top level)"
            message = error["msg"].removeprefix("Value error, ")
            if error["type"] == "missing":
                message = "required field is missing"
            subject = f"{field_path(loc)}:{error['type']}"
            result.problems.append(make("M003", path, line, column, f"{where}: {message}", subject))
        result.partial, result.left_out = _without_broken_entries(result.data, locs)


def _without_broken_entries(
    data: dict[str, Any], locs: list[tuple[str | int, ...]]
) -> tuple[SigMetadata | None, list[tuple[str | int, ...]]]:
    """SPEC §7, partial metadata: the metadata with each entry that breaks the schema left
    out (an item of a top-level list, or an optional top-level key), when the rest is valid."""
    drop: set[tuple[str | int, ...]] = set()
    for loc in locs:
        if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data.get(str(loc[0])), list):
            drop.add(loc[:2])
        elif loc and loc[0] != "name":
            drop.add(loc[:1])
        else:
            return None, []
    kept = {key: value for key, value in data.items() if (key,) not in drop}
    for key in {str(loc[0]) for loc in drop if len(loc) == 2 and (loc[0],) not in drop}:
        kept[key] = [item for i, item in enumerate(data[key]) if (key, i) not in drop]
    try:
        return SigMetadata.model_validate(kept), sorted(drop, key=str)
    except ValidationError:
        return None, []


def _folders(
    root: Path,
    config: Config,
    files: FileIndex,
    suppressions: dict[str, dict[int, frozenset[str]]],
    cache: ContentCache,
) -> dict[str, SigFolder]:
    sigs_dir = config.sigs_dir.strip("/")
    layout = config.layout_spec
    folders: dict[str, SigFolder] = {}
    for name, entry in sorted((files.listing("" if sigs_dir == "." else sigs_dir) or {}).items()):
        path = config.folder_path(name)
        if not entry.is_dir or entry.is_symlink or name.startswith("."):
            continue
        if is_excluded(path, config.exclude) or name in config.templates:
            continue
        if layout.folder_globs and not any(
            fnmatch.fnmatchcase(name, g) for g in layout.folder_globs
        ):
            continue
        # a folder named like a page (`README.md/`) is not a page: D002, not a silent pass
        names = frozenset(
            n
            for n, e in (files.listing(path) or {}).items()
            if not (e.is_dir and n.lower().endswith(MARKDOWN_SUFFIXES))
        )
        folder = SigFolder(name, path, names)
        if layout.registry is None and config.metadata_file in folder.files:
            meta_path = f"{path}/{config.metadata_file}"
            folder.metadata = _metadata(root, meta_path, suppressions, cache)
        owners_file = config.owners_file_name
        if owners_file and owners_file in folder.files:
            folder.owners = _owners(root, f"{path}/{owners_file}", suppressions, cache, config)
        if layout.repository_files:
            folder.repository_files = _repository_files(files, path)
        folders[name] = folder
    rules = config.layout_spec.repository_rules
    if rules is not None:
        _read_repositories(root, files, folders, rules, suppressions, cache)
    return folders


def _owners(
    root: Path,
    path: str,
    suppressions: dict[str, dict[int, frozenset[str]]],
    cache: ContentCache,
    config: Config,
) -> OwnersFile:
    from sigcheck.parsing.owners import owners_from, owners_of_data
    from sigcheck.parsing.registry import identity_hosts, read_document

    layout = config.layout_spec
    hosts = identity_hosts(config.people_rules().identities)
    leads, committers = layout.owners_leads, layout.owners_committers
    if layout.owners_format == "json":
        doc = read_document(root / path, "json", root)
        result = OwnersFile(path, wins=layout.owners_win, leads_key=leads[0] if leads else "")
        if doc.problem is not None:
            message, line, column = doc.problem
            result.problems.append(make("M002", path, line, column, message, ""))
            return result
        return owners_of_data(result, doc.data, doc.positions, leads, committers, hosts)
    loaded = _load_yaml(root / path, cache, root)
    if loaded.text and (silenced := _suppressions(loaded.text)):
        suppressions[path] = silenced
    result = owners_from(path, loaded, leads, committers, hosts)
    result.wins = layout.owners_win
    return result


def _registry_file(
    root: Path, config: Config, path: str, lists: tuple[str, ...], missing_ok: bool
) -> RegistryFile | None:
    """A registry (or a copy) read into entries; None when a copy does not exist."""
    from sigcheck.parsing.registry import read_document, records_of

    layout = config.layout_spec
    registry = layout.registry
    assert registry is not None
    fmt = path.rsplit(".", 1)[-1].lower()
    fmt = {"yml": "yaml", "json": "json", "toml": "toml"}.get(fmt, "yaml")
    doc = read_document(root / path, fmt, root)
    if doc.missing and missing_ok:
        return None
    result = RegistryFile(path, readable=doc.problem is None)
    if doc.problem is not None:
        message, line, column = doc.problem
        if doc.missing:
            message = f"the SIG registry `{path}` does not exist"
        result.problems.append(make("M002", path, line, column, message, ""))
        return result
    records, problems = records_of(doc, lists, registry, config.people_rules().identities)
    for message, (line, column) in problems:
        result.problems.append(make("M003", path, line, column, message, message))
    for record in records:
        meta = MetadataFile(path, None, record.data, record.value_positions, record.key_positions)
        for message, (line, column) in record.problems:
            subject = f"{record.folder or ''}:{message}"
            meta.problems.append(make("M003", path, line, column, message, subject))
        if record.folder is not None:
            _validate(meta)
        result.entries.append(
            RegistryEntry(record.folder, *record.place, metadata=meta, links=record.links)
        )
    return result


def _registry(root: Path, config: Config, folders: dict[str, SigFolder]) -> RegistryFile | None:
    """The layout's registry, its records given to their folders, and its copies."""
    registry = config.layout_spec.registry
    if registry is None:
        return None
    result = _registry_file(root, config, registry.path, registry.lists, missing_ok=False)
    assert result is not None
    for entry in result.entries:
        folder = folders.get(entry.folder or "")
        if folder is not None and folder.metadata is None:
            folder.metadata = entry.metadata
    for copy in registry.copies:
        found = _registry_file(root, config, copy.path, copy.lists, missing_ok=True)
        if found is not None:
            result.copies.append(found)
    return result


def _repository_files(files: FileIndex, folder: str) -> list[tuple[str, str]]:
    """`<owner>/<letter>/<name>.yaml` under a SIG folder: (`owner/name`, path). Their paths
    are claims (M009); where the layout has repository rules they are read too."""
    found: list[tuple[str, str]] = []
    for owner, entry in sorted((files.listing(folder) or {}).items()):
        if not entry.is_dir or entry.is_symlink or owner.startswith("."):
            continue
        for letter, sub in sorted((files.listing(f"{folder}/{owner}") or {}).items()):
            if not sub.is_dir or sub.is_symlink or len(letter) != 1:
                continue
            for name in sorted(files.names(f"{folder}/{owner}/{letter}")):
                if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                    repository = f"{owner}/{name.rsplit('.', 1)[0]}"
                    found.append((repository, f"{folder}/{owner}/{letter}/{name}"))
    return found


def _read_repositories(
    root: Path,
    files: FileIndex,
    folders: dict[str, SigFolder],
    rules: RepositoryRules,
    suppressions: dict[str, dict[int, frozenset[str]]],
    cache: ContentCache,
) -> None:
    """Read and check every per-repository file of the layout's owners (on every core:
    repository_scan.py) into `folder.repositories`."""
    from sigcheck.repository_scan import scan

    jobs = []
    for name, folder in folders.items():
        owners = {f"{folder.path}/{owner}/" for owner in rules.owners}
        for repository, path in folder.repository_files:
            if path[: path.index("/", len(folder.path) + 1) + 1] not in owners:
                continue
            owner, _slash, stem = repository.partition("/")
            parent, _slash, file_name = path.rpartition("/")
            # the folders above were listed and are no symlinks (`_repository_files`): a file
            # that is none either stays inside the root without resolving its path
            entry = (files.listing(parent) or {}).get(file_name)
            confine = entry is None or entry.is_symlink
            jobs.append((path, name, owner, parent.rpartition("/")[2], stem, confine))
    found, commented = scan(root, jobs, rules, cache)
    for path, text in commented.items():
        if silenced := _suppressions(text):
            suppressions[path] = silenced
    for job in jobs:
        folders[job[1]].repositories.append(found[job[0]])


def _data_reader(root: Path) -> Callable[[str], tuple[Any, str | None] | None]:
    """Reads a gate data file (`[gate]`): None when absent, else (data, problem)."""
    from sigcheck.parsing.yaml_meta import load_yaml_file

    def read(path: str) -> tuple[Any, str | None] | None:
        if kind(root / path) != "file":
            return None
        loaded = load_yaml_file(root / path, root)
        if loaded.problem is not None:
            where = f" (line {loaded.problem.line})" if loaded.problem.line else ""
            return None, f"{loaded.problem.message}{where}"
        return loaded.data, None

    return read


def load_community(
    root: Path,
    config: Config,
    use_cache: bool = False,
    pages_too: bool = True,
    only: frozenset[str] | None = None,
    listener: LoadListener | None = None,
) -> Community:
    """The model of the repository. `use_cache`: reuse what earlier runs parsed (cache.py).
    `pages_too=False` reads only the tables and the metadata, all that `fix` and `import`
    need (no links, no anchors of other pages). `only`: the files that exist for the checks
    (git's index, for a hook); other files on disk are treated as absent. `listener`: told
    of the tables, the metadata and each page as soon as they are read."""
    sigs_dir = config.sigs_dir.strip("/")
    if kind(root / sigs_dir) != "dir":
        raise LoadError(f"the sigs folder `{sigs_dir}` does not exist under {root}")
    if not inside(root / sigs_dir, root):
        raise LoadError(f"the sigs folder `{sigs_dir}` is a symlink that leads out of {root}")
    files = FileIndex(root, only)
    # keyed by the configuration too (SPEC §6), though parsing does not read it today
    scope = config.model_dump_json() if use_cache else ""
    cache = ContentCache(root / config.cache_dir if use_cache else None, root, scope)
    tables = [
        SigTable(config=t, path=t.path, exists=False)
        for t in config.resolved_tables(root)
        # the default en table exists when its file does; for a hook, when git tracks it
        if only is None or config.tables is not None or not t.is_english or t.path in only
    ]
    table_texts: dict[str, str] = {}
    documents: dict[str, MarkdownDoc] = {}
    suppressions: dict[str, dict[int, frozenset[str]]] = {}
    other_pages: list[tuple[str, str]] = []
    table_paths = {table.path for table in tables}
    globs = config.layout_spec.folder_globs
    tops = (
        [
            name
            for name, e in sorted(
                (files.listing("" if sigs_dir == "." else sigs_dir) or {}).items()
            )
            if e.is_dir
            and any(fnmatch.fnmatchcase(name, g) for g in globs)
            and name not in config.templates
        ]
        if globs
        else None
    )
    page_paths = (
        _markdown_files(root, sigs_dir, config.exclude, files, config.templates, tops)
        if pages_too
        else []
    )
    missing: set[str] = set()
    for path in dict.fromkeys([*page_paths, *table_paths]):
        if only is not None and path not in only:  # untracked: not part of the community
            missing.add(path)
            continue
        limit = TABLE_MAX_BYTES if path in table_paths else MAX_FILE_BYTES
        text = read_text(root / path, limit, root)
        if isinstance(text, TextProblem):
            if text.missing:
                missing.add(path)
            else:
                documents[path] = MarkdownDoc(path, problem=text.message)
            continue
        if silenced := _suppressions(text):
            suppressions[path] = silenced
        if path in table_paths:
            table_texts[path] = text
        else:
            other_pages.append((path, text))

    pending = pages.PendingDocuments(other_pages, cache)  # parses in workers meanwhile
    rules = config.people_rules()
    folders = _folders(root, config, files, suppressions, cache)
    registry = _registry(root, config, folders)
    for table in tables:
        table.exists = table.path not in missing
        document = documents.get(table.path)
        if document is not None and document.problem:
            table.readable_problem = document.problem
        elif table.path in table_texts:
            parsed = parse(table_texts[table.path])
            documents[table.path] = document_from(table.path, parsed)
            read_table(parsed, table, table.config, sigs_dir, config.own_address, rules)
    if listener is not None:
        partial = Community(
            str(root), config, sigs_dir, folders, tables, dict(documents), files, registry=registry
        )
        listener.tables_read(partial)
    documents.update(pending.result(listener.page_read if listener is not None else None))
    cache.save()

    def read_page(path: str) -> MarkdownDoc:
        text = read_text(root / path, root=root)
        if isinstance(text, TextProblem):
            return MarkdownDoc(path, problem=text.message)
        return document_from(path, parse(text))

    return Community(
        root=str(root),
        config=config,
        sigs_dir=sigs_dir,
        folders=folders,
        tables=tables,
        documents=documents,
        files=files,
        suppressions=suppressions,
        registry=registry,
        page_reader=read_page,
        data_reader=_data_reader(root),
    )
