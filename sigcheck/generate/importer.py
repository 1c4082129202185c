"""`sigcheck import`: bootstrap the metadata from the tables as they are today.

For a listed SIG without `sig-info.yaml`, a new file (openEuler keys plus sigcheck's); for an
existing file, the sigcheck keys it lacks. An existing file is never rewritten: the new keys
are rendered by ruamel.yaml and appended after the last line, so every byte the file had
(comments, key order, quoting, indentation, line endings) stays. Only when appending would
not read back the same (a flow-style or multi-document file) is the file loaded and dumped by
ruamel.yaml's round-trip mode instead. Every result is parsed again and compared before it is
written; a value that exists is never overwritten.

The goal: after `import`, `fix` changes no SIG, link, domain or lead handle in the tables, only
their layout (a link label that differs from its handle is display text, not stored).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from sigcheck.generate.region import BOM
from sigcheck.generate.render import unescape_pipes
from sigcheck.model import Community, MetadataFile, Person, SigFolder, SigMetadata, TableLead
from sigcheck.parsing.leads import is_handle

SIGCHECK_KEYS = ("display_name", "domain", "domain_en", "leads")
_KEY_THEN_DASH_RE = re.compile(
    r"^( *)[^\s#-][^#\n]*:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*( *)- ", re.M
)

Action = Literal["created", "updated", "unchanged", "skipped"]


@dataclass(slots=True)
class RowFacts:
    """What the tables say about one SIG (first table that says it wins)."""

    label: str | None = None
    domain: str | None = None
    domain_en: str | None = None
    leads: list[TableLead] | None = None
    leads_problem: str | None = None


@dataclass(slots=True)
class ImportResult:
    path: str
    action: Action
    keys: list[str] = field(default_factory=list)
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    content: bytes | None = None
    """What to write (created or updated)."""


def collect_rows(community: Community) -> dict[str, RowFacts]:
    """Per listed SIG folder that exists: label, zh and en domain, leads from the tables."""
    facts: dict[str, RowFacts] = {}
    for table in community.tables:
        if not (table.found and table.header_matches):
            continue
        english = table.config.is_english
        for row in table.rows:
            if row.cell_count != 3 or row.folder is None or row.folder not in community.folders:
                continue
            info = facts.setdefault(row.folder, RowFacts())
            if info.label is None and row.name_text:
                info.label = row.name_text
            domain = unescape_pipes(row.domain).strip()
            if domain and english and info.domain_en is None:
                info.domain_en = domain
            elif domain and not english and info.domain is None:
                info.domain = domain
            if info.leads is None:
                if row.leads_problem:
                    info.leads_problem = info.leads_problem or row.leads_problem
                else:
                    info.leads = list(row.leads)
    return facts


# --- YAML output -------------------------------------------------------------------------------


def _yaml11_safe(value: Any) -> Any:
    """Quote a string that YAML 1.1 readers (PyYAML, openEuler's tools) would take for
    something else (`yes`, `on`, `1:20`, a date), as ruamel.yaml (YAML 1.2) would not."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    if isinstance(value, str):
        tag = VersionedResolver(version=(1, 1)).resolve(ScalarNode, value, (True, False))
        return value if str(tag).endswith(":str") else SingleQuotedScalarString(value)
    if isinstance(value, dict):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _yaml11_safe(item)
        return mapping
    if isinstance(value, list):
        return CommentedSeq([_yaml11_safe(item) for item in value])
    return value


def _dumper(offset: int) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096  # never fold a long domain over two lines
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    return yaml


def _dump(data: dict[str, Any], offset: int) -> str:
    stream = io.StringIO()
    _dumper(offset).dump(_yaml11_safe(data), stream)
    return stream.getvalue()


def sequence_offset(text: str) -> int:
    """How far this file indents `- ` under its key (0: `key:\\n- a`, 2: `key:\\n  - a`)."""
    match = _KEY_THEN_DASH_RE.search(text.replace("\r\n", "\n"))
    if not match:
        return 0
    return min(max(len(match.group(2)) - len(match.group(1)), 0), 4)


def _reads_as(text: str, expected: dict[str, Any]) -> bool:
    from sigcheck.parsing.yaml_meta import parse_yaml

    loaded = parse_yaml(text)
    return loaded.problem is None and loaded.data == expected


def append_keys(original: bytes, data: dict[str, Any], additions: dict[str, Any]) -> bytes | None:
    """The file with `additions` as new top-level keys at its end, or None when that cannot be
    done safely. `data` is the file's current content as the loader read it."""
    bom = original.startswith(BOM)
    text = original[len(BOM) if bom else 0 :].decode("utf-8")
    expected = {**data, **additions}
    eol = "\r\n" if "\r\n" in text else "\n"
    snippet = _dump(additions, sequence_offset(text)).replace("\n", eol)
    glue = "" if not text or text.endswith(("\n", "\r")) else eol
    candidate = text + glue + snippet
    if not _reads_as(candidate, expected):
        dumped = _round_trip(text, additions)
        if dumped is None or not _reads_as(dumped, expected):
            return None
        candidate = dumped
    return (BOM if bom else b"") + candidate.encode("utf-8")


def _round_trip(text: str, additions: dict[str, Any]) -> str | None:
    """Load and dump with ruamel.yaml round-trip: comments, order and quotes kept."""
    from ruamel.yaml.error import YAMLError

    yaml = _dumper(sequence_offset(text))
    yaml.preserve_quotes = True
    try:
        document = yaml.load(text)
        if not isinstance(document, dict):
            return None
        for key, value in additions.items():
            document[key] = _yaml11_safe(value)
        stream = io.StringIO()
        yaml.dump(document, stream)
    except (YAMLError, ValueError, TypeError):
        return None
    return stream.getvalue()


# --- what to add -------------------------------------------------------------------------------


def _known_people(meta: SigMetadata) -> list[Person]:
    people = [*meta.maintainers, *meta.mentors]
    for repository in meta.repositories:
        people += [*repository.repo_admin, *repository.committers, *repository.contributors]
    return people


def same_person(lead: TableLead, person: Person) -> bool:
    if lead.handle:
        return bool(person.gitee_id) and lead.handle.casefold() == str(person.gitee_id).casefold()
    name = (lead.name or lead.text).strip().casefold()
    return name in {(person.name or "").strip().casefold(), (person.gitee_id or "").casefold()}


def _same_leads(leads: list[TableLead], people: list[Person]) -> bool:
    return len(leads) == len(people) and all(
        same_person(lead, person) for lead, person in zip(leads, people, strict=True)
    )


def _lead_entries(leads: list[TableLead], meta: SigMetadata) -> tuple[list[str], list[str]]:
    """`leads:` entries for the table's leads, and warnings about what they cannot say."""
    known = _known_people(meta)
    entries: list[str] = []
    warnings: list[str] = []
    for lead in leads:
        if lead.handle:
            entries.append(lead.handle)
            continue
        name = (lead.name or lead.text).strip()
        match = next((p for p in known if same_person(lead, p)), None)
        if match is not None:
            entries.append((match.name or match.gitee_id or name).strip())
            continue
        entry = lead.text.strip() if lead.affiliation else name
        entries.append(entry)
        if is_handle(entry):
            warnings.append(
                f"lead `{entry}` has no handle and is not among the file's people, so `leads` "
                "reads it as a Gitee handle: add them with `name:` to maintainers or mentors"
            )
    return entries, warnings


def _emails_not_kept(leads: list[TableLead], people: list[Person]) -> list[str]:
    warnings = []
    for lead in leads:
        if not lead.email:
            continue
        person = next((p for p in people if same_person(lead, p)), None)
        if person is None or (person.email or "").casefold() != lead.email.casefold():
            who = f"@{lead.handle}" if lead.handle else f"`{lead.name or lead.text}`"
            warnings.append(
                f"the table shows the email {lead.email} for {who}; the file does not have it "
                "(not imported: emails are shown only with `generate.emails = true`)"
            )
    return warnings


def _person_from_lead(lead: TableLead) -> dict[str, Any]:
    person: dict[str, Any] = {}
    if lead.handle:
        person["gitee_id"] = lead.handle
    else:
        person["name"] = (lead.name or lead.text).strip()
        if lead.affiliation:
            person["organization"] = lead.affiliation
    if lead.email:
        person["email"] = lead.email
    return person


_HEADER = (
    "# Written by `sigcheck import` from the SIG tables: the openEuler sig-info.yaml keys,\n"
    "# plus sigcheck's table keys (display_name, domain, domain_en, leads, status).\n"
    "# `sigcheck schema` prints the JSON Schema of this file.\n"
)


def _create(folder: SigFolder, path: str, info: RowFacts) -> ImportResult:
    data: dict[str, Any] = {"name": (info.label or folder.name).strip()}
    if info.domain:
        data["description"] = info.domain
    if info.domain_en:
        data["description_en"] = info.domain_en
    warnings = []
    if info.leads:
        data["maintainers"] = [_person_from_lead(lead) for lead in info.leads]
    else:
        warnings.append(
            f"no maintainers imported: the leads cell cannot be read ({info.leads_problem}); "
            "`fix` keeps the cell as it is"
        )
    if info.domain:
        data["domain"] = info.domain
    if info.domain_en:
        data["domain_en"] = info.domain_en
    text = _HEADER + _dump(data, 0)
    if not _reads_as(text, data):
        return ImportResult(path, "skipped", reason="the values cannot be written as YAML safely")
    return ImportResult(path, "created", list(data), warnings=warnings, content=text.encode())


def _update(
    path: str, original: bytes, meta_file: MetadataFile, meta: SigMetadata, info: RowFacts
) -> ImportResult:
    data = meta_file.data
    additions: dict[str, Any] = {}
    warnings: list[str] = []
    label = (info.label or "").strip()
    if "display_name" not in data and label and label != meta.name.strip():
        additions["display_name"] = label
    if "domain" not in data and info.domain:
        additions["domain"] = info.domain
    if "domain_en" not in data and info.domain_en:
        additions["domain_en"] = info.domain_en
    if info.leads is not None:
        if "leads" not in data and not _same_leads(info.leads, meta.lead_people()):
            entries, warnings = _lead_entries(info.leads, meta)
            additions["leads"] = entries
        warnings += _emails_not_kept(info.leads, _known_people(meta))
    if not additions:
        return ImportResult(path, "unchanged", warnings=warnings)
    try:
        content = append_keys(original, data, additions)
    except UnicodeDecodeError:
        content = None
    if content is None:
        return ImportResult(
            path, "skipped", reason="cannot add keys to this file safely; add them by hand"
        )
    return ImportResult(path, "updated", list(additions), warnings=warnings, content=content)


def plan_import(community: Community) -> list[ImportResult]:
    """What `import` would do, SIG by SIG (sorted by folder); nothing is written here."""
    from pathlib import Path

    from sigcheck.files import ReadProblem, read_file

    root = Path(community.root)
    name = community.config.metadata_file
    results: list[ImportResult] = []
    for folder_name, info in sorted(collect_rows(community).items()):
        folder = community.folders[folder_name]
        path = f"{folder.path}/{name}"
        meta_file = folder.metadata
        if meta_file is None:
            results.append(_create(folder, path, info))
            continue
        if meta_file.metadata is None or not isinstance(meta_file.data, dict):
            first = meta_file.problems[0] if meta_file.problems else None
            where = f" (line {first.line})" if first and first.line else ""
            reason = f"{first.code}{where}: {first.message}" if first else "cannot be read"
            results.append(ImportResult(path, "skipped", reason=f"{reason}; fix it first"))
            continue
        original = read_file(root / path, root=root)
        if isinstance(original, ReadProblem):
            results.append(ImportResult(path, "skipped", reason=original.message))
            continue
        results.append(_update(path, original, meta_file, meta_file.metadata, info))
    return results
