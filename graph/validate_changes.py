"""SHACL validation of an incremental publish: the subjects it changes and their neighbourhood, not the dataset.

Why that is enough for the shapes of ontology/shapes.ttl. Each is a top-level
property shape that targets a class (sh:targetClass) or the subjects of a
predicate (sh:targetSubjectsOf) and reads the focus node's values on a path of
one predicate or a sequence of predicates: counts, datatypes, sh:in, lengths,
patterns, sh:lessThan (against the node's own values) and sh:class (the value's
rdf:type). `graph.validate.unit_reach` refuses any shape that would read further
(inverse or repeated paths, nested or qualified shapes, sh:closed, SPARQL), so
whether a node conforms depends only on

  (a) its own triples, from every graph: its types make it a target, its values are checked;
  (b) for each of its values, the value's rdf:type triples and its triples on the later steps
      of a sequence path (`oa:start` of a selector): `shape_reach()` names both.

A publish can change a node's verdict only by changing (a), which makes the node
the subject of a changed quad, or (b), which makes it point at the subject of a
changed type or later-step quad. Both kinds are validated here, each whole,
with its values' types, read from the dataset as it will be: the served store
with the delta applied. Every other node keeps the verdict it had, and the
served build conformed: builds are published only if they do.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import chain
from typing import Collection

import pyoxigraph as ox

from graph.store import DatasetDelta, GraphStore
from graph.validate import UnitReach, ValidationReport, shape_reach, validate_subjects

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def validate_changes(delta: DatasetDelta, store: GraphStore,
                     skip_graphs: tuple[str, ...]) -> tuple[ValidationReport, int]:
    """Validate what `delta` can change the verdict of (see the module notes); also return how many subjects."""
    reach = shape_reach()
    view = _Overlay(store, delta, skip_graphs)
    changed = [quad for quad in chain(delta.added(), delta.removed()) if _kept(quad, skip_graphs)]
    focus = {quad.subject for quad in changed}
    read_by_others = {quad.subject for quad in changed if _reached(quad, reach)}
    focus |= {quad.subject for quad in view.referring_to(_named(read_by_others))}
    groups: dict[ox.NamedNode, list[ox.Quad]] = defaultdict(list)
    for quad in view.about(_named(focus)):
        groups[quad.subject].append(quad)
    values = {quad.object for quads in groups.values() for quad in quads}
    context: dict[str, list[tuple]] = defaultdict(list)
    # Only what shapes read of a value: a build's prov:used points at every document, and reading
    # all of a document's triples would read its whole text.
    read = {ox.NamedNode(_RDF_TYPE), *map(ox.NamedNode, reach.onward_predicates)}
    for quad in view.about(_named(values), read):
        if _reached(quad, reach):
            context[quad.subject.value].append((quad.predicate, quad.object))
    ordered = [groups[subject] for subject in sorted(groups, key=str)]
    return validate_subjects(ordered, context), len(ordered)


class _Overlay:
    """The dataset as it will be, outside the skipped graphs: the served store with `delta` applied."""

    def __init__(self, store: GraphStore, delta: DatasetDelta, skip_graphs: tuple[str, ...]) -> None:
        self._store = store
        self._skip = skip_graphs
        self._removed = set(delta.removed())
        self._added = [quad for quad in delta.added() if _kept(quad, skip_graphs)]

    def about(self, subjects: set[ox.NamedNode], predicates: set[ox.NamedNode] | None = None) -> list[ox.Quad]:
        served = self._store.quads_about(subjects, predicates) if subjects else []
        return self._now(served) + [quad for quad in self._added if quad.subject in subjects
                                    and (predicates is None or quad.predicate in predicates)]

    def referring_to(self, objects: set[ox.NamedNode]) -> list[ox.Quad]:
        served = self._store.quads_referring_to(objects) if objects else []
        return self._now(served) + [quad for quad in self._added if quad.object in objects]

    def _now(self, served: list[ox.Quad]) -> list[ox.Quad]:
        return [quad for quad in served if _kept(quad, self._skip) and quad not in self._removed]


def _kept(quad: ox.Quad, skip_graphs: tuple[str, ...]) -> bool:
    """In a named graph the build validates (a store's default graph holds nothing a build wrote)."""
    graph = quad.graph_name
    return isinstance(graph, ox.NamedNode) and not graph.value.startswith(skip_graphs)


def _reached(quad: ox.Quad, reach: UnitReach) -> bool:
    """A triple that shapes read about a node from the nodes pointing at it."""
    predicate = quad.predicate.value
    return ((predicate == _RDF_TYPE and quad.object.value in reach.classes)
            or predicate in reach.onward_predicates)


def _named(nodes: Collection) -> set[ox.NamedNode]:
    """The IRIs among `nodes`: literals are never subjects, and blank nodes only in graphs no publish changes."""
    return {node for node in nodes if isinstance(node, ox.NamedNode)}
