"""Pages and exports read the graph through the QueryPool: the same deadline and row cap as /sparql,
and their SPARQL lives in queries/pages and queries/exports, none of it in the service's code."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import queries
from graph.resources import QUERIES_DIR
from service.pages.endpoints import error_page

PROJECT = Path(__file__).resolve().parent.parent
STOKE = "E06000021"
# Twenty joined patterns over the whole store: never finishes on any data.
ENDLESS = queries.parse("endless", "# title: Endless\n# description: cross-joins everything\n"
                        "SELECT ?authority ?entity ?node (COUNT(*) AS ?n) WHERE { "
                        + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(20)) + " } GROUP BY ?authority ?entity ?node")
TIMEOUT_MESSAGE = ("query stopped: it ran past the service's 1.5 s limit; narrow it (LIMIT, more specific patterns) "
                   "and try again")


@pytest.fixture(scope="module")
def slow_client(make_client, pages_store):
    with make_client(pages_store.directory, timeout=1.5) as client:
        yield client


@pytest.mark.parametrize("path, slowed", [
    (f"/authority/{STOKE}", "pages/inspections"),
    ("/id/person/abi-brown", "pages/describe"),
    (f"/export/graphml?authority={STOKE}", "exports/evidence"),
])
def test_a_page_or_export_whose_query_overruns_is_cut_off_while_sparql_answers(
        slow_client, monkeypatch, path: str, slowed: str) -> None:
    loader = queries.internal
    monkeypatch.setattr(queries, "internal", lambda name: ENDLESS if name == slowed else loader(name))
    slow: dict = {}
    thread = threading.Thread(target=lambda: slow.update(response=slow_client.get(path)))
    started = time.monotonic()
    thread.start()
    time.sleep(0.2)
    quick = slow_client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    # Answered while the overrunning query still runs: an order, not a stopwatch (a loaded machine is slow).
    assert (quick.status_code, quick.json(), thread.is_alive()) == (200, {"head": {}, "boolean": True}, True)
    thread.join(timeout=60)
    response = slow["response"]
    assert time.monotonic() - started > 1.4  # cut at the service's 1.5 s limit, not before
    assert (response.status_code, response.headers["retry-after"]) == (503, "5")
    if path.startswith("/export/"):
        assert (response.headers["content-type"], response.text) == ("text/plain; charset=utf-8", TIMEOUT_MESSAGE + "\n")
    else:
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert response.text == error_page(503, TIMEOUT_MESSAGE).body.decode()


def test_a_page_cut_at_the_row_cap_says_so(make_client, pages_store) -> None:
    with make_client(pages_store.directory, max_rows=3) as client:
        page = client.get(f"/authority/{STOKE}")
        turtle = client.get("/id/person/abi-brown", headers={"accept": "text/turtle"})
        export = client.get(f"/export/cytoscape?authority={STOKE}")
    assert (page.status_code, page.headers["x-result-truncated"]) == (200, "true")
    assert ('<p class="note truncated">Incomplete: a query behind this page was cut at the service&#39;s limit '
            'of 3 rows.</p>') in page.text
    assert (turtle.status_code, turtle.headers["x-result-truncated"]) == (200, "true")
    assert (export.status_code, export.headers["x-result-truncated"]) == (200, "true")


def test_pages_within_the_cap_carry_no_truncation_mark(pages_client) -> None:
    page = pages_client.get(f"/authority/{STOKE}")
    assert page.status_code == 200
    assert "x-result-truncated" not in page.headers and "Incomplete" not in page.text


QUERY_TEXT = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b[^\n]*(\{|\bWHERE\b)|^\s*PREFIX\s+\w*:", re.MULTILINE)


def test_no_sparql_text_in_the_services_code() -> None:
    offenders = [str(path.relative_to(PROJECT)) for path in sorted((PROJECT / "service").rglob("*.py"))
                 if QUERY_TEXT.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


INTERNAL = sorted(str(path.relative_to(QUERIES_DIR).with_suffix("")) for path in QUERIES_DIR.glob("*/*.rq"))


def test_every_internal_query_the_code_names_exists_and_none_lies_unused() -> None:
    code = "".join(path.read_text(encoding="utf-8")
                   for package in ("graph", "service") for path in (PROJECT / package).rglob("*.py"))
    folders = sorted({name.split("/")[0] for name in INTERNAL})
    assert {"pages", "exports", "evaluation", "registers", "store"} <= set(folders)
    named = set(re.findall(r"\"((?:%s)/[a-z-]+)\"" % "|".join(folders), code))
    named |= {p.values for query in queries.load_all().values() for p in query.partitions}  # their headers
    assert named and named <= set(INTERNAL)
    assert set(INTERNAL) - named == set()


@pytest.mark.parametrize("name", INTERNAL)
def test_internal_queries_have_the_header_and_run(name: str) -> None:
    query = queries.internal(name)
    assert query.title and query.description
    for prefix in queries.PREFIXES:  # the loader declares the project's prefixes once; others' stay in the file
        assert f"PREFIX {prefix}:" not in query.text
    projection = query.text.split("WHERE", 1)[0]
    for parameter in query.parameters:  # bound by substitution here, by VALUES on a remote store
        assert f"?{parameter.name}" in projection
    ox.Store().query(query.sparql)  # parses and runs (on nothing)
