"""The pages' routes: /id/..., /authority/{GSS}, /authority/{GSS}/graph, /compare, /source/{path}.

Handlers are async and read the graph only through the QueryPool (a
GraphReader per request). They raise HttpError or let the libraries' errors
through; app.py turns every error on these routes into the error page, with
the same status (`html_errors`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader
from rdflib import URIRef
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from graph import concepts
from graph.resources import TEMPLATES_DIR
from graph.vocab import KG, KGR, path_segment
from service.errors import HttpError
from service.links import GSS_CODE, local_url, source_link
from service.pages import context
from service.pages.describe import HTML, choose_media_type, describe, rdf_response, statements
from service.reading import GraphReader

PAGE_KINDS = {str(KG.Authority): "authority", str(KG.Person): "person", str(KG.Inspection): "inspection",
              str(KG.SourceDocument): "document"}

TEMPLATES = Environment(loader=FileSystemLoader(TEMPLATES_DIR / "pages"), autoescape=True)
TEMPLATES.filters["page"] = local_url
TEMPLATES.filters["quote_path"] = lambda path: quote(str(path), safe="/")

Handler = Callable[[Request], Awaitable[Response]]


def render(template: str, status: int = 200, reader: GraphReader | None = None, **values: object) -> HTMLResponse:
    """A page; when a query behind it was cut at the row cap, it says so (a note and X-Result-Truncated)."""
    html = TEMPLATES.get_template(template).render(
        grade_colours=concepts.colours_by_label("grade"), ungraded=concepts.colour("grade", None),
        source_link=source_link, truncated_note=reader.note if reader else None, **values)
    headers = {"Vary": "Accept", **(reader.headers() if reader else {})}
    return HTMLResponse(html, status_code=status, headers=headers)


def error_page(status: int, message: str, headers: dict[str, str] | None = None) -> HTMLResponse:
    response = render("error.html", status=status, message=message)
    response.headers.update(headers or {})
    return response


def html_errors(handler: Handler) -> Handler:
    """Marks a route whose errors app.py answers with the error page rather than plain text."""
    handler.html_errors = True  # type: ignore[attr-defined]
    return handler


def reader_for(request: Request) -> GraphReader:
    return GraphReader(request.app.state.pool, request.app.state.config.max_rows)


def _gss(request: Request) -> str:
    gss = request.path_params["gss"]
    if not GSS_CODE.match(gss):
        raise HttpError(400, f"{gss!r} is not an ONS GSS code like E06000021")
    return gss


async def _kind(reader: GraphReader, iri: str) -> str:
    types = {row["type"] for row in await reader.select("pages/kinds", entity=ox.NamedNode(iri))}
    return next((PAGE_KINDS[t] for t in PAGE_KINDS if t in types), "entity")


async def _label(reader: GraphReader, iri: str) -> str:
    rows = await reader.select("pages/label", entity=ox.NamedNode(iri))
    return rows[0]["label"] if rows else iri.removeprefix(str(KGR))


async def describe_entity(request: Request, iri: str) -> Response:
    media_type = choose_media_type(request)
    reader = reader_for(request)
    description = await describe(reader, iri)
    if len(description) == 0:
        raise HttpError(404, f"Nothing in the graph is about <{iri}>.")
    if media_type != HTML:
        return rdf_response(description, media_type, reader.headers())
    kind = await _kind(reader, iri)
    values: dict = {"iri": iri, "label": await _label(reader, iri), "kind": kind,
                    "statements": statements(description, iri)}
    if kind == "authority":
        values.update(await context.authority_context(reader, iri.rsplit("/", 1)[-1]))
    elif kind == "person":
        values.update(await context.person_context(reader, iri))
    elif kind == "inspection":
        values.update(await context.inspection_context(reader, iri))
    elif kind == "document":
        values["source_path"] = description.value(URIRef(iri), KG.sourcePath)
    return render(f"{kind}.html", reader=reader, **values)


@html_errors
async def entity(request: Request) -> Response:
    return await describe_entity(request, str(KGR) + path_segment(request.path_params["rest"]))


@html_errors
async def authority(request: Request) -> Response:
    return await describe_entity(request, str(KGR[f"authority/{_gss(request)}"]))


@html_errors
async def authority_graph(request: Request) -> Response:
    gss = _gss(request)
    reader = reader_for(request)
    await context.authority_rows(reader, gss)
    iri = str(KGR[f"authority/{gss}"])
    return render("graph.html", reader=reader, gss=gss, label=await _label(reader, iri), href=local_url(iri))


@html_errors
async def compare(request: Request) -> Response:
    reader = reader_for(request)
    return render("compare.html", reader=reader, **await context.compare_context(reader))


@html_errors
async def source(request: Request) -> Response:
    params = request.query_params
    reader = reader_for(request)
    values = await context.highlighted_source(reader, request.path_params["path"], params.get("start"),
                                              params.get("end"))
    return render("source.html", reader=reader, document_href=local_url(values["document"]["document"]), **values)


def routes() -> list[BaseRoute]:
    """The pages' routes; static files come from the app's /static mount."""
    return [
        Route("/id/{rest:path}", entity, methods=["GET", "HEAD"], name="entity"),
        Route("/authority/{gss}", authority, methods=["GET", "HEAD"], name="authority"),
        Route("/authority/{gss}/graph", authority_graph, methods=["GET", "HEAD"], name="authority-graph"),
        Route("/compare", compare, methods=["GET", "HEAD"], name="compare"),
        Route("/source/{path:path}", source, methods=["GET", "HEAD"], name="source"),
    ]
