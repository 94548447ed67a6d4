"""Watching source directories: new, changed and removed files are published once they settle.

A poll lists every file under the watched directories with its size and
modification time (portable: no inotify, works on network and container
mounts). When the listing differs from the one last published, the watcher
waits until it stays the same for one more poll, so a file still being
copied is not read half way, then calls `publish` (an incremental build: the
content hashes decide what really changed). A publish that fails is logged
and leaves the graph as it was; the next change tries again.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable, Sequence

from graph.report import BuildError, Report
from graph.store import StoreBusy, StoreError

LOG = logging.getLogger("ofsted_kg.watch")

Listing = dict[Path, tuple[int, int]]  # every file: size, modification time (ns)


def listing(directories: Sequence[Path]) -> Listing:
    """Every file under the directories (hidden ones left out, as the builder leaves them)."""
    found: Listing = {}
    for directory in directories:
        for path in directory.rglob("*"):
            if any(part.startswith(".") for part in path.relative_to(directory).parts):
                continue
            try:
                stat = path.stat()
            except FileNotFoundError:
                continue  # removed while listing: the next poll sees it gone
            if path.is_file():
                found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


class SourceWatcher:
    """Polls `directories` every `interval` seconds and calls `publish` when their files changed and settled."""

    def __init__(self, directories: Sequence[Path], publish: Callable[[], Report], interval: float = 1.0) -> None:
        self.directories = [Path(d) for d in directories]
        self.interval = interval
        self._publish = publish
        self._published: Listing | None = None  # None: nothing published yet, so the first settled look is
        self._seen: Listing | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def poll(self) -> bool:
        """One look; publish when the files differ from the last publish and have not moved since the last look."""
        now = listing(self.directories)
        settled, self._seen = now == self._seen, now
        if now == self._published or not settled:
            return False
        self._run_publish(now)
        return True

    def _run_publish(self, now: Listing) -> None:
        started = time.perf_counter()
        try:
            report = self._publish()
        except StoreBusy as err:  # another build holds the store: try again at the next poll
            LOG.warning("not published yet: %s", err)
            self._seen = None
            return
        except (BuildError, StoreError, OSError) as err:
            LOG.error("publish failed, the graph served is unchanged: %s", err)
        else:
            _log(report, time.perf_counter() - started)
        self._published = now  # a failed publish is not retried until the files change again

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="source-watcher", daemon=True)
        self._thread.start()

    def stop(self, wait: float = 5.0) -> None:
        """Stop polling; a publish under way gets `wait` seconds to finish. One cut short by the process
        exiting is harmless: the store switches only once a publish is whole, and the next one clears up."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=wait)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.poll()
            self._stop.wait(self.interval)


def _log(report: Report, seconds: float) -> None:
    for rejection in report.rejected:
        LOG.warning("rejected, its previous facts (if any) stay: %s: %s", rejection.source, rejection.reason)
    if report.changes is None:
        LOG.info("published in %.1f s: full build: %s", seconds, report.why_full)
    elif report.changes.graphs:
        LOG.info("published in %.1f s: %s", seconds, report.changes.line())
    else:
        LOG.info("looked in %.1f s: the graph served is up to date", seconds)
