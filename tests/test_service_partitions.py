"""Named queries with their partition variable free are answered a few values at a time (queries/README.md,
partition), over every council or over one: the same rows in the same order as the whole query, the first
of them at once, a late cut said in the body."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox
import pytest
from starlette.testclient import TestClient

from graph import queries
from graph.queries import MalformedQueryFile, Partition, parse
from graph.store import EmbeddedStore
from service import worker
from service.backend import EmbeddedBackend
from service.config import ServiceConfig
from service.jobs import Job, Partitioned

PARTITIONED = sorted(name for name, query in queries.load_all().items() if query.partitions)
KGR = "https://w3id.org/ofsted-kg/id/"
# Findings beside the pages fixture's, so that concerns spans councils and inspections, dated and not,
# and has a finding of no known inspection, listed under its council before its inspections'.
MORE_FINDINGS = f"""
@prefix kg: <https://w3id.org/ofsted-kg/def#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
<https://w3id.org/ofsted-kg/graph/source/roundup.txt> {{
  <{KGR}concern/roundup.txt/21> a kg:Concern ; rdf:value "made-up finding of a dated inspection" ;
    kg:aboutInspection <{KGR}inspection/E10000028/ilacs-standard/2022-06> ;
    kg:category <https://w3id.org/ofsted-kg/concept/concern-category/planning> ;
    kg:polarity <https://w3id.org/ofsted-kg/concept/polarity/strength> ;
    kg:evidence <{KGR}source/roundup.txt#21-103> .
  <{KGR}concern/roundup.txt/184> a kg:Concern ; rdf:value "made-up finding of no known inspection" ;
    kg:aboutAuthority <{KGR}authority/E06000021> ;
    kg:category <https://w3id.org/ofsted-kg/concept/concern-category/delay> ;
    kg:polarity <https://w3id.org/ofsted-kg/concept/polarity/concern> ;
    kg:evidence <{KGR}source/roundup.txt#184-237> .
}}
"""


@pytest.fixture(scope="module")
def findings_store(pages_store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pages fixture as published, with MORE_FINDINGS."""
    directory = tmp_path_factory.mktemp("findings")
    nquads = directory / "dataset.nq"
    dataset = ox.Store()
    dataset.load(path=str(pages_store.directory.parent / "dataset.nq"), format=ox.RdfFormat.N_QUADS)  # conftest wrote it
    dataset.load(input=MORE_FINDINGS, format=ox.RdfFormat.TRIG)
    dataset.dump(str(nquads), format=ox.RdfFormat.N_QUADS)
    EmbeddedStore(directory / "store").publish(nquads)
    return directory / "store"


@pytest.fixture(scope="module")
def findings_client(make_client, findings_store: Path) -> Iterator[TestClient]:
    with make_client(findings_store, queries_dir=ServiceConfig.queries_dir) as client:
        yield client


def test_a_partition_names_its_variable_and_the_internal_query_listing_its_values():
    query = parse("q", "# title: t\n# description: d\n# partition: authority_code partitions/councils-by-name\nSELECT")
    assert query.partitions == (Partition("authority_code", "partitions/councils-by-name"),)
    with pytest.raises(MalformedQueryFile, match="bad partition declaration"):
        parse("q", "# title: t\n# description: d\n# partition: authority_code\nSELECT")


def test_every_named_query_but_the_register_links_is_partitioned():
    assert PARTITIONED == ["concerns", "inspection-judgements", "leader-at-inspection", "people-roles",
                           "role-at-inspection", "unresolved-mentions"]


def test_a_listing_takes_only_parameters_of_its_query_and_is_skipped_when_its_variable_is_bound():
    for query in map(queries.find, PARTITIONED):
        for partition in query.partitions:
            listing = queries.internal(partition.values)
            assert {p.name for p in listing.parameters} <= {p.name for p in query.parameters}
    concerns, code, category = queries.find("concerns"), ox.Literal("E06000021"), ox.Literal("planning")
    _, listing, bound = queries.pieces(concerns, {"authority_code": code, "category": category})
    assert (listing.name, bound) == ("partitions/finding-subjects", {"authority_code": code})
    assert queries.pieces(concerns, {"about": ox.NamedNode(KGR + "authority/E06000021")}) is None


