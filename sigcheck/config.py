"""Configuration: `.sigcheck.toml` or `[tool.sigcheck]` in `pyproject.toml`.

With no configuration the defaults fit the MindSpore layout (SPEC §3). Unknown keys are an error
(exit 2) so that a typo in a config never silently disables a check.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sigcheck.identity import Identity, PeopleRules
from sigcheck.layout import (
    EN_COLUMNS,
    LAYOUTS,
    MINDSPORE,
    ZH_COLUMNS,
    Layout,
    is_sigs_folder,
    recognise,
)
from sigcheck.placeholders import DEFAULT_PLACEHOLDERS, normalise

CONFIG_FILE = ".sigcheck.toml"

DEFAULT_ZH_COLUMNS = list(ZH_COLUMNS)
DEFAULT_EN_COLUMNS = list(EN_COLUMNS)


class ConfigError(Exception):
    """A configuration problem; the CLI exits 2 with this message."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TableConfig(_Strict):
    path: str = Field(description="README holding the table, relative to the root.")
    language: str = Field("zh", description="`zh` or `en`: which domain key and brackets to use.")
    columns: list[str] = Field(
        default_factory=lambda: list(DEFAULT_ZH_COLUMNS),
        description="Header cells: the name column, the domain column, the leads column.",
    )

    @field_validator("columns")
    @classmethod
    def _three_columns(cls, value: list[str]) -> list[str]:
        if len(value) != 3:
            raise ValueError("columns takes three headers: name, domain, leads")
        return value

    @property
    def is_english(self) -> bool:
        return not self.language.lower().startswith("zh")


class GenerateConfig(_Strict):
    order: Literal["table", "name"] = Field(
        "table", description="`table`: keep the current order, append new SIGs; `name`: sort."
    )
    emails: bool = Field(False, description="Show lead emails in the leads cell.")


class HostConfig(_Strict):
    """Limits for one host (`[online.hosts."docs.example.org"]`), overriding the run's."""

    per_host: int | None = Field(None, ge=1, le=64, description="Requests at once to this host.")
    timeout: float | None = Field(None, gt=0, le=120, description="Seconds per request.")
    retries: int | None = Field(None, ge=0, le=10, description="Retries after a 5xx/timeout.")


def _check_regexes(patterns: list[str]) -> list[str]:
    """Refuse a pattern that does not compile: better exit 2 than never match."""
    import re

    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {pattern!r} ({exc})") from None
    return patterns


class OnlineConfig(_Strict):
    gitee_api: str = "https://gitee.com/api/v5"
    workers: int = Field(16, ge=1, le=128)
    per_host: int = Field(4, ge=1, le=64)
    timeout: float = Field(10.0, gt=0, le=120)
    retries: int = Field(2, ge=0, le=10)
    backoff: float = Field(
        1.0, ge=0, le=60, description="First retry delay in seconds; doubles, with jitter."
    )
    retry_after_cap: float = Field(30.0, ge=0, le=600)
    deadline: float = Field(300.0, gt=0, le=7200)
    user_agent: str = (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/124.0 Safari/537.36 sigcheck"
    )
    exclude: list[str] = Field(default_factory=list, description="Regexes of URLs not checked.")
    accept: dict[str, list[int]] = Field(
        default_factory=dict, description="URL regex -> extra status codes that count as alive."
    )
    hosts: dict[str, HostConfig] = Field(default_factory=dict)
    cache_dir: str = ".sigcheck-cache"
    cache_ttl: float = Field(86400.0, ge=0, description="Seconds a definite answer is reused.")

    @field_validator("exclude")
    @classmethod
    def _exclude_compiles(cls, value: list[str]) -> list[str]:
        return _check_regexes(value)

    @field_validator("accept")
    @classmethod
    def _accept_compiles(cls, value: dict[str, list[int]]) -> dict[str, list[int]]:
        _check_regexes(list(value))
        return value


class IdentityConfig(_Strict):
    """A key that identifies a person (`[[identities]]`), and where its profile pages live."""

    key: str = Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$", description="Person key: `atomgit_id`.")
    profile_url: str | None = Field(
        None, description="Profile address prefix, e.g. https://atomgit.com; none: not linked."
    )
    label: str | None = Field(None, description="What messages call it: `AtomGit`.")


