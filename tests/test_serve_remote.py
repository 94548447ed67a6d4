"""serve.py --endpoint: the whole service answered by a remote SPARQL store (a real Virtuoso).

sources/ is built once; the same N-Quads are published to an embedded store
and, through RemoteStore, to Virtuoso. Each route is then asked of both apps
and must answer the same.
"""

from __future__ import annotations

import io
import socket
import time
from pathlib import Path
from typing import Iterator

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.namespace import VOID
from starlette.testclient import TestClient

import serve
from graph.pipeline import build
from graph.store.remote import ENV_PASSWORD, ENV_USER, RemoteStore
from graph.store import EmbeddedStore

PROJECT = Path(__file__).resolve().parent.parent
STOKE = "https://w3id.org/ofsted-kg/id/authority/E06000021"
BUILD_GRAPH = "https://w3id.org/ofsted-kg/graph/build"
NAMED_QUERIES = sorted(path.stem for path in (PROJECT / "queries").glob("*.rq"))
EMPTY_ON_SOURCES = {"unresolved-mentions"}  # every mention in the five sources resolves to an inspection
STOKE_INSPECTION_TYPES = """PREFIX kg: <https://w3id.org/ofsted-kg/def#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?type WHERE {
  ?inspection kg:inspectedAuthority ?authority ; kg:inspectionType/skos:notation ?type .
  ?authority kg:gssCode "E06000021" }
ORDER BY ?type"""
GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """sources/ built into an embedded store, and the same dataset as N-Quads."""
    directory = tmp_path_factory.mktemp("serve-remote")
    build([PROJECT / "sources"], EmbeddedStore(directory / "store"), out=directory / "all.nq", jobs=1)
    return directory / "store", directory / "all.nq"


