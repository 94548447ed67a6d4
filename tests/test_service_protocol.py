"""The SPARQL 1.1 Protocol at /sparql: operations, datasets, statuses and messages."""

from __future__ import annotations

import json

import pytest


KG = "https://w3id.org/ofsted-kg/"
NEWS_GRAPH = f"{KG}graph/source/news.txt"
REPORT_GRAPH = f"{KG}graph/source/report.txt"
CODES = "SELECT ?code WHERE { ?a <https://w3id.org/ofsted-kg/def#gssCode> ?code } ORDER BY ?code"


def codes_result(*codes: str) -> dict:
    return {"head": {"vars": ["code"]},
            "results": {"bindings": [{"code": {"type": "literal", "value": c}} for c in codes]}}


@pytest.fixture(scope="module")
def http(make_client, service_store):
    with make_client(service_store, max_body_bytes=4096) as test_client:
        yield test_client


def test_get_query_answers_json_over_the_union_of_named_graphs(http):
    response = http.get("/sparql", params={"query": CODES})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert response.json() == codes_result("E06000021", "E08000025")


def test_post_form_and_post_direct_answer_the_same(http):
    form = http.post("/sparql", data={"query": CODES})
    direct = http.post("/sparql", content=CODES, headers={"content-type": "application/sparql-query"})
    assert form.status_code == direct.status_code == 200
    assert form.json() == direct.json() == codes_result("E06000021", "E08000025")


def test_default_graph_uri_makes_the_default_graph_those_graphs_only(http):
    response = http.get("/sparql", params={"query": CODES, "default-graph-uri": NEWS_GRAPH})
    assert response.json() == codes_result("E08000025")


def test_named_graph_uri_alone_leaves_an_empty_default_graph(http):
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } GROUP BY ?g"
    response = http.get("/sparql", params={"query": query, "named-graph-uri": REPORT_GRAPH})
    assert response.json()["results"]["bindings"] == [
        {"g": {"type": "uri", "value": REPORT_GRAPH},
         "n": {"type": "literal", "value": "8", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}
    ]


def test_protocol_dataset_overrides_the_querys_from_clause(http):
    query = f"SELECT ?code FROM <{REPORT_GRAPH}> WHERE {{ ?a <https://w3id.org/ofsted-kg/def#gssCode> ?code }}"
    assert http.get("/sparql", params={"query": query}).json() == codes_result("E06000021")
    overridden = http.get("/sparql", params={"query": query, "default-graph-uri": NEWS_GRAPH})
    assert overridden.json() == codes_result("E08000025")


def test_ask_answers_a_boolean(http):
    response = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"accept": "application/sparql-results+xml"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+xml"
    assert "<boolean>true</boolean>" in response.text


def test_construct_answers_in_the_negotiated_rdf_syntax(http):
    query = f"CONSTRUCT {{ ?a <{KG}def#gssCode> ?c }} WHERE {{ ?a <{KG}def#gssCode> ?c }}"
    response = http.get("/sparql", params={"query": query}, headers={"accept": "application/n-triples"})
    assert response.headers["content-type"] == "application/n-triples"
    assert sorted(response.text.splitlines()) == [
        f'<{KG}id/authority/E06000021> <{KG}def#gssCode> "E06000021" .',
        f'<{KG}id/authority/E08000025> <{KG}def#gssCode> "E08000025" .',
    ]


def test_format_parameter_overrides_accept_for_browsers(http):
    response = http.get("/sparql", params={"query": CODES, "format": "csv"}, headers={"accept": "application/json"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text == "code\r\nE06000021\r\nE08000025\r\n"


def test_tsv_results_carry_terms_in_ntriples_syntax(http):
    response = http.get("/sparql", params={"query": CODES}, headers={"accept": "text/tab-separated-values"})
    assert response.text == '?code\n"E06000021"\n"E08000025"\n'


def test_malformed_query_is_400_with_the_parsers_message(http):
    response = http.get("/sparql", params={"query": "SELECT * WHERE {"})
    assert response.status_code == 400
    assert response.text.startswith("malformed query: error at 1:17: expected")


def test_other_methods_are_405_with_allow(http):
    response = http.put("/sparql", params={"query": "ASK {}"})
    assert (response.status_code, response.headers["allow"], response.text) == (
        405, "GET, HEAD, POST, OPTIONS", "method PUT is not allowed here; use GET or POST\n")


def test_unsupported_post_content_type_is_415(http):
    response = http.post("/sparql", content="ASK {}", headers={"content-type": "text/plain"})
    assert (response.status_code, response.text) == (415, (
        "unsupported content type 'text/plain'; POST a query as application/x-www-form-urlencoded, "
        "application/sparql-query or application/sparql-update\n"))


def test_non_utf8_charset_is_415(http):
    response = http.post("/sparql", content="ASK {}".encode("utf-16"),
                         headers={"content-type": "application/sparql-query; charset=UTF-16"})
    assert (response.status_code, response.text) == (415, "charset 'utf-16' is not supported; send UTF-8\n")


def test_nothing_acceptable_is_406_listing_what_is(http):
    response = http.get("/sparql", params={"query": CODES}, headers={"accept": "image/png"})
    assert response.status_code == 406
    assert response.text == (
        "cannot answer a solutions result as 'image/png'; acceptable: application/sparql-results+json, "
        "application/sparql-results+xml, text/csv, text/tab-separated-values, application/json, application/xml\n")


def test_two_queries_in_one_request_are_400(http):
    response = http.get("/sparql?query=ASK%20%7B%7D&query=ASK%20%7B%7D")
    assert (response.status_code, response.text) == (400, "a request carries exactly one query; this one has several\n")


def test_a_graph_parameter_that_is_not_an_iri_is_400(http):
    response = http.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert response.status_code == 400
    assert response.text.startswith("default-graph-uri 'not an iri' is not an IRI")


def test_body_over_the_limit_is_413(http):
    response = http.post("/sparql", content="#" * 5000, headers={"content-type": "application/sparql-query"})
    assert (response.status_code, response.text) == (413, "the request body is 5000 bytes; the limit is 4096\n")


def test_reads_are_open_to_other_origins(http):
    response = http.get("/sparql", params={"query": "ASK {}"}, headers={"origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-expose-headers"] == "X-Result-Truncated"


def test_cors_preflight_is_answered(http):
    response = http.options("/sparql", headers={
        "origin": "https://example.org", "access-control-request-method": "POST",
        "access-control-request-headers": "content-type"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "POST" in response.headers["access-control-allow-methods"]


def test_plain_options_lists_the_methods(http):
    response = http.options("/sparql")
    assert (response.status_code, response.headers["allow"]) == (204, "GET, HEAD, POST, OPTIONS")


def test_get_without_a_query_is_the_service_description(http):
    response = http.get("/sparql", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    assert "sd:endpoint <http://testserver/sparql>" in response.text


def test_json_results_stream_in_chunks_for_large_results(http):
    query = "SELECT ?n WHERE { VALUES ?x { 1 2 3 4 5 6 7 8 9 10 } VALUES ?y { 1 2 3 4 5 6 7 8 9 10 } " \
            "VALUES ?z { 1 2 3 4 5 6 7 8 9 10 } BIND(CONCAT(STR(?x), STR(?y), STR(?z), 'padding-padding-padding') AS ?n) }"
    with http.stream("GET", "/sparql", params={"query": query}) as response:
        chunks = list(response.iter_raw())
    assert len(json.loads(b"".join(chunks))["results"]["bindings"]) == 1000
