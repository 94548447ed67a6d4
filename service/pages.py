"""Linked Data pages: every entity IRI dereferences here, for people and for machines.

`/id/...` is where w3id.org sends https://w3id.org/ofsted-kg/id/...: HTML for
browsers, Turtle / JSON-LD / N-Triples by `Accept` (or `?format=`), holding the
entity's concise bounded description, the arcs that point at it, and the
labels of everything it links to. Councils get a page with a timeline
(`/authority/{GSS}`, also the authority IRI's page) and an interactive graph
(`/authority/{GSS}/graph`); `/compare` sets councils' grades side by side;
`/source/{path}?start=S&end=E` shows a document's text with a quote's span
highlighted (offsets are code points into kg:text, end exclusive).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from jinja2 import Environment, FileSystemLoader
from rdflib import Graph, Literal, URIRef
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from graph.store import GraphStore, StoreError
from graph.vocab import KG, KGR, PREFIXES as NAMESPACES, path_segment
from service.graph_projection import (
    ATTESTATION_DETAILS, GRADE_COLOURS, GSS_CODE, INSPECTION_DATES, PREFIXES, UNGRADED_COLOUR, Span, page_url,
    period_of,
)

RDF_MEDIA_TYPES = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}
FORMAT_PARAMETER = {"ttl": "text/turtle", "turtle": "text/turtle", "jsonld": "application/ld+json",
                    "json-ld": "application/ld+json", "nt": "application/n-triples", "html": "text/html"}
PAGE_KINDS = {str(KG.Authority): "authority", str(KG.Person): "person", str(KG.Inspection): "inspection",
              str(KG.SourceDocument): "document"}
LABEL_PROPERTIES = "skos:prefLabel schema:name rdfs:label skos:notation kg:quote"


class PageError(Exception):
    """A request a page cannot answer; carries the HTTP status and a message for people."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def select(store: GraphStore, sparql: str, **bindings: ox.NamedNode | ox.Literal) -> list[dict[str, str]]:
    """Rows of lexical values; `bindings` are substituted as RDF terms, never spliced into the text."""
    solutions = store.query(PREFIXES + sparql, substitutions=bindings or None)
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


def local_url(iri: str) -> str:
    """A site-relative link to an entity's page; IRIs outside the dataset are left as they are."""
    return page_url("", iri) if iri.startswith(str(KGR)) else iri


def source_link(span: Span) -> str:
    return f"/source/{quote(span.path, safe='/')}?start={span.start}&end={span.end}#quote"


def spans_by(rows: list[dict[str, str]], key: str) -> dict[str, list[Span]]:
    """Evidence spans found in rows (columns path/start/end/quote), grouped by the value of `key`."""
    found: dict[str, set[Span]] = defaultdict(set)
    for row in rows:
        if "path" in row:
            found[row[key]].add(Span(row["path"], int(row["start"]), int(row["end"]), row["quote"]))
    return {k: sorted(v, key=lambda s: (s.path, s.start)) for k, v in found.items()}


EVIDENCE_OF = """OPTIONAL { {node} kg:evidence ?ev . ?ev oa:hasSource/kg:sourcePath ?path ; kg:quote ?quote ;
      oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end }"""


def evidence_of(variable: str) -> str:
    return EVIDENCE_OF.replace("{node}", variable)


# ---------------------------------------------------------------- negotiation

def _accepted(accept: str) -> list[tuple[float, int, str]]:
    ranked = []
    for position, item in enumerate(accept.split(",")):
        media_type, *params = [p.strip() for p in item.split(";")]
        weights = [p[2:] for p in params if p.startswith("q=")]
        try:
            weight = float(weights[0]) if weights else 1.0
        except ValueError:
            weight = 0.0
        ranked.append((-weight, position, media_type.lower()))
    return sorted(ranked)


def choose_media_type(request: Request) -> str:
    """HTML unless the client prefers one of the RDF syntaxes; `?format=` overrides Accept."""
    requested = request.query_params.get("format")
    if requested is not None:
        if requested not in FORMAT_PARAMETER:
            raise PageError(400, f"format must be one of {', '.join(sorted(FORMAT_PARAMETER))}, not {requested!r}")
        return FORMAT_PARAMETER[requested]
    for negative_weight, _, media_type in _accepted(request.headers.get("accept", "*/*")):
        if negative_weight == 0:
            break
        if media_type in RDF_MEDIA_TYPES or media_type in ("text/html", "application/xhtml+xml"):
            return media_type if media_type in RDF_MEDIA_TYPES else "text/html"
        if media_type in ("*/*", "text/*"):
            return "text/html"
    raise PageError(406, "this resource is available as text/html, " + ", ".join(RDF_MEDIA_TYPES))


