"""Run the chaos cases and print the table: case, inputs tried, outcome, data lost.

    python -m chaos            # everything: 500 fuzzed PDFs, 100 MB files, 1,000 pages, 20 kills,
                               # 100,000 fuzzed requests at the running service
    python -m chaos --fast     # what tests/test_chaos_*.py run: 30 fuzzed PDFs, 40 pages, 3 kills, 2,000 requests

Exit 0 when every case came out as promised, 1 otherwise. Generated files go
to a temporary directory (--keep to keep it), never into the checkout.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

from chaos import documents, faults, service, store_faults
from chaos.common import Row, format_table, good_baseline

PDF_TIMEOUT = 1.0  # the reader's limit for the pathological PDF (120 s in a build); it needs 3 to 20 s, with the load


def document_rows(work: Path, *, fuzz: int, pages: int, size_limit: bool, seed: int) -> list[Row]:
    baseline = good_baseline(work)
    rows = documents.run_cases(documents.text_cases(work / "text") + documents.pdf_case(work / "text", pages),
                               work / "text", work / "store-text", baseline)
    with mock.patch("graph.ingest.PDF_TIMEOUT", PDF_TIMEOUT):
        rows += documents.run_cases(documents.pathological_pdf_case(work / "slow", PDF_TIMEOUT), work / "slow",
                                    work / "store-slow", baseline)
    fuzz_dir = work / "fuzz"
    rows += documents.run_cases(documents.fuzz_case(fuzz_dir / "pdfs", fuzz, seed), fuzz_dir,
                                work / "store-fuzz", baseline)
    if size_limit:
        big = work / "big"
        rows += documents.run_cases(documents.size_limit_cases(big / "files"), big, work / "store-big", baseline)
        shutil.rmtree(big, ignore_errors=True)
    return rows


def fault_rows(work: Path, *, kills: int, switches: int, seed: int) -> list[Row]:
    return [faults.concurrent_builds(work), faults.corrupt_cache(work), faults.read_only_store(work),
            faults.sigkill_during_publish(work, kills=kills, seed=seed), store_faults.stale_spool_files(work),
            faults.disk_full(work), store_faults.real_disk_full(work),
            store_faults.reading_during_switches(work, switches=switches)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m chaos", description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="the small part that make test runs")
    parser.add_argument("--seed", type=int, default=13, help="seed of the fuzzing and the kill delays")
    parser.add_argument("--fuzz", type=int, help="fuzzed PDF variants (default 500, 30 with --fast)")
    parser.add_argument("--requests", type=int, help="fuzzed requests at the service (default 100,000; 2,000 fast)")
    parser.add_argument("--keep", action="store_true", help="keep the working directory")
    args = parser.parse_args(argv)
    fuzz = args.fuzz or (30 if args.fast else 500)
    work = Path(tempfile.mkdtemp(prefix="chaos-"))
    started = time.perf_counter()
    try:
        rows = document_rows(work, fuzz=fuzz, pages=40 if args.fast else 1000, size_limit=not args.fast,
                             seed=args.seed)
        rows += fault_rows(work, kills=3 if args.fast else 20, switches=3 if args.fast else 10, seed=args.seed)
        print(format_table(rows), file=sys.stderr, flush=True)  # the builder's part, kept should a later case fail
        rows += service.run(work, requests=args.requests or (2_000 if args.fast else 100_000), seed=args.seed,
                            timed=not args.fast, fast=args.fast)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(format_table(rows))
    failed = [row.case for row in rows if not row.ok]
    print(f"\n{len(rows)} cases, {len(failed)} failed, {time.perf_counter() - started:.0f} s"
          + (f" (kept in {work})" if args.keep else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
