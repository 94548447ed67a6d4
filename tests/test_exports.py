"""Graph exports: each format reads back in the library its users open it with."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pydot
import pytest
from starlette.testclient import TestClient

from graph.store import EmbeddedStore
from service.exports import main as export_cli

STOKE = "E06000021"
STOKE_IRI = "https://w3id.org/ofsted-kg/id/authority/E06000021"
INSPECTION_2022 = "https://w3id.org/ofsted-kg/id/inspection/E06000021/ilacs-standard/2022-10"
ABI_BROWN = "https://w3id.org/ofsted-kg/id/person/abi-brown"
# Stoke in the fixture: 1 council, 5 inspections, 5 judgements, 5 findings, 4 people
# (3 council post holders + the leader at inspection), nothing else.
STOKE_NODES = 1 + 5 + 5 + 5 + 3
STOKE_EDGES = 5 + 5 + 5 + 3 + 2  # inspected, judged, findings, role holdings, leader at inspection


@pytest.fixture(scope="module")
def store(pages_store: EmbeddedStore) -> EmbeddedStore:
    return pages_store


@pytest.fixture(scope="module")
def client(pages_client: TestClient) -> TestClient:
    return pages_client


def test_graphml_reads_back_with_networkx_with_flat_attributes(client: TestClient) -> None:
    response = client.get(f"/export/graphml?authority={STOKE}")
    assert response.status_code == 200
    graph = nx.read_graphml(io.BytesIO(response.content))
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (STOKE_NODES, STOKE_EDGES)
    inspection = graph.nodes[INSPECTION_2022]
    assert inspection["type"] == "inspection"
    assert inspection["grade"] == "Requires improvement to be good"
    assert (inspection["date"], inspection["start"], inspection["end"]) == ("2022-10", "2022-10-01", "2022-10-31")
    assert inspection["source_url"].startswith("http://testserver/source/002_news.txt?start=")
    assert graph.nodes[ABI_BROWN]["spells"] == "2020-03-25/2020-03-25;2022-11-26/2022-11-26"


def test_gexf_carries_time_spells_and_colours_for_gephi(client: TestClient) -> None:
    response = client.get(f"/export/gexf?authority={STOKE}")
    assert response.status_code == 200
    assert b'mode="dynamic"' in response.content and b'timeformat="date"' in response.content
    graph = nx.read_gexf(io.BytesIO(response.content))
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (STOKE_NODES, STOKE_EDGES)
    inspection = graph.nodes[INSPECTION_2022]
    assert (inspection["start"], inspection["end"]) == ("2022-10-01", "2022-10-31")
    assert inspection["viz"]["color"] == {"r": 255, "g": 179, "b": 0, "a": 1.0}
    leader_edges = [d for u, v, d in graph.edges(data=True) if u == ABI_BROWN and d["relation"] == "council-leader"]
    assert [edge["spells"] for edge in leader_edges] == [[("2020-03-25", "2020-03-25"), ("2022-11-26", "2022-11-26")]]


def test_cytoscape_json_gives_every_element_an_id(client: TestClient) -> None:
    response = client.get(f"/export/cytoscape?authority={STOKE}")
    assert response.headers["content-type"].startswith("application/json")
    elements = response.json()["elements"]
    assert len(elements["nodes"]) == STOKE_NODES and len(elements["edges"]) == STOKE_EDGES
    ids = [element["data"]["id"] for element in elements["nodes"] + elements["edges"]]
    assert len(set(ids)) == len(ids) == STOKE_NODES + STOKE_EDGES
    council = next(n["data"] for n in elements["nodes"] if n["data"]["id"] == STOKE_IRI)
    assert (council["type"], council["label"], council["region"]) == ("authority", "Stoke-on-Trent City Council", "West Midlands")


def test_dot_parses_with_pydot_and_links_nodes_to_their_pages(client: TestClient) -> None:
    response = client.get(f"/export/dot?authority={STOKE}")
    [graph] = pydot.graph_from_dot_data(response.text)
    nodes = {node.get_name().strip('"'): node for node in graph.get_nodes() if node.get_name() not in ("node", "edge")}
    assert len(nodes) == STOKE_NODES and len(graph.get_edges()) == STOKE_EDGES
    council = nodes[STOKE_IRI]
    assert council.get("URL").strip('"') == "http://testserver/id/authority/E06000021"
    assert council.get("fillcolor").strip('"') == "#1565c0"


def test_whole_graph_holds_every_council_and_organisation(client: TestClient) -> None:
    graph = nx.read_graphml(io.BytesIO(client.get("/export/graphml").content))
    types = nx.get_node_attributes(graph, "type")
    assert sorted(n.rsplit("/", 1)[-1] for n, t in types.items() if t == "authority") == ["E06000015", "E06000021", "E10000028"]
    assert sorted(n.rsplit("/", 1)[-1] for n, t in types.items() if t == "organisation") == ["cyp-now", "ofsted"]


def test_period_filter_keeps_what_overlaps_the_years(client: TestClient) -> None:
    graph = nx.read_graphml(io.BytesIO(client.get(f"/export/graphml?authority={STOKE}&from=2020&to=2021").content))
    inspections = [n for n, t in nx.get_node_attributes(graph, "type").items() if t == "inspection"]
    assert inspections == ["https://w3id.org/ofsted-kg/id/inspection/E06000021/monitoring-visit/2020-02-27"]
    people = sorted(graph.nodes[n]["label"] for n, t in nx.get_node_attributes(graph, "type").items() if t == "person")
    assert people == ["Abi Brown", "Sarah Parker"]


@pytest.mark.parametrize("query, message", [
    ("authority=stoke", "authority must be an ONS GSS code like E06000021, not 'stoke'"),
    ("from=20x9", "from must be a four-digit year like 2019, not '20x9'"),
    ("to=19", "to must be a four-digit year like 2019, not '19'"),
    ("from=2022&to=2019", "from (2022) is after to (2019)"),
])
def test_malformed_filters_are_refused_with_a_clear_message(client: TestClient, query: str, message: str) -> None:
    response = client.get(f"/export/gexf?{query}")
    assert (response.status_code, response.headers["content-type"], response.text) == (
        400, "text/plain; charset=utf-8", f"Bad request: {message}\n")


def test_unknown_council_is_not_found(client: TestClient) -> None:
    response = client.get("/export/cytoscape?authority=E06000099")
    assert (response.status_code, response.text) == (404, "No council with GSS code E06000099 in the graph.\n")


def test_command_line_writes_the_same_export(store: EmbeddedStore, tmp_path: Path) -> None:
    out = tmp_path / "stoke.json"
    assert export_cli(["--store", str(store.directory), "--format", "cytoscape", "--authority", STOKE,
                       "--out", str(out)]) == 0
    elements = json.loads(out.read_text(encoding="utf-8"))["elements"]
    assert len(elements["nodes"]) == STOKE_NODES
    assert elements["nodes"][0]["data"]["url"].startswith("http://127.0.0.1:8000/id/")