# ---------------------------------------------------------------- description (CBD)

DESCRIPTION = f"""
CONSTRUCT {{ ?entity ?p ?o . ?o ?lp ?label . ?b1 ?p1 ?o1 . ?b2 ?p2 ?o2 . ?in ?ip ?entity . ?in ?inlp ?inlabel }}
WHERE {{
  {{ ?entity ?p ?o OPTIONAL {{ ?o ?lp ?label VALUES ?lp {{ {LABEL_PROPERTIES} }} }} }}
  UNION {{ ?entity ?q1 ?b1 FILTER isBlank(?b1) ?b1 ?p1 ?o1 }}
  UNION {{ ?entity ?q1 ?b1 . ?b1 ?q2 ?b2 FILTER (isBlank(?b1) && isBlank(?b2)) ?b2 ?p2 ?o2 }}
  UNION {{ ?in ?ip ?entity OPTIONAL {{ ?in ?inlp ?inlabel VALUES ?inlp {{ {LABEL_PROPERTIES} }} }} }}
}}"""


def describe(store: GraphStore, iri: str) -> Graph:
    """The entity's CBD (blank nodes followed two deep), the arcs into it, and labels of both ends."""
    triples = store.query(PREFIXES + DESCRIPTION, substitutions={"entity": ox.NamedNode(iri)})
    graph = Graph()
    for prefix, namespace in NAMESPACES.items():
        graph.bind(prefix, namespace, override=True, replace=True)  # rdflib's own schema: is https
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"), format="nt")
    return graph


def rdf_response(graph: Graph, media_type: str) -> Response:
    syntax = RDF_MEDIA_TYPES[media_type]
    if syntax == "json-ld":
        context = {prefix: str(ns) for prefix, ns in NAMESPACES.items()}
        body = graph.serialize(format="json-ld", context=context, auto_compact=True)
    else:
        body = graph.serialize(format=syntax)
    return Response(body, media_type=media_type, headers={"Vary": "Accept"})


def statements(graph: Graph, iri: str) -> list[dict[str, str]]:
    """The description as rows for people: property, value, and a link when the value is a node."""
    def curie(term: URIRef) -> str:
        return graph.namespace_manager.normalizeUri(term)

    def label_of(term: object) -> str:
        for prop in ("skos:prefLabel", "schema:name", "rdfs:label", "kg:quote", "skos:notation"):
            found = graph.value(term, graph.namespace_manager.expand_curie(prop))
            if found is not None:
                return str(found)
        return str(term)

    subject = URIRef(iri)
    rows = []
    for predicate, value in sorted(graph.predicate_objects(subject)):
        is_node = isinstance(value, URIRef)
        text = label_of(value) if is_node else str(value)
        rows.append({"direction": "out", "property": curie(predicate), "value": text[:600],
                     "link": local_url(str(value)) if is_node else "",
                     "datatype": curie(value.datatype) if isinstance(value, Literal) and value.datatype else ""})
    for source, predicate in sorted(graph.subject_predicates(subject)):
        if isinstance(source, URIRef):
            rows.append({"direction": "in", "property": curie(predicate), "value": label_of(source),
                         "link": local_url(str(source)), "datatype": ""})
    return rows


# ---------------------------------------------------------------- what each page shows

PERSON_ROLES = """
SELECT DISTINCT ?person ?role ?role_label ?organisation ?organisation_label ?attestation ?title ?attested
       ?start_date ?end_date ?path ?start ?end ?quote WHERE {
  ?holding org:member ?person ; org:role ?r ; org:organization ?organisation ; kg:attestation ?attestation .
  ?r skos:notation ?role ; skos:prefLabel ?role_label .
  OPTIONAL { ?organisation skos:prefLabel ?organisation_label }
  """ + ATTESTATION_DETAILS + """  """ + evidence_of("?attestation") + """
}"""

