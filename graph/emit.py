"""Stage 4, emit: turn extracted facts and their resolution into RDF quads.

Finding facts is done; this stage only writes them down. Each source file
gets its own named graph holding what it states, with evidence; facts that
rest on several sources go to the derived graph with prov:wasDerivedFrom.
One graph at a time, so the builder can write each out (graph.nquads) and
let it go before the next.
"""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox

from graph import registers
from graph.registers.rdf import official_record_iri
from graph.records import (
    AuthorityMention, ConcernFact, DocumentFact, Evidence, Extraction, InspectionMention,
    JudgementFact, OfficeHolding, PartialDate, RegisterRow, RoleFact,
)
from graph.resolve import Bound, HolderConflict, Inspection, Merge, Resolution, RoleAtInspection
from graph.vocab import (
    DERIVED_GRAPH, KG, KGR, OA, ORG, SCHEMA, concept, office_holder_graph, office_holder_register_iri,
    path_segment, register_attestation_iri, register_row_iri, source_graph, source_iri,
)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = ox.NamedNode(RDF + "type")
RDF_VALUE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#value")
DCTERMS = "http://purl.org/dc/terms/"
SKOS_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
XSD = "http://www.w3.org/2001/XMLSchema#"
_DATE_TYPES = {"day": "date", "month": "gYearMonth", "year": "gYear"}
_TIME_PROPS = {"day": "inXSDDate", "month": "inXSDgYearMonth", "year": "inXSDgYear"}
_DOCUMENT_PROPS = {"title": SCHEMA["name"], "published": SCHEMA["datePublished"], "url": SCHEMA["url"],
                   "publisher": SCHEMA["publisher"], "kind": KG["documentKind"]}


def n(iri) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def date_literal(date: PartialDate) -> ox.Literal:
    return ox.Literal(date.value, datatype=ox.NamedNode(XSD + _DATE_TYPES[date.precision]))


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def inspection_iri(key: str) -> ox.NamedNode:
    return n(KGR[f"inspection/{key}"])


def mention_iri(key: str) -> ox.NamedNode:
    """An unresolved mention: `kgr:mention/{source path}/{start}`."""
    source, start = key.rsplit("/", 1)
    return n(KGR[f"mention/{path_segment(source)}/{start}"])


def authority_iri(gss: str) -> ox.NamedNode:
    return n(KGR[f"authority/{gss}"])


def person_iri(key: str) -> ox.NamedNode:
    return n(KGR[f"person/{key}"])


def organisation_iri(name: str) -> ox.NamedNode:
    return n(KGR[f"organisation/{registers.person_slug(name)}"])


def evidence_iri(evidence: Evidence) -> ox.NamedNode:
    return ox.NamedNode(f"{source_iri(evidence.source)}#{evidence.start}-{evidence.end}")


class GraphQuads:
    """The quads of one named graph, de-duplicated; called as add(subject, predicate, object)."""

    def __init__(self, graph: str) -> None:
        self.graph = ox.NamedNode(graph)
        self.quads: set[ox.Quad] = set()

    def __call__(self, s, p, o) -> None:
        self.quads.add(ox.Quad(s, p if isinstance(p, ox.NamedNode) else n(p), o, self.graph))


def emit_source(extraction: Extraction, resolution: Resolution) -> set[ox.Quad]:
    """The named graph of one source: what it states, each fact with its evidence."""
    add = GraphQuads(str(source_graph(extraction.document.source)))
    _emit_source(add, extraction, resolution)
    return add.quads