@pytest.fixture(scope="module")
def read_url(virtuoso_server, built: tuple[Path, Path]) -> str:
    """The dataset published by the writer account; the service then reads anonymously, as it would in production."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_USER, virtuoso_server.user)
        patch.setenv(ENV_PASSWORD, virtuoso_server.password)
        writer = RemoteStore(virtuoso_server.query_url, virtuoso_server.gsp_url)
        try:
            writer.publish(built[1])
        finally:
            writer.close()
    return f"http://127.0.0.1:{virtuoso_server.http_port}/sparql"


@pytest.fixture(scope="module")
def remote(make_client, read_url: str) -> Iterator[TestClient]:
    with make_client(endpoint=read_url, timeout=20, query_workers=1, queries_dir=PROJECT / "queries") as client:
        yield client


@pytest.fixture(scope="module")
def embedded(make_client, built: tuple[Path, Path]) -> Iterator[TestClient]:
    with make_client(built[0], timeout=20, query_workers=1, queries_dir=PROJECT / "queries") as client:
        yield client


def test_select_joins_source_and_register_graphs_as_the_embedded_service_does(remote, embedded) -> None:
    answer = remote.get("/sparql", params={"query": STOKE_INSPECTION_TYPES})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/sparql-results+json"
    types = [row["type"]["value"] for row in answer.json()["results"]["bindings"]]
    assert "monitoring-visit" in types
    assert answer.json() == embedded.get("/sparql", params={"query": STOKE_INSPECTION_TYPES}).json()


@pytest.mark.parametrize("pattern, expected", [
    (f"<{STOKE}> a <https://w3id.org/ofsted-kg/def#Authority>", "true"),
    (f"<{STOKE}> a <https://w3id.org/ofsted-kg/def#Inspection>", "false"),
])
def test_ask_answers_from_the_remote_store(remote, pattern: str, expected: str) -> None:
    answer = remote.post("/sparql", data={"query": f"ASK {{ {pattern} }}"},
                         headers={"accept": "application/sparql-results+xml"})
    assert answer.status_code == 200
    assert f"<boolean>{expected}</boolean>" in answer.text


@pytest.mark.parametrize("dataset", [{"default-graph-uri": BUILD_GRAPH}, {"named-graph-uri": BUILD_GRAPH}],
                         ids=["default-graph-uri", "named-graph-uri alone: empty default graph"])
def test_protocol_dataset_means_what_it_means_on_the_embedded_service(remote, embedded, dataset: dict) -> None:
    answer = remote.get("/sparql", params={"query": GRAPH_SIZES, **dataset})
    assert answer.status_code == 200
    assert answer.json() == embedded.get("/sparql", params={"query": GRAPH_SIZES, **dataset}).json()


@pytest.mark.parametrize("name", NAMED_QUERIES)
@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_named_query_returns_the_embedded_services_rows(remote, embedded, name: str, suffix: str) -> None:
    answer = remote.get(f"/queries/{name}{suffix}")
    assert answer.status_code == 200
    rows = answer.text.splitlines()[1:] if suffix == ".csv" else answer.json()["results"]["bindings"]
    assert bool(rows) is (name not in EMPTY_ON_SOURCES)
    assert answer.text == embedded.get(f"/queries/{name}{suffix}").text


def test_council_page_is_the_embedded_services_page(remote, embedded) -> None:
    page = remote.get("/authority/E06000021", headers={"accept": "text/html"})
    assert page.status_code == 200
    assert "Stoke-on-Trent" in page.text
    assert page.text == embedded.get("/authority/E06000021", headers={"accept": "text/html"}).text


def test_graphml_export_of_one_council_holds_the_embedded_services_graph(remote, embedded) -> None:
    answer = remote.get("/export/graphml", params={"authority": "E06000021"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/graphml+xml"
    graph = nx.read_graphml(io.BytesIO(answer.content))
    expected = nx.read_graphml(io.BytesIO(embedded.get("/export/graphml", params={"authority": "E06000021"}).content))
    assert STOKE in graph
    assert dict(graph.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted(graph.edges()) == sorted(expected.edges())


def test_updates_are_refused_when_serving_a_remote_store(remote) -> None:
    answer = remote.post("/sparql", data={"update": f"CLEAR GRAPH <{BUILD_GRAPH}>"})
    assert answer.status_code == 403
    assert remote.get("/sparql", params={"query": f"ASK {{ GRAPH <{BUILD_GRAPH}> {{ ?s ?p ?o }} }}"}).json()["boolean"]


def test_a_malformed_query_is_a_400_in_remote_mode_too(remote) -> None:
    response = remote.post("/sparql", data={"query": "SELECT ?s WHERE { ?s ?p ?o } ORDER BY nosuchfunction(?s)"})
    assert response.status_code == 400
    assert response.text.startswith("malformed query")


# --- no Virtuoso needed -------------------------------------------------------------------------

def test_serve_refuses_allow_update_with_an_endpoint(capsys: pytest.CaptureFixture) -> None:
    assert serve.main(["--endpoint", "http://127.0.0.1:1/sparql", "--allow-update"]) == 2
    assert "read-only" in capsys.readouterr().err


def test_serve_refuses_credentials_in_the_endpoint_url_without_echoing_them(capsys: pytest.CaptureFixture) -> None:
    assert serve.main(["--endpoint", "http://reader:hunter2@127.0.0.1:1/sparql"]) == 2
    error = capsys.readouterr().err
    assert "OFSTED_KG_STORE_USER" in error and "hunter2" not in error


def test_a_remote_store_that_never_answers_gets_a_503_at_the_services_deadline(make_client) -> None:
    with socket.socket() as silent:  # accepts connections (the kernel does) and never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        endpoint = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        with make_client(endpoint=endpoint, timeout=1.0, query_workers=1) as client:
            started = time.monotonic()
            answer = client.get("/sparql", params={"query": "ASK {}"})
            elapsed = time.monotonic() - started
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "5"
    assert elapsed < 5


def test_void_lists_the_same_graphs_and_sizes_as_the_embedded_service(remote, embedded) -> None:
    def sizes(client) -> dict[str, int]:
        answer = client.get("/.well-known/void", headers={"accept": "text/turtle"})
        assert answer.status_code == 200
        graph = Graph().parse(data=answer.text, format="turtle")
        return {str(g): int(graph.value(g, VOID.triples)) for g in graph.objects(None, VOID.subset)}

    found = sizes(remote)
    assert BUILD_GRAPH in found and found == sizes(embedded)
