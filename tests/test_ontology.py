"""The ontology, its concept schemes, its SHACL shapes and its generated reference page."""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS, XSD
from rdflib.plugins.sparql import prepareQuery

from graph.validate import validate
from graph.vocab import KG, KGS, OA, ORG, SCHEMA, SCHEMES, concept

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = ROOT / "ontology"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
DESIGN_LINES = {  # DESIGN.md's "Controlled values" bullet -> concept scheme
    "role": "role",
    "grade (as labels)": "grade",
    "area": "area",
    "inspection type": "inspection-type",
    "concern polarity": "polarity",
}


@cache
def turtle(name: str) -> Graph:
    return Graph().parse(ONTOLOGY_DIR / name, format="turtle")


def ontology() -> Graph:
    return turtle("ofsted-kg.ttl")


def concepts() -> Graph:
    return turtle("concepts.ttl")


def shapes() -> Graph:
    return turtle("shapes.ttl")


def kg_terms() -> set[URIRef]:
    return {s for s in ontology().subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(str(KG))}


def notations(scheme: str) -> set[str]:
    return {str(concepts().value(c, SKOS.notation)) for c in concepts().subjects(SKOS.inScheme, KGS[scheme])}


def gen_docs_module():
    spec = importlib.util.spec_from_file_location("gen_ontology_docs", ROOT / "tools" / "gen_ontology_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------ the terms


@pytest.mark.parametrize("name", ["ofsted-kg.ttl", "concepts.ttl", "shapes.ttl"])
def test_turtle_file_parses_and_is_not_empty(name: str) -> None:
    assert len(turtle(name)) > 50


def test_ontology_header_has_version_title_licence_and_date() -> None:
    header = next(ontology().subjects(RDF.type, OWL.Ontology))
    dcterms = "http://purl.org/dc/terms/"
    for predicate in (OWL.versionInfo, URIRef(dcterms + "title"), URIRef(dcterms + "created")):
        assert ontology().value(header, predicate) is not None, predicate
    assert ontology().value(header, URIRef(dcterms + "license")) == URIRef("https://opensource.org/licenses/MIT")


def test_every_kg_term_has_an_english_label_and_definition() -> None:
    for term in kg_terms():
        for predicate in (RDFS.label, SKOS.definition):
            value = ontology().value(term, predicate)
            assert isinstance(value, Literal) and value.language == "en" and str(value).strip(), (term, predicate)


def test_every_kg_term_named_in_the_data_model_is_defined() -> None:
    model = (ROOT / "docs" / "MODEL.md").read_text(encoding="utf-8")
    named = {KG[local] for local in re.findall(r"`kg:(\w+)`", model)}
    assert named, "MODEL.md lists no kg: terms"
    assert named - kg_terms() == set()


def test_every_kg_term_the_code_and_queries_use_is_defined() -> None:
    used: set[URIRef] = set()
    for path in [*ROOT.glob("graph/**/*.py"), *ROOT.glob("service/**/*.py"), *ROOT.glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        used |= {KG[local] for local in re.findall(r"\bKG(?:\.|\[\")([A-Za-z]\w*)", text)}
    for path in ROOT.glob("queries/*.rq"):
        used |= {KG[local] for local in re.findall(r"\bkg:([A-Za-z]\w*)", path.read_text(encoding="utf-8"))}
    assert used - kg_terms() == set()


@pytest.mark.parametrize(
    ("term", "parent"),
    [
        (KG.Authority, ORG.Organization),
        (KG.Inspection, URIRef(PROV + "Activity")),
        (KG.SourceDocument, URIRef(PROV + "Entity")),
        (KG.SourceDocument, SCHEMA.CreativeWork),
        (KG.Evidence, OA.SpecificResource),
        (KG.Person, SCHEMA.Person),
        (KG.Person, URIRef(PROV + "Agent")),
        (KG.Role, ORG.Role),
        (KG.Role, SKOS.Concept),
        (KG.RoleHolding, ORG.Membership),
    ],
)
def test_classes_specialise_the_standard_vocabularies(term: URIRef, parent: URIRef) -> None:
    assert (term, RDFS.subClassOf, parent) in ontology()


def test_object_properties_have_a_range_and_kg_properties_a_domain_unless_generic() -> None:
    generic = {KG.evidence, KG.displayColour}  # any extracted fact carries evidence; concepts and schemes a colour
    for term in kg_terms():
        if (term, RDF.type, OWL.Class) in ontology():
            continue
        assert term in generic or ontology().value(term, RDFS.domain) is not None, term
        if (term, RDF.type, OWL.ObjectProperty) in ontology() or (term, RDF.type, OWL.DatatypeProperty) in ontology():
            assert ontology().value(term, RDFS.range) is not None, term


# ------------------------------------------------------- concept schemes


def design_values() -> dict[str, set[str]]:
    """The backquoted values of each bullet of DESIGN.md's 'Controlled values' section."""
    text = (ROOT / "docs" / "DESIGN.md").read_text(encoding="utf-8")
    section = text.split("## Controlled values", 1)[1].split("\n## ", 1)[0]
    values = {}
    for bullet in re.split(r"\n- ", section)[1:]:
        label, body = bullet.split(":", 1)
        values[DESIGN_LINES[label.strip()]] = set(re.findall(r"`([^`]+)`", body))
    return values


@pytest.mark.parametrize("scheme", ["role", "area", "inspection-type", "polarity"])
def test_scheme_notations_equal_the_design_contract(scheme: str) -> None:
    assert notations(scheme) == design_values()[scheme]


def test_grade_labels_equal_the_design_contract() -> None:
    labels = {str(concepts().value(c, SKOS.prefLabel)) for c in concepts().subjects(SKOS.inScheme, KGS.grade)}
    assert labels == design_values()["grade"]


def test_grade_concepts_use_the_model_local_names_as_notations() -> None:
    assert notations("grade") == {"outstanding", "good", "requires-improvement", "inadequate", "adequate"}


def test_a_bare_requires_improvement_is_a_label_of_requires_improvement_to_be_good() -> None:
    ri = concept("grade", "requires-improvement")
    assert concepts().value(ri, SKOS.prefLabel) == Literal("Requires improvement to be good", lang="en")
    assert (ri, SKOS.altLabel, Literal("Requires improvement", lang="en")) in concepts()


def test_grades_rank_from_outstanding_to_inadequate_with_adequate_beside_requires_improvement() -> None:
    rank = {n: int(concepts().value(concept("grade", n), KG.rank)) for n in notations("grade")}
    assert rank == {"outstanding": 1, "good": 2, "requires-improvement": 3, "adequate": 3, "inadequate": 4}


def test_every_concept_sits_at_its_iri_in_its_scheme_with_label_and_definition() -> None:
    for scheme in SCHEMES:
        assert (KGS[scheme], RDF.type, SKOS.ConceptScheme) in concepts()
        members = set(concepts().subjects(SKOS.inScheme, KGS[scheme]))
        assert members, scheme
        for member in members:
            notation = concepts().value(member, SKOS.notation)
            assert notation.datatype is None and notation.language is None, member
            assert member == concept(scheme, str(notation))
            assert (member, SKOS.topConceptOf, KGS[scheme]) in concepts()
            assert (KGS[scheme], SKOS.hasTopConcept, member) in concepts()
            assert concepts().value(member, SKOS.prefLabel).language == "en"
            assert concepts().value(member, SKOS.definition) is not None


def test_role_concepts_are_roles() -> None:
    for member in concepts().subjects(SKOS.inScheme, KGS.role):
        assert (member, RDF.type, KG.Role) in concepts()


def test_area_concepts_carry_each_frameworks_official_wording() -> None:
    wording = {
        "leaders": ["The impact of leaders on social work practice with children and families",
                    "Leadership, management and governance"],
        "help-and-protection": ["Children who need help and protection"],
        "children-in-care": ["Children looked after and achieving permanence",
                             "The experiences and progress of children in care and care leavers"],
    }
    for notation, labels in wording.items():
        for label in labels:
            assert (concept("area", notation), SKOS.altLabel, Literal(label, lang="en")) in concepts()


def test_concern_categories_cover_the_required_set_and_have_scope_notes() -> None:
    required = {
        "risk-identification", "assessment", "planning", "management-oversight", "supervision",
        "quality-assurance", "caseloads-workforce", "thresholds", "placement-sufficiency",
        "leadership-governance", "childrens-voice", "delay", "practice-consistency", "multi-agency-working",
        "exploitation-missing", "care-leavers-support", "permanence", "performance-information",
        "early-help", "other",
    }
    assert required <= notations("concern-category")
    for notation in notations("concern-category") - {"other"}:
        assert concepts().value(concept("concern-category", notation), SKOS.scopeNote) is not None, notation


def test_gold_concern_categories_are_concepts() -> None:
    gold = json.loads((ROOT / "tests" / "fixtures" / "seeds_gold.json").read_text(encoding="utf-8"))
    assert {c["category"] for c in gold["concerns_examples"]} <= notations("concern-category")


# ------------------------------------------------------------ the shapes


def shape_in_values(path: URIRef) -> list[set]:
    return [set(Collection(shapes(), shapes().value(s, SH["in"])))
            for s in shapes().subjects(SH.path, path) if shapes().value(s, SH["in"]) is not None]


@pytest.mark.parametrize(
    ("path", "scheme"),
    [(KG.area, "area"), (KG.grade, "grade"), (KG.inspectionType, "inspection-type"),
     (KG.category, "concern-category"), (KG.polarity, "polarity"), (ORG.role, "role"), (KG.role, "role")],
)
def test_shape_value_lists_equal_the_scheme_concepts(path: URIRef, scheme: str) -> None:
    expected = set(concepts().subjects(SKOS.inScheme, KGS[scheme]))
    lists = shape_in_values(path)
    assert lists and all(values == expected for values in lists)


def test_every_shape_has_a_name_and_a_message() -> None:
    all_shapes = set(shapes().subjects(RDF.type, SH.PropertyShape)) | set(shapes().subjects(RDF.type, SH.NodeShape))
    for shape in all_shapes:
        assert shapes().value(shape, SH.name) is not None, shape
        assert shapes().value(shape, SH.message) is not None, shape


def test_shapes_use_no_sparql_constraints() -> None:
    assert not set(shapes().subjects(SH.sparql, None))


VALID = """
@prefix kg: <https://w3id.org/ofsted-kg/def#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix schema: <http://schema.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/ofsted-kg/id/> .

<source/a.txt> a kg:SourceDocument ; kg:sourcePath "a.txt" ; kg:documentKind "news-article" ;
    kg:sha256 "0000000000000000000000000000000000000000000000000000000000000000" ;
    schema:datePublished "2020-03-25"^^xsd:date .
<source/a.txt#0-4> a kg:Evidence ; oa:hasSource <source/a.txt> ; kg:quote "Good" ;
    oa:hasSelector <source/a.txt#0-4-pos> , <source/a.txt#0-4-quote> .
<source/a.txt#0-4-pos> a oa:TextPositionSelector ; oa:start 0 ; oa:end 4 .
<source/a.txt#0-4-quote> a oa:TextQuoteSelector ; oa:exact "Good" .

<authority/E06000021> a kg:Authority ; kg:gssCode "E06000021" ; kg:mentionedIn <source/a.txt#0-4> .
<inspection/E06000021/sif/2015> a kg:Inspection ; kg:inspectedAuthority <authority/E06000021> ;
    kg:inspectionType <https://w3id.org/ofsted-kg/concept/inspection-type/sif> ; kg:startDate "2015"^^xsd:gYear .
<inspection/E06000021/ilacs-standard/2019-02> a kg:Inspection ; kg:inspectedAuthority <authority/E06000021> ;
    kg:inspectionType <https://w3id.org/ofsted-kg/concept/inspection-type/ilacs-standard> ; kg:startDate "2019-02"^^xsd:gYearMonth ;
    kg:publishedDate "2019-04-01"^^xsd:date ; time:after <inspection/E06000021/sif/2015> .
<inspection/E06000021/ilacs-standard/2019-02/judgement/overall-effectiveness> a kg:Judgement ;
    kg:ofInspection <inspection/E06000021/ilacs-standard/2019-02> ;
    kg:area <https://w3id.org/ofsted-kg/concept/area/overall-effectiveness> ; kg:grade <https://w3id.org/ofsted-kg/concept/grade/inadequate> ;
    kg:evidence <source/a.txt#0-4> ; prov:wasDerivedFrom <source/a.txt> .
<concern/a.txt/0> a kg:Concern ; kg:aboutInspection <inspection/E06000021/ilacs-standard/2019-02> ;
    kg:category <https://w3id.org/ofsted-kg/concept/concern-category/planning> ; kg:polarity <https://w3id.org/ofsted-kg/concept/polarity/concern> ; rdf:value "Good" ;
    kg:evidence <source/a.txt#0-4> ; prov:wasDerivedFrom <source/a.txt> .
<person/abi-brown> a kg:Person ; schema:name "Abi Brown" .
<holding/abi-brown/council-leader/E06000021> a kg:RoleHolding ; org:member <person/abi-brown> ;
    org:role <https://w3id.org/ofsted-kg/concept/role/council-leader> ; org:organization <authority/E06000021> ; kg:attestation <attestation/a.txt/0> .
<attestation/a.txt/0> a kg:RoleAttestation ; kg:holding <holding/abi-brown/council-leader/E06000021> ;
    kg:roleTitle "Leader" ; kg:attestedOn "2020-03-25"^^xsd:date ;
    kg:evidence <source/a.txt#0-4> ; prov:wasDerivedFrom <source/a.txt> .
<rai> a kg:RoleAtInspection ; kg:inspection <inspection/E06000021/ilacs-standard/2019-02> ;
    kg:role <https://w3id.org/ofsted-kg/concept/role/council-leader> ; kg:holder <person/abi-brown> ; kg:rule "attested-within-window" ;
    prov:wasDerivedFrom <attestation/a.txt/0> .
<bound> a kg:TemporalBound ; rdf:subject <inspection/E06000021/ilacs-standard/2019-02> ; rdf:predicate time:after ;
    rdf:object <inspection/E06000021/sif/2015> ; kg:evidence <source/a.txt#0-4> .
"""

ID = "https://w3id.org/ofsted-kg/id/"
JUDGEMENT = URIRef(ID + "inspection/E06000021/ilacs-standard/2019-02/judgement/overall-effectiveness")
ATTESTATION = URIRef(ID + "attestation/a.txt/0")
POSITION = URIRef(ID + "source/a.txt#0-4-pos")
CONCERN = URIRef(ID + "concern/a.txt/0")
INSPECTION = URIRef(ID + "inspection/E06000021/ilacs-standard/2019-02")


def valid_graph() -> Graph:
    return Graph().parse(data=VALID, format="turtle")


def test_a_hand_made_graph_of_every_fact_kind_conforms() -> None:
    report = validate(valid_graph())
    assert report.violations == ()
    assert report.conforms


def broken(add=(), remove=()) -> Graph:
    graph = valid_graph()
    for triple in remove:
        graph.remove(triple)
    for triple in add:
        graph.add(triple)
    return graph


BROKEN_GRAPHS = {
    "judgement with two grades": (broken(add=[(JUDGEMENT, KG.grade, concept("grade", "good"))]), JUDGEMENT, KG.grade),
    "judgement without inspection": (broken(remove=[(JUDGEMENT, KG.ofInspection, None)]), JUDGEMENT, KG.ofInspection),
    "judgement with an area outside the scheme": (
        broken(add=[(JUDGEMENT, KG.area, concept("area", "made-up"))], remove=[(JUDGEMENT, KG.area, None)]),
        JUDGEMENT, KG.area),
    "role attestation without evidence": (broken(remove=[(ATTESTATION, KG.evidence, None)]), ATTESTATION, KG.evidence),
    "evidence with start equal to end": (
        broken(add=[(POSITION, OA.start, Literal(4))], remove=[(POSITION, OA.start, None)]), POSITION, OA.start),
    "evidence with start after end": (
        broken(add=[(POSITION, OA.start, Literal(9))], remove=[(POSITION, OA.start, None)]), POSITION, OA.start),
    "concern without polarity": (broken(remove=[(CONCERN, KG.polarity, None)]), CONCERN, KG.polarity),
    "inspection with two start dates": (
        broken(add=[(INSPECTION, KG.startDate, Literal("2019-02-04", datatype=XSD.date))]),
        INSPECTION, KG.startDate),
    "inspection date typed as a string": (
        broken(add=[(INSPECTION, KG.endDate, Literal("February 2019"))]), INSPECTION, KG.endDate),
}


@pytest.mark.parametrize("case", sorted(BROKEN_GRAPHS))
def test_a_broken_graph_fails_naming_the_focus_node_and_path(case: str) -> None:
    graph, focus, path = BROKEN_GRAPHS[case]
    report = validate(graph)
    assert not report.conforms
    assert (focus, path) in {(v.focus_node, v.path) for v in report.violations}, report.violations
    assert all(v.message for v in report.violations)


def test_evidence_without_a_position_selector_fails() -> None:
    evidence = URIRef(ID + "source/a.txt#0-4")
    graph = broken(remove=[(evidence, OA.hasSelector, POSITION)])
    assert evidence in {v.focus_node for v in validate(graph).violations}


# ------------------------------------------------------- the reference page


def test_reference_page_is_what_the_generator_makes_now() -> None:
    committed = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert committed == gen_docs_module().generate(), "run: python tools/gen_ontology_docs.py"


def test_reference_page_documents_every_class_property_and_scheme() -> None:
    page = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    for term in kg_terms():
        assert f"`kg:{term[len(str(KG)):]}`" in page, term
    for scheme in SCHEMES:
        assert f"`kgs:{scheme}`" in page


def test_every_example_query_in_the_reference_page_parses() -> None:
    page = (ROOT / "docs" / "ontology.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sparql\n(.*?)```", page, flags=re.S)
    classes = set(ontology().subjects(RDF.type, OWL.Class)) - {s for s in ontology().subjects() if isinstance(s, BNode)}
    assert len(queries) == len(classes)
    for query in queries:
        prepareQuery(query)
