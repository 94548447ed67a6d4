"""Benchmark: how build time, memory, store size and query latency grow with the corpus.

    python bench/synthesise.py --copies 50            # once: the scaled corpus
    python bench/bench_scale.py --sizes 1,5,10,25,50  # measure (sizes can be run separately)
    python bench/bench_scale.py --report              # plot bench/scale.png, print the table

At each size (in copies of the shared corpus) it runs the real command,
`build_graph.py --sources DIR --store DIR --out FILE.nq`, in a fresh store
with no extraction cache, and records wall time, the builder's own
per-stage seconds, peak memory (the largest process, and the builder with
its workers summed), and the size of the store on disk. It then publishes
the same N-Quads to a fresh Virtuoso (scripts/virtuoso.sh) and times each
named query (queries/*.rq) against both stores, in a child process with a
time limit, so one runaway query cannot stall the run.

Results accumulate in bench/out/scale/results.json (git-ignored). Other
engineers change the builder while it runs; `--project DIR` measures a
frozen export instead (`git archive HEAD | tar -x -C DIR`), so every size
runs the same code.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from graph.store.remote import RemoteStore  # noqa: E402
from graph.store import EmbeddedStore, StoreError  # noqa: E402
from scale_report import QUERY_RUNS, write_report  # noqa: E402

CORPUS = PROJECT / "bench" / "out" / "corpus"
WORK = PROJECT / "bench" / "out" / "scale"
RESULTS = WORK / "results.json"
PLOT = PROJECT / "bench" / "scale.png"
BUILDER = PROJECT  # the checkout whose build_graph.py and queries are measured (--project)
VIRTUOSO_SCRIPT = PROJECT / "scripts" / "virtuoso.sh"

RSS_SAMPLE_SECONDS = 0.2
# Replication for sizes the builder cannot reach: per-document nodes and graphs get a replica prefix,
# the register, ontology and build graphs appear once, as they would in a real build of more documents.
ONCE_ONLY_GRAPH = re.compile(r"<https://w3id\.org/ofsted-kg/graph/(?:build|ontology|register/[^>]*)> \.$")
PER_DOCUMENT_IRI = re.compile(
    r"<https://w3id\.org/ofsted-kg/(id/(?:source|concern|inspection|person|attestation|holding|role-at-inspection)"
    r"|graph/source)/")


def size_sources(copies: int) -> Path:
    """A corpus root holding the first `copies` copies, as links to the synthesised files."""
    root = WORK / f"sources-x{copies}"
    if root.is_dir():
        return root
    staging = WORK / f".sources-x{copies}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    for copy in sorted(CORPUS.glob("copy-*"))[:copies]:
        for file in copy.rglob("*.txt"):
            link = staging / file.relative_to(CORPUS)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(file)
    staging.rename(root)
    return root


def tree_rss_bytes(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def run_measured(command: list[str], log: Path) -> dict:
    """Run a command; wall seconds, peak RSS of its largest process and of its whole tree."""
    peak = {"tree": 0}
    with log.open("w") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=BUILDER, stdout=output, stderr=subprocess.STDOUT)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(RSS_SAMPLE_SECONDS):
                peak["tree"] = max(peak["tree"], tree_rss_bytes(process.pid))
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}; see {log}")
    return {"seconds": seconds, "peak_rss_largest": usage.ru_maxrss * 1024, "peak_rss_tree": peak["tree"]}


def builder_report(log: Path) -> dict:
    """Documents, quads and per-stage seconds from the builder's own report."""
    text = log.read_text()
    stages = re.search(r"seconds per stage: (.*)", text)
    return {
        "documents": int(re.search(r"documents read: (\d+)", text).group(1)),
        "quads": int(re.search(r"quads in the dataset: (\d+)", text).group(1)),
        "stages": {k: float(v) for k, v in re.findall(r"([\w+]+)(?: \([^)]*\))? ([\d.]+)", stages.group(1))}
        if stages else {},
    }


def builder_version() -> str:
    """The commit of the measured checkout, when it is one (an export says so)."""
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=BUILDER, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 and BUILDER == PROJECT else f"export at {BUILDER}"


def directory_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def measure_build(copies: int, jobs: int) -> tuple[dict, Path, Path]:
    sources = size_sources(copies)
    store = WORK / f"store-x{copies}"
    shutil.rmtree(store, ignore_errors=True)
    nquads = WORK / f"x{copies}.nq"
    command = [sys.executable, "build_graph.py", "--sources", str(sources), "--store", str(store),
               "--out", str(nquads)] + (["--jobs", str(jobs)] if jobs else [])
    log = WORK / f"build-x{copies}.log"
    result = run_measured(command, log) | builder_report(log)
    result["store_bytes"] = directory_bytes(EmbeddedStore(store).current_path())
    result["nquads_bytes"] = nquads.stat().st_size
    return result, store, nquads


