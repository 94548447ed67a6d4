"""What the service says about itself: the SPARQL Service Description at /sparql (GET
with no query), the VoID description of the dataset at /.well-known/void, and an
OpenAPI document at /openapi.json.
"""

from __future__ import annotations

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from graph import queries
from graph.vocab import PREFIXES, SD, VOID
from service.execution import ExecutionError, QueryPool
from service.negotiation import FORMATS, ResultKind, formats_asked, negotiate

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
XSD_INTEGER = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
OGL_V3 = ox.NamedNode("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
CROWN_COPYRIGHT = "Crown copyright; reused under the Open Government Licence v3.0"
PUBLISHER_COPYRIGHT = (
    "Copyright belongs to the publisher; the graph keeps only short quoted spans as evidence, "
    "not the article"
)
OFSTED_KINDS = {"ofsted-report", "ofsted-letter"}
DATA_NAMESPACES = {"kgr", "kgg", "wd"}  # namespaces of data, not vocabularies


def _sd(local: str) -> ox.NamedNode:
    return ox.NamedNode(f"{SD}{local}")


def _void(local: str) -> ox.NamedNode:
    return ox.NamedNode(f"{VOID}{local}")


def _dcterms(local: str) -> ox.NamedNode:
    return ox.NamedNode(DCTERMS + local)


def endpoint_iri(request: Request) -> ox.NamedNode:
    return ox.NamedNode(str(request.url.replace(path="/sparql", query="", fragment="")))


def dataset_iri(request: Request) -> ox.NamedNode:
    return ox.NamedNode(str(request.url.replace(path="/.well-known/void", query="", fragment="")) + "#dataset")


async def service_description(request: Request) -> Response:
    fmt = negotiate(ResultKind.GRAPH, request.headers.get("accept"), formats_asked(request.query_params))
    service, default_dataset, default_graph = ox.BlankNode("service"), dataset_iri(request), ox.BlankNode("default")
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), endpoint_iri(request)),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL10Query")),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(service, _sd("defaultDataset"), default_dataset),
        ox.Triple(default_dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(default_dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
        ox.Triple(default_graph, _dcterms("description"), ox.Literal("the union of all the named graphs")),
    ]
    for iri in sorted({_format_iri(f.serializer, kind) for kind, table in FORMATS.items() for f in table}):
        triples.append(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(iri)))
    for graph in (await _graph_statistics(request)).get("graphs", {}):
        named = ox.BlankNode(f"g{len(triples)}")
        triples += [
            ox.Triple(default_dataset, _sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(graph)),
        ]
    return _rdf_response(triples, fmt)


async def void_description(request: Request) -> Response:
    fmt = negotiate(ResultKind.GRAPH, request.headers.get("accept"), formats_asked(request.query_params))
    statistics = await _graph_statistics(request)
    dataset = dataset_iri(request)
    triples = [
        ox.Triple(dataset, RDF_TYPE, _void("Dataset")),
        ox.Triple(dataset, _dcterms("title"), ox.Literal("Ofsted inspections of English councils' children's services", language="en")),
        ox.Triple(dataset, _void("sparqlEndpoint"), endpoint_iri(request)),
        ox.Triple(dataset, _dcterms("rights"), ox.Literal(
            f"Ofsted reports and letters: {CROWN_COPYRIGHT}. News articles: {PUBLISHER_COPYRIGHT}.", language="en")),
    ]
    triples += [ox.Triple(dataset, _void("vocabulary"), ox.NamedNode(str(ns)))
                for prefix, ns in sorted(PREFIXES.items()) if prefix not in DATA_NAMESPACES]
    graphs = statistics.get("graphs", {})
    triples.append(ox.Triple(dataset, _void("triples"), _integer(sum(g["triples"] for g in graphs.values()))))
    for graph, facts in graphs.items():
        triples += _subset(dataset, ox.NamedNode(graph), facts)
    triples += statistics.get("provenance", [])
    if statistics.get("build"):
        triples.append(ox.Triple(dataset, ox.NamedNode(PROV + "wasGeneratedBy"), ox.NamedNode(statistics["build"])))
    return _rdf_response(triples, fmt)


def _subset(dataset: ox.NamedNode, graph: ox.NamedNode, facts: dict) -> list[ox.Triple]:
    triples = [
        ox.Triple(dataset, _void("subset"), graph),
        ox.Triple(graph, RDF_TYPE, _void("Dataset")),
        ox.Triple(graph, _void("triples"), _integer(facts["triples"])),
    ]
    kinds = facts.get("kinds", set())
    if kinds & OFSTED_KINDS:
        triples += [ox.Triple(graph, _dcterms("license"), OGL_V3),
                    ox.Triple(graph, _dcterms("rights"), ox.Literal(CROWN_COPYRIGHT, language="en"))]
    elif kinds:
        triples.append(ox.Triple(graph, _dcterms("rights"), ox.Literal(PUBLISHER_COPYRIGHT, language="en")))
    return triples


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD_INTEGER)