ROLES_AT_INSPECTION = """
SELECT DISTINCT ?person ?name ?inspection ?inspection_label ?role_label ?rule WHERE {
  ?r a kg:RoleAtInspection ; kg:inspection ?inspection ; kg:holder ?person ; kg:role/skos:prefLabel ?role_label .
  ?person schema:name ?name .
  ?inspection kg:inspectionType/skos:prefLabel ?type_label .
  OPTIONAL { ?inspection kg:startDate ?date }
  OPTIONAL { ?r kg:rule ?rule }
  BIND (CONCAT(?type_label, " ", COALESCE(STR(?date), "(undated)")) AS ?inspection_label)
}"""

INSPECTIONS = """
SELECT DISTINCT ?authority ?authority_label ?inspection ?type ?type_label ?start_date ?end_date ?published ?ordinal
       ?path ?start ?end ?quote WHERE {
  ?inspection a kg:Inspection ; kg:inspectedAuthority ?authority ; kg:inspectionType ?t .
  ?t skos:notation ?type ; skos:prefLabel ?type_label .
  OPTIONAL { ?authority skos:prefLabel ?authority_label }
  """ + INSPECTION_DATES + """  """ + evidence_of("?inspection") + """
}"""

JUDGEMENTS = """
SELECT DISTINCT ?authority ?inspection ?judgement ?area ?area_label ?grade ?rank ?path ?start ?end ?quote WHERE {
  ?judgement kg:ofInspection ?inspection ; kg:area ?a ; kg:grade ?g .
  ?inspection kg:inspectedAuthority ?authority .
  ?a skos:notation ?area ; skos:prefLabel ?area_label .
  ?g skos:prefLabel ?grade .
  OPTIONAL { ?g kg:rank ?rank }
  """ + evidence_of("?judgement") + """
}"""

CONCERNS = """
SELECT DISTINCT ?authority ?inspection ?concern ?category ?category_label ?polarity ?text ?path ?start ?end ?quote WHERE {
  ?concern kg:aboutInspection ?inspection ; kg:category ?c ; kg:polarity/skos:notation ?polarity .
  ?inspection kg:inspectedAuthority ?authority .
  ?c skos:notation ?category ; skos:prefLabel ?category_label .
  OPTIONAL { ?concern rdf:value ?text }
  """ + evidence_of("?concern") + """
}"""

BOUNDS = """
SELECT DISTINCT ?authority ?inspection ?relation ?other ?other_label WHERE {
  ?inspection kg:inspectedAuthority ?authority .
  { ?inspection time:after ?other BIND ("after" AS ?relation) }
  UNION { ?inspection time:before ?other BIND ("before" AS ?relation) }
  ?other kg:inspectionType/skos:prefLabel ?type_label .
  OPTIONAL { ?other kg:startDate ?date }
  BIND (CONCAT(?type_label, " ", COALESCE(STR(?date), "(undated)")) AS ?other_label)
}"""

AUTHORITY = """
SELECT ?authority ?label ?gss ?dfe ?urn ?region ?same_as WHERE {
  ?authority a kg:Authority ; skos:prefLabel ?label .
  OPTIONAL { ?authority kg:gssCode ?gss } OPTIONAL { ?authority kg:dfeLaCode ?dfe }
  OPTIONAL { ?authority kg:ofstedUrn ?urn } OPTIONAL { ?authority kg:region ?region }
  OPTIONAL { ?authority owl:sameAs ?same_as }
}"""

AUTHORITY_HOLDINGS = """
SELECT DISTINCT ?authority ?person ?name ?role ?role_label ?attestation ?title ?attested ?start_date ?end_date
       ?path ?start ?end ?quote WHERE {
  ?holding org:organization ?authority ; org:member ?person ; org:role ?r ; kg:attestation ?attestation .
  ?person schema:name ?name .
  ?r skos:notation ?role ; skos:prefLabel ?role_label .
  """ + ATTESTATION_DETAILS + """  """ + evidence_of("?attestation") + """
}"""

DOCUMENT = """
SELECT ?document ?path ?text ?name WHERE {
  ?document a kg:SourceDocument ; kg:sourcePath ?path ; kg:text ?text .
  OPTIONAL { ?document schema:name ?name }
} LIMIT 1"""

KINDS = "SELECT DISTINCT ?entity ?type WHERE { ?entity a ?type }"

LABEL = """
SELECT ?entity ?label WHERE { ?entity skos:prefLabel|schema:name|rdfs:label ?label } LIMIT 1"""

