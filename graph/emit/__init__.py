"""Stage 4, emit: turn extracted facts and their resolution into RDF quads.

Finding facts is done; this stage only writes them down. Each source file
gets its own named graph holding what it states, with evidence; facts that
rest on several sources go to the derived graph with prov:wasDerivedFrom.
One graph at a time, so the builder can write each out (graph.nquads) and
let it go before the next.

This module holds the three entry points (emit_source, emit_derived,
emit_register) and the facts of one document: its metadata, the council
mentions, judgements and findings (concerns and strengths). The rest is split by subject:
graph.emit.terms (IRIs, literals, evidence, OWL-Time: what every part shares),
graph.emit.roles (holdings, attestations, register rows, holders at
inspections) and graph.emit.inspections (inspections, merges, unresolved
mentions, temporal and publication bounds).
"""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

from graph.emit.inspections import (
    emit_bounds, emit_inspections, emit_merges, emit_publication_bounds, emit_unresolved,
)
from graph.emit.roles import (
    emit_holder_conflicts, emit_register_holding, emit_register_holding_identity, emit_role, emit_role_identity,
    emit_roles_at_inspection,
)
from graph.emit.terms import (
    KG, RDF_TYPE, RDF_VALUE, SCHEMA, GraphLines, GraphQuads, authority_iri, concept_node, date_literal, emit_evidence,
    fact_provenance, inspection_iri, mention_iri, n, person_iri, source_node, STORED_TEXT_LIMIT, integer,
)
from graph.records import (
    AuthorityMention, ConcernFact, DocumentFact, Extraction, InspectionMention, JudgementFact, PartialDate, RoleFact,
)
from graph.resolve import Resolution
from graph.vocab import (
    DERIVED_GRAPH, KGR, office_holder_graph, office_holder_register_iri, path_segment, source_graph,
)

__all__ = ["GraphQuads", "emit_derived", "emit_register", "emit_source", "source_lines"]

_DOCUMENT_PROPS = {"title": SCHEMA["name"], "published": SCHEMA["datePublished"], "url": SCHEMA["url"],
                   "publisher": SCHEMA["publisher"], "kind": KG["documentKind"]}


def emit_source(extraction: Extraction, resolution: Resolution) -> set[ox.Quad]:
    """The named graph of one source: what it states, each fact with its evidence."""
    add = GraphQuads(str(source_graph(extraction.document.source)))
    _emit_source(add, extraction, resolution)
    return add.quads


def source_lines(extraction: Extraction, resolution: Resolution) -> set[str]:
    """The named graph of one source as canonical N-Quads lines (`emit_source`'s quads, printed)."""
    add = GraphLines(str(source_graph(extraction.document.source)))
    _emit_source(add, extraction, resolution)
    return add.lines


def emit_derived(extractions: Iterable[Extraction], resolution: Resolution) -> set[ox.Quad]:
    """The derived graph: identities and conclusions resting on several sources.

    Reads only what `Extraction.summary()` keeps, so the builder can pass summaries.
    """
    add = GraphQuads(str(DERIVED_GRAPH))
    for extraction in extractions:
        for fact in extraction.facts:
            if isinstance(fact, RoleFact):
                emit_role_identity(add, fact, extraction.document.source, resolution)
            elif isinstance(fact, JudgementFact):
                _emit_judgement_identity(add, fact, extraction.document.source, resolution)
    for holding in resolution.office_holdings:
        emit_register_holding_identity(add, holding, resolution)
    emit_inspections(add, resolution)
    emit_merges(add, resolution.merges)
    emit_unresolved(add, resolution)
    emit_bounds(add, resolution.bounds)
    emit_roles_at_inspection(add, resolution.roles_at_inspection)
    emit_holder_conflicts(add, resolution.holder_conflicts)
    emit_publication_bounds(add, resolution)
    return add.quads


def emit_register(register: str, resolution: Resolution) -> set[ox.Quad]:
    """The named graph of one office-holder register (kgg:register/office-holders/{file}):
    the table, each row as the evidence of its attestation (file, line, the row as
    written, its citation), and the attestations with their tenure."""
    add = GraphQuads(str(office_holder_graph(register)))
    table = n(office_holder_register_iri(register))
    add(table, RDF_TYPE, KG.OfficeHolderRegister)
    add(table, KG.sourcePath, ox.Literal(register))
    for holding in resolution.office_holdings:
        if holding.row.register == register:
            emit_register_holding(add, holding, table, resolution)
    return add.quads


# --- one source ----------------------------------------------------------------------------


