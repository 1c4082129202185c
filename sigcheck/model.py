"""The model of a SIG folder: what the parsers produce and the checks and generators read.

Two halves: the per-SIG metadata schema (`SigMetadata`, openEuler's `sig-info.yaml` plus
sigcheck's optional table keys; this is also the published JSON Schema) and the parsed state of
the repository (`Community`: tables, SIG folders, Markdown documents, metadata files).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from sigcheck.config import Config, TableConfig
from sigcheck.diagnostics import Diagnostic
from sigcheck.files import FileIndex
from sigcheck.identity import DEFAULT_RULES, PeopleRules, is_handle

# --- sig-info.yaml ---------------------------------------------------------------------------


def _none_as_empty_list(value: Any) -> Any:
    return [] if value is None else value


def _scalar_as_list(value: Any) -> Any:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


def _date_as_text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


class _Open(BaseModel):
    """Unknown keys are kept (and never rewritten); near misses are reported as M004."""

    model_config = ConfigDict(extra="allow")


class Person(_Open):
    gitee_id: str | None = Field(None, description="Gitee handle: letters, digits, `_`, `-`.")
    atomgit_id: str | None = Field(None, description="AtomGit handle (openEuler's people move).")
    openeuler_id: str | None = Field(None, description="openEuler account id.")
    name: str | None = Field(None, description="Name as shown when there is no handle.")
    name_en: str | None = Field(None, description="The name the en table and pages show.")
    email: str | None = Field(None, description="Shown in the table only when configured.")
    organization: str | None = Field(None, description="Affiliation, shown after a bare name.")
    organization_en: str | None = Field(None, description="The affiliation in English.")
    display: str | None = Field(
        None,
        description="Link text the tables show after `@` when it differs from the handle: "
        "`display: zhangteng` renders `[@zhangteng](https://gitee.com/tang-zheng)`.",
    )
    display_en: str | None = Field(
        None, description="The link text of the en table and pages, when it differs from `display`."
    )

    @model_validator(mode="after")
    def _identified(self) -> Person:
        """Some account id (any `*_id` key, kept extras included) or a name; which of them
        are real values and not placeholders is the checks' business (M007)."""
        extras = self.model_extra or {}
        ids = [self.gitee_id, self.atomgit_id, self.openeuler_id]
        ids += [value for key, value in extras.items() if key.endswith("_id")]
        names = [self.name, self.name_en]
        if not any(isinstance(value, str) and value.strip() for value in [*ids, *names]):
            raise ValueError("a person needs an account id (gitee_id, atomgit_id, ...) or a name")
        return self


People = Annotated[list[Person], BeforeValidator(_none_as_empty_list)]
Texts = Annotated[list[str], BeforeValidator(_scalar_as_list)]
LeadEntries = Annotated[list[str | Person], BeforeValidator(_scalar_as_list)]
OptionalText = Annotated[str | None, BeforeValidator(_date_as_text)]


class Repository(_Open):
    repo: Texts = Field(default_factory=list, description="Repositories, `owner/name`.")
    repo_admin: People = Field(default_factory=list)
    committers: People = Field(default_factory=list)
    contributors: People = Field(default_factory=list)


class BranchOfRepository(_Open):
    repo: str = Field(description="The repository, `owner/name`.")
    branch: str = Field(description="The branch the keepers keep.")


class BranchKeepers(_Open):
    """openEuler's `branches:` entry: who keeps which branches of which repositories."""

    repo_branch: Annotated[list[BranchOfRepository], BeforeValidator(_none_as_empty_list)] = Field(
        default_factory=list
    )
    keeper: People = Field(default_factory=list)


