"""Stage 5, store: the embedded pyoxigraph store, publishing a built dataset and reading it back.

The embedded store keeps each build in its own directory and a `current`
symlink naming the one being served. A build is loaded into a fresh
directory and the link is switched only once loading has finished, with an
atomic rename: a build killed half way leaves the previous graph whole.
An incremental publish (`apply`) starts its directory as a checkpoint of the
served one (RocksDB hard-links its immutable files, so the copy is cheap
whatever the store's size), changes only the named graphs it is given, and
is switched in the same way: readers see the old graph or the new, never half.
"""

from __future__ import annotations

import os
import shutil
import time
from itertools import islice
from pathlib import Path
from typing import Callable, Collection, Mapping

import pyoxigraph as ox

from graph.store.base import DatasetDelta, QueryResult, StoreError, Term

CURRENT_LINK = "current"
BUILDS_DIR = "builds"
KEEP_BUILDS = 2  # the one served and the one before it, which a running server may still hold


LOAD_CHUNK_LINES = 200_000


def load_in_chunks(store: ox.Store, nquads: Path) -> None:
    """Bulk-load an N-Quads file a bounded chunk of lines at a time.

    pyoxigraph's bulk loader holds what one call loads in memory (about 1 KB
    a quad), so one call on a large build grows without bound. Each call also
    gives blank nodes fresh labels, so every line with a blank node goes into
    one last call, where a node's triples still meet.
    """
    with_blank_nodes: list[bytes] = []
    with nquads.open("rb") as handle:
        while lines := list(islice(handle, LOAD_CHUNK_LINES)):
            chunk = b"".join(lines)
            if b"_:" not in chunk:  # nearly every chunk: no line to look at one by one
                store.bulk_load(input=chunk, format=ox.RdfFormat.N_QUADS)
                continue
            plain = []
            for line in lines:
                (with_blank_nodes if line.startswith(b"_:") or b" _:" in line else plain).append(line)
            store.bulk_load(input=b"".join(plain), format=ox.RdfFormat.N_QUADS)
    if with_blank_nodes:
        # Parsed here, so each blank node keeps the label the file gives it (bulk_load makes up new
        # ones): the store then holds the file's very quads, and an incremental publish diffs against them.
        store.bulk_extend(ox.parse(b"".join(with_blank_nodes), format=ox.RdfFormat.N_QUADS))


class EmbeddedStore:
    """A pyoxigraph store on disk, published build by build."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._reader: ox.Store | None = None
        self._reader_version = ""

    def publish(self, nquads: Path, gate: Callable[[], None] | None = None) -> None:
        previous = self._served_or_none()
        target = self._new_build_directory()
        try:
            store = ox.Store(str(target))
            load_in_chunks(store, nquads)
            store.flush()
            store.optimize()
            del store
        except (OSError, SyntaxError, ValueError) as err:
            shutil.rmtree(target, ignore_errors=True)
            raise StoreError(f"loading {nquads} into {target} failed: {err}") from err
        self._gate_and_switch(target, previous, gate)

    def apply(self, delta: DatasetDelta, gate: Callable[[], None] | None = None) -> None:
        """Publish the served build with the named graphs of `delta` changed, into a checkpoint of it."""
        previous = self.version()
        target = self._new_build_directory()
        try:
            self._open_reader().backup(str(target))
            store = ox.Store(str(target))
            for change in delta.changes:
                if not change.quads:
                    store.remove_graph(ox.NamedNode(change.graph))
                    continue
                for quad in change.removed:
                    store.remove(quad)
                store.extend(change.added)
            store.flush()
            del store
        except (OSError, ValueError) as err:
            shutil.rmtree(target, ignore_errors=True)
            raise StoreError(f"updating a copy of {previous} in {target} failed: {err}") from err
        self._gate_and_switch(target, previous, gate)

    def graph_quads(self, graph: str) -> set[ox.Quad]:
        return set(self._open_reader().quads_for_pattern(None, None, None, ox.NamedNode(graph)))

    def quads_about(self, subjects: Collection[ox.NamedNode],
                    predicates: Collection[ox.NamedNode] | None = None) -> list[ox.Quad]:
        reader = self._open_reader()
        wanted = [None] if predicates is None else list(predicates)
        return [quad for subject in subjects for predicate in wanted
                for quad in reader.quads_for_pattern(subject, predicate, None, None)]

    def quads_referring_to(self, objects: Collection[ox.NamedNode]) -> list[ox.Quad]:
        reader = self._open_reader()
        return [quad for value in objects for quad in reader.quads_for_pattern(None, None, value, None)]

    def dump(self, path: Path) -> None:
        """Write the dataset served as N-Quads (in the store's order, not canonically sorted)."""
        self._open_reader().dump(output=str(path), format=ox.RdfFormat.N_QUADS)

    def _served_or_none(self) -> str:
        try:
            return self.version()
        except StoreError:
            return ""

    def _new_build_directory(self) -> Path:
        builds = self.directory / BUILDS_DIR
        builds.mkdir(parents=True, exist_ok=True)
        return builds / f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"

    def _gate_and_switch(self, target: Path, previous: str, gate: Callable[[], None] | None) -> None:
        if gate is not None:
            try:
                gate()
            except BaseException:
                shutil.rmtree(target, ignore_errors=True)
                raise
        self._switch_to(target)
        self._prune(target.parent, keep={target.name, Path(previous).name})

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Term] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        store = self._open_reader()
        kwargs: dict = {}
        if default_graph is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if substitutions:
            kwargs["substitutions"] = {ox.Variable(k): v for k, v in substitutions.items()}
        return store.query(sparql, **kwargs)

    def version(self) -> str:
        link = self.directory / CURRENT_LINK
        try:
            return os.readlink(link)
        except OSError as err:
            raise StoreError(f"no graph has been built into {self.directory} yet") from err

    def current_path(self) -> Path:
        return self.directory / self.version()

    def _open_reader(self) -> ox.Store:
        version = self.version()
        if self._reader is None or version != self._reader_version:
            try:
                self._reader = ox.Store.read_only(str(self.directory / version))
            except OSError as err:
                raise StoreError(f"cannot open the store at {self.directory / version}: {err}") from err
            self._reader_version = version
        return self._reader

    def _switch_to(self, target: Path) -> None:
        link = self.directory / CURRENT_LINK
        temporary = self.directory / f".{CURRENT_LINK}.{os.getpid()}"
        if temporary.is_symlink():
            temporary.unlink()
        os.symlink(target.relative_to(self.directory), temporary)
        os.replace(temporary, link)

    def _prune(self, builds: Path, keep: set[str]) -> None:
        """Remove every build but the one served and the one before it (KEEP_BUILDS).

        Kept by name, not by age: a build killed half way leaves a newer
        directory that was never served, and it must not push out the one
        a running server may still hold.
        """
        for stale in builds.iterdir():
            if stale.name not in keep:
                shutil.rmtree(stale, ignore_errors=True)
