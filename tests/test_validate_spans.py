"""A full build's gate trusts evidence spans to their emitter (docs/validation.md), and only them.

What comes from the documents, and every fact's link to its evidence, is still
checked exactly; a span's own shapes are checked by validating a real build
whole (tests/test_build.py) and by the frozen `Evidence` record.
"""

from __future__ import annotations

import pytest
from rdflib.namespace import RDF

from graph.validate import validate, validate_nquads
from graph.validate_spans import SpanTypes, skip_span_line
from graph.vocab import KG, source_iri

from tests.test_validate import MUTATIONS, canonical_nquads, first_of_type, synthetic_dataset

# The mutations of a selector that break its shapes ("start-written-01" bends one without breaking it).
SPAN_MUTATIONS = {"negative-start", "start-after-end", "start-a-string", "selector-without-start"}


@pytest.mark.parametrize("mutation", sorted(set(MUTATIONS) - SPAN_MUTATIONS))
def test_trusting_spans_still_reports_what_the_documents_and_the_facts_state(tmp_path, mutation) -> None:
    dataset = synthetic_dataset(documents=2, judgements=4, concerns=4)
    MUTATIONS[mutation](dataset)
    nquads = canonical_nquads(dataset, tmp_path / "all.nq")
    assert validate_nquads(nquads, unit_quads=7, trust_spans=True) == validate(dataset)


@pytest.mark.parametrize("mutation", sorted(SPAN_MUTATIONS))
def test_trusting_spans_leaves_a_selector_unchecked_which_full_validation_reports(tmp_path, mutation) -> None:
    dataset = synthetic_dataset(documents=2, judgements=4, concerns=4)
    MUTATIONS[mutation](dataset)
    nquads = canonical_nquads(dataset, tmp_path / "all.nq")
    assert not validate_nquads(nquads).conforms
    assert validate_nquads(nquads, trust_spans=True).conforms


def test_a_fact_whose_evidence_is_not_typed_as_evidence_is_reported_when_spans_are_trusted(tmp_path) -> None:
    dataset = synthetic_dataset(documents=3, judgements=6, concerns=6)
    concern, concern_graph = first_of_type(dataset, KG.Concern)
    evidence = next(o for _, _, o, _ in dataset.quads((concern, KG.evidence, None, None)))
    dataset.graph(concern_graph).remove((evidence, RDF.type, KG.Evidence))

    trusted = validate_nquads(canonical_nquads(dataset, tmp_path / "all.nq"), unit_quads=7, trust_spans=True)

    assert trusted == validate(dataset)
    assert [v.focus_node for v in trusted.violations] == [concern]


def test_span_types_hold_exactly_the_spans_added() -> None:
    spans = SpanTypes()
    source = str(source_iri("reports/a b.pdf"))
    added = (f"{source}#0-12", f"{source}#120-4000", f"{source}#07-9", f"{source}#x")
    for iri in added:
        spans.add(iri)
    spans.freeze()
    assert all(iri in spans for iri in added)
    for absent in (f"{source}#7-9", f"{source}#0-120", f"{source}#12-0", f"{source}#0-12-pos",
                   f"{source_iri('other.pdf')}#0-12", f"{source}#0-12x"):
        assert absent not in spans


def test_only_span_and_selector_lines_are_skipped() -> None:
    span = f"<{source_iri('r.pdf')}#3-5>"
    assert skip_span_line(f"{span} <{RDF.type}> <{KG.Evidence}> <g> .\n".encode())
    assert skip_span_line(f"<{span[1:-1]}-pos> <{RDF.type}> <x> <g> .\n".encode())
    assert not skip_span_line(f"<{source_iri('r.pdf')}> <{RDF.type}> <{KG.SourceDocument}> <g> .\n".encode())
    assert not skip_span_line(f"<https://example.org/a#3-5> <{RDF.type}> <x> <g> .\n".encode())