def time_queries(backend: str, target: str, timeout: float) -> dict[str, dict]:
    """Median seconds and rows of each named query, each in a child process with a time limit."""
    timings = {}
    for query in sorted((BUILDER / "queries").glob("*.rq")):
        command = [sys.executable, __file__, "--time-query", backend, target, str(query)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout * QUERY_RUNS,
                                  env=os.environ, check=True)
            timings[query.stem] = json.loads(done.stdout)
        except subprocess.TimeoutExpired:
            timings[query.stem] = {"timeout": timeout * QUERY_RUNS}
        except subprocess.CalledProcessError as err:
            timings[query.stem] = {"error": err.stderr.strip().splitlines()[-1] if err.stderr.strip() else "failed"}
    return timings


def time_one_query(backend: str, target: str, query: Path) -> None:
    """Child-process side of time_queries: print {"seconds": median, "rows": n} as JSON."""
    store = RemoteStore.from_environment(target) if backend == "virtuoso" else EmbeddedStore(Path(target))
    sparql, seconds, rows = query.read_text(), [], 0
    for _ in range(QUERY_RUNS):
        started = time.perf_counter()
        rows = len(list(store.query(sparql)))
        seconds.append(time.perf_counter() - started)
    print(json.dumps({"seconds": statistics.median(seconds), "first": seconds[0], "rows": rows}))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure_virtuoso(copies: int, nquads: Path, query_timeout: float) -> dict:
    """Publish to a fresh Virtuoso, measure its database, time the named queries, stop it."""
    directory = WORK / f"virtuoso-x{copies}"
    shutil.rmtree(directory, ignore_errors=True)
    http_port = free_port()
    env = {**os.environ, "VIRTUOSO_DIR": str(directory), "VIRTUOSO_HTTP_PORT": str(http_port),
           "VIRTUOSO_SQL_PORT": str(free_port()), "OFSTED_KG_STORE_USER": "kgbench",
           "OFSTED_KG_STORE_PASSWORD": secrets.token_urlsafe(18), "OFSTED_KG_STORE_AUTH": "digest",
           "OFSTED_KG_STORE_SWITCH_QUADS": "100000",
           "OFSTED_KG_STORE_GSP_URL": f"http://127.0.0.1:{http_port}/sparql-graph-crud-auth"}
    url = f"http://127.0.0.1:{http_port}/sparql-auth"
    subprocess.run(["bash", str(VIRTUOSO_SCRIPT), "start"], env=env, check=True, capture_output=True, text=True)
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        empty_bytes = (directory / "virtuoso.db").stat().st_size
        store = RemoteStore.from_environment(url)
        started = time.perf_counter()
        try:
            store.publish(nquads)
        except StoreError as err:
            return {"error": str(err)[:500]}  # recorded in results.json; the embedded numbers still count
        publish_seconds = time.perf_counter() - started
        store.close()
        # so the database file holds the data, not the transaction log
        subprocess.run(["bash", str(VIRTUOSO_SCRIPT), "checkpoint"], env=env, check=True, capture_output=True)
        queries = time_queries("virtuoso", url, query_timeout)
    finally:
        subprocess.run(["bash", str(VIRTUOSO_SCRIPT), "stop"], env=env, check=False, capture_output=True)
        os.environ.clear()
        os.environ.update(saved)
    result = {"publish_seconds": publish_seconds, "checkpointed": True,
              "db_bytes": (directory / "virtuoso.db").stat().st_size,
              "empty_db_bytes": empty_bytes, "queries": queries}
    shutil.rmtree(directory, ignore_errors=True)
    return result


def replicate(nquads: Path, factor: int, out: Path) -> int:
    """Write the dataset `factor` times over with per-document IRIs renamed per replica; the quad count."""
    lines = nquads.read_text(encoding="utf-8").splitlines(keepends=True)
    written = 0
    with out.open("w", encoding="utf-8") as handle:
        handle.writelines(lines)
        written += len(lines)
        for replica in range(1, factor):
            prefix = f"r{replica:03d}-"
            renamed = [PER_DOCUMENT_IRI.sub(lambda m: f"{m.group(0)}{prefix}", line)
                       for line in lines if not ONCE_ONLY_GRAPH.search(line.rstrip())]
            handle.writelines(renamed)
            written += len(renamed)
    return written


