"""graph.validate: the report it returns, where violations come from, the ontology graph."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, XSD

from graph.resources import SHAPES_FILE
from graph.validate import ValidationReport, load_ontology_graph, unit_reach, validate, validate_nquads
from graph.vocab import KG, KGR, OA, ORG, SCHEMA, concept, source_graph, source_iri

AREAS = ("overall-effectiveness", "leaders", "help-and-protection", "children-in-care")
GRADES = ("outstanding", "good", "requires-improvement", "inadequate")
CATEGORIES = ("planning", "caseloads-workforce", "management-oversight", "delay")


def add_evidence(graph: Graph, source: str, start: int, quote: str) -> URIRef:
    """An evidence node with both selectors, the shape the builder emits."""
    end = start + len(quote)
    evidence = URIRef(f"{source_iri(source)}#{start}-{end}")
    position, quoted = URIRef(f"{evidence}-pos"), URIRef(f"{evidence}-quote")
    graph.add((evidence, RDF.type, KG.Evidence))
    graph.add((evidence, OA.hasSource, source_iri(source)))
    graph.add((evidence, OA.hasSelector, position))
    graph.add((evidence, OA.hasSelector, quoted))
    graph.add((evidence, KG.quote, Literal(quote)))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(start)))
    graph.add((position, OA.end, Literal(end)))
    graph.add((quoted, RDF.type, OA.TextQuoteSelector))
    graph.add((quoted, OA.exact, Literal(quote)))
    return evidence


def add_document(dataset: Dataset, source: str, judgements: int, concerns: int) -> None:
    """One source graph: a document reporting one inspection, its judgements, concerns and leader."""
    graph = dataset.graph(source_graph(source))
    document = source_iri(source)
    graph.add((document, RDF.type, KG.SourceDocument))
    graph.add((document, KG.sourcePath, Literal(source)))
    graph.add((document, KG.sha256, Literal(hashlib.sha256(source.encode()).hexdigest())))
    graph.add((document, SCHEMA.datePublished, Literal("2020-03", datatype=XSD.gYearMonth)))
    inspection = KGR[f"inspection/E06000021/ilacs-standard/{source}"]
    graph.add((inspection, RDF.type, KG.Inspection))
    graph.add((inspection, KG.inspectedAuthority, KGR["authority/E06000021"]))
    graph.add((inspection, KG.inspectionType, concept("inspection-type", "ilacs-standard")))
    graph.add((inspection, KG.startDate, Literal("2019-02", datatype=XSD.gYearMonth)))
    offset = 0
    for index in range(judgements):
        area = AREAS[index % len(AREAS)]
        judgement = URIRef(f"{inspection}/judgement/{area}-{index}")
        graph.add((judgement, RDF.type, KG.Judgement))
        graph.add((judgement, KG.ofInspection, inspection))
        graph.add((judgement, KG.area, concept("area", area)))
        graph.add((judgement, KG.grade, concept("grade", GRADES[index % len(GRADES)])))
        graph.add((judgement, KG.evidence, add_evidence(graph, source, offset, f"{area} is good")))
        graph.add((judgement, PROV.wasDerivedFrom, document))
        offset += 100
    for index in range(concerns):
        item = KGR[f"concern/{source}/{offset}"]
        text = "Children in need plans are almost uniformly poor"
        graph.add((item, RDF.type, KG.Concern))
        graph.add((item, KG.aboutInspection, inspection))
        graph.add((item, KG.category, concept("concern-category", CATEGORIES[index % len(CATEGORIES)])))
        graph.add((item, KG.polarity, concept("polarity", "concern")))
        graph.add((item, RDF.value, Literal(text)))
        graph.add((item, KG.evidence, add_evidence(graph, source, offset, text)))
        graph.add((item, PROV.wasDerivedFrom, document))
        offset += 100
    add_leader(graph, source, document, offset)


def add_leader(graph: Graph, source: str, document: URIRef, offset: int) -> None:
    person, holding = KGR["person/abi-brown"], KGR["holding/abi-brown/council-leader/E06000021"]
    attestation = KGR[f"attestation/{source}/{offset}"]
    graph.add((person, RDF.type, KG.Person))
    graph.add((person, SCHEMA.name, Literal("Abi Brown")))
    graph.add((holding, RDF.type, KG.RoleHolding))
    graph.add((holding, ORG.member, person))
    graph.add((holding, ORG.role, concept("role", "council-leader")))
    graph.add((holding, ORG.organization, KGR["authority/E06000021"]))
    graph.add((holding, KG.attestation, attestation))
    graph.add((attestation, RDF.type, KG.RoleAttestation))
    graph.add((attestation, KG.holding, holding))
    graph.add((attestation, KG.attestedOn, Literal("2020-03-25", datatype=XSD.date)))
    graph.add((attestation, KG.evidence, add_evidence(graph, source, offset, "council leader Abi Brown")))
    graph.add((attestation, PROV.wasDerivedFrom, document))


def first_of_type(dataset: Dataset, rdf_type: URIRef) -> tuple[URIRef, URIRef]:
    """A node of `rdf_type` in any named graph, and that graph."""
    return next((s, c) for s, _, _, c in dataset.quads((None, RDF.type, rdf_type, None)))


def synthetic_dataset(documents: int, judgements: int, concerns: int) -> Dataset:
    """`documents` source graphs sharing `judgements` judgements and `concerns` concerns."""
    dataset = Dataset()
    for index in range(documents):
        add_document(dataset, f"doc_{index:04d}.txt", judgements // documents, concerns // documents)
    return dataset


def test_a_well_formed_dataset_conforms_with_no_violations() -> None:
    report = validate(synthetic_dataset(documents=3, judgements=12, concerns=12))
    assert report == ValidationReport(conforms=True, violations=())


def test_a_violation_names_focus_node_path_message_and_its_source_graph() -> None:
    dataset = synthetic_dataset(documents=2, judgements=2, concerns=0)
    judgement, graph_id = first_of_type(dataset, KG.Judgement)
    dataset.graph(graph_id).add((judgement, KG.grade, concept("grade", "adequate")))

    report = validate(dataset)

    assert not report.conforms
    [violation] = report.violations
    assert violation.focus_node == judgement
    assert violation.path == KG.grade
    assert "exactly one kg:grade" in violation.message
    assert violation.source_graphs == (URIRef(str(graph_id)),)


def test_a_judgement_graded_differently_by_two_sources_is_traced_to_both() -> None:
    dataset = synthetic_dataset(documents=1, judgements=1, concerns=0)
    judgement, _ = first_of_type(dataset, KG.Judgement)
    other = dataset.graph(source_graph("other.txt"))
    other.add((judgement, KG.grade, concept("grade", "inadequate")))

    [violation] = validate(dataset).violations

    assert violation.source_graphs == tuple(sorted((source_graph("doc_0000.txt"), source_graph("other.txt"))))


def test_validating_a_plain_graph_reports_no_source_graphs() -> None:
    dataset = synthetic_dataset(documents=1, judgements=1, concerns=0)
    graph = Graph()
    for subject, predicate, obj, _ in dataset.quads((None, None, None, None)):
        graph.add((subject, predicate, obj))
    judgement = next(iter(graph.subjects(RDF.type, KG.Judgement)))
    graph.remove((judgement, KG.ofInspection, None))

    [violation] = validate(graph).violations

    assert (violation.focus_node, violation.path, violation.source_graphs) == (judgement, KG.ofInspection, ())


def test_validation_leaves_the_dataset_unchanged() -> None:
    dataset = synthetic_dataset(documents=2, judgements=2, concerns=2)
    before = set(dataset.quads((None, None, None, None)))
    validate(dataset)
    assert set(dataset.quads((None, None, None, None))) == before
    assert dataset.default_union is False


def test_ontology_graph_holds_classes_and_concepts_and_is_a_fresh_copy() -> None:
    first = load_ontology_graph()
    assert (KG.Judgement, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in first
    assert (concept("grade", "good"), SKOS.prefLabel, Literal("Good", lang="en")) in first
    first.remove((None, None, None))
    assert len(load_ontology_graph()) > 0


def canonical_nquads(dataset: Dataset, path: Path) -> Path:
    """The dataset as the builder writes it: sorted, de-duplicated N-Quads lines."""
    lines = dataset.serialize(format="nquads").splitlines(keepends=True)
    path.write_text("".join(sorted(set(line for line in lines if line.strip()))), encoding="utf-8")
    return path


@pytest.mark.parametrize("unit_quads", [1, 7, 100_000], ids=["a-subject-per-unit", "small-units", "one-unit"])
def test_a_file_validated_in_units_agrees_with_validating_it_whole(tmp_path, unit_quads) -> None:
    dataset = synthetic_dataset(documents=3, judgements=6, concerns=6)
    judgement, graph_id = first_of_type(dataset, KG.Judgement)
    dataset.graph(source_graph("other.txt")).add((judgement, KG.grade, concept("grade", "inadequate")))
    concern, concern_graph = first_of_type(dataset, KG.Concern)
    evidence = next(o for _, _, o, _ in dataset.quads((concern, KG.evidence, None, None)))
    dataset.graph(concern_graph).remove((evidence, RDF.type, KG.Evidence))

    whole = validate(dataset)
    in_units = validate_nquads(canonical_nquads(dataset, tmp_path / "all.nq"), unit_quads=unit_quads)

    assert not in_units.conforms
    assert in_units.violations == whole.violations
    assert {judgement, concern} <= {v.focus_node for v in in_units.violations}


def test_a_well_formed_file_conforms_when_every_value_lies_in_another_unit(tmp_path) -> None:
    nquads = canonical_nquads(synthetic_dataset(documents=2, judgements=4, concerns=4), tmp_path / "all.nq")
    assert validate_nquads(nquads, unit_quads=1) == ValidationReport(conforms=True, violations=())


def test_graphs_left_out_are_not_validated(tmp_path) -> None:
    dataset = synthetic_dataset(documents=1, judgements=1, concerns=0)
    judgement, _ = first_of_type(dataset, KG.Judgement)
    dataset.graph(URIRef("https://example.org/graph/static")).add((judgement, KG.grade, concept("grade", "good")))
    nquads = canonical_nquads(dataset, tmp_path / "all.nq")
    assert not validate_nquads(nquads).conforms
    assert validate_nquads(nquads, skip_graphs=("https://example.org/graph/",)).conforms


def test_shapes_reading_beyond_a_unit_are_refused() -> None:
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:Shape a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 .
    """, format="turtle")
    with pytest.raises(ValueError, match="inversePath"):
        unit_reach(shapes)


