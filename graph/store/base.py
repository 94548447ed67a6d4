"""What the builder and the service need from a triple store: `GraphStore`, its results and errors.

The builder and the service see a store only through `GraphStore`, so a
remote SPARQL store (graph.store.remote) can stand where the embedded one
(graph.store.embedded) stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Collection, Iterator, Mapping, Protocol, Union

import pyoxigraph as ox

QueryResult = Union[ox.QuerySolutions, ox.QueryBoolean, ox.QueryTriples]
Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]



class StoreError(Exception):
    """The store cannot be opened, written or read; the message says which and why."""


class QueryRejected(StoreError):
    """The store refused the query itself (a remote store's HTTP 400): the query is at fault."""


@dataclass(frozen=True)
class GraphChange:
    """One named graph's new content, and how it differs from what the store serves."""

    graph: str
    quads: frozenset[ox.Quad]  # the whole new content; empty when the graph goes
    added: frozenset[ox.Quad]
    removed: frozenset[ox.Quad]


@dataclass(frozen=True)
class DatasetDelta:
    """The named graphs an incremental publish changes; every other graph stays as served."""

    changes: tuple[GraphChange, ...]

    def added(self) -> Iterator[ox.Quad]:
        return (quad for change in self.changes for quad in change.added)

    def removed(self) -> Iterator[ox.Quad]:
        return (quad for change in self.changes for quad in change.removed)


class GraphStore(Protocol):
    """What the builder and the service need from a triple store."""

    def publish(self, nquads: Path, gate: Callable[[], None] | None = None) -> None:
        """Replace the whole dataset with the quads of an N-Quads file, all or nothing.

        `gate`, when given, is called once the data is staged and before it is
        switched in; if it raises, the staged data is dropped and the previous
        dataset stays (the builder validates while the store loads).
        """

    def apply(self, delta: DatasetDelta, gate: Callable[[], None] | None = None) -> None:
        """Change only the named graphs of `delta`, all or nothing, with `gate` as for `publish`."""

    def graph_quads(self, graph: str) -> set[ox.Quad]:
        """The quads of one named graph, as served."""

    def quads_about(self, subjects: Collection[ox.NamedNode],
                    predicates: Collection[ox.NamedNode] | None = None) -> list[ox.Quad]:
        """Every served quad, in any graph, whose subject is one of `subjects` (and predicate one of `predicates`)."""

    def quads_referring_to(self, objects: Collection[ox.NamedNode]) -> list[ox.Quad]:
        """Every served quad, in any graph, whose object is one of `objects`."""

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
