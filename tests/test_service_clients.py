"""Real clients against a live server: SPARQLWrapper, rdflib's SPARQLStore and curl over HTTP, each
query form in each format they ask for (answered in it, parsed and checked, or refused with 406 where
the form cannot be written so), and the service's own descriptions (SD, VoID, OpenAPI) as a client reads them."""

from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from pathlib import Path
from urllib.error import HTTPError
from xml.etree import ElementTree

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper
from SPARQLWrapper import RDF as RDF_GRAPH
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from graph.vocab import KG, KGG, KGR, PROV, VOID

CODES = f"SELECT ?code WHERE {{ ?a <{KG.gssCode}> ?code }} ORDER BY ?code"
OGL = URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")


@pytest.fixture(scope="module")
def base_url(live_server, service_store):
    with live_server(service_store) as url:
        yield url


def test_sparqlwrapper_select_over_get_and_post(base_url):
    for method in ("GET", "POST"):
        client = SPARQLWrapper(f"{base_url}/sparql")
        client.setMethod(method)
        client.setQuery(CODES)
        client.setReturnFormat(JSON)
        bindings = client.queryAndConvert()["results"]["bindings"]
        assert [b["code"]["value"] for b in bindings] == ["E06000021", "E08000025"]


def test_sparqlwrapper_construct_comes_back_as_a_graph(base_url):
    client = SPARQLWrapper(f"{base_url}/sparql")
    client.setQuery(f"CONSTRUCT {{ ?a <{KG.gssCode}> ?c }} WHERE {{ ?a <{KG.gssCode}> ?c }}")
    client.setReturnFormat(N3)
    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")
    assert set(graph) == {(KGR["authority/E06000021"], KG.gssCode, Literal("E06000021")),
                          (KGR["authority/E08000025"], KG.gssCode, Literal("E08000025"))}


def test_sparqlwrapper_sees_a_malformed_query_as_bad_request(base_url):
    client = SPARQLWrapper(f"{base_url}/sparql")
    client.setQuery("SELECT * WHERE {")
    with pytest.raises(QueryBadFormed):
        client.query()


def test_rdflib_sparqlstore_reads_the_graph(base_url):
    store = SPARQLStore(f"{base_url}/sparql", returnFormat="json")
    graph = Graph(store=store)
    assert sorted(str(row.code) for row in graph.query(CODES)) == ["E06000021", "E08000025"]
    assert (KGR["authority/E06000021"], KG.gssCode, Literal("E06000021")) in graph
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True


def test_void_gives_graphs_sizes_licences_and_the_builds_provenance(base_url):
    response = httpx.get(f"{base_url}/.well-known/void", headers={"accept": "text/turtle"})
    void = Graph().parse(data=response.text, format="turtle")
    dataset = URIRef(f"{base_url}/.well-known/void#dataset")
    report, news = KGG["source/report.txt"], KGG["source/news.txt"]
    assert (dataset, VOID.sparqlEndpoint, URIRef(f"{base_url}/sparql")) in void
    assert set(void.objects(dataset, VOID.subset)) == {report, news, KGG["ontology"], KGG["build"]}
    assert void.value(report, VOID.triples).toPython() == 8
    assert void.value(dataset, VOID.triples).toPython() == 19
    assert void.value(report, DCTERMS.license) == OGL
    assert void.value(news, DCTERMS.license) is None
    assert "publisher" in str(void.value(news, DCTERMS.rights))
    assert void.value(dataset, PROV.wasGeneratedBy) == KGR["build/abc123"]
    assert (KGR["build/abc123"], RDF.type, PROV.Activity) in void
    assert KG in set(void.objects(dataset, VOID.vocabulary)) or URIRef(str(KG)) in set(void.objects(dataset, VOID.vocabulary))


def test_service_description_lists_the_named_graphs_in_json_ld(base_url):
    response = httpx.get(f"{base_url}/sparql", headers={"accept": "application/ld+json"})
    assert response.headers["content-type"] == "application/ld+json"
    description = Graph().parse(data=response.text, format="json-ld")
    names = {str(o) for o in description.objects(None, URIRef("http://www.w3.org/ns/sparql-service-description#name"))}
    assert names == {str(KGG[g]) for g in ("source/report.txt", "source/news.txt", "ontology", "build")}


