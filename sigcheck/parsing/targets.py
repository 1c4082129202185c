"""Where a link points: another place in this repository, an anchor in the page, or the web.

A link into this repository by its own absolute URL (`{repo_url}/blob/<branch>/<path>`) is
mapped to the local file, so that it is checked offline like a relative link (SPEC L001).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
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
    normal = posixpath.normpath(joined) if joined else "."
    escapes = normal == ".." or normal.startswith("../")
    return LocalTarget("" if normal == "." else normal, fragment, escapes)


def repo_url_path(url: str, repo_url: str | None) -> str | None:
    """The repository path an absolute URL of this repository shows, else None."""
    if not repo_url:
        return None
    for scheme_variant in {repo_url, repo_url.replace("https://", "http://", 1)}:
        prefix = scheme_variant.rstrip("/") + "/"
        if url.startswith(prefix):
            match = re.match(r"^(?:blob|tree|raw)/[^/]+/?(.*)$", url[len(prefix) :])
            if match:
                return match.group(1)
    return None


def classify(href: str, source: str, repo_url: str | None) -> Target:
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
    return _local(posixpath.join(posixpath.dirname(source), path), fragment)
