"""Real clients against a live server: SPARQLWrapper and rdflib's SPARQLStore over HTTP,
and the service's own descriptions (SD, VoID, OpenAPI) as a client reads them."""

from __future__ import annotations

import warnings

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, N3, SPARQLWrapper
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
# SPARQLWrapper's return format -> the media type answered, for a table result and for a graph.
# A format that does not fit the query form (Turtle for a SELECT, CSV for a CONSTRUCT) is answered
# in the form's default: SPARQLWrapper sends that format for every form, with `Accept: */*` beside it.
ANSWERED = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv", "text/turtle"),
    "tsv": ("text/tab-separated-values", "text/turtle"),
    "json-ld": ("application/sparql-results+json", "application/ld+json"),
    "turtle": ("application/sparql-results+json", "text/turtle"),
    "n3": ("application/sparql-results+json", "text/turtle"),
    "rdf+xml": ("application/sparql-results+json", "application/rdf+xml"),
}


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("return_format", sorted(ANSWERED))
@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_sparqlwrapper_return_format_is_answered_for_every_query_form(base_url, form, return_format, method):
    client = SPARQLWrapper(f"{base_url}/sparql")
    client.setMethod(method)
    client.setQuery(FORMS[form])
    client.setReturnFormat(return_format)
    with warnings.catch_warnings():  # SPARQLWrapper warns when a form's default comes back: that is the point
        warnings.simplefilter("ignore")
        response = client.query()
        converted = response.convert()
    table, graph = ANSWERED[return_format]
    expected = table if form in ("SELECT", "ASK") else graph
    assert response.response.headers["content-type"].split(";")[0] == expected
    assert converted is not None
