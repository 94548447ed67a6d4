"""Project the RDF graph onto a property graph (networkx) for the visual exports.

People, councils (and other organisations), inspections, judgements and
concerns become nodes with flat attributes; role holdings, judgements and
findings become edges. Evidence is not projected as nodes: each node or edge
carries `source_url` (a view of the span that states it) and `quote`.

Dates stay as precise as the evidence (`date`, `published`, partial ISO) and
are also given as a whole-day interval `start`/`end` covering that precision
("2019-02" -> 2019-02-01..2019-02-28), which is what timeline tools need.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode

import networkx as nx
import pyoxigraph as ox

from graph.store import GraphStore
from graph.vocab import KGR, PREFIXES as NAMESPACES

GSS_CODE = re.compile(r"^[EWSN]\d{8}$")
YEAR = re.compile(r"^\d{4}$")

PREFIXES = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in NAMESPACES.items())

GRADE_COLOURS = {  # the colours analysts know from Ofsted's own charts
    "Outstanding": "#1b5e20",
    "Good": "#43a047",
    "Requires improvement to be good": "#ffb300",
    "Adequate": "#c0ca33",
    "Inadequate": "#d32f2f",
}
UNGRADED_COLOUR = "#9e9e9e"
TYPE_COLOURS = {
    "authority": "#1565c0",
    "organisation": "#6a1b9a",
    "inspection": UNGRADED_COLOUR,
    "judgement": UNGRADED_COLOUR,
    "concern": "#ef6c00",
    "strength": "#00897b",
    "person": "#5d4037",
}


class FilterError(ValueError):
    """A filter value is malformed; the message says which and what is expected."""


@dataclass(frozen=True)
class ExportFilter:
    """Which part of the graph to project: one council and/or a span of years."""

    authority: str | None = None
    year_from: int | None = None
    year_to: int | None = None

    @classmethod
    def parse(cls, authority: str | None, year_from: str | None, year_to: str | None) -> ExportFilter:
        if authority is not None and not GSS_CODE.match(authority):
            raise FilterError(f"authority must be an ONS GSS code like E06000021, not {authority!r}")
        for name, value in (("from", year_from), ("to", year_to)):
            if value is not None and not YEAR.match(value):
                raise FilterError(f"{name} must be a four-digit year like 2019, not {value!r}")
        start = int(year_from) if year_from else None
        end = int(year_to) if year_to else None
        if start and end and start > end:
            raise FilterError(f"from ({start}) is after to ({end})")
        return cls(authority, start, end)

    @property
    def has_period(self) -> bool:
        return self.year_from is not None or self.year_to is not None

    def overlaps(self, first: date | None, last: date | None) -> bool:
        """True when the interval meets the period; an undated interval only passes with no period."""
        if not self.has_period:
            return True
        if first is None or last is None:
            return False
        return (self.year_from is None or last.year >= self.year_from) and (
            self.year_to is None or first.year <= self.year_to
        )


def period_of(partial: str) -> tuple[date, date]:
    """The whole days a partial ISO date ('YYYY', 'YYYY-MM', 'YYYY-MM-DD') covers."""
    parts = [int(p) for p in partial[:10].split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        last_day = calendar.monthrange(parts[0], parts[1])[1]
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], last_day)
    return date(*parts), date(*parts)


def page_url(base_url: str, iri: str) -> str:
    """Where an entity's page lives on the service (the w3id target)."""
    return base_url.rstrip("/") + "/id/" + iri.removeprefix(str(KGR))


def source_view_url(base_url: str, path: str, start: int, end: int) -> str:
    return f"{base_url.rstrip('/')}/source/{quote(path, safe='/')}?{urlencode({'start': start, 'end': end})}"


@dataclass(frozen=True)
class Span:
    path: str
    start: int
    end: int
    quote: str


