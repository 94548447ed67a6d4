"""Every IRI the project uses, in one place (see docs/MODEL.md)."""

from __future__ import annotations

from urllib.parse import quote

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

KG = Namespace("https://w3id.org/ofsted-kg/def#")
KGC = Namespace("https://w3id.org/ofsted-kg/concept/")
KGS = Namespace("https://w3id.org/ofsted-kg/scheme/")
KGR = Namespace("https://w3id.org/ofsted-kg/id/")
KGG = Namespace("https://w3id.org/ofsted-kg/graph/")
ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("http://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

PREFIXES: dict[str, Namespace] = {
    "kg": KG, "kgc": KGC, "kgs": KGS, "kgr": KGR, "kgg": KGG, "org": ORG, "oa": OA,
    "schema": SCHEMA, "prov": Namespace(str(PROV)), "time": Namespace(str(TIME)),
    "skos": Namespace(str(SKOS)), "owl": Namespace(str(OWL)), "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)), "xsd": Namespace(str(XSD)), "dcterms": Namespace(str(DCTERMS)),
    "wd": WD, "void": VOID, "sd": SD,
}

SCHEMES = ("role", "grade", "area", "inspection-type", "concern-category", "polarity")

DERIVED_GRAPH = KGG["derived"]
BUILD_GRAPH = KGG["build"]
ONTOLOGY_GRAPH = KGG["ontology"]


def path_segment(text: str) -> str:
    """Percent-encode a path for use inside an IRI, keeping '/' readable."""
    return quote(text, safe="/-_.~")


def concept(scheme: str, notation: str):
    """The SKOS concept IRI for a controlled value, e.g. concept('role', 'hmi')."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown concept scheme {scheme!r}")
    return KGC[f"{scheme}/{notation}"]


def source_iri(source: str):
    return KGR[f"source/{path_segment(source)}"]


def source_graph(source: str):
    return KGG[f"source/{path_segment(source)}"]


def register_graph(name: str):
    return KGG[f"register/{name}"]


OFFICE_HOLDERS = "office-holders"  # analysts' registers of post holders (build_graph.py --register)


def office_holder_graph(register: str):
    """The named graph of one office-holder register, by its file name: kgg:register/office-holders/{file}."""
    return register_graph(f"{OFFICE_HOLDERS}/{path_segment(register)}")


def office_holder_register_iri(register: str):
    return KGR[f"register/{OFFICE_HOLDERS}/{path_segment(register)}"]


def register_row_iri(register: str, line: int):
    return KGR[f"register/{OFFICE_HOLDERS}/{path_segment(register)}/row/{line}"]


def register_attestation_iri(register: str, line: int):
    return KGR[f"attestation/register/{OFFICE_HOLDERS}/{path_segment(register)}/{line}"]
