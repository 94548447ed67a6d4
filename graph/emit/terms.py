"""The vocabulary emitting shares: namespaces, IRIs, literals, evidence and time.

Everything here is used by more than one part of the emit stage (the per-document
facts in graph.emit, roles and holdings in graph.emit.roles, inspections and their
resolution in graph.emit.inspections), so each node is named the same way wherever
it is written: an inspection's IRI, a fact's evidence (a text span of its source
with position and quote selectors), an OWL-Time interval at the precision stated.
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox

from graph import registers, vocab
from graph.records import Evidence, PartialDate
from graph.vocab import KGR, concept, path_segment, source_iri


class Terms:
    """A namespace's terms as pyoxigraph nodes, each made once.

    Emit names a few dozen terms some 10^5 times a build; rdflib's Namespace
    builds and checks a new URIRef at every access, and each then needed
    converting. `KG.Evidence`, `KG["documentKind"]`: a NamedNode, made on first use.
    """

    def __init__(self, namespace: str) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> ox.NamedNode:
        if name.startswith("_"):
            raise AttributeError(name)
        node = ox.NamedNode(self._namespace + name)
        setattr(self, name, node)
        return node

    def __getitem__(self, name: str) -> ox.NamedNode:
        return getattr(self, name)


KG, OA, ORG, SCHEMA = (Terms(str(namespace)) for namespace in (vocab.KG, vocab.OA, vocab.ORG, vocab.SCHEMA))
RDF, DCTERMS, PROV, TIME, XSD = (Terms(str(vocab.PREFIXES[prefix]))
                                 for prefix in ("rdf", "dcterms", "prov", "time", "xsd"))
RDF_TYPE = RDF.type
RDF_VALUE = RDF.value
SKOS_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
# kg:text keeps a document's first million characters: a literal's line in N-Quads stays a few MB,
# well inside what every RDF reader takes (pyoxigraph's own reader stops at 16 MB), and a longer
# document gives kg:textLength instead of failing the build. Quotes stay whole on their evidence.
STORED_TEXT_LIMIT = 1_000_000
_DATE_TYPES = {"day": "date", "month": "gYearMonth", "year": "gYear"}
_TIME_PROPS = {"day": "inXSDDate", "month": "inXSDgYearMonth", "year": "inXSDgYear"}


def n(iri) -> ox.NamedNode:
    return iri if isinstance(iri, ox.NamedNode) else ox.NamedNode(str(iri))


@cache
def concept_node(scheme: str, notation: str) -> ox.NamedNode:
    """A controlled value's concept (graph.vocab.concept), made once."""
    return n(concept(scheme, notation))


def date_literal(date: PartialDate) -> ox.Literal:
    return ox.Literal(date.value, datatype=XSD[_DATE_TYPES[date.precision]])


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD.integer)


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


@cache
def source_node(source: str) -> ox.NamedNode:
    """A source document's node (graph.vocab.source_iri), made once: every evidence span names it."""
    return n(source_iri(source))


def evidence_iri(evidence: Evidence) -> ox.NamedNode:
    return ox.NamedNode(f"{source_node(evidence.source).value}#{evidence.start}-{evidence.end}")


# A source's IRI percent-encodes '#' (vocab.path_segment), so only a span names a node with '#' in it.
SPAN_PREFIX = str(source_iri(""))


def is_span_node(iri: str) -> bool:
    """Whether `iri` is an evidence span or one of its selectors: nodes only `emit_evidence` writes."""
    return iri.startswith(SPAN_PREFIX) and "#" in iri


class GraphQuads:
    """The quads of one named graph, de-duplicated; called as add(subject, predicate, object)."""

    def __init__(self, graph: str) -> None:
        self.graph = ox.NamedNode(graph)
        self.quads: set[ox.Quad] = set()

    def __call__(self, s, p, o) -> None:
        self.quads.add(ox.Quad(s, n(p), o, self.graph))


class GraphLines:
    """A named graph's quads as canonical N-Quads lines, de-duplicated; called as GraphQuads is.

    A full build writes a source graph straight to text: making an ox.Quad of each
    triple only to print it again cost half of emitting. Each line is what
    `f"{quad} .\n"` gives (a quad in a named graph prints as its four terms).
    """

    def __init__(self, graph: str) -> None:
        self._graph = f"{ox.NamedNode(graph)} .\n"
        self.lines: set[str] = set()

    def __call__(self, s, p, o) -> None:
        self.lines.add(f"{s} {n(p)} {o} {self._graph}")


# --- evidence and provenance ---------------------------------------------------------------


def emit_evidence(add, evidence: Evidence, doc: ox.NamedNode) -> ox.NamedNode:
    """The span of the source a fact rests on, with its position and its quote."""
    node = evidence_iri(evidence)
    position = ox.NamedNode(node.value + "-pos")
    quote = ox.NamedNode(node.value + "-quote")
    add(node, RDF_TYPE, KG.Evidence)
    add(node, RDF_TYPE, OA.SpecificResource)
    add(node, OA.hasSource, doc)
    add(node, OA.hasSelector, position)
    add(node, OA.hasSelector, quote)
    add(node, KG.quote, ox.Literal(evidence.quote))
    add(position, RDF_TYPE, OA.TextPositionSelector)
    add(position, OA.start, integer(evidence.start))
    add(position, OA.end, integer(evidence.end))
    add(quote, RDF_TYPE, OA.TextQuoteSelector)
    add(quote, OA.exact, ox.Literal(evidence.quote))
    return node


def fact_provenance(add, node: ox.NamedNode, evidence: Evidence, doc: ox.NamedNode) -> None:
    add(node, KG.evidence, emit_evidence(add, evidence, doc))
    add(node, PROV.wasDerivedFrom, doc)


# --- time ----------------------------------------------------------------------------------


def emit_time(add, interval: ox.NamedNode, kind: str, start: PartialDate | None, end: PartialDate | None) -> None:
    """An OWL-Time interval with an instant for each end the evidence dates, at its own precision."""
    add(interval, RDF_TYPE, TIME[kind])
    for prop, date in (("hasBeginning", start), ("hasEnd", end)):
        if date:
            instant = ox.NamedNode(f"{interval.value}/{prop}")
            add(interval, TIME[prop], instant)
            add(instant, RDF_TYPE, TIME.Instant)
            add(instant, TIME[_TIME_PROPS[date.precision]], date_literal(date))
