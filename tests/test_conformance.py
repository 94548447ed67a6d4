"""Replay the W3C SPARQL 1.1 Protocol and Service Description manifests against the service.

Every protocol test runs twice: against the read-only service (as served), and
against one started with --allow-update and its token. A test the service
answers differently from the manifest is listed below with its reason, and
the runner checks that it is answered exactly that other way.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS


CONFORMANCE = Path(__file__).resolve().parent / "conformance"
PROTOCOL = CONFORMANCE / "sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

UPDATES_OFF = "updates are off in the served configuration: refused with 403, as the service must"
USING_PARAMETERS = ("using-graph-uri / using-named-graph-uri are refused with 400: pyoxigraph's update API "
                    "takes no dataset, so the service cannot honour them")
# test name -> (mode, the status the service answers instead, why)
LISTED: dict[tuple[str, str], tuple[int, str]] = {
    **{(name, "read-only"): (403, UPDATES_OFF) for name in (
        "update_dataset_default_graph", "update_dataset_default_graphs", "update_dataset_named_graphs",
        "update_dataset_full", "update_post_form", "update_post_direct", "update_base_uri")},
    **{(name, "updatable"): (400, USING_PARAMETERS) for name in (
        "update_dataset_default_graph", "update_dataset_default_graphs", "update_dataset_named_graphs",
        "update_dataset_full")},
}
TABULAR = {"application/sparql-results+json", "application/sparql-results+xml", "text/csv", "text/tab-separated-values"}
RDF_TYPES = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
             "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD}


@dataclass
class Exchange:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]  # e.g. {"2xx", "3xx"}
    expected_format: str | None
    expected_boolean: bool | None


@dataclass
class ProtocolTest:
    name: str
    exchanges: list[Exchange]


def _load_manifest() -> tuple[list[ProtocolTest], dict[str, Path]]:
    manifest = Graph().parse(PROTOCOL / "manifest.ttl", publicID="http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest.ttl")
    entries = Collection(manifest, next(manifest.objects(None, MF.entries)))
    graph_data = {}
    for data in manifest.objects(None, UT.graphData):
        graph_data[str(manifest.value(data, RDFS.label))] = PROTOCOL / str(manifest.value(data, UT.graph)).rsplit("/", 1)[-1]
    tests = []
    for entry in entries:
        connection = manifest.value(entry, MF.action)
        requests = Collection(manifest, manifest.value(connection, HT.requests))
        tests.append(ProtocolTest(str(entry).rsplit("#", 1)[-1], [_exchange(manifest, r) for r in requests]))
    return tests, graph_data


def _exchange(manifest: Graph, request: URIRef) -> Exchange:
    headers = {}
    header_list = manifest.value(request, HT.headers)
    if header_list is not None:
        for header in Collection(manifest, header_list):
            headers[str(manifest.value(header, HT.fieldName))] = str(manifest.value(header, HT.fieldValue))
    body_node = manifest.value(request, HT.body)
    body = None
    if body_node is not None:
        encoding = str(manifest.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(manifest.value(body_node, CNT.chars)).encode(encoding)
    response = manifest.value(request, HT.resp)
    boolean = manifest.value(response, MF.expectedBoolean)
    fmt = manifest.value(response, MF.expectedFormat)
    return Exchange(
        method=str(manifest.value(request, HT.methodName)),
        path=str(manifest.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
        headers=headers,
        body=body,
        statuses={str(s).rsplit("StatusCode", 1)[-1] for s in manifest.objects(response, MF.expectedStatus)},
        expected_format=str(fmt) if fmt is not None else None,
        expected_boolean=boolean.toPython() if boolean is not None else None,
    )


TESTS, GRAPH_DATA = _load_manifest()


def _dataset(directory: Path) -> Path:
    """The manifest's graph data as one N-Quads file."""
    nquads = directory / "protocol.nq"
    with nquads.open("w", encoding="utf-8") as out:
        for graph, path in sorted(GRAPH_DATA.items()):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out.write(line.rstrip().removesuffix(".").rstrip() + f" <{graph}> .\n")
    return nquads


@pytest.fixture(scope="module")
def read_only(make_client, publish, tmp_path_factory):
    with make_client(publish(_dataset(tmp_path_factory.mktemp("protocol")))) as http:
        yield http


