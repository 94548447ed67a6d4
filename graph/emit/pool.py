"""The source graphs of a build, emitted by worker processes into sorted runs.

Each source graph depends only on its extraction and the resolution, so the
sources split among forked workers, each writing its share's N-Quads as
sorted runs (graph.nquads) for the builder's writer to merge with the graphs
it writes itself meanwhile (derived, registers, ontology, build record).
Workers inherit the resolution through fork rather than a pickle; where fork
is unavailable, or with one job, the builder emits the sources itself.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from graph.emit import source_lines
from graph.nquads import CanonicalNQuadsWriter
from graph.resolve import Resolution
from graph.spool import ExtractionSpool, Spooled, SpoolError

_resolution: Resolution | None = None  # a worker's copy, set by _receive as the worker starts


class SourceEmission:
    """The source graphs being emitted: started on entering, handed to a writer by `into`."""

    def __init__(self, spooled: list[Spooled], resolution: Resolution, scratch: Path, jobs: int) -> None:
        self._spooled, self._resolution, self._scratch = spooled, resolution, scratch
        self._shares = _shares(spooled, jobs)
        self._pool: ProcessPoolExecutor | None = None
        self._futures: list[Future] = []

    def __enter__(self) -> SourceEmission:
        if len(self._shares) > 1 and "fork" in multiprocessing.get_all_start_methods():
            self._pool = ProcessPoolExecutor(len(self._shares), mp_context=multiprocessing.get_context("fork"),
                                             initializer=_receive, initargs=(self._resolution,))
            self._futures = [self._pool.submit(_emit_share, share, self._scratch) for share in self._shares]
        return self

    def __exit__(self, *_exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def into(self, writer: CanonicalNQuadsWriter) -> None:
        """Wait for the workers and give `writer` their runs; raise SpoolError if an entry is damaged."""
        if self._pool is None:
            for item in self._spooled:
                writer.add_lines(source_lines(_load(item), self._resolution))
            return
        for future in self._futures:
            writer.adopt(future.result())


def _shares(spooled: list[Spooled], jobs: int) -> list[list[Spooled]]:
    """`jobs` shares of about equal work, weighed by spool entry size (text and facts), largest first."""
    shares: list[list[Spooled]] = [[] for _ in range(max(1, min(jobs, len(spooled))))]
    loads = [0] * len(shares)
    for size, item in sorted(((item.entry.stat().st_size, item) for item in spooled), key=lambda pair: -pair[0]):
        lightest = loads.index(min(loads))
        shares[lightest].append(item)
        loads[lightest] += size
    return shares


def _receive(resolution: Resolution) -> None:
    global _resolution
    _resolution = resolution


def _emit_share(share: list[Spooled], scratch: Path) -> list[Path]:
    writer = CanonicalNQuadsWriter(scratch)
    for item in share:
        writer.add_lines(source_lines(_load(item), _resolution))
    return writer.runs()


def _load(item: Spooled):
    try:
        return ExtractionSpool.load(item.entry)
    except (SpoolError, OSError) as err:  # damaged under a running build: nothing is published
        raise SpoolError(f"{item.summary.document.source}: {err}") from err
