"""The SHACL shapes read as direct tests of one subject's quads, so most of a graph passes without pyshacl.

pyshacl spends nine tenths of a build's validation building rdflib graphs
and walking them, and nearly every subject conforms. `ShapeCheck` compiles
ontology/shapes.ttl into plain tests on a subject's quads (and, for what a
shape reads beyond them, graph/validate.py's context index) and answers only
"conforms" or "not sure". Validation hands every subject it is not sure of
to pyshacl, so verdicts and messages stay pyshacl's own; this check need only
be sound, passing a subject only where pyshacl would. So it is strict where
pyshacl is lenient or where rdflib reads a term differently from the file:
a value it cannot judge (a literal in a form rdflib rewrites or may call
ill-typed, a blank node where a type or a selector is needed) leaves it not
sure. Shapes using anything it does not know make `ShapeCheck.compile` raise
`UnsupportedShape`, and validation falls back to pyshacl for everything.

Known: targets sh:targetClass and sh:targetSubjectsOf; sh:path as one
predicate or a sequence; sh:minCount, sh:maxCount, sh:class, sh:datatype,
sh:nodeKind, sh:in, sh:pattern, sh:minLength, sh:minInclusive, sh:lessThan,
and sh:node and sh:or over shapes made of these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection as RdfList
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Context = dict[str, list[tuple[ox.NamedNode, Term]]]  # node IRI -> (predicate, object): see graph.validate
ValueTest = Callable[[Term, Context], bool]  # True only where the value surely meets the constraint

_RDF_TYPE, _SUBCLASS_OF = str(RDF.type), str(RDFS.subClassOf)
_XSD_STRING = str(XSD.string)
_ANNOTATIONS = {RDF.type, SH.name, SH.description, SH.message, SH.order}
_TARGETS = {SH.targetClass, SH.targetSubjectsOf}
_CANONICAL = {  # lexical forms rdflib keeps as written and reads as well-typed
    str(XSD.integer): re.compile(r"0|-?[1-9][0-9]*"),
    str(XSD.date): re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}"),
    str(XSD.gYearMonth): re.compile(r"[0-9]{4}-(?:0[1-9]|1[0-2])"),
    str(XSD.gYear): re.compile(r"[0-9]{4}"),
}
_NODE_KINDS: dict[Node, tuple[type, ...]] = {
    SH.IRI: (ox.NamedNode,), SH.BlankNode: (ox.BlankNode,), SH.Literal: (ox.Literal,),
    SH.BlankNodeOrIRI: (ox.BlankNode, ox.NamedNode), SH.BlankNodeOrLiteral: (ox.BlankNode, ox.Literal),
    SH.IRIOrLiteral: (ox.NamedNode, ox.Literal),
}


class UnsupportedShape(ValueError):
    """The shapes use a construct `ShapeCheck` cannot test soundly."""


@dataclass(frozen=True, eq=False)
class _Shape:
    path: tuple[str, ...] | None  # None: the shape tests the focus node itself
    min_count: int
    max_count: int | None
    tests: tuple[ValueTest, ...]
    less_than: tuple[str, ...]  # sh:lessThan: each value below each of the focus node's values of these

    def holds(self, focus: ox.NamedNode, objects: dict[str, set[Term]], context: Context) -> bool:
        values = {focus} if self.path is None else _values(self.path, objects, context)
        if values is None or len(values) < self.min_count:
            return False
        if self.max_count is not None and len(values) > self.max_count:
            return False
        # rdflib rewrites typed literals into canonical forms, which may merge two of them into one
        if self.min_count > 1 and any(isinstance(v, ox.Literal) and v.datatype.value != _XSD_STRING
                                      for v in values):
            return False
        if not all(test(value, context) for value in values for test in self.tests):
            return False
        bounds = [bound for predicate in self.less_than for bound in objects.get(predicate, ())]
        return all(_below(value, bound) for bound in bounds for value in values)


def _values(path: tuple[str, ...], objects: dict[str, set[Term]], context: Context) -> set[Term] | None:
    values = objects.get(path[0], set())
    for step in path[1:]:
        if not all(isinstance(node, ox.NamedNode) for node in values):
            return None
        values = {o for node in values for p, o in context.get(node.value, ()) if p.value == step}
    return values


def _integer(term: Term) -> int | None:
    if isinstance(term, ox.Literal) and _well_formed(term) and term.datatype.value == str(XSD.integer):
        return int(term.value)
    return None


def _below(value: Term, bound: Term) -> bool:
    low, high = _integer(value), _integer(bound)
    return low is not None and high is not None and low < high


def _well_formed(literal: ox.Literal) -> bool:
    datatype = literal.datatype.value
    if datatype == _XSD_STRING:
        return True
    form = _CANONICAL.get(datatype)
    if form is None or not form.fullmatch(literal.value):
        return False
    if datatype == str(XSD.date):
        try:
            date.fromisoformat(literal.value)
        except ValueError:
            return False
    return True


class ShapeCheck:
    """Every targeted shape of a shapes graph, as direct tests of a subject."""

    def __init__(self, by_class: dict[str, list[_Shape]], by_predicate: dict[str, list[_Shape]],
                 skip_predicates: frozenset[str]) -> None:
        self._by_class = by_class
        self._by_predicate = by_predicate
        self._skip = skip_predicates

    @classmethod
    def compile(cls, shapes: Graph, skip_predicates: Iterable[str] = ()) -> ShapeCheck:
        """Raise UnsupportedShape if a shape uses what the check does not know."""
        by_class: dict[str, list[_Shape]] = {}
        by_predicate: dict[str, list[_Shape]] = {}
        if any(True for p in (SH.targetNode, SH.targetObjectsOf, SH.target) for _ in shapes.subjects(p, None)):
            raise UnsupportedShape("a node, objects-of or SPARQL target")
        declared = {s for kind in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, kind)}
        for node in declared | {s for p in _TARGETS for s in shapes.subjects(p, None)}:
            shape = _compile(shapes, node)
            for target in shapes.objects(node, SH.targetClass):
                by_class.setdefault(str(target), []).append(shape)
            for target in shapes.objects(node, SH.targetSubjectsOf):
                by_predicate.setdefault(str(target), []).append(shape)
        return cls(by_class, by_predicate, frozenset(skip_predicates))

    def unsure(self, unit: list[list[ox.Quad]], context: Context) -> list[list[ox.Quad]]:
        """The subjects (quads grouped by subject) of `unit` pyshacl must see: those not surely conforming.

        The whole unit where it states a class hierarchy: pyshacl would read instances of subclasses.
        """
        unsure = []
        for group in unit:
            objects: dict[str, set[Term]] = {}
            for quad in group:
                if quad.predicate.value not in self._skip:
                    objects.setdefault(quad.predicate.value, set()).add(quad.object)
            if _SUBCLASS_OF in objects:
                return unit
            subject = group[0].subject
            if not (isinstance(subject, ox.NamedNode) and self._conforms(subject, objects, context)):
                unsure.append(group)
        return unsure

    def _conforms(self, focus: ox.NamedNode, objects: dict[str, set[Term]], context: Context) -> bool:
        shapes = [s for t in objects.get(_RDF_TYPE, ()) for s in self._by_class.get(t.value, ())]
        shapes += [s for p in objects for s in self._by_predicate.get(p, ())]
        return all(shape.holds(focus, objects, context) for shape in set(shapes))


def _compile(shapes: Graph, node: Node) -> _Shape:
    known = _ANNOTATIONS | _TARGETS | set(_VALUE_TESTS) | {SH.path, SH.minCount, SH.maxCount, SH.lessThan}
    for predicate in shapes.predicates(node, None):
        if predicate not in known:
            raise UnsupportedShape(f"{node}: {predicate}")
    for kind in shapes.objects(node, RDF.type):
        if kind not in (SH.NodeShape, SH.PropertyShape):  # a shape that is a class targets its instances too
            raise UnsupportedShape(f"{node}: typed {kind}")
    path = shapes.value(node, SH.path)
    return _Shape(
        path=None if path is None else _path(shapes, path),
        min_count=int(shapes.value(node, SH.minCount, default=Literal(0))),
        max_count=None if (m := shapes.value(node, SH.maxCount)) is None else int(m),
        tests=tuple(_VALUE_TESTS[p](shapes, o) for p, o in shapes.predicate_objects(node) if p in _VALUE_TESTS),
        less_than=tuple(str(_iri(p)) for p in shapes.objects(node, SH.lessThan)),
    )


def _path(shapes: Graph, path: Node) -> tuple[str, ...]:
    steps = list(RdfList(shapes, path)) if isinstance(path, BNode) else [path]
    return tuple(str(_iri(step)) for step in steps)


def _iri(node: Node) -> URIRef:
    if not isinstance(node, URIRef):
        raise UnsupportedShape(f"{node}: not an IRI where a predicate is read")
    return node


def _nested(shapes: Graph, node: Node) -> ValueTest:
    """A shape applied to a value (sh:node, sh:or): only tests of the value itself, no path."""
    shape = _compile(shapes, node)
    if shape.path is not None or shape.less_than or shape.min_count or shape.max_count is not None:
        raise UnsupportedShape(f"{node}: a nested shape reading the value's own triples")
    return lambda value, context: all(test(value, context) for test in shape.tests)


def _class(shapes: Graph, target: Node) -> ValueTest:
    wanted = str(_iri(target))
    return lambda value, context: isinstance(value, ox.NamedNode) and any(
        p.value == _RDF_TYPE and o.value == wanted for p, o in context.get(value.value, ()))


def _datatype(shapes: Graph, datatype: Node) -> ValueTest:
    wanted = str(_iri(datatype))
    return lambda value, context: (isinstance(value, ox.Literal) and value.datatype.value == wanted
                                   and _well_formed(value))


def _node_kind(shapes: Graph, kind: Node) -> ValueTest:
    if kind not in _NODE_KINDS:
        raise UnsupportedShape(f"sh:nodeKind {kind}")
    kinds = _NODE_KINDS[kind]
    return lambda value, context: isinstance(value, kinds)


def _in(shapes: Graph, members: Node) -> ValueTest:
    iris, strings = set(), set()
    for member in RdfList(shapes, members):
        if isinstance(member, URIRef):
            iris.add(str(member))
        elif isinstance(member, Literal) and member.language is None and member.datatype in (None, XSD.string):
            strings.add(str(member))
        else:
            raise UnsupportedShape(f"sh:in member {member!r}")
    return lambda value, context: (value.value in iris if isinstance(value, ox.NamedNode) else
                                   isinstance(value, ox.Literal) and value.datatype.value == _XSD_STRING
                                   and value.value in strings)


def _textual(value: Term) -> str | None:
    """The text pyshacl reads of a value for sh:pattern and sh:minLength, where rdflib keeps it as written."""
    if isinstance(value, ox.NamedNode) or (isinstance(value, ox.Literal) and value.datatype.value == _XSD_STRING):
        return value.value
    return None


def _pattern(shapes: Graph, pattern: Node) -> ValueTest:
    compiled = re.compile(str(pattern))
    return lambda value, context: (text := _textual(value)) is not None and compiled.search(text) is not None


def _min_length(shapes: Graph, length: Node) -> ValueTest:
    least = int(length)
    return lambda value, context: (text := _textual(value)) is not None and len(text) >= least


def _min_inclusive(shapes: Graph, bound: Node) -> ValueTest:
    if not (isinstance(bound, Literal) and bound.datatype == XSD.integer):
        raise UnsupportedShape(f"sh:minInclusive {bound!r}: only integers")
    least = int(bound)
    return lambda value, context: (number := _integer(value)) is not None and number >= least


def _or(shapes: Graph, members: Node) -> ValueTest:
    alternatives = [_nested(shapes, member) for member in RdfList(shapes, members)]
    return lambda value, context: any(test(value, context) for test in alternatives)


_VALUE_TESTS: dict[Node, Callable[[Graph, Node], ValueTest]] = {
    SH["class"]: _class, SH.datatype: _datatype, SH.nodeKind: _node_kind, SH["in"]: _in,
    SH.pattern: _pattern, SH.minLength: _min_length, SH.minInclusive: _min_inclusive,
    SH.node: _nested, SH["or"]: _or,
}
