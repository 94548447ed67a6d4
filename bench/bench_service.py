"""Benchmark the SPARQL service against Oxigraph's own server on the same data.

    python bench/bench_service.py [all.nq] [--queries DIR] [--repeats 30] [--clients 8] [--seconds 10]

Both servers run side by side on localhost, over the same N-Quads: Oxigraph
(`oxigraph serve-read-only --union-default-graph`) and this service
(`serve.py`, its worker pool over an EmbeddedStore). For each named query it
prints the median latency over HTTP on each and their ratio, then the
throughput of 8 concurrent clients cycling through the queries. Without a
file it synthesises ~500k quads shaped like the graph (docs/MODEL.md).
Targets: latency at most 1.5x Oxigraph's, throughput at least 0.5x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from graph.store import EmbeddedStore  # noqa: E402
from graph.concepts import notations  # noqa: E402
from graph.queries import load_all  # noqa: E402

VENV_BIN = Path(sys.executable).parent
FIXTURE_QUERIES = PROJECT / "tests" / "fixtures" / "service" / "queries"
KG, KGR, KGG = "https://w3id.org/ofsted-kg/def#", "https://w3id.org/ofsted-kg/id/", "https://w3id.org/ofsted-kg/graph/"
SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SCHEMA_NAME = "http://schema.org/name"
GRADES = tuple(g for g in notations("grade") if g != "adequate")  # the four-point scale of today's frameworks
AREAS = notations("area")


def synthesise(path: Path, authorities: int = 150, inspections_each: int = 10, people_each: int = 30) -> int:
    """Write plausible quads: per inspection a source graph with its document, judgements,
    evidence spans and the people it names. Returns the number of quads."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        def quad(s: str, p: str, o: str, g: str) -> None:
            nonlocal count
            out.write(f"{s} <{p}> {o} <{g}> .\n")
            count += 1

        register, ontology = KGG + "register/ons-gss", KGG + "ontology"
        for grade in GRADES:
            quad(f"<{KG[:-4]}concept/grade/{grade}>", SKOS_LABEL, f'"{grade.replace("-", " ").capitalize()}"@en', ontology)
        for a in range(authorities):
            gss = f"E0{6000000 + a}"
            authority = f"<{KGR}authority/{gss}>"
            quad(authority, RDF_TYPE, f"<{KG}Authority>", register)
            quad(authority, f"{KG}gssCode", f'"{gss}"', register)
            quad(authority, SKOS_LABEL, f'"Council {a}"', register)
            for i in range(inspections_each):
                source = f"doc-{a}-{i}.txt"
                graph, document = f"{KGG}source/{source}", f"<{KGR}source/{source}>"
                inspection = f"<{KGR}inspection/{gss}/ilacs-standard/{2010 + i}>"
                quad(document, RDF_TYPE, f"<{KG}SourceDocument>", graph)
                quad(document, f"{KG}documentKind", '"ofsted-report"', graph)
                quad(document, f"{KG}sourcePath", f'"{source}"', graph)
                quad(inspection, f"{KG}inspectedAuthority", authority, graph)
                quad(inspection, f"{KG}startDate", f'"{2010 + i}-0{1 + i % 9}"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>', graph)
                quad(inspection, "http://www.w3.org/ns/prov#wasDerivedFrom", document, graph)
                for n, area in enumerate(AREAS):
                    judgement = f"<{inspection[1:-1]}/judgement/{area}>"
                    evidence = f"<{KGR}source/{source}#{n * 100}-{n * 100 + 40}>"
                    quad(judgement, f"{KG}ofInspection", inspection, graph)
                    quad(judgement, f"{KG}area", f"<{KG[:-4]}concept/area/{area}>", graph)
                    quad(judgement, f"{KG}grade", f"<{KG[:-4]}concept/grade/{GRADES[(a + i + n) % 4]}>", graph)
                    quad(judgement, f"{KG}evidence", evidence, graph)
                    quad(evidence, "http://www.w3.org/ns/oa#hasSource", document, graph)
                    quad(evidence, f"{KG}quote", f'"{area} judged {GRADES[(a + i + n) % 4]} in {source}"', graph)
                for p in range(people_each):
                    person = f"<{KGR}person/person-{a}-{i}-{p}>"
                    holding = f"<{KGR}holding/person-{a}-{i}-{p}/other/{gss}>"
                    attestation = f"<{KGR}attestation/{source}/{p}>"
                    quad(person, RDF_TYPE, f"<{KG}Person>", graph)
                    quad(person, SCHEMA_NAME, f'"Person {a} {i} {p}"', graph)
                    quad(holding, "http://www.w3.org/ns/org#member", person, graph)
                    quad(holding, "http://www.w3.org/ns/org#organization", authority, graph)
                    quad(holding, "http://www.w3.org/ns/org#role", f"<{KG[:-4]}concept/role/other>", graph)
                    quad(holding, f"{KG}attestation", attestation, graph)
                    quad(attestation, f"{KG}roleTitle", '"Officer"', graph)
                    quad(attestation, f"{KG}attestedOn", f'"{2010 + i}"^^<http://www.w3.org/2001/XMLSchema#gYear>', graph)
                    quad(attestation, "http://www.w3.org/ns/prov#wasDerivedFrom", document, graph)
                    quad(attestation, f"{KG}evidence", f"<{KGR}source/{source}#{1000 + p}-{1010 + p}>", graph)
    return count


