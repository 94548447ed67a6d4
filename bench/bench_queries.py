"""Benchmark: the named queries on the embedded store at N times the corpus (issue 16: N = 50).

    python bench/bench_queries.py --nquads bench/out/all.nq [--copies 50] [--work bench/out/queries]
                                  [--councils 3] [--runs 3] [--keep]

A build of the corpus (`build_graph.py --sources sources --sources ../shared/corpus/ofsted
--out all.nq`) is loaded `--copies` times into one fresh pyoxigraph store: copy 0 as
written, each later copy with its per-document IRIs (sources, concerns, inspections,
people, attestations, holdings, rows) renamed under a copy prefix, as
bench/bench_scale.py replicates (`--replicate-from`); the register, ontology and
build graphs once. Councils keep their IRIs, so each council has `--copies` times
its inspections, reports and findings: the per-council queries grow as they would
with that many more reports of the same councils.

Then, each in a child process with a time limit, queried as the service's workers
do (union default graph, parameters by substitution):

- bound: every named query with `?authority_code` in its projection, bound to the
  `--councils` councils with the most inspections (the costliest), median of
  `--runs` runs each; target <= 100 ms: to the last row when the query runs whole,
  to the first rows when the service streams it (a partition finer than a council);
- whole corpus: target <= 2 s to the first row.
Either way the query is run as the service runs it (service/worker.py): with its
partition variable free, the listing, then batches of values (one, then doubling to
32), each as the query with a VALUES block; otherwise the whole query. Seconds to the
first row and to the last are both printed.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

import pyoxigraph as ox

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from graph.queries import NamedQuery, load_all, pieces, with_values  # noqa: E402

ONCE_ONLY_GRAPH = re.compile(rb"<https://w3id\.org/ofsted-kg/graph/(?:build|ontology|register/[^>]*)> \.$")
PER_DOCUMENT_IRI = re.compile(
    rb"<https://w3id\.org/ofsted-kg/(id/(?:source|concern|inspection|person|attestation|holding|role-at-inspection"
    rb"|mention)|graph/source)/")
CHUNK_LINES = 200_000
BOUND_TARGET, FIRST_ROWS_TARGET = 0.100, 2.0


def replicate_into(nquads: Path, copies: int, store_dir: Path) -> int:
    """Load `copies` renamed copies of `nquads` into a fresh store at `store_dir`; the quads loaded."""
    shutil.rmtree(store_dir, ignore_errors=True)
    store_dir.mkdir(parents=True)
    store = ox.Store(str(store_dir))
    lines = nquads.read_bytes().splitlines(keepends=True)
    loaded = 0
    for copy in range(copies):
        prefix = f"r{copy:03d}-".encode()
        renamed = lines if copy == 0 else [PER_DOCUMENT_IRI.sub(lambda m: m.group(0) + prefix, line)
                                           for line in lines if not ONCE_ONLY_GRAPH.search(line.rstrip())]
        for start in range(0, len(renamed), CHUNK_LINES):
            chunk = renamed[start:start + CHUNK_LINES]
            store.bulk_load(input=b"".join(chunk), format=ox.RdfFormat.N_QUADS)
            loaded += len(chunk)
    store.flush()
    store.optimize()  # compacted, as EmbeddedStore.publish leaves a build: uncompacted, lookups read every chunk's files
    return loaded


def costliest_councils(store: ox.Store, count: int) -> list[str]:
    """GSS codes of the councils with the most inspections."""
    rows = store.query("""
        SELECT ?code (COUNT(?inspection) AS ?n) WHERE {
          ?authority <https://w3id.org/ofsted-kg/def#gssCode> ?code .
          ?inspection <https://w3id.org/ofsted-kg/def#inspectedAuthority> ?authority .
        } GROUP BY ?code ORDER BY DESC(?n) ?code""", use_default_graph_as_union=True)
    return [row["code"].value for row in islice(rows, count)]


def timed_rows(run, budget: float) -> tuple[float, float, int, bool]:
    """Seconds to the first row and to the last of `run()` (an iterator of solutions), the rows, and
    whether they are all: reading stops `budget` seconds in, as the service's deadline stops a stream."""
    started = time.perf_counter()
    first, rows = None, 0
    for _ in run():
        rows += 1
        if first is None:
            first = time.perf_counter() - started
        if time.perf_counter() - started > budget:
            return first, time.perf_counter() - started, rows, False
    last = time.perf_counter() - started
    return (last if first is None else first), last, rows, True