def emit_derived(extractions: Iterable[Extraction], resolution: Resolution) -> set[ox.Quad]:
    """The derived graph: identities and conclusions resting on several sources.

    Reads only what `Extraction.summary()` keeps, so the builder can pass summaries.
    """
    add = GraphQuads(str(DERIVED_GRAPH))
    for extraction in extractions:
        for fact in extraction.facts:
            if isinstance(fact, RoleFact):
                _emit_role_identity(add, fact, extraction.document.source, resolution)
            elif isinstance(fact, JudgementFact):
                _emit_judgement_identity(add, fact, extraction.document.source, resolution)
    for holding in resolution.office_holdings:
        _emit_register_holding_identity(add, holding, resolution)
    _emit_inspections(add, resolution)
    _emit_merges(add, resolution.merges)
    _emit_unresolved(add, resolution)
    _emit_bounds(add, resolution.bounds)
    _emit_roles_at_inspection(add, resolution.roles_at_inspection)
    _emit_holder_conflicts(add, resolution.holder_conflicts)
    _emit_publication_bounds(add, resolution)
    return add.quads


def emit_register(register: str, resolution: Resolution) -> set[ox.Quad]:
    """The named graph of one office-holder register (kgg:register/office-holders/{file}):
    the table, each row as the evidence of its attestation (file, line, the row as
    written, its citation), and the attestations with their tenure."""
    add = GraphQuads(str(office_holder_graph(register)))
    table = n(office_holder_register_iri(register))
    add(table, RDF_TYPE, n(KG.OfficeHolderRegister))
    add(table, KG.sourcePath, ox.Literal(register))
    for holding in resolution.office_holdings:
        if holding.row.register == register:
            _emit_register_holding(add, holding, table, resolution)
    return add.quads


# --- one source ----------------------------------------------------------------------------


def _emit_source(add, extraction: Extraction, resolution: Resolution) -> None:
    document = extraction.document
    doc = n(source_iri(document.source))
    add(doc, RDF_TYPE, n(KG.SourceDocument))
    add(doc, KG.sourcePath, ox.Literal(document.source))
    add(doc, KG.mediaType, ox.Literal(document.media_type))
    add(doc, KG.sha256, ox.Literal(document.sha256))
    add(doc, KG.text, ox.Literal(document.text))
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
        add(authority_iri(fact.gss_code), KG.mentionedIn, _evidence(add, fact.evidence, doc))
    elif isinstance(fact, InspectionMention):
        key = resolution.mention_to_inspection.get((source, fact.key))
        if key:
            add(inspection_iri(key), KG.mentionedIn, _evidence(add, fact.evidence, doc))
            if fact.primary:
                add(doc, SCHEMA.about, inspection_iri(key))
        elif (source, fact.key) in resolution.unresolved:
            mention = mention_iri(resolution.unresolved[(source, fact.key)].key)
            _fact_provenance(add, mention, fact.evidence, doc)
    elif isinstance(fact, JudgementFact):
        _emit_judgement(add, fact, doc, source, resolution)
    elif isinstance(fact, RoleFact):
        _emit_role(add, fact, doc, source, resolution)
    elif isinstance(fact, ConcernFact):
        _emit_concern(add, fact, doc, source, resolution)


def _evidence(add, evidence: Evidence, doc: ox.NamedNode) -> ox.NamedNode:
    node = evidence_iri(evidence)
    position = ox.NamedNode(node.value + "-pos")
    quote = ox.NamedNode(node.value + "-quote")
    add(node, RDF_TYPE, n(KG.Evidence))
    add(node, RDF_TYPE, n(OA.SpecificResource))
    add(node, OA.hasSource, doc)
    add(node, OA.hasSelector, position)
    add(node, OA.hasSelector, quote)
    add(node, KG.quote, ox.Literal(evidence.quote))
    add(position, RDF_TYPE, n(OA.TextPositionSelector))
    add(position, OA.start, integer(evidence.start))
    add(position, OA.end, integer(evidence.end))
    add(quote, RDF_TYPE, n(OA.TextQuoteSelector))
    add(quote, OA.exact, ox.Literal(evidence.quote))
    return node


