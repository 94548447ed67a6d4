"""Benchmark: the whole build of a corpus against a plain pypdfium2 text pass, side by side.

    python bench/bench_build.py [--corpus ../shared/corpus/ofsted] [--jobs N] [--pairs 3]

The baseline opens every PDF in one process and pulls each page's text out,
nothing else. The build runs ingest -> extract -> resolve -> emit -> validate
-> store into a fresh store, with no extraction cache. The two alternate,
`--pairs` times, so that a machine shared with other work slows both alike;
the figure is the median of the pairs' ratios. Target: at most 1.5x.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph.pipeline import build  # noqa: E402
from graph.store import EmbeddedStore  # noqa: E402

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "ofsted"


def plain_text_pass(corpus: Path) -> tuple[float, int]:
    """Seconds to pull the text out of every PDF in one process; pages read."""
    started, pages = time.perf_counter(), 0
    for path in sorted(corpus.rglob("*.pdf")):
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            continue  # not a PDF (the corpus holds HTML saved as .pdf): the build skips nothing here
        for page in pdf:
            page.get_textpage().get_text_bounded()
            pages += 1
        pdf.close()
    return time.perf_counter() - started, pages


def full_build(corpus: Path, jobs: int) -> tuple[float, object]:
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        report = build([corpus], EmbeddedStore(Path(directory) / "store"), jobs=jobs, cache_dir=None)
        return time.perf_counter() - started, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--pairs", type=int, default=3, help="interleaved text pass / build pairs")
    args = parser.parse_args()
    ratios = []
    for pair in range(1, args.pairs + 1):
        baseline, pages = plain_text_pass(args.corpus)
        seconds, report = full_build(args.corpus, args.jobs)
        ratios.append(seconds / baseline)
        stages = ", ".join(f"{k} {v:.2f}" for k, v in report.seconds.items())
        print(f"pair {pair}: text pass {baseline:6.2f} s ({pages} PDF pages), build {seconds:6.2f} s, "
              f"ratio {ratios[-1]:.2f}  [{stages}]", flush=True)
    print(f"corpus: {args.corpus}")
    print(f"ratio build / text pass, median of {len(ratios)} pairs: {statistics.median(ratios):.2f}  (target <= 1.50)")
    print("\n".join(report.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
