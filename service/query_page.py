"""The pages for people: the query editor at / and the named queries at /queries."""

from __future__ import annotations

import json
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from graph import queries as named_queries
from graph.queries import NamedQuery
from graph.resources import TEMPLATES_DIR
from service.errors import HttpError
from service.execution import QueryPool
from service.protocol import answer_response
from service.jobs import Job, Partitioned

TEMPLATES = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(["html"]),
)
_SUFFIX_FORMATS = {".json": "json", ".csv": "csv"}


def routes() -> list[BaseRoute]:
    return [
        Route("/", page, methods=["GET", "HEAD"]),
        Route("/queries", query_list, methods=["GET", "HEAD"]),
        Route("/queries.json", query_list_json, methods=["GET", "HEAD"]),
        Route("/queries/{file}", named_query, methods=["GET", "HEAD"]),
    ]


async def page(request: Request) -> Response:
    queries = _all(request)
    records = [query.as_record() for query in queries.values()]
    html = TEMPLATES.get_template("query.html").render(
        queries=records, queries_json=json.dumps(records).replace("</", "<\\/")
    )
    return HTMLResponse(html)


async def query_list(request: Request) -> Response:
    html = TEMPLATES.get_template("queries.html").render(queries=[q.as_record() for q in _all(request).values()])
    return HTMLResponse(html)


async def query_list_json(request: Request) -> Response:
    return JSONResponse([query.as_record() for query in _all(request).values()])


async def named_query(request: Request) -> Response:
    file = request.path_params["file"]
    stem, suffix = (file.rsplit(".", 1)[0], "." + file.rsplit(".", 1)[1]) if "." in file else (file, "")
    if suffix not in ("", *_SUFFIX_FORMATS):
        raise HttpError(404, f"no such page: /queries/{file} (use .json, .csv or no suffix)")
    config = request.app.state.config
    query = named_queries.find(stem, config.queries_dir)  # UnknownQuery: 404, BadParameter: 400 (service.errors)
    substitutions = named_queries.bind(query, dict(request.query_params))
    pool: QueryPool = request.app.state.pool
    job = Job(text=query.text, formats=(_SUFFIX_FORMATS.get(suffix, "json"),), substitutions=substitutions,
              max_rows=config.max_rows, generation=pool.generation, partition=_partition(query, substitutions))
    if suffix:
        return answer_response(await pool.run(job))
    answer, body = await pool.run_to_bytes(job)
    results = json.loads(body)
    truncated = answer.truncated or results.get("truncated", False)  # a streamed result says so in its body
    return HTMLResponse(_render_named_query(request, query, results, truncated))


def _partition(query: NamedQuery, substitutions: dict[str, object]) -> Partitioned | None:
    """With its partition variable left free, a few values at a time (over one council or every one)."""
    pieces = named_queries.pieces(query, substitutions)
    if pieces is None:
        return None
    partition, listing, bound = pieces
    return Partitioned(partition.variable, listing.sparql, bound)


def _render_named_query(request: Request, query: NamedQuery, results: dict, truncated: bool) -> str:
    variables = results["head"]["vars"]
    rows = [[binding.get(v) for v in variables] for binding in results["results"]["bindings"]]
    return TEMPLATES.get_template("named_query.html").render(
        query=query.as_record(), values=dict(request.query_params), variables=variables, rows=rows,
        truncated=truncated, query_string=request.url.query,
    )


def _all(request: Request) -> dict[str, NamedQuery]:
    return named_queries.load_all(request.app.state.config.queries_dir)
