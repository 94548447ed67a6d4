"""A remote SPARQL 1.1 triple store behind the `GraphStore` interface.

Writes use the Graph Store HTTP Protocol (one PUT per named graph) and SPARQL
1.1 Update (MOVE, DROP); reads use the SPARQL 1.1 Protocol, and the answers
are parsed by pyoxigraph, so callers get the same result objects as from
`EmbeddedStore`.

Publishing is staged. Every graph of the new build is first PUT under a
staging IRI while the served graphs stay as they were; then one update
request moves each staging graph onto its real IRI, drops the graphs the new
build no longer has, and moves kgg:build last. A failure while loading leaves
the previous data whole. SPARQL 1.1 Update asks stores to run a request
atomically (Fuseki/TDB2, GraphDB and Neptune do); Virtuoso commits operation
by operation, so there each graph switches whole and a failure mid-switch
names the graphs still holding the previous build. An incremental publish
(`apply`) stages and switches only the named graphs whose content changed, and
drops the ones that went, the same way. docs/remote-store.md has the details
and the configuration for other stores.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from pathlib import Path
from typing import Callable, Collection, Iterable, Mapping
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox

from graph.queries import internal
from graph.store.base import DatasetDelta, GraphStore, QueryRejected, QueryResult, StoreError, Term
from graph.store.embedded import EmbeddedStore
from graph.store.lexer import scan_query, values_block
from graph.vocab import BUILD_GRAPH, KGG, KGR

ENV_USER = "OFSTED_KG_STORE_USER"
ENV_PASSWORD = "OFSTED_KG_STORE_PASSWORD"
ENV_AUTH = "OFSTED_KG_STORE_AUTH"  # "digest" (default) or "basic"
ENV_GSP_URL = "OFSTED_KG_STORE_GSP_URL"
ENV_UPDATE_URL = "OFSTED_KG_STORE_UPDATE_URL"
ENV_SWITCH_QUADS = "OFSTED_KG_STORE_SWITCH_QUADS"  # quads per switch request; unset: one request for all

OWNED_PREFIX = str(KGG)  # the graphs a publish replaces; anything else in the store is left alone
STAGING_PREFIX = "https://w3id.org/ofsted-kg/staging/"
BUILD_GRAPH_IRI = str(BUILD_GRAPH)
BUILD_ID_PREFIX = str(KGR) + "build/"

RESULTS_XML = "application/sparql-results+xml"
RDF_ACCEPT = "application/n-triples, text/turtle;q=0.9, text/plain;q=0.5"
UPLOAD_TYPE = "text/turtle"  # N-Triples is Turtle, and every GSP store accepts Turtle
DEFAULT_TIMEOUT = httpx.Timeout(30.0, read=1800.0, write=600.0)
ERROR_EXCERPT = 400
VALUES_ROWS = 200  # nodes bound per request when reading about many nodes: a request line per node

_RESULT_FORMATS = {
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_RDF_FORMATS = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
}


class RemoteStore:
    """A SPARQL 1.1 store reached over HTTP: GSP to write, Update to switch, Protocol to read."""

    def __init__(
        self,
        query_url: str,
        gsp_url: str | None = None,
        update_url: str | None = None,
        *,
        switch_quads: int | None = None,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.query_url = _checked_url(query_url)
        self.switch_quads = switch_quads
        self.gsp_url = _checked_url(gsp_url or query_url)
        self.update_url = _checked_url(update_url or query_url)
        self.user = os.environ.get(ENV_USER) or None
        self._client = httpx.Client(auth=_auth_from_environment(), timeout=timeout, transport=transport)

    @classmethod
    def from_environment(cls, query_url: str) -> RemoteStore:
        """The store at query_url, its GSP and update endpoints and credentials from OFSTED_KG_STORE_*."""
        batch = os.environ.get(ENV_SWITCH_QUADS)
        if batch is not None and not batch.isdigit():
            raise StoreError(f"{ENV_SWITCH_QUADS} must be a number of quads, not {batch!r}")
        return cls(query_url, os.environ.get(ENV_GSP_URL), os.environ.get(ENV_UPDATE_URL),
                   switch_quads=int(batch) if batch else None)

    def __repr__(self) -> str:
        return f"RemoteStore(query_url={self.query_url!r}, gsp_url={self.gsp_url!r}, user={self.user!r})"

    def close(self) -> None:
        self._client.close()

    def publish(self, nquads: Path, gate: Callable[[], None] | None = None) -> None:
        """Stage every graph, let `gate` veto the build (it raises), then switch; see the module notes."""
        token = f"{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"
        with tempfile.TemporaryDirectory(prefix="ofsted-kg-publish-") as spool:
            graphs, sizes = spool_by_graph(Path(nquads), Path(spool))
            staged = {graph: staging_iri(token, graph) for graph in graphs}
            self._stage(graphs, staged, nquads)
        self._gate(staged, gate)
        self._switch(staged, sizes, self._graphs_under(OWNED_PREFIX) - set(graphs))

    def apply(self, delta: DatasetDelta, gate: Callable[[], None] | None = None) -> None:
        """Stage the changed graphs whole, let `gate` veto, then switch them and drop the emptied ones."""
        token = f"{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"
        with tempfile.TemporaryDirectory(prefix="ofsted-kg-apply-") as spool:
            graphs: dict[str, Path] = {}
            sizes: dict[str, int] = {}
            for change in delta.changes:
                if change.quads:
                    graphs[change.graph] = _write_triples(change.quads, Path(spool) / f"{len(graphs)}.nt")
                    sizes[change.graph] = len(change.quads)
            staged = {graph: staging_iri(token, graph) for graph in graphs}
            self._stage(graphs, staged, "the changed graphs")
        self._gate(staged, gate)
        self._switch(staged, sizes, {change.graph for change in delta.changes if not change.quads})

    def graph_quads(self, graph: str) -> set[ox.Quad]:
        name = ox.NamedNode(graph)
        rows = self.query(internal("store/graph-quads").sparql, substitutions={"graph": name})
        return {ox.Quad(row["s"], row["p"], row["o"], name) for row in rows}

    def quads_about(self, subjects: Collection[ox.NamedNode],
                    predicates: Collection[ox.NamedNode] | None = None) -> list[ox.Quad]:
        sparql = internal("store/quads-about").sparql
        if predicates is not None:
            sparql = _with_values(sparql, "p", predicates)
        return self._quads_for_each(sparql, "s", subjects)

    def quads_referring_to(self, objects: Collection[ox.NamedNode]) -> list[ox.Quad]:
        return self._quads_for_each(internal("store/quads-referring-to").sparql, "o", objects)

    def _quads_for_each(self, sparql: str, variable: str, nodes: Collection[ox.NamedNode]) -> list[ox.Quad]:
        """The query's quads for each node bound to `variable`, VALUES_ROWS nodes a request."""
        ordered = sorted(nodes, key=str)
        quads = []
        for first in range(0, len(ordered), VALUES_ROWS):
            batch = _with_values(sparql, variable, ordered[first:first + VALUES_ROWS])
            quads += [ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in self.query(batch)]
        return quads

    def _gate(self, staged: dict[str, str], gate: Callable[[], None] | None) -> None:
        if gate is not None:
            try:
                gate()
            except BaseException:  # whatever stops the build: drop what was staged, then let it through
                self._drop_after_failure(list(staged.values()))
                raise

    def _stage(self, graphs: dict[str, Path], staged: dict[str, str], what: Path | str) -> None:
        """PUT every graph under its staging IRI; the served graphs do not change."""
        self._drop(self._graphs_under(STAGING_PREFIX))  # left by publishes that failed
        try:
            for graph, triples in graphs.items():
                self._put(staged[graph], triples)
        except StoreError as err:
            self._drop_after_failure(list(staged.values()))
            raise StoreError(f"publishing {what} failed while loading; the previous data is whole: {err}") from err

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Term] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        form, where_start = scan_query(sparql)
        if substitutions:
            if where_start is None:
                raise StoreError(f"a {form} query without a WHERE clause cannot take substitutions")
            sparql = sparql[:where_start] + values_block(substitutions) + sparql[where_start:]
        data: dict[str, str | list[str]] = {"query": sparql}
        if default_graph is not None:
            data["default-graph-uri"] = list(default_graph)
        if named_graphs is not None:
            data["named-graph-uri"] = list(named_graphs)
        accept = RDF_ACCEPT if form in ("CONSTRUCT", "DESCRIBE") else RESULTS_XML
        response = self._send("POST", self.query_url, data=data, headers={"Accept": accept})
        return parse_response(response)

    def version(self) -> str:
        solutions = self.query(internal("store/build-version").sparql, substitutions={
            "build_graph": ox.NamedNode(BUILD_GRAPH_IRI), "id_prefix": ox.Literal(BUILD_ID_PREFIX)})
        for solution in solutions:
            return solution["build"].value
        raise StoreError(f"no build has been published to {self.query_url} (kgg:build holds no build id)")

    def _put(self, graph: str, triples: Path) -> None:
        self._send("PUT", self.gsp_url, params={"graph": graph},
                   content=triples.read_bytes(), headers={"Content-Type": UPLOAD_TYPE})

    def _update(self, operations: list[str]) -> None:
        if operations:
            self._send("POST", self.update_url, data={"update": " ;\n".join(operations)})

    def _graphs_under(self, prefix: str) -> set[str]:
        solutions = self.query(internal("store/graphs-under").sparql, substitutions={"prefix": ox.Literal(prefix)})
        return {solution["g"].value for solution in solutions}

    def _drop(self, graphs: set[str] | list[str]) -> None:
        self._update([f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in sorted(graphs)])

    def _drop_after_failure(self, staging: list[str]) -> None:
        try:
            self._drop(staging)
        except StoreError:
            pass  # the store is failing already; the next publish drops leftover staging graphs first

    def _switch(self, staged: dict[str, str], sizes: dict[str, int], obsolete: set[str]) -> None:
        """Move staging graphs onto the served IRIs; kgg:build last, so version() changes only at the end.

        One request when the store takes it; with switch_quads set (Virtuoso caps a transaction's
        log), batches of whole graphs, each batch one transaction.
        """
        data = sorted(g for g in staged if g != BUILD_GRAPH_IRI)
        requests: list[list[str]] = [[]]
        in_request = 0
        for graph in data:
            if self.switch_quads and requests[-1] and in_request + sizes[graph] > self.switch_quads:
                requests.append([])
                in_request = 0
            requests[-1].append(f"MOVE SILENT {ox.NamedNode(staged[graph])} TO {ox.NamedNode(graph)}")
            in_request += sizes[graph]
        last = [f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in sorted(obsolete)]
        if BUILD_GRAPH_IRI in staged:
            last.append(f"MOVE SILENT {ox.NamedNode(staged[BUILD_GRAPH_IRI])} TO {ox.NamedNode(BUILD_GRAPH_IRI)}")
        if self.switch_quads:
            requests.append(last)
        else:
            requests[-1] += last
        try:
            for operations in requests:
                self._update(operations)
        except StoreError as err:
            raise StoreError(self._half_switched_report(staged, err)) from err

    def _half_switched_report(self, staged: dict[str, str], err: StoreError) -> str:
        try:
            waiting = self._graphs_under(STAGING_PREFIX) & set(staged.values())
        except StoreError:
            return f"switching to the new build failed and the store cannot say how far it got: {err}"
        old = sorted(g for g, s in staged.items() if s in waiting)
        if len(old) == len(staged):
            return f"switching to the new build failed before any graph changed; the previous data is whole: {err}"
        shown = ", ".join(old[:10]) + (" ..." if len(old) > 10 else "")
        return (f"switching to the new build failed part way: {len(old)} of {len(staged)} graphs still hold "
                f"the previous build ({shown}); publish again to finish: {err}")

    def _send(self, method: str, url: str, **kwargs) -> httpx.Response:
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.HTTPError as err:
            raise StoreError(f"{method} {url} failed: {type(err).__name__}: {err}") from err
        if response.status_code in (401, 403):
            raise StoreError(f"{method} {url}: the store refused user {self.user!r} (HTTP {response.status_code}); "
                             f"check {ENV_USER}, {ENV_PASSWORD} and {ENV_AUTH}")
        if response.status_code == 400:
            raise QueryRejected(f"the store refused the request: {response.text[:ERROR_EXCERPT].strip()}")
        if response.is_error:
            raise StoreError(f"{method} {url}: HTTP {response.status_code}: {response.text[:ERROR_EXCERPT].strip()}")
        return response