OVERALL_GRADES = """
SELECT DISTINCT ?authority ?label ?region ?inspection ?type_label ?date ?grade WHERE {
  ?judgement kg:ofInspection ?inspection ; kg:area/skos:notation "overall-effectiveness" ; kg:grade/skos:prefLabel ?grade .
  ?inspection kg:inspectedAuthority ?authority ; kg:inspectionType/skos:prefLabel ?type_label .
  OPTIONAL { ?inspection kg:startDate ?start_date }
  OPTIONAL { ?inspection kg:publishedDate ?published }
  BIND (COALESCE(?start_date, ?published) AS ?date)
  FILTER (BOUND(?date))
  ?authority skos:prefLabel ?label .
  OPTIONAL { ?authority kg:region ?region }
}"""


# ---------------------------------------------------------------- the council timeline (SVG drawn here)

TIMELINE_ROLES = ("council-leader", "mayor", "lead-member-for-children", "director-of-childrens-services")
AREA_ORDER = ("overall-effectiveness", "leaders", "help-and-protection", "children-in-care", "care-leavers",
              "adoption", "lscb")
TIMELINE_WIDTH, TIMELINE_GUTTER, ROW_HEIGHT, AXIS_HEIGHT = 960, 210, 38, 28


@dataclass(frozen=True)
class Mark:
    """One thing drawn on the timeline: a bar from x over width, on a row, linking to its page."""

    row: int
    x: float
    width: float
    colour: str
    title: str
    href: str
    caption: str = ""
    outlined: bool = False

    @property
    def caption_anchor(self) -> tuple[float, str]:
        """Captions near the right edge end at the mark instead of running off the picture."""
        if self.x > TIMELINE_WIDTH - 140:
            return round(self.x + self.width, 1), "end"
        return self.x, "start"


@dataclass
class Timeline:
    rows: list[str]
    ticks: list[tuple[float, int]]
    marks: list[Mark]
    width: int = TIMELINE_WIDTH
    gutter: int = TIMELINE_GUTTER
    row_height: int = ROW_HEIGHT
    axis_height: int = AXIS_HEIGHT

    @property
    def height(self) -> int:
        return self.axis_height + self.row_height * len(self.rows) + 8


def _fraction_of_year(day: date) -> float:
    length = 366 if calendar.isleap(day.year) else 365
    return day.year + (day.timetuple().tm_yday - 1) / length


class TimeAxis:
    """Maps days to x, from 1 January of the first year to 31 December of the last."""

    def __init__(self, days: list[date], width: int, gutter: int) -> None:
        self.first_year = min(d.year for d in days)
        self.last_year = max(d.year for d in days)
        self.gutter = gutter
        self.pixels_per_year = (width - gutter - 10) / (self.last_year - self.first_year + 1)

    def x(self, day: date) -> float:
        return round(self.gutter + (_fraction_of_year(day) - self.first_year) * self.pixels_per_year, 1)

    def span(self, first: date, last: date) -> tuple[float, float]:
        start = self.x(first)
        return start, max(4.0, round(self.x(last) + self.pixels_per_year / 365 - start, 1))

    def ticks(self) -> list[tuple[float, int]]:
        return [(self.x(date(year, 1, 1)), year) for year in range(self.first_year, self.last_year + 1)]


def interval(first: str | None, last: str | None) -> tuple[date, date] | None:
    """The days between two partial dates (either may stand for both); None when undated."""
    if not (first or last):
        return None
    return period_of(first or last)[0], period_of(last or first)[1]


