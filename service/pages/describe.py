"""What an entity IRI dereferences to: its description, in the syntax the client asks for.

The description is queries/pages/describe.rq (the entity's concise bounded
description, the arcs into it, labels of both ends). HTML or an RDF syntax is
chosen by `Accept` through service.negotiation, the service's one Accept
parser; `?format=` overrides it for browsers.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from starlette.requests import Request
from starlette.responses import Response

from graph.vocab import PREFIXES as NAMESPACES
from service.errors import HttpError
from service.links import local_url
from service.negotiation import preferred
from service.reading import GraphReader

HTML = "text/html"
RDF_MEDIA_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}
# What a page offers, in the server's order of preference; XHTML is answered with the HTML page.
OFFERS = (HTML, "application/xhtml+xml", *RDF_MEDIA_TYPES)
FORMAT_PARAMETER = {"ttl": "text/turtle", "turtle": "text/turtle", "jsonld": "application/ld+json",
                    "json-ld": "application/ld+json", "nt": "application/n-triples", "html": HTML}
LABEL_PROPERTIES = ("skos:prefLabel", "schema:name", "rdfs:label", "kg:quote", "skos:notation")


def choose_media_type(request: Request) -> str:
    """HTML unless the client prefers one of the RDF syntaxes; `?format=` overrides Accept."""
    requested = request.query_params.get("format")
    if requested is not None:
        if requested not in FORMAT_PARAMETER:
            raise HttpError(400, f"format must be one of {', '.join(sorted(FORMAT_PARAMETER))}, not {requested!r}")
        return FORMAT_PARAMETER[requested]
    chosen = preferred(OFFERS, request.headers.get("accept", "*/*"))
    if chosen is None:
        raise HttpError(406, "this resource is available as text/html, " + ", ".join(RDF_MEDIA_TYPES))
    return chosen if chosen in RDF_MEDIA_TYPES else HTML


async def describe(reader: GraphReader, iri: str) -> Graph:
    """The entity's CBD (blank nodes followed two deep), the arcs into it, and labels of both ends."""
    result = await reader.construct("pages/describe", entity=ox.NamedNode(iri))
    graph = Graph()
    for prefix, namespace in NAMESPACES.items():
        graph.bind(prefix, namespace, override=True, replace=True)  # rdflib's own schema: is https
    graph.parse(data=result.ntriples, format="nt")
    return graph


def rdf_response(graph: Graph, media_type: str, headers: dict[str, str]) -> Response:
    syntax = RDF_MEDIA_TYPES[media_type]
    if syntax == "json-ld":
        context = {prefix: str(ns) for prefix, ns in NAMESPACES.items()}
        body = graph.serialize(format="json-ld", context=context, auto_compact=True)
    else:
        body = graph.serialize(format=syntax)
    return Response(body, media_type=media_type, headers={"Vary": "Accept", **headers})


def statements(graph: Graph, iri: str) -> list[dict[str, str]]:
    """The description as rows for people: property, value, and a link when the value is a node."""
    def curie(term: URIRef) -> str:
        return graph.namespace_manager.normalizeUri(term)

    def label_of(term: object) -> str:
        for prop in LABEL_PROPERTIES:
            found = graph.value(term, graph.namespace_manager.expand_curie(prop))
            if found is not None:
                return str(found)
        return str(term)

    subject = URIRef(iri)
    rows = []
    for predicate, value in sorted(graph.predicate_objects(subject)):
        is_node = isinstance(value, URIRef)
        text = label_of(value) if is_node else str(value)
        rows.append({"direction": "out", "property": curie(predicate), "value": text[:600],
                     "link": local_url(str(value)) if is_node else "",
                     "datatype": curie(value.datatype) if isinstance(value, Literal) and value.datatype else ""})
    for source, predicate in sorted(graph.subject_predicates(subject)):
        if isinstance(source, URIRef):
            rows.append({"direction": "in", "property": curie(predicate), "value": label_of(source),
                         "link": local_url(str(source)), "datatype": ""})
    return rows
