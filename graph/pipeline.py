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
import hashlib
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import pyoxigraph as ox

from graph import concepts, registers
from graph.emit import emit_derived, emit_register
from graph.emit.pool import SourceEmission
from graph.extract import extract, load_rules
from graph.ingest import IngestError, ingest, is_sidecar
from graph.nquads import CanonicalNQuadsWriter, DatasetStats
from graph.provenance import build_record, build_time, static_graphs
from graph.records import BadRow, OfficeHolding, Rejection
from graph.registers.office_holders import OfficeHolderFileError, read_office_holders
from graph.registers.rdf import AUTHORITIES, MEMBERS, OFFICIAL_OUTCOMES, SCRAPED_OUTCOMES
from graph.resolve import Resolution, resolve
from graph.resources import extraction_fingerprint
from graph.spool import ExtractionSpool, SourceFile, Spooled, SpoolError
from graph.store import GraphStore, build_lock
from graph.validate import ValidationReport, Violation, validate_nquads
from graph.vocab import ONTOLOGY_GRAPH, SCHEMES, register_graph

__all__ = ["BuildError", "DocumentMapper", "OfficeHolderTables", "Report", "SourceFile", "build", "collect",
           "emit_dataset", "extract_documents", "load_office_holders", "local_mapper", "publish", "resolve",
           "write_dataset"]

DOCUMENT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf"}


class BuildError(Exception):
    """The build could not produce a valid graph; nothing was published."""


@dataclass
class Report:
    documents: int = 0
    reused: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)  # office-holder register rows not loaded
    register_rows: int = 0  # office-holder register rows loaded
    ignored: int = 0
    facts: Counter = field(default_factory=Counter)
    triples: Counter = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)
    total_quads: int = 0

    def lines(self) -> list[str]:
        out = [f"documents read: {self.documents} ({self.reused} unchanged, reused from cache)"]
        if self.register_rows or self.bad_rows:
            out.append(f"office-holder register rows loaded: {self.register_rows} ({len(self.bad_rows)} bad)")
        if self.ignored:
            out.append(f"files ignored (not a document type): {self.ignored}")
        out.append("facts: " + ", ".join(f"{k} {v}" for k, v in sorted(self.facts.items())))
        out.append("triples per class: " + ", ".join(f"{k} {v}" for k, v in sorted(self.triples.items())))
        out.append(f"quads in the dataset: {self.total_quads}")
        out.append("seconds per stage: " + ", ".join(f"{k} {v:.2f}" for k, v in self.seconds.items()))
        for rejection in self.rejected:
            out.append(f"rejected: {rejection.source}: {rejection.reason}")
        for bad in self.bad_rows:
            out.append(f"bad register row: {bad.register} line {bad.line}: {bad.reason}")
        return out


@dataclass(frozen=True)
class OfficeHolderTables:
    """The office-holder registers given: their rows, and each file's name and SHA-256."""

    holdings: tuple[OfficeHolding, ...] = ()
    files: tuple[tuple[str, str], ...] = ()


def load_office_holders(paths: Sequence[Path], report: Report) -> OfficeHolderTables:
    """Read each --register table; a bad row is reported with its line and reason, the rest loads.

    A table that cannot be read at all (not UTF-8, no header, a column missing)
    is reported as rejected, like an unreadable document; a missing file, or
    two tables of one name (a name keys its graph), stops the build.
    """
    holdings: list[OfficeHolding] = []
    files: list[tuple[str, str]] = []
    for path in paths:
        if not path.is_file():
            raise BuildError(f"--register {path}: no such file")
        if path.name in {name for name, _ in files}:
            raise BuildError(f"--register {path}: another register is named {path.name}; rename one")
        try:
            rows, bad = read_office_holders(path)
        except (OfficeHolderFileError, OSError) as err:
            report.rejected.append(Rejection(str(path), f"office-holder register: {err}"))
            continue
        files.append((path.name, hashlib.sha256(path.read_bytes()).hexdigest()))
        holdings += rows
        report.bad_rows += bad
        report.register_rows += len(rows)
    return OfficeHolderTables(tuple(holdings), tuple(files))