def _format_iri(serializer: str, kind: ResultKind) -> str:
    enum = ox.RdfFormat if kind is ResultKind.GRAPH else ox.QueryResultsFormat
    return getattr(enum, serializer).iri


def _rdf_response(triples: list[ox.Triple], fmt) -> Response:
    prefixes = {"sd": str(SD), "void": str(VOID), "dcterms": DCTERMS, "prov": PROV}
    body = ox.serialize(triples, format=getattr(ox.RdfFormat, fmt.serializer), prefixes=prefixes)
    return Response(body, media_type=fmt.media_type)


async def _graph_statistics(request: Request) -> dict:
    """Named graphs with their sizes and document kinds, and the build's PROV record; cached per build."""
    cache = request.app.state.__dict__.setdefault("description_cache", {})
    pool: QueryPool = request.app.state.pool
    try:  # the build's id, asked through the query workers like every other read of the store
        builds = await pool.select(queries.internal("pages/build"))
    except ExecutionError as err:
        if err.status != 503:  # 503: no build yet, or busy
            raise
        return {}
    key = (builds[0]["build"] if builds else None, pool.generation)
    if key not in cache:
        cache.clear()
        cache[key] = await _collect_statistics(pool)
    return cache[key]


async def _collect_statistics(pool: QueryPool) -> dict:
    graphs: dict[str, dict] = {}
    try:
        for row in await pool.select(queries.internal("pages/graph-sizes"), max_rows=1_000_000):
            graphs[row["g"]] = {"triples": int(row["triples"]), "kinds": set()}
        for row in await pool.select(queries.internal("pages/document-kinds"), max_rows=1_000_000):
            graphs[row["g"]]["kinds"].add(row["kind"].rsplit("/", 1)[-1])
        builds = await pool.select(queries.internal("pages/build"))
        provenance = await pool.construct(queries.internal("pages/build-provenance"), max_rows=10_000)
    except ExecutionError as err:
        if err.status != 503:  # 503: no build yet, or busy; describe what can be described
            raise
        return {}
    return {
        "graphs": graphs,
        "provenance": [t for t in ox.parse(provenance.ntriples, format=ox.RdfFormat.N_TRIPLES)],
        "build": builds[0]["build"] if builds else None,
    }


async def openapi(request: Request) -> Response:
    return JSONResponse(OPENAPI)


_QUERY_PARAM = {"name": "query", "in": "query", "schema": {"type": "string"}, "description": "A SPARQL query"}
_GRAPH_PARAMS = [
    {"name": name, "in": "query", "schema": {"type": "array", "items": {"type": "string", "format": "iri"}},
     "style": "form", "explode": True}
    for name in ("default-graph-uri", "named-graph-uri")
]
_RESULTS = {"description": "Query results, in the negotiated format",
            "content": {f.media_type: {} for table in FORMATS.values() for f in table}}
_ERRORS = {str(status): {"description": why, "content": {"text/plain": {}}} for status, why in (
    (400, "malformed request or query, or SERVICE refused"), (403, "updates are disabled"),
    (406, "no acceptable format"), (413, "body too large"), (415, "unsupported content type"),
    (503, "timed out or store not ready"))}

OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "Ofsted inspections knowledge graph: SPARQL service", "version": "1"},
    "paths": {
        "/sparql": {
            "get": {"summary": "SPARQL query (or the service description without one)",
                    "parameters": [_QUERY_PARAM, *_GRAPH_PARAMS], "responses": {"200": _RESULTS, **_ERRORS}},
            "post": {"summary": "SPARQL query by form or directly",
                     "parameters": _GRAPH_PARAMS,
                     "requestBody": {"content": {
                         "application/x-www-form-urlencoded": {"schema": {
                             "type": "object", "properties": {"query": {"type": "string"}}, "required": ["query"]}},
                         "application/sparql-query": {"schema": {"type": "string"}},
                     }},
                     "responses": {"200": _RESULTS, **_ERRORS}},
        },
        "/queries.json": {"get": {"summary": "The named queries", "responses": {"200": {"description": "list"}}}},
        "/queries/{name}.json": {"get": {
            "summary": "Run a named query; its declared parameters are query parameters",
            "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "SPARQL JSON results"}, "400": _ERRORS["400"],
                          "404": {"description": "no such query"}}}},
        "/.well-known/void": {"get": {"summary": "VoID description of the dataset",
                                      "responses": {"200": {"description": "RDF"}}}},
    },
}