def _rows(store: GraphStore, sparql: str, authority: str | None) -> list[dict[str, str]]:
    substitutions = {"authority": ox.NamedNode(KGR[f"authority/{authority}"])} if authority else None
    solutions = store.query(PREFIXES + sparql, substitutions=substitutions)
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


# Pattern fragments shared with the pages (service/pages.py).
ATTESTATION_DETAILS = """OPTIONAL { ?attestation kg:roleTitle ?title }
  OPTIONAL { ?attestation kg:attestedOn ?attested }
  OPTIONAL { ?attestation kg:startDate ?start_date }
  OPTIONAL { ?attestation kg:endDate ?end_date }
"""
INSPECTION_DATES = """OPTIONAL { ?inspection kg:startDate ?start_date }
  OPTIONAL { ?inspection kg:endDate ?end_date }
  OPTIONAL { ?inspection kg:publishedDate ?published }
  OPTIONAL { ?inspection kg:ordinal ?ordinal }
"""

EVIDENCE = """
SELECT DISTINCT ?node ?path ?start ?end ?quote WHERE {
  ?node kg:evidence ?ev .
  ?ev oa:hasSource/kg:sourcePath ?path ; kg:quote ?quote ; oa:hasSelector ?sel .
  ?sel oa:start ?start ; oa:end ?end .
}"""

AUTHORITIES = """
SELECT DISTINCT ?authority ?label ?gss ?region WHERE {
  ?authority a kg:Authority ; skos:prefLabel ?label ; kg:gssCode ?gss .
  OPTIONAL { ?authority kg:region ?region }
}"""

INSPECTIONS = """
SELECT DISTINCT ?inspection ?authority ?type ?type_label ?start_date ?end_date ?published ?ordinal WHERE {
  ?inspection a kg:Inspection ; kg:inspectedAuthority ?authority ; kg:inspectionType ?t .
  ?t skos:notation ?type ; skos:prefLabel ?type_label .
  """ + INSPECTION_DATES + """}"""

JUDGEMENTS = """
SELECT DISTINCT ?authority ?judgement ?inspection ?area ?area_label ?grade WHERE {
  ?judgement a kg:Judgement ; kg:ofInspection ?inspection ; kg:area ?a ; kg:grade ?g .
  ?inspection kg:inspectedAuthority ?authority .
  ?a skos:notation ?area ; skos:prefLabel ?area_label .
  ?g skos:prefLabel ?grade .
}"""

CONCERNS = """
SELECT DISTINCT ?authority ?concern ?inspection ?category ?category_label ?polarity ?text WHERE {
  ?concern a kg:Concern ; kg:aboutInspection ?inspection ; kg:category ?c ; kg:polarity ?p .
  ?inspection kg:inspectedAuthority ?authority .
  ?c skos:notation ?category ; skos:prefLabel ?category_label .
  ?p skos:notation ?polarity .
  OPTIONAL { ?concern rdf:value ?text }
}"""

# ?authority is the holding's organisation: one council when the filter binds it, any organisation when free
ATTESTATIONS = """
SELECT DISTINCT ?authority ?holding ?person ?name ?organisation_label ?role ?role_label
       ?attestation ?title ?attested ?start_date ?end_date WHERE {
  ?holding org:member ?person ; org:role ?r ; org:organization ?authority ; kg:attestation ?attestation .
  ?person schema:name ?name .
  ?r skos:notation ?role ; skos:prefLabel ?role_label .
  OPTIONAL { ?authority skos:prefLabel ?organisation_label }
  """ + ATTESTATION_DETAILS + """}"""

ROLES_AT_INSPECTION = """
SELECT DISTINCT ?authority ?inspection ?person ?name ?role ?role_label WHERE {
  ?r a kg:RoleAtInspection ; kg:inspection ?inspection ; kg:holder ?person ; kg:role ?ro .
  ?inspection kg:inspectedAuthority ?authority .
  ?person schema:name ?name .
  ?ro skos:notation ?role ; skos:prefLabel ?role_label .
}"""


