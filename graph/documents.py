"""The documents of a build: collecting files, reading office-holder tables, ingest and extract per file.

`collect` finds the document files under each --sources path; `extract_documents`
ingests and extracts each one (graph.ingest, graph.extract) through a mapper,
spooling every extraction (graph.spool) and reusing cached ones;
`load_office_holders` reads the analysts' --register tables. graph.pipeline
chains these with the later stages.
"""

from __future__ import annotations

import hashlib
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from graph import concepts, registers
from graph.extract import extract, load_rules
from graph.ingest import IngestError, ingest, is_sidecar
from graph.records import OfficeHolding, Rejection
from graph.registers.office_holders import OfficeHolderFileError, read_office_holders
from graph.report import BuildError, Report
from graph.spool import ExtractionSpool, SourceFile, Spooled
from graph.vocab import SCHEMES

DOCUMENT_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".pdf"}


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
    """The document files under each --sources path, in a stable order.

    Paths are made absolute, so a file is the same file to the next build
    whether it was given as `sources` or `/home/me/kg/sources`.
    """
    files, ignored = [], 0
    for named in sources:
        if not named.exists():
            raise BuildError(f"--sources {named}: no such file or directory")
        given = named.absolute()
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
                      reuse: bool = True, mapper: DocumentMapper) -> dict[SourceFile, Spooled]:
    """Stages 1 and 2, ingest and extract, per document (through `mapper`), reusing cached extractions.

    Returns each file read, in the files' order; the rest are in `report.rejected`.
    """
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
    todo.sort(key=_size, reverse=True)
    progress = _progress(len(todo))
    for item, result in zip(todo, mapper(partial(process_file, spool=spool), todo)):
        results[item] = result
        progress()
    spooled = {}
    for item in files:
        result = results[item]
        if isinstance(result, Rejection):
            report.rejected.append(result)
        else:
            spooled[item] = result
            report.facts.update(result.fact_counts)
    report.documents = len(spooled)
    return spooled


def _size(item: SourceFile) -> int:
    try:
        return item.path.stat().st_size
    except OSError:
        return 0  # gone since it was collected: ingest rejects it with the reason


def local_mapper(jobs: int) -> DocumentMapper:
    """The per-document stage on this machine: `jobs` worker processes, or inline for one."""
    def run(function, items: list[SourceFile]) -> Iterator:
        if jobs <= 1 or len(items) < 4:
            yield from map(function, items)
            return
        _read_shared_data()
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            yield from pool.map(function, items, chunksize=1)
    return run


def _read_shared_data() -> None:
    """Read the registers and concept schemes and compile the extraction rules before the workers
    fork, so they start with them: each worker would do it for itself, and this process reads the
    registers and schemes anyway to resolve."""
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
