"""How the service was started: the one record every part of it reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from graph.resources import QUERIES_DIR


@dataclass(frozen=True)
class ServiceConfig:
    """Everything the service's parts need to know about how it was started."""

    store_dir: Path | None = None  # the embedded store build_graph.py published into; or else
    endpoint: str | None = None  # a remote SPARQL store's query URL, served read-only
    queries_dir: Path = QUERIES_DIR  # the public named queries served at /queries
    timeout: float = 30.0  # seconds a query may run before its worker is killed
    max_rows: int = 100_000  # rows (or triples) in one result before it is cut
    max_body_bytes: int = 1 << 20
    max_head_bytes: int = 64 * 1024  # request line and headers together (service/limits.py)
    request_timeout: float = 10.0  # seconds a client has to send a request's head, and again its body
    max_connections: int = 1000  # open connections and requests in progress before new ones get 503
    query_workers: int = 2  # worker processes kept warm
    max_query_workers: int = 12  # workers at most: more start while long queries hold the warm ones
    query_memory: int = 1 << 30  # bytes of heap a query worker may take; past it the query is stopped (503)
    allow_update: bool = False
    update_token: str | None = field(default=None, repr=False)  # never printed
    watch: tuple[Path, ...] = ()  # source directories published into store_dir as they change (--watch)
    watch_interval: float = 1.0  # seconds between looks at them

    def __post_init__(self) -> None:
        if (self.store_dir is None) == (self.endpoint is None):
            raise ValueError("serve either a store directory or a SPARQL endpoint, exactly one of them")
        if self.endpoint is not None and self.allow_update:
            raise ValueError("updates cannot be allowed when serving a remote SPARQL endpoint: the service "
                             "fronts it read-only; publish to it with build_graph.py --store-url")
        if self.watch and self.store_dir is None:
            raise ValueError("--watch publishes into the store directory the service serves; it cannot "
                             "publish to a remote endpoint (use build_graph.py --store-url)")