def build_timeline(inspections: list[dict], holdings: list[dict]) -> Timeline | None:
    """Inspections, their judgements and the council's post holders, on one time axis."""
    dated = [i for i in inspections if i["interval"]]
    attested = [h for h in holdings if h["role"] in TIMELINE_ROLES and h["interval"]]
    days = [d for item in dated + attested for d in item["interval"]]
    if not days:
        return None
    axis = TimeAxis(days, TIMELINE_WIDTH, TIMELINE_GUTTER)
    areas = sorted({j["area"] for i in dated for j in i["judgements"]}, key=AREA_ORDER.index)
    roles = [r for r in TIMELINE_ROLES if any(h["role"] == r for h in attested)]
    area_labels = {j["area"]: j["area_label"] for i in dated for j in i["judgements"]}
    role_labels = {h["role"]: h["role_label"] for h in attested}
    rows = ["Inspections"] + [area_labels[a] for a in areas] + [role_labels[r] for r in roles]
    marks = []
    for inspection in dated:
        x, width = axis.span(*inspection["interval"])
        marks.append(Mark(0, x, width, inspection["colour"], inspection["summary"], inspection["href"],
                          outlined=inspection["grade"] is None))
        for judgement in inspection["judgements"]:
            marks.append(Mark(1 + areas.index(judgement["area"]), x, width, judgement["colour"],
                              f"{judgement['area_label']}: {judgement['grade']} ({inspection['summary']})",
                              inspection["href"]))
    for holding in sorted(attested, key=lambda h: h["interval"]):
        x, width = axis.span(*holding["interval"])
        marks.append(Mark(1 + len(areas) + roles.index(holding["role"]), x, width, "#5d4037",
                          f"{holding['name']}, {holding['title'] or holding['role_label']} ({holding['when']})",
                          holding["person_href"], caption=holding["name"]))
    return Timeline(rows, axis.ticks(), marks)


# ---------------------------------------------------------------- gathering a page's data

EVIDENCE_COLUMNS = ("path", "start", "end", "quote")


def _without_evidence(row: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in row.items() if k not in EVIDENCE_COLUMNS}


def _when(row: dict[str, str]) -> str:
    if row.get("start_date") or row.get("end_date"):
        return f"{row.get('start_date', '?')} to {row.get('end_date', '…')}"
    return f"attested {row['attested']}" if row.get("attested") else "undated"


def _grade_colour(grade: str | None) -> str:
    return GRADE_COLOURS.get(grade, UNGRADED_COLOUR) if grade else UNGRADED_COLOUR


def judgements_of(store: GraphStore, **binding: ox.NamedNode) -> dict[str, list[dict]]:
    rows = select(store, JUDGEMENTS, **binding)
    spans = spans_by(rows, "judgement")
    found: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in rows:
        found[row["inspection"]][row["judgement"]] = {
            "area": row["area"], "area_label": row["area_label"], "grade": row["grade"],
            "colour": _grade_colour(row["grade"]), "spans": spans.get(row["judgement"], [])}
    return {i: sorted(js.values(), key=lambda j: AREA_ORDER.index(j["area"]) if j["area"] in AREA_ORDER else 99)
            for i, js in found.items()}


def concerns_of(store: GraphStore, **binding: ox.NamedNode) -> dict[str, dict[str, list[dict]]]:
    """Each inspection's findings, by category label."""
    rows = select(store, CONCERNS, **binding)
    spans = spans_by(rows, "concern")
    unique = {row["concern"]: row for row in rows}
    found: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for iri, row in sorted(unique.items()):
        found[row["inspection"]][row["category_label"]].append({
            "href": local_url(iri), "polarity": row["polarity"], "text": row.get("text", ""),
            "spans": spans.get(iri, [])})
    return {i: dict(sorted(by_category.items())) for i, by_category in found.items()}


def inspections_of(store: GraphStore, **binding: ox.NamedNode) -> list[dict]:
    """Inspections with their judgements, findings and temporal bounds; dated ones first, in time order."""
    rows = select(store, INSPECTIONS, **binding)
    spans = spans_by(rows, "inspection")
    judgements = judgements_of(store, **binding)
    concerns = concerns_of(store, **binding)
    bounds: dict[str, list[dict]] = defaultdict(list)
    for row in select(store, BOUNDS, **binding):
        bounds[row["inspection"]].append({"relation": row["relation"], "href": local_url(row["other"]),
                                          "label": row["other_label"]})
    inspections = []
    for iri, row in {row["inspection"]: row for row in rows}.items():
        overall = next((j for j in judgements.get(iri, []) if j["area"] == "overall-effectiveness"), None)
        dated = row.get("start_date") or row.get("published")
        grade = overall["grade"] if overall else None
        inspections.append({
            **_without_evidence(row), "iri": iri, "href": local_url(iri), "grade": grade, "colour": _grade_colour(grade),
            "interval": interval(dated, row.get("end_date") or dated),
            "summary": f"{row['type_label']} {dated or '(undated)'}" + (f": {grade}" if grade else ""),
            "judgements": judgements.get(iri, []), "concerns": concerns.get(iri, {}),
            "bounds": bounds.get(iri, []), "spans": spans.get(iri, [])})
    return sorted(inspections, key=lambda i: (i["interval"] is None, i["interval"] or (date.max, date.max), i["iri"]))


