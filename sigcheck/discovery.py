"""Where the repository and its configuration are: root discovery and the raw config section.

Light on purpose (tomllib, no pydantic): a run that can be answered from the trace of the last
one (trace.py) must find the root and the configuration file without validating anything.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from sigcheck.files import ReadProblem, kind, read_file, real_path
from sigcheck.layout import is_sigs_folder

CONFIG_FILE = ".sigcheck.toml"


class ConfigError(Exception):
    """A configuration problem; the CLI exits 2 with this message."""


MAX_CONFIG_BYTES = 1024 * 1024


def read_toml(path: Path) -> dict[str, object]:
    data = read_file(path, MAX_CONFIG_BYTES)  # never blocks (a FIFO), bounded (a device)
    if isinstance(data, ReadProblem):
        raise ConfigError(f"{path}: cannot read: {data.message}")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: nested too deeply") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc


def section_of(path: Path) -> dict[str, object] | None:
    """The sigcheck section of a config file, or None when a pyproject.toml has none."""
    data = read_toml(path)
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
    if kind(dotfile) == "file":
        return dotfile
    pyproject = root / "pyproject.toml"
    if kind(pyproject) == "file" and section_of(pyproject) is not None:
        return pyproject
    return None


def configuration(
    root: Path, explicit: Path | None = None
) -> tuple[Path | None, dict[str, object]]:
    """The configuration file that applies (`explicit`, else `.sigcheck.toml`, else a
    pyproject.toml with a [tool.sigcheck] section) and its section as TOML gives it, not yet
    validated: (None, {}) when there is none. ConfigError when it cannot be read."""
    path = explicit if explicit is not None else find_config_file(root)
    if path is None:
        return None, {}
    if kind(path) != "file":
        raise ConfigError(f"{path}: configuration file not found")
    section = section_of(path)
    if section is None:
        raise ConfigError(f"{path}: has no [tool.sigcheck] section")
    return path, section


def find_root(root: str | None, paths: list[Path]) -> Path:
    """`--root` made absolute, else the root discovered from the first path or the cwd."""
    if root:
        return real_path(Path(root))
    start = paths[0] if paths else Path.cwd()
    found = discover_root(start)
    if not looks_like_root(found):
        raise ConfigError(no_root(found))
    return found


def no_root(folder: Path) -> str:
    """Why no repository was found from `folder`, built from the layouts' data so that every
    layout sigcheck knows is named with what it looks for (a layout that describes its
    recognition in words should be named by those words here)."""
    from sigcheck.layout import LAYOUTS

    looked_for = ", ".join(
        f"{layout.looks_for or f'`{layout.sigs_dir}/`'} ({layout.name})"
        for layout in LAYOUTS.values()
    )
    return (
        f"no community repository at or above {folder}: looked for {CONFIG_FILE}, a "
        f"[tool.sigcheck] section in pyproject.toml, or a SIG folder of a known layout: "
        f"{looked_for}; run sigcheck inside the repository or pass --root"
    )


def looks_like_root(folder: Path) -> bool:
    """A folder that a repository root would be: it has a config or a sigs folder of a
    known layout (`sigs/`, `sig/`)."""
    if kind(folder / CONFIG_FILE) == "file" or is_sigs_folder(folder):
        return True
    pyproject = folder / "pyproject.toml"
    try:
        return kind(pyproject) == "file" and section_of(pyproject) is not None
    except ConfigError:
        return True


def discover_root(start: Path) -> Path:
    """The nearest folder at or above `start` that looks like a root; else `start` itself."""
    start = real_path(start)
    folder = start if kind(start) == "dir" else start.parent
    for candidate in (folder, *folder.parents):
        if looks_like_root(candidate):
            return candidate
        if kind(candidate / ".git") != "none":
            break
    return folder
