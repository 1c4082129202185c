"""What the online checks look at: unique external URLs and Gitee handles, with every place
they occur, so that one request answers for all of them and every place gets its diagnostic.

- External links in every Markdown page (links into this repository by its own URL are local
  targets, already checked offline, anchors included).
- Profile links `{profile_url}/<handle>` anywhere are handles, checked through the Gitee API
  (gitee.com blocks bots, so its pages are never fetched); in prose such a link may also name
  an organisation, which the check then accepts.
- Lead handles of the SIG tables, and `gitee_id`s of every people list in `sig-info.yaml`
  (plus `leads` entries that are handles).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import urlsplit, urlunsplit

from sigcheck.config import Config
from sigcheck.identity import Identity, PeopleRules
from sigcheck.model import Community, MarkdownDoc, MetadataFile, Person
from sigcheck.online.patterns import BoundedPatterns
from sigcheck.parsing.leads import is_handle, profile_handle
from sigcheck.parsing.targets import ExternalTarget, classify

RESERVED_PROFILE_NAMES = frozenset(
    {
        "about", "api", "dashboard", "education", "enterprises", "events", "explore",
        "features", "gists", "help", "login", "logout", "notifications", "oauth",
        "organizations", "profile", "projects", "search", "signup", "terms", "gvp",
    }
)  # fmt: skip
"""Top-level site pages of gitee.com that look like a profile link but name no one."""


class PlaceKind(StrEnum):
    LINK = "link"
    """A link in a Markdown page (a profile link there may name an organisation)."""
    LEAD = "lead"
    """A lead in a SIG table."""
    METADATA = "metadata"
    """A `gitee_id` (or `leads` entry) in sig-info.yaml."""


@dataclass(frozen=True, slots=True)
class Place:
    path: str
    line: int | None
    column: int | None
    written: str
    """The URL or handle as written there, for the message."""
    kind: PlaceKind = PlaceKind.LINK


@dataclass(slots=True)
class Targets:
    urls: dict[str, list[Place]] = field(default_factory=dict)
    """Normalised URL -> places."""
    handles: dict[str, list[Place]] = field(default_factory=dict)
    """Handle (as written) -> places."""
    excluded: set[str] = field(default_factory=set)
    """URLs and handles left out by `online.exclude`."""

    def add_url(self, url: str, place: Place) -> None:
        self.urls.setdefault(url, []).append(place)

    def add_handle(self, handle: str, place: Place) -> None:
        self.handles.setdefault(handle, []).append(place)


def normalise_url(url: str) -> str:
    """The key under which a URL is requested once: fragment dropped, scheme and host
    lower-cased, default port and empty path normalised, non-ASCII percent-encoded."""
    from requests.utils import requote_uri

    url = url.strip().split("#", 1)[0]
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        netloc = parts.netloc
        if "@" not in netloc:
            netloc = netloc.lower()
            default = {"http": ":80", "https": ":443"}.get(scheme)
            if default and netloc.endswith(default):
                netloc = netloc[: -len(default)]
        rebuilt = urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
        return str(requote_uri(rebuilt))
    except ValueError:
        return url


def _people_lists(meta: MetadataFile) -> list[tuple[tuple[str | int, ...], list[Person]]]:
    return list(meta.metadata.people_lists()) if meta.metadata is not None else []


def gitee_identities(rules: PeopleRules, profile_url: str) -> tuple[Identity, ...]:
    """The identities the Gitee API answers for: those whose profiles live on Gitee."""
    gitee_host = urlsplit(profile_url).hostname
    return tuple(
        identity
        for identity in rules.identities
        if identity.profile_url and urlsplit(identity.profile_url).hostname == gitee_host
    )


class Found(StrEnum):
    """What a page's link is to the online checks."""

    URL = "url"
    HANDLE = "handle"
    EXCLUDED = "excluded"
    """Left out by `online.exclude` (the key is what the summary counts)."""


PageTarget = tuple[Found, str, Place]
"""(kind, normalised URL / handle / excluded key, the link's place)."""


