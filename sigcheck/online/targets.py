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
from sigcheck.identity import PeopleRules
from sigcheck.model import Community, MarkdownDoc, MetadataFile, Person
from sigcheck.online.forges import Forge, ForgeMap
from sigcheck.online.patterns import BoundedPatterns
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
    handles: dict[Who, list[Place]] = field(default_factory=dict)
    """(forge, id as written) -> places."""
    excluded: set[str] = field(default_factory=set)
    """URLs and handles left out by `online.exclude`."""

    def add_url(self, url: str, place: Place) -> None:
        self.urls.setdefault(url, []).append(place)

    def add_handle(self, handle: Who, place: Place) -> None:
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


Who = tuple[str, str]
"""(forge name, id as written): a person or organisation asked of a forge."""


def forge_map(config: Config, command_line: Mapping[str, str] | None = None) -> ForgeMap:
    """The run's forges by person key and profile host: the configured forges (built in, the
    repository's, the environment's), each identity's profile host added to its forge."""
    from sigcheck.online.forges import resolve

    forges = resolve(config.online, command_line)
    repository_forge = config.online.repository_forge or config.layout_spec.repository_forge
    mapping = ForgeMap(forges, repository_forge)
    for identity in config.people_rules().identities:
        forge = mapping.of_key(identity.key, identity.profile_url)
        host = urlsplit(identity.profile_url or "").hostname
        if forge is not None and host:
            mapping.by_host.setdefault(host.lower().removeprefix("www."), forge)
    return mapping


def id_value(forges: ForgeMap, key: str, profile_url: str | None, value: str) -> Who | None:
    """The forge and id a person's `key: value` names: a profile URL takes its forge from its
    host; a plain id the forge of its key; None when no forge answers for it."""
    forge: Forge | None
    if value.lower().startswith(("http://", "https://")):
        found = forges.profile(value.rstrip("/"))
        if found is None:
            return None
        forge, handle = found
    else:
        forge, handle = forges.of_key(key, profile_url), value
    if forge is None or not forge.valid_id(handle):
        return None
    return forge.name, handle


class Found(StrEnum):
    """What a page's link is to the online checks."""

    URL = "url"
    HANDLE = "handle"
    EXCLUDED = "excluded"
    """Left out by `online.exclude` (the key is what the summary counts)."""


PageTarget = tuple[Found, "str | Who", Place]
"""(kind, normalised URL / (forge, id) / excluded key, the link's place)."""


def page_targets(
    doc: MarkdownDoc, config: Config, excluded: Callable[..., bool], forges: ForgeMap
) -> list[PageTarget]:
    """The external URLs and forge profiles one page links to, in link order: what `collect`
    gathers from it, and what `--online` starts asking as soon as the page is parsed.
    `excluded` runs the `online.exclude` patterns (on the main thread, where they are timed).
    A profile link (`https://atomgit.com/<id>`) is asked of its forge's API, never fetched."""
    if doc.problem:
        return []
    from sigcheck.placeholders import in_url, normalise

    to_fill = normalise(config.placeholders)
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
        if in_url(url, to_fill) is not None:
            continue  # `…/issues/xxxxx`: L008 offline, never asked (SPEC §3)
        place = Place(doc.path, link.line, link.column, link.href)
        profile = forges.profile(url.split("#", 1)[0].rstrip("/"))
        if profile is not None and profile[0].valid_id(profile[1]):
            forge, handle = profile
            if handle.lower() in RESERVED_PROFILE_NAMES:
                continue
            if excluded(url.split("#", 1)[0].rstrip("/")):
                found.append((Found.EXCLUDED, f"@{handle}", place))
            else:
                found.append((Found.HANDLE, (forge.name, handle), place))
            continue
        key = normalise_url(url)
        found.append((Found.EXCLUDED if excluded(key, url) else Found.URL, key, place))
    return found


