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
from datetime import datetime
from pathlib import Path
from typing import Callable, Sequence

import pyoxigraph as ox

from graph.documents import (
    DocumentMapper, OfficeHolderTables, collect, extract_documents, load_office_holders, local_mapper,
)
from graph.emit import emit_derived, emit_register, emit_source
from graph.gate import UNVALIDATED_GRAPHS, BackgroundValidation
from graph.nquads import CanonicalNQuadsWriter, DatasetStats
from graph.provenance import build_record, build_time, static_graphs
from graph.report import BuildError, Report
from graph.resolve import Resolution, resolve
from graph.resources import extraction_fingerprint
from graph.spool import ExtractionSpool, SourceFile, Spooled, SpoolError
from graph.store import GraphStore, build_lock

__all__ = ["UNVALIDATED_GRAPHS", "BuildError", "DocumentMapper", "OfficeHolderTables", "Report", "SourceFile",
           "build", "collect", "emit_dataset", "extract_documents", "load_office_holders", "local_mapper",
           "publish", "resolve", "write_dataset"]


def build(sources: list[Path], store: GraphStore, *, out: Path | None = None, jobs: int = 0,
          cache_dir: Path | None = None, mapper: DocumentMapper | None = None,
          office_holders: Sequence[Path] = ()) -> Report:
    """Build the graph of `sources` and publish it to `store`; raise BuildError if it is invalid.

    `office_holders` are analysts' CSV tables of post holders (docs/office-holders.md),
    each loaded into its own register graph; documents come first, rows second.

    Documents stream through: extraction spools each to disk and keeps a
    summary; emit reads them back one at a time into an external sort; SHACL
    validation reads the sorted file a unit of subjects at a time. Memory grows
    with the summaries and the derived graph, not with the documents' text.
    `mapper` runs the per-document stage elsewhere (docs/remote-store.md: Ray, Dask).
    """
    report = Report()
    started = build_time()
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.seconds[stage] = now - clock
        clock = now

    files, report.ignored = collect(sources)
    tables = load_office_holders(office_holders, report)
    store_directory = getattr(store, "directory", None)
    # One build at a time per store: the second fails at once (StoreBusy), the first goes on.
    with build_lock(store_directory) if store_directory else contextlib.nullcontext():
        work = Path(store_directory or tempfile.gettempdir())
        if store_directory:
            _remove_stale_scratch(work)
        try:
            _build_in(work, files, tables, store, report, started, lap, out=out, jobs=jobs,
                      cache_dir=cache_dir, mapper=mapper)
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


def _build_in(work: Path, files: list[SourceFile], tables: OfficeHolderTables, store: GraphStore,
              report: Report, started: datetime, lap: Callable[[str], None], *, out: Path | None,
              jobs: int, cache_dir: Path | None, mapper: DocumentMapper | None) -> None:
    work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="build-", dir=work) as scratch:
        spool = ExtractionSpool(cache_dir or Path(scratch), extraction_fingerprint())
        spooled = extract_documents(files, spool, report, reuse=cache_dir is not None,
                                    mapper=mapper or local_mapper(jobs or os.cpu_count() or 1))
        summaries = [item.summary for item in spooled]
        lap("ingest+extract")
        resolution = resolve(summaries, tables.holdings)
        lap("resolve")
        nquads = Path(scratch) / "dataset.nq"
        stats = emit_dataset(spooled, resolution, nquads, started, Path(scratch), tables.files)
        report.total_quads = stats.quads
        report.triples.update(stats.triples_per_class)
        lap("emit")
        publish(nquads, store, background_validation=jobs != 1)
        if out is not None:
            write_dataset(nquads, out)
        lap("validate+store (in parallel)")


def emit_dataset(spooled: list[Spooled], resolution: Resolution, nquads: Path, started: datetime,
                 scratch: Path, office_holders: Sequence[tuple[str, str]] = ()) -> DatasetStats:
    """Stage 4, emit: every graph of the build into one canonical N-Quads file, one source at a time.

    `office_holders`: (file name, SHA-256) of each office-holder register, one graph each.
    """
    writer = CanonicalNQuadsWriter(scratch)
    for item in spooled:
        try:
            extraction = ExtractionSpool.load(item.entry)
        except (SpoolError, OSError) as err:  # damaged under a running build: nothing is published
            raise BuildError(f"{item.summary.document.source}: {err}") from err
        writer.add(emit_source(extraction, resolution))
    for name, _ in office_holders:
        writer.add(emit_register(name, resolution))
    summaries = [item.summary for item in spooled]
    writer.add(emit_derived(summaries, resolution))
    writer.add(static_graphs())
    writer.add(build_record(summaries, started, build_time(), office_holders))
    return writer.finish(nquads)


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
