"""Forges as data (SPEC §6): where a forge's API is, how a token is sent to it and from which
environment variable, its page size and pace, its profile hosts and which person keys name it.

Pure: no network, no requests import (the configuration validates forge names against
`BUILTIN_FORGES`). `resolve` merges, in this order, the built-in description, the repository's
`[online.forges.NAME]` (and `online.gitee_api`), `SIGCHECK_<NAME>_API` in the environment and
`--forge-api NAME=URL` on the command line, and decides whether the forge's token may go to
the address that results: only to the built-in address, or to one given outside the repository,
because a pull request can change `.sigcheck.toml` and must not be able to send CI's token
elsewhere.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from sigcheck.config import OnlineConfig

GITEE_ID = r"^[A-Za-z][A-Za-z0-9_-]*$"

BUILTIN_FORGES: dict[str, dict[str, Any]] = {
    "gitee": {
        "api": "https://gitee.com/api/v5",
        "token_env": "GITEE_TOKEN",
        "token_in": "query",
        "per_page": 100,
        "profiles": ["https://gitee.com"],
        "repo_web": "https://gitee.com",
        "keys": ["gitee_id"],
        "id_pattern": GITEE_ID,
        "label": "Gitee",
        "rate": 2.0,
        "rate_with_token": 10.0,
    },
    "atomgit": {
        # AtomGit and GitCode are one platform; GitCode documents the Gitee-compatible v5 API
        "api": "https://api.gitcode.com/api/v5",
        "token_env": "ATOMGIT_TOKEN",
        "token_in": "header",
        "per_page": 100,
        "profiles": ["https://atomgit.com", "https://gitcode.com"],
        "repo_web": "https://atomgit.com",
        "keys": ["atomgit_id", "gitcode_id"],
        "id_pattern": r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$",
        "label": "AtomGit",
        "rate": 2.0,
        "rate_with_token": 10.0,
    },
    "github": {
        "api": "https://api.github.com",
        "token_env": "GITHUB_TOKEN",
        "token_in": "header",
        "per_page": 100,
        "profiles": ["https://github.com"],
        "repo_web": "https://github.com",
        "keys": ["github", "github_id"],
        "id_pattern": r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$",
        "label": "GitHub",
        "rate": 1.0,
        "rate_with_token": 10.0,
    },
}

_DEFAULTS: dict[str, Any] = {
    "token_env": None,
    "token_in": "query",
    "per_page": 100,
    "profiles": [],
    "repo_web": None,
    "keys": [],
    "id_pattern": GITEE_ID,
    "label": None,
    "rate": 2.0,
    "rate_with_token": 10.0,
}


@dataclass(frozen=True, slots=True)
class Forge:
    """One forge as this run asks it."""

    name: str
    api: str
    """Base API address, without a trailing slash."""
    api_from: str
    """Where `api` came from: `built in`, `.sigcheck.toml`, `SIGCHECK_GITEE_API`, `--forge-api`."""
    token_env: str | None
    token_in: str
    per_page: int
    profiles: tuple[str, ...]
    """Profile host names (`atomgit.com`, `gitcode.com`), lower-case."""
    keys: tuple[str, ...]
    id_pattern: str
    label: str
    rate: float
    rate_with_token: float
    token_allowed: bool
    """Whether the token may be sent to `api` (the rule of the module docstring)."""

    def valid_id(self, name: str) -> bool:
        return bool(re.match(self.id_pattern, name))

    def token(self, environ: Mapping[str, str] | None = None) -> str | None:
        """The token to send, when there is one and it may go to `api`."""
        if not self.token_env or not self.token_allowed:
            return None
        value = (os.environ if environ is None else environ).get(self.token_env, "").strip()
        return value or None

    def token_withheld(self, environ: Mapping[str, str] | None = None) -> bool:
        """A token is set but `api` comes from the repository's files: it is not sent."""
        if not self.token_env or self.token_allowed:
            return False
        return bool((os.environ if environ is None else environ).get(self.token_env, "").strip())


def api_env(name: str) -> str:
    return f"SIGCHECK_{name.upper()}_API"


def _host(address: str) -> str:
    try:
        return (urlsplit(address).hostname or "").lower()
    except ValueError:
        return ""


def resolve(
    online: OnlineConfig,
    command_line: Mapping[str, str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Forge]:
    """Every forge of this run, by name (see the module docstring for the order)."""
    env = os.environ if environ is None else environ
    given = dict(online.forges)
    names = [*BUILTIN_FORGES, *(name for name in given if name not in BUILTIN_FORGES)]
    forges: dict[str, Forge] = {}
    for name in names:
        values = dict(_DEFAULTS)
        values.update(BUILTIN_FORGES.get(name, {}))
        builtin_api = BUILTIN_FORGES.get(name, {}).get("api")
        api_from = "built in"
        configured = given.get(name)
        if configured is not None:
            for key in configured.model_fields_set:
                value = getattr(configured, key)
                if value is not None:
                    values[key] = value
            if configured.api is not None:
                api_from = ".sigcheck.toml"
        if name == "gitee" and online.gitee_api and not (configured and configured.api):
            values["api"] = online.gitee_api.rstrip("/")
            api_from = ".sigcheck.toml"
        if env.get(api_env(name), "").strip():
            values["api"], api_from = env[api_env(name)].strip().rstrip("/"), api_env(name)
        if command_line and command_line.get(name):
            values["api"], api_from = command_line[name].rstrip("/"), "--forge-api"
        api = str(values["api"]).rstrip("/")
        allowed = api_from in ("--forge-api", api_env(name)) or (
            builtin_api is not None and api == builtin_api
        )
        forges[name] = Forge(
            name=name,
            api=api,
            api_from=api_from,
            token_env=values["token_env"],
            token_in=str(values["token_in"]),
            per_page=int(values["per_page"]),
            profiles=tuple(h for h in (_host(p) for p in values["profiles"]) if h),
            keys=tuple(values["keys"]),
            id_pattern=str(values["id_pattern"]),
            label=str(values["label"] or name),
            rate=float(values["rate"]),
            rate_with_token=float(values["rate_with_token"]),
            token_allowed=allowed,
        )
    return forges


class ForgeMap:
    """Which forge a person key, a profile link or the layout's repositories belong to."""

    def __init__(self, forges: Mapping[str, Forge], repository_forge: str | None) -> None:
        self.forges = dict(forges)
        self.by_key = {key: forge for forge in self.forges.values() for key in forge.keys}
        self.by_host = {host: forge for forge in self.forges.values() for host in forge.profiles}
        self.repositories = self.forges.get(repository_forge or "")

    def of_key(self, key: str, profile_url: str | None = None) -> Forge | None:
        """The forge of a person key: named by a forge's `keys`, else by the host of the
        key's profile address; None: never asked."""
        forge = self.by_key.get(key)
        if forge is None and profile_url:
            forge = self.by_host.get(_host(profile_url).removeprefix("www."))
        return forge

    def profile(self, url: str) -> tuple[Forge, str] | None:
        """`https://atomgit.com/henry-ze` -> (atomgit, `henry-ze`): a link to a profile page
        (one path segment) on a forge's profile host."""
        try:
            parts = urlsplit(url.strip())
        except ValueError:
            return None
        if parts.scheme.lower() not in ("http", "https"):
            return None
        forge = self.by_host.get((parts.hostname or "").lower().removeprefix("www."))
        if forge is None or parts.query:
            return None
        segments = [segment for segment in parts.path.split("/") if segment]
        if len(segments) != 1:
            return None
        return forge, segments[0]
