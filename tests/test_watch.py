"""serve.py --watch: a file dropped into a watched directory reaches the running service's answers."""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

import pytest

from graph.pipeline import Report, build
from graph.store import EmbeddedStore
from graph.watch import SourceWatcher, listing
from service.config import ServiceConfig
from service.cli import config_from, parse_arguments

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "sources").iterdir())
NEW = SOURCES[4]
KGG = "https://w3id.org/ofsted-kg/graph/"
WAIT_SECONDS = 120  # a bound, not a speed target: the machine may be busy


def ask(client, query: str) -> bool:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


REJECTED = """PREFIX kg: <https://w3id.org/ofsted-kg/def#>
SELECT ?path ?reason WHERE { GRAPH <https://w3id.org/ofsted-kg/graph/build> {
  ?build kg:rejected ?rejection . ?rejection kg:sourcePath ?path ; kg:reason ?reason } }"""


def select(client, query: str) -> list[dict]:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return response.json()["results"]["bindings"]


def has_graph(client, source: str) -> bool:
    return ask(client, f"ASK {{ GRAPH <{KGG}source/{source}> {{ ?s ?p ?o }} }}")


def wait_until(condition, seconds: float = WAIT_SECONDS) -> float:
    """Seconds until `condition()` held; fails the test past `seconds`."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > seconds:
            pytest.fail(f"not seen within {seconds} s")
        time.sleep(0.1)
    return time.monotonic() - started


@pytest.fixture
def watched(tmp_path: Path) -> tuple[Path, Path]:
    """A sources directory of four documents and a store built from it, with its build record."""
    sources = tmp_path / "sources"
    sources.mkdir()
    for path in SOURCES[:4]:
        shutil.copy(path, sources / path.name)
    store = tmp_path / "store"
    build([sources], EmbeddedStore(store), cache_dir=store, jobs=1)
    return sources, store


def test_a_dropped_file_is_answered_by_the_running_service(make_client, watched, caplog):
    sources, store = watched
    caplog.set_level(logging.INFO, logger="ofsted_kg.watch")
    with make_client(store, watch=(sources,), watch_interval=0.1) as client:
        assert not has_graph(client, NEW.name)
        shutil.copy(NEW, sources / NEW.name)
        seen_after = wait_until(lambda: has_graph(client, NEW.name))
        (sources / SOURCES[0].name).unlink()
        wait_until(lambda: not has_graph(client, SOURCES[0].name))
    print(f"watch latency: {seen_after:.2f} s from the copy to the first answer that has it")
    assert "published in" in caplog.text and "1 added" in caplog.text and "1 removed" in caplog.text


def test_a_file_that_fails_to_read_is_reported_and_leaves_the_graph_as_it_was(make_client, watched, caplog):
    sources, store = watched
    caplog.set_level(logging.INFO, logger="ofsted_kg.watch")
    emptied = SOURCES[1].name
    facts = f"SELECT ?s ?p ?o WHERE {{ GRAPH <{KGG}source/{emptied}> {{ ?s ?p ?o }} }}"
    with make_client(store, watch=(sources,), watch_interval=0.1) as client:
        before = sorted(map(str, select(client, facts)))
        (sources / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
        (sources / emptied).write_bytes(b"")
        wait_until(lambda: len(select(client, REJECTED)) == 2)
        reported = {row["path"]["value"]: row["reason"]["value"] for row in select(client, REJECTED)}
        assert sorted(map(str, select(client, facts))) == before  # the emptied file's facts stay
    assert reported[emptied] == "empty file" and reported["broken.pdf"]
    assert f"rejected, its previous facts (if any) stay: {emptied}: empty file" in caplog.text
    assert "broken.pdf" in caplog.text


def test_a_file_still_being_written_is_published_once_it_settles(tmp_path):
    (tmp_path / "a.txt").write_text("first")
    published = []

    def publish() -> Report:
        published.append(listing([tmp_path]))
        return Report()

    watcher = SourceWatcher([tmp_path], publish, interval=0)
    assert not watcher.poll()  # first look
    assert watcher.poll() and len(published) == 1  # settled: published
    (tmp_path / "a.txt").write_text("first and more")
    assert not watcher.poll()  # changed since the last look: wait
    assert watcher.poll() and len(published) == 2
    assert not watcher.poll()  # nothing new


def test_serve_takes_repeated_watch_directories_and_refuses_them_with_an_endpoint(tmp_path):
    config = config_from(parse_arguments(["--store", str(tmp_path), "--watch", "a", "--watch", "b",
                                          "--watch-interval", "0.5"]))
    assert config.watch == (Path("a"), Path("b")) and config.watch_interval == 0.5
    with pytest.raises(ValueError, match="--watch"):
        ServiceConfig(endpoint="http://127.0.0.1:1/sparql", watch=(tmp_path,))