def _emit_source(add, extraction: Extraction, resolution: Resolution) -> None:
    document = extraction.document
    doc = source_node(document.source)
    add(doc, RDF_TYPE, KG.SourceDocument)
    add(doc, KG.sourcePath, ox.Literal(document.source))
    add(doc, KG.mediaType, ox.Literal(document.media_type))
    add(doc, KG.sha256, ox.Literal(document.sha256))
    add(doc, KG.text, ox.Literal(document.text[:STORED_TEXT_LIMIT]))
    if len(document.text) > STORED_TEXT_LIMIT:
        add(doc, KG.textLength, integer(len(document.text)))
    people = {f.name: resolution.person_of[(document.source, f.evidence.start)]
              for f in extraction.facts if isinstance(f, RoleFact)}
    named: set[tuple[str, str]] = set()
    for fact in extraction.facts:
        if isinstance(fact, AuthorityMention):
            # Each form a council is named by, once per document, at its first occurrence:
            # a 100-page report says "the local authority" hundreds of times.
            form = (fact.gss_code, " ".join(fact.evidence.quote.lower().split()))
            if form in named:
                continue
            named.add(form)
        if isinstance(fact, DocumentFact):
            _emit_document_fact(add, fact, doc, people)
        else:
            _emit_fact(add, fact, doc, document.source, resolution)


def _emit_fact(add, fact, doc: ox.NamedNode, source: str, resolution: Resolution) -> None:
    """One fact into its source graph."""
    if isinstance(fact, AuthorityMention):
        add(authority_iri(fact.gss_code), KG.mentionedIn, emit_evidence(add, fact.evidence, doc))
    elif isinstance(fact, InspectionMention):
        key = resolution.mention_to_inspection.get((source, fact.key))
        if key:
            add(inspection_iri(key), KG.mentionedIn, emit_evidence(add, fact.evidence, doc))
            if fact.primary:
                add(doc, SCHEMA.about, inspection_iri(key))
        elif (source, fact.key) in resolution.unresolved:
            mention = mention_iri(resolution.unresolved[(source, fact.key)].key)
            fact_provenance(add, mention, fact.evidence, doc)
    elif isinstance(fact, JudgementFact):
        _emit_judgement(add, fact, doc, source, resolution)
    elif isinstance(fact, RoleFact):
        emit_role(add, fact, doc, source, resolution)
    elif isinstance(fact, ConcernFact):
        _emit_concern(add, fact, doc, source, resolution)


def _emit_document_fact(add, fact: DocumentFact, doc, people: dict[str, str]) -> None:
    """Metadata; an author the document also names with a role is that person's node."""
    if fact.field_name == "published":
        value: ox.Literal | ox.NamedNode = date_literal(PartialDate(fact.value))
    else:
        value = ox.Literal(fact.value)
    if fact.field_name in _DOCUMENT_PROPS:
        add(doc, _DOCUMENT_PROPS[fact.field_name], value)
    elif fact.field_name == "author":
        author = people.get(fact.value)
        add(doc, SCHEMA.author, person_iri(author) if author else ox.Literal(fact.value))
    elif fact.field_name == "addressee":
        add(doc, KG.addressee, ox.Literal(fact.value))
    if fact.evidence:
        add(doc, KG.metadataEvidence, emit_evidence(add, fact.evidence, doc))


def _judgement_node(fact: JudgementFact, source: str, resolution: Resolution) -> tuple[str, ox.NamedNode] | None:
    """The inspection key and the judgement's IRI; a grade the sources dispute gets its own node."""
    key = resolution.mention_to_inspection.get((source, fact.inspection))
    if key is None:
        return None
    node = ox.NamedNode(f"{inspection_iri(key).value}/judgement/{fact.area}")
    if (key, fact.area) in resolution.conflicting_judgements:
        node = ox.NamedNode(f"{node.value}/{fact.grade}")
    return key, node


def _emit_judgement(add, fact: JudgementFact, doc, source: str, resolution: Resolution) -> None:
    """What the source states: its evidence for the judgement (the judgement itself is derived)."""
    found = _judgement_node(fact, source, resolution)
    if found:
        fact_provenance(add, found[1], fact.evidence, doc)


def _emit_judgement_identity(derived, fact: JudgementFact, source: str, resolution: Resolution) -> None:
    """The judgement, once in the derived graph: each source that states it would otherwise
    repeat these triples in the union default graph, and a query joining them k times over."""
    found = _judgement_node(fact, source, resolution)
    if found is None:
        return
    key, node = found
    derived(node, RDF_TYPE, KG.Judgement)
    derived(node, KG.ofInspection, inspection_iri(key))
    derived(node, KG.area, concept_node("area", fact.area))
    derived(node, KG.grade, concept_node("grade", fact.grade))


def _emit_concern(add, fact: ConcernFact, doc, source: str, resolution: Resolution) -> None:
    """A finding, with its inspection when the resolution ties it to one. One of no known
    inspection (news naming none, a mention left unresolved) is still a finding the source
    states: it keeps its council when known, and its inspection stays unknown, not invented."""
    key = resolution.mention_to_inspection.get((source, fact.inspection)) if fact.inspection else None
    node = n(KGR[f"concern/{path_segment(source)}/{fact.evidence.start}"])
    add(node, RDF_TYPE, KG.Concern)
    if key:
        add(node, KG.aboutInspection, inspection_iri(key))
    elif fact.authority:
        add(node, KG.aboutAuthority, authority_iri(fact.authority))
    add(node, KG.category, concept_node("concern-category", fact.category))
    add(node, KG.polarity, concept_node("polarity", fact.polarity))
    add(node, RDF_VALUE, ox.Literal(fact.evidence.quote))
    fact_provenance(add, node, fact.evidence, doc)
