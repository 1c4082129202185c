"""Community layouts as data: where the SIGs live and what the community's rules are.

MindSpore and openEuler keep their SIGs differently (SPEC §3): `sigs/` with two README tables
and SIGs sharing a monorepo, or `sig/` with no table, `OWNERS` files, AtomGit ids and one SIG
per repository. The checks never ask which community this is; they read the values of the
`Layout` the configuration resolved (a recognised one, or the one named by `layout = ...`,
with explicit configuration keys on top). Pure: no parsing, only `files.kind` on the root.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sigcheck.files import kind
from sigcheck.identity import GITEE, Identity

ATOMGIT = Identity("atomgit_id", "https://atomgit.com", "AtomGit")
OPENEULER_ID = Identity("openeuler_id", None, "openEuler")


@dataclass(frozen=True, slots=True)
class LayoutTable:
    """A SIG table the layout expects: a README under the sigs folder and its columns."""

    name: str
    """File name inside the sigs folder: `README.md`."""
    language: str
    columns: tuple[str, str, str]
    when_present: bool = False
    """Checked only when the file exists (MindSpore's en table)."""


@dataclass(frozen=True, slots=True)
class RepositoryRules:
    """Per-repository files (`<SIG>/<owner>/<letter>/<name>.yaml`) and the rules a community's
    own gate applies to them (openEuler's `ci-scripts/sanity_check.py` and `check_branch.py`):
    all data, so that another community with such files only changes these values."""

    owners: tuple[str, ...]
    """Owner folders that hold repository files (`openeuler`, `src-openeuler`)."""
    private_sig: str | None = None
    """The SIG that holds private repositories (R003, R004); its claims are not M009's."""
    recycle_sig: str | None = None
    """The SIG of retired repositories: no new branch there (R008)."""
    name_pattern: str = r"[A-Za-z][A-Za-z0-9_.-]*"
    """What the forge accepts as a repository name (R005)."""
    name_min: int = 2
    name_max: int = 100
    types: tuple[str, ...] = ("public", "private")
    private_type: str = "private"
    branch_types: tuple[str, ...] = ("protected", "readonly")
    readonly_type: str = "readonly"
    main_branch: str = "master"
    description_min: int = 10
    """A new repository's description is at least this long (R008)."""
    upstream_owners: tuple[str, ...] = ()
    """Owners whose new repositories name their `upstream` (R008)."""
    platform_owners: tuple[str, ...] = ()
    """Owners whose new repositories carry no `platform` but `platforms` nor a
    `repository_url` (R008)."""
    platforms: tuple[str, ...] = ("gitee",)
    release_owners: tuple[str, ...] = ()
    """Owners whose new branches start from a release the release list names (R007)."""
    exceptions_files: tuple[str, ...] = ()
    """Repository names exempt from one SIG per repository (M009)."""
    block_list_files: tuple[str, ...] = ()
    """Software a new repository may not package (R008)."""
    unmaintained_files: tuple[str, ...] = ()
    """Releases no longer maintained: a new branch named after one is read-only (R008)."""
    releases_files: tuple[str, ...] = ()
    """The release list (`branch: {parent: [children]}`): which branch may be created from
    which (R007). Each `*_files` is a list of places; the first that exists is read."""


@dataclass(frozen=True, slots=True)
class PeopleHeadings:
    """Headings under which a SIG page lists people by hand (M010), compared ignoring case,
    spaces and punctuation, with or without a `列表`/`list`/`名单` after them; `former` are
    words that mark a heading as former members (`Emeritus`, `历任`): not compared."""

    leads: tuple[str, ...]
    maintainers: tuple[str, ...]
    committers: tuple[str, ...]
    former: tuple[str, ...]


PEOPLE_HEADINGS = PeopleHeadings(
    leads=("Leads", "Lead", "SIG Leads", "SIG Lead", "Leaders", "SIG 负责人", "负责人", "SIG 组长"),
    maintainers=("Maintainers", "Maintainer", "SIG Maintainers", "维护者", "维护人员"),
    committers=("Committers", "Committer", "SIG Committers", "提交者"),
    former=("Emeritus", "Former", "Alumni", "Retired", "历任", "前任", "荣誉", "退休"),
)


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    sigs_dir: str
    tables: tuple[LayoutTable, ...]
    identities: tuple[Identity, ...]
    """Person keys that identify someone, in order of preference (the first present one is
    what tables link)."""
    owners_file: str | None
    """A per-SIG file listing maintainer ids (`OWNERS`) that wins over sig-info.yaml."""
    one_sig_per_repository: bool
    """Whether a repository claimed by two SIGs is a finding (M009)."""
    repository_files: bool = False
    """Whether SIG folders hold one `<owner>/<letter>/<repo>.yaml` per repository they own
    (openEuler): their paths (never their contents) are claims too."""
    templates: tuple[str, ...] = ()
    """Folders under the sigs folder that are a template to copy, not a SIG (openEuler's
    `sig-template`, whose sample metadata claims real repositories)."""
    people_headings: PeopleHeadings = PEOPLE_HEADINGS
    """Where SIG pages name people by hand (M010 compares them with the metadata)."""
    repository_forge: str = "gitee"
    """The forge (`[online.forges.NAME]`) on which the repositories its metadata names live."""
    repository_rules: RepositoryRules | None = None
    """Per-repository files that are read and checked (R001-R009); None: none."""
    closed_keys: bool = False
    """Whether every key the metadata schema does not know is an error (M004)."""
    required_lists: tuple[str, ...] = ()
    """Metadata lists that need at least one entry (openEuler: `maintainers`, M003)."""
    name_is_folder: bool = False
    """Whether the metadata's `name` must equal its folder's name (M006)."""
    repository_owners: tuple[str, ...] = ()
    """The owners a listed repository may have (M008); empty: any."""
    one_sig_per_name: bool = False
    """M009 compares repository names, whatever the owner (`openeuler/x` is `src-openeuler/x`)."""
    severities: tuple[tuple[str, str], ...] = ()
    """Codes whose severity the community's own gate sets (`("M009", "error")`)."""


ZH_COLUMNS = ("SIG name", "技术领域", "SIG 负责人")
EN_COLUMNS = ("SIG name", "Responsibilities", "SIG Leads")

MINDSPORE = Layout(
    name="mindspore",
    sigs_dir="sigs",
    tables=(
        LayoutTable("README.md", "zh", ZH_COLUMNS),
        LayoutTable("README_en.md", "en", EN_COLUMNS, when_present=True),
    ),
    identities=(GITEE,),
    owners_file=None,
    one_sig_per_repository=False,  # the SIGs share the mindspore/mindspore monorepo
)

OPENEULER = Layout(
    name="openeuler",
    sigs_dir="sig",
    tables=(),
    identities=(GITEE, ATOMGIT, OPENEULER_ID),
    owners_file="OWNERS",
    one_sig_per_repository=True,
    repository_files=True,
    templates=("sig-template",),
    repository_forge="atomgit",  # openEuler moved its code to AtomGit in 2025
    repository_rules=RepositoryRules(
        owners=("openeuler", "src-openeuler"),
        private_sig="Private",
        recycle_sig="sig-recycle",
        upstream_owners=("src-openeuler",),
        platform_owners=("openeuler",),
        release_owners=("src-openeuler",),
        # the first of each that exists is read: where the community keeps it, or beside its gate
        exceptions_files=(
            "zh/technical-committee/governance/exceptions.yaml",
            "ci-scripts/exceptions.yaml",
        ),
        block_list_files=(
            "zh/technical-committee/governance/blacklist-software.yaml",
            "ci-scripts/blacklist-software.yaml",
        ),
        unmaintained_files=("ci-scripts/unmaintained_branches.yaml",),
        releases_files=("ci-scripts/release-management.yaml", "ci-scripts/branch-map.yaml"),
    ),
    closed_keys=True,
    required_lists=("maintainers",),
    name_is_folder=True,
    repository_owners=("openeuler", "src-openeuler"),
    one_sig_per_name=True,
    # what `ci-scripts/` fails a pull request on, where sigcheck's default only warns
    severities=(("M004", "error"), ("M009", "error")),
)

LAYOUTS: dict[str, Layout] = {layout.name: layout for layout in (MINDSPORE, OPENEULER)}


def recognise(root: Path) -> Layout:
    """The layout of a repository with no `layout` configured: MindSpore's when it has a
    `sigs/` folder, openEuler's when it has `sig/`, else MindSpore's (whose missing `sigs/`
    the loader then reports)."""
    for layout in LAYOUTS.values():
        if kind(root / layout.sigs_dir) == "dir":
            return layout
    return MINDSPORE


def is_sigs_folder(folder: Path) -> bool:
    """Whether a folder holds a sigs folder of a known layout (root discovery)."""
    return any(kind(folder / layout.sigs_dir) == "dir" for layout in LAYOUTS.values())
