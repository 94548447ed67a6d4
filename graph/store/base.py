"""What the builder and the service need from a triple store: `GraphStore`, its results and errors.

The builder and the service see a store only through `GraphStore`, so a
remote SPARQL store (graph.store.remote) can stand where the embedded one
(graph.store.embedded) stands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping, Protocol, Union

import pyoxigraph as ox

QueryResult = Union[ox.QuerySolutions, ox.QueryBoolean, ox.QueryTriples]
Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]



class StoreError(Exception):
    """The store cannot be opened, written or read; the message says which and why."""


class QueryRejected(StoreError):
    """The store refused the query itself (a remote store's HTTP 400): the query is at fault."""


class GraphStore(Protocol):
    """What the builder and the service need from a triple store."""

    def publish(self, nquads: Path, gate: Callable[[], None] | None = None) -> None:
        """Replace the whole dataset with the quads of an N-Quads file, all or nothing.

        `gate`, when given, is called once the data is staged and before it is
        switched in; if it raises, the staged data is dropped and the previous
        dataset stays (the builder validates while the store loads).
        """

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Term] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        """Run a read-only SPARQL query; without default_graph the default graph is the union."""

    def version(self) -> str:
        """An identifier of the dataset being served; it changes with each publish."""