def make_store(store_dir: Path | None, store_url: str | None) -> GraphStore:
    """The store a command was pointed at: a SPARQL endpoint URL, else an embedded store directory."""
    if store_url:
        return RemoteStore.from_environment(store_url)
    if store_dir is None:
        raise StoreError("no store given: name a store directory or a SPARQL endpoint URL")
    return EmbeddedStore(Path(store_dir))


def spool_by_graph(nquads: Path, directory: Path) -> tuple[dict[str, Path], dict[str, int]]:
    """Split an N-Quads file into one N-Triples file per named graph, streaming; and count each graph's quads."""
    files: dict[str, Path] = {}
    sizes: dict[str, int] = {}
    current, handle = None, None
    try:
        for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
            graph = quad.graph_name
            if not isinstance(graph, ox.NamedNode) or not graph.value.startswith(OWNED_PREFIX):
                raise StoreError(f"{nquads}: quad in graph {graph}, outside {OWNED_PREFIX}; "
                                 f"a remote publish replaces only the project's named graphs")
            if graph.value != current:
                if handle is not None:
                    handle.close()
                current = graph.value
                path = files.setdefault(current, directory / f"{len(files)}.nt")
                handle = path.open("a", encoding="utf-8")
            handle.write(f"{quad.subject} {quad.predicate} {quad.object} .\n")
            sizes[current] = sizes.get(current, 0) + 1
    except (OSError, SyntaxError) as err:
        raise StoreError(f"cannot read {nquads}: {err}") from err
    finally:
        if handle is not None:
            handle.close()
    return files, sizes


