"""`sigcheck import`: bootstrap the metadata from the tables as they are today.

For a listed SIG without `sig-info.yaml`, a new file (openEuler keys plus sigcheck's); for an
existing file, the sigcheck keys it lacks. An existing file is never rewritten: the new keys
are rendered by ruamel.yaml and appended after the last line, so every byte the file had
(comments, key order, quoting, indentation, line endings) stays. Only when appending would
not read back the same (a flow-style or multi-document file) is the file loaded and dumped by
ruamel.yaml's round-trip mode instead. Every result is parsed again and compared before it is
written; a value that exists is never overwritten.

The goal (SPEC §7, lossless adoption): after `import`, `fix` changes nothing a reader sees in
any existing row of either table: the label (`display_name`, `display_name_en`), the domain
(`domain`, `domain_en`), and every lead's link text and target or plain name and affiliation
(`leads` / `leads_en` entries: ids, or people written out with `display`, `display_en`,
`name_en`, `organization_en`). Both tables are read; the zh and en leads of a row are paired
when they list the same people in the same order. What cannot be said is warned about.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from sigcheck.generate.region import BOM
from sigcheck.generate.render import RowContext, unescape_pipes
from sigcheck.identity import PeopleRules, is_handle
from sigcheck.leads_match import LeadView, leads_view, person_views, same_lead
from sigcheck.model import Community, MetadataFile, Person, SigFolder, SigMetadata, TableLead

SIGCHECK_KEYS = ("display_name", "display_name_en", "domain", "domain_en", "leads", "leads_en")
_KEY_THEN_DASH_RE = re.compile(
    r"^( *)[^\s#-][^#\n]*:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*( *)- ", re.M
)

Action = Literal["created", "updated", "unchanged", "skipped"]


@dataclass(slots=True)
class Side:
    """What one language's table shows for a SIG (the first row wins)."""

    label: str | None = None
    domain: str | None = None
    leads: list[TableLead] | None = None
    leads_problem: str | None = None


@dataclass(slots=True)
class RowFacts:
    """What the tables say about one SIG, per language."""

    zh: Side | None = None
    en: Side | None = None

    def sides(self) -> list[Side]:
        return [side for side in (self.zh, self.en) if side is not None]

    @property
    def leads_problem(self) -> str | None:
        return next((s.leads_problem for s in self.sides() if s.leads_problem), None)


@dataclass(slots=True)
class ImportResult:
    path: str
    action: Action
    keys: list[str] = field(default_factory=list)
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    content: bytes | None = None
    """What to write (created or updated)."""
    original: bytes | None = None
    """The file as it is (updated), for `--dry-run`'s diff."""


def collect_rows(community: Community) -> dict[str, RowFacts]:
    """Per listed SIG folder that exists: what each language's table shows."""
    facts: dict[str, RowFacts] = {}
    for table in community.tables:
        if not (table.found and table.header_matches):
            continue
        english = table.config.is_english
        for row in table.rows:
            if row.cell_count != 3 or row.folder is None or row.folder not in community.folders:
                continue
            info = facts.setdefault(row.folder, RowFacts())
            if (info.en if english else info.zh) is not None:
                continue
            domain = unescape_pipes(row.domain).strip()
            side = Side(
                label=row.name_text or None,
                domain=domain or None,
                leads=None if row.leads_problem else list(row.leads),
                leads_problem=row.leads_problem,
            )
            if english:
                info.en = side
            else:
                info.zh = side
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


# --- what the tables show, as metadata ----------------------------------------------------------


def _context(community: Community, english: bool) -> RowContext:
    config = community.config
    return RowContext("", english, emails=config.generate.emails, rules=config.people_rules())


def _shown(leads: list[TableLead], emails: bool) -> tuple[LeadView, ...]:
    """The leads a reader sees; emails left out when the tables do not show them."""
    views = leads_view(leads)
    return views if emails else tuple(replace(view, email=None) for view in views)


def _rendered(meta: SigMetadata, context: RowContext) -> tuple[LeadView, ...]:
    people = meta.lead_people(context.rules, context.english)
    return tuple(view for person in people for view in person_views(person, context))


def _paired(zh: list[TableLead], en: list[TableLead]) -> bool:
    """Whether the two tables list the same people in the same order (the en table in
    English), so one `leads` list can say both."""

    def pair(a: TableLead, b: TableLead) -> bool:
        if a.url is not None or b.url is not None:
            return a.url is not None and b.url is not None and a.url == b.url
        return bool(b.affiliation) or not a.affiliation  # `organization_en` can add, not remove

    return len(zh) == len(en) and all(pair(a, b) for a, b in zip(zh, en, strict=True))