def collect(sources: list[Path]) -> tuple[list[SourceFile], int]:
    """The document files under each --sources path, in a stable order."""
    files, ignored = [], 0
    for given in sources:
        if not given.exists():
            raise BuildError(f"--sources {given}: no such file or directory")
        if given.is_file():
            files.append(SourceFile(given, given.parent))
            continue
        for path in sorted(p for p in given.rglob("*") if p.is_file()):
            if any(part.startswith(".") for part in path.relative_to(given).parts) or is_sidecar(path):
                continue
            if path.suffix.lower() in DOCUMENT_SUFFIXES:
                files.append(SourceFile(path, given))
            else:
                ignored += 1
    return files, ignored


def process_file(item: SourceFile, spool: ExtractionSpool) -> Spooled | Rejection:
    """Ingest, extract and spool one file: the one place a failing document becomes a reported skip."""
    try:
        extraction = extract(ingest(item.path, item.root))
    except IngestError as err:
        return Rejection(item.source, str(err))
    except Exception as err:  # noqa: BLE001
        # A reader's or extractor's bug on one document must not sink the whole build; it is reported.
        return Rejection(item.source, f"extraction failed: {type(err).__name__}: {err}")
    return spool.put(item, extraction)


# Maps the per-document stage over files: (function, files) -> results in the files' order.
DocumentMapper = Callable[[Callable[[SourceFile], "Spooled | Rejection"], list[SourceFile]], Iterable]


def extract_documents(files: list[SourceFile], spool: ExtractionSpool, report: Report, *,
                      reuse: bool = True, mapper: DocumentMapper) -> list[Spooled]:
    """Stages 1 and 2, ingest and extract, per document (through `mapper`), reusing cached extractions."""
    results: dict[SourceFile, Spooled | Rejection] = {}
    todo = []
    for item in files:
        cached = spool.get(item) if reuse else None
        if cached is not None:
            results[item] = cached
            report.reused += 1
        else:
            todo.append(item)
    # Largest files first, so no worker is left with a long report while the other idles.
    todo.sort(key=lambda item: item.path.stat().st_size, reverse=True)
    progress = _progress(len(todo))
    for item, result in zip(todo, mapper(partial(process_file, spool=spool), todo)):
        results[item] = result
        progress()
    spooled = []
    for item in files:
        result = results[item]
        if isinstance(result, Rejection):
            report.rejected.append(result)
        else:
            spooled.append(result)
            report.facts.update(result.fact_counts)
    report.documents = len(spooled)
    return spooled


def local_mapper(jobs: int) -> DocumentMapper:
    """The per-document stage on this machine: `jobs` worker processes, or inline for one."""
    def run(function, items: list[SourceFile]) -> Iterator:
        if jobs <= 1 or len(items) < 4:
            yield from map(function, items)
            return
        _prepare_workers()
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(function, items, chunksize=1)
    return run


def _prepare_workers() -> None:
    """Read the registers and concept schemes (this process needs them to resolve) and compile the
    extraction rules before the workers fork, so that they start with all three."""
    registers.shipped_registers()
    for scheme in SCHEMES:
        concepts.scheme(scheme)
    load_rules()


def _progress(total: int):
    if not sys.stderr.isatty() or total < 20:
        return lambda: None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="doc", file=sys.stderr)
    return lambda: bar.update(1)


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
        stats = emit_dataset(spooled, resolution, nquads, started, Path(scratch), tables.files,
                             jobs=jobs or os.cpu_count() or 1)
        report.total_quads = stats.quads
        report.triples.update(stats.triples_per_class)
        lap("emit")
        publish(nquads, store, background_validation=jobs != 1)
        if out is not None:
            write_dataset(nquads, out)
        lap("validate+store (in parallel)")


