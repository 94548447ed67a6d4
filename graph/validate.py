"""SHACL validation of the built graph against ontology/shapes.ttl.

The dataset is validated as the union of its named graphs, because that is
what the service's default graph shows and what the named queries read: a
judgement graded twice by two sources is a violation even if each source
graph alone is fine. Each violation is traced back to the named graphs that
state the offending triples.

A built dataset is validated from its canonical N-Quads file in units of
whole subjects (every triple of a subject, from every graph, is in the same
unit), so memory is bounded by the unit, not the corpus. What a shape reads
beyond its focus node's own triples (the rdf:type of a value for sh:class,
the later steps of a sequence path) comes from a small index of those
triples alone; `unit_reach` refuses shapes that would read further.

Validation never raises for violations: the builder decides what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Iterable, Iterator, Mapping, NamedTuple, Sequence

import pyoxigraph as ox

from pyshacl import Validator
from pyshacl.graph_abstraction import DataGraph
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection as RdfList
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from graph.resources import CONCEPTS_FILE, ONTOLOGY_FILE, SHAPES_FILE
from graph.nquads import subjects, typed_or_on
from graph.shape_check import ShapeCheck, UnsupportedShape
from graph.validate_spans import SpanContext, SpanTypes, skip_span_line, span_typing



class Violation(NamedTuple):
    focus_node: Node
    path: Node | None
    message: str
    source_graphs: tuple[URIRef, ...]  # named graphs stating the offending triples; () for a plain Graph


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]


@cache
def _shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


@cache
def _ontology_graph() -> Graph:
    graph = Graph()
    graph.parse(ONTOLOGY_FILE, format="turtle")
    graph.parse(CONCEPTS_FILE, format="turtle")
    return graph


def load_ontology_graph() -> Graph:
    """The ontology and its concept schemes, for the store's kgg:ontology graph (a fresh copy)."""
    graph = Graph()
    for prefix, namespace in _ontology_graph().namespaces():
        graph.bind(prefix, namespace)
    graph += _ontology_graph()
    return graph


def validate(graph: Dataset | Graph) -> ValidationReport:
    """Validate `graph`; a Dataset is validated as the union of its graphs."""
    # pyshacl reads a Dataset through its union view, switching default_union
    # on; that is faster than copying the quads into one Graph (the copy costs
    # as much as the validation), so switch it back afterwards instead.
    previous_union = graph.default_union if isinstance(graph, Dataset) else None
    try:
        # The shapes use only core constraints on asserted triples: no
        # inference, no SHACL-AF, no ontology mix-in (which would copy the data).
        validator = Validator(DataGraph.from_rdflib(graph), shacl_graph=_shapes_graph(), options={
            "inference": "none", "advanced": False, "inplace": True})
        conforms, results, _ = validator.run()
    finally:
        if isinstance(graph, Dataset):
            graph.default_union = previous_union
    violations = sorted(
        (_violation(results, result, graph) for result in results.objects(None, SH.result)),
        key=lambda v: (str(v.focus_node), str(v.path), v.message),
    )
    return ValidationReport(conforms=bool(conforms), violations=tuple(violations))


def _violation(results: Graph, result: Node, data: Dataset | Graph) -> Violation:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    message = results.value(result, SH.resultMessage)
    text = str(message) if message is not None else str(results.value(result, SH.sourceConstraintComponent))
    return Violation(focus, path, text, _graphs_stating(data, focus, path))


def _graphs_stating(data: Dataset | Graph, focus: Node, path: Node | None) -> tuple[URIRef, ...]:
    """The named graphs with the focus node's triples on `path`, else with any of its triples."""
    if not isinstance(data, Dataset):
        return ()
    predicate = path if isinstance(path, URIRef) else None
    graphs = {_graph_id(c) for _, _, _, c in data.quads((focus, predicate, None, None))}
    if not graphs and predicate is not None:
        graphs = {_graph_id(c) for _, _, _, c in data.quads((focus, RDF.type, None, None))}
    return tuple(sorted(graphs))


def _graph_id(context: Graph | Node | None) -> URIRef:
    identifier = context.identifier if isinstance(context, Graph) else context
    return URIRef(str(identifier))


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# The document text is never a shape's concern and is by far the largest literal.
UNVALIDATED_PREDICATES = frozenset({"https://w3id.org/ofsted-kg/def#text"})


