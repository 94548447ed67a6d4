"""The incremental publish: (full build of A, then an update to B) holds the very quads of a full build of B."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

import build_graph
from graph.pipeline import BuildError, build
from graph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "sources").iterdir())
FIXTURE_DOCS = ROOT / "tests" / "fixtures" / "docs"
LETTER = "001_e457eb0c386e4a22.txt"  # the monitoring visit letter of 27 February 2020


@pytest.fixture(autouse=True)
def reproducible_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def corpus(directory: Path, names: list[str], edits: dict[str, tuple[str, str]] | None = None) -> Path:
    """`directory` holding exactly the named source documents, each edit (old, new) applied to its text."""
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.iterdir():
        if stale.name not in names:
            stale.unlink()
    for name in names:
        text = (ROOT / "sources" / name).read_text(encoding="utf-8")
        old, new = (edits or {}).get(name, ("", ""))
        text = text.replace(old, new) if old else text
        target = directory / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
    return directory


BUILD_GRAPH = "<https://w3id.org/ofsted-kg/graph/build>"
REJECTIONS = """PREFIX kg: <https://w3id.org/ofsted-kg/def#>
SELECT ?path ?reason WHERE { GRAPH <https://w3id.org/ofsted-kg/graph/build> {
  ?build kg:rejected ?rejection . ?rejection kg:sourcePath ?path ; kg:reason ?reason } } ORDER BY ?path"""


def rejections(store: EmbeddedStore) -> list[tuple[str, str]]:
    """What the build record says could not be read."""
    return [(row["path"].value, row["reason"].value) for row in store.query(REJECTIONS)]


def store_lines(store: EmbeddedStore) -> list[str]:
    """The canonical N-Quads of what a store serves."""
    return sorted({f"{quad} .\n" for quad in ox.Store.read_only(str(store.current_path()))})


def full_build(tmp_path: Path, sources: Path, name: str) -> tuple[EmbeddedStore, bytes]:
    store = EmbeddedStore(tmp_path / name)
    build([sources], store, out=tmp_path / f"{name}.nq", jobs=1)
    return store, (tmp_path / f"{name}.nq").read_bytes()


ALL = [path.name for path in SOURCES]
DATE_MOVED = {LETTER: ("on 27 February 2020", "on 28 February 2020")}
SCENARIOS = {
    "add": (ALL[:4], ALL, None),
    "remove": (ALL, ALL[1:], None),
    "replace": (ALL, ALL, DATE_MOVED),
    "add, replace and remove at once": (ALL[:4], ALL[1:], DATE_MOVED),
}


@pytest.mark.parametrize("before, after, edits", SCENARIOS.values(), ids=SCENARIOS.keys())
def test_an_update_holds_the_same_quads_as_a_full_build_of_the_new_sources(tmp_path, before, after, edits):
    sources = corpus(tmp_path / "sources", before)
    store = EmbeddedStore(tmp_path / "store")
    build([sources], store, cache_dir=store.directory, jobs=1)
    corpus(sources, after, edits)
    report = build([sources], store, cache_dir=store.directory, jobs=1, incremental=True,
                   out=tmp_path / "updated.nq")
    assert report.changes is not None and not report.why_full
    expected_store, expected = full_build(tmp_path, corpus(tmp_path / "fresh", after, edits), "full")
    assert (tmp_path / "updated.nq").read_bytes() == expected
    assert store_lines(store) == store_lines(expected_store)
    assert report.total_quads == expected.count(b"\n")


def test_a_replaced_date_re_emits_the_unchanged_documents_that_name_the_inspection(tmp_path):
    sources = corpus(tmp_path / "sources", ALL)
    store = EmbeddedStore(tmp_path / "store")
    build([sources], store, cache_dir=store.directory, jobs=1)
    corpus(sources, ALL, DATE_MOVED)
    report = build([sources], store, cache_dir=store.directory, jobs=1, incremental=True)
    assert report.changes.replaced == [LETTER]
    # the letter's graph, kgg:derived, kgg:build, and at least one other document's graph
    assert report.changes.graphs >= 4
    moved = "https://w3id.org/ofsted-kg/id/inspection/E06000021/monitoring-visit/2020-02-28"
    named_by = {row["g"].value for row in store.query(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{moved}> ?p ?o }} }}")}
    assert len([g for g in named_by if "/graph/source/" in g]) >= 2


def test_an_update_with_nothing_changed_publishes_nothing(tmp_path):
    sources = corpus(tmp_path / "sources", ALL)
    store = EmbeddedStore(tmp_path / "store")
    build([sources], store, cache_dir=store.directory, jobs=1)
    served = store.version()
    (sources / LETTER).touch()  # a new modification time, the same bytes
    report = build([sources], store, cache_dir=store.directory, jobs=1, incremental=True)
    assert store.version() == served
    assert report.changes.graphs == 0 and report.reused == len(ALL)


def test_an_unreadable_replacement_keeps_the_previous_facts_and_is_reported(tmp_path):
    sources = corpus(tmp_path / "sources", ALL)
    store = EmbeddedStore(tmp_path / "store")
    build([sources], store, cache_dir=store.directory, jobs=1)
    before = store_lines(store)
    (sources / LETTER).write_bytes(b"\x81\x8d\x8f undecodable")
    report = build([sources], store, cache_dir=store.directory, jobs=1, incremental=True)
    assert [r.source for r in report.rejected] == [LETTER]
    assert "undecodable text" in report.rejected[0].reason
    assert report.changes.kept == [LETTER]
    assert [line for line in store_lines(store) if BUILD_GRAPH not in line] == \
        [line for line in before if BUILD_GRAPH not in line]
    assert rejections(store) == [(LETTER, report.rejected[0].reason)]


def test_an_unreadable_new_file_is_reported_and_the_rest_is_published(tmp_path):
    sources = corpus(tmp_path / "sources", ALL[:4])
    store = EmbeddedStore(tmp_path / "store")
    build([sources], store, cache_dir=store.directory, jobs=1)
    (sources / "empty.txt").write_bytes(b"")
    shutil.copy(SOURCES[4], sources / SOURCES[4].name)
    report = build([sources], store, cache_dir=store.directory, jobs=1, incremental=True,
                   out=tmp_path / "updated.nq")
    assert [(r.source, r.reason) for r in report.rejected] == [("empty.txt", "empty file")]
    assert report.changes.added == [SOURCES[4].name]
    assert rejections(store) == [("empty.txt", "empty file")]
    fresh = corpus(tmp_path / "fresh", ALL)
    (fresh / "empty.txt").write_bytes(b"")
    _, expected = full_build(tmp_path, fresh, "full")
    assert (tmp_path / "updated.nq").read_bytes() == expected


def test_an_update_breaking_the_shapes_is_not_published(tmp_path, monkeypatch):
    from graph import pipeline

    sources = corpus(tmp_path / "sources", ALL[:4])
    store = EmbeddedStore(tmp_path / "store")
    build([sources], store, cache_dir=store.directory, jobs=1)
    served = store.version()

    def untyped_values(extraction, resolution):  # every judgement loses its grade
        return {q for q in original(extraction, resolution) if not q.predicate.value.endswith("#grade")}

    original = pipeline.emit_derived
    monkeypatch.setattr(pipeline, "emit_derived", untyped_values)
    corpus(sources, ALL)
    with pytest.raises(BuildError, match="kg:grade|#grade"):
        build([sources], store, cache_dir=store.directory, jobs=1, incremental=True)
    assert store.version() == served


def test_a_changed_builder_or_a_store_built_elsewhere_takes_a_full_build(tmp_path, monkeypatch):
    from graph import pipeline

    sources = corpus(tmp_path / "sources", ALL)
    store = EmbeddedStore(tmp_path / "store")
    report = build([sources], store, cache_dir=store.directory, jobs=1, incremental=True)
    assert "no record of an earlier build" in report.why_full
    build([sources], store, jobs=1)  # no cache directory: the record now names another version
    report = build([sources], store, cache_dir=store.directory, jobs=1, incremental=True)
    assert "not the build recorded" in report.why_full
    monkeypatch.setattr(pipeline, "extraction_fingerprint", lambda: "another")
    report = build([sources], store, cache_dir=store.directory, jobs=1, incremental=True)
    assert "changed since the build served" in report.why_full


def test_build_graph_on_a_built_store_publishes_incrementally_unless_full(tmp_path, capsys):
    sources = corpus(tmp_path / "sources", ALL[:4])
    arguments = ["--sources", str(sources), "--store", str(tmp_path / "store"), "--jobs", "1"]
    assert build_graph.main(arguments) == 0
    corpus(sources, ALL)
    assert build_graph.main(arguments) == 0
    assert "incremental: 1 added, 0 replaced, 0 removed" in capsys.readouterr().out
    assert build_graph.main([*arguments, "--full"]) == 0
    assert "incremental:" not in capsys.readouterr().out


def test_a_change_of_type_is_validated_at_the_nodes_pointing_at_it(tmp_path, monkeypatch):
    from graph import pipeline

    sources = corpus(tmp_path / "sources", ALL)
    store = EmbeddedStore(tmp_path / "store")
    build([sources], store, cache_dir=store.directory, jobs=1)
    served = store.version()
    inspection_type = "https://w3id.org/ofsted-kg/def#Inspection"

    def untyped_inspection(extraction, resolution):  # one graded inspection is no longer a kg:Inspection
        quads = original(extraction, resolution)
        judged = sorted(q.object.value for q in quads if q.predicate.value.endswith("#ofInspection"))[0]
        return {q for q in quads if not (q.subject.value == judged and q.object.value == inspection_type)}

    original = pipeline.emit_derived
    monkeypatch.setattr(pipeline, "emit_derived", untyped_inspection)
    touched = sources / ALL[4]  # a line at the end: the judgements' own triples stay as they were
    touched.write_text(touched.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"/judgement/\S+ \S+#ofInspection") as raised:
        build([sources], store, cache_dir=store.directory, jobs=1, incremental=True)
    assert "kg:Inspection" in str(raised.value)
    assert store.version() == served


def test_an_edited_sidecar_is_a_replaced_document(tmp_path):
    sources = corpus(tmp_path / "sources", ALL)
    store = EmbeddedStore(tmp_path / "store")
    build([sources], store, cache_dir=store.directory, jobs=1)
    (sources / f"{LETTER}.meta.json").write_text('{"title": "A letter retitled"}', encoding="utf-8")
    report = build([sources], store, cache_dir=store.directory, jobs=1, incremental=True,
                   out=tmp_path / "updated.nq")
    assert report.changes.replaced == [LETTER]
    fresh = corpus(tmp_path / "fresh", ALL)
    (fresh / f"{LETTER}.meta.json").write_text('{"title": "A letter retitled"}', encoding="utf-8")
    _, expected = full_build(tmp_path, fresh, "full")
    assert (tmp_path / "updated.nq").read_bytes() == expected
    assert b'"A letter retitled"' in expected


def test_sources_named_relatively_or_absolutely_are_the_same_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    corpus(tmp_path / "sources", ALL[:4])
    store = EmbeddedStore(tmp_path / "store")
    build([Path("sources")], store, cache_dir=store.directory, jobs=1)
    corpus(tmp_path / "sources", ALL)
    report = build([tmp_path / "sources"], store, cache_dir=store.directory, jobs=1, incremental=True)
    assert report.changes.added == [ALL[4]] and report.reused == 4


REGISTER = ROOT / "docs" / "office-holders-sample.csv"


@pytest.mark.parametrize("before, after", [((), (REGISTER,)), ((REGISTER,), ())],
                         ids=["register given", "register dropped"])
def test_an_office_holder_register_given_or_dropped_is_published_as_a_full_build_would(tmp_path, before, after):
    sources = corpus(tmp_path / "sources", ALL)
    store = EmbeddedStore(tmp_path / "store")
    build([sources], store, cache_dir=store.directory, jobs=1, office_holders=before)
    report = build([sources], store, cache_dir=store.directory, jobs=1, office_holders=after, incremental=True,
                   out=tmp_path / "updated.nq")
    assert report.changes is not None and report.changes.graphs >= 3  # the register's graph, derived, build
    full = EmbeddedStore(tmp_path / "full")
    build([sources], full, out=tmp_path / "full.nq", jobs=1, office_holders=after)
    assert (tmp_path / "updated.nq").read_bytes() == (tmp_path / "full.nq").read_bytes()
