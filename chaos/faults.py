"""Faults during a build: a second build at once, a damaged cache, a read-only store, SIGKILL, disk full.

Each case returns one Row; `ok` says whether the store came out as promised
(the previous graph whole, or the new one whole, never a mix or nothing).
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

from chaos.common import (ROOT, Row, add_good, build_command, build_here, named_query_rows, total_quads)
from graph.pipeline import BuildError
from graph.store import StoreError
from graph.store.lock import LOCK_FILE

BUSY = "another build is publishing to"


def snapshot(store: Path) -> tuple[int, list[tuple]]:
    return total_quads(store), named_query_rows(store)


def sources_with(work: Path, extra: int = 0) -> Path:
    """The repository's sources plus the good copy; `extra` more copies make a different graph."""
    sources = work / f"sources-{extra}"
    shutil.copytree(ROOT / "sources", sources, dirs_exist_ok=True)
    add_good(sources)
    for index in range(extra):
        shutil.copyfile(sources / "good.txt", sources / f"copy-{index}.txt")
    return sources


def concurrent_builds(work: Path) -> Row:
    """Two builds on one store: the second fails at once with the lock's message, the first completes."""
    started = time.perf_counter()
    store, sources = work / "store-concurrent", sources_with(work, extra=30)
    first = build_command(sources, store)
    lock = store / LOCK_FILE
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (lock.is_file() and lock.read_text().strip() == str(first.pid)):
        time.sleep(0.02)
    second = build_command(sources, store)
    second_out, second_err = second.communicate(timeout=60)
    second_seconds = time.perf_counter() - started
    first_out, first_err = first.communicate(timeout=300)
    reported = int(next(line.split(": ")[1] for line in first_out.splitlines()
                        if line.startswith("quads in the dataset")) or 0) if first.returncode == 0 else -1
    served = total_quads(store) if first.returncode == 0 else -2
    ok = (second.returncode == 1 and BUSY in second_err and f"(pid {first.pid})" in second_err
          and first.returncode == 0 and served == reported)
    return Row("two builds on one store at once", 2,
               f"second exit {second.returncode} after {second_seconds:.1f} s ({second_err.strip()[:110]}); "
               f"first exit {first.returncode}, "
               f"serves {served} of its {reported} quads", "none" if ok else "SEE OUTCOME", ok=ok,
               seconds=time.perf_counter() - started)