def test_unit_reach_of_the_project_shapes_is_value_types_and_selector_starts() -> None:
    reach = unit_reach(Graph().parse(SHAPES_FILE, format="turtle"))
    assert str(KG.Evidence) in reach.classes and str(KG.Inspection) in reach.classes
    assert reach.onward_predicates == {str(OA.start)}


def _attestation(dataset: Dataset) -> tuple[URIRef, Graph]:
    attestation, graph_id = first_of_type(dataset, KG.RoleAttestation)
    return attestation, dataset.graph(graph_id)


def _selector(dataset: Dataset) -> tuple[URIRef, Graph]:
    selector, graph_id = first_of_type(dataset, OA.TextPositionSelector)
    return selector, dataset.graph(graph_id)


def _replace(graph: Graph, subject: URIRef, predicate: URIRef, value) -> None:
    graph.remove((subject, predicate, None))
    graph.add((subject, predicate, value))


# One way to break (or to bend without breaking) each kind of constraint the shapes use.
MUTATIONS = {
    "grade-outside-the-scheme": lambda d: _replace(d.graph(first_of_type(d, KG.Judgement)[1]),
                                                   first_of_type(d, KG.Judgement)[0], KG.grade,
                                                   concept("grade", "excellent")),
    "area-as-a-literal": lambda d: _replace(d.graph(first_of_type(d, KG.Judgement)[1]),
                                            first_of_type(d, KG.Judgement)[0], KG.area, Literal("leaders")),
    "negative-start": lambda d: _replace(_selector(d)[1], _selector(d)[0], OA.start, Literal(-1)),
    "start-after-end": lambda d: _replace(_selector(d)[1], _selector(d)[0], OA.start, Literal(10_000)),
    "start-written-01": lambda d: _replace(_selector(d)[1], _selector(d)[0], OA.start,
                                           Literal("01", datatype=XSD.integer, normalize=False)),
    "start-a-string": lambda d: _replace(_selector(d)[1], _selector(d)[0], OA.start, Literal("0")),
    "impossible-date": lambda d: _replace(_attestation(d)[1], _attestation(d)[0], KG.attestedOn,
                                          Literal("2020-02-30", datatype=XSD.date)),
    "date-time-for-a-date": lambda d: _replace(_attestation(d)[1], _attestation(d)[0], KG.attestedOn,
                                               Literal("2020-03-25T10:00:00", datatype=XSD.dateTime)),
    "year-for-a-date": lambda d: _replace(_attestation(d)[1], _attestation(d)[0], KG.attestedOn,
                                          Literal("2020", datatype=XSD.gYear)),
    "evidence-a-person": lambda d: _replace(_attestation(d)[1], _attestation(d)[0], KG.evidence,
                                            KGR["person/abi-brown"]),
    "upper-case-digest": lambda d: _replace(d.graph(first_of_type(d, KG.SourceDocument)[1]),
                                            first_of_type(d, KG.SourceDocument)[0], KG.sha256,
                                            Literal("A" * 64)),
    "empty-name": lambda d: _replace(d.graph(first_of_type(d, KG.Person)[1]), KGR["person/abi-brown"],
                                     SCHEMA.name, Literal("")),
    "concern-text-in-english": lambda d: _replace(d.graph(first_of_type(d, KG.Concern)[1]),
                                                  first_of_type(d, KG.Concern)[0], RDF.value,
                                                  Literal("Plans are poor", lang="en")),
    "organisation-a-literal": lambda d: _replace(d.graph(first_of_type(d, KG.RoleHolding)[1]),
                                                 first_of_type(d, KG.RoleHolding)[0], ORG.organization,
                                                 Literal("Council")),
    "selector-without-start": lambda d: _selector(d)[1].remove((_selector(d)[0], OA.start, None)),
    "mention-of-a-document": lambda d: d.graph(first_of_type(d, KG.SourceDocument)[1]).add(
        (first_of_type(d, KG.SourceDocument)[0], KG.mentionedIn, first_of_type(d, KG.SourceDocument)[0])),
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_each_kind_of_violation_is_reported_in_units_as_whole_graph_validation_reports_it(tmp_path, mutation):
    dataset = synthetic_dataset(documents=2, judgements=4, concerns=4)
    MUTATIONS[mutation](dataset)
    whole = validate(dataset)
    assert validate_nquads(canonical_nquads(dataset, tmp_path / "all.nq"), unit_quads=7) == whole


def test_pyshacl_never_runs_on_a_conforming_file(tmp_path, monkeypatch) -> None:
    nquads = canonical_nquads(synthetic_dataset(documents=2, judgements=4, concerns=4), tmp_path / "all.nq")
    monkeypatch.setattr("graph.validate._validate_unit", lambda *_: pytest.fail("pyshacl ran"))
    assert validate_nquads(nquads).conforms
