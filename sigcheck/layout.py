"""Community layouts as data: where the SIGs live and what the community's rules are.

MindSpore and openEuler keep their SIGs differently (SPEC §3): `sigs/` with two README tables
and SIGs sharing a monorepo, or `sig/` with no table, `OWNERS` files, AtomGit ids and one SIG
per repository. OpenHarmony and Kubernetes keep the metadata of every SIG in one registry file
(`sig/sigs_list.toml`, `sigs.yaml`) instead of a file per folder. The checks never ask which
community this is; they read the values of the `Layout` the configuration resolved (a
recognised one, or the one named by `layout = ...`, with explicit configuration keys on top).
Pure: no parsing, only `files.kind` and listings on the root.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from sigcheck.files import kind, scan
from sigcheck.identity import GITEE, Identity

ATOMGIT = Identity("atomgit_id", "https://atomgit.com", "AtomGit")
OPENEULER_ID = Identity("openeuler_id", None, "openEuler")
GITCODE = Identity("gitcode_id", "https://gitcode.com", "GitCode")
GITHUB = Identity("github", "https://github.com", "GitHub")


@dataclass(frozen=True, slots=True)
class PageName:
    """A SIG page the layout knows: a file name in the SIG folder, `{folder}` standing for
    the folder's name (`{folder}_cn.md`), and its language."""

    pattern: str
    language: str
    required: bool = False
    """A folder without it is D002 ("has no page")."""

    def name(self, folder: str) -> str:
        return self.pattern.replace("{folder}", folder)


@dataclass(frozen=True, slots=True)
class RegistryCopy:
    """Another file holding the same records, which must agree with the registry (M011):
    OpenHarmony's `sig/sigs_list.json` beside `sig/sigs_list.toml`."""

    path: str
    lists: tuple[str, ...] = ()
    """Top-level keys of the lists of records; none: the document itself is the list."""


