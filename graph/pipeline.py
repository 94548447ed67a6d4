"""The build, stage by stage: ingest -> extract -> resolve -> emit -> store.

This is the only module that chains the stages; each is a public function:

- `collect(sources)`: the document files under each source path;
- `load_office_holders(paths, report)`: analysts' office-holder tables (--register),
  each bad row reported with its line and reason (graph.registers.office_holders);
- `extract_documents(files, spool, report, ...)`: ingest and extract each
  file (graph.ingest, graph.extract), spooled to disk (graph.spool);
- `resolve(summaries)`: one inspection, person and role per real-world thing
  across documents (graph.resolve);
- `emit_dataset(spooled, resolution, ...)`: every named graph into one
  canonical N-Quads file (graph.emit, graph.provenance, graph.nquads);
- `publish(nquads, store, ...)`: load into a `GraphStore` (graph.store) once
  SHACL validation (graph.validate), run alongside, passes.

An incremental publish (`build(..., incremental=True)`) chains instead:
`compare` the files with the record of the build the store serves
(graph.state, graph.delta), extract only the added and replaced ones, resolve
everything again from the summaries, `emit_changes` (the named graphs whose
content changed, each diffed against the store's), `validate_changes` (the
changed subjects and their neighbourhood, graph.validate_changes), and
`GraphStore.apply`.

`build` runs them all and returns a `Report`; it raises `BuildError` (or the
store's `StoreError`) and never exits: only the command-line entry points do.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Mapping, Sequence

import pyoxigraph as ox

from graph.delta import (
    DocumentChanges, as_text, compare, graph_change, shared_source_path, signatures, source_views, text_change,
)
from graph.documents import (
    DocumentMapper, OfficeHolderTables, collect, extract_documents, load_office_holders, local_mapper,
)
from graph.emit import emit_derived, emit_register, emit_source
from graph.emit.pool import SourceEmission
from graph.gate import UNVALIDATED_GRAPHS, BackgroundValidation, require_conforming
from graph.nquads import DEFAULT_RUN_LINES, CanonicalNQuadsWriter, DatasetStats
from graph.provenance import build_record, build_time, static_graphs
from graph.records import Extraction, Rejection
from graph.report import BuildError, Changes, Report
from graph.resolve import Resolution, resolve
from graph.resources import extraction_fingerprint
from graph.spool import ExtractionSpool, SourceFile, Spooled, SpoolError
from graph.state import BuildState, DocumentState, load_state, save_state
from graph.store import DatasetDelta, EmbeddedStore, GraphStore, StoreError, build_lock
from graph.validate_changes import validate_changes
from graph.vocab import BUILD_GRAPH, DERIVED_GRAPH, office_holder_graph, source_graph

__all__ = ["UNVALIDATED_GRAPHS", "BuildError", "DocumentMapper", "OfficeHolderTables", "Report", "SourceFile",
           "build", "collect", "emit_changes", "emit_dataset", "extract_documents", "load_office_holders",
           "local_mapper", "publish", "resolve", "write_dataset"]


@dataclass
class _Run:
    """One build: what its stages read, and the report they fill in."""

    files: list[SourceFile]
    register_paths: tuple[Path, ...]
    tables: OfficeHolderTables
    store: GraphStore
    report: Report
    cache_dir: Path | None
    out: Path | None
    jobs: int
    mapper: DocumentMapper
    started: datetime = field(default_factory=build_time)
    clock: float = field(default_factory=time.perf_counter)

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.report.seconds[stage] = now - self.clock
        self.clock = now


def build(sources: list[Path], store: GraphStore, *, out: Path | None = None, jobs: int = 0,
          cache_dir: Path | None = None, mapper: DocumentMapper | None = None,
          office_holders: Sequence[Path] | None = (), incremental: bool = False) -> Report:
    """Build the graph of `sources` and publish it to `store`; raise BuildError if it is invalid.

    `office_holders` are analysts' CSV tables of post holders (docs/office-holders.md),
    each loaded into its own register graph; documents come first, rows second.
    None: the tables of the build the store serves.

    With `incremental`, publish only what changed since the build the store
    serves, when `cache_dir` holds a compatible record of it (graph.state;
    every build with a `cache_dir` leaves one): added, replaced and removed
    documents, and what they touch. Otherwise, or without `incremental`, a
    full build (`report.why_full` says why, when one was asked for).

    Documents stream through: extraction spools each to disk and keeps a
    summary; emit reads them back one at a time into an external sort; SHACL
    validation reads the sorted file a unit of subjects at a time. Memory grows
    with the summaries and the derived graph, not with the documents' text.
    `mapper` runs the per-document stage elsewhere (docs/remote-store.md: Ray, Dask).
    """
    report = Report()
    files, report.ignored = collect(sources)
    store_directory = getattr(store, "directory", None)
    # One build at a time per store: the second fails at once (StoreBusy), the first goes on.
    with build_lock(store_directory) if store_directory else contextlib.nullcontext():
        state = load_state(cache_dir) if incremental and cache_dir else None
        paths = tuple(office_holders if office_holders is not None else state.register_paths if state else ())
        run = _Run(files, paths, load_office_holders(paths, report), store, report, cache_dir, out, jobs,
                   mapper or local_mapper(jobs or os.cpu_count() or 1))
        work = Path(store_directory or tempfile.gettempdir())
        if store_directory:
            _remove_stale_scratch(work)
        report.why_full = _why_full(run, state) if incremental else ""
        try:
            if incremental and not report.why_full:
                _update(run, state)
            else:
                _build_in(work, run)
        except OSError as err:
            if err.errno != errno.ENOSPC:
                raise
            raise BuildError(f"no space left on the device of {work} ({err}); nothing was published, "
                             "the graph served is unchanged") from err
    return report


def _remove_stale_scratch(work: Path) -> None:
    """Scratch directories a killed build left in the store; with the lock held, none is live."""
    for stale in work.glob("build-*"):
        if stale.is_dir() and len(stale.name) == len("build-") + 8:
            shutil.rmtree(stale, ignore_errors=True)


def _build_in(work: Path, run: _Run) -> None:
    work.mkdir(parents=True, exist_ok=True)
    report = run.report
    with tempfile.TemporaryDirectory(prefix="build-", dir=work) as scratch:
        spool = ExtractionSpool(run.cache_dir or Path(scratch), extraction_fingerprint())
        seen = signatures(run.files)  # before reading: a write after this shows as a change next time
        before = len(report.rejected)  # the office-holder tables' come first
        spooled = extract_documents(run.files, spool, report, reuse=run.cache_dir is not None, mapper=run.mapper)
        unreadable = _unreadable(report, before)
        summaries = [item.summary for item in spooled.values()]
        run.lap("ingest+extract")
        resolution = resolve(summaries, run.tables.holdings)
        run.lap("resolve")
        nquads = Path(scratch) / "dataset.nq"
        whole = emit_cross_source(summaries, resolution, run.started, run.tables, unreadable)
        stats = emit_dataset(list(spooled.values()), resolution, whole, nquads, Path(scratch),
                             jobs=run.jobs or os.cpu_count() or 1)
        report.total_quads = stats.quads
        report.triples.update(stats.triples_per_class)
        run.lap("emit")
        publish(nquads, run.store, background_validation=run.jobs != 1)
        if run.out is not None:
            write_dataset(nquads, run.out)
        run.lap("validate+store (in parallel)")
    if run.cache_dir is not None:
        views = source_views(resolution)
        documents = [DocumentState(item, seen[item], found, views.get(item.source, ""))
                     for item, found in spooled.items()]
        _save(run, documents, unreadable, {graph: as_text(map(str, quads)) for graph, quads in whole.items()},
              stats.quads)


def emit_cross_source(summaries: list[Extraction], resolution: Resolution, started: datetime,
                      tables: OfficeHolderTables, unreadable: Sequence[Rejection] = ()) -> dict[str, set[ox.Quad]]:
    """Stage 4, emit, of the graphs that rest on every document, by graph IRI: kgg:derived, each
    office-holder register's graph and the build record (naming the `unreadable` documents)."""
    whole = {str(office_holder_graph(name)): emit_register(name, resolution) for name, _ in tables.files}
    whole[str(DERIVED_GRAPH)] = emit_derived(summaries, resolution)
    whole[str(BUILD_GRAPH)] = set(build_record(summaries, started, build_time(), tables.files, unreadable))
    return whole


