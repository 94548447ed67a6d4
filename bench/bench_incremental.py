"""Benchmark: one added, replaced or removed document, published incrementally, against a full build.

    python bench/bench_incremental.py [--corpus DIR ...] [--jobs N] [--store DIR]

The corpus (by default sources/ and the shared Ofsted corpus) is linked into a
temporary directory (hard links where it can, else copies), less one held-out
document: its largest report. A full build of that, with no extraction cache, into a fresh
store is the baseline. Then, on that store, each timed as a whole call of the
builder (what `build_graph.py` on a built store does: read the record, look at
every file, extract, resolve, emit and diff, validate, apply):

- added: the held-out document comes back;
- replaced: one of the smallest text documents gets a new last line;
- removed: that document goes.

Each is printed as a percentage of the full build, with its stages.
Targets (issue 16): <= 5 % at the corpus as it is, <= 1 % at ten times it
(`bench/synthesise.py --copies 10`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from graph.pipeline import Report, build  # noqa: E402
from graph.store import EmbeddedStore  # noqa: E402

DEFAULT_CORPORA = [PROJECT / "sources", PROJECT.parent / "shared" / "corpus" / "ofsted"]


def link_corpus(corpora: list[Path], into: Path) -> list[Path]:
    """Each corpus as a tree of hard links under `into` (same relative paths, so the same source IRIs)."""
    roots = []
    for number, corpus in enumerate(corpora):
        root = into / f"{number}-{corpus.name}"
        shutil.copytree(corpus, root, copy_function=_link_or_copy)
        roots.append(root)
    return roots


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system
        shutil.copy2(source, target)


def documents(roots: list[Path], suffix: str) -> list[Path]:
    return sorted((p for root in roots for p in root.rglob(f"*{suffix}") if not p.name.endswith(".meta.json")),
                  key=lambda p: (p.stat().st_size, str(p)))


def timed(label: str, sources: list[Path], store: EmbeddedStore, full: float, jobs: int) -> float:
    started = time.perf_counter()
    report = build(sources, store, cache_dir=store.directory, jobs=jobs, incremental=True)
    seconds = time.perf_counter() - started
    print(f"{label:<9} {seconds:7.2f} s  {100 * seconds / full:6.2f} % of the full build   {_stages(report)}")
    if report.changes is None:
        raise SystemExit(f"{label}: not incremental: {report.why_full}")
    print(f"          {report.changes.line()}")
    return seconds


def _stages(report: Report) -> str:
    return ", ".join(f"{stage} {value:.2f}" for stage, value in report.seconds.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", type=Path, help="a corpus directory (repeat); "
                        "default: sources/ and ../shared/corpus/ofsted")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes for the full build (default: all)")
    parser.add_argument("--work", type=Path, help="where the linked corpus and the store go (default: the "
                        "system's temporary directory)")
    args = parser.parse_args()
    corpora = [c.resolve() for c in (args.corpus or DEFAULT_CORPORA)]
    with tempfile.TemporaryDirectory(dir=args.work) as directory:
        work = Path(directory)
        roots = link_corpus(corpora, work / "corpus")
        held_out = (documents(roots, ".pdf") or documents(roots, ".txt"))[-1]
        kept = work / "held-out" / held_out.name
        kept.parent.mkdir()
        os.replace(held_out, kept)
        store = EmbeddedStore(work / "store")
        started = time.perf_counter()
        report = build(roots, store, cache_dir=store.directory, jobs=args.jobs)
        full = time.perf_counter() - started
        print(f"corpus: {', '.join(map(str, corpora))}: {report.documents} documents, {report.total_quads} quads")
        print(f"full      {full:7.2f} s  (no cache, fresh store)   {_stages(report)}")
        os.replace(kept, held_out)
        timed("added", roots, store, full, args.jobs)
        small = documents(roots, ".txt")[0]
        text = small.read_bytes()
        small.unlink()  # a hard link: write a new file, never through the link into the corpus
        small.write_bytes(text + b"\nA line added for the benchmark.\n")
        timed("replaced", roots, store, full, args.jobs)
        small.unlink()
        timed("removed", roots, store, full, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