class SigMetadata(_Open):
    """One SIG's `sig-info.yaml` (openEuler format, plus sigcheck's table keys)."""

    name: str = Field(description="The SIG's name; no surrounding spaces, no slash.")
    description: OptionalText = None
    description_en: OptionalText = None
    created_on: OptionalText = None
    mailing_list: OptionalText = None
    meeting_url: OptionalText = None
    mature_level: OptionalText = None
    mentors: People = Field(default_factory=list)
    maintainers: People = Field(default_factory=list)
    committers: People = Field(default_factory=list, description="openEuler: SIG committers.")
    security_contacts: People = Field(
        default_factory=list, description="openEuler: who receives security reports."
    )
    repositories: Annotated[list[Repository], BeforeValidator(_none_as_empty_list)] = Field(
        default_factory=list
    )
    display_name: OptionalText = Field(None, description="The table label; default `name`.")
    display_name_en: OptionalText = Field(
        None, description="The en table's label; default `display_name`, then `name`."
    )
    domain: OptionalText = Field(None, description="Domain cell of the zh table.")
    domain_en: OptionalText = Field(None, description="Domain cell of the en table.")
    leads: LeadEntries | None = Field(
        None,
        description="Who the leads cell shows: account ids, or names of people without one, "
        "or people written out (`{gitee_id: x, display: y}` adds to the person listed with "
        "that id; a person without an id is shown as a plain name, never linked). "
        "Default: the maintainers.",
    )
    leads_en: LeadEntries | None = Field(
        None,
        description="Who the en leads cell shows, when the en table lists other people than "
        "`leads` (same entries as `leads`). Default: `leads`.",
    )
    status: Literal["active", "archived"] = Field(
        "active", description="`archived` SIGs leave the table."
    )
    branches: Annotated[list[BranchKeepers], BeforeValidator(_none_as_empty_list)] = Field(
        default_factory=list,
        description="openEuler: branch keepers, `{repo_branch: [{repo, branch}], keeper: [...]}`.",
    )

    def people_lists(self) -> Iterator[tuple[tuple[str | int, ...], list[Person]]]:
        """Every list of people, with its field path: what the people checks walk."""
        yield ("mentors",), self.mentors
        yield ("maintainers",), self.maintainers
        yield ("committers",), self.committers
        yield ("security_contacts",), self.security_contacts
        for index, repository in enumerate(self.repositories):
            for key in ("repo_admin", "committers", "contributors"):
                yield ("repositories", index, key), getattr(repository, key)

    def everyone(self) -> list[Person]:
        return [person for _, people in self.people_lists() for person in people]

    def lead_people(
        self, rules: PeopleRules = DEFAULT_RULES, english: bool = False
    ) -> list[Person]:
        """The people of a leads cell: `leads` (`leads_en` in English, when set) resolved
        against the people listed, else the maintainers. A string entry is an account id of
        someone listed, else a listed name, else stands for itself; a person entry with an
        account id adds its keys to the person listed with that id; a person entry without one
        stands for itself (a plain name, even when some id is spelt like it)."""
        entries = self.leads_en if english and self.leads_en is not None else self.leads
        if entries is None:
            return list(self.maintainers)
        known = [*self.maintainers, *self.mentors, *self.everyone()]
        people: list[Person] = []
        for entry in entries:
            if isinstance(entry, Person):
                people.append(_merged(entry, known, rules))
                continue
            wanted = entry.strip().lstrip("@").casefold()
            match = next((p for p in known if wanted in rules.ids(p)), None) or next(
                (p for p in known if p.name and p.name.strip().casefold() == wanted), None
            )
            if match is None:
                key = rules.primary.key
                match = Person(**{key: entry}) if is_handle(entry) else Person(name=entry)
            people.append(match)
        return people


def _merged(entry: Person, known: list[Person], rules: PeopleRules) -> Person:
    """A person written out in `leads`: with an account id, the person listed with that id
    and the entry's keys on top; without one, the entry itself."""
    ids = rules.ids(entry)
    if not ids:
        return entry
    listed = next((p for p in known if ids & rules.ids(p)), None)
    if listed is None:
        return entry
    values = listed.model_dump(exclude_none=True)
    values.update(entry.model_dump(exclude_none=True))
    return Person.model_validate(values)


# --- parsed repository state -----------------------------------------------------------------

Location = tuple[int, int]
"""(line, column), both 1-based."""


@dataclass(slots=True)
class TableLead:
    """One person in a leads cell: `[@text](profile/handle)(email)` or `name（affiliation）`."""

    text: str
    handle: str | None
    url: str | None
    name: str | None
    affiliation: str | None
    email: str | None
    line: int
    column: int
    email_column: int | None = None
    identity: str | None = None
    """The person key of the profile the link points at (`gitee_id`, `atomgit_id`)."""


@dataclass(slots=True)
class TableRow:
    line: int
    raw: str
    cell_count: int
    cells: list[str]
    cell_columns: list[int]
    name_text: str | None
    link: str | None
    folder: str | None
    """The SIG folder the name cell links to (decoded), when the link is a SIG README link."""
    link_column: int
    domain: str
    leads: list[TableLead]
    leads_problem: str | None

    @property
    def subject(self) -> str:
        """Which row this is, wherever it moves (a finding's subject): its SIG folder, else
        its name, else its text with spacing evened out."""
        if self.folder:
            return f"row:{self.folder}"
        if self.name_text:
            return f"row:{self.name_text.strip()}"
        return "row:" + " ".join(self.raw.split())


@dataclass(slots=True)
class SigTable:
    config: TableConfig
    path: str
    exists: bool
    readable_problem: str | None = None
    found: bool = False
    header_line: int | None = None
    header_cells: list[str] = field(default_factory=list)
    header_matches: bool = False
    rows: list[TableRow] = field(default_factory=list)
    first_line: int = 0
    """1-based line of the header row."""
    last_line: int = 0
    """1-based line of the last row."""
    has_markers: bool = False


