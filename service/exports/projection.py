"""Project the RDF graph onto a property graph (networkx) for the visual exports.

People, councils (and other organisations), inspections, judgements and
concerns become nodes with flat attributes; role holdings, judgements and
findings become edges. Evidence is not projected as nodes: each node or edge
carries `source_url` (a view of the span that states it) and `quote`.

Dates stay as precise as the evidence (`date`, `published`, partial ISO) and
are also given as a whole-day interval `start`/`end` covering that precision
("2019-02" -> 2019-02-01..2019-02-28), which is what timeline tools need.

The rows come first, all of them through the QueryPool (`fetch`: the queries
the pages use for the same things, queries/pages/*.rq, and queries/exports/*.rq);
the projection itself (`Projector`) is pure.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import networkx as nx
import pyoxigraph as ox

from graph import concepts
from graph.vocab import KGR
from service.links import GSS_CODE, Span, page_url, period_of, source_view_url
from service.reading import GraphReader

YEAR = re.compile(r"^\d{4}$")
TYPE_COLOURS = {  # node types, not controlled values: inspections, judgements and findings take their concept's colour
    "authority": "#1565c0",
    "organisation": "#6a1b9a",
    "person": "#5d4037",
}


def type_colour(kind: str) -> str:
    return TYPE_COLOURS.get(kind) or concepts.colour("grade", None)


def grade_colour(grade: str) -> str:
    return concepts.colours_by_label("grade").get(grade, concepts.colour("grade", None))


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


@dataclass
class Rows:
    """Every row the projection of one selection needs."""

    evidence: list[dict[str, str]]
    authorities: list[dict[str, str]]
    inspections: list[dict[str, str]]
    judgements: list[dict[str, str]]
    concerns: list[dict[str, str]]
    attestations: list[dict[str, str]]
    roles_at_inspection: list[dict[str, str]] = field(default_factory=list)


def _first_of_each(rows: list[dict[str, str]], key: str) -> list[dict[str, str]]:
    """One row per value of `key` (the shared queries give one row per evidence span)."""
    first: dict[str, dict[str, str]] = {}
    for row in rows:
        first.setdefault(row[key], row)
    return list(first.values())


async def fetch(reader: GraphReader, selection: ExportFilter) -> Rows:
    council = {"authority": ox.NamedNode(KGR[f"authority/{selection.authority}"])} if selection.authority else {}
    organisation = {"organisation": council["authority"]} if council else {}
    return Rows(
        evidence=await reader.select("exports/evidence"),
        authorities=await reader.select("exports/authorities", **council),
        inspections=_first_of_each(await reader.select("pages/inspections", **council), "inspection"),
        judgements=_first_of_each(await reader.select("pages/judgements", **council), "judgement"),
        concerns=_first_of_each(await reader.select("pages/concerns", **council), "concern"),
        attestations=await reader.select("pages/attestations", **organisation),
        roles_at_inspection=await reader.select("pages/roles-at-inspection", **council),
    )


class Projector:
    """Builds the property graph from the rows fetched for one selection, one kind of node at a time."""

    def __init__(self, rows: Rows, selection: ExportFilter, base_url: str) -> None:
        self.rows = rows
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

    def _first_evidence(self) -> dict[str, Span]:
        """The first span (by source path, then offset) stating each node: stable across builds."""
        spans: dict[str, list[Span]] = defaultdict(list)
        for row in self.rows.evidence:
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
        attributes.setdefault("colour", type_colour(kind))
        self.graph.add_node(iri, type=kind, label=label, iri=iri, url=page_url(self.base_url, iri),
                            **attributes, **self._provenance(iri))

    def _add_edge(self, source: str, target: str, relation: str, label: str, **attributes: object) -> None:
        key = f"{source}|{relation}|{target}"
        attributes = {k: v for k, v in attributes.items() if v is not None}
        self.graph.add_edge(source, target, key=key, id=key, relation=relation, label=label, **attributes)

    def _add_authorities(self) -> None:
        for row in self.rows.authorities:
            self._add_node(row["authority"], "authority", row["label"], gss_code=row["gss"], region=row.get("region"))

    def _add_inspections(self) -> None:
        for row in self.rows.inspections:
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
        for row in self.rows.judgements:
            if row["inspection"] not in self.graph:
                continue
            grade = row["grade"]
            self._add_node(row["judgement"], "judgement", f"{row['area_label']}: {grade}", area=row["area"],
                           grade=grade, colour=grade_colour(grade),
                           **self._inherit_time(row["inspection"]))
            self._add_edge(row["judgement"], row["inspection"], "judgement-of", "judgement of")
            if row.get("overall") == "true":
                self.graph.nodes[row["inspection"]].update(grade=grade, colour=grade_colour(grade))

    def _add_concerns(self) -> None:
        for row in self.rows.concerns:
            if row["inspection"] not in self.graph:
                continue
            self._add_node(row["concern"], "concern", f"{row['polarity']}: {row['category_label']}",
                           category=row["category"], polarity=row["polarity"], text=row.get("text"),
                           colour=concepts.colour("polarity", row["polarity"]),
                           **self._inherit_time(row["inspection"]))
            self._add_edge(row["concern"], row["inspection"], "finding-of", row["polarity"])

    def _add_role_holdings(self) -> None:
        holdings: dict[str, list[dict[str, str]]] = defaultdict(list)
        for row in self.rows.attestations:
            holdings[row["holding"]].append(row)
        for holding, rows in sorted(holdings.items()):
            spells = sorted({spell for spell in map(_attestation_spell, rows) if self._keeps_spell(spell)})
            if self.selection.has_period and not spells:
                continue
            row = min(rows, key=lambda r: r["attestation"])
            self._ensure_organisation(row["organisation"], row.get("organisation_label"))
            self._ensure_person(row["person"], row["name"], spells)
            span = self.evidence.get(row["attestation"])
            self._add_edge(row["person"], row["organisation"], row["role"], row["role_label"],
                           holding=holding, leadership=row["role"] in concepts.members("role/leadership"),
                           title=row.get("title"), attestations=len({r["attestation"] for r in rows}),
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
        for row in self.rows.roles_at_inspection:
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


async def project(reader: GraphReader, selection: ExportFilter, base_url: str) -> nx.MultiDiGraph:
    """The property graph of the selection, ready for any of the export writers."""
    return Projector(await fetch(reader, selection), selection, base_url).project()
