"""M010: a SIG page names people by hand who disagree with the SIG's metadata (SPEC §5).

openEuler's pages keep `Maintainer列表` and `Committer列表` by hand, MindSpore's `SIG Leads` and
`Committers`; they drift from `sig-info.yaml` and `OWNERS`. Under a leads heading a person is
compared by M005's rule (without `leads`, any of the maintainers may be named); under a
maintainers or committers heading the whole list is (who is missing, who is extra). One
finding per person who differs, so a second is a new finding. Pages that carry a generated
`sig-info` region are judged by the region (T008) alone; headings for former members are not
compared; a role the metadata names nobody in is not compared either (it is silent there,
not contradicting the page).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from sigcheck.diagnostics import Diagnostic, make
from sigcheck.identity import PeopleRules
from sigcheck.leads_match import NAME_KEYS, names_person
from sigcheck.model import Community, Person, SigFolder, SigMetadata
from sigcheck.parsing.page_people import Entry, HeadingRoles, PeopleSection, people_sections


@dataclass(frozen=True, slots=True)
class _Role:
    """Who a section of one role must list (`expected`, each missing one reported), who it
    may list without being extra (`allowed`), what they are called, and where it is said."""

    expected: Sequence[Person]
    allowed: Sequence[Person]
    what: str
    source: str


def _owners_maintainers(folder: SigFolder, meta: SigMetadata, rules: PeopleRules) -> list[Person]:
    """`OWNERS`' maintainers, each resolved to the person the metadata lists with that id;
    none where the metadata wins over `OWNERS` (a registry: OpenHarmony's)."""
    if folder.owners is None or not folder.owners.wins:
        return []
    listed = meta.everyone()
    people = []
    for written, _ in folder.owners.maintainers:
        handle = rules.present(written)
        if handle is None:
            continue
        match = next((p for p in listed if handle.casefold() in rules.ids(p)), None)
        people.append(match or Person(**{rules.primary.key: handle}))
    return people


def _roles(
    folder: SigFolder, meta: SigMetadata, rules: PeopleRules, english: bool
) -> dict[str, _Role]:
    info = folder.metadata.path if folder.metadata else folder.path
    owners = _owners_maintainers(folder, meta, rules)
    maintainers = owners or list(meta.maintainers)
    maintainers_source = folder.owners.path if owners and folder.owners else info
    explicit = (meta.leads_en if english and meta.leads_en is not None else meta.leads) is not None
    leads = folder.lead_people(rules, english)
    committers = [*meta.committers, *(p for repo in meta.repositories for p in repo.committers)]
    admins = [p for repo in meta.repositories for p in repo.repo_admin]
    return {
        "leads": _Role(
            leads if explicit else [],
            leads,
            "a lead" if explicit else "one of the maintainers",
            f"{info} (`leads`)" if explicit else maintainers_source,
        ),
        "maintainers": _Role(
            maintainers, [*maintainers, *meta.maintainers], "a maintainer", maintainers_source
        ),
        "committers": _Role(
            committers,
            # maintainers and repository admins commit too: listing them is no drift
            [*committers, *maintainers, *meta.maintainers, *admins, *leads] if committers else [],
            "a committer",
            info,
        ),
    }


def _real(person: Person, rules: PeopleRules) -> bool:
    return bool(
        rules.accounts(person) or rules.field(person, "name") or rules.field(person, "name_en")
    )


def _matches(entry: Entry, person: Person, rules: PeopleRules) -> bool:

    ids = rules.ids(person)
    if any(handle.casefold() in ids for handle in entry.handles):
        return True
    email = (rules.field(person, "email") or "").casefold()
    if email and any(written.casefold() == email for written in entry.emails):
        return True
    return any(names_person(name, person, rules) for name in [*entry.names, *entry.handles])


def _latin(text: str) -> bool:
    return all(ord(char) < 0x250 for char in text if char.isalpha())


def _could_be(entry: Entry, person: Person, rules: PeopleRules) -> bool:
    """Whether the entry is, or may be, the person: it names them; or it is only a name in a
    script none of their names is written in (`Mingyuan Sun` on the en page, `name: 孙明远`
    without a `name_en`), which the metadata cannot tell apart, so it is not a drift."""
    if _matches(entry, person, rules):
        return True
    if entry.handles or entry.emails:
        return False
    latin = _latin(entry.names[0])
    names = [value for key in NAME_KEYS if (value := rules.field(person, key))]
    return not any(_latin(name) == latin for name in names)


def _describe(person: Person, rules: PeopleRules) -> str:
    account = rules.account(person)
    if account:
        return f"@{account[1]}"
    return f"`{rules.field(person, 'name') or rules.field(person, 'name_en')}`"


def _compare(
    path: str, section: PeopleSection, role: _Role, rules: PeopleRules
) -> Iterator[Diagnostic]:
    entries = []
    for entry in section.entries:
        entry.names = [name for name in entry.names if rules.present(name)]
        entry.handles = [handle for handle in entry.handles if rules.present(handle)]
        if entry.handles or entry.emails or entry.names:
            entries.append(entry)
    allowed = [p for p in role.allowed if _real(p, rules)]
    if not entries or not allowed:
        return  # nothing listed, or the metadata names nobody in this role
    title = section.title
    for entry in entries:
        if not any(_could_be(entry, person, rules) for person in allowed):
            shown = entry.shown if entry.handles else f"`{entry.shown}`"
            message = f"{shown} is listed under `{title}` but is not {role.what} in {role.source}"
            subject = f"extra:{title}:{entry.shown}"
            yield make("M010", path, entry.line, entry.column, message, subject)
    seen: set[str] = set()
    for person in role.expected:
        if not _real(person, rules) or any(_could_be(e, person, rules) for e in entries):
            continue
        described = _describe(person, rules)
        if described in seen:
            continue  # the same person in two repositories' committers
        seen.add(described)
        message = f"{described} is {role.what} in {role.source} but is not listed under `{title}`"
        yield make("M010", path, section.line, 1, message, f"missing:{title}:{described}")


def check(community: Community) -> Iterator[Diagnostic]:
    from sigcheck.generate.sig_pages import page_files, valid_metadata
    from sigcheck.parsing.text import TextProblem, read_text

    rules = community.config.people_rules()
    headings = HeadingRoles(community.config.page_headings)

    def handle_of(url: str) -> str | None:
        found = rules.identity_of_url(url)
        return found[1] if found else None

    root = Path(community.root)
    for folder, filename, language in page_files(community):
        meta = valid_metadata(folder)
        path = f"{folder.path}/{filename}"
        doc = community.documents.get(path)
        if meta is None or doc is None or doc.problem:
            continue  # no metadata to compare with; a page not read (untracked, F001)
        text = read_text(root / path, root=root)
        if isinstance(text, TextProblem):
            continue
        sections = people_sections(text, headings, handle_of)
        if not sections:
            continue
        roles = _roles(folder, meta, rules, language == "en")
        for section in sections:
            yield from _compare(path, section, roles[section.role], rules)