def _fact_provenance(add, node: ox.NamedNode, evidence: Evidence, doc: ox.NamedNode) -> None:
    add(node, KG.evidence, _evidence(add, evidence, doc))
    add(node, n(PROV + "wasDerivedFrom"), doc)


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
        add(doc, KG.metadataEvidence, _evidence(add, fact.evidence, doc))


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
        _fact_provenance(add, found[1], fact.evidence, doc)


def _emit_judgement_identity(derived, fact: JudgementFact, source: str, resolution: Resolution) -> None:
    """The judgement, once in the derived graph: each source that states it would otherwise
    repeat these triples in the union default graph, and a query joining them k times over."""
    found = _judgement_node(fact, source, resolution)
    if found is None:
        return
    key, node = found
    derived(node, RDF_TYPE, n(KG.Judgement))
    derived(node, KG.ofInspection, inspection_iri(key))
    derived(node, KG.area, n(concept("area", fact.area)))
    derived(node, KG.grade, n(concept("grade", fact.grade)))


def _organisation(fact: RoleFact) -> ox.NamedNode:
    if fact.authority:
        return authority_iri(fact.authority)
    return organisation_iri(fact.organisation or "unknown organisation")


def _holding_and_attestation(fact: RoleFact, source: str, resolution: Resolution):
    person_key = resolution.person_of[(source, fact.evidence.start)]
    org_key = fact.authority or registers.person_slug(fact.organisation or "unknown organisation")
    holding = n(KGR[f"holding/{person_key}/{fact.role}/{org_key}"])
    attestation = n(KGR[f"attestation/{path_segment(source)}/{fact.evidence.start}"])
    return person_key, holding, attestation


def _emit_role_identity(derived, fact: RoleFact, source: str, resolution: Resolution) -> None:
    """The person and the holding an attestation attests: identities resolved across sources,
    written once in the derived graph (a union default graph would otherwise repeat them
    once per source)."""
    person_key, holding, attestation = _holding_and_attestation(fact, source, resolution)
    person = person_iri(person_key)
    organisation = _organisation(fact)
    derived(person, RDF_TYPE, n(KG.Person))
    derived(person, SCHEMA.name, ox.Literal(resolution.persons[person_key].name))
    if fact.honorific:
        derived(person, SCHEMA.honorificPrefix, ox.Literal(fact.honorific))
    if not fact.authority:
        derived(organisation, RDF_TYPE, n(ORG.Organization))
        derived(organisation, SKOS_PREF, ox.Literal(fact.organisation or "unknown organisation"))
    derived(holding, RDF_TYPE, n(KG.RoleHolding))
    derived(holding, ORG.member, person)
    derived(holding, ORG.role, n(concept("role", fact.role)))
    derived(holding, ORG.organization, organisation)
    derived(holding, n(PROV + "wasDerivedFrom"), attestation)


def _register_holding(holding: OfficeHolding, resolution: Resolution) -> tuple[str, ox.NamedNode, ox.NamedNode]:
    person_key = resolution.person_of_row[holding.row]
    holding_node = n(KGR[f"holding/{person_key}/{holding.role}/{holding.authority}"])
    return person_key, holding_node, n(register_attestation_iri(holding.row.register, holding.row.line))


def _emit_register_holding_identity(derived, holding: OfficeHolding, resolution: Resolution) -> None:
    """A register row's person and holding: the same nodes a document about them gives."""
    person_key, holding_node, attestation = _register_holding(holding, resolution)
    person = person_iri(person_key)
    derived(person, RDF_TYPE, n(KG.Person))
    derived(person, SCHEMA.name, ox.Literal(resolution.persons[person_key].name))
    if holding.honorific:
        derived(person, SCHEMA.honorificPrefix, ox.Literal(holding.honorific))
    derived(holding_node, RDF_TYPE, n(KG.RoleHolding))
    derived(holding_node, ORG.member, person)
    derived(holding_node, ORG.role, n(concept("role", holding.role)))
    derived(holding_node, ORG.organization, authority_iri(holding.authority))
    derived(holding_node, n(PROV + "wasDerivedFrom"), attestation)


