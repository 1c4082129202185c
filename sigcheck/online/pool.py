"""The online checks' worker threads: jobs queued per host, taken while more still arrive.

`--online` starts asking while the pages are still being parsed, so the pool is open-ended:
jobs are submitted as each page's links become known, workers start as jobs arrive (at most
`workers`), and `close()` + `wait()` mark the end. Workers take jobs round robin over the
hosts, skipping a host the pacer would make wait (every slot taken, paused after 429s, paced):
a worker blocks on a host only when no other host has work ready. The waiting thread only
waits, draws the progress bar, and stops waiting shortly after the deadline: whatever is
unanswered by then is reported as not checked, and the daemon threads never hold the process
open.
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable

from sigcheck.online.http import Deadline
from sigcheck.online.progress import Progress

GRACE = 2.0
"""Seconds `wait` waits past the deadline for requests already under way."""

RECHECK = 0.05
"""Seconds a worker with no ready host waits before asking the pacer again."""

Work = Callable[[], None]


def _always_ready(host: str) -> float | None:
    return 0.0


class _Queues:
    """Jobs queued per host, handed out round robin over the hosts that are ready now; within
    a host, jobs queued `first` go before the others."""

    def __init__(self, ready_in: Callable[[str], float | None]) -> None:
        self.by_host: dict[str, tuple[deque[Work], deque[Work]]] = {}
        self.order: deque[str] = deque()
        self.ready_in = ready_in

    def __bool__(self) -> bool:
        return bool(self.order)

    def add(self, host: str, job: Work, first: bool = False) -> None:
        queues = self.by_host.get(host)
        if queues is None:
            queues = self.by_host[host] = (deque(), deque())
            self.order.append(host)
        queues[0 if first else 1].append(job)

    def take(self, *, any_host: bool = False) -> tuple[Work | None, float]:
        """The next job of the first ready host (`any_host`: of the first host), or None and
        how long to wait before asking again."""
        wait = RECHECK
        for _ in range(len(self.order)):
            host = self.order[0]
            self.order.rotate(-1)
            ready = 0.0 if any_host else self.ready_in(host)
            if ready == 0.0:
                first, later = self.by_host[host]
                job = first.popleft() if first else later.popleft()
                if not first and not later:
                    self.order.remove(host)
                    del self.by_host[host]
                return job, 0.0
            if ready is not None:
                wait = min(wait, ready)
        return None, max(0.001, wait)


class JobPool:
    """At most `workers` daemon threads running the jobs submitted, per host as the pacer
    allows (`ready_in(host)`: 0 when a request to the host may start now). Past the deadline,
    jobs are only counted, never run."""

    def __init__(
        self,
        workers: int,
        deadline: Deadline,
        ready_in: Callable[[str], float | None] = _always_ready,
    ) -> None:
        self.workers = max(1, workers)
        self.deadline = deadline
        self._queues = _Queues(ready_in)
        lock = threading.Lock()
        self._condition = threading.Condition(lock)
        """Workers wait here for a job, or for a host to be ready."""
        self._finished = threading.Condition(lock)
        """`wait` waits here (a done job wakes one worker and the waiter, not every worker)."""
        self._threads = 0
        self._closed = False
        self.submitted = 0
        self.done = 0

    def submit(self, host: str, job: Work, first: bool = False) -> None:
        """Queue `job` (which records its own result; an exception in it is swallowed, the
        result then stays unset and is reported not checked). `first`: before the host's
        other jobs (those queued without it)."""
        with self._condition:
            self._queues.add(host, job, first)
            self.submitted += 1
            if self._threads < min(self.workers, self.submitted - self.done):
                self._threads += 1
                name = f"sigcheck-online-{self._threads}"
                threading.Thread(target=self._work, name=name, daemon=True).start()
            self._condition.notify()

    def _work(self) -> None:
        condition = self._condition
        while True:
            with condition:
                while True:
                    if not self._queues:
                        if self._closed:
                            return
                        condition.wait()  # more jobs, or the end
                        continue
                    job, wait = self._queues.take(any_host=self.deadline.expired())
                    if job is not None:
                        break
                    condition.wait(timeout=wait)
            if not self.deadline.expired():
                with contextlib.suppress(Exception):
                    job()
            with condition:
                self.done += 1
                condition.notify()  # its host has a free slot again
                self._finished.notify_all()

    def close(self) -> None:
        """No more jobs: idle workers end (jobs already queued still run)."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()

    def wait(self, progress: Progress | None = None) -> None:
        """Close, and wait until every job is done, or until `GRACE` s past the deadline."""
        self.close()
        progress = progress or Progress(0, enabled=False)
        try:
            with self._condition:
                progress.total = self.submitted
                progress.update(self.done, force=True)
                while self.done < self.submitted and self.deadline.remaining() > -GRACE:
                    wait = min(progress.interval, max(0.01, self.deadline.remaining() + GRACE))
                    self._finished.wait(timeout=wait)
                    progress.total = self.submitted
                    progress.update(self.done)
                progress.update(self.done, force=True)
        finally:
            progress.close()  # also on Ctrl-C: leave a clean line
