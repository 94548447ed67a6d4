"""The external-sort writer: canonical N-Quads whatever the order and however many runs."""

from __future__ import annotations

import random

import pyoxigraph as ox

from graph.nquads import CanonicalNQuadsWriter, subjects

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
EX = "https://example.org/"


def quad(subject: str, predicate: str, obj: ox.NamedNode | ox.Literal, graph: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + subject), ox.NamedNode(EX + predicate) if predicate != "a" else RDF_TYPE,
                   obj, ox.NamedNode(EX + "graph/" + graph))


def sample_graphs() -> list[list[ox.Quad]]:
    graphs = []
    for g in range(12):
        graphs.append([quad(f"s{i}", "p", ox.Literal(f"value {i} in a graph"), f"g{g}") for i in range(40)]
                      + [quad(f"s{g}", "a", ox.NamedNode(EX + "Thing"), f"g{g}")])
    return graphs


def write(tmp_path, graphs, run_lines):
    writer = CanonicalNQuadsWriter(tmp_path, run_lines=run_lines)
    for quads in graphs:
        writer.add(quads)
    out = tmp_path / f"out-{run_lines}.nq"
    return writer.finish(out), out


def test_output_is_the_same_bytes_whatever_the_graph_order_and_run_size(tmp_path):
    graphs = sample_graphs()
    _, in_memory = write(tmp_path, graphs, run_lines=10_000)
    shuffled = graphs[::-1]
    random.Random(7).shuffle(shuffled)
    stats, spilled = write(tmp_path, shuffled, run_lines=25)
    assert spilled.read_bytes() == in_memory.read_bytes()
    lines = spilled.read_text().splitlines()
    assert lines == sorted(set(lines))
    assert stats.quads == len(lines) == 12 * 41
    assert not any(tmp_path.glob("runs-*")), "run files are removed"


def test_a_quad_given_twice_in_different_runs_is_written_once(tmp_path):
    same = [quad("s", "p", ox.Literal("x"), "g")]
    stats, out = write(tmp_path, [same, sample_graphs()[0], same], run_lines=1)
    assert out.read_text().count('<https://example.org/s> <https://example.org/p> "x"') == 1
    assert stats.quads == 1 + 41


def test_triples_per_class_count_every_triple_of_each_typed_subject(tmp_path):
    stats, _ = write(tmp_path, sample_graphs(), run_lines=30)
    # s0..s11 are typed Thing: each has its type triple plus one value triple in each of the 12 graphs.
    assert stats.triples_per_class == {"Thing": 12 * (12 + 1)}


def test_subjects_come_back_whole_across_graphs(tmp_path):
    _, out = write(tmp_path, sample_graphs(), run_lines=30)
    groups = list(subjects(out))
    assert len(groups) == 40
    assert all(len({q.subject for q in group}) == 1 for group in groups)
    first = next(group for group in groups if group[0].subject.value == EX + "s0")
    assert len(first) == 12 + 1
    skipped = list(subjects(out, skip_graphs=(EX + "graph/g0",)))
    assert sum(len(group) for group in skipped) == 11 * 41