def emit_dataset(spooled: list[Spooled], resolution: Resolution, whole: Mapping[str, set[ox.Quad]],
                 nquads: Path, scratch: Path, jobs: int = 1) -> DatasetStats:
    """Stage 4, emit: every graph of the build into one canonical N-Quads file.

    The source graphs are emitted by `jobs` worker processes (graph.emit.pool) while this
    one writes the graphs `emit_cross_source` made and the static ones.
    """
    writer = CanonicalNQuadsWriter(scratch)
    with SourceEmission(spooled, resolution, scratch, jobs) as sources:
        for quads in whole.values():
            writer.add(quads)
        writer.add(static_graphs())
        try:
            sources.into(writer)
        except SpoolError as err:  # an entry damaged under a running build: nothing is published
            raise BuildError(str(err)) from err
    return writer.finish(nquads)


def _extraction(item: Spooled) -> Extraction:
    try:
        return ExtractionSpool.load(item.entry)
    except (SpoolError, OSError) as err:  # damaged under a running build: nothing is published
        raise BuildError(f"{item.summary.document.source}: {err}") from err


def publish(nquads: Path, store: GraphStore, *, background_validation: bool = True) -> None:
    """Stage 5, store: load the N-Quads into `store`, switched in only if they pass SHACL validation."""
    validation = BackgroundValidation(nquads, background=background_validation)
    store.publish(nquads, gate=validation.require_conforming)