def test_openapi_document_describes_the_endpoint(base_url):
    document = httpx.get(f"{base_url}/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]["/sparql"]) == {"get", "post"}


FORMS = {
    "SELECT": CODES,
    "ASK": "ASK { ?s ?p ?o }",
    "CONSTRUCT": f"CONSTRUCT {{ ?a <{KG.gssCode}> ?c }} WHERE {{ ?a <{KG.gssCode}> ?c }}",
    "DESCRIBE": f"DESCRIBE <{KGR['authority/E06000021']}>",
}
TABLES = ("SELECT", "ASK")
# SPARQLWrapper's nine return formats -> the media type answered for a table (SELECT, ASK) and for a
# graph (CONSTRUCT, DESCRIBE); None: the combination has no meaning and is refused with 406 (CSV for a
# graph, Turtle for a table; docs/reliability.md). SPARQLWrapper has no N-Triples return format:
# rdflib and curl ask for it below.
ANSWERED = {
    JSON: ("application/sparql-results+json", "application/ld+json"),
    XML: ("application/sparql-results+xml", "application/rdf+xml"),
    CSV: ("text/csv", None),
    TSV: ("text/tab-separated-values", None),
    JSONLD: (None, "application/ld+json"),
    TURTLE: (None, "text/turtle"),
    N3: (None, "text/turtle"),
    RDFXML: (None, "application/rdf+xml"),
    RDF_GRAPH: (None, "application/rdf+xml"),
}
# How SPARQLWrapper sends a query: GET, POST as a form (URL-encoded), POST as the body itself.
SENDS = {"GET": (GET, URLENCODED), "POST form": (POST, URLENCODED), "POST direct": (POST, POSTDIRECTLY)}
CODE_TRIPLES = {(KGR["authority/E06000021"], KG.gssCode, Literal("E06000021")),
                (KGR["authority/E08000025"], KG.gssCode, Literal("E08000025"))}


def _table_values(form: str, media_type: str, converted: object) -> object:
    """What a table result says, read from SPARQLWrapper's conversion of each format."""
    if media_type == "application/sparql-results+json":
        if form == "ASK":
            return converted["boolean"]
        return [b["code"]["value"] for b in converted["results"]["bindings"]]
    if media_type == "application/sparql-results+xml":
        if form == "ASK":
            return converted.getElementsByTagName("boolean")[0].firstChild.data == "true"
        return [node.firstChild.data for node in converted.getElementsByTagName("literal")]
    lines = converted.decode().split()
    if form == "ASK":
        return lines[-1] == "true"
    return [line.strip('"') for line in lines[1:]]


def _graph_of(media_type: str, converted: object) -> Graph:
    if isinstance(converted, Graph):
        return converted
    return Graph().parse(data=converted, format="turtle")


@pytest.mark.parametrize("send", sorted(SENDS))
@pytest.mark.parametrize("return_format", sorted(ANSWERED))
@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_sparqlwrapper_return_format_is_answered_in_it_or_refused_with_406(base_url, form, return_format, send):
    client = SPARQLWrapper(f"{base_url}/sparql")
    method, request_method = SENDS[send]
    client.setMethod(method)
    client.setRequestMethod(request_method)
    client.setQuery(FORMS[form])
    client.setReturnFormat(return_format)
    table, graph = ANSWERED[return_format]
    expected = table if form in TABLES else graph
    with warnings.catch_warnings():  # SPARQLWrapper warns when it sends */* for a format it has no type for
        warnings.simplefilter("ignore")
        if expected is None:
            with pytest.raises(HTTPError) as refused:
                client.query()
            assert refused.value.code == 406
            assert "acceptable: " in refused.value.read().decode()
            return
        response = client.query()
        converted = response.convert()
    assert response.response.headers["content-type"].split(";")[0] == expected
    if form == "SELECT":
        assert _table_values(form, expected, converted) == ["E06000021", "E08000025"]
    elif form == "ASK":
        assert _table_values(form, expected, converted) is True
    elif form == "CONSTRUCT":
        assert set(_graph_of(expected, converted)) == CODE_TRIPLES
    else:
        assert (KGR["authority/E06000021"], KG.gssCode, Literal("E06000021")) in _graph_of(expected, converted)


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("return_format", ["json", "xml"])
def test_rdflib_sparqlstore_answers_each_query_form_or_gets_406(base_url, form, return_format):
    graph = Graph(store=SPARQLStore(f"{base_url}/sparql", returnFormat=return_format))
    if return_format == "json" and form not in TABLES:
        # rdflib then accepts only application/sparql-results+json, which cannot carry a graph
        with pytest.raises(ValueError) as refused:
            graph.query(FORMS[form])
        assert refused.value.__context__.code == 406
        return
    result = graph.query(FORMS[form])
    if form == "SELECT":
        assert [str(row.code) for row in result] == ["E06000021", "E08000025"]
    elif form == "ASK":
        assert result.askAnswer is True
    elif form == "CONSTRUCT":
        assert set(result.graph) == CODE_TRIPLES
    else:
        assert (KGR["authority/E06000021"], KG.gssCode, Literal("E06000021")) in result.graph


def test_rdflib_sparqlstore_iterates_triples_and_contexts(base_url):
    graph = Graph(store=SPARQLStore(f"{base_url}/sparql", returnFormat="json"))
    assert set(graph.triples((None, KG.gssCode, None))) == CODE_TRIPLES
    assert set(graph.subjects(KG.gssCode, Literal("E08000025"))) == {KGR["authority/E08000025"]}
    assert len(graph) == 19


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SRJ, SRX = "application/sparql-results+json", "application/sparql-results+xml"
# curl's Accept header -> the media type answered for a table and for a graph; None: 406. "none" sends no
# Accept at all (curl's own default is */*); a browser's lets application/xml carry a table.
CURL_ACCEPTS = {
    "text/csv": ("text/csv", None),
    SRJ: (SRJ, None),
    SRX: (SRX, None),
    "text/turtle": (None, "text/turtle"),
    "application/ld+json": (None, "application/ld+json"),
    "application/n-triples": (None, "application/n-triples"),
    "*/*": (SRJ, "text/turtle"),
    BROWSER: ("application/xml", "text/turtle"),
    "none": (SRJ, "text/turtle"),
}
RDFLIB_FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}


