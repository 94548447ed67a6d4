"""The service as one Starlette app: the SPARQL endpoint, its descriptions, the query page,
the entity pages (service/pages), the graph exports (service/exports) and the
W3C Reconciliation Service API 0.2 (service/reconcile).

It answers from an embedded store directory or, with `endpoint`, from a
remote SPARQL store (read-only); service/backend.py holds the difference.
With `watch`, it also publishes source directories into its store as they
change (service/watching.py).
Every route that reads the graph goes through the QueryPool (worker
processes, a deadline, a row cap). Errors are turned into responses here
only: service/errors.py gives each error type its status; the pages' routes
answer with the error page, every other route with plain text.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import AsyncIterator

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from graph.resources import STATIC_DIR
from service import description, exports, pages, query_page, reconcile
from service.backend import backend_for, close_store
from service.config import ServiceConfig
from service.errors import HANDLED, headers_of, status_of
from service.execution import QueryPool
from service.limits import BodyDeadline
from service.pages.endpoints import error_page
from service.protocol import ALLOWED_METHODS, answer_response, check_update_allowed, read_operation, to_job
from service.watching import source_watcher

__all__ = ["ServiceConfig", "create_app"]


def create_app(config: ServiceConfig) -> Starlette:
    backend = backend_for(config)
    # Opened once to fail at start-up, not on the first request, when a remote URL or its credentials
    # are refused; every read of the store then goes through the pool's workers.
    close_store(backend.open_store())
    pool = QueryPool(backend, config.query_workers, config.timeout, config.max_query_workers, config.query_memory)
    watcher = source_watcher(config)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        if watcher is not None:
            watcher.start()
        try:
            yield
        finally:
            if watcher is not None:
                await asyncio.to_thread(watcher.stop)
            await pool.close()

    app = Starlette(
        routes=_routes(),
        middleware=[Middleware(
            CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type", "Authorization"], expose_headers=["X-Result-Truncated"],
            max_age=86400,
        ), Middleware(BodyDeadline, seconds=config.request_timeout)],
        exception_handlers={kind: error_response for kind in HANDLED},
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.pool = pool
    return app


def error_response(request: Request, err: Exception) -> Response:
    """The one place an error becomes a response: its status from service/errors.py, as a page or as text."""
    status, headers = status_of(err), headers_of(err)
    if getattr(request.scope.get("endpoint"), "html_errors", False):
        return error_page(status, str(err), headers)
    return PlainTextResponse(str(err).rstrip() + "\n", status_code=status, headers=headers)


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


def _routes() -> list[BaseRoute]:
    return [
        Route("/sparql", sparql_endpoint, methods=["GET", "HEAD", "POST", "OPTIONS", "PUT", "DELETE", "PATCH"]),
        Route("/.well-known/void", description.void_description, methods=["GET", "HEAD"]),
        Route("/openapi.json", description.openapi, methods=["GET", "HEAD"]),
        *query_page.routes(),
        *pages.routes(),
        *exports.routes(),
        *reconcile.routes(),
        Mount("/static", app=StaticFiles(directory=STATIC_DIR), name="static"),
    ]