@dataclass(frozen=True)
class UnitReach:
    """What shapes read beyond a focus node's own triples: value types and later path steps."""

    classes: frozenset[str]  # the objects of sh:class
    onward_predicates: frozenset[str]  # the second and later steps of sequence paths


_UNIT_UNSAFE = (SH.inversePath, SH.alternativePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath,
                SH.qualifiedValueShape, SH.closed, SH.sparql, SH.property)


def unit_reach(shapes: Graph) -> UnitReach:
    """What validating in units of whole subjects must add; refuses shapes that reach further.

    A nested sh:property, an inverse or repeated path, or a SPARQL constraint
    would read triples of other subjects that a unit does not hold.
    """
    for construct in _UNIT_UNSAFE:
        for shape in shapes.subjects(construct, None):
            if construct != SH.property or (shape, RDF.type, SH.PropertyShape) in shapes:
                raise ValueError(f"shape {shape} uses {construct.n3(shapes.namespace_manager)}, "
                                 "which validation in units of subjects cannot evaluate")
    for shape in shapes.subjects(SH.node, None):
        for nested in shapes.objects(shape, SH.node):
            if (nested, SH.property, None) in shapes or (nested, SH.path, None) in shapes:
                raise ValueError(f"shape {shape} nests {nested}, which reads its value's triples")
    onward: set[str] = set()
    for path in shapes.objects(None, SH.path):
        if isinstance(path, BNode):
            steps = list(RdfList(shapes, path))
            if not steps or not all(isinstance(step, URIRef) for step in steps):
                raise ValueError(f"sh:path {path} is not a sequence of predicates")
            onward.update(str(step) for step in steps[1:])
    classes = frozenset(str(c) for c in shapes.objects(None, SH["class"]))
    return UnitReach(classes, frozenset(onward))


DEFAULT_UNIT_QUADS = 250_000
_RDF_TYPE = str(RDF.type)


def validate_nquads(path: Path, skip_graphs: tuple[str, ...] = (), unit_quads: int = DEFAULT_UNIT_QUADS,
                    trust_spans: bool = False) -> ValidationReport:
    """Validate a canonical N-Quads file (see graph.nquads) as the union of its graphs.

    Graphs whose IRI starts with one of `skip_graphs` are left out. Two passes
    over the file: one indexes the triples the shapes read beyond a focus node
    (`unit_reach`), the other validates whole subjects `unit_quads` at a time:
    pyshacl sees only the subjects the direct check (graph/shape_check.py)
    cannot pass, so on a conforming graph it seldom runs at all.

    With `trust_spans` (a full build's gate), evidence spans and their selectors,
    the nodes `emit.terms.emit_evidence` alone writes, are not validated: their
    shapes hold by construction (docs/validation.md says why). Only their
    typing as kg:Evidence is kept (graph/validate_spans.py, 8 bytes a span), for
    the sh:class of the facts pointing at them, which is still checked exactly.
    """
    spans = SpanTypes() if trust_spans else None
    context = _context_index(path, skip_graphs, shape_reach(), spans)
    divert = skip_span_line if trust_spans else None
    return validate_subjects(subjects(path, skip_graphs, UNVALIDATED_PREDICATES, divert), context, unit_quads)


def shape_reach() -> UnitReach:
    """What the shapes of ontology/shapes.ttl read beyond a focus node's own triples (see `unit_reach`)."""
    return unit_reach(_shapes_graph())


def validate_subjects(groups: Iterable[list[ox.Quad]], context: Mapping[str, Sequence[tuple]],
                      unit_quads: int = DEFAULT_UNIT_QUADS) -> ValidationReport:
    """Validate whole subjects: each group holds every quad of one subject, from every graph;
    `context` maps a value's IRI to the (predicate, object) pairs of it the shapes read (`shape_reach`).
    pyshacl sees only the subjects the direct check cannot pass."""
    check = _shape_check()
    violations: list[Violation] = []
    for unit in _units(groups, unit_quads):
        unsure = unit if check is None else check.unsure(unit, context)
        if unsure:
            violations.extend(_validate_unit(unsure, context))
    violations.sort(key=lambda v: (str(v.focus_node), str(v.path), v.message))
    return ValidationReport(not violations, tuple(violations))


