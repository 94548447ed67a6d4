"""Content negotiation: one table of media types per result kind, one function to choose.

The table's order is the server's preference, used when the client's
`Accept` header leaves a tie (or is absent). A `format=` parameter, for
browsers that cannot set `Accept`, overrides the header.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum


class ResultKind(str, Enum):
    SOLUTIONS = "solutions"  # SELECT
    BOOLEAN = "boolean"  # ASK
    GRAPH = "graph"  # CONSTRUCT, DESCRIBE, and the service's own descriptions


@dataclass(frozen=True)
class MediaFormat:
    media_type: str
    serializer: str  # the pyoxigraph format name: QueryResultsFormat.X or RdfFormat.X
    short_names: tuple[str, ...]  # accepted by `format=`


_RESULTS_JSON = MediaFormat("application/sparql-results+json", "JSON", ("json", "srj"))
_RESULTS_XML = MediaFormat("application/sparql-results+xml", "XML", ("xml", "srx"))
_RESULTS_CSV = MediaFormat("text/csv", "CSV", ("csv",))
_RESULTS_TSV = MediaFormat("text/tab-separated-values", "TSV", ("tsv",))
# Aliases some clients ask for; answered in the same serialization under the type they asked.
_PLAIN_JSON = MediaFormat("application/json", "JSON", ())
_PLAIN_XML = MediaFormat("application/xml", "XML", ())

TABULAR = (_RESULTS_JSON, _RESULTS_XML, _RESULTS_CSV, _RESULTS_TSV, _PLAIN_JSON, _PLAIN_XML)

FORMATS: dict[ResultKind, tuple[MediaFormat, ...]] = {
    ResultKind.SOLUTIONS: TABULAR,
    ResultKind.BOOLEAN: TABULAR,
    ResultKind.GRAPH: (
        MediaFormat("text/turtle", "TURTLE", ("ttl", "turtle", "n3")),  # Turtle is N3 too (SPARQLWrapper asks format=n3)
        MediaFormat("application/n-triples", "N_TRIPLES", ("nt", "ntriples", "n-triples")),
        MediaFormat("application/ld+json", "JSON_LD", ("jsonld", "json-ld", "json")),
        MediaFormat("application/rdf+xml", "RDF_XML", ("rdf", "rdfxml", "xml", "owl")),
        MediaFormat("application/n-quads", "N_QUADS", ("nq", "nquads", "n-quads")),
        MediaFormat("application/trig", "TRIG", ("trig",)),
        MediaFormat("text/plain", "N_TRIPLES", ()),  # what N-Triples was served as before it had a type
    ),
}


class NotAcceptable(Exception):
    """Nothing the client accepts can carry this kind of result; `acceptable` lists what can."""

    def __init__(self, kind: ResultKind, asked: str) -> None:
        self.acceptable = [f.media_type for f in FORMATS[kind]]
        super().__init__(
            f"cannot answer a {kind.value} result as {asked!r}; acceptable: {', '.join(self.acceptable)}"
        )


@dataclass(frozen=True)
class _MediaRange:
    type: str
    subtype: str
    quality: float
    position: int = 0  # where the client listed it

    def specificity(self, media_type: str) -> int:
        """How closely this range matches a media type: 2 exact, 1 type/*, 0 */*, -1 not at all."""
        main, _, sub = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 0
        if self.type != main:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def _parse_accept(header: str) -> list[_MediaRange]:
    ranges = []
    for position, item in enumerate(header.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        main, slash, sub = media.lower().partition("/")
        if not slash or not main or not sub:
            continue  # a malformed range is ignored, as RFC 9110 lets a server do
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        ranges.append(_MediaRange(main, sub, quality, position))
    return ranges


def _quality(ranges: list[_MediaRange], media_type: str) -> float:
    best = max(((r.specificity(media_type), r.quality) for r in ranges), default=(-1, 0.0))
    return best[1] if best[0] >= 0 else 0.0


def formats_asked(params: Mapping[str, str]) -> tuple[str, ...]:
    """The `format=` and then `output=` values of a query string (a Starlette QueryParams), in order."""
    return tuple(params.getlist("format") + params.getlist("output"))  # type: ignore[attr-defined]


def negotiate(kind: ResultKind, accept: str | None, formats: str | Sequence[str] | None = ()) -> MediaFormat:
    """Choose the format to answer a result of `kind` in, or raise NotAcceptable.

    `formats` are the `format=` (or `output=`) values, each a name or media type,
    or a comma-separated list of them: the first that fits this kind of result
    wins, and when none fits, nothing is acceptable (CSV for a CONSTRUCT, Turtle
    for a SELECT), whatever `Accept` says: SPARQLWrapper sends its return format
    so, with `Accept: */*` beside it, and a table answered as a graph, or a graph
    as a table, is not what it asked for. Without `format=`, `Accept` decides.
    """
    table = FORMATS[kind]
    wanted = [name.strip().lower() for value in ([formats] if isinstance(formats, str) else formats or ())
              for name in value.split(",") if name.strip()]
    for name in wanted:
        for fmt in table:
            if name == fmt.media_type or name in fmt.short_names:
                return fmt
    if wanted:
        raise NotAcceptable(kind, ", ".join(wanted))
    if not accept or not accept.strip():
        return table[0]
    ranges = _parse_accept(accept)
    if not ranges:
        return table[0]
    best = max(table, key=lambda fmt: _quality(ranges, fmt.media_type))  # max keeps the first of equals
    if _quality(ranges, best.media_type) <= 0:
        raise NotAcceptable(kind, accept)
    return best


def preferred(offers: tuple[str, ...], accept: str | None) -> str | None:
    """The offered media type the client likes best, or None when it accepts none of them.

    Highest quality wins; among equals, the one the client listed first; then
    the server's order of `offers`. No `Accept` (or an unreadable one) takes the first offer.
    """
    ranges = _parse_accept(accept or "")
    if not ranges:
        return offers[0]

    def rank(offer: tuple[int, str]) -> tuple[float, int, int]:
        order, media_type = offer
        matches = [(r.specificity(media_type), -r.position, r.quality) for r in ranges if r.specificity(media_type) >= 0]
        if not matches:
            return (0.0, 0, -order)
        _, position, quality = max(matches)
        return (quality, position, -order)

    best = max(enumerate(offers), key=rank)
    return best[1] if rank(best)[0] > 0 else None