def _with_values(sparql: str, variable: str, terms: Collection[ox.NamedNode]) -> str:
    """The query with `variable` bound to each of `terms` (IRIs written by pyoxigraph) inside its WHERE group."""
    _, where_start = scan_query(sparql)
    rows = " ".join(str(term) for term in terms)
    return f"{sparql[:where_start]} VALUES ?{variable} {{ {rows} }} {sparql[where_start:]}"


def _write_triples(quads: Iterable[ox.Quad], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.writelines(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
    return path


def staging_iri(token: str, graph: str) -> str:
    """Where a graph waits until the switch: readable, and unique to this publish."""
    return f"{STAGING_PREFIX}{token}/{graph[len(OWNED_PREFIX):]}"


def parse_response(response: httpx.Response) -> QueryResult:
    """pyoxigraph result objects from a SPARQL Protocol answer, whatever its format."""
    media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if media_type in _RESULT_FORMATS:
            return ox.parse_query_results(response.content, _RESULT_FORMATS[media_type])
        if media_type in _RDF_FORMATS:
            graph = ox.Store()
            graph.load(response.content, format=_RDF_FORMATS[media_type])
            return graph.query("CONSTRUCT WHERE { ?s ?p ?o }")
    except SyntaxError as err:
        raise StoreError(f"the store answered {media_type} that does not parse: {err}") from err
    raise StoreError(f"the store answered in {media_type or 'no declared format'}, which is not a SPARQL result format")


def _auth_from_environment() -> httpx.Auth | None:
    user, password = os.environ.get(ENV_USER), os.environ.get(ENV_PASSWORD)
    if not user:
        return None
    if password is None:
        raise StoreError(f"{ENV_USER} is set but {ENV_PASSWORD} is not")
    scheme = os.environ.get(ENV_AUTH, "digest").lower()
    if scheme == "digest":
        return httpx.DigestAuth(user, password)
    if scheme == "basic":
        return httpx.BasicAuth(user, password)
    raise StoreError(f"{ENV_AUTH} must be 'digest' or 'basic', not {scheme!r}")


def _checked_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"not an http(s) endpoint URL: {url!r}")
    if parts.username or parts.password:
        raise StoreError(f"credentials go in {ENV_USER} and {ENV_PASSWORD}, not in the endpoint URL")
    return url