def _emit_register_holding(add, holding: OfficeHolding, table: ox.NamedNode, resolution: Resolution) -> None:
    """What the row states: an attestation of the holding over its tenure, resting on the row."""
    _, holding_node, attestation = _register_holding(holding, resolution)
    add(holding_node, KG.attestation, attestation)
    add(attestation, RDF_TYPE, n(KG.RoleAttestation))
    add(attestation, KG.holding, holding_node)
    add(attestation, KG.roleTitle, ox.Literal(holding.title))
    for prop, value in (("startDate", holding.start), ("endDate", holding.end)):
        if value:
            add(attestation, KG[prop], date_literal(value))
    _emit_tenure(add, attestation, holding.start, holding.end)
    add(attestation, KG.evidence, _register_row(add, holding.row, table))
    add(attestation, n(PROV + "wasDerivedFrom"), table)


def _register_row(add, row: RegisterRow, table: ox.NamedNode) -> ox.NamedNode:
    node = n(register_row_iri(row.register, row.line))
    add(node, RDF_TYPE, n(KG.RegisterRow))
    add(node, OA.hasSource, table)
    add(node, KG.lineNumber, integer(row.line))
    add(node, KG.quote, ox.Literal(row.text))
    add(node, n(DCTERMS + "bibliographicCitation"), ox.Literal(row.citation))
    if row.citation.startswith(("http://", "https://")) and " " not in row.citation:
        add(node, n(DCTERMS + "source"), ox.NamedNode(row.citation))
    return node


def _emit_role(add, fact: RoleFact, doc, source: str, resolution: Resolution) -> None:
    """What the source states: an attestation of a holding, with its dates and evidence."""
    _, holding, attestation = _holding_and_attestation(fact, source, resolution)
    add(holding, KG.attestation, attestation)
    add(attestation, RDF_TYPE, n(KG.RoleAttestation))
    add(attestation, KG.holding, holding)
    for prop, value in (("attestedOn", fact.attested), ("startDate", fact.start), ("endDate", fact.end)):
        if value:
            add(attestation, KG[prop], date_literal(value))
    if fact.start or fact.end:
        _emit_tenure(add, attestation, fact.start, fact.end)
    if fact.title:
        add(attestation, KG.roleTitle, ox.Literal(fact.title))
    if fact.constituency:
        add(attestation, KG.constituency, ox.Literal(fact.constituency))
    _fact_provenance(add, attestation, fact.evidence, doc)


def _emit_tenure(add, attestation: ox.NamedNode, start: PartialDate | None, end: PartialDate | None) -> None:
    """The stated tenure as an OWL-Time interval (org:memberDuring), open where the text is silent."""
    interval = ox.NamedNode(attestation.value + "/during")
    add(attestation, ORG.memberDuring, interval)
    _emit_time(add, interval, "Interval", start, end)


def _emit_time(add, interval: ox.NamedNode, kind: str, start: PartialDate | None, end: PartialDate | None) -> None:
    """An OWL-Time interval with an instant for each end the evidence dates, at its own precision."""
    add(interval, RDF_TYPE, n(TIME + kind))
    for prop, date in (("hasBeginning", start), ("hasEnd", end)):
        if date:
            instant = ox.NamedNode(f"{interval.value}/{prop}")
            add(interval, n(TIME + prop), instant)
            add(instant, RDF_TYPE, n(TIME + "Instant"))
            add(instant, n(TIME + _TIME_PROPS[date.precision]), date_literal(date))