def collect(
    community: Community,
    exclusions: BoundedPatterns | None = None,
    pages: Mapping[str, list[PageTarget]] | None = None,
    forges: ForgeMap | None = None,
) -> Targets:
    """Every external URL and forge id of the repository, with their places. `pages`:
    `page_targets` already computed for some pages (by path), which are not classified again.
    An id whose key names no forge (`openeuler_id`) is never asked."""
    config = community.config
    forges = forges or forge_map(config)
    rules = config.people_rules()
    identities = [
        (identity, forges.of_key(identity.key, identity.profile_url))
        for identity in rules.identities
    ]
    patterns = exclusions or BoundedPatterns(config.online.exclude)
    excluded = patterns.any
    found = Targets()

    def handle_place(who: Who, place: Place) -> None:
        forge = forges.forges[who[0]]
        profile = f"https://{forge.profiles[0]}/{who[1]}" if forge.profiles else who[1]
        if excluded(profile):
            found.excluded.add(f"@{who[1]}")
        else:
            found.add_handle(who, place)

    lead_places: set[tuple[str, int, Who]] = set()
    primary = rules.primary
    for table in community.tables:
        for row in table.rows:
            for lead in row.leads:
                if lead.handle is None:
                    continue
                who = None
                if lead.url:
                    profile = forges.profile(lead.url.split("#", 1)[0].rstrip("/"))
                    if profile is not None and profile[0].valid_id(profile[1]):
                        who = (profile[0].name, profile[1])
                if who is None:
                    key = lead.identity or primary.key
                    identity = next((i for i in rules.identities if i.key == key), primary)
                    who = id_value(forges, key, identity.profile_url, lead.handle)
                if who is not None:
                    lead_places.add((table.path, row.line, who))
                    handle_place(
                        who, Place(table.path, row.line, lead.column, lead.handle, PlaceKind.LEAD)
                    )

    for path in sorted(community.documents):
        doc = community.documents[path]
        known = None if pages is None else pages.get(path)
        targets = page_targets(doc, config, excluded, forges) if known is None else known
        for kind, target, place in targets:
            if kind is Found.EXCLUDED:
                found.excluded.add(str(target))
            elif kind is Found.URL:
                found.add_url(str(target), place)
            elif isinstance(target, tuple) and (path, place.line, target) not in lead_places:
                found.add_handle(target, place)  # `page_targets` applied `online.exclude`

    for name in sorted(community.folders):
        meta = community.folders[name].metadata
        if meta is None or meta.metadata is None:
            continue
        for where, people in _people_lists(meta):
            for index, person in enumerate(people):
                for identity, forge in identities:  # placeholders and empty values are absent
                    if forge is None:
                        continue
                    value = rules.field(person, identity.key)
                    if value is None:
                        continue
                    who = id_value(forges, identity.key, identity.profile_url, value)
                    if who is not None:
                        line, column = meta.position((*where, index, identity.key))
                        place = Place(meta.path, line, column, value, PlaceKind.METADATA)
                        handle_place(who, place)
        for index, entry in enumerate(meta.metadata.leads or []):
            if not isinstance(entry, str):
                continue  # a person written out: their id is checked where they are listed
            handle = entry.strip().lstrip("@")
            if rules.is_placeholder(handle):
                continue
            who = _lead_entry(meta, handle, rules, forges)
            if who is not None:
                line, column = meta.position(("leads", index))
                handle_place(who, Place(meta.path, line, column, handle, PlaceKind.METADATA))
    return found


def _lead_entry(
    meta: MetadataFile, handle: str, rules: PeopleRules, forges: ForgeMap
) -> Who | None:
    """The forge a `leads` entry is asked of: that of the key under which someone listed
    holds it as an id (an AtomGit id is asked of AtomGit), or, naming nobody listed by id or
    name, the forge of the first identity key (the table shows it as such a profile)."""
    wanted = handle.casefold()
    people = [person for _, group in _people_lists(meta) for person in group]
    for person in people:
        for identity, value in rules.accounts(person):
            if value.casefold() == wanted:
                return id_value(forges, identity.key, identity.profile_url, handle)
    if any(p.name and p.name.strip().casefold() == wanted for p in people):
        return None
    primary = rules.primary
    return id_value(forges, primary.key, primary.profile_url, handle)
