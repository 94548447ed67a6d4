"""Emitting who held which office: organisations, holdings, attestations and conflicts.

A role a document states and a row of an office-holder register both attest a
holding (a person in a role at an organisation, kgr:holding/...). What a source
states, the attestation with its dates and evidence, goes to that source's graph
(or the register's); the person and the holding, identities resolved across
sources, go once to the derived graph, with who held a role at each inspection
and where the documents and a register disagree about it.
"""

from __future__ import annotations

import pyoxigraph as ox

from graph import registers
from graph.emit.terms import (
    DCTERMS, KG, OA, ORG, PROV, RDF_TYPE, SCHEMA, SKOS_PREF, authority_iri, concept_node, date_literal, emit_time,
    fact_provenance, inspection_iri, integer, n, organisation_iri, person_iri,
)
from graph.records import OfficeHolding, PartialDate, RegisterRow, RoleFact
from graph.resolve import HolderConflict, Resolution, RoleAtInspection
from graph.vocab import (
    KGR, path_segment, register_attestation_iri, register_row_iri,
)


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


def emit_role_identity(derived, fact: RoleFact, source: str, resolution: Resolution) -> None:
    """The person and the holding an attestation attests: identities resolved across sources,
    written once in the derived graph (a union default graph would otherwise repeat them
    once per source)."""
    person_key, holding, attestation = _holding_and_attestation(fact, source, resolution)
    person = person_iri(person_key)
    organisation = _organisation(fact)
    derived(person, RDF_TYPE, KG.Person)
    derived(person, SCHEMA.name, ox.Literal(resolution.persons[person_key].name))
    if fact.honorific:
        derived(person, SCHEMA.honorificPrefix, ox.Literal(fact.honorific))
    if not fact.authority:
        derived(organisation, RDF_TYPE, ORG.Organization)
        derived(organisation, SKOS_PREF, ox.Literal(fact.organisation or "unknown organisation"))
    derived(holding, RDF_TYPE, KG.RoleHolding)
    derived(holding, ORG.member, person)
    derived(holding, ORG.role, concept_node("role", fact.role))
    derived(holding, ORG.organization, organisation)
    derived(holding, PROV.wasDerivedFrom, attestation)


def _register_holding(holding: OfficeHolding, resolution: Resolution) -> tuple[str, ox.NamedNode, ox.NamedNode]:
    person_key = resolution.person_of_row[holding.row]
    holding_node = n(KGR[f"holding/{person_key}/{holding.role}/{holding.authority}"])
    return person_key, holding_node, n(register_attestation_iri(holding.row.register, holding.row.line))


def emit_register_holding_identity(derived, holding: OfficeHolding, resolution: Resolution) -> None:
    """A register row's person and holding: the same nodes a document about them gives."""
    person_key, holding_node, attestation = _register_holding(holding, resolution)
    person = person_iri(person_key)
    derived(person, RDF_TYPE, KG.Person)
    derived(person, SCHEMA.name, ox.Literal(resolution.persons[person_key].name))
    if holding.honorific:
        derived(person, SCHEMA.honorificPrefix, ox.Literal(holding.honorific))
    derived(holding_node, RDF_TYPE, KG.RoleHolding)
    derived(holding_node, ORG.member, person)
    derived(holding_node, ORG.role, concept_node("role", holding.role))
    derived(holding_node, ORG.organization, authority_iri(holding.authority))
    derived(holding_node, PROV.wasDerivedFrom, attestation)


