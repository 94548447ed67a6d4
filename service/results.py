"""Writers for query solutions (SELECT-form results) in the four SPARQL 1.1 result formats.

pyoxigraph serializes a whole QuerySolutions iterator and cannot stop after
N rows, so solutions are written here from the rows the worker kept,
which is what lets the service cut a result at --max-rows and say so.
Each writer yields text pieces; the worker batches them into chunks.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring as _string  # the C string encoder
from typing import Callable, Iterable, Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Row = Sequence[object]  # one pyoxigraph term (or None when unbound) per variable
# Why the rows were cut, if they were: known before they are written, or only once they all are
# (a streamed result), and then written after them where the format has room (JSON, XML).
Note = str | Callable[[], str | None] | None
Writer = Callable[[list[str], Iterable[Row], Note], Iterator[str]]


def _json_term(term: object) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        value: dict = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            value["datatype"] = term.datatype.value
        return value
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        }}
    raise TypeError(f"not an RDF term: {term!r}")


def _json_text(term: object) -> str:
    """The JSON of one term, written directly: this writer is the service's main cost over
    Oxigraph's own server, so it avoids building dicts for the common terms."""
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + _string(term.value) + "}"
    if isinstance(term, ox.Literal):
        if term.language:
            return '{"type":"literal","value":' + _string(term.value) + ',"xml:lang":' + _string(term.language) + "}"
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return '{"type":"literal","value":' + _string(term.value) + "}"
        return '{"type":"literal","value":' + _string(term.value) + ',"datatype":' + _string(datatype) + "}"
    return json.dumps(_json_term(term), ensure_ascii=False, separators=(",", ":"))


def write_json(variables: list[str], rows: Iterable[Row], note: Note) -> Iterator[str]:
    yield '{"head":{"vars":' + json.dumps(variables) + "}"
    if isinstance(note, str):
        yield ',"truncated":true,"note":' + json.dumps(note)
    yield ',"results":{"bindings":['
    keys = [_string(name) + ":" for name in variables]
    separator = ""
    for row in rows:
        yield separator + "{" + ",".join(
            [key + _json_text(term) for key, term in zip(keys, row) if term is not None]) + "}"
        separator = ","
    yield "]}"
    if callable(note) and (late := note()):
        yield ',"truncated":true,"note":' + json.dumps(late)
    yield "}"


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(f"not an RDF term: {term!r}")


def write_xml(variables: list[str], rows: Iterable[Row], note: Note) -> Iterator[str]:
    yield '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
    yield "".join(f"<variable name={quoteattr(v)}/>" for v in variables)
    yield "</head>"
    if isinstance(note, str):
        yield f"<!-- {escape(note)} -->"
    yield "<results>"
    for row in rows:
        bindings = "".join(
            f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
            for name, term in zip(variables, row) if term is not None
        )
        yield f"<result>{bindings}</result>"
    yield "</results>"
    if callable(note) and (late := note()):
        yield f"<!-- {escape(late)} -->"
    yield "</sparql>\n"


def _csv_field(term: object) -> str:
    if term is None:
        text = ""
    elif isinstance(term, (ox.NamedNode, ox.Literal)):
        text = term.value
    elif isinstance(term, ox.BlankNode):
        text = f"_:{term.value}"
    else:
        text = str(term)
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_csv(variables: list[str], rows: Iterable[Row], note: Note) -> Iterator[str]:
    yield ",".join(_csv_field(ox.Literal(v)) for v in variables) + "\r\n"
    for row in rows:
        yield ",".join(_csv_field(term) for term in row) + "\r\n"


def write_tsv(variables: list[str], rows: Iterable[Row], note: Note) -> Iterator[str]:
    # str() of a pyoxigraph term is its N-Triples form, which is what TSV results carry.
    yield "\t".join(f"?{v}" for v in variables) + "\n"
    for row in rows:
        yield "\t".join("" if term is None else str(term) for term in row) + "\n"


WRITERS: dict[str, Writer] = {"JSON": write_json, "XML": write_xml, "CSV": write_csv, "TSV": write_tsv}
