"""Canonical N-Quads on disk, written through an external merge sort.

The builder hands over one graph's quads at a time; they become N-Quads lines
in a bounded buffer, spilled to a sorted run file whenever it fills. Finishing
merges the runs into one file of sorted, de-duplicated lines, so the output is
the same bytes whatever order the graphs came in, and memory stays bounded by
the buffer however large the corpus is. Lines sorted this way put all of a
subject's triples, from every graph, next to each other: validation and the
class counts read the file one subject at a time.
"""

from __future__ import annotations

import heapq
import os
import tempfile
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Callable, Collection, Iterable, Iterator

import pyoxigraph as ox

RDF_TYPE_IRI = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DEFAULT_RUN_LINES = 400_000
LineFilter = Callable[[bytes], bool] | None  # given a whole line: True where the caller has dealt with it


class CanonicalNQuadsWriter:
    """Collects quads graph by graph; `finish` writes them sorted and de-duplicated."""

    def __init__(self, directory: Path, run_lines: int = DEFAULT_RUN_LINES) -> None:
        self._directory = Path(tempfile.mkdtemp(prefix="runs-", dir=directory))
        self._run_lines = run_lines
        self._buffer: set[str] = set()
        self._runs: list[Path] = []

    def add(self, quads: Iterable[ox.Quad]) -> None:
        for quad in quads:
            self._buffer.add(f"{quad} .\n")
        if len(self._buffer) >= self._run_lines:
            self._spill()

    def add_lines(self, lines: Iterable[str]) -> None:
        """Quads already printed as canonical N-Quads lines (graph.emit.source_lines)."""
        self._buffer.update(lines)
        if len(self._buffer) >= self._run_lines:
            self._spill()

    def _spill(self) -> None:
        run = self._directory / f"run-{len(self._runs):05d}.nq"
        with run.open("w", encoding="utf-8") as handle:
            handle.writelines(sorted(self._buffer))
        self._runs.append(run)
        self._buffer = set()

    def runs(self) -> list[Path]:
        """Close this writer: its quads as sorted runs, for another writer to `adopt` and merge."""
        if self._buffer:
            self._spill()
        return self._runs

    def adopt(self, runs: list[Path]) -> None:
        """Merge these runs (another writer's, in another process perhaps) with this writer's own."""
        self._runs.extend(runs)

    def finish(self, out: Path) -> DatasetStats:
        """Merge every run into `out`; return what the merged file holds."""
        if self._buffer or not self._runs:
            self._spill()
        stats = DatasetStats()
        try:
            with ExitStack() as stack, out.open("w", encoding="utf-8") as target:
                runs = [stack.enter_context(run.open(encoding="utf-8")) for run in self._runs]
                previous = None
                for line in heapq.merge(*runs):
                    if line != previous:
                        target.write(line)
                        stats.observe(line)
                        previous = line
            stats.close()
        finally:
            for run in self._runs:
                run.unlink(missing_ok=True)
            for directory in {run.parent for run in self._runs} | {self._directory}:
                os.rmdir(directory)
        return stats


class DatasetStats:
    """Quads in all, and triples per class: every triple of a subject counted under its types."""

    def __init__(self) -> None:
        self.quads = 0
        self.triples_per_class: Counter[str] = Counter()
        self._subject: str | None = None
        self._subject_lines = 0
        self._subject_classes: set[str] = set()

    def observe(self, line: str) -> None:
        self.quads += 1
        subject, predicate, rest = line.split(" ", 2)
        if subject != self._subject:
            self.close()
            self._subject = subject
        self._subject_lines += 1
        if predicate == RDF_TYPE_IRI:
            self._subject_classes.add(_local_name(rest.split(" ", 1)[0]))

    def close(self) -> None:
        for name in self._subject_classes:
            self.triples_per_class[name] += self._subject_lines
        self._subject_lines = 0
        self._subject_classes = set()


def _local_name(iri: str) -> str:
    return iri.strip("<>").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def subjects(path: Path, skip_graphs: tuple[str, ...] = (), skip_predicates: Collection[str] = (),
             divert: LineFilter = None) -> Iterator[list[ox.Quad]]:
    """The quads of a canonical N-Quads file grouped by subject (its lines are sorted by subject).

    Lines with a predicate in `skip_predicates` are dropped before they are parsed: a document's
    text, one literal, is most of the file's bytes and no shape reads it. So are lines `divert`
    takes (given the whole line, it returns True for those it has dealt with).
    """
    skipped = {f"<{iri}>".encode() for iri in skip_predicates}
    group: list[ox.Quad] = []
    lines = _lines(path, lambda predicate, _object: predicate not in skipped, divert)
    for quad in _parsed(lines, skip_graphs):
        if group and quad.subject != group[0].subject:
            yield group
            group = []
        group.append(quad)
    if group:
        yield group


def typed_or_on(path: Path, classes: Collection[str], predicates: Collection[str],
                skip_graphs: tuple[str, ...] = (), divert: LineFilter = None) -> Iterator[ox.Quad]:
    """The quads typing a node with one of `classes`, and those of `predicates`; only their lines are
    parsed, less the lines `divert` takes (as in `subjects`)."""
    typed = {f"<{iri}>".encode() for iri in classes}
    wanted = {f"<{iri}>".encode() for iri in predicates}
    rdf_type = RDF_TYPE_IRI.encode()
    return _parsed(_lines(path, lambda predicate, object_: predicate in wanted
                          or (predicate == rdf_type and object_ in typed), divert), skip_graphs)


_BATCH_BYTES = 1 << 23  # lines are parsed about 8 MB at a time


def _lines(path: Path, keep: Callable[[bytes, bytes], bool], divert: LineFilter = None) -> Iterator[bytes]:
    """Batches of whole lines that `keep` takes, given a line's predicate and the first token of its
    object (neither IRIs nor blank node labels hold spaces, so they are the 2nd and 3rd fields),
    less those `divert` takes first."""
    batch: list[bytes] = []
    size = 0
    with path.open("rb") as handle:
        for line in handle:
            if divert is not None and divert(line):
                continue
            predicate_at = line.find(b" ") + 1
            object_at = line.find(b" ", predicate_at) + 1
            object_end = line.find(b" ", object_at)
            if keep(line[predicate_at:object_at - 1], line[object_at:object_end]):
                batch.append(line)
                size += len(line)
                if size >= _BATCH_BYTES:
                    yield b"".join(batch)
                    batch, size = [], 0
    if batch:
        yield b"".join(batch)


def _parsed(batches: Iterable[bytes], skip_graphs: tuple[str, ...]) -> Iterator[ox.Quad]:
    for batch in batches:
        for quad in ox.parse(batch, format=ox.RdfFormat.N_QUADS):
            if not (skip_graphs and quad.graph_name.value.startswith(skip_graphs)):
                yield quad
