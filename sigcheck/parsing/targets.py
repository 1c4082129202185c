"""Where a link points: another place in this repository, an anchor in the page, or the web.

A link into this repository by its own absolute URL (`{repo_url}/blob/<branch>/<path>`) is
mapped to the local file, so that it is checked offline like a relative link (SPEC L001).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote

_SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True, slots=True)
class LocalTarget:
    path: str
    """Repository-relative, normalised, `/`-separated; "" is the root itself."""
    fragment: str | None
    escapes: bool
    """The path climbs above the repository root."""


@dataclass(frozen=True, slots=True)
class AnchorTarget:
    fragment: str


@dataclass(frozen=True, slots=True)
class ExternalTarget:
    url: str


@dataclass(frozen=True, slots=True)
class OtherTarget:
    """mailto:, tel:, javascript:, ... nothing to check offline."""

    href: str


Target = LocalTarget | AnchorTarget | ExternalTarget | OtherTarget


def _split_fragment(href: str) -> tuple[str, str | None]:
    if "#" in href:
        path, fragment = href.split("#", 1)
        return path, fragment
    return href, None


def _local(joined: str, fragment: str | None) -> LocalTarget:
    normal = _normal(joined) if joined else "."
    escapes = normal == ".." or normal.startswith("../")
    return LocalTarget("" if normal == "." else normal, fragment, escapes)


_ODD_SEGMENTS = frozenset(("", ".", ".."))


def _normal(path: str) -> str:
    """`posixpath.normpath`, which is pure Python before 3.12, skipped for the usual path that
    is already normal (no empty, `.` or `..` segment): every link of every page comes here."""
    if _ODD_SEGMENTS.isdisjoint(path.split("/")):
        return path
    return posixpath.normpath(path)


@lru_cache(maxsize=1024)
def _folder(source: str) -> str:
    """The folder of a page: asked once per link, the same for all links of a page."""
    return posixpath.dirname(source)


DEFAULT_BRANCHES = frozenset({"master", "main"})
"""The default branch when git does not say (a configured `repo_url`, a remote without HEAD)."""
HOST_ALIASES: dict[str, tuple[str, ...]] = {
    "atomgit.com": ("gitcode.com",),
    "gitcode.com": ("atomgit.com",),
}
"""Hosts that serve the same repositories (AtomGit and GitCode are one platform, SPEC §6)."""


@dataclass(frozen=True, slots=True)
class OwnAddress:
    """The repository's own web address: links into its default branch are this working tree
    (SPEC §3); links pinned to a commit, a tag or another branch are not."""

    urls: tuple[str, ...]
    """`https://gitee.com/org/community`, and the same path on the host's aliases."""
    branches: frozenset[str] = DEFAULT_BRANCHES
    prefix: str = ""
    """The root's place in the git work tree (`community/`), "" at its top: the URL's paths
    start with it."""

    @classmethod
    def of(cls, url: str, branch: str | None = None, prefix: str = "") -> OwnAddress:
        url = url.rstrip("/")
        urls = [url]
        match = re.match(r"^(https?://)([^/]+)(/.*)?$", url)
        if match:
            host = match.group(2).lower()
            urls += [
                f"{match.group(1)}{alias}{match.group(3) or ''}"
                for alias in HOST_ALIASES.get(host, ())
            ]
        branches = frozenset({branch}) if branch else DEFAULT_BRANCHES
        return cls(tuple(urls), branches, prefix.strip("/") + "/" if prefix.strip("/") else "")

    def bases(self) -> list[str]:
        """Every spelling a link may start with: each URL over https and http, with `/`."""
        found = []
        for url in self.urls:
            for variant in (url, url.replace("https://", "http://", 1)):
                if variant.rstrip("/") + "/" not in found:
                    found.append(variant.rstrip("/") + "/")
        return found


Own = OwnAddress | str | None
"""What the functions here take for the own address: resolved, a configured `repo_url`, or
none."""


def own_address(value: Own) -> OwnAddress | None:
    if value is None or isinstance(value, OwnAddress):
        return value
    return OwnAddress.of(value) if value else None


_REF_RE = re.compile(r"^(blob|tree|raw)/([^/]+)(?:/|$)")


def own_prefix(url: str, repo_url: Own) -> str | None:
    """The part of an own-URL link before the repository path (`https://…/blob/master/`),
    when the link points into the default branch; else None."""
    own = own_address(repo_url)
    if own is None:
        return None
    for base in own.bases():
        if url.startswith(base):
            match = _REF_RE.match(url[len(base) :])
            if match and unquote(match.group(2)) in own.branches:
                return url[: len(base) + match.end()]
    return None


def repo_url_path(url: str, repo_url: Own) -> str | None:
    """The path, relative to the root, that an absolute URL of this repository's default
    branch shows (still percent-encoded), else None: another repository, a link pinned to a
    commit, a tag or another branch, or a part of the work tree outside the root."""
    start = own_prefix(url, repo_url)
    if start is None:
        return None
    path = url[len(start) :]
    own = own_address(repo_url)
    if own is not None and own.prefix:
        decoded = unquote(path)
        if decoded.rstrip("/") + "/" == own.prefix:
            return ""
        if not decoded.startswith(own.prefix):
            return None
        return decoded[len(own.prefix) :]
    return path


