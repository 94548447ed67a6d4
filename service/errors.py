"""The service's one HTTP error type, and the one table that maps library errors to statuses.

Route code raises `HttpError` for what it refuses itself and lets the
libraries' own errors (graph.queries, graph.store, negotiation, execution)
propagate; app.py converts them all at the edge, through `status_of`, into a
plain-text answer or, on the pages for people, the error page.
"""

from __future__ import annotations

from graph.queries import BadParameter, MalformedQueryFile, NamedQueryError, UnknownQuery
from graph.store import QueryRejected, StoreError
from service.algebra import FederationRefused, NestedTooDeeply
from service.negotiation import NotAcceptable


class HttpError(Exception):
    """A request the service refuses: the status, a message for people, and headers to answer with."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}


# Most specific first: QueryRejected is a StoreError, the named-query errors share a base.
# Query workers send the status across their pipe; the web process raises the rest.
STATUSES: tuple[tuple[type[Exception], int], ...] = (
    (UnknownQuery, 404),
    (BadParameter, 400),
    (MalformedQueryFile, 500),
    (NamedQueryError, 500),
    (QueryRejected, 400),
    (FederationRefused, 400),
    (NestedTooDeeply, 400),
    (StoreError, 503),
    (NotAcceptable, 406),
    (SyntaxError, 400),  # pyoxigraph's error for a query it cannot parse (raised in a query worker)
    (OSError, 500),  # the embedded store failed while answering
)
RETRY_AFTER = {"Retry-After": "5"}  # a 503 (timeout, busy, no build yet) is worth retrying shortly


def status_of(err: Exception) -> int:
    """The HTTP status an error stands for: its own when it carries one, else the table's."""
    own = getattr(err, "status", None)
    if isinstance(own, int):
        return own
    for kind, status in STATUSES:
        if isinstance(err, kind):
            return status
    return 500


def headers_of(err: Exception) -> dict[str, str]:
    headers = dict(getattr(err, "headers", None) or {})
    if isinstance(err, HttpError):
        return headers
    if status_of(err) == 503:
        headers.update(RETRY_AFTER)
    return headers


HANDLED: tuple[type[Exception], ...] = (HttpError, *(kind for kind, _ in STATUSES))