@dataclass(frozen=True, slots=True)
class Registry:
    """One file listing every SIG (SPEC §3): where it is, which lists hold the records, how a
    record names its folder, and where each field the checks read is in a record. Field paths
    are dotted keys inside a record (`leadership.chairs`); a record becomes the same per-SIG
    metadata as a `sig-info.yaml`, with the place of each value in the registry."""

    path: str
    lists: tuple[str, ...]
    """Top-level keys holding lists of records (`sig`; `sigs`, `workinggroups`, ...)."""
    folder: str = "{name}"
    """The record's folder, from its top-level values: `{sig_name}`, `{dir}`."""
    name: str = "name"
    description: str | None = "description"
    status: str | None = None
    archived: tuple[str, ...] = ("archived",)
    """Values of `status` that mean the SIG is archived (`inactive`)."""
    leads: tuple[str, ...] = ()
    """Fields holding the leads: a person or a list of people each (the metadata's
    maintainers)."""
    repositories: str | None = None
    """Field holding a list of repository records (`projects`)."""
    repository_url: str = "repo"
    """Key of a repository record holding its `owner/name` or its web address."""
    repository_committers: str | None = None
    """Key of a repository record holding its committers (people)."""
    mailing_list: str | None = None
    meeting_url: str | None = None
    folder_links: tuple[str, ...] = ()
    """Fields whose value is a path relative to the SIG folder that must exist
    (`charter_link`): L001, or L003 when only the letter case differs."""
    person_keys: tuple[tuple[str, str], ...] = ()
    """A record's person keys that are another metadata key (`gitee_email` -> `email`)."""
    copies: tuple[RegistryCopy, ...] = ()

    @property
    def format(self) -> str:
        """`toml`, `json` or `yaml`, from the file's suffix."""
        suffix = self.path.rsplit(".", 1)[-1].lower()
        return {"yml": "yaml", "toml": "toml", "json": "json"}.get(suffix, "yaml")


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
    folder_globs: tuple[str, ...] = ()
    """SIG folders at the root whose names match (Kubernetes' `sig-*`, `wg-*`); the sigs
    folder is then the root (`.`)."""
    registry: Registry | None = None
    """One file listing every SIG; None: a metadata file per folder."""
    owners_format: str = "yaml"
    """`yaml` or `json` (OpenHarmony's `OWNERS`)."""
    owners_leads: tuple[str, ...] = ("maintainers",)
    """Keys of `OWNERS` listing who leads the SIG (ids, or people)."""
    owners_committers: tuple[str, ...] = ()
    """Keys of `OWNERS` listing the SIG's committers."""
    owners_win: bool = True
    """Whether `OWNERS` wins over the metadata for who leads (openEuler); else the metadata
    (a registry) wins and `OWNERS` is what to fix."""
    pages: tuple[PageName, ...] = field(
        default_factory=lambda: (
            PageName("README.md", "zh", required=True),
            PageName("README_en.md", "en"),
            PageName("README.en.md", "en"),
        )
    )
    repo_host: str = "https://gitee.com"
    """Where the SIGs' repositories are: `owner/name` links `<repo_host>/owner/name` in the
    generated page regions (`[generate.pages] repo_host` overrides it)."""
    pages_owner: str = "sigcheck"
    """`external`: the community's own generator writes the pages; sigcheck only checks."""
    recognised_by: tuple[str, ...] = ()
    """Globs (relative to the root) of files, any of which present recognises the layout."""
    rank: int = 9
    """Precedence when several layouts are recognised: the lowest wins (the more specific
    layout); two at the same lowest rank is ambiguous."""
    looks_for: str = ""
    """What recognition looks for, in words (the message when nothing is recognised)."""
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
    recognised_by=("sigs/README.md", "sigs/*/sig-info.yaml"),
    rank=2,
    looks_for="a `sigs/` folder with a `README.md` or SIG folders holding `sig-info.yaml`",
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
    recognised_by=("sig/*/sig-info.yaml", "sig/*/OWNERS"),
    rank=2,
    looks_for="a `sig/` folder whose SIG folders hold `sig-info.yaml` or `OWNERS`",
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

OPENHARMONY = Layout(
    name="openharmony",
    sigs_dir="sig",
    tables=(),
    identities=(GITEE, GITCODE, ATOMGIT),
    owners_file="OWNERS",
    one_sig_per_repository=False,
    registry=Registry(
        path="sig/sigs_list.toml",
        lists=("sig",),
        folder="{sig_name}",
        name="sig_name",
        description="description",
        status="sig_status",
        archived=("inactive", "archived"),
        leads=("leader",),
        repositories="projects",
        repository_url="https_url",
        repository_committers="committer",
        person_keys=(("gitee_email", "email"), ("gitcode_email", "email")),
        copies=(RegistryCopy("sig/sigs_list.json"),),
    ),
    owners_format="json",
    owners_leads=("Leader",),
    owners_committers=("Committers",),
    owners_win=False,
    people_headings=PeopleHeadings(  # `### Leader`, `### Committers列表` in sig_<x>(_cn).md
        leads=(*PEOPLE_HEADINGS.leads, "Leader"),
        maintainers=PEOPLE_HEADINGS.maintainers,
        committers=PEOPLE_HEADINGS.committers,
        former=PEOPLE_HEADINGS.former,
    ),
    repo_host="https://gitcode.com",
    repository_forge="atomgit",  # GitCode: one platform with AtomGit (SPEC §6)
    pages=(PageName("{folder}.md", "en", required=True), PageName("{folder}_cn.md", "zh")),
    recognised_by=("sig/sigs_list.toml",),
    rank=1,
    looks_for="`sig/sigs_list.toml`",
)