def classify(href: str, source: str, repo_url: Own) -> Target:
    """Classify `href` written in the file `source` (repository-relative)."""
    href = href.strip()
    if href.startswith("#"):
        return AnchorTarget(href[1:])
    if href.startswith("//"):
        return ExternalTarget("https:" + href)
    if _SCHEME_RE.match(href):
        if href.lower().startswith(("http://", "https://")):
            in_repo = repo_url_path(href.split("?", 1)[0], repo_url)
            if in_repo is not None:
                path, fragment = _split_fragment(in_repo)
                return _local(unquote(path), fragment)
            return ExternalTarget(href)
        return OtherTarget(href)
    path, fragment = _split_fragment(href)
    path = unquote(path.split("?", 1)[0])
    if not path:
        return AnchorTarget(fragment or "")
    if path.startswith("/"):
        return _local(path.lstrip("/"), fragment)
    return _local(posixpath.join(_folder(source), path), fragment)


_EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.([A-Za-z]{2,})$")
_FILE_SUFFIXES = frozenset({"md", "markdown", "html", "htm", "png", "jpg", "jpeg", "gif", "svg"})


def looks_like_email(href: str) -> bool:
    """`dev@openeuler.org` written as a link target: a browser resolves it as a relative file,
    where `mailto:dev@openeuler.org` opens a mail client (a `?subject=…` query is kept by
    `mailto:` as well). A file name such as `a@b.md` is not an address."""
    match = _EMAIL_RE.match(unquote(href.strip().split("?", 1)[0]))
    return match is not None and match.group(1).lower() not in _FILE_SUFFIXES


_PERCENT_RUN_RE = re.compile(r"(?:%[0-9A-Fa-f]{2})+|.", re.DOTALL)


def _respell_segment(written: str, actual: str) -> str | None:
    """`written` (one path segment, maybe percent-encoded) spelt with the letter case of
    `actual`, every escape and unchanged character kept as written; None if they differ in
    more than case."""
    from urllib.parse import quote

    out: list[str] = []
    at = 0
    for piece in _PERCENT_RUN_RE.findall(written):
        escaped = len(piece) > 1
        decoded = unquote(piece) if escaped else piece
        wanted = actual[at : at + len(decoded)]
        if decoded.lower() != wanted.lower():
            return None
        out.append(quote(wanted, safe="") if escaped and decoded != wanted else wanted)
        if escaped and decoded == wanted:
            out[-1] = piece
        at += len(decoded)
    return "".join(out) if at == len(actual) else None


def respell(href: str, source: str, actual: str, repo_url: Own) -> str | None:
    """`href` (written in `source`) pointing at `actual`, the repository path as spelt on
    disk, when the two differ only in letter case (L003): only the path segments that name
    `actual` change, and only in case; `../`, the query, the fragment and escapes are kept.
    None when the href cannot be respelt safely."""
    href = href.strip()
    cut = min((i for i in (href.find("#"), href.find("?")) if i >= 0), default=len(href))
    head, tail = href[:cut], href[cut:]
    base: list[str] = []
    if _SCHEME_RE.match(head):
        prefix = own_prefix(head, repo_url)
        if prefix is None:
            return None
        own = own_address(repo_url)
        if own is not None and own.prefix:
            return None  # the root is a sub-folder of the work tree: not respelt
    elif head.startswith("/"):
        prefix = head[: len(head) - len(head.lstrip("/"))]
    else:
        prefix = ""
        base = [part for part in posixpath.dirname(source).split("/") if part]
    segments = head[len(prefix) :].split("/")
    stack: list[int | None] = [None] * len(base)
    for index, segment in enumerate(segments):
        name = unquote(segment)
        if name in ("", "."):
            continue
        if name == "..":
            if not stack:
                return None
            stack.pop()
            continue
        stack.append(index)
    parts = actual.split("/")
    if len(stack) != len(parts):
        return None
    for position, origin in enumerate(stack):
        if origin is None:
            if base[position] != parts[position]:
                return None
            continue
        respelt = _respell_segment(segments[origin], parts[position])
        if respelt is None:
            return None
        segments[origin] = respelt
    return prefix + "/".join(segments) + tail


def switch_readme(href: str, readme: str) -> str | None:
    """`href` with its final `README.md` replaced by `readme` (a SIG's English README), the
    rest (folder, `%20`, query, fragment) kept; None when it does not link a `README.md`."""
    cut = min((i for i in (href.find("#"), href.find("?")) if i >= 0), default=len(href))
    head = href[:cut]
    folder, _, name = head.rpartition("/")
    if name != "README.md":
        return None
    return (folder + "/" if folder or head.startswith("/") else "") + readme + href[cut:]