def _curl(url: str, query: str, accept: str, tmp_path: Path) -> tuple[int, str, bytes]:
    body = tmp_path / "body"
    header = "Accept:" if accept == "none" else f"Accept: {accept}"
    done = subprocess.run(["curl", "-sS", "-G", url, "--data-urlencode", f"query={query}", "-H", header,
                           "-o", str(body), "-w", "%{http_code} %{content_type}"],
                          capture_output=True, text=True, timeout=60, check=True)
    status, _, media_type = done.stdout.partition(" ")
    return int(status), media_type.split(";")[0], body.read_bytes()


def _curl_table(form: str, media_type: str, body: bytes) -> object:
    if media_type == SRJ:
        data = json.loads(body)
        return data["boolean"] if form == "ASK" else [b["code"]["value"] for b in data["results"]["bindings"]]
    if media_type in (SRX, "application/xml"):
        tree = ElementTree.fromstring(body)
        namespace = "{http://www.w3.org/2005/sparql-results#}"
        if form == "ASK":
            return tree.find(f"{namespace}boolean").text == "true"
        return [node.text for node in tree.iter(f"{namespace}literal")]
    lines = body.decode().split()
    return lines[-1] == "true" if form == "ASK" else lines[1:]


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed (scripts/test_setup.sh installs it)")
@pytest.mark.parametrize("accept", sorted(CURL_ACCEPTS))
@pytest.mark.parametrize("form", sorted(FORMS))
def test_curl_with_each_common_accept_header_gets_that_format_or_406(base_url, form, accept, tmp_path):
    status, media_type, body = _curl(f"{base_url}/sparql", FORMS[form], accept, tmp_path)
    table, graph = CURL_ACCEPTS[accept]
    expected = table if form in TABLES else graph
    if expected is None:
        assert (status, media_type) == (406, "text/plain")
        assert b"acceptable: " in body
        return
    assert (status, media_type) == (200, expected)
    if form in TABLES:
        assert _curl_table(form, expected, body) == (True if form == "ASK" else ["E06000021", "E08000025"])
        return
    triples = set(Graph().parse(data=body, format=RDFLIB_FORMATS[expected]))
    if form == "CONSTRUCT":
        assert triples == CODE_TRIPLES
    else:
        assert (KGR["authority/E06000021"], KG.gssCode, Literal("E06000021")) in triples
