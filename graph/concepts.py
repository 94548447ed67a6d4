"""The controlled values, read from the ontology (ontology/concepts.ttl), their only home.

Rules, resolution, registers, evaluation, pages and exports ask this module for
notations, labels (Ofsted's own wordings are altLabels or hiddenLabels), display
order and colours; none of them types a controlled value's list of its own.
Adding an area or a role is an edit of concepts.ttl (and shapes.ttl's sh:in list,
which a test holds equal to it) plus the rules that find it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from graph.resources import CONCEPTS_FILE
from graph.vocab import KG, KGC, KGS, SCHEMES


class UnknownConcept(LookupError):
    """A notation or label that the named concept scheme does not hold."""


@dataclass(frozen=True)
class Concept:
    scheme: str
    notation: str
    label: str  # skos:prefLabel
    other_labels: tuple[str, ...]  # altLabels and hiddenLabels: other wordings, Ofsted's among them
    order: int  # kg:displayOrder; concepts without one come last, by notation
    colour: str | None  # kg:displayColour
    rank: int | None  # kg:rank (grades)
    iri: str
    definition: str = ""  # skos:definition
    scope_note: str = ""  # skos:scopeNote: typical phrases (finding categories)


@cache
def _graph() -> Graph:
    return Graph().parse(CONCEPTS_FILE, format="turtle")


def _int(value: object) -> int | None:
    return int(value) if value is not None else None


@cache
def scheme(name: str) -> tuple[Concept, ...]:
    """The concepts of one scheme, in display order."""
    if name not in SCHEMES:
        raise UnknownConcept(f"no concept scheme {name!r} (schemes: {', '.join(SCHEMES)})")
    graph = _graph()
    found = []
    for iri in graph.subjects(SKOS.inScheme, KGS[name]):
        others = sorted({str(v) for p in (SKOS.altLabel, SKOS.hiddenLabel) for v in graph.objects(iri, p)})
        colour = graph.value(iri, KG.displayColour)
        found.append(Concept(
            scheme=name, notation=str(graph.value(iri, SKOS.notation)), label=str(graph.value(iri, SKOS.prefLabel)),
            other_labels=tuple(others), order=_int(graph.value(iri, KG.displayOrder)) or 10_000,
            colour=str(colour) if colour is not None else None, rank=_int(graph.value(iri, KG.rank)), iri=str(iri),
            definition=str(graph.value(iri, SKOS.definition) or ""), scope_note=str(graph.value(iri, SKOS.scopeNote) or "")))
    return tuple(sorted(found, key=lambda c: (c.order, c.notation)))


def notations(name: str) -> tuple[str, ...]:
    """The notations of a scheme, in display order."""
    return tuple(c.notation for c in scheme(name))


def concept(name: str, notation: str) -> Concept:
    for candidate in scheme(name):
        if candidate.notation == notation:
            return candidate
    raise UnknownConcept(f"{notation!r} is not a notation of concept scheme {name!r}")


@cache
def _labels(name: str) -> dict[str, Concept]:
    index: dict[str, Concept] = {}
    for candidate in scheme(name):
        for label in (candidate.label, candidate.notation, *candidate.other_labels):
            index.setdefault(" ".join(label.casefold().split()), candidate)
    return index


def by_label(name: str, text: str) -> Concept:
    """The concept a wording names: its prefLabel, notation, altLabel or hiddenLabel, in any case."""
    found = _find(name, text)
    if found is None:
        raise UnknownConcept(f"{text!r} is no label of concept scheme {name!r}")
    return found


def notation_of(name: str, text: str) -> str | None:
    """The notation a wording names (as `by_label`), or None where it names none: for reading registers' cells."""
    found = _find(name, text)
    return found.notation if found is not None else None


def _find(name: str, text: str) -> Concept | None:
    return _labels(name).get(" ".join(text.casefold().split()))


def label(name: str, notation: str) -> str:
    return concept(name, notation).label


def colour(name: str, notation: str | None) -> str:
    """A concept's display colour; the scheme's own colour where the value is missing or has none."""
    if notation is not None:
        own = concept(name, notation).colour
        if own is not None:
            return own
    fallback = _graph().value(KGS[name], KG.displayColour)
    if fallback is None:
        raise UnknownConcept(f"concept scheme {name!r} has no display colour")
    return str(fallback)


def colours_by_label(name: str) -> dict[str, str]:
    """prefLabel -> colour, for pages that receive labels from a query."""
    return {c.label: c.colour for c in scheme(name) if c.colour is not None}


@cache
def members(collection: str) -> tuple[str, ...]:
    """The notations of a SKOS collection of concepts, e.g. 'role/leadership', in display order."""
    scheme_name = collection.split("/", 1)[0]
    graph = _graph()
    iris = {str(m) for m in graph.objects(URIRef(str(KGC[collection])), SKOS.member)}
    if not iris:
        raise UnknownConcept(f"no concept collection {collection!r} with members")
    return tuple(c.notation for c in scheme(scheme_name) if c.iri in iris)
