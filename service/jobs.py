"""A job: one SPARQL operation and how to answer it, as the service sends it to a query worker.

Its own module, below both the worker (which answers jobs) and the backends
(whose readers run them), so neither has to import the other to name it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Partitioned:
    """How to answer a named query a few values of its partition variable at a time, in order
    (queries/README.md, partition): the listing of the values and its parameters' terms."""

    variable: str
    listing: str
    substitutions: dict[str, object] = field(default_factory=dict)  # the query's, where the listing declares them


@dataclass(frozen=True)
class Job:
    """One SPARQL operation and how to answer it."""

    text: str
    accept: str | None = None
    formats: tuple[str, ...] = ()  # what `format=` / `output=` asked for, in the order given
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    substitutions: dict[str, object] = field(default_factory=dict)  # variable name -> pyoxigraph term
    max_rows: int = 100_000
    is_update: bool = False
    union_default_graph: bool = True  # False when the query's own FROM / FROM NAMED should stand
    untrusted: bool = False  # a client's own text: checked by the worker (service/algebra.py) before it runs
    base_iri: str | None = None  # relative IRIs resolve against the endpoint, as the protocol suggests
    generation: int = 0  # bumped by the service after an update, so every worker reopens its store
    # answer the query a few values of a variable at a time, streaming the rows as they come
    partition: Partitioned | None = None
    stop_by: float | None = None  # time.monotonic() by which a streamed result ends itself, before the deadline
