"""The registers as RDF: one named graph per register (kgg:register/{name}).

Authorities, MPs and Ofsted's recorded outcomes, each graph with a
description of where its data came from. Same registers in, same triples out.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, SKOS, XSD

from graph.registers import (
    AuthorityRecord,
    FormerAuthorityRecord,
    MpRecord,
    OfficialInspection,
    Registers,
    ScrapedInspection,
    person_slug,
    shipped_registers,
)
from graph.vocab import KG, KGR, ORG, PREFIXES, SCHEMA, VOID, WD, concept, path_segment

AUTHORITIES = "authorities"
MEMBERS = "members-of-parliament"
OFFICIAL_OUTCOMES = "ofsted-outcomes"
SCRAPED_OUTCOMES = "ofsted-scrape"

_DATASET_TITLES = {
    AUTHORITIES: "English children's-services authorities and their codes",
    MEMBERS: "Members of Parliament and their identifiers",
    OFFICIAL_OUTCOMES: "Ofsted official statistics: local authority inspection outcomes",
    SCRAPED_OUTCOMES: "Ofsted inspection outcomes scraped from report PDFs (JT-39; lower confidence)",
}
_DATASET_FILES = {
    AUTHORITIES: ("england_childrens_services_las_joined.csv", "mysociety_uk_local_authorities.csv",
                  "digital_land_local_authority.csv", "dfe_las.csv"),
    MEMBERS: ("dfe_mp_lookup.csv", "stoke_and_people_identifiers.csv"),
    OFFICIAL_OUTCOMES: ("ofsted_ilacs_inspection_history_2018-2025.csv", "ofsted_la_inspections_in_year_2024-25.csv"),
    SCRAPED_OUTCOMES: ("ofsted_ilacs_scrape_history_jt39.csv", "ofsted_la_provider_lookup_jt39.csv"),
}


def register_graphs(registers: Registers | None = None) -> dict[str, Graph]:
    """Register name -> its graph (to be stored as kgg:register/{name})."""
    registers = registers or shipped_registers()
    graphs = {name: _new_graph() for name in _DATASET_TITLES}
    for name, graph in graphs.items():
        _add_dataset(graph, name, registers.sources)
    for authority in registers.authorities:
        _add_authority(graphs[AUTHORITIES], authority)
    for former in registers.former_authorities:
        _add_former_authority(graphs[AUTHORITIES], former)
    for member in registers.members:
        _add_member(graphs[MEMBERS], member)
    for record in registers.official_inspections:
        _add_official(graphs[OFFICIAL_OUTCOMES], record)
    for record in registers.scraped_inspections:
        _add_scraped(graphs[SCRAPED_OUTCOMES], record)
    return graphs


def authority_iri(gss_code: str) -> URIRef:
    return KGR[f"authority/{gss_code}"]


def person_iri(name: str) -> URIRef:
    return KGR[f"person/{person_slug(name)}"]


def official_record_iri(record: OfficialInspection) -> URIRef:
    return KGR[f"register/{OFFICIAL_OUTCOMES}/{record.gss_code}/{record.inspection_type}/{record.start_date}"]


def scraped_record_iri(record: ScrapedInspection) -> URIRef:
    # Pre-2018 scraped reports carry no dates of visit; the publication date keys them.
    when = record.start_date or f"published-{record.published_date}"
    kind = record.inspection_type or "unknown-type"
    return KGR[f"register/{SCRAPED_OUTCOMES}/{record.gss_code}/{kind}/{when}"]


def dataset_iri(name: str) -> URIRef:
    return KGR[f"register/{name}"]


def _new_graph() -> Graph:
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, replace=True)
    return graph


def _add_dataset(graph: Graph, name: str, sources: dict[str, dict[str, str]]) -> None:
    dataset = dataset_iri(name)
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, PROV.Entity))
    graph.add((dataset, DCTERMS.title, Literal(_DATASET_TITLES[name], lang="en")))
    for file_name in _DATASET_FILES[name]:
        source = sources.get(file_name, {})
        if source.get("url"):
            graph.add((dataset, DCTERMS.source, URIRef(source["url"])))
        if source.get("licence_url"):
            graph.add((dataset, DCTERMS.license, URIRef(source["licence_url"])))
        if source.get("attribution"):
            graph.add((dataset, DCTERMS.rights, Literal(source["attribution"], lang="en")))


def _add_authority(graph: Graph, record: AuthorityRecord) -> None:
    node = authority_iri(record.gss_code)
    graph.add((node, RDF.type, KG.Authority))
    graph.add((node, RDF.type, ORG.Organization))
    graph.add((node, SKOS.prefLabel, Literal(record.official_name, lang="en")))
    for name in (record.short_name, *record.alt_names):
        if name != record.official_name:
            graph.add((node, SKOS.altLabel, Literal(name, lang="en")))
    graph.add((node, KG.gssCode, Literal(record.gss_code)))
    for code in record.former_gss_codes:
        graph.add((node, KG.formerGssCode, Literal(code)))
    graph.add((node, KG.dfeLaCode, Literal(record.dfe_la_code)))
    graph.add((node, KG.ofstedUrn, Literal(record.ofsted_urn)))
    graph.add((node, KG.region, Literal(record.region_name)))
    graph.add((node, DCTERMS.type, Literal(record.la_type, lang="en")))
    if record.wikidata:
        graph.add((node, OWL.sameAs, WD[record.wikidata]))
    if record.wikidata_area:
        # The area item is the council's jurisdiction, not the council: no sameAs.
        graph.add((node, DCTERMS.spatial, WD[record.wikidata_area]))
    if record.opendatacommunities:
        graph.add((node, SKOS.exactMatch, URIRef(record.opendatacommunities)))
    graph.add((node, PROV.wasDerivedFrom, dataset_iri(AUTHORITIES)))


def _add_former_authority(graph: Graph, record: FormerAuthorityRecord) -> None:
    node = authority_iri(record.gss_code)
    graph.add((node, RDF.type, KG.Authority))
    graph.add((node, RDF.type, ORG.Organization))
    graph.add((node, SKOS.prefLabel, Literal(record.official_name, lang="en")))
    graph.add((node, KG.gssCode, Literal(record.gss_code)))
    if record.dfe_la_code:
        graph.add((node, KG.dfeLaCode, Literal(record.dfe_la_code)))
    graph.add((node, SCHEMA.dissolutionDate, Literal(record.end_date, datatype=XSD.date)))
    for successor in record.successor_gss_codes:
        graph.add((node, DCTERMS.isReplacedBy, authority_iri(successor)))
    graph.add((node, PROV.wasDerivedFrom, dataset_iri(AUTHORITIES)))


def _add_member(graph: Graph, member: MpRecord) -> None:
    node = person_iri(member.name)
    graph.add((node, RDF.type, KG.Person))
    graph.add((node, SCHEMA.name, Literal(member.name)))
    for name in member.alt_names:
        graph.add((node, SCHEMA.alternateName, Literal(name)))
    if member.honorific:
        graph.add((node, SCHEMA.honorificPrefix, Literal(member.honorific)))
    graph.add((node, KG.parliamentMemberId, Literal(member.member_id)))
    if member.wikidata:
        graph.add((node, OWL.sameAs, WD[member.wikidata]))
    graph.add((node, PROV.wasDerivedFrom, dataset_iri(MEMBERS)))


def _add_official(graph: Graph, record: OfficialInspection) -> None:
    node = official_record_iri(record)
    _add_record_core(graph, node, record.gss_code, record.inspection_type, record.grades, record.confidence)
    graph.add((node, KG.startDate, Literal(record.start_date, datatype=XSD.date)))
    if record.published_date:
        graph.add((node, KG.publishedDate, Literal(record.published_date, datatype=XSD.date)))
    if record.recorded_gss_code != record.gss_code:
        graph.add((node, KG.formerGssCode, Literal(record.recorded_gss_code)))
    if record.visit_theme:
        graph.add((node, KG.visitTheme, Literal(record.visit_theme, lang="en")))
    graph.add((node, DCTERMS.source, Literal(record.register)))
    graph.add((node, PROV.wasDerivedFrom, dataset_iri(OFFICIAL_OUTCOMES)))


def _add_scraped(graph: Graph, record: ScrapedInspection) -> None:
    node = scraped_record_iri(record)
    _add_record_core(graph, node, record.gss_code, record.inspection_type, record.grades, record.confidence)
    for prop, value in ((KG.startDate, record.start_date), (KG.endDate, record.end_date),
                        (KG.publishedDate, record.published_date)):
        if value:
            graph.add((node, prop, Literal(value, datatype=XSD.date)))
    if record.lead_inspector:
        graph.add((node, KG.leadInspectorName, Literal(record.lead_inspector)))
    graph.add((node, SCHEMA.url, URIRef(record.report_url)))
    graph.add((node, DCTERMS.source, Literal(record.register)))
    graph.add((node, PROV.wasDerivedFrom, dataset_iri(SCRAPED_OUTCOMES)))


def _add_record_core(graph: Graph, node: URIRef, gss_code: str, inspection_type: str | None,
                     grades: tuple[tuple[str, str], ...], confidence: float) -> None:
    graph.add((node, RDF.type, KG.OfficialInspectionRecord))
    graph.add((node, RDF.type, PROV.Entity))
    graph.add((node, KG.inspectedAuthority, authority_iri(gss_code)))
    if inspection_type:
        graph.add((node, KG.inspectionType, concept("inspection-type", inspection_type)))
    graph.add((node, KG.confidence, Literal(f"{confidence:.2f}", datatype=XSD.decimal)))
    for area, grade in grades:
        judgement = URIRef(f"{node}/judgement/{path_segment(area)}")
        graph.add((judgement, RDF.type, KG.RegisterJudgement))
        graph.add((judgement, KG.ofRecord, node))
        graph.add((judgement, KG.area, concept("area", area)))
        graph.add((judgement, KG.grade, concept("grade", grade)))