class Config(_Strict):
    layout: Literal["auto", "mindspore", "openeuler"] = Field(
        "auto",
        description="Which community layout to assume; `auto` recognises it (a `sigs/` folder: "
        "MindSpore's, `sig/`: openEuler's). Explicit keys override the layout's values.",
    )
    sigs_dir: str = "sigs"
    metadata_file: str = "sig-info.yaml"
    repo_url: str | None = Field(
        None, description="The repository's own web address, e.g. https://gitee.com/org/community."
    )
    profile_url: str = Field("https://gitee.com/", description="Prefix of a lead's profile link.")
    tables: list[TableConfig] | None = None
    identities: list[IdentityConfig] | None = Field(
        None,
        description="Person keys that identify someone, in order of preference. "
        "Default: `gitee_id` at `profile_url`.",
    )
    placeholders: list[str] = Field(
        default_factory=lambda: list(DEFAULT_PLACEHOLDERS),
        description="Values that mean `not known yet` (compared case-insensitively; `xxx…` "
        "and the empty string always count).",
    )
    owners_file: str | None = Field(
        None,
        description="Per-SIG file of maintainer ids that wins over sig-info.yaml (`OWNERS`); "
        'default: the layout\'s; `""`: none.',
    )
    one_sig_per_repository: bool | None = Field(
        None, description="Report a repository claimed by two SIGs (M009); default: the layout's."
    )
    exclude: list[str] = Field(
        default_factory=list, description="Globs (relative to the root) neither read nor reported."
    )
    cache_dir: str = Field(
        ".sigcheck-cache", description="Folder (relative to the root) for cached results."
    )
    select: list[str] = Field(default_factory=list)
    ignore: list[str] = Field(default_factory=list)
    strict: bool = False
    generate: GenerateConfig = Field(default_factory=GenerateConfig)
    online: OnlineConfig = Field(default_factory=OnlineConfig)

    @field_validator("repo_url", "profile_url")
    @classmethod
    def _no_trailing_slash(cls, value: str | None) -> str | None:
        return value.rstrip("/") if value else value

    @property
    def layout_spec(self) -> Layout:
        """The layout's values (`auto` not yet resolved against a root: MindSpore's)."""
        return LAYOUTS.get(self.layout, MINDSPORE)

    def resolve_layout(self, root: Path) -> Config:
        """This configuration with `layout = "auto"` replaced by the recognised layout and
        the layout's sigs folder unless `sigs_dir` is set."""
        layout = recognise(root) if self.layout == "auto" else self.layout_spec
        update: dict[str, object] = {"layout": layout.name}
        if "sigs_dir" not in self.model_fields_set:
            update["sigs_dir"] = layout.sigs_dir
        return self.model_copy(update=update)

    @property
    def owners_file_name(self) -> str | None:
        if "owners_file" in self.model_fields_set:
            return self.owners_file or None
        return self.layout_spec.owners_file

    @property
    def one_sig_rule(self) -> bool:
        """Whether one SIG per repository is the rule here (M009)."""
        if self.one_sig_per_repository is not None:
            return self.one_sig_per_repository
        return self.layout_spec.one_sig_per_repository

    def people_rules(self) -> PeopleRules:
        """The identity keys and placeholders the checks and generators share: the configured
        identities, else the layout's (Gitee's profile address from `profile_url`)."""
        if self.identities:
            identities = tuple(
                Identity(
                    item.key,
                    item.profile_url.rstrip("/") if item.profile_url else None,
                    item.label or item.key.removesuffix("_id"),
                )
                for item in self.identities
            )
        else:
            identities = tuple(
                Identity(i.key, self.profile_url, i.label) if i.key == "gitee_id" else i
                for i in self.layout_spec.identities
            )
        return PeopleRules(identities, normalise(self.placeholders))

    def resolved_tables(self, root: Path) -> list[TableConfig]:
        """The configured tables, or the layout's (MindSpore's en table only when present;
        openEuler has none)."""
        if self.tables is not None:
            return self.tables
        tables = []
        for table in self.layout_spec.tables:
            path = f"{self.sigs_dir.strip('/')}/{table.name}"
            if table.when_present and not (root / path).is_file():
                continue
            tables.append(
                TableConfig(path=path, language=table.language, columns=list(table.columns))
            )
        return tables


def _format_validation_error(source: str, error: ValidationError) -> str:
    lines = [f"{source}: invalid configuration"]
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = "unknown key" if item["type"] == "extra_forbidden" else item["msg"]
        lines.append(f"  {where}: {message}")
    return "\n".join(lines)


def _read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc


def _section(path: Path) -> dict[str, object] | None:
    """The sigcheck section of a config file, or None when a pyproject.toml has none."""
    data = _read_toml(path)
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool")
    section = tool.get("sigcheck") if isinstance(tool, dict) else None
    if section is None:
        return None
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [tool.sigcheck] must be a table")
    return section


def find_config_file(root: Path) -> Path | None:
    dotfile = root / CONFIG_FILE
    if dotfile.is_file():
        return dotfile
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and _section(pyproject) is not None:
        return pyproject
    return None


def load_config(root: Path, explicit: Path | None = None) -> Config:
    path = explicit if explicit is not None else find_config_file(root)
    if path is None:
        return Config().resolve_layout(root)
    if not path.is_file():
        raise ConfigError(f"{path}: configuration file not found")
    section = _section(path)
    if section is None:
        raise ConfigError(f"{path}: has no [tool.sigcheck] section")
    try:
        config = Config.model_validate(section)
    except ValidationError as exc:
        raise ConfigError(_format_validation_error(str(path), exc)) from None
    return config.resolve_layout(root)


def looks_like_root(folder: Path) -> bool:
    """A folder that a repository root would be: it has a config or a sigs folder of a
    known layout (`sigs/`, `sig/`)."""
    if (folder / CONFIG_FILE).is_file() or is_sigs_folder(folder):
        return True
    pyproject = folder / "pyproject.toml"
    try:
        return pyproject.is_file() and _section(pyproject) is not None
    except ConfigError:
        return True


def discover_root(start: Path) -> Path:
    """The nearest folder at or above `start` that looks like a root; else `start` itself."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if looks_like_root(candidate):
            return candidate
        if (candidate / ".git").exists():
            break
    return folder
