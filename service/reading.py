"""How pages and exports read the graph: internal named queries, answered by the QueryPool.

The same workers, deadline and row cap as /sparql and /queries: a page's query
that overruns is stopped (503), and a result cut at the cap is remembered so
the response can say so (`truncated`, `TRUNCATED_HEADER`).
"""

from __future__ import annotations

from graph import queries
from service.execution import Graph, QueryPool, Rows

TRUNCATED_HEADER = {"X-Result-Truncated": "true"}


class GraphReader:
    """One request's reads: each a query of queries/pages or queries/exports, by name."""

    def __init__(self, pool: QueryPool, max_rows: int) -> None:
        self.pool = pool
        self.max_rows = max_rows
        self.truncated = False  # set once any result of this request was cut at the row cap

    async def select(self, name: str, **bindings: object) -> Rows:
        """Rows of lexical values; `bindings` (pyoxigraph terms) are substituted, never spliced."""
        rows = await self.pool.select(queries.internal(name), bindings, self.max_rows)
        self.truncated |= rows.truncated
        return rows

    async def construct(self, name: str, **bindings: object) -> Graph:
        graph = await self.pool.construct(queries.internal(name), bindings, self.max_rows)
        self.truncated |= graph.truncated
        return graph

    @property
    def note(self) -> str | None:
        """What a page says when part of what it shows was cut at the row cap."""
        if not self.truncated:
            return None
        return f"Incomplete: a query behind this page was cut at the service's limit of {self.max_rows} rows."

    def headers(self) -> dict[str, str]:
        return dict(TRUNCATED_HEADER) if self.truncated else {}