def write_dataset(nquads: Path, out: Path) -> None:
    """Write the dataset as N-Quads (canonical order) or TriG, by the file's suffix."""
    if out.suffix == ".nq":
        shutil.copyfile(nquads, out)
    elif out.suffix == ".trig":
        quads = ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        ox.serialize(quads, str(out), ox.RdfFormat.TRIG)
    else:
        raise BuildError(f"--out {out}: use a .nq or .trig file name")


# --- the incremental publish ----------------------------------------------------------------------


def _why_full(run: _Run, state: BuildState | None) -> str:
    """Why this build cannot be an incremental publish; empty when it can."""
    if run.cache_dir is None:
        return "no cache directory to keep the record of a build in"
    if state is None:
        return f"{run.cache_dir} holds no record of an earlier build"
    if state.fingerprint != extraction_fingerprint():
        return "the builder, its rules, the ontology or the registers changed since the build served"
    try:
        served = run.store.version()
    except StoreError:
        return "the store serves no build yet"
    if served != state.version:
        return f"the store serves {served}, not the build recorded ({state.version})"
    shared = shared_source_path(run.files)
    if shared:
        return f"two files have the source path {shared}: their facts would share one graph"
    if run.out is not None and not isinstance(run.store, EmbeddedStore):
        return "--out takes a full build when the store is remote"
    return ""


def _update(run: _Run, state: BuildState) -> None:
    """Extract what changed, resolve everything again from the summaries, publish the graphs that differ."""
    changes = compare(run.files, state)
    spool = ExtractionSpool(run.cache_dir, state.fingerprint)
    before = len(run.report.rejected)  # the office-holder tables' come first
    extracted = extract_documents(changes.to_extract, spool, run.report, mapper=run.mapper)
    unreadable = _unreadable(run.report, before)
    documents = _documents_now(changes, extracted, state)
    _report_documents(run.report, changes, extracted, state, documents)
    run.lap("ingest+extract")
    if not extracted and not changes.removed and (run.tables, unreadable) == (state.tables, state.unreadable):
        run.report.total_quads = state.total_quads
        _save(run, documents, unreadable, state.graphs, state.total_quads)  # new signatures spare a hash
        return
    summaries = [document.spooled.summary for document in documents]
    resolution = resolve(summaries, run.tables.holdings)
    views = source_views(resolution)
    run.lap("resolve")
    stale = [document for document in documents
             if document.file in extracted or views.get(document.source, "") != document.view]
    run.report.changes.emitted = len(stale)
    present = {document.source for document in documents}
    gone = [document.source for document in changes.removed if document.source not in present]
    whole = {graph: {str(quad): quad for quad in quads} for graph, quads in
             emit_cross_source(summaries, resolution, run.started, run.tables, unreadable).items()}
    delta = emit_changes(run.store, stale, gone, resolution, whole, state.graphs)
    run.lap("emit+diff")
    validation, run.report.changes.validated = validate_changes(delta, run.store, UNVALIDATED_GRAPHS)
    require_conforming(validation)
    run.lap("validate")
    run.store.apply(delta)
    if run.out is not None:
        _export(run.store, run.out)  # an EmbeddedStore: _why_full saw to it
    run.lap("store")
    _count(run.report, delta, state.total_quads)
    _save(run, [replace(d, view=views.get(d.source, "")) for d in documents], unreadable,
          {graph: as_text(quads) for graph, quads in whole.items()}, run.report.total_quads)