def wait_until_up(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def ask(client: httpx.Client, url: str, query: str) -> float:
    started = time.perf_counter()
    response = client.post(url, data={"query": query}, headers={"accept": "application/sparql-results+json"})
    response.raise_for_status()
    return time.perf_counter() - started


def median_latency(url: str, query: str, repeats: int) -> float:
    with httpx.Client(timeout=120) as client:
        for _ in range(3):
            ask(client, url, query)
        return statistics.median(ask(client, url, query) for _ in range(repeats))


def throughput(url: str, queries: list[str], clients: int, seconds: float) -> float:
    done = [0] * clients
    stop = time.monotonic() + seconds

    def run(index: int) -> None:
        with httpx.Client(timeout=120) as client:
            n = index
            while time.monotonic() < stop:
                ask(client, url, queries[n % len(queries)])
                done[index] += 1
                n += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started)


def free_port() -> int:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("nquads", nargs="?", type=Path, help="dataset (default: synthesise ~500k quads)")
    parser.add_argument("--queries", type=Path, help="directory of .rq files (default: queries/, else the test fixtures)")
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2, help="query worker processes of the service")
    arguments = parser.parse_args()
    queries_dir = arguments.queries or (PROJECT / "queries" if any((PROJECT / "queries").glob("*.rq")) else FIXTURE_QUERIES)
    queries = {name: q.text for name, q in load_all(queries_dir).items()}

    with tempfile.TemporaryDirectory(prefix="bench-service-") as scratch:
        work = Path(scratch)
        nquads = arguments.nquads
        if nquads is None:
            nquads = work / "synthetic.nq"
            print(f"synthesised {synthesise(nquads)} quads")
        subprocess.run([VENV_BIN / "oxigraph", "load", "--location", work / "oxigraph", "--file", nquads],
                       check=True, capture_output=True)
        EmbeddedStore(work / "service").publish(nquads)
        oxigraph_port, service_port = free_port(), free_port()
        servers = [
            subprocess.Popen([VENV_BIN / "oxigraph", "serve-read-only", "--location", work / "oxigraph",
                              "--bind", f"127.0.0.1:{oxigraph_port}", "--union-default-graph"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
            subprocess.Popen([sys.executable, PROJECT / "serve.py", "--store", work / "service", "--port",
                              str(service_port), "--workers", str(arguments.workers)],
                             env={**os.environ, "PYTHONPATH": str(PROJECT)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        ]
        try:
            urls = {"oxigraph": f"http://127.0.0.1:{oxigraph_port}/query", "service": f"http://127.0.0.1:{service_port}/sparql"}
            for url in urls.values():
                wait_until_up(url)
            report(urls, queries, arguments)
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)
    return 0


def report(urls: dict[str, str], queries: dict[str, str], arguments: argparse.Namespace) -> None:
    print(f"{'query':32} {'oxigraph ms':>12} {'service ms':>12} {'ratio':>7}")
    for name, text in queries.items():
        oxigraph = median_latency(urls["oxigraph"], text, arguments.repeats) * 1000
        service = median_latency(urls["service"], text, arguments.repeats) * 1000
        print(f"{name:32} {oxigraph:12.1f} {service:12.1f} {service / oxigraph:7.2f}")
    texts = list(queries.values())
    oxigraph_rate = throughput(urls["oxigraph"], texts, arguments.clients, arguments.seconds)
    service_rate = throughput(urls["service"], texts, arguments.clients, arguments.seconds)
    print(f"{'throughput, ' + str(arguments.clients) + ' clients (req/s)':32} {oxigraph_rate:12.1f} "
          f"{service_rate:12.1f} {service_rate / oxigraph_rate:7.2f}")


if __name__ == "__main__":
    sys.exit(main())
