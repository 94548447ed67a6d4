"""The service as one Starlette app: the SPARQL endpoint, its descriptions, the query page.

It answers from an embedded store directory or, with `endpoint`, from a
remote SPARQL store (read-only); service/backend.py holds the difference.

Other modules add their routes when present: `service.pages.routes(store,
config)` (entity pages) and `service.exports.routes(store, config)` (graph
exports); each returns a list of Starlette routes.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from graph.store import GraphStore
from service import description, query_page
from service.backend import backend_for, close_store
from service.execution import ExecutionError, QueryPool
from graph.queries import NamedQueryError
from service.negotiation import NotAcceptable
from service.protocol import (
    ALLOWED_METHODS, ProtocolError, answer_response, check_update_allowed, error_response,
    execution_error_response, read_operation, to_job,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STATIC_DIR = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class ServiceConfig:
    """Everything the service's parts need to know about how it was started."""

    store_dir: Path | None = None  # the embedded store build_graph.py published into; or else
    endpoint: str | None = None  # a remote SPARQL store's query URL, served read-only
    queries_dir: Path = PROJECT_ROOT / "queries"
    timeout: float = 30.0  # seconds a query may run before its worker is killed
    max_rows: int = 100_000  # rows (or triples) in one result before it is cut
    max_body_bytes: int = 1 << 20
    query_workers: int = 2
    allow_update: bool = False
    update_token: str | None = field(default=None, repr=False)  # never printed
    # Modules whose routes(store, config) are mounted when they exist (tests of one part leave them out).
    route_modules: tuple[str, ...] = ("service.pages", "service.exports")

    def __post_init__(self) -> None:
        if (self.store_dir is None) == (self.endpoint is None):
            raise ValueError("serve either a store directory or a SPARQL endpoint, exactly one of them")
        if self.endpoint is not None and self.allow_update:
            raise ValueError("updates cannot be allowed when serving a remote SPARQL endpoint: the service "
                             "fronts it read-only; publish to it with build_graph.py --store-url")


def create_app(config: ServiceConfig) -> Starlette:
    backend = backend_for(config)
    store = backend.open_store()
    pool = QueryPool(backend, config.query_workers, config.timeout)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            await pool.close()
            close_store(store)

    app = Starlette(
        routes=_routes(store, config),
        middleware=[Middleware(
            CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type", "Authorization"], expose_headers=["X-Result-Truncated"],
            max_age=86400,
        )],
        exception_handlers={
            ProtocolError: lambda request, err: error_response(err.status, str(err), err.headers),
            ExecutionError: lambda request, err: execution_error_response(err),
            NotAcceptable: lambda request, err: error_response(406, str(err)),
            NamedQueryError: lambda request, err: error_response(500, str(err)),
        },
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.pool = pool
    app.state.store = store
    return app


async def sparql_endpoint(request: Request) -> Response:
    if request.method == "OPTIONS":
        return Response(status_code=204, headers={"Allow": ALLOWED_METHODS})
    config: ServiceConfig = request.app.state.config
    pool: QueryPool = request.app.state.pool
    operation = await read_operation(request, config.max_body_bytes)
    if operation is None:
        return await description.service_description(request)
    if operation.is_update:
        check_update_allowed(request, operation, config.allow_update, config.update_token)
    job = to_job(operation, request, config.max_rows, pool.generation)
    answer = await pool.run(job)
    if operation.is_update:
        pool.new_generation()
    return answer_response(answer)


def _routes(store: GraphStore, config: ServiceConfig) -> list[BaseRoute]:
    routes: list[BaseRoute] = [
        Route("/sparql", sparql_endpoint, methods=["GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"]),
        Route("/.well-known/void", description.void_description, methods=["GET", "HEAD"]),
        Route("/openapi.json", description.openapi, methods=["GET", "HEAD"]),
        *query_page.routes(),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]
    for module_name in config.route_modules:
        if importlib.util.find_spec(module_name) is not None:
            routes.extend(importlib.import_module(module_name).routes(store, config))
    return routes
