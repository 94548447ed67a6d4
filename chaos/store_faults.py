"""Faults around a store in use: a server reading it while builds switch it, a real full disk, stale spool writes.

Each case returns one Row, as chaos/faults.py's do.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

from chaos.common import Row, add_good, build_command, build_here, named_query_rows, total_quads
from chaos.faults import snapshot, sources_with
from chaos.http import Connection, request
from chaos.server import Server

FREE_LEFT = 2 << 20  # bytes left free on the tmpfs: less than a build needs (a store alone is about 7 MB)
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
COUNT_REQUEST = request("GET", "/sparql?query=" + quote(COUNT), {"accept": "text/csv"})


async def _read_while(server: Server, building: asyncio.Future, lanes: int = 4) -> tuple[Counter, Counter]:
    """Whole-graph counts read over and over by `lanes` clients until `building` is done."""
    statuses: Counter = Counter()
    counts: Counter = Counter()

    async def lane() -> None:
        connection = Connection(server.port)
        done = False
        while not done:
            done = building.done()  # one read more once the builds are over: the last graph is seen too
            response = await connection.exchange(COUNT_REQUEST)
            statuses[response.status] += 1
            if response.status == 200:
                counts[int(response.body.split()[1])] += 1
        await connection.close()

    await asyncio.gather(*(lane() for _ in range(lanes)))
    return statuses, counts


def reading_during_switches(work: Path, switches: int = 10) -> Row:
    """serve.py answers from a store that builds switch back and forth: every answer whole, old or new."""
    started = time.perf_counter()
    old_sources, new_sources = sources_with(work), sources_with(work, extra=3)
    store = work / "store-switching"
    build_here(new_sources, store, jobs=1)
    new = total_quads(store)
    build_here(old_sources, store, jobs=1)
    old = total_quads(store)

    async def switch_and_read(server: Server) -> tuple[Counter, Counter, list[int]]:
        async def builds() -> list[int]:
            codes = []
            for index in range(switches):
                process = build_command(new_sources if index % 2 == 0 else old_sources, store, "--jobs", "1")
                codes.append(await asyncio.to_thread(process.wait))
            return codes
        building = asyncio.ensure_future(builds())
        statuses, counts = await _read_while(server, building)
        return statuses, counts, await building

    with Server(store, timeout=30, request_timeout=10) as server:
        statuses, counts, codes = asyncio.run(switch_and_read(server))
    half = {count: seen for count, seen in counts.items() if count not in (old, new)}
    ok = set(statuses) == {200} and not half and codes == [0] * switches and old in counts and new in counts
    return Row(f"server reading while builds switch the store ({switches} switches)", sum(statuses.values()),
               f"statuses: {', '.join(f'{s} {n:,}' for s, n in sorted(statuses.items()))}; whole graphs seen: "
               f"old ({old} quads) {counts[old]:,}, new ({new}) {counts[new]:,}, other {sum(half.values())}; "
               f"builds exit {sorted(set(codes))}", "none" if ok else "SEE OUTCOME", ok=ok,
               seconds=time.perf_counter() - started)


def real_disk_full(work: Path) -> Row:
    """A build onto a tmpfs that other files have filled: a real ENOSPC, wherever the build meets it."""
    started = time.perf_counter()
    sources = shutil.copytree(sources_with(work), work / "sources-disk-full")  # it grows below
    mount = work / "tmpfs"
    mount.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        return Row("disk full on a real file system (tmpfs)", 0,
                   f"not run: mounting a tmpfs is not permitted here ({mounted.stderr.strip()[:80]}); "
                   "the injected ENOSPC above stands for it", "n/a", ok=True)
    try:
        store = mount / "store"
        build_here(sources, store, jobs=1)
        before = snapshot(store)
        filler = shutil.disk_usage(mount).free - FREE_LEFT
        with (mount / "filler").open("wb") as handle:  # another program's files fill the disk
            handle.truncate(0)
            for _ in range(filler // (1 << 20)):
                handle.write(bytes(1 << 20))
        add_good(sources / "more")
        # --full: an incremental publish of one new document fits in what is left, and succeeds
        process = build_command(sources, store, "--full")
        _, err = process.communicate(timeout=300)
        message = err.strip().splitlines()[-1] if err.strip() else ""
        after = snapshot(store)
        ok = process.returncode == 1 and "Traceback" not in err and "space" in message and after == before
        return Row(f"disk full on a real file system (a tmpfs with {FREE_LEFT >> 20} MB left)", 1,
                   f"exit {process.returncode}: {message[:220]}; previous graph "
                   f"{'served whole' if after == before else 'CHANGED'} ({after[0]} quads)",
                   "none" if after == before else "GRAPH CHANGED", ok=ok, seconds=time.perf_counter() - started)
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def stale_spool_files(work: Path) -> Row:
    """Half-written cache entries (`*.tmp`) a build killed mid-write left: the next build removes them."""
    started = time.perf_counter()
    store, sources = work / "store-stale", sources_with(work)
    build_here(sources, store, jobs=1)
    before = snapshot(store)
    entries = sorted(store.glob("cache/*/*.pickle"))
    for index, entry in enumerate(entries[:3]):
        entry.with_suffix(f".{os.getpid() + index}.tmp").write_bytes(entry.read_bytes()[:100])
    left = len(list(store.glob("cache/*/*.tmp")))
    build_here(sources, store, jobs=1)
    remaining = len(list(store.glob("cache/*/*.tmp")))
    after = snapshot(store)
    ok = remaining == 0 and after == before and named_query_rows(store) == before[1]
    return Row("stale *.tmp spool files (a build killed mid-write)", left,
               f"next build removed {left - remaining} of {left}; graph "
               f"{'identical' if after == before else 'DIFFERENT'} ({after[0]} quads)", "none", ok=ok,
               seconds=time.perf_counter() - started)
