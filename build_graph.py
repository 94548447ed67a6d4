"""Command: build the knowledge graph from source documents (ingest -> extract -> resolve -> emit -> store).

    python build_graph.py [--sources DIR_OR_FILE ...] [--store DIR] [--out FILE.nq|FILE.trig]
                          [--strict] [--jobs N] [--store-url URL] [--register FILE.csv ...] [--full]

On a store that already serves a build of this builder, only what changed is
published (new, replaced and removed documents); --full builds everything again.

Argument parsing and exit codes only; graph.pipeline chains the stages.
Also `ofsted-kg build` from an installed wheel.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.pipeline import BuildError, build
from graph.store import EmbeddedStore, GraphStore, StoreError

DEFAULT_STORE = Path("store")
DEFAULT_SOURCES = Path("sources")


def parse_args(argv: list[str] | None, prog: str | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog=prog, description="Build the Ofsted inspections knowledge graph.")
    parser.add_argument("--sources", action="append", type=Path,
                        help="a directory or file of source documents (repeat to add corpora; default: sources/)")
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE, help="embedded store directory")
    parser.add_argument("--store-url", help="a remote SPARQL store to publish to instead (see docs/remote-store.md)")
    parser.add_argument("--out", type=Path, help="also write the whole dataset to FILE.nq or FILE.trig")
    parser.add_argument("--register", action="append", type=Path, default=[], metavar="FILE.csv",
                        help="an office-holder register (person,post,council,from,to,source; "
                             "see docs/office-holders.md); repeat for more")
    parser.add_argument("--strict", action="store_true",
                        help="exit non-zero if any file was rejected or any register row was bad")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    parser.add_argument("--full", action="store_true",
                        help="build everything again, even where the store's last build could be updated")
    return parser.parse_args(argv)


def make_store(args: argparse.Namespace) -> GraphStore:
    if args.store_url:
        from graph.store.remote import make_store as make_remote

        return make_remote(None, args.store_url)
    return EmbeddedStore(args.store)


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    args = parse_args(argv, prog)
    sources = args.sources or [DEFAULT_SOURCES]
    try:
        report = build(sources, make_store(args), out=args.out, jobs=args.jobs, cache_dir=args.store,
                       office_holders=args.register, incremental=not args.full)
    except (BuildError, StoreError, OSError) as err:
        print(f"build failed: {err}", file=sys.stderr)
        return 1
    print("\n".join(report.lines()))
    return 2 if args.strict and (report.rejected or report.bad_rows) else 0


if __name__ == "__main__":
    sys.exit(main())