def attestations(rows: list[dict[str, str]]) -> list[dict]:
    """Role attestation rows (one per evidence span) folded into one record per attestation."""
    spans = spans_by(rows, "attestation")
    records = []
    for iri, row in {row["attestation"]: row for row in rows}.items():
        records.append({**_without_evidence(row), "title": row.get("title"), "when": _when(row), "spans": spans.get(iri, []),
                        "interval": interval(row.get("start_date") or row.get("attested"),
                                             row.get("end_date") or row.get("attested"))})
    return sorted(records, key=lambda r: (r["interval"] is None, r["interval"] or (date.max, date.max), r["attestation"]))


def authority_context(store: GraphStore, gss: str) -> dict:
    iri = KGR[f"authority/{gss}"]
    rows = select(store, AUTHORITY, authority=ox.NamedNode(iri))
    if not rows:
        raise PageError(404, f"No council with GSS code {gss} in the graph.")
    inspections = inspections_of(store, authority=ox.NamedNode(iri))
    holdings = attestations(select(store, AUTHORITY_HOLDINGS, authority=ox.NamedNode(iri)))
    for holding in holdings:
        holding["person_href"] = local_url(holding["person"])
    return {"authority": rows[0], "gss": gss, "iri": str(iri),
            "same_as": sorted({r["same_as"] for r in rows if "same_as" in r}),
            "inspections": inspections, "holdings": holdings,
            "timeline": build_timeline(inspections, holdings),
            "undated": [i for i in inspections if i["interval"] is None]}


def person_context(store: GraphStore, iri: str) -> dict:
    node = ox.NamedNode(iri)
    roles: dict[tuple[str, str], dict] = {}
    for record in attestations(select(store, PERSON_ROLES, person=node)):
        key = (record["role_label"], record["organisation"])
        roles.setdefault(key, {"role_label": record["role_label"], "organisation_href": local_url(record["organisation"]),
                               "organisation_label": record.get("organisation_label", record["organisation"]),
                               "attestations": []})["attestations"].append(record)
    return {"roles": [roles[k] for k in sorted(roles)],
            "at_inspections": select(store, ROLES_AT_INSPECTION, person=node)}


def inspection_context(store: GraphStore, iri: str) -> dict:
    node = ox.NamedNode(iri)
    [inspection] = inspections_of(store, inspection=node)
    return {"inspection": inspection, "people": select(store, ROLES_AT_INSPECTION, inspection=node)}


def compare_context(store: GraphStore) -> dict:
    """Councils by region against years, each cell the overall grades given that year."""
    rows = select(store, OVERALL_GRADES)
    cells: dict[tuple[str, int], list[dict]] = defaultdict(list)
    councils: dict[str, dict[str, str]] = {}
    for row in rows:
        year = int(row["date"][:4])
        councils[row["authority"]] = {"href": local_url(row["authority"]), "label": row["label"],
                                      "region": row.get("region", "Region not recorded")}
        cells[(row["authority"], year)].append({"href": local_url(row["inspection"]), "colour": _grade_colour(row["grade"]),
                                                "title": f"{row['label']}: {row['type_label']} {row['date']}, {row['grade']}"})
    years = list(range(min(y for _, y in cells), max(y for _, y in cells) + 1)) if cells else []
    regions: dict[str, list[dict]] = defaultdict(list)
    for iri, council in sorted(councils.items(), key=lambda item: item[1]["label"]):
        regions[council["region"]].append({**council, "cells": [sorted(cells.get((iri, y), []), key=lambda c: c["title"])
                                                                for y in years]})
    return {"years": years, "regions": dict(sorted(regions.items()))}


def highlighted_source(store: GraphStore, path: str, start: str | None, end: str | None) -> dict:
    rows = select(store, DOCUMENT, path=ox.Literal(path))
    if not rows:
        raise PageError(404, f"No source document {path!r} in the graph.")
    text = rows[0]["text"]
    if start is None and end is None:
        return {"document": rows[0], "before": text, "quote": "", "after": ""}
    if not (start and end and start.isdigit() and end.isdigit()):
        raise PageError(400, "start and end must both be whole numbers (character offsets into the text)")
    first, last = int(start), int(end)
    if not first < last <= len(text):
        raise PageError(400, f"the span {first}-{last} is not within the text's {len(text)} characters")
    return {"document": rows[0], "before": text[:first], "quote": text[first:last], "after": text[last:],
            "span": (first, last)}


