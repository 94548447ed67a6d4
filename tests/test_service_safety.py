"""Safety: no updates without the token, no requests of the server's own, timeouts that stop
the work, a row cap that says so, and an unbuilt store answered with a clear 503."""

from __future__ import annotations

import socket
import threading
import time

import pytest


# Twenty joined patterns over the whole store: never finishes on any data.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(20)) + " }"
MARKER = "ASK { <http://example.org/marker> <http://example.org/p> 'added' }"


@pytest.fixture(scope="module")
def http(make_client, service_store):
    with make_client(service_store, timeout=1.5, max_rows=3) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def writable(make_client, publish, update_token):
    with make_client(publish(), allow_update=True, update_token=update_token) as test_client:
        yield test_client


@pytest.fixture
def listener():
    """A local socket that records whether anything connects to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.5)
    connections: list[object] = []

    def accept() -> None:
        try:
            connections.append(server.accept())
        except OSError:
            pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], connections
    server.close()
    thread.join()


def test_updates_are_refused_with_403_when_the_service_is_read_only(http):
    response = http.post("/sparql", content="CLEAR ALL", headers={"content-type": "application/sparql-update"})
    assert (response.status_code, response.text) == (403, "updates are disabled: this service is read-only\n")
    form = http.post("/sparql", data={"update": "CLEAR ALL"})
    assert form.status_code == 403
    assert http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_an_update_by_get_is_refused(http):
    response = http.get("/sparql", params={"update": "CLEAR ALL"})
    assert (response.status_code, response.text) == (400, "an update must be sent by POST, not GET\n")


def test_an_update_without_the_token_is_401_even_when_updates_are_on(writable):
    insert = "INSERT DATA { <http://example.org/marker> <http://example.org/p> 'added' }"
    for headers in ({}, {"authorization": "Bearer wrong"}):
        response = writable.post("/sparql", data={"update": insert}, headers=headers)
        assert (response.status_code, response.headers["www-authenticate"]) == (401, 'Bearer realm="sparql-update"')
    assert writable.get("/sparql", params={"query": MARKER}).json()["boolean"] is False


def test_an_update_with_the_token_is_applied_and_seen_by_later_queries(writable, update_token):
    insert = "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/marker> <http://example.org/p> 'added' } }"
    response = writable.post("/sparql", data={"update": insert}, headers={"authorization": f"Bearer {update_token}"})
    assert (response.status_code, response.text) == (200, "update applied\n")
    for _ in range(3):  # every worker, not just the one that applied it
        assert writable.get("/sparql", params={"query": MARKER}).json()["boolean"] is True


def test_load_in_an_update_is_refused_before_anything_is_fetched(writable, listener, update_token):
    port, connections = listener
    response = writable.post("/sparql", data={"update": f"LOAD <http://127.0.0.1:{port}/data.ttl>"},
                             headers={"authorization": f"Bearer {update_token}"})
    assert response.status_code == 400
    assert response.text.startswith("LOAD is refused")
    time.sleep(0.6)
    assert connections == []


@pytest.mark.parametrize("query", [
    "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
    "select * where {{ ?a ?b ?c OPTIONAL {{ service silent <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ ?x ?y ?z . {{ SELECT * {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }} }}",
    "SELECT * WHERE {{ SERVI\\u0043E <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
])
def test_service_clauses_are_refused_and_no_request_leaves_the_server(http, listener, query):
    port, connections = listener
    response = http.get("/sparql", params={"query": query.format(port=port)})
    assert response.status_code == 400
    assert "SERVICE" in response.text
    time.sleep(0.6)
    assert connections == []


def test_the_word_service_in_a_literal_is_not_refused(http):
    response = http.get("/sparql", params={"query": "ASK { FILTER(CONTAINS('children service', 'service')) }"})
    assert (response.status_code, response.json()["boolean"]) == (200, True)


def test_an_overrunning_query_is_stopped_with_503_while_others_are_answered(http):
    slow: dict = {}
    thread = threading.Thread(target=lambda: slow.update(response=http.get("/sparql", params={"query": ENDLESS})))
    started = time.monotonic()
    thread.start()
    time.sleep(0.2)
    quick = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert (quick.status_code, time.monotonic() - started < 1.0) == (200, True)
    thread.join(timeout=10)
    assert slow["response"].status_code == 503
    assert slow["response"].text == (
        "query stopped: it ran past the service's 1.5 s limit; narrow it (LIMIT, more specific patterns) "
        "and try again\n")
    assert 1.4 < time.monotonic() - started < 5


def test_the_worker_of_a_stopped_query_is_replaced(http):
    assert http.get("/sparql", params={"query": ENDLESS}).status_code == 503
    for _ in range(4):
        assert http.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_results_over_the_row_cap_are_cut_and_say_so(http):
    query = "SELECT ?n WHERE { VALUES ?n { 1 2 3 4 5 } } ORDER BY ?n"
    response = http.get("/sparql", params={"query": query})
    assert response.headers["x-result-truncated"] == "true"
    integer = "http://www.w3.org/2001/XMLSchema#integer"
    assert response.json() == {
        "head": {"vars": ["n"]},
        "truncated": True,
        "note": "only the first 3 rows are given (the service's row cap)",
        "results": {"bindings": [{"n": {"type": "literal", "value": str(n), "datatype": integer}} for n in (1, 2, 3)]},
    }
    csv = http.get("/sparql", params={"query": query, "format": "csv"})
    assert (csv.headers["x-result-truncated"], csv.text) == ("true", "n\r\n1\r\n2\r\n3\r\n")


def test_results_within_the_cap_carry_no_truncation_mark(http):
    response = http.get("/sparql", params={"query": "SELECT ?n WHERE { VALUES ?n { 1 2 3 } }"})
    assert "x-result-truncated" not in response.headers
    assert "truncated" not in response.json()


def test_a_store_with_no_build_is_503_with_the_reason(make_client, tmp_path):
    with make_client(tmp_path / "empty") as empty:
        response = empty.get("/sparql", params={"query": "ASK {}"})
    assert response.status_code == 503
    assert response.text == f"no graph has been built into {tmp_path / 'empty'} yet\n"


def test_checking_a_huge_query_for_service_runs_in_a_worker_under_the_deadline(http):
    # rdflib takes half a minute to check a megabyte of query with FROM in it; that check ran in the
    # web process and stalled every client. Now the worker running it is stopped at the deadline.
    query = "SELECT * FROM <http://example.org/g> { VALUES ?x { " + " 'v'" * 200_000 + " } }"
    response = http.post("/sparql", content=query, headers={"content-type": "application/sparql-query"})
    assert response.status_code == 503
    assert response.text.startswith("query stopped: it ran past the service's 1.5 s limit")
    assert http.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_a_quick_query_is_answered_while_runaways_hold_every_warm_worker(make_client, service_store):
    # With two workers and no more, a third query waited for the deadline behind two runaways and got 503.
    with make_client(service_store, timeout=3.0, query_workers=2, max_query_workers=4) as client:
        runaways = [threading.Thread(target=client.get, args=("/sparql",), kwargs={"params": {"query": ENDLESS}})
                    for _ in range(2)]
        for thread in runaways:
            thread.start()
        time.sleep(0.3)
        quick = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        for thread in runaways:
            thread.join(timeout=15)
    assert (quick.status_code, quick.json()["boolean"]) == (200, True)



def test_a_query_that_outgrows_the_memory_limit_is_stopped_with_503_and_the_service_goes_on(make_client,
                                                                                            service_store):
    # Twelve cross joins held 5 GB between them before their deadline; now each worker has a heap limit.
    hoarding = "SELECT * WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(8)) + " } ORDER BY ?o0"
    with make_client(service_store, timeout=20.0, query_memory=256 << 20) as client:
        response = client.get("/sparql", params={"query": hoarding})  # sorting 19**8 rows: gigabytes
        assert (response.status_code, response.headers["retry-after"]) == (503, "5")
        assert response.text == ("query stopped: its worker ended while answering, most likely past the service's "
                                 "limit of 256 MB for a query; narrow it (LIMIT, more specific patterns) and try again\n")
        assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True