@cache
def _shape_check() -> ShapeCheck | None:
    """The shapes as direct tests (graph/shape_check.py), or None where they use what those cannot test."""
    try:
        return ShapeCheck.compile(_shapes_graph(), UNVALIDATED_PREDICATES)
    except UnsupportedShape:
        return None


def _context_index(path: Path, skip_graphs: tuple[str, ...], reach: UnitReach,
                   spans: SpanTypes | None = None) -> dict[str, Sequence[tuple]]:
    """For each node, the triples a unit that points at it may read: typed by a sh:class, onward steps.
    With `spans`, the spans' own lines go there instead (`SpanContext`), and only their typing."""
    index: dict[str, Sequence[tuple]] = {} if spans is None else SpanContext(spans)
    # One tuple for each distinct pair: nearly all are (rdf:type, a class), otherwise held once per
    # evidence span, and the index grows with the evidence spans of the corpus.
    pairs: dict[tuple, tuple] = {}
    divert = None if spans is None else span_typing(spans, skip_graphs)
    for quad in typed_or_on(path, reach.classes, reach.onward_predicates, skip_graphs, divert):
        pair = (quad.predicate, quad.object)
        index.setdefault(quad.subject.value, []).append(pairs.setdefault(pair, pair))  # type: ignore[union-attr]
    shared: dict[tuple, tuple] = {}  # and one tuple for each distinct list: most are [(rdf:type, kg:Evidence)]
    for node, found in index.items():
        key = tuple(found)
        index[node] = shared.setdefault(key, key)
    if spans is not None:
        spans.freeze()
    return index


def _units(groups: Iterable[list[ox.Quad]], unit_quads: int) -> Iterator[list[list[ox.Quad]]]:
    unit: list[list[ox.Quad]] = []
    size = 0
    for group in groups:
        unit.append(group)
        size += len(group)
        if size >= unit_quads:
            yield unit
            unit, size = [], 0
    if unit:
        yield unit


def _validate_unit(unit: list[list[ox.Quad]], context: dict[str, Sequence[tuple]]) -> list[Violation]:
    data = Graph()
    converted: dict = {}

    def term(node):
        found = converted.get(node)
        if found is None:
            found = converted[node] = _rdflib_term(node)
        return found

    data.addN((term(q.subject), term(q.predicate), term(q.object), data)
              for group in unit for q in group if q.predicate.value not in UNVALIDATED_PREDICATES)
    values = {q.object for group in unit for q in group if isinstance(q.object, ox.NamedNode)}
    data.addN((term(value), term(p), term(o), data)
              for value in values for p, o in context.get(value.value, ()))
    report = validate(data)
    if report.conforms:
        return []
    # The values' nodes are checked too, from the few triples of theirs the unit holds: what
    # counts is the unit's own subjects. (pyshacl's focus_nodes option would spare that work,
    # but it also skips the values that sh:node and sh:or test, passing their violations.)
    groups = {group[0].subject.value: group for group in unit}
    return [v._replace(source_graphs=_graphs_stating_in(groups[str(v.focus_node)], v.path))
            for v in report.violations if str(v.focus_node) in groups]


def _graphs_stating_in(group: list[ox.Quad], path: Node | None) -> tuple[URIRef, ...]:
    """As `_graphs_stating`, over one subject's quads: the graphs with its triples on `path`,
    else with its type, else with any of its triples."""
    on_path = [q for q in group if isinstance(path, URIRef) and q.predicate.value == str(path)]
    typed = [q for q in group if q.predicate.value == _RDF_TYPE]
    stating = on_path or (typed if isinstance(path, URIRef) else group) or group
    return tuple(URIRef(name) for name in sorted({q.graph_name.value for q in stating}))


def _rdflib_term(node) -> Node:
    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return BNode(node.value)
    if node.language:
        return Literal(node.value, lang=node.language)
    datatype = node.datatype.value
    return Literal(node.value) if datatype == XSD_STRING else Literal(node.value, datatype=URIRef(datatype))