@dataclass(slots=True)
class Link:
    href: str
    line: int
    column: int
    is_image: bool = False
    as_text: str | None = None
    """Link syntax that renders as plain text (`[x]https://…`, `[x] (y.md)`), as written;
    `href` is then the target it meant and `column` the place of its `[`."""


@dataclass(slots=True)
class MarkdownDoc:
    path: str
    links: list[Link] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)
    """Every fragment that reaches a place in the page, already normalised."""
    problem: str | None = None
    """Why the file could not be read (invalid UTF-8, too large, ...)."""


@dataclass(slots=True)
class MetadataFile:
    path: str
    metadata: SigMetadata | None
    data: Any
    value_positions: dict[tuple[str | int, ...], Location]
    key_positions: dict[tuple[str | int, ...], Location]
    problems: list[Diagnostic] = field(default_factory=list)
    partial: SigMetadata | None = None
    """When `metadata` is None for entries that break the schema (M003): the rest, with those
    entries left out, which the generators still use (SPEC §7, partial metadata)."""
    left_out: list[tuple[str | int, ...]] = field(default_factory=list)
    """The field paths of the entries left out of `partial` (`("repositories", 3)`)."""

    def left_out_values(self) -> set[str]:
        """Every scalar written in the entries left out: what a row or region may show today
        that the partial metadata cannot say any more."""
        found: set[str] = set()

        def walk(value: Any) -> None:
            if isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)
            elif isinstance(value, str | int | float) and not isinstance(value, bool):
                text = str(value).strip()
                if text:
                    found.add(text)

        for loc in self.left_out:
            value: Any = self.data
            for part in loc:
                value = value[part]
            walk(value)
        return found

    def position(self, loc: tuple[str | int, ...]) -> Location:
        """The closest known place for a field path: the value, else its key, else a parent."""
        while True:
            if loc in self.value_positions:
                return self.value_positions[loc]
            if loc in self.key_positions:
                return self.key_positions[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]


@dataclass(slots=True)
class OwnersFile:
    """A SIG's `OWNERS` (openEuler): `maintainers: [ids]`; where both exist, it wins over
    sig-info.yaml for who leads the SIG."""

    path: str
    maintainers: list[tuple[str, Location]] = field(default_factory=list)
    """Each id as written, with its place."""
    problems: list[Diagnostic] = field(default_factory=list)
    committers: list[tuple[str, Location]] = field(default_factory=list)
    """The ids of the layout's committers keys (OpenHarmony's `Committers`)."""
    wins: bool = True
    """Whether it wins over the metadata for who leads (openEuler); else the registry wins."""
    leads_key: str = "maintainers"
    """The key that lists the leads, as messages name it (`Leader`)."""


@dataclass(slots=True)
class RepositoryFile:
    """One per-repository file (`<SIG>/<owner>/<letter>/<name>.yaml`), read: its data, or why
    it could not be read. Positions are found on demand (`position`): few are ever needed."""

    path: str
    sig: str
    owner: str
    letter: str
    stem: str
    """The file name without `.yaml`: the repository's name as the path says it."""
    data: Any = None
    problem: Diagnostic | None = None
    """R001 when the file cannot be read or parsed (its place included)."""
    text: str | None = None
    locator: Callable[[str, tuple[str | int, ...]], Location] | None = None
    findings: list[Diagnostic] | None = None
    """What its own content is found wanting for (R001-R006), when already checked where it
    was read (repository_scan.py); its data is then read again only on demand (`load`)."""
    reader: Callable[[], None] | None = None

    def load(self) -> None:
        """Have the data (or the R001 problem) of a file whose findings came from a worker."""
        if self.data is None and self.problem is None and self.reader is not None:
            self.reader()
            self.reader = None

    @property
    def repository(self) -> str:
        return f"{self.owner}/{self.stem}"

    def position(self, loc: tuple[str | int, ...]) -> Location:
        """Line and column of a field path (its value, else its key, else a parent's)."""
        if self.text is None or self.locator is None:
            return (1, 1)
        return self.locator(self.text, loc)


def repository_key(owner: str, name: str) -> str:
    """How repositories are compared: `owner/name`, case-folded (the forge ignores case)."""
    return f"{owner}/{name}".casefold()


@dataclass(frozen=True, slots=True)
class RepositoryBase:
    """What the base revision held: each repository (`repository_key`) with a file, and the
    branch names of those whose file changed since. A repository missing from `branches` has
    the branches it has now (an unchanged file adds none)."""

    repositories: frozenset[str]
    branches: dict[str, frozenset[str]] = field(default_factory=dict)


