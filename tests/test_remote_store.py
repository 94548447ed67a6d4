"""RemoteStore: query rewriting on its own, then publish and read back against a real Virtuoso."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

import httpx
import pyoxigraph as ox
import pytest

from graph.store.remote import (
    ENV_AUTH, ENV_PASSWORD, ENV_USER, STAGING_PREFIX, RemoteStore, make_store, scan_query, values_block,
)
from graph.pipeline import build
from graph.provenance import static_graphs
from graph.store import DatasetDelta, EmbeddedStore, GraphChange, QueryRejected, StoreError

KGG = "https://w3id.org/ofsted-kg/graph/"
KGR = "https://w3id.org/ofsted-kg/id/"
NAME = ox.NamedNode("http://schema.org/name")
START = ox.NamedNode("https://w3id.org/ofsted-kg/def#startDate")
XSD = "http://www.w3.org/2001/XMLSchema#"
ALL_QUADS = f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), \"{KGG}\")) }}"


# --- query rewriting, no server needed ---------------------------------------------------------

@pytest.mark.parametrize("sparql, form, inside", [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT", "WHERE {"),
    ("PREFIX ex: <http://ex/{x}>\nselect ?s { ?s ?p ?o }", "SELECT", "?s {"),
    ("ASK { ?s ?p ?o }", "ASK", "ASK {"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT", "WHERE {"),
    ("CONSTRUCT { ?s ?p ?o } { ?s ?p ?o }", "CONSTRUCT", "} {"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT", "WHERE {"),
    ("# a comment with { and SELECT\nSELECT (EXISTS { ?a ?b ?c } AS ?e) WHERE { ?s ex:where \"{\" }",
     "SELECT", "WHERE {"),
])
def test_scan_query_finds_the_form_and_the_outermost_where_group(sparql: str, form: str, inside: str) -> None:
    found_form, offset = scan_query(sparql)
    assert found_form == form
    assert sparql[:offset].endswith(inside)


def test_describe_without_where_has_no_group_for_substitutions() -> None:
    assert scan_query("DESCRIBE <http://ex/a>") == ("DESCRIBE", None)


def test_text_that_is_not_a_query_is_refused() -> None:
    with pytest.raises(StoreError, match="not a SPARQL query"):
        scan_query("INSERT DATA { <http://ex/a> <http://ex/b> 1 }")


def test_values_block_writes_terms_with_pyoxigraph_so_quotes_cannot_escape() -> None:
    sneaky = ox.Literal('x" } ; DROP ALL ; #')
    block = values_block({"name": sneaky, "who": ox.NamedNode("http://ex/a")})
    assert block == f" VALUES (?name ?who) {{ ({sneaky} <http://ex/a>) }} "
    assert '\\"' in block


@pytest.mark.parametrize("name, term, message", [
    ("?x", ox.NamedNode("http://ex/a"), "not a SPARQL variable name"),
    ("x", ox.BlankNode("b0"), "IRIs and literals"),
])
def test_values_block_refuses_what_sparql_values_cannot_hold(name: str, term, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        values_block({name: term})


def test_credentials_in_the_endpoint_url_are_refused_without_echoing_them() -> None:
    with pytest.raises(StoreError) as caught:
        RemoteStore("http://writer:hunter2@127.0.0.1:1/sparql")
    assert "hunter2" not in str(caught.value)


def test_make_store_picks_the_backend(tmp_path: Path) -> None:
    assert isinstance(make_store(tmp_path, None), EmbeddedStore)
    assert isinstance(make_store(tmp_path, "http://127.0.0.1:1/sparql"), RemoteStore)
    with pytest.raises(StoreError, match="no store given"):
        make_store(None, None)


def test_quads_outside_the_project_graphs_are_refused(tmp_path: Path) -> None:
    stray = tmp_path / "stray.nq"
    stray.write_text("<http://ex/s> <http://ex/p> <http://ex/o> <http://ex/elsewhere> .\n")
    store = RemoteStore("http://127.0.0.1:1/sparql")
    with pytest.raises(StoreError, match="outside"):
        store.publish(stray)


# --- against Virtuoso ----------------------------------------------------------------------------

def quad(subject: str, predicate: ox.NamedNode, value: ox.NamedNode | ox.Literal, graph: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(KGR + subject), predicate, value, ox.NamedNode(KGG + graph))


def build_quad(build: str) -> ox.Quad:
    return quad(f"build/{build}", ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode("http://www.w3.org/ns/prov#Activity"), "build")


FIRST_BUILD = [
    quad("authority/E06000021", NAME, ox.Literal("Stoke-on-Trent", language="en"), "source/a.txt"),
    quad("inspection/1", START, ox.Literal("2019-02", datatype=ox.NamedNode(XSD + "gYearMonth")), "source/a.txt"),
    quad("inspection/2", START, ox.Literal("2020-02-27", datatype=ox.NamedNode(XSD + "date")), "source/b.txt"),
    quad("person/jane", NAME, ox.Literal('Jane "JJ" Doe\nsecond line — ü'), "source/b.txt"),
    quad("person/sam", NAME, ox.Literal("Sam Roe"), "source/c.txt"),
    build_quad("first"),
]


def write_nquads(path: Path, quads: list[ox.Quad]) -> Path:
    ox.serialize(quads, output=str(path), format=ox.RdfFormat.N_QUADS)
    return path


def served_quads(store: RemoteStore) -> set[ox.Quad]:
    return {ox.Quad(s["s"], s["p"], s["o"], s["g"]) for s in store.query(ALL_QUADS)}


def staging_graphs(store: RemoteStore) -> list[str]:
    rows = store.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                       f"FILTER(STRSTARTS(STR(?g), \"{STAGING_PREFIX}\")) }}")
    return [row["g"].value for row in rows]


class FailingTransport(httpx.HTTPTransport):
    """Passes requests to the server until `fails(request)` says this one breaks."""

    def __init__(self, fails: Callable[[httpx.Request], bool]) -> None:
        super().__init__()
        self.fails = fails

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.fails(request):
            raise httpx.ConnectError("injected failure: connection lost", request=request)
        return super().handle_request(request)


def nth_put_fails(n: int) -> Callable[[httpx.Request], bool]:
    puts = 0

    def fails(request: httpx.Request) -> bool:
        nonlocal puts
        puts += request.method == "PUT"
        return request.method == "PUT" and puts == n
    return fails


@pytest.fixture
def credentials(virtuoso_server, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(ENV_USER, virtuoso_server.user)
    monkeypatch.setenv(ENV_PASSWORD, virtuoso_server.password)
    monkeypatch.setenv(ENV_AUTH, "digest")
    return virtuoso_server


@pytest.fixture
def store(credentials) -> Iterator[RemoteStore]:
    remote = RemoteStore(credentials.query_url, credentials.gsp_url)
    yield remote
    remote.close()


@pytest.fixture
def published(store: RemoteStore, tmp_path: Path) -> RemoteStore:
    store.publish(write_nquads(tmp_path / "first.nq", FIRST_BUILD))
    return store


def test_publish_then_select_returns_every_quad_as_written(published: RemoteStore) -> None:
    assert served_quads(published) == set(FIRST_BUILD)
    assert staging_graphs(published) == []


def test_ask_and_construct_read_back_as_pyoxigraph_results(published: RemoteStore) -> None:
    asked = published.query(f"ASK {{ <{KGR}person/sam> <http://schema.org/name> \"Sam Roe\" }}")
    assert isinstance(asked, ox.QueryBoolean) and bool(asked)
    constructed = published.query(f"CONSTRUCT {{ ?s <http://ex/named> ?n }} WHERE {{ GRAPH <{KGG}source/c.txt> "
                                  f"{{ ?s <http://schema.org/name> ?n }} }}")
    assert isinstance(constructed, ox.QueryTriples)
    assert list(constructed) == [ox.Triple(ox.NamedNode(KGR + "person/sam"), ox.NamedNode("http://ex/named"),
                                           ox.Literal("Sam Roe"))]


def test_substitutions_bind_like_the_embedded_store(published: RemoteStore) -> None:
    sparql = "SELECT ?s WHERE { ?s <http://schema.org/name> ?name }"
    found = published.query(sparql, substitutions={"name": ox.Literal('Jane "JJ" Doe\nsecond line — ü')})
    assert [row["s"] for row in found] == [ox.NamedNode(KGR + "person/jane")]
    sneaky = published.query(sparql, substitutions={"name": ox.Literal('x" } ; DROP ALL ; #')})
    assert list(sneaky) == []
    assert len(served_quads(published)) == len(FIRST_BUILD)


def test_default_and_named_graphs_narrow_the_dataset(published: RemoteStore) -> None:
    names = "SELECT ?n WHERE { ?s <http://schema.org/name> ?n }"
    only_c = published.query(names, default_graph=[KGG + "source/c.txt"])
    assert [row["n"].value for row in only_c] == ["Sam Roe"]
    graphs = published.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                             named_graphs=[KGG + "source/a.txt"])
    assert [row["g"].value for row in graphs] == [KGG + "source/a.txt"]


def test_version_is_the_build_id_in_the_build_graph(published: RemoteStore) -> None:
    assert published.version() == KGR + "build/first"


def test_republish_replaces_a_changed_graph_and_drops_a_removed_one(published: RemoteStore, tmp_path: Path) -> None:
    second = [q for q in FIRST_BUILD if q.graph_name.value not in (KGG + "source/c.txt", KGG + "build")]
    second = [q for q in second if q.graph_name.value != KGG + "source/b.txt"]
    second += [quad("person/jane", NAME, ox.Literal("Jane Doe"), "source/b.txt"), build_quad("second")]
    nquads = write_nquads(tmp_path / "second.nq", second)
    published.publish(nquads)
    published.publish(nquads)  # the same build again changes nothing
    assert served_quads(published) == set(second)
    assert published.version() == KGR + "build/second"
    assert staging_graphs(published) == []


def test_wrong_password_is_refused_without_the_password_in_the_message(
        published: RemoteStore, credentials, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    wrong = "not-the-password-" + credentials.password[:6]
    monkeypatch.setenv(ENV_PASSWORD, wrong)
    intruder = RemoteStore(credentials.query_url, credentials.gsp_url)
    with pytest.raises(StoreError) as caught:
        intruder.publish(write_nquads(tmp_path / "other.nq", [build_quad("intruder")]))
    message = f"{caught.value} {caught.value.__cause__ or ''}"
    assert "refused user 'kgtest'" in message
    assert wrong not in message and credentials.password not in message
    assert served_quads(published) == set(FIRST_BUILD)


def test_failure_while_loading_leaves_the_previous_data_whole(credentials, published: RemoteStore,
                                                              tmp_path: Path) -> None:
    flaky = RemoteStore(credentials.query_url, credentials.gsp_url, transport=FailingTransport(nth_put_fails(2)))
    changed = [quad("person/sam", NAME, ox.Literal("Someone Else"), "source/c.txt"), build_quad("broken")]
    with pytest.raises(StoreError, match="failed while loading; the previous data is whole"):
        flaky.publish(write_nquads(tmp_path / "broken.nq", FIRST_BUILD[:4] + changed))
    assert served_quads(published) == set(FIRST_BUILD)
    assert published.version() == KGR + "build/first"
    assert staging_graphs(published) == []


def test_staging_left_by_a_dead_connection_is_dropped_by_the_next_publish(
        credentials, published: RemoteStore, tmp_path: Path) -> None:
    dead_after_first_put = nth_put_fails(2)
    broken_for_good = {"broken": False}

    def fails(request: httpx.Request) -> bool:
        broken_for_good["broken"] |= dead_after_first_put(request)
        return broken_for_good["broken"]
    dying = RemoteStore(credentials.query_url, credentials.gsp_url, transport=FailingTransport(fails))
    with pytest.raises(StoreError):
        dying.publish(write_nquads(tmp_path / "dying.nq", FIRST_BUILD))
    assert len(staging_graphs(published)) == 1  # the one graph loaded before the connection died
    assert served_quads(published) == set(FIRST_BUILD)
    published.publish(write_nquads(tmp_path / "again.nq", FIRST_BUILD))
    assert staging_graphs(published) == []


def test_failure_at_the_switch_reports_that_no_graph_changed(credentials, published: RemoteStore,
                                                             tmp_path: Path) -> None:
    def switch_fails(request: httpx.Request) -> bool:
        return request.method == "POST" and b"MOVE" in request.content
    flaky = RemoteStore(credentials.query_url, credentials.gsp_url, transport=FailingTransport(switch_fails))
    with pytest.raises(StoreError, match="before any graph changed; the previous data is whole"):
        flaky.publish(write_nquads(tmp_path / "next.nq", FIRST_BUILD[:-1] + [build_quad("next")]))
    assert published.version() == KGR + "build/first"
    assert served_quads(published) == set(FIRST_BUILD)


def test_publish_to_a_stopped_server_fails_and_the_data_survives_a_restart(
        credentials, published: RemoteStore, tmp_path: Path) -> None:
    credentials.stop()
    try:
        with pytest.raises(StoreError, match="ConnectError"):
            published.publish(write_nquads(tmp_path / "lost.nq", [build_quad("lost")]))
    finally:
        credentials.start()
    assert served_quads(published) == set(FIRST_BUILD)
    assert published.version() == KGR + "build/first"


def test_batched_switch_publishes_the_same_data(credentials, published: RemoteStore,
                                                tmp_path: Path) -> None:
    batched = RemoteStore(credentials.query_url, credentials.gsp_url, switch_quads=1)
    second = FIRST_BUILD[:-1] + [build_quad("batched")]
    batched.publish(write_nquads(tmp_path / "batched.nq", second))
    assert served_quads(published) == set(second)
    assert staging_graphs(published) == []


def test_failure_between_switch_batches_names_the_graphs_still_old(credentials,
                                                                   published: RemoteStore, tmp_path: Path) -> None:
    moves = 0

    def second_move_fails(request: httpx.Request) -> bool:
        nonlocal moves
        moves += request.method == "POST" and b"MOVE" in request.content
        return request.method == "POST" and b"MOVE" in request.content and moves == 2
    flaky = RemoteStore(credentials.query_url, credentials.gsp_url, switch_quads=1,
                        transport=FailingTransport(second_move_fails))
    renamed = quad("authority/E06000021", NAME, ox.Literal("Stoke", language="en"), "source/a.txt")
    second = [renamed] + FIRST_BUILD[1:-1] + [build_quad("half")]
    with pytest.raises(StoreError, match=r"part way: 3 of 4 graphs still hold the previous build \(.*source/b.txt"):
        flaky.publish(write_nquads(tmp_path / "half.nq", second))
    assert published.version() == KGR + "build/first"  # kgg:build moves last
    assert renamed in served_quads(published)
    published.publish(write_nquads(tmp_path / "finish.nq", second))
    assert served_quads(published) == set(second)


def test_a_gate_that_refuses_the_build_leaves_the_previous_data_whole(published: RemoteStore,
                                                                      tmp_path: Path) -> None:
    class Refused(Exception):
        pass

    def gate() -> None:
        assert staging_graphs(published), "the gate runs once the new build is staged"
        raise Refused("the graph breaks its shapes")
    with pytest.raises(Refused):
        published.publish(write_nquads(tmp_path / "invalid.nq", FIRST_BUILD[1:-1] + [build_quad("invalid")]), gate=gate)
    assert served_quads(published) == set(FIRST_BUILD)
    assert staging_graphs(published) == []


def test_a_query_the_store_refuses_is_a_query_error_not_a_store_failure(published: RemoteStore) -> None:
    with pytest.raises(QueryRejected, match="refused the request"):
        published.query("SELECT ?s WHERE { ?s ?p }")


# --- incremental publishing -----------------------------------------------------------------------

class CountingTransport(httpx.HTTPTransport):
    """Passes every request on, counting the graphs it PUTs."""

    def __init__(self) -> None:
        super().__init__()
        self.puts: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            self.puts.append(request.url.params["graph"])
        return super().handle_request(request)


def test_apply_stages_only_the_changed_graphs_and_drops_the_emptied_ones(credentials, published: RemoteStore) -> None:
    counting = CountingTransport()
    writer = RemoteStore(credentials.query_url, credentials.gsp_url, transport=counting)
    renamed = quad("person/jane", NAME, ox.Literal("Jane Doe"), "source/b.txt")
    old_b = {q for q in FIRST_BUILD if q.graph_name.value == KGG + "source/b.txt"}
    new_b = (old_b - {FIRST_BUILD[3]}) | {renamed}
    old_c = {q for q in FIRST_BUILD if q.graph_name.value == KGG + "source/c.txt"}
    delta = DatasetDelta((
        GraphChange(KGG + "source/b.txt", frozenset(new_b), frozenset({renamed}), frozenset({FIRST_BUILD[3]})),
        GraphChange(KGG + "source/c.txt", frozenset(), frozenset(), frozenset(old_c)),
        GraphChange(KGG + "build", frozenset({build_quad("applied")}), frozenset({build_quad("applied")}),
                    frozenset({build_quad("first")})),
    ))
    assert published.graph_quads(KGG + "source/b.txt") == old_b
    writer.apply(delta)
    staged = sorted(put.split("/staging/", 1)[1].split("/", 1)[1] for put in counting.puts)
    assert staged == ["build", "source/b.txt"]
    expected = (set(FIRST_BUILD) - old_b - old_c - {build_quad("first")}) | new_b | {build_quad("applied")}
    assert served_quads(published) == expected
    assert published.version() == KGR + "build/applied"
    assert staging_graphs(published) == []
    assert published.quads_about({ox.NamedNode(KGR + "person/jane")}) == [renamed]
    assert published.quads_referring_to({ox.NamedNode("http://www.w3.org/ns/prov#Activity")}) == \
        [build_quad("applied")]


def test_an_incremental_build_serves_what_a_full_build_serves(credentials, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    documents = sorted((Path(__file__).resolve().parent.parent / "sources").iterdir())
    sources = tmp_path / "sources"
    sources.mkdir()
    for path in documents[:4]:
        (sources / path.name).write_bytes(path.read_bytes())
    counting = CountingTransport()
    remote = RemoteStore(credentials.query_url, credentials.gsp_url, transport=counting)
    build([sources], remote, cache_dir=tmp_path / "cache", jobs=1)
    everything = len(counting.puts)
    (sources / documents[4].name).write_bytes(documents[4].read_bytes())
    counting.puts.clear()
    report = build([sources], remote, cache_dir=tmp_path / "cache", jobs=1, incremental=True)
    assert report.changes is not None and report.changes.added == [documents[4].name]
    assert len(counting.puts) == report.changes.graphs < everything
    updated = data_quads(remote)
    build([sources], remote, jobs=1)  # a full build of the same sources, published over it
    assert data_quads(remote) == updated


def data_quads(store: RemoteStore) -> set[ox.Quad]:
    """The quads of the source, derived and build graphs (the ontology's blank nodes come back relabelled)."""
    static = {quad.graph_name.value for quad in static_graphs()}
    rows = store.query(ALL_QUADS.replace("FILTER(", "FILTER(!isBlank(?s) && !isBlank(?o) && "))
    return {ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in rows if row["g"].value not in static}