# ---------------------------------------------------------------- routes

TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates" / "pages"), autoescape=True)
TEMPLATES.filters["page"] = local_url
TEMPLATES.filters["quote_path"] = lambda path: quote(str(path), safe="/")

def render(template: str, status: int = 200, **context: object) -> HTMLResponse:
    html = TEMPLATES.get_template(template).render(grade_colours=GRADE_COLOURS, ungraded=UNGRADED_COLOUR,
                                                   source_link=source_link, **context)
    return HTMLResponse(html, status_code=status, headers={"Vary": "Accept"})


def page(handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """Turns PageError and an unbuilt store into an error page with the right status."""
    @wraps(handler)
    def endpoint(request: Request) -> Response:
        try:
            return handler(request)
        except PageError as err:
            return render("error.html", status=err.status, message=str(err))
        except StoreError as err:
            return render("error.html", status=503, message=str(err))
    return endpoint


def _kind(store: GraphStore, iri: str) -> str:
    types = {row["type"] for row in select(store, KINDS, entity=ox.NamedNode(iri))}
    return next((PAGE_KINDS[t] for t in PAGE_KINDS if t in types), "entity")


def _label(store: GraphStore, iri: str) -> str:
    rows = select(store, LABEL, entity=ox.NamedNode(iri))
    return rows[0]["label"] if rows else iri.removeprefix(str(KGR))


def routes(store: GraphStore, config: object = None) -> list[BaseRoute]:
    """The pages' routes; static files come from the app's /static mount (service/static)."""

    def describe_entity(request: Request, iri: str) -> Response:
        media_type = choose_media_type(request)
        description = describe(store, iri)
        if len(description) == 0:
            raise PageError(404, f"Nothing in the graph is about <{iri}>.")
        if media_type != "text/html":
            return rdf_response(description, media_type)
        kind = _kind(store, iri)
        context: dict = {"iri": iri, "label": _label(store, iri), "kind": kind,
                         "statements": statements(description, iri)}
        if kind == "authority":
            context.update(authority_context(store, iri.rsplit("/", 1)[-1]))
        elif kind == "person":
            context.update(person_context(store, iri))
        elif kind == "inspection":
            context.update(inspection_context(store, iri))
        elif kind == "document":
            context["source_path"] = description.value(URIRef(iri), KG.sourcePath)
        return render(f"{kind}.html", **context)

    @page
    def entity(request: Request) -> Response:
        return describe_entity(request, str(KGR) + path_segment(request.path_params["rest"]))

    @page
    def authority(request: Request) -> Response:
        gss = request.path_params["gss"]
        if not GSS_CODE.match(gss):
            raise PageError(400, f"{gss!r} is not an ONS GSS code like E06000021")
        return describe_entity(request, str(KGR[f"authority/{gss}"]))

    @page
    def authority_graph(request: Request) -> Response:
        gss = request.path_params["gss"]
        if not GSS_CODE.match(gss):
            raise PageError(400, f"{gss!r} is not an ONS GSS code like E06000021")
        iri = str(KGR[f"authority/{gss}"])
        if not select(store, AUTHORITY, authority=ox.NamedNode(iri)):
            raise PageError(404, f"No council with GSS code {gss} in the graph.")
        return render("graph.html", gss=gss, label=_label(store, iri), href=local_url(iri))

    @page
    def compare(request: Request) -> Response:
        return render("compare.html", **compare_context(store))

    @page
    def source(request: Request) -> Response:
        params = request.query_params
        context = highlighted_source(store, request.path_params["path"], params.get("start"), params.get("end"))
        return render("source.html", document_href=local_url(context["document"]["document"]), **context)

    return [
        Route("/id/{rest:path}", entity, methods=["GET", "HEAD"], name="entity"),
        Route("/authority/{gss}", authority, methods=["GET", "HEAD"], name="authority"),
        Route("/authority/{gss}/graph", authority_graph, methods=["GET", "HEAD"], name="authority-graph"),
        Route("/compare", compare, methods=["GET", "HEAD"], name="compare"),
        Route("/source/{path:path}", source, methods=["GET", "HEAD"], name="source"),
    ]