@dataclass(slots=True)
class _Leads:
    """Turns the leads the tables show into `leads` entries (or people, for a new file)."""

    known: list[Person]
    rules: PeopleRules
    keep_emails: bool
    warnings: list[str] = field(default_factory=list)

    def entry(self, zh: TableLead | None, en: TableLead | None) -> str | dict[str, Any]:
        lead = zh or en
        assert lead is not None
        if lead.url is not None:
            return self._linked(lead, zh, en)
        return self._plain(zh, en)

    def _email(self, entry: dict[str, Any], known: Person | None, *leads: TableLead | None) -> None:
        email = next((lead.email for lead in leads if lead is not None and lead.email), None)
        if self.keep_emails and email and email != self.rules.field(known, "email"):
            entry["email"] = email

    def _linked(
        self, lead: TableLead, zh: TableLead | None, en: TableLead | None
    ) -> str | dict[str, Any]:
        found = self.rules.identity_of_url(lead.url or "")
        key, handle = (found[0].key, found[1]) if found else (self.rules.primary.key, lead.handle)
        known = next((p for p in self.known if same_lead(lead, p, self.rules)), None)
        field_of = self.rules.field
        entry: dict[str, Any] = {key: handle}
        for side in (zh, en):
            if side is not None and not side.text.startswith("@"):
                self.warnings.append(
                    f"the link text `{side.text}` of {side.url} has no `@`: the tables always "
                    "show `@` before a label, so `fix` will add one"
                )
        if zh is not None:
            text = zh.text.removeprefix("@")
            if text != (field_of(known, "display") or handle):
                entry["display"] = text
        if en is not None:
            text = en.text.removeprefix("@")
            shown = (
                field_of(known, "display_en")
                or entry.get("display")
                or field_of(known, "display")
                or handle
            )
            if text != shown:
                entry["display_en"] = text
        self._email(entry, known, zh, en)
        if len(entry) > 1 or not handle:
            return entry
        if known is not None:
            return handle
        # someone listed nowhere: a bare id reads as that account unless a name is spelt so
        names = {(self.rules.field(p, "name") or "").casefold() for p in self.known}
        plain_id = key == self.rules.primary.key and is_handle(handle)
        return handle if plain_id and handle.casefold() not in names else entry

    def _plain(self, zh: TableLead | None, en: TableLead | None) -> dict[str, Any]:
        """A plain name stays a plain name: a person without an account id, even when some id
        is spelt like the name (`Fengxun` next to `gitee_id: fengxun`)."""
        entry: dict[str, Any] = {}
        if zh is not None:
            entry["name"] = (zh.name or zh.text).strip()
            if zh.affiliation:
                entry["organization"] = zh.affiliation
        if en is not None:
            name = (en.name or en.text).strip()
            if "name" not in entry:
                entry["name"] = name
                if en.affiliation:
                    entry["organization"] = en.affiliation
            else:
                if name != entry["name"]:
                    entry["name_en"] = name
                if en.affiliation and en.affiliation != entry.get("organization"):
                    entry["organization_en"] = en.affiliation
        self._email(entry, None, zh, en)
        return entry

    def lists(
        self, zh: list[TableLead] | None, en: list[TableLead] | None, listed: bool = False
    ) -> dict[str, Any]:
        """`leads` (and `leads_en` when the en table lists other people) for both tables.
        `listed`: the `leads` entries become the file's maintainers (a new file), so
        `leads_en` entries resolve against them."""
        if zh is not None and en is not None and _paired(zh, en):
            return {"leads": [self.entry(a, b) for a, b in zip(zh, en, strict=True)]}
        out: dict[str, Any] = {}
        if zh is not None:
            out["leads"] = [self.entry(lead, None) for lead in zh]
            if listed:
                key = self.rules.primary.key
                for entry in out["leads"]:
                    values = {key: entry} if isinstance(entry, str) else entry
                    self.known.append(Person.model_validate(values))
        if en is not None:
            out["leads_en" if zh is not None else "leads"] = [self.entry(None, lead) for lead in en]
        return out


def _emails_not_kept(leads: list[TableLead], people: list[Person], rules: PeopleRules) -> list[str]:
    warnings = []
    for lead in leads:
        if not lead.email:
            continue
        person = next((p for p in people if same_lead(lead, p, rules)), None)
        if (
            person is None
            or (rules.field(person, "email") or "").casefold() != lead.email.casefold()
        ):
            who = f"@{lead.handle}" if lead.handle else f"`{lead.name or lead.text}`"
            warnings.append(
                f"the table shows the email {lead.email} for {who}; the file does not have it "
                "(not imported: emails are shown only with `generate.emails = true`)"
            )
    return warnings


def _leads_differ(community: Community, meta: SigMetadata, info: RowFacts) -> list[str]:
    """The languages whose table shows other leads than the metadata renders."""
    differ = []
    emails = community.config.generate.emails
    for english, side in ((False, info.zh), (True, info.en)):
        if side is None or side.leads is None:
            continue
        if _shown(side.leads, emails) != _rendered(meta, _context(community, english)):
            differ.append("en" if english else "zh")
    return differ


