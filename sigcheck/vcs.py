"""What git knows about the repository: the files it tracks, the files a change touches.

Plain `git` subprocesses (plumbing, NUL-separated output), no library: a hook that checks a
commit must see the index (staged new files included), not the working tree, where untracked
work and ignored folders live. Every path is relative to the folder git was asked from (the
sigcheck root), with `/`.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sigcheck.files import absolute, digest_bytes, observe

GIT_TIMEOUT = 60.0


class GitError(Exception):
    """git is missing, the folder is not in a work tree, or a revision does not exist."""


def _git(root: Path, *args: str) -> list[str]:
    """Run `git args` in `root`; the NUL-separated paths it prints."""
    output = _git_bytes(root, *args)
    return [p for p in output.decode("utf-8", "surrogateescape").split("\0") if p]


def in_work_tree(root: Path) -> bool:
    try:
        answer = _git(root, "rev-parse", "--is-inside-work-tree")
    except GitError:
        return False
    return [line.strip() for line in answer] == ["true"]


def tracked_files(root: Path) -> frozenset[str]:
    """Files in git's index under `root` (what the next commit holds, staged additions
    included, staged deletions not)."""
    try:
        found = frozenset(_git(root, "ls-files", "-z", "--cached", "--", "."))
    except GitError as exc:
        observe("git-tracked", (absolute(root),), f"error {exc}")
        raise
    observe("git-tracked", (absolute(root),), paths_digest(sorted(found)))
    return found


def paths_digest(paths: list[str]) -> str:
    return digest_bytes("\0".join(paths).encode("utf-8", "surrogateescape"))


_STAGED: dict[Path, tuple[bool, list[str]] | GitError] = {}
"""`staged_changes` per root: a hook asks twice (the quick way out, then the full one), and the
index does not change while sigcheck runs."""


def staged_changes(root: Path) -> tuple[bool, list[str]]:
    """What the commit being made adds, modifies or deletes (a rename is both of its paths):
    whether anything at all is staged (nothing: e.g. `pre-commit run --all-files`), and the
    staged paths under `root`, relative to it."""
    if root not in _STAGED:
        try:
            _STAGED[root] = _staged_changes(root)
        except GitError as exc:
            _STAGED[root] = exc
    answer = _STAGED[root]
    if isinstance(answer, GitError):
        observe("git-staged", (absolute(root),), f"error {answer}")
        raise GitError(str(answer))
    anything, found = answer
    observe("git-staged", (absolute(root),), paths_digest(found) if anything else "nothing")
    return anything, list(found)


def _staged_changes(root: Path) -> tuple[bool, list[str]]:
    staged = _git(root, "diff", "--cached", "--name-only", "-z", "--no-renames")
    if not staged:
        return False, []
    prefix = "".join(_git(root, "rev-parse", "--show-prefix")).strip()
    return True, [path[len(prefix) :] for path in staged if path.startswith(prefix)]


def changed_since(root: Path, ref: str) -> list[str]:
    """Paths under `root` that differ between the revision `ref` and the working tree (added,
    modified, deleted, both sides of a rename), plus new files git does not ignore."""
    try:
        _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(
            f"`{ref}` is not a revision of this repository (a shallow clone may lack it: "
            "fetch it first, e.g. `git fetch origin main`)"
        ) from None
    changed = _git(root, "diff", "--name-only", "-z", "--no-renames", "--relative", ref, "--")
    untracked = _git(root, "ls-files", "-z", "--others", "--exclude-standard", "--", ".")
    return sorted({*changed, *untracked})


def _git_bytes(root: Path, *args: str) -> bytes:
    """Run `git args` in `root`; its raw output (GitError when it fails)."""
    try:
        done = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, timeout=GIT_TIMEOUT, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"`git {args[0]}` took more than {GIT_TIMEOUT:g} s") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[0] if message else f"`git {args[0]}` failed")
    return done.stdout


def resolve_commit(root: Path, ref: str) -> str:
    """The commit id `ref` names; GitError saying how to get it when git cannot resolve it
    (a shallow clone often lacks a pull request's base)."""
    if ref.startswith("-"):
        raise GitError(f"`{ref}` is not a revision")
    try:
        found = _git(
            root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
        )
    except GitError:
        found = []
    if not found or not found[0].strip():
        raise GitError(
            f"`{ref}` is not a revision of this repository (a shallow clone may lack it: "
            "fetch it first, e.g. `git fetch --depth=1 origin main`)"
        )
    return found[0].strip()


def head_commit(root: Path) -> str | None:
    """The commit HEAD names; None in a repository with no commit yet."""
    try:
        return resolve_commit(root, "HEAD")
    except GitError:
        if in_work_tree(root):
            return None
        raise


def tree_of(root: Path, commit: str) -> str:
    """The id of the tree that holds `root` in `commit` (the whole tree when `root` is the top
    of the work tree); the empty tree when the commit has no such folder."""
    prefix = "".join(_git(root, "rev-parse", "--show-prefix")).strip()
    try:
        found = _git(root, "rev-parse", "--verify", "--quiet", f"{commit}:{prefix}")
    except GitError:
        return EMPTY_TREE
    return found[0].strip() if found else EMPTY_TREE


EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


@dataclass(frozen=True, slots=True)
class GitEntry:
    """One file of a revision or of the index: `mode` as git writes it (`100644`, `120000` a
    symlink, `160000` a submodule) and its object id."""

    mode: str
    oid: str


def tree_entries(root: Path, tree: str) -> dict[str, GitEntry]:
    """Every file of the tree `tree`, by path relative to it."""
    if tree == EMPTY_TREE:
        return {}
    found: dict[str, GitEntry] = {}
    for record in _git(root, "ls-tree", "-r", "-z", "--full-tree", tree):
        meta, _, path = record.partition("\t")
        mode, _, rest = meta.partition(" ")
        oid = rest.rpartition(" ")[2]
        found[path] = GitEntry(mode, oid)
    return found


def index_entries(root: Path) -> dict[str, GitEntry]:
    """Every file git's index holds under `root` (the commit being made), relative to it."""
    found: dict[str, GitEntry] = {}
    for record in _git(root, "ls-files", "-z", "--stage", "--", "."):
        meta, _, path = record.partition("\t")
        mode, oid, stage = meta.split(" ")
        if stage in ("0", "2"):  # a conflicted path: our side
            found[path] = GitEntry(mode, oid)
    observe("git-index", (str(root),), index_digest(found))
    return found


def index_digest(entries: dict[str, GitEntry]) -> str:
    text = "\0".join(f"{path}\0{e.mode}\0{e.oid}" for path, e in sorted(entries.items()))
    return digest_bytes(text.encode("utf-8", "surrogateescape"))


class Blobs:
    """Contents of git objects through one `git cat-file --batch` process: a base revision's
    hundreds of pages cost one process, not one each."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._process: subprocess.Popen[bytes] | None = None

    def read(self, oid: str) -> bytes:
        process = self._start()
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(oid.encode("ascii") + b"\n")
            process.stdin.flush()
            header = process.stdout.readline().split()
        except OSError as exc:
            raise GitError(f"`git cat-file` stopped: {exc}") from None
        if len(header) != 3:
            raise GitError(f"git has no object {oid}")
        size = int(header[2])
        data = process.stdout.read(size)
        process.stdout.read(1)  # the newline after the content
        if len(data) != size:
            raise GitError(f"`git cat-file` stopped while reading {oid}")
        return data

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is None:
            try:
                self._process = subprocess.Popen(
                    ["git", "cat-file", "--batch"],
                    cwd=self.root,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            except OSError as exc:
                raise GitError(f"cannot run git: {exc}") from None
        return self._process

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        assert process.stdin is not None and process.stdout is not None
        process.stdin.close()
        try:
            process.wait(timeout=GIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


def show(root: Path, ref: str, path: str) -> bytes | None:
    """The bytes of `path` (relative to `root`) at the revision `ref`, read from git's objects
    (never a checkout); None when the revision has no such file. Online runs only (`--online
    --changed-since`: what the base already named is not asked), which leave no trace."""
    try:
        done = subprocess.run(
            ["git", "show", f"{ref}:./{path}"],
            cwd=root,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except (FileNotFoundError, subprocess.TimeoutExpired):
        raise GitError("git could not be run") from None
    return done.stdout if done.returncode == 0 else None


def tracks(path: Path) -> bool:
    """Whether git's index holds the file `path` (not observed: for sigcheck's own files,
    which are not evidence). Outside a work tree, or without git: no."""
    try:
        return bool(_git(path.parent, "ls-files", "-z", "--cached", "--", path.name))
    except (GitError, OSError, ValueError):  # ValueError: a NUL in the path
        return False


# --- the repository's own web address (SPEC §3) --------------------------------------------

REMOTES = ("upstream", "origin")
"""In order: a contributor's `origin` is often a fork; `upstream` is the community's."""

_SCP_RE = re.compile(r"^(?:[\w.+-]+@)?(?P<host>[A-Za-z0-9.-]+):(?P<path>(?!/)[^\s]+)$")
_URL_RE = re.compile(
    r"^(?:https?|ssh|git)://(?:[^@/\s]+@)?(?P<host>[A-Za-z0-9.-]+)(?::\d+)?/(?P<path>[^\s?#]+)$",
    re.IGNORECASE,
)


def web_address(remote: str) -> str | None:
    """The web address of a git remote URL, in the spellings the forges give (Gitee,
    AtomGit, GitCode, GitHub): `git@gitee.com:org/repo.git`, `ssh://git@host:22/org/repo`,
    `https://user:token@host/org/repo.git` -> `https://host/org/repo` (credentials never
    kept). None for a local path or anything that is not `host/owner/name`."""
    text = remote.strip()
    match = _URL_RE.match(text)
    if match is None and "://" not in text:
        match = _SCP_RE.match(text)
    if match is None:
        return None
    host = match.group("host").lower()
    path = match.group("path").strip("/").removesuffix(".git").strip("/")
    if "." not in host or path.count("/") < 1 or not all(path.split("/")):
        return None
    return f"https://{host}/{path}"


def _git_text(root: Path, *args: str) -> str | None:
    """The stripped output of `git args`, or None when git fails."""
    try:
        return "\0".join(_git(root, *args)).strip()
    except GitError:
        return None


def _own_remote(root: Path) -> tuple[str, str | None, str] | None:
    prefix = _git_text(root, "rev-parse", "--show-prefix")
    if prefix is None:
        return None
    urls: dict[str, str] = {}
    listed = _git_text(root, "config", "--get-regexp", r"^remote\.(upstream|origin)\.url$")
    for line in (listed or "").splitlines():
        key, _, value = line.partition(" ")
        urls[key.split(".")[1]] = value
    for name in REMOTES:
        address = web_address(urls.get(name, ""))
        if address is None:
            continue
        head = _git_text(root, "symbolic-ref", "--quiet", f"refs/remotes/{name}/HEAD")
        branch = head.removeprefix(f"refs/remotes/{name}/") if head else None
        return address, branch or None, prefix
    return None


def own_remote(root: Path) -> tuple[str, str | None, str] | None:
    """The repository's own web address from git (`upstream`, else `origin`), the remote's
    default branch when git knows it, and the root's place in the work tree (`sigs/` when
    sigcheck runs on a sub-folder, "" at the top); None outside a work tree or without such
    a remote. Observed: the warm trace replays a run only while the answer is the same."""
    answer = _own_remote(root)
    observe("git-remote", (absolute(root),), repr(answer))
    return answer


def repository_base_files(
    root: Path, ref: str, folder: str
) -> tuple[list[str], dict[str, str]] | None:
    """What the revision `ref` held under `folder` (the sigs folder), for judging what a change
    adds (R007, R008): every file path, and the text of each file there that differs from the
    working tree (changed, moved or deleted since). None when `ref` names no commit (a
    repository's first commit: nothing existed before it). Observed for the warm trace."""
    try:
        commit = "".join(_git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"))
    except GitError:
        observe("git-base", (str(root), ref, folder), "none")
        return None
    commit = commit.strip()
    try:
        paths = _git(root, "ls-tree", "-r", "--name-only", "-z", commit, "--", folder)
        present = set(paths)
        changed = _git(
            root, "diff", "--name-only", "-z", "--no-renames", "--relative", commit, "--", folder
        )
        texts: dict[str, str] = {}
        for path in changed:
            if path in present:
                texts[path] = "".join(_git(root, "cat-file", "blob", f"{commit}:./{path}"))
    except GitError as exc:  # an answer too: a replay must see it change
        observe("git-base", (str(root), ref, folder), f"error {commit} {exc}")
        raise
    record = "\0".join(
        [commit, *sorted(paths), "\1", *sorted(f"{p}\0{t}" for p, t in texts.items())]
    )
    observe("git-base", (str(root), ref, folder), paths_digest([record]))
    return sorted(paths), texts