@dataclass(slots=True)
class SigFolder:
    name: str
    path: str
    """Relative to the root, with `/`."""
    files: frozenset[str]
    metadata: MetadataFile | None = None
    owners: OwnersFile | None = None
    repository_files: list[tuple[str, str]] = field(default_factory=list)
    """(`owner/name`, path) of each per-repository file the SIG folder holds (openEuler's
    `<owner>/<letter>/<name>.yaml`): listed, never read."""
    repositories: list[RepositoryFile] = field(default_factory=list)
    """The same files, read, where the layout checks them (`repository_rules`)."""

    def lead_people(
        self, rules: PeopleRules = DEFAULT_RULES, english: bool = False, partial: bool = False
    ) -> list[Person]:
        """Who leads the SIG: `OWNERS`' maintainers where the file lists some (it wins over
        sig-info.yaml; each id resolved to the person sig-info.yaml lists with it), unless
        sig-info.yaml names `leads` itself; else sig-info.yaml's lead people. `partial`: the
        generators also take metadata whose broken entries were left out (SPEC §7)."""
        meta = self.metadata.metadata if self.metadata else None
        if meta is None and partial and self.metadata is not None:
            meta = self.metadata.partial
        file = self.owners if self.owners is not None and self.owners.wins else None
        ids = [rules.present(i) for i, _ in file.maintainers] if file else []
        owners = [i for i in ids if i]
        if not owners or (meta is not None and meta.leads is not None):
            return meta.lead_people(rules, english) if meta is not None else []
        listed = meta.everyone() if meta is not None else []
        people = []
        for handle in owners:
            wanted = handle.casefold()
            match = next((p for p in listed if wanted in rules.ids(p)), None)
            people.append(match or Person(**{rules.primary.key: handle}))
        return people

    @property
    def readme(self) -> str | None:
        return "README.md" if "README.md" in self.files else None

    @property
    def english_readme(self) -> str | None:
        for candidate in ("README_en.md", "README.en.md"):
            if candidate in self.files:
                return candidate
        return None


@dataclass(slots=True)
class RegistryEntry:
    """One record of a SIG registry: the folder it names and its metadata (positions in the
    registry)."""

    folder: str | None
    line: int
    column: int
    metadata: MetadataFile
    links: dict[str, tuple[str, Location]] = field(default_factory=dict)
    """Folder-relative paths the record names (`charter_link`), with their places."""


@dataclass(slots=True)
class RegistryFile:
    """A registry (or a copy of it that must agree): its records, or why it cannot be read."""

    path: str
    readable: bool
    entries: list[RegistryEntry] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    copies: list[RegistryFile] = field(default_factory=list)

    def folders(self) -> set[str]:
        return {entry.folder for entry in self.entries if entry.folder}


@dataclass(slots=True)
class Community:
    root: str
    config: Config
    sigs_dir: str
    folders: dict[str, SigFolder]
    tables: list[SigTable]
    documents: dict[str, MarkdownDoc]
    files: FileIndex
    documents_outside: dict[str, MarkdownDoc] = field(default_factory=dict)
    """Pages outside the sigs folder, read only for the anchors that links point to."""
    suppressions: dict[str, dict[int, frozenset[str]]] = field(default_factory=dict)
    """path -> line -> codes suppressed on that line (empty set: all codes)."""

    registry: RegistryFile | None = None
    """The layout's SIG registry (OpenHarmony, Kubernetes); None where metadata is per folder."""

    page_reader: Callable[[str], MarkdownDoc] | None = None
    """Reads a page outside the sigs folder on first use (set by the loader: the model does
    not import parsers)."""
    data_reader: Callable[[str], tuple[Any, str | None] | None] | None = None
    """Reads a data file of the community's gate (`[gate]`) when a check first needs it: None
    when it is absent, else its YAML data and why it could not be read (None: it could)."""
    notes: list[str] = field(default_factory=list)
    gate_data: dict[str, Any] = field(default_factory=dict)
    """The gate data files read so far, by kind (`exceptions`, ...): read once a run."""
    """Plain sentences for the person running the check (an absent gate data file)."""
    base: RepositoryBase | None = None
    """What the base revision's repository files held (`--new-since`, `--pre-commit`); None:
    no base, so nothing counts as new (R007, R008)."""

    def anchors_of(self, path: str) -> set[str] | None:
        """Anchors of a Markdown page; pages outside the sigs folder are read on first use.
        None when the page cannot be read."""
        doc = self.documents.get(path) or self.documents_outside.get(path)
        if doc is None:
            if self.page_reader is None:
                return None
            doc = self.documents_outside[path] = self.page_reader(path)
        return None if doc.problem else doc.anchors
