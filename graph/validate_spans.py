"""Evidence spans in a full build's validation: skipped, and their typing held in 8 bytes each.

A full build's gate (graph/gate.py) trusts the nodes `emit.terms.emit_evidence`
alone writes, an evidence span and its two selectors, to meet their shapes by
construction (docs/validation.md), so their lines are neither parsed nor
validated. What other subjects' shapes read of them is only whether a span is
a kg:Evidence (the sh:class of kg:evidence and kg:mentionedIn), kept here.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left

import pyoxigraph as ox

from graph.emit.terms import SPAN_PREFIX, is_span_node
from graph.nquads import LineFilter
from graph.vocab import KG, RDF

_SPAN_SUBJECT = f"<{SPAN_PREFIX}".encode()
_EVIDENCE_TYPED = (ox.NamedNode(str(RDF.type)), ox.NamedNode(str(KG.Evidence)))


def skip_span_line(line: bytes) -> bool:
    """A line whose subject is a span or a selector (see `validate_nquads`): not parsed, not validated."""
    return line.startswith(_SPAN_SUBJECT) and is_span_node(line[1:line.find(b">")].decode())


def span_typing(spans: SpanTypes, skip_graphs: tuple[str, ...]) -> LineFilter:
    """Takes every line of a span or a selector; keeps in `spans` the spans typed kg:Evidence."""
    typed = b" ".join(f"{term}".encode() for term in _EVIDENCE_TYPED)

    def divert(line: bytes) -> bool:
        if not skip_span_line(line):
            return False
        subject, rest = line.split(b" ", 1)
        if rest.startswith(typed):  # IRIs only: the graph is the 4th token
            graph = rest.split(b" ", 3)[2][1:-1].decode()
            if not (skip_graphs and graph.startswith(skip_graphs)):
                spans.add(subject[1:-1].decode())
        return True
    return divert


class SpanTypes:
    """The evidence spans typed kg:Evidence, as (start, end) packed in 8 bytes under their source.

    At 50 times the corpus there are millions of spans; a dict of their IRIs would
    take over a GiB in the validation process. A span IRI not in the canonical
    `{source}#{start}-{end}` form is held whole, so membership stays exact.
    """

    def __init__(self) -> None:
        self._packed: dict[str, array] = {}
        self._other: set[str] = set()

    def add(self, iri: str) -> None:
        key = _span_key(iri)
        if key is None:
            self._other.add(iri)
        else:
            self._packed.setdefault(key[0], array("Q")).append(key[1])

    def freeze(self) -> None:
        """Sort each source's spans, for `in`; call once every span is added."""
        for source, packed in self._packed.items():
            self._packed[source] = array("Q", sorted(packed))

    def __contains__(self, iri: str) -> bool:
        key = _span_key(iri)
        if key is None:
            return iri in self._other
        packed = self._packed.get(key[0])
        if packed is None:
            return False
        at = bisect_left(packed, key[1])
        return at < len(packed) and packed[at] == key[1]


def _span_key(iri: str) -> tuple[str, int] | None:
    """`{source}#{start}-{end}` as (source, start << 32 | end), for numbers written canonically."""
    source, _, span = iri.rpartition("#")
    start, _, end = span.partition("-")
    if not (_canonical_number(start) and _canonical_number(end)):
        return None
    return source, int(start) << 32 | int(end)


def _canonical_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and (text == "0" or text[0] != "0") and len(text) <= 9


class SpanContext(dict):
    """The context index, with the spans' typing held apart in `SpanTypes`."""

    def __init__(self, spans: SpanTypes) -> None:
        super().__init__()
        self._spans = spans

    def get(self, iri, default=()):  # type: ignore[override]
        found = super().get(iri, default)
        return (*found, _EVIDENCE_TYPED) if "#" in iri and iri in self._spans else found
