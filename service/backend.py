"""Where the service's queries are answered: an embedded store directory or a remote SPARQL endpoint.

`backend_for(config)` is the one place that chooses. A backend is a small
picklable description, sent to each query worker process, that opens there
a `Reader` (what a worker runs jobs against) and, in the service process, a
`GraphStore` (what the pages and exports query directly). Everything else,
routes, result writing, row caps and deadlines, is the same for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Union

import httpx
import pyoxigraph as ox

from graph.store.remote import RemoteStore
from graph.store import EmbeddedStore, GraphStore, QueryResult, StoreError
from service.jobs import Job
from service.config import ServiceConfig

# The SPARQL Protocol can name graphs but not say "no graph": an empty default graph or an empty
# set of named graphs is asked for by naming this graph, which nothing ever writes.
NO_GRAPH = "urn:x-ofsted-kg:no-graph"
_HAS_BASE = re.compile(r"\bBASE\s*<", re.IGNORECASE)  # a false match only costs the endpoint's base IRI


class Reader(Protocol):
    """What a query worker answers jobs with."""

    def query(self, job: Job) -> QueryResult: ...

    def update(self, job: Job) -> None: ...


@dataclass(frozen=True)
class EmbeddedBackend:
    """The pyoxigraph store that build_graph.py published into a directory."""

    store_dir: Path

    def open_store(self) -> GraphStore:
        return EmbeddedStore(self.store_dir)

    def open_reader(self) -> Reader:
        return EmbeddedReader(self.store_dir)


@dataclass(frozen=True)
class RemoteBackend:
    """A SPARQL 1.1 endpoint reached through RemoteStore, read-only; every request gives up after `timeout`."""

    endpoint: str
    timeout: float

    def open_store(self) -> RemoteStore:
        # Credentials, if the endpoint needs any, come from OFSTED_KG_STORE_USER / _PASSWORD.
        return RemoteStore(self.endpoint, timeout=httpx.Timeout(self.timeout))

    def open_reader(self) -> Reader:
        return RemoteReader(self.open_store())


Backend = Union[EmbeddedBackend, RemoteBackend]


def backend_for(config: ServiceConfig) -> Backend:
    if config.endpoint is not None:
        return RemoteBackend(config.endpoint, config.timeout)
    return EmbeddedBackend(Path(config.store_dir))


def close_store(store: GraphStore) -> None:
    """Release what an open store holds: a remote store's HTTP connections (an embedded one holds none)."""
    if isinstance(store, RemoteStore):
        store.close()


class EmbeddedReader:
    """The published build, opened read-only; reopened when a build is published or after an update.

    It calls pyoxigraph directly rather than EmbeddedStore.query, which always
    makes the default graph the union and so would override a query's FROM.
    """

    def __init__(self, store_dir: Path) -> None:
        self.published = EmbeddedStore(store_dir)
        self._store: ox.Store | None = None
        self._opened: tuple[str, int] = ("", -1)

    def store(self, generation: int) -> ox.Store:
        wanted = (self.published.version(), generation)
        if self._store is None or wanted != self._opened:
            try:
                self._store = ox.Store.read_only(str(self.published.current_path()))
            except OSError as err:
                raise StoreError(f"cannot open the store at {self.published.current_path()}: {err}") from err
            self._opened = wanted
        return self._store

    def query(self, job: Job) -> QueryResult:
        kwargs: dict = {"base_iri": job.base_iri}
        if job.default_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        elif job.union_default_graph:
            kwargs["use_default_graph_as_union"] = True
        if job.named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
        if job.substitutions:
            kwargs["substitutions"] = {ox.Variable(name): term for name, term in job.substitutions.items()}
        return self.store(job.generation).query(job.text, **kwargs)

    def update(self, job: Job) -> None:
        writer = ox.Store(str(self.published.current_path()))
        try:
            writer.update(job.text, base_iri=job.base_iri)
            writer.flush()
        finally:
            del writer


class RemoteReader:
    """Jobs sent to a remote store as SPARQL Protocol requests.

    Without a protocol dataset the remote store's own default graph answers,
    which must be the union of the named graphs (Virtuoso's is), and a query's
    FROM / FROM NAMED stand as written.
    """

    def __init__(self, store: RemoteStore) -> None:
        self.store = store

    def query(self, job: Job) -> QueryResult:
        return self.store.query(
            with_base(job.text, job.base_iri), substitutions=job.substitutions or None,
            default_graph=_graph_list(job.default_graphs), named_graphs=_graph_list(job.named_graphs),
        )

    def update(self, job: Job) -> None:
        raise StoreError(f"this service fronts {self.store.query_url} read-only; "
                         "publish to it with build_graph.py --store-url")


def with_base(text: str, base_iri: str | None) -> str:
    """The query with the endpoint as its base IRI, unless it declares its own (Virtuoso takes only one BASE).

    Written on the query's first line, so the remote store's error messages keep their line numbers.
    """
    if base_iri is None or _HAS_BASE.search(text):
        return text
    return f"BASE {ox.NamedNode(base_iri)} {text}"


def _graph_list(graphs: tuple[str, ...] | None) -> list[str] | None:
    if graphs is None:
        return None
    return list(graphs) or [NO_GRAPH]
