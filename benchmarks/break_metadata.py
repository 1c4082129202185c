"""A copy of a community tree whose metadata files carry findings, for before/after proofs.

Why: the openEuler-shaped tree of `make_trees.py` has no finding at all, so "the JSON findings
are byte-identical before and after" proves little about a change to how `sig-info.yaml` and
`OWNERS` are read. This copies the tree and edits its metadata files in eleven ways, in turn:
a near-miss key (M004), an unknown status, a duplicate key, a placeholder, a list where a
repository belongs, anchors and aliases, a tab, a quoted name with a slash, an impossible
date, numeric ids, one file left alone; and two ways in `OWNERS` (a mapping where an id
belongs, a duplicate key). Every finding then has a line and column to compare.

Usage::

    python benchmarks/break_metadata.py TREE OUT_TREE

The same tree always gives the same bytes.
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable
from pathlib import Path

EDITS: list[Callable[[str], str]] = [
    lambda t: t + "maintainer:\n- gitee_id: lostone\n",
    lambda t: t.replace("created_on: 2020-01-01", "created_on: 2020-01-01\nstatus: retired"),
    lambda t: t + "name: again\n",
    lambda t: t.replace("email: ", "email: TBD #", 1),
    lambda t: t.replace("  - src-openeuler/", "  - [src-openeuler/x]\n  - src-openeuler/", 1),
    lambda t: t + "extra: &x {a: 1}\nmore: *x\nmaintainers_x: *x\n",
    lambda t: t + "committers:\n\t- gitee_id: tabbed\n",
    lambda t: t.replace("name: ", "name: 'Quoted/Slash ", 1).replace(
        "\ndescription", "'\ndescription", 1
    ),
    lambda t: t.replace("created_on: 2020-01-01", "created_on: 2020-13-01"),
    lambda t: t.replace("gitee_id: ", "gitee_id: 12345 #", 2),
    lambda t: t,
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.out.exists():
        shutil.rmtree(args.out)
    shutil.copytree(args.tree, args.out, symlinks=True)
    for number, path in enumerate(sorted(args.out.glob("*/*/sig-info.yaml"))):
        text = path.read_text(encoding="utf-8")
        path.write_text(EDITS[number % len(EDITS)](text), encoding="utf-8")
    for number, path in enumerate(sorted(args.out.glob("*/*/OWNERS"))):
        text = path.read_text(encoding="utf-8")
        if number % 3 == 0:
            text = text.replace("maintainers:\n- ", "maintainers:\n- {id: x}\n- ", 1)
        elif number % 3 == 1:
            text += "maintainers:\n- dup\n"
        path.write_text(text, encoding="utf-8")
    print(f"{args.out}: metadata of {args.tree} with findings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
