"""The model of a SIG folder: what the parsers produce and the checks and generators read.

Two halves: the per-SIG metadata schema (`SigMetadata`, openEuler's `sig-info.yaml` plus
sigcheck's optional table keys; this is also the published JSON Schema) and the parsed state of
the repository (`Community`: tables, SIG folders, Markdown documents, metadata files).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from sigcheck.config import Config, TableConfig
from sigcheck.diagnostics import Diagnostic
from sigcheck.files import FileIndex

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
    name: str | None = Field(None, description="Name as shown when there is no handle.")
    email: str | None = Field(None, description="Shown in the table only when configured.")
    organization: str | None = Field(None, description="Affiliation, shown after a bare name.")

    @model_validator(mode="after")
    def _identified(self) -> Person:
        if not (self.gitee_id or self.name):
            raise ValueError("a person needs a gitee_id or a name")
        return self


People = Annotated[list[Person], BeforeValidator(_none_as_empty_list)]
Texts = Annotated[list[str], BeforeValidator(_scalar_as_list)]
OptionalText = Annotated[str | None, BeforeValidator(_date_as_text)]


class Repository(_Open):
    repo: Texts = Field(default_factory=list, description="Repositories, `owner/name`.")
    repo_admin: People = Field(default_factory=list)
    committers: People = Field(default_factory=list)
    contributors: People = Field(default_factory=list)


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
    repositories: Annotated[list[Repository], BeforeValidator(_none_as_empty_list)] = Field(
        default_factory=list
    )
    display_name: OptionalText = Field(None, description="The table label; default `name`.")
    domain: OptionalText = Field(None, description="Domain cell of the zh table.")
    domain_en: OptionalText = Field(None, description="Domain cell of the en table.")
    leads: Texts | None = Field(
        None,
        description="Who the leads cell shows: gitee ids, or names of people without one. "
        "Default: the maintainers.",
    )
    status: Literal["active", "archived"] = Field(
        "active", description="`archived` SIGs leave the table."
    )

    def lead_people(self) -> list[Person]:
        """The people of the leads cell: `leads` resolved against the people listed, else
        the maintainers. An entry of `leads` that names nobody listed stands for itself."""
        if self.leads is None:
            return list(self.maintainers)
        known = [*self.maintainers, *self.mentors]
        for repository in self.repositories:
            known += [*repository.repo_admin, *repository.committers, *repository.contributors]
        people: list[Person] = []
        for entry in self.leads:
            wanted = entry.strip().lstrip("@").casefold()
            match = next(
                (p for p in known if p.gitee_id and p.gitee_id.casefold() == wanted), None
            ) or next((p for p in known if p.name and p.name.strip().casefold() == wanted), None)
            if match is None:
                from sigcheck.parsing.leads import is_handle

                match = Person(gitee_id=entry) if is_handle(entry) else Person(name=entry)
            people.append(match)
        return people


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
class SigFolder:
    name: str
    path: str
    """Relative to the root, with `/`."""
    files: frozenset[str]
    metadata: MetadataFile | None = None

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

    def anchors_of(self, path: str) -> set[str] | None:
        """Anchors of a Markdown page; pages outside the sigs folder are read on first use.
        None when the page cannot be read."""
        doc = self.documents.get(path) or self.documents_outside.get(path)
        if doc is None:
            from pathlib import Path

            from sigcheck.parsing.markdown import document_from, parse
            from sigcheck.parsing.text import read_text

            text = read_text(Path(self.root) / path, root=Path(self.root))
            if isinstance(text, str):
                doc = document_from(path, parse(text))
            else:
                doc = MarkdownDoc(path, problem=text.message)
            self.documents_outside[path] = doc
        return None if doc.problem else doc.anchors
