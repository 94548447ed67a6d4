"""SHACL validation of the built graph against ontology/shapes.ttl.

The whole dataset is validated as one graph, the union of its named graphs,
because that is what the service's default graph shows and what the named
queries read: a judgement graded twice by two sources is a violation even if
each source graph alone is fine. Each violation is then traced back to the
named graphs that state the offending triples.

Validation never raises for violations: the builder decides what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple

import pyoxigraph as ox

from pyshacl import validate as shacl_validate
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "ofsted-kg.ttl"
CONCEPTS_FILE = ONTOLOGY_DIR / "concepts.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


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
        conforms, results, _ = shacl_validate(
            graph,
            shacl_graph=_shapes_graph(),
            inference="none",
            advanced=False,
            meta_shacl=False,
            inplace=True,
        )
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


def validate_quads(graphs: Mapping[str, Iterable[ox.Quad]]) -> ValidationReport:
    """Validate the union of named graphs of pyoxigraph quads; violations name their graphs.

    The quads go straight into one rdflib Graph, each distinct term converted
    once: parsing them from N-Quads, or validating a Dataset's union view, costs
    several times more than pyshacl itself.
    """
    union = Graph()
    converted: dict = {}

    def term(node):
        found = converted.get(node)
        if found is None:
            found = converted[node] = _rdflib_term(node)
        return found

    union.addN((term(q.subject), term(q.predicate), term(q.object), union)
               for quads in graphs.values() for q in quads
               if q.predicate.value not in UNVALIDATED_PREDICATES)
    report = validate(union)
    if report.conforms:
        return report
    return ValidationReport(False, tuple(_traced(v, graphs) for v in report.violations))


def _rdflib_term(node) -> Node:
    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return BNode(node.value)
    if node.language:
        return Literal(node.value, lang=node.language)
    datatype = node.datatype.value
    return Literal(node.value) if datatype == XSD_STRING else Literal(node.value, datatype=URIRef(datatype))


def _traced(violation: Violation, graphs: Mapping[str, Iterable[ox.Quad]]) -> Violation:
    """The violation with the named graphs that state its focus node's triples."""
    focus = str(violation.focus_node)
    stating = sorted(name for name, quads in graphs.items() if any(q.subject.value == focus for q in quads))
    return violation._replace(source_graphs=tuple(URIRef(name) for name in stating))