def _verify(
    community: Community, data: dict[str, Any], info: RowFacts, warnings: list[str]
) -> None:
    """Say so when the written metadata would still not show what the tables show."""
    try:
        meta = SigMetadata.model_validate(data)
    except ValueError:
        return
    for language in _leads_differ(community, meta, info):
        warnings.append(
            f"the {language} table's leads cannot be said exactly in sig-info.yaml; "
            "`fix` will change how that cell reads (see `sigcheck fix --check`)"
        )


_HEADER = (
    "# Written by `sigcheck import` from the SIG tables: the openEuler sig-info.yaml keys,\n"
    "# plus sigcheck's table keys (display_name, domain, domain_en, leads, status).\n"
    "# `sigcheck schema` prints the JSON Schema of this file.\n"
)


def _create(community: Community, folder: SigFolder, path: str, info: RowFacts) -> ImportResult:
    zh, en = info.zh, info.en
    name = ((zh.label if zh else None) or (en.label if en else None) or folder.name).strip()
    data: dict[str, Any] = {"name": name}
    if en is not None and en.label and zh is not None and en.label.strip() != name:
        data["display_name_en"] = en.label.strip()
    if zh is not None and zh.domain:
        data["description"] = zh.domain
    if en is not None and en.domain:
        data["description_en"] = en.domain
    builder = _Leads([], community.config.people_rules(), keep_emails=True)
    lists = builder.lists(zh.leads if zh else None, en.leads if en else None, listed=True)
    warnings = list(builder.warnings)
    if lists.get("leads"):
        key = community.config.people_rules().primary.key
        data["maintainers"] = [
            {key: entry} if isinstance(entry, str) else entry for entry in lists["leads"]
        ]
        if "leads_en" in lists:
            data["leads_en"] = lists["leads_en"]
    else:
        warnings.append(
            f"no maintainers imported: the leads cell cannot be read ({info.leads_problem}); "
            "`fix` keeps the cell as it is"
        )
    if zh is not None and zh.domain:
        data["domain"] = zh.domain
    if en is not None and en.domain:
        data["domain_en"] = en.domain
    text = _HEADER + _dump(data, 0)
    if not _reads_as(text, data):
        return ImportResult(path, "skipped", reason="the values cannot be written as YAML safely")
    _verify(community, data, info, warnings)
    return ImportResult(path, "created", list(data), warnings=warnings, content=text.encode())


def _update(
    community: Community,
    path: str,
    original: bytes,
    meta_file: MetadataFile,
    meta: SigMetadata,
    info: RowFacts,
) -> ImportResult:
    data = meta_file.data
    rules = community.config.people_rules()
    emails = community.config.generate.emails
    additions: dict[str, Any] = {}
    warnings: list[str] = []
    zh, en = info.zh, info.en
    zh_label = (zh.label or "").strip() if zh else ""
    if "display_name" not in data and zh_label and zh_label != meta.name.strip():
        additions["display_name"] = zh_label
    en_label = (en.label or "").strip() if en else ""
    if "display_name_en" not in data and en_label:
        shown = next(
            v.strip()
            for v in (
                meta.display_name_en,
                additions.get("display_name"),
                meta.display_name,
                meta.name,
            )
            if v and v.strip()
        )
        if en_label != shown:
            additions["display_name_en"] = en_label
    if "domain" not in data and zh is not None and zh.domain:
        additions["domain"] = zh.domain
    if "domain_en" not in data and en is not None and en.domain:
        additions["domain_en"] = en.domain
    if _leads_differ(community, meta, info) and "leads" not in data and "leads_en" not in data:
        builder = _Leads(meta.everyone(), rules, keep_emails=emails)
        additions.update(builder.lists(zh.leads if zh else None, en.leads if en else None))
        warnings += builder.warnings
    for language, side in (("zh", zh), ("en", en)):
        if side is not None and side.leads_problem and meta.lead_people(rules, language == "en"):
            warnings.append(
                f"the {language} table's leads cell cannot be read ({side.leads_problem}); "
                "`fix` will replace it with the metadata's leads: repair the cell first"
            )
    if not emails:
        for side in info.sides():
            for warning in _emails_not_kept(side.leads or [], meta.everyone(), rules):
                if warning not in warnings:  # the same email in both tables: said once
                    warnings.append(warning)
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
    _verify(community, {**data, **additions}, info, warnings)
    return ImportResult(
        path, "updated", list(additions), warnings=warnings, content=content, original=original
    )


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
            results.append(_create(community, folder, path, info))
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
        results.append(_update(community, path, original, meta_file, meta_file.metadata, info))
    return results