def emit_register_holding(add, holding: OfficeHolding, table: ox.NamedNode, resolution: Resolution) -> None:
    """What the row states: an attestation of the holding over its tenure, resting on the row."""
    _, holding_node, attestation = _register_holding(holding, resolution)
    add(holding_node, KG.attestation, attestation)
    add(attestation, RDF_TYPE, KG.RoleAttestation)
    add(attestation, KG.holding, holding_node)
    add(attestation, KG.roleTitle, ox.Literal(holding.title))
    for prop, value in (("startDate", holding.start), ("endDate", holding.end)):
        if value:
            add(attestation, KG[prop], date_literal(value))
    _emit_tenure(add, attestation, holding.start, holding.end)
    add(attestation, KG.evidence, _register_row(add, holding.row, table))
    add(attestation, PROV.wasDerivedFrom, table)


def _register_row(add, row: RegisterRow, table: ox.NamedNode) -> ox.NamedNode:
    node = n(register_row_iri(row.register, row.line))
    add(node, RDF_TYPE, KG.RegisterRow)
    add(node, OA.hasSource, table)
    add(node, KG.lineNumber, integer(row.line))
    add(node, KG.quote, ox.Literal(row.text))
    add(node, DCTERMS.bibliographicCitation, ox.Literal(row.citation))
    if row.citation.startswith(("http://", "https://")) and " " not in row.citation:
        add(node, DCTERMS.source, ox.NamedNode(row.citation))
    return node


def emit_role(add, fact: RoleFact, doc, source: str, resolution: Resolution) -> None:
    """What the source states: an attestation of a holding, with its dates and evidence."""
    _, holding, attestation = _holding_and_attestation(fact, source, resolution)
    add(holding, KG.attestation, attestation)
    add(attestation, RDF_TYPE, KG.RoleAttestation)
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
    fact_provenance(add, attestation, fact.evidence, doc)


def _emit_tenure(add, attestation: ox.NamedNode, start: PartialDate | None, end: PartialDate | None) -> None:
    """The stated tenure as an OWL-Time interval (org:memberDuring), open where the text is silent."""
    interval = ox.NamedNode(attestation.value + "/during")
    add(attestation, ORG.memberDuring, interval)
    emit_time(add, interval, "Interval", start, end)


# --- derived: holders at inspections -------------------------------------------------------


def emit_roles_at_inspection(add, rows: list[RoleAtInspection]) -> None:
    for row in rows:
        node = n(KGR[f"role-at-inspection/{row.inspection}/{row.role}/{row.person}"])
        add(node, RDF_TYPE, KG.RoleAtInspection)
        add(node, KG.inspection, inspection_iri(row.inspection))
        add(node, KG.role, concept_node("role", row.role))
        add(node, KG.holder, person_iri(row.person))
        add(node, KG.rule, ox.Literal(row.rule))
        for evidence in row.attestations:
            attestation = n(KGR[f"attestation/{path_segment(evidence.source)}/{evidence.start}"])
            add(node, PROV.wasDerivedFrom, attestation)
        for register_row in row.register_rows:
            add(node, PROV.wasDerivedFrom, n(register_attestation_iri(register_row.register, register_row.line)))


def emit_holder_conflicts(add, conflicts: list[HolderConflict]) -> None:
    """Documents and an office-holder register name different holders: both stay, the conflict is flagged."""
    for conflict in conflicts:
        inspection = inspection_iri(conflict.inspection)
        node = ox.NamedNode(f"{inspection.value}/conflict/holder/{conflict.role}")
        add(inspection, KG.conflict, node)
        add(node, RDF_TYPE, KG.RegisterConflict)
        add(node, RDF_TYPE, KG.HolderConflict)
        add(node, KG.conflictProperty, KG.holder)
        add(node, KG.conflictRole, concept_node("role", conflict.role))
        for person in conflict.stated:
            add(node, KG.statedValue, person_iri(person))
            add(node, PROV.wasDerivedFrom,
                n(KGR[f"role-at-inspection/{conflict.inspection}/{conflict.role}/{person}"]))
        for person in conflict.registered:
            add(node, KG.registerValue, person_iri(person))
        for register_row in conflict.rows:
            add(node, PROV.wasDerivedFrom, n(register_attestation_iri(register_row.register, register_row.line)))