def _documents_now(changes: DocumentChanges, extracted: dict[SourceFile, Spooled],
                   state: BuildState) -> list[DocumentState]:
    """The documents of the new build in the files' order, as a full build has them; a replaced file
    that cannot be read keeps its previous state, so its previous facts stay."""
    previous = {document.file: document for document in state.documents}
    documents = []
    for item, seen in changes.signatures.items():
        if item in extracted:
            documents.append(DocumentState(item, seen, extracted[item], view=""))
        elif item in changes.unchanged:
            documents.append(changes.unchanged[item])
        elif item in previous:
            documents.append(previous[item])
    return documents


def _report_documents(report: Report, changes: DocumentChanges, extracted: dict[SourceFile, Spooled],
                      state: BuildState, documents: list[DocumentState]) -> None:
    previous = {document.file for document in state.documents}
    report.changes = Changes(added=[item.source for item in extracted if item not in previous],
                             replaced=[item.source for item in extracted if item in previous],
                             removed=[document.source for document in changes.removed],
                             kept=[item.source for item in changes.to_extract
                                   if item not in extracted and item in previous])
    report.documents = len(documents)
    report.reused += len(changes.unchanged)
    report.facts.clear()  # extract_documents counted the extracted ones: count every document
    for document in documents:
        report.facts.update(document.spooled.fact_counts)


def emit_changes(store: GraphStore, documents: Sequence[DocumentState], gone: Sequence[str],
                 resolution: Resolution, whole: Mapping[str, Mapping[str, ox.Quad]],
                 published: Mapping[str, str]) -> DatasetDelta:
    """Stage 4 of an incremental publish: the named graphs whose content changes, and how.

    The source graphs of `documents` are emitted again and diffed against the
    store's; those of the `gone` sources are emptied. The graphs `whole` (from
    `emit_cross_source`, each quad by its N-Quads text) are diffed against the
    text they were `published` with, so the large kgg:derived is not read back.
    """
    changes = []
    for document in documents:
        graph = str(source_graph(document.source))
        changes.append(graph_change(graph, emit_source(_extraction(document.spooled), resolution),
                                    store.graph_quads(graph)))
    for source in gone:
        graph = str(source_graph(source))
        changes.append(graph_change(graph, set(), store.graph_quads(graph)))
    for graph in sorted(set(whole) | set(published)):
        changes.append(text_change(graph, whole.get(graph, {}), published.get(graph, "")))
    return DatasetDelta(tuple(change for change in changes if change is not None))


def _count(report: Report, delta: DatasetDelta, quads_before: int) -> None:
    added, removed = sum(1 for _ in delta.added()), sum(1 for _ in delta.removed())
    report.changes.graphs = len(delta.changes)
    report.changes.quads_added, report.changes.quads_removed = added, removed
    report.total_quads = quads_before + added - removed


def _export(store: EmbeddedStore, out: Path) -> None:
    """--out after an incremental publish: the dataset sorted canonically, as a full build writes it.

    The static graphs come from the code, the rest from the store: the store keeps
    typed values in canonical form ("1"^^xsd:decimal where a register wrote "1.00"),
    and the static graphs are the only ones that hold such values, and never change
    in an incremental publish.
    """
    static = static_graphs()
    static_names = {quad.graph_name for quad in static}
    with tempfile.TemporaryDirectory(prefix="build-", dir=store.directory) as scratch:
        dump, nquads = Path(scratch) / "store.nq", Path(scratch) / "dataset.nq"
        store.dump(dump)
        writer = CanonicalNQuadsWriter(Path(scratch))
        quads = (q for q in ox.parse(path=str(dump), format=ox.RdfFormat.N_QUADS) if q.graph_name not in static_names)
        while chunk := list(islice(quads, DEFAULT_RUN_LINES)):
            writer.add(chunk)
        writer.add(static)
        writer.finish(nquads)
        write_dataset(nquads, out)


def _unreadable(report: Report, first: int) -> tuple[Rejection, ...]:
    """The documents rejected from `first` on (the office-holder tables' come before), by source path."""
    return tuple(sorted(report.rejected[first:], key=lambda rejection: rejection.source))


def _save(run: _Run, documents: list[DocumentState], unreadable: Sequence[Rejection],
          graphs: Mapping[str, str], total_quads: int) -> None:
    save_state(run.cache_dir, BuildState(run.store.version(), extraction_fingerprint(), tuple(documents),
                                         run.register_paths, run.tables, tuple(unreadable), dict(graphs),
                                         total_quads))