KUBERNETES = Layout(
    name="kubernetes",
    sigs_dir=".",
    tables=(),
    identities=(GITHUB,),
    owners_file=None,
    one_sig_per_repository=False,
    folder_globs=("sig-*", "wg-*", "ug-*", "committee-*"),
    registry=Registry(
        path="sigs.yaml",
        lists=("sigs", "workinggroups", "usergroups", "committees"),
        folder="{dir}",
        name="name",
        description="mission_statement",
        leads=("leadership.chairs", "leadership.tech_leads"),
        mailing_list="contact.mailing_list",
        folder_links=("charter_link",),
    ),
    pages=(PageName("README.md", "en", required=True),),
    repository_forge="github",
    pages_owner="external",
    recognised_by=("sigs.yaml",),
    rank=0,
    looks_for="`sigs.yaml` at the root",
)

LAYOUTS: dict[str, Layout] = {
    layout.name: layout for layout in (KUBERNETES, OPENHARMONY, OPENEULER, MINDSPORE)
}
"""In order of precedence."""


class LayoutError(Exception):
    """No layout, or more than one, is recognised and none is configured (exit 2)."""


def _present(root: Path, pattern: str) -> bool:
    """Whether a file matching `pattern` (`sig/*/OWNERS`: globs in folder names) exists,
    asked through files.py (the warm trace sees each listing and kind)."""
    parts = pattern.split("/")
    folders = [root]
    for part in parts[:-1]:
        if any(char in part for char in "*?["):
            folders = [
                folder / name
                for folder in folders
                for name, entry in sorted((scan(folder) or {}).items())
                if entry.is_dir and not name.startswith(".") and fnmatch.fnmatchcase(name, part)
            ]
        else:
            folders = [folder / part for folder in folders if kind(folder / part) == "dir"]
    return any(kind(folder / parts[-1]) == "file" for folder in folders)


def recognised(root: Path) -> list[Layout]:
    """Every layout whose files are present, the most specific first."""
    found = [
        layout
        for layout in LAYOUTS.values()
        if any(_present(root, pattern) for pattern in layout.recognised_by)
    ]
    return sorted(found, key=lambda layout: layout.rank)


def recognise(root: Path) -> Layout:
    """The layout of a repository with no `layout` configured, by SPEC §3's precedence:
    `sigs.yaml` at the root is Kubernetes'; `sig/sigs_list.toml` OpenHarmony's; a `sig/`
    whose folders hold `sig-info.yaml` or `OWNERS` openEuler's; a `sigs/` with a `README.md`
    or `sig-info.yaml` MindSpore's. LayoutError when none or two equally specific match."""
    found = recognised(root)
    if not found:
        known = "; ".join(f"{layout.name}: {layout.looks_for}" for layout in LAYOUTS.values())
        raise LayoutError(
            f"no SIG layout recognised under {root}. Known layouts: {known}. "
            'Name one in .sigcheck.toml (`layout = "openeuler"`), or describe your own '
            "(`sigs_dir` or `folder_globs`, `metadata_file` or `[registry]`: see README, Layouts)"
        )
    if len(found) > 1 and found[0].rank == found[1].rank:
        both = " and ".join(f"{layout.name} ({layout.looks_for})" for layout in found[:2])
        raise LayoutError(
            f'{root} matches two layouts, {both}: choose one with `layout = "..."` '
            "in .sigcheck.toml"
        )
    return found[0]


def is_sigs_folder(folder: Path) -> bool:
    """Whether a folder looks like the root of a known layout (root discovery): a sigs
    folder, or a file that recognises one."""
    sigs_dirs = {layout.sigs_dir for layout in LAYOUTS.values() if layout.sigs_dir != "."}
    if any(kind(folder / name) == "dir" for name in sigs_dirs):
        return True
    # a registry at the root (`sigs.yaml`), unless this folder is itself a sigs folder:
    # openEuler keeps a `sig/sigs.yaml` of its own
    return folder.name not in sigs_dirs and any(
        kind(folder / pattern) == "file"
        for layout in LAYOUTS.values()
        if layout.sigs_dir == "."
        for pattern in layout.recognised_by
    )
