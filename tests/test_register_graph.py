"""The register graphs: authorities, MPs and outcome records as the data model says."""

import pytest
from rdflib import Literal, URIRef
from rdflib import namespace
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from graph.registers.rdf import (
    AUTHORITIES,
    MEMBERS,
    OFFICIAL_OUTCOMES,
    SCRAPED_OUTCOMES,
    register_graphs,
)
from graph.vocab import KG, KGC, KGR, ORG, SCHEMA, WD, register_graph


@pytest.fixture(scope="module")
def graphs():
    return register_graphs()


STOKE = KGR["authority/E06000021"]


def test_one_graph_per_register_named_for_kgg_register(graphs):
    assert set(graphs) == {AUTHORITIES, MEMBERS, OFFICIAL_OUTCOMES, SCRAPED_OUTCOMES}
    assert str(register_graph(AUTHORITIES)) == "https://w3id.org/ofsted-kg/graph/register/authorities"


def test_stoke_authority_carries_codes_labels_and_links(graphs):
    graph = graphs[AUTHORITIES]
    assert {KG.Authority, ORG.Organization} <= set(graph.objects(STOKE, RDF.type))
    assert graph.value(STOKE, SKOS.prefLabel) == Literal("Stoke-on-Trent City Council", lang="en")
    assert graph.value(STOKE, KG.gssCode) == Literal("E06000021")
    assert graph.value(STOKE, KG.dfeLaCode) == Literal("861")
    assert graph.value(STOKE, KG.ofstedUrn) == Literal("80564")
    assert graph.value(STOKE, KG.region) == Literal("West Midlands")
    assert graph.value(STOKE, OWL.sameAs) == WD["Q17022507"]
    assert graph.value(STOKE, SKOS.exactMatch) == URIRef(
        "http://opendatacommunities.org/id/unitary-authority/stoke-on-trent")
    assert Literal("Stoke", lang="en") in set(graph.objects(STOKE, SKOS.altLabel))


def test_pref_label_is_not_repeated_as_alt_label(graphs):
    graph = graphs[AUTHORITIES]
    for node, label in graph.subject_objects(SKOS.prefLabel):
        assert label not in set(graph.objects(node, SKOS.altLabel))


def test_153_current_authorities_each_with_one_gss_code(graphs):
    graph = graphs[AUTHORITIES]
    current = [node for node in graph.subjects(RDF.type, KG.Authority) if graph.value(node, KG.ofstedUrn)]
    assert len(current) == 153
    for node in current:
        assert len(set(graph.objects(node, KG.gssCode))) == 1


def test_barnsley_keeps_its_former_code(graphs):
    barnsley = KGR["authority/E08000038"]
    assert graphs[AUTHORITIES].value(barnsley, KG.formerGssCode) == Literal("E08000016")


def test_abolished_authority_points_to_its_successors(graphs):
    graph = graphs[AUTHORITIES]
    northamptonshire = KGR["authority/E10000021"]
    assert set(graph.objects(northamptonshire, DCTERMS.isReplacedBy)) == {
        KGR["authority/E06000061"], KGR["authority/E06000062"]}


def test_mps_are_people_with_member_id_and_wikidata(graphs):
    graph = graphs[MEMBERS]
    smeeth = KGR["person/ruth-smeeth"]
    assert graph.value(smeeth, RDF.type) == KG.Person
    assert graph.value(smeeth, KG.parliamentMemberId) == Literal("4508")
    assert graph.value(smeeth, OWL.sameAs) == WD["Q19586268"]
    snell = KGR["person/gareth-snell"]
    assert graph.value(snell, KG.parliamentMemberId) == Literal("4595")
    assert graph.value(snell, SCHEMA.name) == Literal("Gareth Snell")
    assert graph.value(snell, OWL.sameAs) is None  # no source gives his Wikidata item


def test_official_record_for_stoke_2019_has_dates_type_and_grades(graphs):
    graph = graphs[OFFICIAL_OUTCOMES]
    record = KGR["register/ofsted-outcomes/E06000021/ilacs-standard/2019-02-04"]
    assert KG.OfficialInspectionRecord in set(graph.objects(record, RDF.type))
    assert graph.value(record, KG.inspectedAuthority) == STOKE
    assert graph.value(record, KG.inspectionType) == KGC["inspection-type/ilacs-standard"]
    assert graph.value(record, KG.startDate) == Literal("2019-02-04", datatype=namespace.XSD.date)
    assert graph.value(record, KG.publishedDate) == Literal("2019-03-18", datatype=namespace.XSD.date)
    judgement = URIRef(f"{record}/judgement/overall-effectiveness")
    assert graph.value(judgement, KG.ofRecord) == record
    assert graph.value(judgement, KG.area) == KGC["area/overall-effectiveness"]
    assert graph.value(judgement, KG.grade) == KGC["grade/inadequate"]


def test_official_record_for_stoke_2022_has_children_in_care_good(graphs):
    graph = graphs[OFFICIAL_OUTCOMES]
    record = KGR["register/ofsted-outcomes/E06000021/ilacs-standard/2022-10-03"]
    grades = {graph.value(j, KG.area): graph.value(j, KG.grade) for j in graph.subjects(KG.ofRecord, record)}
    assert grades[KGC["area/children-in-care"]] == KGC["grade/good"]
    assert grades[KGC["area/overall-effectiveness"]] == KGC["grade/requires-improvement"]
    assert KGC["area/care-leavers"] not in grades


def test_scraped_records_are_marked_lower_confidence(graphs):
    graph = graphs[SCRAPED_OUTCOMES]
    record = KGR["register/ofsted-scrape/E06000021/ilacs-standard/2025-05-12"]
    assert graph.value(record, KG.confidence).toPython() < 1
    assert graphs[OFFICIAL_OUTCOMES].value(
        KGR["register/ofsted-outcomes/E06000021/ilacs-standard/2019-02-04"], KG.confidence).toPython() == 1
    assert graph.value(record, KG.leadInspectorName) == Literal("John Roughton")


def test_each_register_graph_describes_its_dataset_with_a_licence(graphs):
    for name, graph in graphs.items():
        dataset = KGR[f"register/{name}"]
        assert graph.value(dataset, DCTERMS.title) is not None, name
        assert graph.value(dataset, DCTERMS.license) is not None, name


def test_output_is_deterministic(graphs):
    first = {name: graph.serialize(format="nt") for name, graph in graphs.items()}
    second = {name: graph.serialize(format="nt") for name, graph in register_graphs().items()}
    assert {n: sorted(t.splitlines()) for n, t in first.items()} == {n: sorted(t.splitlines()) for n, t in second.items()}
    assert all("_:" not in text for text in first.values())  # no blank nodes: stable IRIs only
