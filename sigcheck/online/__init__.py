"""The network checks of `sigcheck check --online` (SPEC §6): Gitee handles (P003/P007) and
external links (L005/L006/L007).

Imported only with `--online`, so that the offline path never loads requests. Everything else
in this package is an implementation detail of `check_online`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sigcheck.model import Community
    from sigcheck.online.runner import OnlineOutcome

__all__ = ["OnlineOutcome", "check_online"]


def check_online(
    community: Community, *, use_cache: bool = True, verbose: bool = False
) -> OnlineOutcome:
    """Check every Gitee handle and external link of `community`; see `runner.check_online`."""
    from sigcheck.online.runner import check_online as run

    return run(community, use_cache=use_cache, verbose=verbose)


def __getattr__(name: str) -> object:
    if name == "OnlineOutcome":
        from sigcheck.online.runner import OnlineOutcome

        return OnlineOutcome
    raise AttributeError(name)