def emit_dataset(spooled: list[Spooled], resolution: Resolution, nquads: Path, started: datetime,
                 scratch: Path, office_holders: Sequence[tuple[str, str]] = (), jobs: int = 1) -> DatasetStats:
    """Stage 4, emit: every graph of the build into one canonical N-Quads file.

    The source graphs are emitted by `jobs` worker processes (graph.emit.pool) while this
    one writes the rest. `office_holders`: (file name, SHA-256) of each office-holder register.
    """
    writer = CanonicalNQuadsWriter(scratch)
    summaries = [item.summary for item in spooled]
    with SourceEmission(spooled, resolution, scratch, jobs) as sources:
        for name, _ in office_holders:
            writer.add(emit_register(name, resolution))
        writer.add(emit_derived(summaries, resolution))
        writer.add(static_graphs())
        try:
            sources.into(writer)
        except SpoolError as err:  # an entry damaged under a running build: nothing is published
            raise BuildError(str(err)) from err
    writer.add(build_record(summaries, started, build_time(), office_holders))
    return writer.finish(nquads)


def publish(nquads: Path, store: GraphStore, *, background_validation: bool = True) -> None:
    """Stage 5, store: load the N-Quads into `store`, switched in only if they pass SHACL validation."""
    validation = BackgroundValidation(nquads, background=background_validation)
    store.publish(nquads, gate=validation.require_conforming)


# The static graphs are checked by their own tests; the shapes speak about what the build extracts,
# the office-holder registers (kgg:register/office-holders/...) included.
UNVALIDATED_GRAPHS = (*(str(register_graph(name)) for name in (AUTHORITIES, MEMBERS, OFFICIAL_OUTCOMES,
                                                                SCRAPED_OUTCOMES)), str(ONTOLOGY_GRAPH))


class BackgroundValidation:
    """SHACL validation of the written N-Quads in a forked process while the store loads them.

    Only the small report comes back. Where fork is unavailable, or with
    --jobs 1, validation runs in this process when the gate asks for it.
    """

    def __init__(self, nquads: Path, background: bool = True) -> None:
        self._nquads = nquads
        self._process = None
        if background and "fork" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("fork")
            self._receiver, sender = context.Pipe(duplex=False)
            self._process = context.Process(target=_validate_into, args=(nquads, sender), daemon=True)
            self._process.start()
            sender.close()

    def result(self) -> ValidationReport:
        if self._process is None:
            return validate_nquads(self._nquads, UNVALIDATED_GRAPHS)
        try:
            return self._receiver.recv()
        except EOFError as err:
            raise BuildError(f"the validation process died (exit code {self._process.exitcode})") from err
        finally:
            self._process.join()

    def require_conforming(self) -> None:
        validation = self.result()
        if not validation.conforms:
            raise BuildError("the graph breaks its SHACL shapes; nothing was published:\n" +
                             "\n".join(f"  {describe(v)}" for v in validation.violations))


def _validate_into(nquads: Path, sender) -> None:
    sender.send(validate_nquads(nquads, UNVALIDATED_GRAPHS))
    sender.close()


def describe(violation: Violation) -> str:
    where = ", ".join(str(g) for g in violation.source_graphs) or "the union graph"
    path = f" {violation.path}" if violation.path is not None else ""
    return f"{violation.focus_node}{path}: {violation.message} (in {where})"


def write_dataset(nquads: Path, out: Path) -> None:
    """Write the dataset as N-Quads (canonical order) or TriG, by the file's suffix."""
    if out.suffix == ".nq":
        shutil.copyfile(nquads, out)
    elif out.suffix == ".trig":
        quads = ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        ox.serialize(quads, str(out), ox.RdfFormat.TRIG)
    else:
        raise BuildError(f"--out {out}: use a .nq or .trig file name")