def service_run(store: ox.Store, query: NamedQuery, substitutions: dict[str, ox.Literal]):
    """The query as the service answers it with these parameters: in pieces where its partition allows."""
    def run(text: str, bound: dict[str, ox.Literal]):
        return store.query(text, use_default_graph_as_union=True,
                           substitutions={ox.Variable(name): term for name, term in bound.items()})
    in_pieces = pieces(query, substitutions)
    if in_pieces is None:
        return lambda: run(query.sparql, substitutions), False
    partition, listing, listing_bound = in_pieces
    variable = partition.variable

    def streamed():
        values = [row[variable] for row in run(listing.sparql, listing_bound)]
        start, size = 0, 1
        while start < len(values):  # the batches of service/worker.py: one value, then doubling to 32
            batch = values[start:start + size]
            yield from run(with_values(query.sparql, variable, batch), substitutions)
            start, size = start + size, min(2 * size, 32)
    return streamed, True


def child(store_dir: Path, name: str, mode: str, code: str, runs: int, budget: float) -> None:
    """One query's timing in this (child) process, printed as JSON."""
    store = ox.Store.read_only(str(store_dir))
    query = load_all()[name]
    run, streamed = service_run(store, query, {"authority_code": ox.Literal(code)} if mode == "bound" else {})
    timings = [timed_rows(run, budget) for _ in range(runs)]
    print(json.dumps({"first": statistics.median(t[0] for t in timings),
                      "last": statistics.median(t[1] for t in timings), "rows": timings[-1][2],
                      "complete": timings[-1][3], "streamed": streamed}))


def measure(store_dir: Path, name: str, mode: str, code: str, runs: int, timeout: float) -> dict:
    """A child process times the query; rows stop being read half way through `timeout`."""
    command = [sys.executable, __file__, "--child", str(store_dir), name, mode, code, str(runs),
               str(timeout / (2 * runs))]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    except subprocess.CalledProcessError as err:
        return {"error": (err.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout)


def _line(label: str, result: dict, target: float, key: str) -> str:
    """`key`: the time held to the target ("first" row, or "last" unless the query streams)."""
    if "first" not in result:
        return f"{label:<52} {result}  OVER"
    key = "first" if result["streamed"] else key
    verdict = f"{'ok' if result[key] <= target else 'OVER'} ({key} row)"
    cut = "" if result["complete"] else " (stopped reading)"
    return (f"{label:<52} first {1000 * result['first']:9.1f} ms  last {1000 * result['last']:9.1f} ms  "
            f"rows {result['rows']:7d}{cut}  {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nquads", type=Path, default=PROJECT / "bench" / "out" / "all.nq")
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--work", type=Path, default=PROJECT / "bench" / "out" / "queries")
    parser.add_argument("--councils", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds allowed per query's runs")
    parser.add_argument("--reuse", action="store_true", help="query the store a previous run left")
    parser.add_argument("--compact", action="store_true", help="with --reuse: compact that store first")
    parser.add_argument("--only", action="append", help="time only these named queries")
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        store_dir, name, mode, code, runs, budget = args.child
        child(Path(store_dir), name, mode, code, int(runs), float(budget))
        return 0
    store_dir = args.work / f"store-x{args.copies}"
    if not args.reuse:
        started = time.perf_counter()
        quads = replicate_into(args.nquads, args.copies, store_dir)
        print(f"loaded {quads:,} quads ({args.copies} copies of {args.nquads}) in "
              f"{time.perf_counter() - started:.0f} s", flush=True)
    if args.reuse and args.compact:
        started = time.perf_counter()
        compacting = ox.Store(str(store_dir))
        compacting.optimize()
        del compacting
        print(f"compacted in {time.perf_counter() - started:.0f} s", flush=True)
    councils = costliest_councils(ox.Store.read_only(str(store_dir)), args.councils)
    print(f"bound to the councils with the most inspections: {', '.join(councils)}", flush=True)
    queries = {name: query for name, query in sorted(load_all().items()) if not args.only or name in args.only}
    for name, query in queries.items():
        if re.search(r"\?authority_code\b", query.text.split("WHERE", 1)[0]):
            for code in councils:
                result = measure(store_dir, name, "bound", code, args.runs, args.timeout)
                print(_line(f"{name} authority_code={code}", result, BOUND_TARGET, "last"), flush=True)
        result = measure(store_dir, name, "whole", "", 1, args.timeout)
        in_pieces = pieces(query, {})
        how = f"in pieces by {in_pieces[0].variable}" if in_pieces else "whole"
        print(_line(f"{name} every council ({how})", result, FIRST_ROWS_TARGET, "first"), flush=True)
    print(f"targets: bound <= {1000 * BOUND_TARGET:.0f} ms to the last row, or the first when streamed (median of "
          f"{args.runs}); whole corpus <= {FIRST_ROWS_TARGET:.0f} s to the first row")
    return 0


if __name__ == "__main__":
    sys.exit(main())
