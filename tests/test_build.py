"""The builder end to end: provenance, determinism, validation gate, bad input, crash safety."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pyoxigraph as ox
import pytest

import build_graph
from graph import pipeline
from graph.pipeline import BuildError, build
from graph.resources import extraction_fingerprint
from graph.gate import UNVALIDATED_GRAPHS
from graph.spool import ExtractionSpool
from graph.store import EmbeddedStore
from graph.validate import validate_nquads

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def quad_count(store: EmbeddedStore) -> int:
    return int(next(iter(store.query(COUNT)))["n"].value)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[EmbeddedStore, Path]:
    directory = tmp_path_factory.mktemp("built")
    store = EmbeddedStore(directory / "store")
    build([SOURCES], store, out=directory / "all.nq", jobs=1, cache_dir=directory / "store")
    return store, directory / "all.nq"


def test_every_quote_equals_the_text_at_its_offsets(built):
    store, _ = built
    rows = store.query("""
        PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX kg: <https://w3id.org/ofsted-kg/def#>
        SELECT ?text ?start ?end ?exact WHERE {
          ?evidence oa:hasSource ?doc ; oa:hasSelector ?pos, ?quote .
          ?doc kg:text ?text . ?pos oa:start ?start ; oa:end ?end . ?quote oa:exact ?exact }""")
    checked = 0
    for row in rows:
        start, end = int(row["start"].value), int(row["end"].value)
        assert row["text"].value[start:end] == row["exact"].value
        checked += 1
    assert checked > 20


def test_a_real_build_meets_every_shape_its_evidence_spans_included(built):
    """The gate trusts spans to their emitter (docs/validation.md); this holds the emitter to the shapes."""
    store, nquads = built
    spans = int(next(iter(store.query(
        "SELECT (COUNT(*) AS ?n) WHERE { ?e a <https://w3id.org/ofsted-kg/def#Evidence> }")))["n"].value)
    assert spans > 20
    assert validate_nquads(nquads, UNVALIDATED_GRAPHS).conforms


def test_every_source_file_gets_its_own_named_graph(built):
    store, _ = built
    graphs = {row["g"].value for row in store.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
    for path in SOURCES.iterdir():
        assert f"https://w3id.org/ofsted-kg/graph/source/{path.name}" in graphs
    assert "https://w3id.org/ofsted-kg/graph/derived" in graphs
    assert "https://w3id.org/ofsted-kg/graph/build" in graphs


def test_same_sources_give_byte_identical_nquads_from_one_process_or_from_workers(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    outputs = []
    for name, jobs in (("first", 1), ("second", 2)):
        build([SOURCES], EmbeddedStore(tmp_path / name), out=tmp_path / f"{name}.nq", jobs=jobs)
        outputs.append((tmp_path / f"{name}.nq").read_bytes())
    assert outputs[0] == outputs[1]
    lines = outputs[0].decode().splitlines()
    assert lines == sorted(lines)


@pytest.mark.parametrize("jobs", [1, 2], ids=["emitted-here", "emitted-by-workers"])
def test_a_spool_entry_damaged_before_emit_stops_the_build_naming_its_source(tmp_path, jobs):
    files, _ = pipeline.collect([SOURCES])
    spool = ExtractionSpool(tmp_path, extraction_fingerprint())
    extracted = pipeline.extract_documents(files, spool, pipeline.Report(), mapper=pipeline.local_mapper(1))
    spooled = list(extracted.values())
    resolution = pipeline.resolve([item.summary for item in spooled])
    spooled[-1].entry.write_bytes(b"not a spool entry")
    with pytest.raises(BuildError, match=f"{spooled[-1].summary.document.source}: damaged cache entry"):
        pipeline.emit_dataset(spooled, resolution, {}, tmp_path / "all.nq", tmp_path, jobs=jobs)


BUILD_IN_A_FRESH_PROCESS = """
import sys
sys.path.insert(0, sys.argv[1])
import build_graph
sys.exit(build_graph.main(["--sources", sys.argv[2], "--store", sys.argv[3], "--out", sys.argv[4], "--jobs", "1"]))
"""


def test_builds_in_separate_processes_give_byte_identical_nquads(tmp_path):
    # Blank nodes of the ontology graph once took random labels per process.
    outputs = []
    for name in ("first", "second"):
        subprocess.run([sys.executable, "-c", BUILD_IN_A_FRESH_PROCESS, str(ROOT), str(SOURCES),
                        str(tmp_path / name), str(tmp_path / f"{name}.nq")],
                       check=True, capture_output=True, timeout=120,
                       env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
        outputs.append((tmp_path / f"{name}.nq").read_bytes())
    assert b" _:" in outputs[0]
    assert outputs[0] == outputs[1]


def test_trig_output_holds_the_same_quads_as_nquads(built, tmp_path):
    _, nquads = built
    pipeline.write_dataset(nquads, tmp_path / "all.trig")
    from_trig = set(ox.parse(path=str(tmp_path / "all.trig"), format=ox.RdfFormat.TRIG))
    assert from_trig == set(ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS))


@pytest.mark.parametrize("jobs", [1, 2], ids=["validated-inline", "validated-in-a-forked-process"])
def test_a_graph_breaking_its_shapes_is_not_published(tmp_path, monkeypatch, jobs):
    store = EmbeddedStore(tmp_path / "store")
    build([SOURCES], store, jobs=1)
    served = store.version()

    def broken_emit(extractions, resolution):
        quads = original(extractions, resolution)
        judgement = ox.NamedNode("https://w3id.org/ofsted-kg/id/inspection/E06000021/sif/2015/judgement/x")
        graph = ox.NamedNode("https://w3id.org/ofsted-kg/graph/derived")
        quads.add(ox.Quad(judgement, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                          ox.NamedNode("https://w3id.org/ofsted-kg/def#Judgement"), graph))
        return quads

    original = pipeline.emit_derived
    monkeypatch.setattr(pipeline, "emit_derived", broken_emit)
    with pytest.raises(BuildError, match="SHACL") as raised:
        build([SOURCES], store, jobs=jobs)
    assert "judgement/x" in str(raised.value)
    assert "graph/derived" in str(raised.value)
    assert store.version() == served
    assert sorted(p.name for p in (tmp_path / "store" / "builds").iterdir()) == [served.split("/")[-1]]


def _bad_inputs(directory: Path) -> dict[str, str]:
    """One file of each kind the builder must name and skip, with the reason it must give."""
    good_pdf = next((ROOT / "tests" / "fixtures" / "ofsted").glob("*.pdf"))
    (directory / "empty.txt").write_bytes(b"")
    (directory / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (directory / "not-a-pdf.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (directory / "truncated.pdf").write_bytes(good_pdf.read_bytes()[:2000])
    (directory / "undecodable.txt").write_bytes(b"Council \x81\x8d\x8f\x90\x9d report")
    (directory / "huge.txt").write_bytes(b"x " * 40_000)
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.save(directory / "encrypted.pdf", encryption=pikepdf.Encryption(user="secret", owner="secret"))
    return {"empty.txt": "empty file", "binary.txt": "binary content", "not-a-pdf.pdf": "binary content",
            "truncated.pdf": "unreadable PDF", "undecodable.txt": "undecodable text",
            "huge.txt": "too large", "encrypted.pdf": "encrypted PDF"}


def test_each_unreadable_file_is_named_with_its_reason_and_skipped(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    expected = _bad_inputs(corpus)
    shutil.copy(SOURCES / "001_e457eb0c386e4a22.txt", corpus / "letter.txt")
    monkeypatch.setattr("graph.ingest.MAX_BYTES", 64_000)
    report = build([corpus], EmbeddedStore(tmp_path / "store"), jobs=1)
    reasons = {r.source: r.reason for r in report.rejected}
    assert set(reasons) == set(expected)
    for name, reason in expected.items():
        assert reason in reasons[name], (name, reasons[name])
    assert report.documents == 1


def test_strict_exits_non_zero_when_a_file_was_rejected(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    shutil.copy(SOURCES / "000_b92515f3430d9920.txt", corpus)
    args = ["--sources", str(corpus), "--store", str(tmp_path / "store"), "--jobs", "1"]
    assert build_graph.main(args) == 0
    assert build_graph.main(args + ["--strict"]) != 0
    assert "rejected: empty.txt: empty file" in capsys.readouterr().out


def test_a_missing_sources_path_is_a_clear_failure(tmp_path, capsys):
    assert build_graph.main(["--sources", str(tmp_path / "nowhere"), "--store", str(tmp_path / "s")]) == 1
    assert "no such file or directory" in capsys.readouterr().err


def test_rebuilding_with_one_changed_file_reextracts_only_that_file(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SOURCES, corpus)
    store = EmbeddedStore(tmp_path / "store")
    first = build([corpus], store, jobs=1, cache_dir=tmp_path / "store")
    assert first.reused == 0
    changed = corpus / "004_9d93e405ecceea8f.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA late addition.\n", encoding="utf-8")
    second = build([corpus], store, jobs=1, cache_dir=tmp_path / "store")
    assert (second.documents, second.reused) == (5, 4)


KILL_DURING_PUBLISH = """
import os, signal, sys
sys.path.insert(0, sys.argv[1])
import build_graph
import graph.store
# Killed once the new build is fully written, just before the switch-over.
graph.store.EmbeddedStore._switch_to = lambda self, target: os.kill(os.getpid(), signal.SIGKILL)
build_graph.main(["--sources", sys.argv[2], "--store", sys.argv[3], "--jobs", "1"])
"""


def test_a_build_killed_half_way_leaves_the_previous_graph_serving_whole(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    build([SOURCES / "000_b92515f3430d9920.txt"], store, jobs=1)
    served, quads = store.version(), quad_count(store)
    result = subprocess.run([sys.executable, "-c", KILL_DURING_PUBLISH, str(ROOT), str(SOURCES), str(tmp_path / "store")],
                            capture_output=True, timeout=120)
    assert result.returncode == -9
    assert store.version() == served
    assert quad_count(EmbeddedStore(tmp_path / "store")) == quads
    assert os.path.isdir(tmp_path / "store" / served)


def test_the_per_document_stage_runs_through_any_mapper_with_the_same_result(tmp_path, monkeypatch):
    # What a Ray or Dask cluster plugs in (docs/remote-store.md): (function, files) -> results in order.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    mapped = []

    def recording_mapper(function, items):
        mapped.extend(item.source for item in items)
        return [function(item) for item in reversed(items)][::-1]

    build([SOURCES], EmbeddedStore(tmp_path / "a"), out=tmp_path / "a.nq", jobs=1)
    build([SOURCES], EmbeddedStore(tmp_path / "b"), out=tmp_path / "b.nq", jobs=1, mapper=recording_mapper)
    assert sorted(mapped) == sorted(p.name for p in SOURCES.glob("*.txt"))
    assert (tmp_path / "a.nq").read_bytes() == (tmp_path / "b.nq").read_bytes()


def test_the_store_loads_in_bounded_chunks_and_keeps_blank_nodes_whole(tmp_path, monkeypatch):
    # Each bulk load relabels blank nodes: a node split across two loads would become two nodes.
    monkeypatch.setattr("graph.store.embedded.LOAD_CHUNK_LINES", 2)
    nquads = tmp_path / "small.nq"
    graph = "<https://example.org/g>"
    lines = [f'<https://example.org/s{i}> <https://example.org/p> "{i}" {graph} .\n' for i in range(7)]
    lines += [f"<https://example.org/s0> <https://example.org/q> _:node {graph} .\n",
              f'_:node <https://example.org/p> "a" {graph} .\n', f'_:node <https://example.org/p> "b" {graph} .\n']
    nquads.write_text("".join(lines), encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    store.publish(nquads)
    assert quad_count(store) == 10
    [row] = store.query("SELECT (COUNT(DISTINCT ?v) AS ?n) WHERE { <https://example.org/s0> ?q ?node . ?node ?p ?v }")
    assert row["n"].value == "2"


def test_a_document_longer_than_the_stored_text_limit_builds_beside_the_others(tmp_path):
    """A long minutes pack is ordinary input: its text is kept to the limit, its facts and its neighbours' whole."""
    from graph.emit.terms import STORED_TEXT_LIMIT

    corpus = tmp_path / "corpus"
    shutil.copytree(SOURCES, corpus)
    line = "The committee noted the report on children's social care and the council's budget.\n"
    tail = "Ofsted judged Stoke-on-Trent City Council's children's services inadequate.\n"
    long_text = line * (STORED_TEXT_LIMIT // len(line) + 2000) + tail
    (corpus / "minutes.txt").write_text(long_text, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    report = build([corpus], store, out=tmp_path / "all.nq", jobs=1)
    assert report.rejected == [] and report.documents == 6
    [row] = store.query("""PREFIX kg: <https://w3id.org/ofsted-kg/def#>
        SELECT (STRLEN(?text) AS ?kept) ?length WHERE {
          ?d kg:sourcePath "minutes.txt" ; kg:text ?text ; kg:textLength ?length }""")
    assert (int(row["kept"].value), int(row["length"].value)) == (STORED_TEXT_LIMIT, len(long_text))
    # Every line of the written dataset stays far inside the 16 MB a line pyoxigraph's reader takes.
    assert max(len(line) for line in (tmp_path / "all.nq").read_bytes().splitlines()) < 8 * 2**20
    short = store.query("""PREFIX kg: <https://w3id.org/ofsted-kg/def#>
        ASK { ?d kg:sourcePath ?p ; kg:textLength ?n FILTER (?p != "minutes.txt") }""")
    assert bool(short) is False  # documents under the limit keep their whole text and need no length