def test_the_first_partition_whose_variable_is_free_is_used():
    judgements, code = queries.find("inspection-judgements"), ox.Literal("E06000021")
    assert queries.pieces(judgements, {})[0].variable == "authority_code"  # few councils to list, at once
    partition, listing, bound = queries.pieces(judgements, {"authority_code": code})
    assert (partition.variable, listing.name, bound) == (
        "inspection", "partitions/inspections-by-council-name", {"authority_code": code})


@pytest.mark.parametrize("name", PARTITIONED)
def test_over_every_council_a_named_query_gives_the_rows_of_the_whole_query_in_its_order(findings_client, name):
    query = queries.find(name)
    partitioned = findings_client.get(f"/queries/{name}.json").json()
    whole = findings_client.post("/sparql", data={"query": query.text}, headers={"accept": "application/json"}).json()
    assert partitioned == whole


def _whole(store_dir: Path, name: str, substitutions: dict) -> dict:
    """The named query run in one piece by a worker, with these parameters."""
    job = Job(text=queries.find(name).text, formats=("json",), substitutions=substitutions)
    messages = list(worker.answer(EmbeddedBackend(store_dir).open_reader(), job))
    return json.loads(b"".join(m[-1] for m in messages if m[0] in ("whole", "chunk")))


BY_COUNCIL = [name for name in PARTITIONED if "authority_code" in {p.name for p in queries.find(name).parameters}]


@pytest.mark.parametrize("name", BY_COUNCIL)
@pytest.mark.parametrize("code", ["E06000015", "E06000021", "E10000028"])
def test_over_one_council_a_named_query_gives_the_rows_of_the_whole_query_in_its_order(
        findings_client, findings_store, name, code):
    partitioned = findings_client.get(f"/queries/{name}.json", params={"authority_code": code}).json()
    assert partitioned == _whole(findings_store, name, {"authority_code": ox.Literal(code)})


# (query, parameters) answered in pieces: every partitioned query over every council, and bound to one
# council those whose partition is finer than a council
IN_PIECES = [(name, {}) for name in PARTITIONED] + [
    (name, {"authority_code": ox.Literal("E06000021")}) for name in BY_COUNCIL
    if queries.pieces(queries.find(name), {"authority_code": ox.Literal("E06000021")})]


@pytest.mark.parametrize(("name", "substitutions"), IN_PIECES, ids=lambda v: v if isinstance(v, str) else str(bool(v)))
def test_one_value_at_a_time_the_pieces_come_in_the_order_of_the_whole_query(
        findings_store, monkeypatch, name, substitutions):
    # batches of one: within a batch the query sorts its rows itself, so only this checks the listing's order
    monkeypatch.setattr(worker, "PARTITION_BATCH_MAX", 1)
    query = queries.find(name)
    partition, listing, bound = queries.pieces(query, substitutions)
    job = Job(text=query.text, formats=("json",), substitutions=substitutions,
              partition=Partitioned(partition.variable, listing.sparql, bound))
    messages = list(worker.answer(EmbeddedBackend(findings_store).open_reader(), job))
    answer = json.loads(b"".join(m[-1] for m in messages if m[0] in ("whole", "chunk")))
    assert answer == _whole(findings_store, name, substitutions)


class _Recording:
    """A reader that keeps the text of every query it is given."""

    def __init__(self, reader) -> None:
        self.reader, self.texts = reader, []

    def query(self, job: Job):
        self.texts.append(job.text)
        return self.reader.query(job)


