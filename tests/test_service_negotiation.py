"""Content negotiation: one table of Accept headers and the format each gets."""

from __future__ import annotations

import pytest

from service.negotiation import NotAcceptable, ResultKind, negotiate, preferred

SOLUTIONS, BOOLEAN, GRAPH = ResultKind.SOLUTIONS, ResultKind.BOOLEAN, ResultKind.GRAPH

CASES = [
    # kind, Accept, format=, chosen media type
    (SOLUTIONS, None, None, "application/sparql-results+json"),
    (SOLUTIONS, "", None, "application/sparql-results+json"),
    (SOLUTIONS, "*/*", None, "application/sparql-results+json"),
    (SOLUTIONS, "application/sparql-results+xml", None, "application/sparql-results+xml"),
    (SOLUTIONS, "text/csv", None, "text/csv"),
    (SOLUTIONS, "text/tab-separated-values", None, "text/tab-separated-values"),
    (SOLUTIONS, "text/*", None, "text/csv"),
    (SOLUTIONS, "text/csv;q=0.5, text/tab-separated-values", None, "text/tab-separated-values"),
    (SOLUTIONS, "application/sparql-results+json;q=0.1, application/sparql-results+xml;q=0.9", None,
     "application/sparql-results+xml"),
    (SOLUTIONS, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", None, "application/xml"),
    (SOLUTIONS, "application/json", None, "application/json"),
    (SOLUTIONS, "APPLICATION/SPARQL-RESULTS+XML", None, "application/sparql-results+xml"),
    (SOLUTIONS, "text/csv;q=0, */*;q=0.1", None, "application/sparql-results+json"),
    (SOLUTIONS, "image/png", "csv", "text/csv"),
    (SOLUTIONS, None, "text/tab-separated-values", "text/tab-separated-values"),
    (SOLUTIONS, "garbage", None, "application/sparql-results+json"),
    (BOOLEAN, "application/sparql-results+xml", None, "application/sparql-results+xml"),
    (BOOLEAN, None, "json", "application/sparql-results+json"),
    (GRAPH, None, None, "text/turtle"),
    (GRAPH, "*/*", None, "text/turtle"),
    (GRAPH, "application/n-triples", None, "application/n-triples"),
    (GRAPH, "application/ld+json", None, "application/ld+json"),
    (GRAPH, "application/rdf+xml", None, "application/rdf+xml"),
    (GRAPH, "application/n-quads", None, "application/n-quads"),
    (GRAPH, "application/trig", None, "application/trig"),
    (GRAPH, "application/*", None, "application/n-triples"),
    (GRAPH, "text/turtle;q=0.2, application/rdf+xml;q=0.8", None, "application/rdf+xml"),
    (GRAPH, "application/rdf+xml, text/turtle", None, "text/turtle"),  # equal q: the server's order
    (GRAPH, "text/plain", None, "text/plain"),
    (GRAPH, None, "jsonld", "application/ld+json"),
    (GRAPH, None, "ttl", "text/turtle"),
    # format= repeated, or a list, as SPARQLWrapper sends it: the first that fits this kind of result
    (GRAPH, "application/ld+json", ("json-ld", "application/ld+json,application/x-json+ld"), "application/ld+json"),
    (GRAPH, None, ("application/ld+json,application/x-json+ld",), "application/ld+json"),
    (SOLUTIONS, None, ("rdf", "csv"), "text/csv"),
]


@pytest.mark.parametrize(("kind", "accept", "format_param", "expected"), CASES)
def test_each_accept_header_gets_its_format(kind, accept, format_param, expected):
    assert negotiate(kind, accept, format_param).media_type == expected


@pytest.mark.parametrize(("kind", "accept", "format_param"), [
    (SOLUTIONS, "image/png", None),
    (SOLUTIONS, "text/turtle", None),
    (SOLUTIONS, "application/sparql-results+json;q=0", None),
    (GRAPH, "application/sparql-results+json", None),
    (GRAPH, None, "csv"),
    (BOOLEAN, None, "pdf"),
    # format= that fits no result of this kind is refused whatever Accept says (SPARQLWrapper sends */* beside it)
    (SOLUTIONS, "*/*", ("turtle", "")),
    (GRAPH, "*/*", ("csv", "csv")),
])
def test_nothing_acceptable_raises_with_the_list_of_what_is(kind, accept, format_param):
    with pytest.raises(NotAcceptable) as raised:
        negotiate(kind, accept, format_param)
    assert raised.value.acceptable[0] in ("application/sparql-results+json", "text/turtle")
    assert "acceptable: " in str(raised.value)


PAGE_OFFERS = ("text/html", "application/xhtml+xml", "text/turtle", "application/ld+json", "application/n-triples")


@pytest.mark.parametrize(("accept", "expected"), [
    ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html"),  # a browser
    ("application/xhtml+xml", "application/xhtml+xml"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json, text/turtle", "application/ld+json"),  # equal q: the client's order
    ("text/turtle;q=0.5, application/n-triples", "application/n-triples"),
    ("text/*", "text/html"),
    ("*/*", "text/html"),
    (None, "text/html"),
    ("image/png", None),
    ("text/html;q=0", None),
])
def test_pages_choose_among_their_offers_with_the_same_parser(accept, expected):
    assert preferred(PAGE_OFFERS, accept) == expected
