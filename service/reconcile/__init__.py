"""The W3C Reconciliation Service API, version 0.2, at /reconcile (what OpenRefine and the other clients speak).

GET /reconcile is the manifest; `queries=` (by GET or form-encoded POST) asks
for matches; `extend=` for data extension. Suggest, preview and property
proposal have their own paths under /reconcile. Every answer is JSON, or JSONP
when a GET gives `callback=`; CORS comes from the app's middleware; errors are
HttpErrors, turned into responses in app.py.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from service.config import ServiceConfig
from service.errors import HttpError
from service.reconcile import extend as extension
from service.reconcile import match, suggest
from service.reconcile.index import current_index
from service.reconcile.manifest import manifest
from service.reconcile.preview import preview_html

__all__ = ["routes"]

_CALLBACK = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*$")
_METHODS = ["GET", "HEAD", "POST", "OPTIONS"]
_ALLOW = {"Allow": ", ".join(_METHODS)}


async def parameters(request: Request) -> dict[str, str]:
    """The request's parameters: the query string's, and a form-encoded body's on POST."""
    params = dict(request.query_params)
    if request.method == "POST":
        config: ServiceConfig = request.app.state.config
        body = await request.body()
        if len(body) > config.max_body_bytes:
            raise HttpError(413, f"request body over the service's limit of {config.max_body_bytes} bytes")
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "multipart/form-data":
            params.update({k: v for k, v in (await request.form()).items() if isinstance(v, str)})
        elif body:
            if kind not in {"", "application/x-www-form-urlencoded"}:
                raise HttpError(415, f"send the parameters form-encoded (application/x-www-form-urlencoded), not {kind}")
            params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    return params


def reply(params: dict[str, str], body: dict) -> Response:
    """JSON, or JSONP when `callback` names a function (as 0.2 allows)."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    callback = params.get("callback")
    if callback:
        if not _CALLBACK.match(callback) or len(callback) > 100:
            raise HttpError(400, "callback: expected a JavaScript function name (letters, digits, _, $ and dots)")
        return Response(f"/**/{callback}({text});", media_type="application/javascript; charset=utf-8")
    return Response(text, media_type="application/json; charset=utf-8")


def _options(request: Request) -> Response | None:
    return Response(status_code=204, headers=_ALLOW) if request.method == "OPTIONS" else None


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


async def service(request: Request) -> Response:
    if (answer := _options(request)) is not None:
        return answer
    params = await parameters(request)
    if "queries" in params:
        batch = match.read_batch(params["queries"])
        index = await current_index(request)
        return reply(params, {key: {"result": match.reconcile(index, query)} for key, query in batch.items()})
    if "extend" in params:
        ids, wanted = extension.read_extend(params["extend"])
        return reply(params, extension.extend(await current_index(request), ids, wanted))
    return reply(params, manifest(base_url(request)))


async def suggest_entity(request: Request) -> Response:
    if (answer := _options(request)) is not None:
        return answer
    params = await parameters(request)
    cursor = suggest.cursor_of(params.get("cursor"))
    index = await current_index(request)
    return reply(params, suggest.suggest_entities(index, params.get("prefix", ""), params.get("type"), cursor))


async def suggest_property(request: Request) -> Response:
    if (answer := _options(request)) is not None:
        return answer
    params = await parameters(request)
    cursor = suggest.cursor_of(params.get("cursor"))
    return reply(params, suggest.suggest_properties(params.get("prefix", ""), params.get("type"), cursor))


async def suggest_type(request: Request) -> Response:
    if (answer := _options(request)) is not None:
        return answer
    params = await parameters(request)
    return reply(params, suggest.suggest_types(params.get("prefix", ""), suggest.cursor_of(params.get("cursor"))))


async def properties(request: Request) -> Response:
    if (answer := _options(request)) is not None:
        return answer
    params = await parameters(request)
    raw_limit = params.get("limit", "")
    if raw_limit and not raw_limit.isdigit():
        raise HttpError(400, f"limit: expected a non-negative integer, not {raw_limit!r}")
    return reply(params, extension.proposals(params.get("type"), int(raw_limit) if raw_limit else None))


async def preview(request: Request) -> Response:
    if (answer := _options(request)) is not None:
        return answer
    eid = request.query_params.get("id", "")
    if not eid:
        raise HttpError(400, "preview: give the entity's id as ?id=")
    index = await current_index(request)
    return HTMLResponse(preview_html(index, eid, f"{base_url(request)}/id/{eid}"))


def routes() -> list[BaseRoute]:
    return [
        Route("/reconcile", service, methods=_METHODS, name="reconcile"),
        Route("/reconcile/suggest/entity", suggest_entity, methods=_METHODS, name="reconcile-suggest-entity"),
        Route("/reconcile/suggest/property", suggest_property, methods=_METHODS, name="reconcile-suggest-property"),
        Route("/reconcile/suggest/type", suggest_type, methods=_METHODS, name="reconcile-suggest-type"),
        Route("/reconcile/properties", properties, methods=_METHODS, name="reconcile-properties"),
        Route("/reconcile/preview", preview, methods=["GET", "HEAD", "OPTIONS"], name="reconcile-preview"),
    ]