def measure_replicated(copies: int, base: int, query_timeout: float, with_virtuoso: bool) -> dict:
    """Store side only, for sizes the builder cannot reach: load a replicated build, time the queries."""
    source = WORK / f"x{base}.nq"
    if not source.is_file():
        raise RuntimeError(f"{source} is missing: run --sizes {base} first (it keeps its N-Quads)")
    base_result = load_results()[str(base)]
    nquads = WORK / f"x{copies}-replicated.nq"
    quads = replicate(source, copies // base, nquads)
    store_dir = WORK / f"store-x{copies}"
    shutil.rmtree(store_dir, ignore_errors=True)
    store = EmbeddedStore(store_dir)
    started = time.perf_counter()
    store.publish(nquads)
    result = {"replicated_from": base, "documents": base_result["documents"] * (copies // base), "quads": quads,
              "embedded_load_seconds": time.perf_counter() - started, "nquads_bytes": nquads.stat().st_size,
              "store_bytes": directory_bytes(store.current_path())}
    result["embedded_queries"] = time_queries("embedded", str(store_dir), query_timeout)
    if with_virtuoso:
        result["virtuoso"] = measure_virtuoso(copies, nquads, query_timeout)
    shutil.rmtree(store_dir, ignore_errors=True)
    nquads.unlink(missing_ok=True)
    return result


def load_results() -> dict:
    return json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}


def save_result(copies: int, result: dict) -> None:
    """Record a size; built and replicated measurements of one size are kept apart."""
    results = load_results()
    for key, recorded in list(results.items()):  # results.json from before the two were keyed apart
        if "replicated_from" in recorded and not key.endswith("-replicated"):
            results[f"{key}-replicated"] = results.pop(key)
    results[f"{copies}-replicated" if "replicated_from" in result else str(copies)] = result
    RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True))


def measure(copies: int, jobs: int, query_timeout: float, with_virtuoso: bool) -> dict:
    build, store, nquads = measure_build(copies, jobs)
    build["embedded_queries"] = time_queries("embedded", str(store), query_timeout)
    save_result(copies, build)
    if with_virtuoso:
        build["virtuoso"] = measure_virtuoso(copies, nquads, query_timeout)
    shutil.rmtree(store, ignore_errors=True)
    return build  # its N-Quads stay, for --replicate-from


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,5,10,25,50", help="comma-separated copies of the shared corpus")
    parser.add_argument("--jobs", type=int, default=0, help="builder worker processes (default: all cores)")
    parser.add_argument("--query-timeout", type=float, default=30.0, help="seconds allowed per query run")
    parser.add_argument("--project", type=Path, default=PROJECT,
                        help="the checkout to measure (build_graph.py, queries/); default: this one")
    parser.add_argument("--replicate-from", type=int, metavar="SIZE",
                        help="skip the builder: replicate the N-Quads built at SIZE up to each size (store side only)")
    parser.add_argument("--no-virtuoso", action="store_true", help="measure the embedded store only")
    parser.add_argument("--report", action="store_true", help="plot and tabulate the recorded results")
    parser.add_argument("--time-query", nargs=3, metavar=("BACKEND", "TARGET", "QUERY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    global BUILDER
    BUILDER = args.project.resolve()
    if args.time_query:
        backend, target, query = args.time_query
        time_one_query(backend, target, Path(query))
        return 0
    if args.report:
        print(write_report(load_results(), PLOT))
        return 0
    available = len(list(CORPUS.glob("copy-*")))
    WORK.mkdir(parents=True, exist_ok=True)
    for copies in (int(s) for s in args.sizes.split(",")):
        if copies > available:
            print(f"x{copies}: only {available} copies synthesised; run bench/synthesise.py --copies {copies}")
            return 1
        if args.replicate_from:
            result = measure_replicated(copies, args.replicate_from, args.query_timeout, not args.no_virtuoso)
            save_result(copies, result)
            print(f"x{copies} (replicated): {result['quads']} quads", flush=True)
            continue
        result = measure(copies, args.jobs, args.query_timeout, not args.no_virtuoso)
        result["builder"] = builder_version()
        save_result(copies, result)
        print(f"x{copies}: {result['documents']} documents, {result['quads']} quads, "
              f"{result['seconds']:.1f} s, peak RSS {result['peak_rss_largest'] / 2**20:.0f} MiB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
