"""The /export/{graphml,gexf,cytoscape,dot} routes, each with ?authority=GSS&from=YYYY&to=YYYY.

Handlers read the graph through the QueryPool (deadline, row cap); errors go
to app.py's handlers as HttpError or the libraries' own types.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from service.errors import HttpError
from service.exports.formats import FORMATS, Format, export_filename
from service.exports.projection import ExportFilter, FilterError, project
from service.reading import GraphReader


def _export_endpoint(fmt: Format) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        params = request.query_params
        try:
            selection = ExportFilter.parse(params.get("authority"), params.get("from"), params.get("to"))
        except FilterError as err:
            raise HttpError(400, f"Bad request: {err}") from None
        reader = GraphReader(request.app.state.pool, request.app.state.config.max_rows)
        graph = await project(reader, selection, str(request.base_url))
        if selection.authority and graph.number_of_nodes() == 0:
            raise HttpError(404, f"No council with GSS code {selection.authority} in the graph.")
        filename = export_filename(selection, fmt)
        return Response(fmt.write(graph), media_type=fmt.media_type,
                        headers={"Content-Disposition": f'inline; filename="{filename}"', **reader.headers()})
    return endpoint


def routes() -> list[BaseRoute]:
    return [Route(f"/export/{name}", _export_endpoint(fmt), methods=["GET"], name=f"export-{name}")
            for name, fmt in FORMATS.items()]