def _emit_concern(add, fact: ConcernFact, doc, source: str, resolution: Resolution) -> None:
    key = resolution.mention_to_inspection.get((source, fact.inspection)) if fact.inspection else None
    if key is None:
        return
    node = n(KGR[f"concern/{path_segment(source)}/{fact.evidence.start}"])
    add(node, RDF_TYPE, n(KG.Concern))
    add(node, KG.aboutInspection, inspection_iri(key))
    add(node, KG.category, n(concept("concern-category", fact.category)))
    add(node, KG.polarity, n(concept("polarity", fact.polarity)))
    add(node, RDF_VALUE, ox.Literal(fact.evidence.quote))
    _fact_provenance(add, node, fact.evidence, doc)


# --- derived -------------------------------------------------------------------------------


def _emit_inspections(add, resolution: Resolution) -> None:
    for key in sorted(resolution.inspections):
        _emit_inspection(add, resolution.inspections[key])


def _emit_inspection(add, inspection: Inspection) -> None:
    node = inspection_iri(inspection.key)
    add(node, RDF_TYPE, n(KG.Inspection))
    add(node, KG.inspectedAuthority, authority_iri(inspection.authority))
    add(node, KG.inspectionType, n(concept("inspection-type", inspection.inspection_type)))
    for prop, value in (("startDate", inspection.start), ("endDate", inspection.end),
                        ("publishedDate", inspection.published)):
        if value:
            add(node, KG[prop], date_literal(value))
    if inspection.ordinal:
        add(node, KG.ordinal, integer(inspection.ordinal))
    _emit_interval(add, node, inspection)
    for mention in inspection.mentions:
        add(node, n(PROV + "wasDerivedFrom"), evidence_iri(mention.evidence))
        for extra in (mention.date_evidence, mention.published_evidence):
            if extra:
                add(node, n(PROV + "wasDerivedFrom"), evidence_iri(extra))
    if inspection.register_record:
        add(node, KG.registerRecord, n(official_record_iri(inspection.register_record)))
    _emit_stated_conflicts(add, node, inspection)
    for prop, ours, theirs in inspection.conflicts:
        conflict = ox.NamedNode(f"{node.value}/conflict/{prop}")
        add(node, KG.conflict, conflict)
        add(conflict, RDF_TYPE, n(KG.RegisterConflict))
        add(conflict, KG.conflictProperty, n(KG[prop]))
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
        add(conflict, RDF_TYPE, n(KG.StatedConflict))
        add(conflict, KG.conflictProperty, n(KG[prop]))
        for value in sorted(found):
            add(conflict, KG.statedValue, date_literal(value))


def _emit_merges(add, merges: list[Merge]) -> None:
    """Each mention resolved to an inspection, with the rule and the facts it read."""
    for merge in merges:
        node = inspection_iri(merge.inspection)
        source, key = merge.mention
        record = ox.NamedNode(f"{node.value}/resolution/{path_segment(source)}/{merge.evidence.start}")
        add(node, KG.mentionResolution, record)
        add(record, RDF_TYPE, n(KG.MentionResolution))
        add(record, KG.resolvedTo, node)
        add(record, KG.resolvedMention, evidence_iri(merge.evidence))
        add(record, KG.rule, ox.Literal(merge.rule))
        add(record, KG.evidence, evidence_iri(merge.evidence))
        for used in merge.facts:
            add(record, n(PROV + "wasDerivedFrom"), evidence_iri(used))
        for other in merge.inspections:
            add(record, n(PROV + "wasDerivedFrom"), inspection_iri(other))
        if merge.register_record:
            add(record, n(PROV + "wasDerivedFrom"), n(official_record_iri(merge.register_record)))


def _emit_unresolved(add, resolution: Resolution) -> None:
    """Mentions no one inspection answers: their council, the type they name, their candidates."""
    for ref in sorted(resolution.unresolved):
        item = resolution.unresolved[ref]
        node = mention_iri(item.key)
        add(node, RDF_TYPE, n(KG.UnresolvedMention))
        add(node, KG.mentionedAuthority, authority_iri(item.authority))
        if item.mention.inspection_type:
            add(node, KG.mentionedType, n(concept("inspection-type", item.mention.inspection_type)))
        add(node, KG.resolutionStatus, ox.Literal(item.reason))
        for candidate in item.candidates:
            add(node, KG.candidate, inspection_iri(candidate))
        for used in item.facts:
            add(node, n(PROV + "wasDerivedFrom"), evidence_iri(used))


