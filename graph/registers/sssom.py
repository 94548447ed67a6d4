"""Export the register mappings (owl:sameAs, skos:exactMatch) as an SSSOM TSV.

SSSOM, the Simple Standard for Sharing Ontological Mappings: a YAML header
(lines starting '#') then one mapping per TSV row. Works from any rdflib
graph holding the register graphs, so a build is not needed.

    python -m graph.registers.sssom --store DIR --out FILE.tsv   # from a built store
    python -m graph.registers.sssom --out FILE.tsv               # from the shipped registers
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import astuple, dataclass, fields
from pathlib import Path

import pyoxigraph
import yaml
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, SKOS

from graph.queries import internal
from graph.registers.rdf import register_graphs
from graph.store import EmbeddedStore, StoreError
from graph.vocab import KG, KGG, KGR, SCHEMA, WD

ODC = "http://opendatacommunities.org/id/"
SEMAPV = "https://w3id.org/semapv/vocab/"
CURIE_MAP = {
    "kgr": str(KGR),
    "wd": str(WD),
    "odc": ODC,
    "owl": str(OWL),
    "skos": str(SKOS),
    "semapv": SEMAPV,
}
MAPPING_SET_ID = "https://w3id.org/ofsted-kg/mappings/registers.sssom.tsv"
LICENSE = "http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
MAPPING_PREDICATES = (OWL.sameAs, SKOS.exactMatch)


@dataclass(frozen=True, order=True)
class Mapping:
    subject_id: str
    subject_label: str
    predicate_id: str
    object_id: str
    object_label: str
    mapping_justification: str
    confidence: float
    comment: str


# Why each kind of link holds. Authorities' links come from registers that
# key them on the GSS code (digital-land's curated Wikidata column, the
# opendatacommunities IRI); people's Wikidata links were checked by hand
# against parliament ids in the identifier table.
_RULES = {
    (KG.Authority, str(WD)): ("semapv:DatabaseCrossReference", 0.95,
                              "council item from digital-land's register, keyed by GSS code"),
    (KG.Authority, ODC): ("semapv:DatabaseCrossReference", 0.95,
                          "opendatacommunities IRI from digital-land's register, keyed by GSS code"),
    (KG.Person, str(WD)): ("semapv:ManualMappingCuration", 0.9,
                           "person item matched by UK Parliament member id and checked by hand"),
}


def mappings(graph: Graph) -> list[Mapping]:
    """Every sameAs/exactMatch link from a register node, with its justification, sorted.

    A Dataset is read across all its named graphs.
    """
    graph = union_of(graph) if isinstance(graph, Dataset) else graph
    rows = []
    for predicate in MAPPING_PREDICATES:
        for subject, target in graph.subject_objects(predicate):
            if not (isinstance(subject, URIRef) and str(subject).startswith(str(KGR)) and isinstance(target, URIRef)):
                continue
            rule = _rule_for(graph, subject, target)
            if rule is None:
                raise ValueError(f"no mapping justification rule for {subject} {predicate} {target}")
            justification, confidence, comment = rule
            rows.append(Mapping(
                subject_id=_curie(subject), subject_label=_label(graph, subject),
                predicate_id=_curie(predicate), object_id=_curie(target), object_label=_label(graph, target),
                mapping_justification=justification, confidence=confidence, comment=comment,
            ))
    return sorted(set(rows))


def sssom_tsv(graph: Graph) -> str:
    """The SSSOM document (YAML header + TSV) for the register mappings in `graph` (a Graph or Dataset)."""
    header = yaml.safe_dump({
        "curie_map": CURIE_MAP,
        "mapping_set_id": MAPPING_SET_ID,
        "mapping_set_title": "Ofsted children's services knowledge graph: register mappings",
        "mapping_set_description": "Links from the graph's authorities and people to Wikidata and opendatacommunities.",
        "license": LICENSE,
    }, sort_keys=True, allow_unicode=True)
    out = io.StringIO()
    out.write("".join(f"# {line}\n" for line in header.splitlines()))
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow([field.name for field in fields(Mapping)])
    for mapping in mappings(graph):
        writer.writerow(astuple(mapping))
    return out.getvalue()


def union_of(dataset: Dataset) -> Graph:
    """All triples of a dataset's named graphs, in one graph."""
    union = Graph()
    for subject, predicate, target, _ in dataset.quads((None, None, None, None)):
        union.add((subject, predicate, target))
    return union


def graph_from_store(directory: Path) -> Graph:
    """The register named graphs of a built store."""
    query = internal("registers/register-graphs").with_values("prefix", [pyoxigraph.Literal(str(KGG["register/"]))])
    result = EmbeddedStore(directory).query(query)
    return Graph().parse(data=result.serialize(format=pyoxigraph.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")


def graph_from_registers() -> Graph:
    """The shipped registers' graphs, in one graph."""
    union = Graph()
    for graph in register_graphs().values():
        union += graph
    return union


def _rule_for(graph: Graph, subject: URIRef, target: URIRef) -> tuple[str, float, str] | None:
    kinds = set(graph.objects(subject, RDF.type))
    for (kind, namespace), rule in _RULES.items():
        if kind in kinds and str(target).startswith(namespace):
            return rule
    return None


def _label(graph: Graph, node: URIRef) -> str:
    for prop in (SKOS.prefLabel, SCHEMA.name):
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    return ""


def _curie(iri: URIRef) -> str:
    # Longest namespace first, so a more specific prefix wins.
    for prefix, namespace in sorted(CURIE_MAP.items(), key=lambda item: -len(item[1])):
        if str(iri).startswith(namespace):
            return f"{prefix}:{str(iri)[len(namespace):]}"
    return str(iri)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a built store directory (default: the shipped registers)")
    parser.add_argument("--out", type=Path, required=True, help="the SSSOM TSV file to write")
    args = parser.parse_args(argv)
    try:
        graph = graph_from_store(args.store) if args.store else graph_from_registers()
    except (StoreError, OSError) as err:
        print(f"sssom: {err}", file=sys.stderr)
        return 1
    document = sssom_tsv(graph)
    args.out.write_text(document, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
