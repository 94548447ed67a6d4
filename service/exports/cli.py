"""python -m service.exports: the same exports, written to a file from a store directory.

    python -m service.exports --store DIR --format gexf [--authority GSS] [--from Y --to Y] --out FILE

It reads through a one-worker QueryPool over the store, as the service does.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

import networkx as nx

from service.backend import EmbeddedBackend
from service.config import ServiceConfig
from service.execution import QueryPool
from service.exports.formats import FORMATS
from service.exports.projection import ExportFilter, FilterError, project
from service.reading import GraphReader

DEFAULT_BASE_URL = "http://127.0.0.1:8000/"


async def export_graph(store_dir: Path, selection: ExportFilter, base_url: str) -> tuple[nx.MultiDiGraph, bool]:
    """The projection of a store directory's graph, and whether any of its queries was cut at the row cap."""
    defaults = ServiceConfig(store_dir=store_dir)
    pool = QueryPool(EmbeddedBackend(store_dir), 1, defaults.timeout)
    await pool.start()
    try:
        reader = GraphReader(pool, defaults.max_rows)
        return await project(reader, selection, base_url), reader.truncated
    finally:
        await pool.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.exports",
                                     description="Write a graph-visualisation export of the knowledge graph.")
    parser.add_argument("--store", required=True, type=Path, help="store directory built by build_graph.py")
    parser.add_argument("--format", required=True, choices=sorted(FORMATS))
    parser.add_argument("--authority", help="ONS GSS code of one council")
    parser.add_argument("--from", dest="year_from", help="first year (YYYY)")
    parser.add_argument("--to", dest="year_to", help="last year (YYYY)")
    parser.add_argument("--base-url", default=DEFAULT_BASE_URL, help="service the page and source links point to")
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    try:
        selection = ExportFilter.parse(args.authority, args.year_from, args.year_to)
    except FilterError as err:
        parser.error(str(err))
    graph, truncated = asyncio.run(export_graph(args.store, selection, args.base_url))
    written = FORMATS[args.format].write(graph)
    if isinstance(written, str):
        args.out.write_text(written, encoding="utf-8")
    else:
        args.out.write_bytes(written)
    print(f"{args.out}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", file=sys.stderr)
    if truncated:
        print(f"{args.out}: INCOMPLETE: a query was cut at the row cap", file=sys.stderr)
    return 0
