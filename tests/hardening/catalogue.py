"""The catalogue of hostile trees: what a pull request can commit, and what sigcheck must do.

Each case builds on the tidy community of tests/conftest.py (GOOD_TREE), changes it in a
hostile way, runs one command of the real CLI in a subprocess bounded in time (`timeout`) and
memory (`MEMORY_LIMIT`, an address-space limit), and states the outcome: the exit code, the
codes reported (and where), the codes that must NOT be reported (false findings), what the
output must never contain (content of files outside the tree, injected lines), and that every
file is byte-identical afterwards unless the case says which files may change.

`outside` is a folder next to the repository: "out of the repository" for symlinks.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MEMORY_LIMIT = 2 * 1024**3
"""Address space of each run: a read that follows /dev/zero would hit it and crash."""

SECRET = "TOPSECRET-b7f3"
"""Written only outside the repository: it must never appear in any output."""

Build = Callable[[Path, Path], None]


@dataclass(frozen=True)
class Case:
    name: str
    build: Build
    """(root, outside) -> None: make the tree hostile."""
    command: tuple[str, ...] = ("check",)
    exit_code: int | tuple[int, ...] = 0
    reported: tuple[tuple[str, str], ...] = ()
    """(code, path) pairs that must be among the findings (check runs with --format json)."""
    not_reported: tuple[str, ...] = ()
    """Codes that must not appear at all (false findings)."""
    stderr_has: str = ""
    may_change: tuple[str, ...] = ()
    """Repository-relative files the command may rewrite; every other file stays identical."""
    timeout: float = 120
    extra: Callable[[subprocess.CompletedProcess[str], Path], None] | None = field(
        default=None, compare=False
    )


def write(root: Path, path: str, content: str | bytes) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")


def symlink(root: Path, path: str, target: str | Path) -> None:
    link = root / path
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.exists() or link.is_symlink():
        link.unlink()
    os.symlink(target, link)


def fifo(root: Path, path: str) -> None:
    target = root / path
    if target.exists():
        target.unlink()
    os.mkfifo(target)


def secret_outside(outside: Path, name: str, text: str) -> Path:
    path = outside / name
    path.write_text(text, encoding="utf-8")
    return path


def stale_table(root: Path) -> None:
    """Make the zh table out of date (the Data SIG gets a new lead), so `fix` must write."""
    write(root, "sigs/data/sig-info.yaml", "name: Data\nmaintainers:\n  - gitee_id: newlead\n")


def no_secret(result: subprocess.CompletedProcess[str], root: Path) -> None:
    assert SECRET not in result.stdout + result.stderr


def config(text: str) -> Build:
    return lambda root, outside: write(root, ".sigcheck.toml", text)


def _sigs(count: int, domain_of: Callable[[int], str]) -> Build:
    """`count` extra SIGs, listed in the zh table, with metadata whose domain is given."""

    def build(root: Path, outside: Path) -> None:
        rows = []
        for index in range(count):
            name = f"extra{index}"
            write(root, f"sigs/{name}/README.md", f"# {name}\n")
            write(
                root,
                f"sigs/{name}/sig-info.yaml",
                f"name: {name}\ndomain: {domain_of(index)}\nmaintainers:\n  - gitee_id: zx_qh\n",
            )
            rows.append(f"| [{name}]({name}/README.md) | x | [@zx_qh](https://gitee.com/zx_qh) |\n")
        readme = (root / "sigs/README.md").read_text(encoding="utf-8")
        marker = "\n## 加入"
        head, tail = readme.split(marker, 1)
        write(root, "sigs/README.md", head.rstrip("\n") + "\n" + "".join(rows) + marker + tail)

    return build


KEPT_METADATA = "# kept comment\nname: Data\nmaintainers:\n  - gitee_id: liuchunxi\n"


def _metadata_kept(result: subprocess.CompletedProcess[str], root: Path) -> None:
    """`import` only appends: the file was read, not taken for missing and created anew."""
    text = (root / "sigs/data/sig-info.yaml").read_text(encoding="utf-8")
    assert text.startswith(KEPT_METADATA), text
    assert "created" not in result.stdout + result.stderr.replace("0 created", "")


def _nothing_created_outside(result: subprocess.CompletedProcess[str], root: Path) -> None:
    assert not (root.parent / "outside" / "created.yaml").exists()


def _nothing_in_outside_cache(result: subprocess.CompletedProcess[str], root: Path) -> None:
    assert list((root.parent / "outside" / "cache").iterdir()) == []


def _github_lines_are_ours(result: subprocess.CompletedProcess[str], root: Path) -> None:
    lines = result.stdout.splitlines()
    assert lines, result.stderr
    assert all(
        line.startswith(("::error file=", "::warning file=", "::notice file=")) for line in lines
    )
    assert not any(line.startswith("::error file=x") for line in lines)


def _text_lines_are_ours(result: subprocess.CompletedProcess[str], root: Path) -> None:
    lines = result.stdout.splitlines()
    assert lines
    assert all(line.startswith("sigs/") for line in lines), lines


def _evil_folder(root: Path, outside: Path) -> None:
    name = "evil\n::error file=x,line=1::pwned\x1b[2J"
    write(root, f"sigs/{name}/notes.md", "# notes\n")


EVIL = "evil\n::error file=x,line=1::pwned\x1b[2J"


def _evil_sig(root: Path, outside: Path) -> None:
    write(root, f"sigs/{EVIL}/README.md", "# evil\n")
    write(root, f"sigs/{EVIL}/sig-info.yaml", "name: Evil\nmaintainers:\n  - gitee_id: zx_qh\n")


def _no_injected_lines(result: subprocess.CompletedProcess[str], root: Path) -> None:
    lines = (result.stdout + result.stderr).splitlines()
    assert not any(line.startswith("::") for line in lines), lines


def _full_device(root: Path, outside: Path) -> None:
    """A report to /dev/full (ENOSPC on every write), through a symlink in the tree: code that
    renamed a file over its target replaces this link, never the device itself."""
    write(root, "sigs/data/README.md", "# Data\n\n[x](missing.md)\n")
    symlink(root, "full.txt", "/dev/full")


def _no_temporaries(result: subprocess.CompletedProcess[str], root: Path) -> None:
    left = [p for p in root.parent.rglob("*.tmp")]
    assert left == [], left


def _stale_temporaries(root: Path, outside: Path) -> None:
    stale_table(root)
    for name, age in ((".sigcheck-old1.tmp", 3600), (".sigcheck-new1.tmp", 0)):
        path = root / "sigs" / name
        path.write_bytes(b"half a table")
        then = path.stat().st_mtime - age
        os.utime(path, (then, then))


def _only_fresh_temporary_left(result: subprocess.CompletedProcess[str], root: Path) -> None:
    assert not (root / "sigs/.sigcheck-old1.tmp").exists()
    assert (root / "sigs/.sigcheck-new1.tmp").exists()  # maybe a concurrent run's


def _fenced_markers(root: Path, outside: Path) -> None:
    readme = (root / "sigs/README.md").read_text(encoding="utf-8")
    start = readme.index("| SIG name")
    end = readme.index("\n\n## 加入")
    example = (
        "Mark the table like this:\n\n```markdown\n<!-- sigcheck:begin table -->\n| ... |\n"
        "<!-- sigcheck:end table -->\n```\n\nor inline: `<!-- sigcheck:begin table -->`.\n\n"
    )
    marked = "<!-- sigcheck:begin table -->\n\n<!-- sigcheck:end table -->"
    write(root, "sigs/README.md", readme[:start] + example + marked + readme[end:])


def _table_written(result: subprocess.CompletedProcess[str], root: Path) -> None:
    text = (root / "sigs/README.md").read_text(encoding="utf-8")
    assert "| [Data](data/README.md)" in text
    assert "```markdown\n<!-- sigcheck:begin table -->\n| ... |\n" in text  # example kept


def _big_metadata(root: Path, outside: Path) -> None:
    people = "".join(
        f"  - gitee_id: user{i}\n    name: Person {i}\n    email: p{i}@example.org\n"
        for i in range(8000)
    )
    write(
        root,
        "sigs/data/sig-info.yaml",
        "name: Data\nmaintainers:\n  - gitee_id: liuchunxi\nmentors:\n" + people,
    )


def _hard_link(root: Path, outside: Path) -> None:
    stale_table(root)
    os.link(root / "sigs/README.md", root / "README-copy.md")


def _long_line(style: Callable[[int], str]) -> Build:
    def build(root: Path, outside: Path) -> None:
        parts, size, index = [], 0, 0
        while size < 800_000:
            part = style(index)
            parts.append(part)
            size += len(part)
            index += 1
        write(
            root, "sigs/data/README.md", "# Data\n\n" + "".join(parts) + "\n\n[r]: ../README.md\n"
        )

    return build


def _deep_list(path: str, depth: int, after: str) -> Build:
    def build(root: Path, outside: Path) -> None:
        items = "".join("  " * level + "- item\n" for level in range(depth))
        current = (root / path).read_text(encoding="utf-8") if (root / path).exists() else "# x\n"
        write(root, path, items + "\n" + current + after)

    return build


def _import_table(content: str | bytes | None, directory: bool = False) -> Build:
    """A configured en table that cannot be read; the SIG `data` lacks metadata, so a run
    that ignored the broken table would write one from the zh table alone."""

    def build(root: Path, outside: Path) -> None:
        (root / "sigs/data/sig-info.yaml").unlink()
        write(
            root,
            ".sigcheck.toml",
            "[[tables]]\npath = 'sigs/README.md'\n\n"
            "[[tables]]\npath = 'sigs/README_en.md'\nlanguage = 'en'\n"
            "columns = ['SIG name', 'Responsibilities', 'SIG Leads']\n",
        )
        target = root / "sigs/README_en.md"
        target.unlink()
        if directory:
            target.mkdir()
        elif content is not None:
            write(root, "sigs/README_en.md", content)

    return build


EN = (
    "| SIG name | Responsibilities | SIG Leads |\n|:---|:---|:---|\n"
    "| [Data](data/README.md) | Data processing | [@liuchunxi](https://gitee.com/liuchunxi) |\n"
)

CATALOGUE: list[Case] = [
    # --- listings that fail for one entry ------------------------------------------------------
    Case(
        "symlink loop inside a SIG folder",
        lambda root, outside: symlink(root, "sigs/data/loop", "loop"),
        not_reported=("D002", "L001", "M001", "D001"),
    ),
    Case(
        "symlink loop at the sigs level",
        lambda root, outside: symlink(root, "sigs/loop", "loop"),
        not_reported=("D001", "D002", "L001", "D003"),
    ),
    Case(
        "import keeps sig-info.yaml beside a symlink loop",
        lambda root, outside: (
            symlink(root, "sigs/data/loop", "loop"),
            write(root, "sigs/data/sig-info.yaml", KEPT_METADATA),
        ),
        command=("import",),
        exit_code=0,
        may_change=("sigs/data/sig-info.yaml", "sigs/compiler/sig-info.yaml"),
        extra=_metadata_kept,
    ),
    Case(
        "fix beside a symlink loop",
        lambda root, outside: (symlink(root, "sigs/data/loop", "loop"), stale_table(root)),
        command=("fix",),
        exit_code=1,
        may_change=("sigs/README.md", "sigs/README_en.md"),
    ),
    # --- reads out of the repository ------------------------------------------------------------
    Case(
        "a page that is a symlink out of the tree",
        lambda root, outside: symlink(
            root,
            "sigs/data/README.md",
            secret_outside(outside, "page.md", f"# {SECRET}\n[x](gone.md)\n"),
        ),
        exit_code=1,
        reported=(("F001", "sigs/data/README.md"),),
        not_reported=("L001",),
        extra=no_secret,
    ),
    Case(
        "metadata that is a symlink out of the tree",
        lambda root, outside: symlink(
            root,
            "sigs/data/sig-info.yaml",
            secret_outside(outside, "meta.yaml", f"name: {SECRET}/\n"),
        ),
        exit_code=1,
        reported=(("M002", "sigs/data/sig-info.yaml"),),
        not_reported=("M006",),
        extra=no_secret,
    ),
    Case(
        "a table that is a symlink out of the tree",
        lambda root, outside: symlink(
            root, "sigs/README_en.md", secret_outside(outside, "table.md", f"# {SECRET}\n")
        ),
        exit_code=1,
        reported=(("T001", "sigs/README_en.md"),),
        extra=no_secret,
    ),
    Case(
        "import does not write through a dangling symlink out of the tree",
        lambda root, outside: (
            (root / "sigs/data/sig-info.yaml").unlink(),
            symlink(root, "sigs/data/sig-info.yaml", outside / "created.yaml"),
        ),
        command=("import",),
        exit_code=1,
        may_change=("sigs/compiler/sig-info.yaml",),
        extra=_nothing_created_outside,
    ),
    Case(
        "the sigs folder is a symlink out of the tree",
        lambda root, outside: (
            os.rename(root / "sigs", outside / "sigs"),
            symlink(root, "sigs", outside / "sigs"),
        ),
        exit_code=2,
        stderr_has="leads out",
    ),
    Case(
        "a cache folder that is a symlink out of the tree",
        lambda root, outside: (
            (outside / "cache").mkdir(),
            symlink(root, ".sigcheck-cache", outside / "cache"),
        ),
        exit_code=0,
        extra=_nothing_in_outside_cache,
    ),
    # --- files that are not regular files --------------------------------------------------------
    Case(
        "a FIFO named like a page",
        lambda root, outside: fifo(root, "sigs/data/notes.md"),
        exit_code=1,
        reported=(("F001", "sigs/data/notes.md"),),
        timeout=60,
    ),
    Case(
        "a FIFO as sig-info.yaml",
        lambda root, outside: fifo(root, "sigs/data/sig-info.yaml"),
        exit_code=1,
        reported=(("M002", "sigs/data/sig-info.yaml"),),
        timeout=60,
    ),
    Case(
        "a FIFO as the table (fix)",
        lambda root, outside: fifo(root, "sigs/README.md"),
        command=("fix",),
        exit_code=2,
        timeout=60,
    ),
    Case(
        "a FIFO as the configuration (--config)",
        lambda root, outside: fifo(root, "sigcheck.toml"),
        command=("check", "--config", "sigcheck.toml"),
        exit_code=2,
        timeout=60,
    ),
    Case(
        "a page that is a symlink to /dev/zero",
        lambda root, outside: symlink(root, "sigs/data/zero.md", "/dev/zero"),
        exit_code=1,
        reported=(("F001", "sigs/data/zero.md"),),
    ),
    Case(
        "metadata that is a symlink to /dev/urandom",
        lambda root, outside: symlink(root, "sigs/data/sig-info.yaml", "/dev/urandom"),
        exit_code=1,
        reported=(("M002", "sigs/data/sig-info.yaml"),),
    ),
    Case(
        "a README that is a directory",
        lambda root, outside: (
            (root / "sigs/data/README.md").unlink(),
            (root / "sigs/data/README.md").mkdir(),
        ),
        exit_code=1,
        reported=(("D002", "sigs/data"),),
    ),
    # --- nesting ------------------------------------------------------------------------------------
    Case(
        "sig-info.yaml of 1,000 nested [",
        lambda root, outside: write(
            root, "sigs/data/sig-info.yaml", "name: Data\nx: " + "[" * 1000 + "\n"
        ),
        exit_code=1,
        reported=(("M002", "sigs/data/sig-info.yaml"),),
    ),
    Case(
        "sig-info.yaml of 200,000 nested [ (libyaml would crash)",
        lambda root, outside: write(root, "sigs/data/sig-info.yaml", "[" * 200_000),
        exit_code=1,
        reported=(("M002", "sigs/data/sig-info.yaml"),),
    ),
    Case(
        "sig-info.yaml of 100,000 nested block sequences",
        lambda root, outside: write(root, "sigs/data/sig-info.yaml", "- " * 100_000 + "x\n"),
        exit_code=1,
        reported=(("M002", "sigs/data/sig-info.yaml"),),
    ),
    Case(
        ".sigcheck.toml nested 5,000 deep",
        config("x = " + "[" * 5000 + "]" * 5000 + "\n"),
        exit_code=2,
        stderr_has="nested too deeply",
    ),
    Case(
        "a list nested past markdown-it's limit hides nothing silently",
        _deep_list("sigs/data/README.md", 60, "\n[below](missing.md)\n"),
        exit_code=1,
        reported=(("F001", "sigs/data/README.md"),),
    ),
    Case(
        "a table below a list nested past the limit (fix)",
        _deep_list("sigs/README.md", 60, ""),
        command=("fix",),
        exit_code=2,
    ),
    Case(
        "a large metadata file without aliases is no alias bomb",
        _big_metadata,
        exit_code=(0, 1),
        not_reported=("M002",),
    ),
    # --- long lines -----------------------------------------------------------------------------------
    Case(
        "an 800 KB line of links with escaped targets",
        _long_line(lambda i: f"[l{i}](missing\\_{i}.md) "),
        exit_code=1,
        reported=(("L001", "sigs/data/README.md"),),
        timeout=60,  # the quadratic search took minutes
    ),
    Case(
        "an 800 KB line of autolinks and reference links",
        _long_line(lambda i: f"<https://example.com/p/{i}> [r{i}][r] "),
        exit_code=0,
        timeout=60,  # the quadratic search took minutes
    ),
    # --- names that would inject lines -------------------------------------------------------------
    Case(
        "a folder named with a newline and an escape sequence (github format)",
        _evil_folder,
        command=("check", "--format", "github"),
        exit_code=1,
        extra=_github_lines_are_ours,
    ),
    Case(
        "a folder named with a newline and an escape sequence (text format)",
        _evil_folder,
        command=("check", "--format", "text"),
        exit_code=1,
        extra=_text_lines_are_ours,
    ),
    Case(
        "fix with a folder named with a newline",
        _evil_sig,
        command=("fix",),
        exit_code=(1, 2),
        may_change=("sigs/README.md", "sigs/README_en.md"),
        extra=_no_injected_lines,
    ),
    Case(
        "import with a folder named with a newline",
        _evil_sig,
        command=("import",),
        exit_code=(0, 1),
        may_change=("sigs/compiler/sig-info.yaml", "sigs/data/sig-info.yaml"),
        extra=_no_injected_lines,
    ),
    # --- writes -----------------------------------------------------------------------------------
    Case(
        "fix refuses a table that would outgrow the read limit",
        # rows are padded to the table's existing widths (SPEC §7), so only rows that are
        # themselves long make the page long: five SIGs of 1.8 MB each
        _sigs(5, lambda i: "宽" * 600_000),
        command=("fix",),
        exit_code=2,
        # the en table has no `domain_en` to grow with: its new rows get a short summary
        may_change=("sigs/README_en.md",),
        stderr_has="limit",
    ),
    Case(
        "fix refuses a hard-linked table (the link would split)",
        _hard_link,
        command=("fix",),
        exit_code=2,
        may_change=("sigs/README_en.md",),
        stderr_has="hard link",
    ),
    Case(
        "fix removes temporary files of killed runs, keeps fresh ones",
        _stale_temporaries,
        command=("fix",),
        exit_code=1,
        may_change=("sigs/README.md", "sigs/README_en.md", "sigs/.sigcheck-old1.tmp"),
        extra=_only_fresh_temporary_left,
    ),
    Case(
        "fix fills the marked region, not the markers shown in a code fence",
        _fenced_markers,
        command=("fix",),
        exit_code=1,
        may_change=("sigs/README.md", "sigs/README_en.md"),
        extra=_table_written,
    ),
    Case(
        "--output into a missing folder",
        lambda root, outside: None,
        command=("check", "--output", "no/such/folder/report.txt"),
        exit_code=2,
        stderr_has="--output",
        extra=_no_temporaries,
    ),
    Case(
        "--output onto a directory",
        lambda root, outside: (root / "out").mkdir(),
        command=("check", "--output", "out"),
        exit_code=2,
        stderr_has="directory",
        extra=_no_temporaries,
    ),
    Case(
        "--output onto a full device",
        _full_device,
        command=("check", "--output", "full.txt"),
        exit_code=2,
        stderr_has="space",
    ),
    # --- import from unreadable tables --------------------------------------------------------------
    Case(
        "import from a UTF-16 table",
        _import_table(EN.encode("utf-16")),
        command=("import",),
        exit_code=2,
        stderr_has="README_en.md",
    ),
    Case(
        "import from an HTML table",
        _import_table("<table><tr><td>Data</td></tr></table>\n"),
        command=("import",),
        exit_code=2,
        stderr_has="T001",
    ),
    Case(
        "import from a table over the size limit",
        _import_table(EN + ("<!-- padding -->\n" * 600_000)),
        command=("import",),
        exit_code=2,
        stderr_has="limit",
    ),
    Case(
        "import from a table that is a directory",
        _import_table(None, directory=True),
        command=("import",),
        exit_code=2,
        stderr_has="directory",
    ),
    # --- configuration paths that leave the repository ----------------------------------------------
    Case(
        "sigs_dir climbing out", config('sigs_dir = "../x"\n'), exit_code=2, stderr_has="leads out"
    ),
    Case("sigs_dir absolute", config('sigs_dir = "/etc"\n'), exit_code=2, stderr_has="relative"),
    Case(
        "a table path climbing out",
        config("[[tables]]\npath = '../../etc/passwd'\n"),
        exit_code=2,
        stderr_has="leads out",
    ),
    Case(
        "cache_dir climbing out",
        config('cache_dir = "../x"\n'),
        exit_code=2,
        stderr_has="leads out",
    ),
    Case(
        "online.cache_dir climbing out",
        config('[online]\ncache_dir = "sub/../../x"\n'),
        exit_code=2,
        stderr_has="leads out",
    ),
    Case(
        "metadata_file with a folder",
        config('metadata_file = "../../x.yaml"\n'),
        exit_code=2,
        stderr_has="file name",
    ),
    Case(
        "a catastrophic exclude pattern",
        config('[online]\nexclude = ["(a+)+$"]\n'),
        exit_code=2,
        stderr_has="backtrack",
    ),
    Case(
        "a catastrophic accept pattern",
        config('[online.accept]\n"(x*y?)*z" = [403]\n'),
        exit_code=2,
        stderr_has="backtrack",
    ),
]
