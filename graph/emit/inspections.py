"""Emitting inspections into the derived graph: what the resolution concluded about them.

Each inspection resolved from its mentions (type, dates, ordinal, its interval, the
official record it is tied to and the dates the documents or the register dispute),
how each mention was resolved to it (kg:MentionResolution, the rule and the facts
read), the mentions left unresolved with their candidates, the time:after/before
bounds between inspections, and the publication bounds of undated documents. All
of these rest on several sources, so they are written once, with prov:wasDerivedFrom.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph.emit.terms import (
    KG, PROV, RDF, RDF_TYPE, TIME, authority_iri, concept_node, date_literal, emit_time, evidence_iri,
    inspection_iri, integer, mention_iri, n, source_node,
)
from graph.records import PartialDate
from graph.registers.rdf import official_record_iri
from graph.resolve import Bound, Inspection, Merge, Resolution
from graph.vocab import path_segment


def emit_inspections(add, resolution: Resolution) -> None:
    for key in sorted(resolution.inspections):
        _emit_inspection(add, resolution.inspections[key])


def _emit_inspection(add, inspection: Inspection) -> None:
    node = inspection_iri(inspection.key)
    add(node, RDF_TYPE, KG.Inspection)
    add(node, KG.inspectedAuthority, authority_iri(inspection.authority))
    add(node, KG.inspectionType, concept_node("inspection-type", inspection.inspection_type))
    for prop, value in (("startDate", inspection.start), ("endDate", inspection.end),
                        ("publishedDate", inspection.published)):
        if value:
            add(node, KG[prop], date_literal(value))
    if inspection.ordinal:
        add(node, KG.ordinal, integer(inspection.ordinal))
    _emit_interval(add, node, inspection)
    for mention in inspection.mentions:
        add(node, PROV.wasDerivedFrom, evidence_iri(mention.evidence))
        for extra in (mention.date_evidence, mention.published_evidence):
            if extra:
                add(node, PROV.wasDerivedFrom, evidence_iri(extra))
    if inspection.register_record:
        add(node, KG.registerRecord, n(official_record_iri(inspection.register_record)))
    _emit_stated_conflicts(add, node, inspection)
    for prop, ours, theirs in inspection.conflicts:
        conflict = ox.NamedNode(f"{node.value}/conflict/{prop}")
        add(node, KG.conflict, conflict)
        add(conflict, RDF_TYPE, KG.RegisterConflict)
        add(conflict, KG.conflictProperty, KG[prop])
        add(conflict, KG.statedValue, date_literal(ours))
        add(conflict, KG.registerValue, date_literal(theirs))


def _emit_stated_conflicts(add, node: ox.NamedNode, inspection: Inspection) -> None:
    """Dates the documents state for one inspection that cannot all be right: every value is kept."""
    values: dict[str, set[PartialDate]] = {}
    for prop, one, other in inspection.stated_conflicts:
        values.setdefault(prop, set()).update((one, other))
    for prop, found in sorted(values.items()):
        conflict = ox.NamedNode(f"{node.value}/stated-conflict/{prop}")
        add(node, KG.statedConflict, conflict)
        add(conflict, RDF_TYPE, KG.StatedConflict)
        add(conflict, KG.conflictProperty, KG[prop])
        for value in sorted(found):
            add(conflict, KG.statedValue, date_literal(value))


def emit_merges(add, merges: list[Merge]) -> None:
    """Each mention resolved to an inspection, with the rule and the facts it read."""
    for merge in merges:
        node = inspection_iri(merge.inspection)
        source, key = merge.mention
        record = ox.NamedNode(f"{node.value}/resolution/{path_segment(source)}/{merge.evidence.start}")
        add(node, KG.mentionResolution, record)
        add(record, RDF_TYPE, KG.MentionResolution)
        add(record, KG.resolvedTo, node)
        add(record, KG.resolvedMention, evidence_iri(merge.evidence))
        add(record, KG.rule, ox.Literal(merge.rule))
        add(record, KG.evidence, evidence_iri(merge.evidence))
        for used in merge.facts:
            add(record, PROV.wasDerivedFrom, evidence_iri(used))
        for other in merge.inspections:
            add(record, PROV.wasDerivedFrom, inspection_iri(other))
        if merge.register_record:
            add(record, PROV.wasDerivedFrom, n(official_record_iri(merge.register_record)))


def emit_unresolved(add, resolution: Resolution) -> None:
    """Mentions no one inspection answers: their council, the type they name, their candidates."""
    for ref in sorted(resolution.unresolved):
        item = resolution.unresolved[ref]
        node = mention_iri(item.key)
        add(node, RDF_TYPE, KG.UnresolvedMention)
        add(node, KG.mentionedAuthority, authority_iri(item.authority))
        if item.mention.inspection_type:
            add(node, KG.mentionedType, concept_node("inspection-type", item.mention.inspection_type))
        add(node, KG.resolutionStatus, ox.Literal(item.reason))
        for candidate in item.candidates:
            add(node, KG.candidate, inspection_iri(candidate))
        for used in item.facts:
            add(node, PROV.wasDerivedFrom, evidence_iri(used))


def _emit_interval(add, node: ox.NamedNode, inspection: Inspection) -> None:
    if not inspection.start:
        return
    interval = ox.NamedNode(node.value + "/time")
    add(node, TIME.hasTime, interval)
    emit_time(add, interval, "ProperInterval", inspection.start, inspection.end)


def emit_bounds(add, bounds: list[Bound]) -> None:
    """time:after / time:before between inspections, each reified with the evidence it rests on."""
    for bound in bounds:
        subject, other = inspection_iri(bound.subject), inspection_iri(bound.other)
        relation = TIME[bound.relation]
        add(subject, relation, other)
        record = ox.NamedNode(f"{subject.value}/bound/{bound.relation}/{other.value.rsplit('/inspection/', 1)[1]}")
        add(subject, KG.temporalBound, record)
        add(record, RDF_TYPE, KG.TemporalBound)
        add(record, RDF.subject, subject)
        add(record, RDF.predicate, relation)
        add(record, RDF.object, other)
        add(record, KG.rule, ox.Literal(bound.rule))
        add(record, KG.evidence, evidence_iri(bound.evidence))
        add(record, PROV.wasDerivedFrom, evidence_iri(bound.evidence))


def emit_publication_bounds(add, resolution: Resolution) -> None:
    for source, key in sorted(resolution.publication_bounds.items()):
        doc = source_node(source)
        add(doc, KG.notPublishedBefore, date_literal(resolution.inspections[key].when))
        add(doc, KG.publicationBoundedBy, inspection_iri(key))