def corrupt_cache(work: Path) -> Row:
    """Truncate one spooled extraction, garble another, replace a third with junk: each is extracted again."""
    started = time.perf_counter()
    store, sources = work / "store-cache", sources_with(work)
    build_here(sources, store, jobs=1)
    before = snapshot(store)
    entries = sorted(store.glob("cache/*/*.pickle"))
    data = entries[0].read_bytes()
    entries[0].write_bytes(data[: len(data) // 2])
    garbled = bytearray(entries[1].read_bytes())
    for index in range(len(garbled) // 2, len(garbled) // 2 + 64):
        garbled[index] ^= 0x55
    entries[1].write_bytes(bytes(garbled))
    entries[2].write_bytes(b"not a pickle at all")
    try:
        report = build_here(sources, store, jobs=1)
    except Exception as err:  # noqa: BLE001
        return Row("corrupt cache entries", 3, f"build failed: {type(err).__name__}: {err}", "the build",
                   ok=False, seconds=time.perf_counter() - started)
    after = snapshot(store)
    ok = after == before and report.reused == len(entries) - 3
    return Row("corrupt cache entries (truncated, garbled, junk)", 3,
               f"re-extracted {len(entries) - report.reused}, reused {report.reused}; graph "
               f"{'identical' if after == before else 'DIFFERENT'} ({after[0]} quads)",
               "none" if ok else "SEE OUTCOME", ok=ok, seconds=time.perf_counter() - started)


def read_only_store(work: Path) -> Row:
    """A store directory the builder cannot write: a clear message, exit 1, the old graph still served."""
    started = time.perf_counter()
    base = Path(tempfile.mkdtemp(prefix="chaos-readonly-"))
    try:
        os.chmod(base, 0o755)
        store = base / "store"
        build_here(sources_with(work), store, jobs=1)
        before = snapshot(store)
        for path in [store, *store.rglob("*")]:
            if not path.is_symlink():
                os.chmod(path, 0o555 if path.is_dir() else 0o444)
        command = [sys.executable, str(ROOT / "build_graph.py"), "--sources", str(ROOT / "sources"),
                   "--store", str(store), "--jobs", "1"]
        how = "as this user"
        if os.geteuid() == 0:  # root writes anywhere: build as nobody, for whom the mode holds
            command = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", *command]
            how = "as nobody (root ignores modes)"
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120,
                                env={**os.environ, "HOME": str(base)})
        message = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
        after = snapshot(store)
        ok = result.returncode == 1 and "Traceback" not in result.stderr and "cannot write" in message \
            and after == before
        return Row(f"read-only store directory ({how})", 1, f"exit {result.returncode}: {message[:120]}",
                   "none" if after == before else "GRAPH CHANGED", ok=ok, seconds=time.perf_counter() - started)
    finally:
        for path in [base, *base.rglob("*")]:
            if not path.is_symlink():
                os.chmod(path, 0o755)
        shutil.rmtree(base, ignore_errors=True)


def sigkill_during_publish(work: Path, kills: int = 10, seed: int = 13) -> Row:
    """SIGKILL a build at random points of its publish: the store serves a whole graph, old or new."""
    started = time.perf_counter()
    rng = random.Random(seed)
    old_sources, new_sources = sources_with(work), sources_with(work, extra=3)
    reference = work / "store-kill-reference"
    build_here(new_sources, reference, jobs=1)
    new = snapshot(reference)
    store = work / "store-kill"
    build_here(old_sources, store, jobs=1)
    old = snapshot(store)
    window = _publish_seconds(new_sources, work / "store-kill-timing")
    kept_old = kept_new = broken = 0
    for _ in range(kills):
        builds = set((store / "builds").iterdir())
        process = build_command(new_sources, store, "--jobs", "2")
        while process.poll() is None and set((store / "builds").iterdir()) == builds:
            time.sleep(0.005)  # publish has begun when its build directory appears
        time.sleep(rng.uniform(0, window))
        process.send_signal(signal.SIGKILL)
        process.communicate()
        now = snapshot(store)
        kept_old, kept_new, broken = kept_old + (now == old), kept_new + (now == new), broken + (now not in (old, new))
        if now == new:  # start the next kill from the old graph again
            build_here(old_sources, store, jobs=1)
    final = build_command(old_sources, store, "--jobs", "2")
    final.communicate(timeout=300)
    left = len(list((store / "builds").iterdir()))
    scratch = len(list(store.glob("build-*")))
    ok = broken == 0 and final.returncode == 0 and left <= 2 and scratch == 0
    return Row(f"SIGKILL during publish (random delays, publish ~{window:.2f} s)", kills,
               f"previous graph whole {kept_old}, new graph whole {kept_new}, mixed/broken {broken}; "
               f"next build exit {final.returncode}, {left} build dirs, {scratch} stale scratch",
               "none" if broken == 0 else f"{broken} broken stores", ok=ok, seconds=time.perf_counter() - started)


def _publish_seconds(sources: Path, store: Path) -> float:
    """From a build's directory appearing under builds/ to the command's exit."""
    process = build_command(sources, store, "--jobs", "2")
    while process.poll() is None and not any((store / "builds").glob("*")):
        time.sleep(0.005)
    began = time.perf_counter()
    process.communicate()
    return max(0.05, time.perf_counter() - began)


def disk_full(work: Path) -> Row:
    """ENOSPC injected into the spool's write and into the store's load: typed errors, old graph kept."""
    started = time.perf_counter()
    store, sources = work / "store-full", sources_with(work)
    build_here(sources, store, jobs=1)
    before = snapshot(store)
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    outcomes = []
    for target in ("graph.spool.ExtractionSpool.put", "graph.nquads.CanonicalNQuadsWriter.finish",
                   "graph.store.embedded.load_in_chunks"):
        add_good(sources / f"new-{len(outcomes)}")  # a changed source, so the spool must write
        with mock.patch(target, side_effect=full):
            try:
                build_here(sources, store, jobs=1)
                outcomes.append(f"{target.rsplit('.', 1)[1]}: NO ERROR")
            except (BuildError, StoreError) as err:
                outcomes.append(f"{target.rsplit('.', 1)[1]}: {type(err).__name__}")
    after = snapshot(store)
    ok = after == before and not any("NO ERROR" in o for o in outcomes)
    return Row("disk full (ENOSPC injected by mock)", 3, "; ".join(outcomes) + ", previous graph served",
               "none" if after == before else "GRAPH CHANGED", ok=ok, seconds=time.perf_counter() - started)