class Projector:
    """Builds the property graph from the store, one query per kind of node."""

    def __init__(self, store: GraphStore, selection: ExportFilter, base_url: str) -> None:
        self.store = store
        self.selection = selection
        self.base_url = base_url
        self.graph = nx.MultiDiGraph(name="Ofsted children's services knowledge graph")
        self.evidence = self._first_evidence()

    def project(self) -> nx.MultiDiGraph:
        self._add_authorities()
        self._add_inspections()
        self._add_judgements()
        self._add_concerns()
        self._add_role_holdings()
        self._add_roles_at_inspection()
        self._drop_isolated_organisations()
        return self.graph

    def _query(self, sparql: str) -> list[dict[str, str]]:
        return _rows(self.store, sparql, self.selection.authority)

    def _first_evidence(self) -> dict[str, Span]:
        """The first span (by source path, then offset) stating each node: stable across builds."""
        spans: dict[str, list[Span]] = defaultdict(list)
        for row in _rows(self.store, EVIDENCE, None):
            spans[row["node"]].append(Span(row["path"], int(row["start"]), int(row["end"]), row["quote"]))
        return {node: min(found, key=lambda s: (s.path, s.start)) for node, found in spans.items()}

    def _provenance(self, iri: str) -> dict[str, str]:
        span = self.evidence.get(iri)
        if span is None:
            return {}
        return {"source": span.path, "source_url": source_view_url(self.base_url, span.path, span.start, span.end),
                "quote": span.quote}

    def _add_node(self, iri: str, kind: str, label: str, **attributes: object) -> None:
        attributes = {k: v for k, v in attributes.items() if v is not None}
        attributes.setdefault("colour", TYPE_COLOURS[kind])
        self.graph.add_node(iri, type=kind, label=label, iri=iri, url=page_url(self.base_url, iri),
                            **attributes, **self._provenance(iri))

    def _add_edge(self, source: str, target: str, relation: str, label: str, **attributes: object) -> None:
        key = f"{source}|{relation}|{target}"
        attributes = {k: v for k, v in attributes.items() if v is not None}
        self.graph.add_edge(source, target, key=key, id=key, relation=relation, label=label, **attributes)

    def _add_authorities(self) -> None:
        for row in self._query(AUTHORITIES):
            self._add_node(row["authority"], "authority", row["label"], gss_code=row["gss"], region=row.get("region"))

    def _add_inspections(self) -> None:
        for row in self._query(INSPECTIONS):
            dated = row.get("start_date") or row.get("published")
            first = period_of(dated)[0] if dated else None
            last = period_of(row.get("end_date") or dated)[1] if dated else None
            if row["authority"] not in self.graph or not self.selection.overlaps(first, last):
                continue
            self._add_node(row["inspection"], "inspection", f"{row['type_label']} {dated or '(undated)'}",
                           inspection_type=row["type"], date=row.get("start_date"), end_date=row.get("end_date"),
                           published=row.get("published"), ordinal=int(row["ordinal"]) if "ordinal" in row else None,
                           start=first.isoformat() if first else None, end=last.isoformat() if last else None)
            self._add_edge(row["inspection"], row["authority"], "inspection-of", "inspection of")

    def _inherit_time(self, inspection: str) -> dict[str, object]:
        node = self.graph.nodes[inspection]
        return {"start": node.get("start"), "end": node.get("end")}

    def _add_judgements(self) -> None:
        for row in self._query(JUDGEMENTS):
            if row["inspection"] not in self.graph:
                continue
            grade = row["grade"]
            self._add_node(row["judgement"], "judgement", f"{row['area_label']}: {grade}", area=row["area"],
                           grade=grade, colour=GRADE_COLOURS.get(grade, UNGRADED_COLOUR),
                           **self._inherit_time(row["inspection"]))
            self._add_edge(row["judgement"], row["inspection"], "judgement-of", "judgement of")
            if row["area"] == "overall-effectiveness":
                self.graph.nodes[row["inspection"]].update(grade=grade, colour=GRADE_COLOURS.get(grade, UNGRADED_COLOUR))

    def _add_concerns(self) -> None:
        for row in self._query(CONCERNS):
            if row["inspection"] not in self.graph:
                continue
            self._add_node(row["concern"], "concern", f"{row['polarity']}: {row['category_label']}",
                           category=row["category"], polarity=row["polarity"], text=row.get("text"),
                           colour=TYPE_COLOURS["strength" if row["polarity"] == "strength" else "concern"],
                           **self._inherit_time(row["inspection"]))
            self._add_edge(row["concern"], row["inspection"], "finding-of", row["polarity"])

    def _add_role_holdings(self) -> None:
        holdings: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in self._query(ATTESTATIONS):
            holdings[row["holding"]].append(row)
        for holding, rows in sorted(holdings.items()):
            spells = sorted({spell for spell in map(_attestation_spell, rows) if self._keeps_spell(spell)})
            if self.selection.has_period and not spells:
                continue
            row = min(rows, key=lambda r: r["attestation"])
            self._ensure_organisation(row["authority"], row.get("organisation_label"))
            self._ensure_person(row["person"], row["name"], spells)
            span = self.evidence.get(row["attestation"])
            self._add_edge(row["person"], row["authority"], row["role"], row["role_label"],
                           holding=holding, title=row.get("title"), attestations=len({r["attestation"] for r in rows}),
                           spells=[(s.isoformat(), e.isoformat()) for s, e in spells] or None,
                           source_url=source_view_url(self.base_url, span.path, span.start, span.end) if span else None,
                           quote=span.quote if span else None)

    def _keeps_spell(self, spell: tuple[date, date] | None) -> bool:
        return spell is not None and self.selection.overlaps(*spell)

    def _ensure_organisation(self, iri: str, label: str | None) -> None:
        if iri not in self.graph:
            self._add_node(iri, "organisation", label or iri.rsplit("/", 1)[-1])

    def _ensure_person(self, iri: str, name: str, spells: list[tuple[date, date]]) -> None:
        if iri not in self.graph:
            self._add_node(iri, "person", name)
        known = self.graph.nodes[iri].get("spells", [])
        merged = sorted(set(known) | {(s.isoformat(), e.isoformat()) for s, e in spells})
        if merged:
            self.graph.nodes[iri]["spells"] = merged

    def _add_roles_at_inspection(self) -> None:
        for row in self._query(ROLES_AT_INSPECTION):
            if row["inspection"] not in self.graph:
                continue
            self._ensure_person(row["person"], row["name"], [])
            self._add_edge(row["person"], row["inspection"], f"{row['role']}-at-inspection",
                           f"{row['role_label']} at the inspection", role=row["role"])

    def _drop_isolated_organisations(self) -> None:
        """Councils and bodies nothing in the selection touches are noise on the national map."""
        if not (self.selection.authority or self.selection.has_period):
            return
        keep = KGR[f"authority/{self.selection.authority}"] if self.selection.authority else None
        isolated = [n for n, d in self.graph.nodes(data=True)
                    if d["type"] in ("authority", "organisation") and self.graph.degree(n) == 0 and n != keep]
        self.graph.remove_nodes_from(isolated)


def _attestation_spell(row: dict[str, str]) -> tuple[date, date] | None:
    """The days an attestation covers: its stated start..end, else the date of its evidence."""
    first = row.get("start_date") or row.get("attested")
    last = row.get("end_date") or row.get("attested") or row.get("start_date")
    if not first or not last:
        return None
    return period_of(first)[0], period_of(last)[1]


def project(store: GraphStore, selection: ExportFilter, base_url: str) -> nx.MultiDiGraph:
    """The property graph of the selection, ready for any of the export writers."""
    return Projector(store, selection, base_url).project()