def test_a_council_with_nothing_listed_answers_no_rows_without_running_the_whole_query(findings_store):
    query, code = queries.find("concerns"), ox.Literal("E06000015")  # a council with no findings
    partition, listing, bound = queries.pieces(query, {"authority_code": code})
    job = Job(text=query.text, formats=("json",), substitutions={"authority_code": code},
              partition=Partitioned(partition.variable, listing.sparql, bound))
    reader = _Recording(EmbeddedBackend(findings_store).open_reader())
    messages = list(worker.answer(reader, job))
    answer = json.loads(b"".join(m[-1] for m in messages if m[0] in ("whole", "chunk")))
    assert answer["results"]["bindings"] == [] and "concern" in answer["head"]["vars"]
    assert len(reader.texts) == 2 and "VALUES ?about {  }" in reader.texts[1]


def test_concerns_bound_to_a_council_and_a_category_keeps_both(findings_client, findings_store):
    params = {"authority_code": "E06000021", "category": "delay"}
    rows = findings_client.get("/queries/concerns.json", params=params).json()["results"]["bindings"]
    assert [row["concern"]["value"] for row in rows] == [KGR + "concern/roundup.txt/184"]
    assert "inspection" not in rows[0]


def test_the_fixture_spans_councils_and_findings_of_no_inspection_so_the_order_is_checked(findings_client):
    rows = findings_client.get("/queries/inspection-judgements.json").json()["results"]["bindings"]
    assert len({row["authority_code"]["value"] for row in rows}) > 1
    rows = findings_client.get("/queries/concerns.json").json()["results"]["bindings"]
    assert len({row["authority_code"]["value"] for row in rows}) > 1
    assert [row["concern"]["value"] for row in rows if "inspection" not in row] == [KGR + "concern/roundup.txt/184"]
    assert any("start_date" not in row for row in rows if "inspection" in row)  # an undated inspection


def _partitioned(query: queries.NamedQuery) -> Partitioned:
    partition, listing, _ = queries.pieces(query, {})
    return Partitioned(partition.variable, listing.sparql)


def _answer(store_dir, name: str, fmt: str, max_rows: int) -> tuple[tuple, str]:
    query = queries.find(name)
    job = Job(text=query.text, formats=(fmt,), max_rows=max_rows, partition=_partitioned(query))
    messages = list(worker.answer(EmbeddedBackend(store_dir).open_reader(), job))
    return messages[0], b"".join(m[1] for m in messages if m[0] == "chunk").decode()


def test_a_result_still_coming_when_the_head_is_due_streams_and_notes_its_cut_at_the_end(pages_store, monkeypatch):
    monkeypatch.setattr(worker, "PARTITION_HEAD_WITHIN", 0.0)
    head, body = _answer(pages_store.directory, "concerns", "json", max_rows=2)
    assert head == ("head", "application/sparql-results+json", False)
    results = json.loads(body)
    assert len(results["results"]["bindings"]) == 2
    assert (results["truncated"], results["note"]) == (True, "only the first 2 rows are given (the service's row cap)")
    head, body = _answer(pages_store.directory, "concerns", "xml", max_rows=2)
    assert body.endswith("</results><!-- only the first 2 rows are given (the service's row cap) --></sparql>\n")


def test_a_streamed_result_within_the_cap_carries_no_note(pages_store, monkeypatch):
    monkeypatch.setattr(worker, "PARTITION_HEAD_WITHIN", 0.0)
    _, body = _answer(pages_store.directory, "concerns", "json", max_rows=1000)
    assert "truncated" not in json.loads(body)


def test_a_streamed_result_reaching_its_time_limit_ends_its_body_with_a_note(pages_store, monkeypatch):
    monkeypatch.setattr(worker, "PARTITION_HEAD_WITHIN", 0.0)
    query = queries.find("concerns")
    job = Job(text=query.text, formats=("json",), stop_by=0.0, partition=_partitioned(query))
    messages = list(worker.answer(EmbeddedBackend(pages_store.directory).open_reader(), job))
    results = json.loads(b"".join(m[1] for m in messages if m[0] == "chunk"))
    assert messages[-1] == ("end",)
    assert (results["results"]["bindings"], results["note"]) == (
        [], "only the first 0 rows are given: the query reached the service's time limit")