@pytest.fixture(scope="module")
def updatable(make_client, publish, update_token, tmp_path_factory):
    store = publish(_dataset(tmp_path_factory.mktemp("protocol-updatable")))
    with make_client(store, allow_update=True, update_token=update_token) as http:
        yield http


def _send(http, exchange: Exchange, token: str | None):
    headers = dict(exchange.headers)
    if token:
        headers["authorization"] = f"Bearer {token}"
    return http.request(exchange.method, exchange.path, headers=headers, content=exchange.body)


def _check(response, exchange: Exchange) -> None:
    assert f"{str(response.status_code)[0]}xx" in exchange.statuses, response.text
    media_type = response.headers.get("content-type", "").split(";")[0]
    if exchange.expected_format == "tabular":
        assert media_type in TABULAR
    if exchange.expected_format == "RDF":
        assert media_type in RDF_TYPES
        list(ox.parse(response.content, format=RDF_TYPES[media_type]))
    if exchange.expected_boolean is not None:
        assert _boolean(response, media_type) is exchange.expected_boolean


def _boolean(response, media_type: str) -> bool:
    if media_type == "application/sparql-results+json":
        return json.loads(response.content)["boolean"]
    element = ElementTree.fromstring(response.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
    return element.text == "true"


def _replay(http, test: ProtocolTest, mode: str, token: str | None) -> None:
    listed = LISTED.get((test.name, mode))
    for index, exchange in enumerate(test.exchanges):
        response = _send(http, exchange, token)
        if listed:
            assert response.status_code == listed[0], response.text  # refused as listed; the rest depends on it
            return
        _check(response, exchange)


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_protocol_read_only(read_only, test):
    _replay(read_only, test, "read-only", None)


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_protocol_with_updates_allowed(updatable, update_token, test):
    _replay(updatable, test, "updatable", update_token)


# Service description manifest: its three tests, on the description GET /sparql returns.

SD_TERMS = {  # the SPARQL 1.1 Service Description vocabulary
    "Service", "Feature", "Language", "Function", "Aggregate", "EntailmentRegime", "EntailmentProfile",
    "GraphCollection", "Dataset", "Graph", "NamedGraph", "endpoint", "feature", "defaultEntailmentRegime",
    "defaultSupportedEntailmentProfile", "supportedEntailmentProfile", "extensionFunction", "extensionAggregate",
    "languageExtension", "supportedLanguage", "propertyFeature", "defaultDataset", "availableGraphs",
    "resultFormat", "inputFormat", "defaultGraph", "namedGraph", "name", "graph", "entailmentRegime",
    "SPARQL10Query", "SPARQL11Query", "SPARQL11Update", "DereferencesURIs", "UnionDefaultGraph",
    "RequiresDataset", "EmptyGraphs", "BasicFederatedQuery",
}


@pytest.fixture(scope="module")
def description(read_only):
    response = read_only.get("/sparql", headers={"accept": "text/turtle"})
    return response, Graph().parse(data=response.text, format="turtle")


def test_service_description_returns_rdf(description):
    response, graph = description
    assert (response.status_code, response.headers["content-type"]) == (200, "text/turtle; charset=utf-8")
    assert len(graph) > 0


def test_service_description_has_endpoint_triple(description):
    _, graph = description
    service = graph.value(None, RDF.type, SD.Service)
    assert graph.value(service, SD.endpoint) == URIRef("http://testserver/sparql")


def test_service_description_conforms_to_schema(description):
    _, graph = description
    used = {str(term)[len(str(SD)):] for triple in graph for term in triple if str(term).startswith(str(SD))}
    assert used <= SD_TERMS
    for service in graph.subjects(RDF.type, SD.Service):
        assert isinstance(graph.value(service, SD.endpoint), URIRef)
        languages = set(graph.objects(service, SD.supportedLanguage))
        assert languages and languages <= {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
        assert SD.SPARQL11Update not in languages  # read-only
    for named in graph.objects(None, SD.namedGraph):
        assert (named, RDF.type, SD.NamedGraph) in graph and isinstance(graph.value(named, SD.name), URIRef)
