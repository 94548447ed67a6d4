"""Generate docs/ontology.md, the reference page of the ontology, from ontology/*.ttl.

Usage: python tools/gen_ontology_docs.py [OUTPUT]   (default docs/ontology.md)

The output is deterministic (everything sorted, no timestamps) so that
tests/test_ontology.py can check the committed page is up to date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from graph.resources import CONCEPTS_FILE, ONTOLOGY_FILE, SHAPES_FILE

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "docs" / "ontology.md"

KG = "https://w3id.org/ofsted-kg/def#"
KGS = "https://w3id.org/ofsted-kg/scheme/"
KG_RANK = URIRef(KG + "rank")
PREFIXES = {
    "kg": KG,
    "kgc": "https://w3id.org/ofsted-kg/concept/",
    "kgs": KGS,
    "kgr": "https://w3id.org/ofsted-kg/id/",
    "kgg": "https://w3id.org/ofsted-kg/graph/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "oa": "http://www.w3.org/ns/oa#",
    "schema": "http://schema.org/",
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def load(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def curie(node) -> str:
    """A prefixed name for an IRI; a blank node is the partial-date datatype union."""
    if isinstance(node, BNode):
        return "partial date (xsd:date, xsd:gYearMonth or xsd:gYear)"
    text = str(node)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return f"<{text}>"


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def english(graph: Graph, subject, predicate) -> str:
    value = graph.value(subject, predicate)
    return str(value) if value is not None else ""


def kg_terms(graph: Graph, rdf_type: URIRef) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, rdf_type) if isinstance(s, URIRef) and str(s).startswith(KG))


def kg_properties(ontology: Graph) -> list[URIRef]:
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
    return sorted({p for kind in kinds for p in kg_terms(ontology, kind)})


def domain_classes(ontology: Graph, prop: URIRef) -> list:
    """The classes a property's domain names, a union's members included."""
    classes = []
    for domain in ontology.objects(prop, RDFS.domain):
        union = ontology.value(domain, OWL.unionOf)
        classes.extend(Collection(ontology, union) if union is not None else [domain])
    return classes


def shape_rows(shapes: Graph) -> list[tuple[str, str, str, str, str]]:
    """(target, path, cardinality, shape, message) for every targeted property shape."""
    rows = []
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        path = shapes.value(shape, SH.path)
        path_text = " / ".join(curie(p) for p in Collection(shapes, path)) if isinstance(path, BNode) else curie(path)
        targets = [curie(t) for t in shapes.objects(shape, SH.targetClass)]
        targets += [f"subjects of {curie(t)}" for t in shapes.objects(shape, SH.targetSubjectsOf)]
        low, high = shapes.value(shape, SH.minCount), shapes.value(shape, SH.maxCount)
        cardinality = f"{low if low is not None else 0}..{high if high is not None else '*'}"
        for target in targets:
            rows.append((target, path_text, cardinality, curie(shape), str(shapes.value(shape, SH.message))))
    return sorted(rows)


def predicates_constrained_on(shapes: Graph, cls: URIRef) -> list[URIRef]:
    """The predicates the shapes targeting `cls` start their paths with."""
    paths = [shapes.value(s, SH.path) for s in shapes.subjects(SH.targetClass, cls)]
    return sorted({next(iter(Collection(shapes, p))) if isinstance(p, BNode) else p for p in paths})


def variable_names(predicates: list[URIRef]) -> list[str]:
    """One SPARQL variable per predicate, from its local name, made unique."""
    names: list[str] = []
    for predicate in predicates:
        name = curie(predicate).split(":", 1)[1].replace("-", "_")
        names.append(f"{name}_{len(names)}" if name in names or name == "item" else name)
    return names


def example_query(cls: URIRef, predicates: list[URIRef]) -> str:
    """A SPARQL query listing instances of `cls` with each of its properties."""
    used = sorted({curie(x).split(":")[0] for x in [cls, *predicates]})
    lines = [f"PREFIX {prefix}: <{PREFIXES[prefix]}>" for prefix in used]
    names = variable_names(predicates)
    lines.append(" ".join(["SELECT ?item", *(f"?{n}" for n in names)]))
    lines.append("WHERE {")
    lines.append(f"  ?item a {curie(cls)} .")
    lines.extend(f"  OPTIONAL {{ ?item {curie(p)} ?{n} }}" for p, n in zip(predicates, names))
    lines += ["}", "ORDER BY ?item", "LIMIT 20"]
    return "\n".join(lines)


def render_header(ontology: Graph) -> list[str]:
    header = next(ontology.subjects(RDF.type, OWL.Ontology))
    out = [
        f"# {english(ontology, header, DCTERMS.title)}",
        "",
        "Generated by `tools/gen_ontology_docs.py` from `ontology/ofsted-kg.ttl`, "
        "`ontology/concepts.ttl` and `ontology/shapes.ttl`; do not edit by hand.",
        "",
        f"- Ontology IRI: `{header}`",
        f"- Version: {english(ontology, header, OWL.versionInfo)}",
        f"- Created: {english(ontology, header, DCTERMS.created)}",
        f"- Licence: <{ontology.value(header, DCTERMS.license)}>",
        "",
        english(ontology, header, DCTERMS.description),
        "",
        english(ontology, header, RDFS.comment),
        "",
        "## Namespaces",
        "",
        "| prefix | IRI |",
        "|---|---|",
    ]
    out += [f"| `{prefix}:` | `{iri}` |" for prefix, iri in sorted(PREFIXES.items())]
    return out + [""]


def render_classes(ontology: Graph, shapes: Graph) -> list[str]:
    out = ["## Classes", ""]
    properties = kg_properties(ontology)
    for cls in kg_terms(ontology, OWL.Class):
        own = [p for p in properties if cls in domain_classes(ontology, p)]
        constrained = [p for p in predicates_constrained_on(shapes, cls) if p not in own]
        supers = ", ".join(f"`{curie(s)}`" for s in sorted(ontology.objects(cls, RDFS.subClassOf)))
        out += [
            f"### `{curie(cls)}` — {english(ontology, cls, RDFS.label)}",
            "",
            english(ontology, cls, SKOS.definition),
            "",
            f"- Subclass of: {supers or '—'}",
        ]
        if own:
            out += ["", "| property (domain) | range | definition |", "|---|---|---|"]
            out += [
                f"| `{curie(p)}` | {cell(', '.join(curie(r) for r in ontology.objects(p, RDFS.range)) or '—')} "
                f"| {cell(english(ontology, p, SKOS.definition))} |"
                for p in own
            ]
        if constrained:
            out += ["", "Standard properties the shapes expect: " + ", ".join(f"`{curie(p)}`" for p in constrained)]
        out += ["", "```sparql", example_query(cls, own + constrained), "```", ""]
    return out


def render_properties(ontology: Graph) -> list[str]:
    out = ["## Properties", "", "| property | label | domain | range | subproperty of | definition |", "|---|---|---|---|---|---|"]
    for prop in kg_properties(ontology):
        domains = ", ".join(curie(d) for d in domain_classes(ontology, prop)) or "—"
        ranges = ", ".join(curie(r) for r in ontology.objects(prop, RDFS.range)) or "—"
        supers = ", ".join(curie(s) for s in sorted(ontology.objects(prop, RDFS.subPropertyOf))) or "—"
        out.append(
            f"| `{curie(prop)}` | {cell(english(ontology, prop, RDFS.label))} | {cell(domains)} | {cell(ranges)} "
            f"| {cell(supers)} | {cell(english(ontology, prop, SKOS.definition))} |"
        )
    return out + [""]


def concept_sort_key(concepts: Graph, concept: URIRef) -> tuple[int, str]:
    rank = concepts.value(concept, KG_RANK)
    return (int(rank) if rank is not None else 0, str(concepts.value(concept, SKOS.notation)))


def render_schemes(concepts: Graph) -> list[str]:
    out = ["## Concept schemes", "",
           "Concept IRIs are `kgc:{scheme}/{notation}`; `skos:notation` is the value the named queries return."]
    for scheme in sorted(concepts.subjects(RDF.type, SKOS.ConceptScheme)):
        members = sorted(concepts.subjects(SKOS.inScheme, scheme), key=lambda c: concept_sort_key(concepts, c))
        out += ["", f"### `{curie(scheme)}` — {english(concepts, scheme, SKOS.prefLabel)}", "",
                english(concepts, scheme, SKOS.definition), ""]
        out += concept_table(concepts, members)
    return out + [""]


def concept_table(concepts: Graph, members: list[URIRef]) -> list[str]:
    """notation, label, alternative labels, definition, and scope note or rank where the scheme has them."""
    optional = [(p, name) for p, name in ((SKOS.scopeNote, "scope note"), (KG_RANK, "rank"))
                if any(concepts.value(c, p) is not None for c in members)]
    out = ["| " + " | ".join(["notation", "label", "also", "definition", *(n for _, n in optional)]) + " |",
           "|" + "---|" * (4 + len(optional))]
    for concept in members:
        also = "; ".join(sorted(str(a) for a in concepts.objects(concept, SKOS.altLabel)))
        cells = [f"`{concepts.value(concept, SKOS.notation)}`", cell(english(concepts, concept, SKOS.prefLabel)),
                 cell(also), cell(english(concepts, concept, SKOS.definition)),
                 *(cell(english(concepts, concept, p)) for p, _ in optional)]
        out.append("| " + " | ".join(cells) + " |")
    return out


def render_shapes(shapes: Graph) -> list[str]:
    out = [
        "## SHACL shapes",
        "",
        "`graph/validate.py` checks the union of all named graphs against these shapes on every build; "
        "a violation names its focus node, the path, the message below and the named graphs that state it.",
        "",
        "| target | path | count | shape | message |",
        "|---|---|---|---|---|",
    ]
    out += [f"| {cell(t)} | `{cell(p)}` | {c} | `{s}` | {cell(m)} |" for t, p, c, s, m in shape_rows(shapes)]
    return out + [""]


def render(ontology: Graph, concepts: Graph, shapes: Graph) -> str:
    lines = render_header(ontology) + render_classes(ontology, shapes) + render_properties(ontology)
    lines += render_schemes(concepts) + render_shapes(shapes)
    return "\n".join(lines).rstrip("\n") + "\n"


def generate() -> str:
    return render(load(ONTOLOGY_FILE), load(CONCEPTS_FILE), load(SHAPES_FILE))


def main(argv: list[str]) -> int:
    output = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    output.write_text(generate(), encoding="utf-8")
    print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
