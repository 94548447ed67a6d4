"""SPARQL 1.1 Protocol at /sparql: read the operation from the request, answer it.

Every refusal has its own status and a message that says what was wrong:
400 malformed request or query, 401/403 updates, 405 method, 406 no
acceptable format, 413 body too large, 415 content type, 503 timeout or an
unready store, 500 a store failure.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from service.errors import HttpError
from service.execution import Answer
from service.jobs import Job

ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"
FORM = "application/x-www-form-urlencoded"
DIRECT_QUERY = "application/sparql-query"
DIRECT_UPDATE = "application/sparql-update"
QUERY_DATASET = ("default-graph-uri", "named-graph-uri")
UPDATE_DATASET = ("using-graph-uri", "using-named-graph-uri")


class ProtocolError(HttpError):
    """A request the protocol refuses; carries the HTTP status and headers to answer with."""


@dataclass(frozen=True)
class Operation:
    text: str
    is_update: bool
    default_graphs: tuple[str, ...] | None
    named_graphs: tuple[str, ...] | None
    unsupported_parameters: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()  # `format=` then `output=`, from the URL and a form body alike


def answer_response(answer: Answer) -> Response:
    headers = {"X-Result-Truncated": "true"} if answer.truncated else {}
    if answer.body is not None:
        return Response(answer.body, media_type=answer.media_type, headers=headers)
    return StreamingResponse(answer.chunks, media_type=answer.media_type, headers=headers)


async def read_operation(request: Request, max_body_bytes: int) -> Operation | None:
    """The operation a request carries, or None for a GET that asks for nothing (the description)."""
    url_params = _parse_params(request.url.query, "the URL's query string")
    if request.method in ("GET", "HEAD"):
        if "update" in url_params:
            raise ProtocolError(400, "an update must be sent by POST, not GET")
        if "query" not in url_params:
            return None
        return _operation(url_params, url_params)
    if request.method != "POST":
        raise ProtocolError(
            405, f"method {request.method} is not allowed here; use GET or POST", {"Allow": ALLOWED_METHODS}
        )
    media_type, charset = _content_type(request.headers.get("content-type"))
    body = await _read_body(request, max_body_bytes)
    if media_type == FORM:
        form = _parse_params(_decode(body, charset), "the form body")
        return _operation(form, _merge(url_params, form))
    if media_type in (DIRECT_QUERY, DIRECT_UPDATE):
        text = _decode(body, charset)
        field = "query" if media_type == DIRECT_QUERY else "update"
        return _operation({**url_params, field: [text]}, url_params)
    raise ProtocolError(
        415,
        f"unsupported content type {media_type or '(none)'!r}; POST a query as {FORM}, "
        f"{DIRECT_QUERY} or {DIRECT_UPDATE}",
    )


def check_update_allowed(request: Request, operation: Operation, allow_update: bool, token: str | None) -> None:
    """Updates need the service started with them allowed, and its token; then only what pyoxigraph can honour."""
    if not allow_update or not token:
        raise ProtocolError(403, "updates are disabled: this service is read-only")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ProtocolError(
            401, "an update needs the service's bearer token", {"WWW-Authenticate": 'Bearer realm="sparql-update"'}
        )
    if operation.unsupported_parameters:
        raise ProtocolError(
            400, f"{', '.join(operation.unsupported_parameters)} is not supported; name graphs with USING/WITH in the update"
        )


def to_job(operation: Operation, request: Request, max_rows: int, generation: int) -> Job:
    """The job for a query worker; it checks the text (service/algebra.py) before running it."""
    return Job(
        text=operation.text,
        accept=request.headers.get("accept"),
        formats=operation.formats,
        default_graphs=operation.default_graphs,
        named_graphs=operation.named_graphs,
        max_rows=max_rows,
        is_update=operation.is_update,
        untrusted=True,
        base_iri=str(request.url.replace(query="", fragment="")),
        generation=generation,
    )


def _operation(params: dict[str, list[str]], dataset_params: dict[str, list[str]]) -> Operation:
    """`params` carry the operation; `dataset_params` (the URL's, merged with a form body's) the rest."""
    formats = tuple(dataset_params.get("format", []) + dataset_params.get("output", []))
    queries, updates = params.get("query", []), params.get("update", [])
    if queries and updates:
        raise ProtocolError(400, "a request carries either a query or an update, not both")
    if len(queries) > 1 or len(updates) > 1:
        raise ProtocolError(400, f"a request carries exactly one {'query' if queries else 'update'}; this one has several")
    if not queries and not updates:
        raise ProtocolError(400, "no query: send it as the 'query' parameter or as an application/sparql-query body")
    if updates:
        unsupported = tuple(name for name in UPDATE_DATASET if name in dataset_params)
        return Operation(updates[0], True, None, None, unsupported, formats)
    default = _graph_iris(dataset_params, "default-graph-uri")
    named = _graph_iris(dataset_params, "named-graph-uri")
    if default is None and named is None:
        return Operation(queries[0], False, None, None, formats=formats)
    # A protocol dataset replaces the query's own; a part it leaves out is empty.
    return Operation(queries[0], False, default or (), named or (), formats=formats)


def _graph_iris(params: dict[str, list[str]], name: str) -> tuple[str, ...] | None:
    values = params.get(name)
    if values is None:
        return None
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as err:
            raise ProtocolError(400, f"{name} {value!r} is not an IRI: {err}") from None
    return tuple(values)


def _parse_params(text: str, where: str) -> dict[str, list[str]]:
    try:
        return parse_qs(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as err:
        raise ProtocolError(400, f"{where} is not percent-encoded UTF-8: {err}") from None


def _merge(first: dict[str, list[str]], second: dict[str, list[str]]) -> dict[str, list[str]]:
    merged = {key: list(values) for key, values in first.items()}
    for key, values in second.items():
        merged.setdefault(key, []).extend(values)
    return merged


def _content_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    media_type, *params = (part.strip() for part in header.split(";"))
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media_type.lower(), charset


def _decode(body: bytes, charset: str | None) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise ProtocolError(415, f"charset {charset!r} is not supported; send UTF-8")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ProtocolError(400, f"the body is not UTF-8: {err}") from None


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"the request body is {declared} bytes; the limit is {limit}")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise ProtocolError(413, f"the request body is over the {limit}-byte limit")
    return bytes(body)
