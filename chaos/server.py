"""The service under test: `serve.py` in a subprocess on a free port, and its memory sampled meanwhile."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from chaos.common import ROOT
from chaos.http import one_shot, request

PAGE = os.sysconf("SC_PAGE_SIZE")
READY = request("GET", "/sparql?query=ASK%7B%7D")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class MemoryPeak:
    web: int = 0  # bytes of RSS, the web process alone
    total: int = 0  # the web process and its query workers together
    children: int = 0  # processes below it at once: query workers, the fork server, the resource tracker


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0  # the process ended between the listing and the read


def _descendants(pid: int) -> list[int]:
    """Every process below `pid`: query workers are children of multiprocessing's fork server, its child."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # gone meanwhile
    found, frontier = [], [pid]
    while frontier:
        frontier = [child for child, parent in parents.items() if parent in frontier]
        found += frontier
    return found


class Server:
    """serve.py over `store`, started on entry and stopped on exit; `peak` is its memory so far."""

    def __init__(self, store: Path, *, timeout: float, request_timeout: float) -> None:
        self.store = store
        self.port = free_port()
        self.arguments = ["--timeout", str(timeout), "--request-timeout", str(request_timeout)]
        self.peak = MemoryPeak()
        self.log = store.parent / f"serve-{self.port}.log"  # a file: a pipe nobody reads would fill and block it
        self._stop = threading.Event()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "serve.py"), "--store", str(self.store), "--port", str(self.port),
                 *self.arguments], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
        deadline = time.monotonic() + 60
        while asyncio.run(one_shot(self.port, READY, timeout=5)).status != 200:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"serve.py did not start: {self.log.read_text()[-2000:]}")
            time.sleep(0.2)
        threading.Thread(target=self._sample, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def processes(self) -> int:
        """Processes below the server now: query workers, the fork server, the resource tracker."""
        return len(_descendants(self.process.pid))

    def tracebacks(self) -> int:
        """Tracebacks the server has logged so far: each an error no deliberate answer covered."""
        return self.log.read_text(errors="replace").count("Traceback (most recent call last)")

    def _sample(self) -> None:
        while not self._stop.wait(0.25):
            pid = self.process.pid
            children = _descendants(pid)
            web = _rss(pid)
            self.peak.web = max(self.peak.web, web)
            self.peak.total = max(self.peak.total, web + sum(_rss(child) for child in children))
            self.peak.children = max(self.peak.children, len(children))
