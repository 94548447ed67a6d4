"""The graphs every build carries besides its sources: ontology, registers, and the build's PROV record."""

from __future__ import annotations

import hashlib
import os
import time
from datetime import datetime, timezone
from functools import cache
from typing import Sequence

import pyoxigraph as ox
from rdflib import BNode, Graph
from rdflib.compare import to_canonical_graph

import graph
from graph.records import Extraction, Rejection
from graph.vocab import (
    BUILD_GRAPH, KG, KGR, ONTOLOGY_GRAPH, office_holder_register_iri, path_segment, register_graph, source_iri,
)

PROV = "http://www.w3.org/ns/prov#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_DATETIME = ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime")
SOFTWARE = ox.NamedNode(str(KGR[f"software/ofsted-kg/{graph.__version__}"]))


def build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so that a build can be reproduced byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return datetime.fromtimestamp(int(epoch) if epoch else time.time(), tz=timezone.utc).replace(microsecond=0)


def _to_quads(rdf: Graph, graph_iri: str) -> list[ox.Quad]:
    """Move an rdflib graph into a named graph of pyoxigraph quads.

    Blank nodes get labels computed from the graph's content: rdflib's are
    random per process, and builds must come out byte-identical.
    """
    target = ox.NamedNode(graph_iri)
    if any(isinstance(term, BNode) for triple in rdf for term in triple):
        rdf = to_canonical_graph(rdf)
    data = rdf.serialize(format="nt", encoding="utf-8")
    return [ox.Quad(t.subject, t.predicate, t.object, target)
            for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


@cache
def static_graphs() -> tuple[ox.Quad, ...]:
    """The ontology and the register graphs: the same for every build of one software version."""
    from graph.registers.rdf import register_graphs
    from graph.validate import load_ontology_graph

    quads = _to_quads(load_ontology_graph(), str(ONTOLOGY_GRAPH))
    for name, rdf in sorted(register_graphs().items()):
        quads.extend(_to_quads(rdf, str(register_graph(name))))
    return tuple(quads)


def build_record(extractions: list[Extraction], started: datetime, ended: datetime,
                 office_holders: Sequence[tuple[str, str]] = (), rejected: Sequence[Rejection] = ()) -> list[ox.Quad]:
    """The build as a prov:Activity: what it used, which software ran it, when, and the files it could not read.

    `office_holders` are the office-holder registers given (file name, SHA-256 of its bytes).
    """
    digest = hashlib.sha256(graph.__version__.encode())
    for extraction in sorted(extractions, key=lambda e: e.document.source):
        digest.update(extraction.document.source.encode() + extraction.document.sha256.encode())
    for name, sha256 in sorted(office_holders):
        digest.update(b"register:" + name.encode() + sha256.encode())
    for rejection in sorted(rejected, key=lambda r: r.source):  # a new unreadable file is a new build too
        digest.update(b"rejected:" + rejection.source.encode() + b"\0" + rejection.reason.encode())
    activity = ox.NamedNode(str(KGR[f"build/{digest.hexdigest()[:16]}"]))
    target = ox.NamedNode(str(BUILD_GRAPH))
    quads = [
        ox.Quad(activity, RDF_TYPE, ox.NamedNode(PROV + "Activity"), target),
        ox.Quad(activity, ox.NamedNode(PROV + "wasAssociatedWith"), SOFTWARE, target),
        ox.Quad(activity, ox.NamedNode(PROV + "startedAtTime"),
                ox.Literal(started.isoformat().replace("+00:00", "Z"), datatype=XSD_DATETIME), target),
        ox.Quad(activity, ox.NamedNode(PROV + "endedAtTime"),
                ox.Literal(ended.isoformat().replace("+00:00", "Z"), datatype=XSD_DATETIME), target),
        ox.Quad(SOFTWARE, RDF_TYPE, ox.NamedNode(PROV + "SoftwareAgent"), target),
        ox.Quad(SOFTWARE, ox.NamedNode(str(KG.softwareVersion)), ox.Literal(graph.__version__), target),
    ]
    for extraction in extractions:
        quads.append(ox.Quad(activity, ox.NamedNode(PROV + "used"),
                             ox.NamedNode(str(source_iri(extraction.document.source))), target))
    for name, _ in office_holders:
        quads.append(ox.Quad(activity, ox.NamedNode(PROV + "used"),
                             ox.NamedNode(str(office_holder_register_iri(name))), target))
    for rejection in rejected:
        node = ox.NamedNode(str(KGR[f"rejection/{path_segment(rejection.source)}"]))
        quads += [ox.Quad(activity, ox.NamedNode(str(KG.rejected)), node, target),
                  ox.Quad(node, RDF_TYPE, ox.NamedNode(str(KG.Rejection)), target),
                  ox.Quad(node, ox.NamedNode(str(KG.sourcePath)), ox.Literal(rejection.source), target),
                  ox.Quad(node, ox.NamedNode(str(KG.reason)), ox.Literal(rejection.reason), target)]
    return quads
