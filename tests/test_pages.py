"""Linked Data pages: dereferencing /id/..., the council page, the source view, /compare."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS
from starlette.testclient import TestClient

from graph.queries import PREFIX_DECLARATIONS
from graph.store import EmbeddedStore
from graph.vocab import KG, SCHEMA
from service.pages.endpoints import error_page


@pytest.fixture(scope="module")
def store(pages_store: EmbeddedStore) -> EmbeddedStore:
    return pages_store


@pytest.fixture(scope="module")
def client(pages_client: TestClient) -> TestClient:
    return pages_client


STOKE = "https://w3id.org/ofsted-kg/id/authority/E06000021"
ABI_BROWN = "https://w3id.org/ofsted-kg/id/person/abi-brown"


def test_fixture_spans_point_at_their_quotes_in_code_points(store: EmbeddedStore) -> None:
    rows = list(store.query(PREFIX_DECLARATIONS + """SELECT ?text ?start ?end ?exact WHERE {
        ?ev oa:hasSource/kg:text ?text ; oa:hasSelector ?pos , ?q .
        ?pos oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }"""))
    assert len(rows) == 23
    assert all(row["text"].value[int(row["start"].value):int(row["end"].value)] == row["exact"].value for row in rows)


def test_entity_iri_dereferences_to_html_for_browsers(client: TestClient) -> None:
    response = client.get("/id/person/abi-brown", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert re.search(r"<h3>Council leader, <a href=\"/id/authority/E06000021\">", response.text)
    assert re.findall(r'class="quote" href="([^"]+)"', response.text) == [
        "/source/000_news.txt?start=97&amp;end=121#quote", "/source/002_news.txt?start=278&amp;end=302#quote"]


def test_turtle_by_accept_holds_the_description_and_labels_of_linked_things(client: TestClient) -> None:
    response = client.get("/id/inspection/E06000021/ilacs-standard/2022-10", headers={"Accept": "text/turtle"})
    assert response.headers["content-type"].startswith("text/turtle")
    graph = Graph().parse(data=response.text, format="turtle")
    inspection = URIRef("https://w3id.org/ofsted-kg/id/inspection/E06000021/ilacs-standard/2022-10")
    assert graph.value(inspection, KG.inspectedAuthority) == URIRef(STOKE)
    assert str(graph.value(URIRef(STOKE), SKOS.prefLabel)) == "Stoke-on-Trent City Council"
    judgement = URIRef(f"{inspection}/judgement/children-in-care")
    assert (judgement, KG.ofInspection, inspection) in graph  # arcs pointing at it come along


def test_json_ld_by_accept_parses_to_the_same_description(client: TestClient) -> None:
    response = client.get("/id/person/abi-brown", headers={"Accept": "application/ld+json"})
    assert response.headers["content-type"].startswith("application/ld+json")
    graph = Graph().parse(data=response.text, format="json-ld")
    assert str(graph.value(URIRef(ABI_BROWN), SCHEMA.name)) == "Abi Brown"


def test_unacceptable_media_type_and_unknown_entity_are_refused_with_the_error_page(client: TestClient) -> None:
    unacceptable = client.get("/id/person/abi-brown", headers={"Accept": "image/png"})
    assert (unacceptable.status_code, unacceptable.text) == (406, error_page(
        406, "this resource is available as text/html, text/turtle, application/ld+json, application/n-triples"
    ).body.decode())
    unknown = client.get("/id/person/nobody-at-all")
    assert (unknown.status_code, unknown.text) == (404, error_page(
        404, "Nothing in the graph is about <https://w3id.org/ofsted-kg/id/person/nobody-at-all>.").body.decode())


def test_percent_encoded_source_paths_dereference(client: TestClient) -> None:
    response = client.get("/id/source/ofsted/2020%20letter.txt")
    assert response.status_code == 200
    assert 'href="/source/ofsted/2020%20letter.txt"' in response.text


def test_council_page_shows_grades_concerns_and_post_holders(client: TestClient) -> None:
    response = client.get("/authority/E06000021")
    assert response.text.count('<a class="mark"') == 4 + 5 + 4  # dated inspections, judgements, attestations
    assert ">“Children in need plans are almost uniformly poor”</a>" in response.text
    assert client.get("/id/authority/E06000021").text == response.text


def test_source_view_highlights_exactly_the_span(client: TestClient) -> None:
    response = client.get("/source/000_news.txt", params={"start": 97, "end": 121})
    assert '<mark id="quote">Council leader Abi Brown</mark>' in response.text
    assert "“determined to improve”" in response.text  # code points, not bytes: the curly quotes stay whole


@pytest.mark.parametrize("query", ["start=5&end=x", "start=9&end=3", "start=0&end=100000", "start=4"])
def test_source_view_refuses_malformed_spans(client: TestClient, query: str) -> None:
    assert client.get(f"/source/000_news.txt?{query}").status_code == 400


def test_pages_escape_what_they_show(client: TestClient) -> None:
    response = client.get("/source/<script>alert(1)</script>.txt")
    assert response.status_code == 404
    assert "<script>" not in response.text and "&lt;script&gt;" in response.text


def test_compare_groups_councils_by_region(client: TestClient) -> None:
    text = client.get("/compare").text
    assert re.findall(r'<tr class="region"><th[^>]*>([^<]+)</th>', text) == ["East Midlands", "West Midlands"]
    assert text.count('<a class="cell"') == 4


def test_malformed_gss_code_is_a_bad_request(client: TestClient) -> None:
    assert client.get("/authority/stoke").status_code == 400
    assert client.get("/authority/E06000099/graph").status_code == 404


class _KeptBeginning:
    """A reader whose one document the graph keeps only the first 10 of 25 characters of."""

    async def select(self, name: str, **bindings: object) -> list[dict[str, str]]:
        assert name == "pages/document"
        return [{"document": "https://w3id.org/ofsted-kg/id/source/long.txt", "path": "long.txt",
                 "text": "0123456789", "length": "25"}]


def test_a_span_beyond_the_kept_text_of_a_long_document_says_so():
    import asyncio

    from service.errors import HttpError
    from service.pages.context import highlighted_source

    kept = asyncio.run(highlighted_source(_KeptBeginning(), "long.txt", "2", "5"))
    assert kept["quote"] == "234"
    with pytest.raises(HttpError) as refused:
        asyncio.run(highlighted_source(_KeptBeginning(), "long.txt", "12", "20"))
    assert refused.value.status == 404
    assert str(refused.value) == ("characters 12-20 lie beyond the first 10 of this document's 25, which are all "
                                  "the graph keeps of so long a text; the fact's own page gives its exact quote")