def page_targets(
    doc: MarkdownDoc, config: Config, excluded: Callable[..., bool]
) -> list[PageTarget]:
    """The external URLs and Gitee handles one page links to, in link order: what `collect`
    gathers from it, and what `--online` starts asking as soon as the page is parsed.
    `excluded` runs the `online.exclude` patterns (on the main thread, where they are timed)."""
    if doc.problem:
        return []
    profile_url = config.profile_url
    found: list[PageTarget] = []
    for link in doc.links:
        if link.as_text is not None:
            continue  # not a link on the rendered page: L008 says so, offline
        target = classify(link.href, doc.path, config.own_address)
        if not isinstance(target, ExternalTarget):
            continue
        url = target.url.strip()
        if not url.lower().startswith(("http://", "https://")):
            continue
        place = Place(doc.path, link.line, link.column, link.href)
        handle = profile_handle(url.split("#", 1)[0], profile_url)
        if handle is not None and is_handle(handle):
            if handle.lower() in RESERVED_PROFILE_NAMES:
                continue
            if excluded(f"{profile_url}/{handle}"):
                found.append((Found.EXCLUDED, f"@{handle}", place))
            else:
                found.append((Found.HANDLE, handle, place))
            continue
        key = normalise_url(url)
        found.append((Found.EXCLUDED if excluded(key, url) else Found.URL, key, place))
    return found


def collect(
    community: Community,
    exclusions: BoundedPatterns | None = None,
    pages: Mapping[str, list[PageTarget]] | None = None,
) -> Targets:
    """Every external URL and Gitee handle of the repository, with their places. `pages`:
    `page_targets` already computed for some pages (by path), which are not classified again."""
    config = community.config
    profile_url = config.profile_url
    rules = config.people_rules()
    on_gitee = gitee_identities(rules, profile_url)
    gitee_keys = {identity.key for identity in on_gitee}
    patterns = exclusions or BoundedPatterns(config.online.exclude)
    excluded = patterns.any
    found = Targets()

    def handle_place(handle: str, place: Place) -> None:
        if excluded(f"{profile_url}/{handle}"):
            found.excluded.add(f"@{handle}")
        else:
            found.add_handle(handle, place)

    lead_places: set[tuple[str, int, str]] = set()
    for table in community.tables:
        for row in table.rows:
            for lead in row.leads:
                on_gitee_lead = lead.identity is None or lead.identity in gitee_keys
                if lead.handle is not None and is_handle(lead.handle) and on_gitee_lead:
                    lead_places.add((table.path, row.line, lead.handle))
                    handle_place(
                        lead.handle,
                        Place(table.path, row.line, lead.column, lead.handle, PlaceKind.LEAD),
                    )

    for path in sorted(community.documents):
        doc = community.documents[path]
        known = None if pages is None else pages.get(path)
        for kind, key, place in page_targets(doc, config, excluded) if known is None else known:
            if kind is Found.EXCLUDED:
                found.excluded.add(key)
            elif kind is Found.URL:
                found.add_url(key, place)
            elif (path, place.line, key) not in lead_places:
                found.add_handle(key, place)  # `page_targets` applied `online.exclude`

    for name in sorted(community.folders):
        meta = community.folders[name].metadata
        if meta is None or meta.metadata is None:
            continue
        for where, people in _people_lists(meta):
            for index, person in enumerate(people):
                for identity in on_gitee:  # placeholders and empty values are absent
                    handle = rules.field(person, identity.key)
                    if handle and is_handle(handle):
                        line, column = meta.position((*where, index, identity.key))
                        place = Place(meta.path, line, column, handle, PlaceKind.METADATA)
                        handle_place(handle, place)
        for index, entry in enumerate(meta.metadata.leads or []):
            if not isinstance(entry, str):
                continue  # a person written out: their id is checked where they are listed
            handle = entry.strip().lstrip("@")
            if rules.is_placeholder(handle):
                continue
            if is_handle(handle) and _names_a_gitee_handle(meta, handle, rules, gitee_keys):
                line, column = meta.position(("leads", index))
                handle_place(handle, Place(meta.path, line, column, handle, PlaceKind.METADATA))
    return found


def _names_a_gitee_handle(
    meta: MetadataFile, handle: str, rules: PeopleRules, gitee_keys: set[str]
) -> bool:
    """Whether a `leads` entry is a handle to ask Gitee about: it is the account of someone
    listed under a Gitee-hosted key (not, say, their AtomGit id), or names nobody listed (an
    entry naming nobody stands for itself, and the table shows it as a Gitee handle)."""
    wanted = handle.casefold()
    people = [person for _, group in _people_lists(meta) for person in group]
    for person in people:
        for identity, value in rules.accounts(person):
            if value.casefold() == wanted:
                return identity.key in gitee_keys
    return not any(p.name and p.name.strip().casefold() == wanted for p in people)