def _emit_interval(add, node: ox.NamedNode, inspection: Inspection) -> None:
    if not inspection.start:
        return
    interval = ox.NamedNode(node.value + "/time")
    add(node, n(TIME + "hasTime"), interval)
    _emit_time(add, interval, "ProperInterval", inspection.start, inspection.end)


def _emit_bounds(add, bounds: list[Bound]) -> None:
    """time:after / time:before between inspections, each reified with the evidence it rests on."""
    for bound in bounds:
        subject, other = inspection_iri(bound.subject), inspection_iri(bound.other)
        relation = n(TIME + bound.relation)
        add(subject, relation, other)
        record = ox.NamedNode(f"{subject.value}/bound/{bound.relation}/{other.value.rsplit('/inspection/', 1)[1]}")
        add(subject, KG.temporalBound, record)
        add(record, RDF_TYPE, n(KG.TemporalBound))
        add(record, n(RDF + "subject"), subject)
        add(record, n(RDF + "predicate"), relation)
        add(record, n(RDF + "object"), other)
        add(record, KG.rule, ox.Literal(bound.rule))
        add(record, KG.evidence, evidence_iri(bound.evidence))
        add(record, n(PROV + "wasDerivedFrom"), evidence_iri(bound.evidence))


def _emit_publication_bounds(add, resolution: Resolution) -> None:
    for source, key in sorted(resolution.publication_bounds.items()):
        doc = n(source_iri(source))
        add(doc, KG.notPublishedBefore, date_literal(resolution.inspections[key].when))
        add(doc, KG.publicationBoundedBy, inspection_iri(key))


def _emit_roles_at_inspection(add, rows: list[RoleAtInspection]) -> None:
    for row in rows:
        node = n(KGR[f"role-at-inspection/{row.inspection}/{row.role}/{row.person}"])
        add(node, RDF_TYPE, n(KG.RoleAtInspection))
        add(node, KG.inspection, inspection_iri(row.inspection))
        add(node, KG.role, n(concept("role", row.role)))
        add(node, KG.holder, person_iri(row.person))
        add(node, KG.rule, ox.Literal(row.rule))
        for evidence in row.attestations:
            attestation = n(KGR[f"attestation/{path_segment(evidence.source)}/{evidence.start}"])
            add(node, n(PROV + "wasDerivedFrom"), attestation)
        for register_row in row.register_rows:
            add(node, n(PROV + "wasDerivedFrom"), n(register_attestation_iri(register_row.register, register_row.line)))


def _emit_holder_conflicts(add, conflicts: list[HolderConflict]) -> None:
    """Documents and an office-holder register name different holders: both stay, the conflict is flagged."""
    for conflict in conflicts:
        inspection = inspection_iri(conflict.inspection)
        node = ox.NamedNode(f"{inspection.value}/conflict/holder/{conflict.role}")
        add(inspection, KG.conflict, node)
        add(node, RDF_TYPE, n(KG.RegisterConflict))
        add(node, RDF_TYPE, n(KG.HolderConflict))
        add(node, KG.conflictProperty, n(KG.holder))
        add(node, KG.conflictRole, n(concept("role", conflict.role)))
        for person in conflict.stated:
            add(node, KG.statedValue, person_iri(person))
            add(node, n(PROV + "wasDerivedFrom"),
                n(KGR[f"role-at-inspection/{conflict.inspection}/{conflict.role}/{person}"]))
        for person in conflict.registered:
            add(node, KG.registerValue, person_iri(person))
        for register_row in conflict.rows:
            add(node, n(PROV + "wasDerivedFrom"), n(register_attestation_iri(register_row.register, register_row.line)))
