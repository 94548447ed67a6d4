"""Named queries run over every council are answered council by council (queries/README.md, partition):
the same rows in the same order as the whole query, the first of them at once, a late cut said in the body."""

from __future__ import annotations

import json

import pytest

from graph import queries
from graph.queries import MalformedQueryFile, Partition, parse
from service import worker
from service.backend import EmbeddedBackend
from service.jobs import Job

PARTITIONED = sorted(name for name, query in queries.load_all().items() if query.partition is not None)


def test_a_partition_names_its_variable_and_the_internal_query_listing_its_values():
    query = parse("q", "# title: t\n# description: d\n# partition: authority_code partitions/councils-by-name\nSELECT")
    assert query.partition == Partition("authority_code", "partitions/councils-by-name")
    with pytest.raises(MalformedQueryFile, match="bad partition declaration"):
        parse("q", "# title: t\n# description: d\n# partition: authority_code\nSELECT")


def test_every_named_query_but_the_register_links_is_partitioned():
    assert PARTITIONED == ["concerns", "inspection-judgements", "leader-at-inspection", "people-roles",
                           "role-at-inspection", "unresolved-mentions"]


@pytest.mark.parametrize("name", PARTITIONED)
def test_over_every_council_a_named_query_gives_the_rows_of_the_whole_query_in_its_order(pages_client, name):
    query = queries.find(name)
    partitioned = pages_client.get(f"/queries/{name}.json").json()
    whole = pages_client.post("/sparql", data={"query": query.text}, headers={"accept": "application/json"}).json()
    assert partitioned == whole


def test_the_fixture_spans_councils_so_the_order_across_partitions_is_checked(pages_client):
    rows = pages_client.get("/queries/inspection-judgements.json").json()["results"]["bindings"]
    assert len({row["authority_code"]["value"] for row in rows}) > 1


def _answer(store_dir, name: str, fmt: str, max_rows: int) -> tuple[tuple, str]:
    query = queries.find(name)
    job = Job(text=query.text, formats=(fmt,), max_rows=max_rows,
              partition=(query.partition.variable, queries.internal(query.partition.values).sparql))
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
    job = Job(text=query.text, formats=("json",), stop_by=0.0,
              partition=(query.partition.variable, queries.internal(query.partition.values).sparql))
    messages = list(worker.answer(EmbeddedBackend(pages_store.directory).open_reader(), job))
    results = json.loads(b"".join(m[1] for m in messages if m[0] == "chunk"))
    assert messages[-1] == ("end",)
    assert (results["results"]["bindings"], results["note"]) == (
        [], "only the first 0 rows are given: the query reached the service's time limit")
