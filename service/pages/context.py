"""What each page shows, gathered from the graph: the queries of queries/pages, folded into records.

Every function reads through a GraphReader (the QueryPool: deadline and row
cap) and returns the template's context. Colours and the order of areas come
from graph.concepts.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pyoxigraph as ox

from graph import concepts
from graph.vocab import KGR
from service.errors import HttpError
from service.links import Span, local_url
from service.pages.timeline import build_timeline, interval
from service.reading import GraphReader

EVIDENCE_COLUMNS = ("path", "start", "end", "quote")


def spans_by(rows: list[dict[str, str]], key: str) -> dict[str, list[Span]]:
    """Evidence spans found in rows (columns path/start/end/quote), grouped by the value of `key`."""
    found: dict[str, set[Span]] = defaultdict(set)
    for row in rows:
        if "path" in row:
            found[row[key]].add(Span(row["path"], int(row["start"]), int(row["end"]), row["quote"]))
    return {k: sorted(v, key=lambda s: (s.path, s.start)) for k, v in found.items()}


def grade_colour(grade: str | None) -> str:
    ungraded = concepts.colour("grade", None)
    return concepts.colours_by_label("grade").get(grade, ungraded) if grade else ungraded


def _without_evidence(row: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in row.items() if k not in EVIDENCE_COLUMNS}


def _when(row: dict[str, str]) -> str:
    if row.get("start_date") or row.get("end_date"):
        return f"{row.get('start_date', '?')} to {row.get('end_date', '…')}"
    return f"attested {row['attested']}" if row.get("attested") else "undated"


def _undated_last(record: dict) -> tuple:
    return record["interval"] is None, record["interval"] or (date.max, date.max)


async def judgements_of(reader: GraphReader, **binding: ox.NamedNode) -> dict[str, list[dict]]:
    rows = await reader.select("pages/judgements", **binding)
    spans = spans_by(rows, "judgement")
    found: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in rows:
        found[row["inspection"]][row["judgement"]] = {
            "area": row["area"], "area_label": row["area_label"], "grade": row["grade"],
            "overall": row.get("overall") == "true",
            "colour": grade_colour(row["grade"]), "spans": spans.get(row["judgement"], [])}
    order = concepts.notations("area")
    return {i: sorted(js.values(), key=lambda j: order.index(j["area"]) if j["area"] in order else 99)
            for i, js in found.items()}


async def concerns_of(reader: GraphReader, **binding: ox.NamedNode) -> dict[str, dict[str, list[dict]]]:
    """Each inspection's findings, by category label."""
    rows = await reader.select("pages/concerns", **binding)
    spans = spans_by(rows, "concern")
    unique = {row["concern"]: row for row in rows}
    found: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for iri, row in sorted(unique.items()):
        found[row["inspection"]][row["category_label"]].append({
            "href": local_url(iri), "polarity": row["polarity"], "text": row.get("text", ""),
            "spans": spans.get(iri, [])})
    return {i: dict(sorted(by_category.items())) for i, by_category in found.items()}


async def inspections_of(reader: GraphReader, **binding: ox.NamedNode) -> list[dict]:
    """Inspections with their judgements, findings and temporal bounds; dated ones first, in time order."""
    rows = await reader.select("pages/inspections", **binding)
    spans = spans_by(rows, "inspection")
    judgements = await judgements_of(reader, **binding)
    concerns = await concerns_of(reader, **binding)
    bounds: dict[str, list[dict]] = defaultdict(list)
    for row in await reader.select("pages/bounds", **binding):
        bounds[row["inspection"]].append({"relation": row["relation"], "href": local_url(row["other"]),
                                          "label": row["other_label"]})
    inspections = []
    for iri, row in {row["inspection"]: row for row in rows}.items():
        overall = next((j for j in judgements.get(iri, []) if j["overall"]), None)
        dated = row.get("start_date") or row.get("published")
        grade = overall["grade"] if overall else None
        inspections.append({
            **_without_evidence(row), "iri": iri, "href": local_url(iri), "grade": grade, "colour": grade_colour(grade),
            "interval": interval(dated, row.get("end_date") or dated),
            "summary": f"{row['type_label']} {dated or '(undated)'}" + (f": {grade}" if grade else ""),
            "judgements": judgements.get(iri, []), "concerns": concerns.get(iri, {}),
            "bounds": bounds.get(iri, []), "spans": spans.get(iri, [])})
    return sorted(inspections, key=lambda i: (*_undated_last(i), i["iri"]))


def attestations(rows: list[dict[str, str]]) -> list[dict]:
    """Role attestation rows (one per evidence span) folded into one record per attestation."""
    spans = spans_by(rows, "attestation")
    records = []
    for iri, row in {row["attestation"]: row for row in rows}.items():
        register = ({"file": row["register"], "line": row["register_line"], "citation": row.get("citation")}
                    if row.get("register") else None)
        records.append({**_without_evidence(row), "title": row.get("title"), "when": _when(row),
                        "spans": spans.get(iri, []), "register": register,
                        "interval": interval(row.get("start_date") or row.get("attested"),
                                             row.get("end_date") or row.get("attested"))})
    return sorted(records, key=lambda r: (*_undated_last(r), r["attestation"]))


async def authority_rows(reader: GraphReader, gss: str) -> list[dict[str, str]]:
    rows = await reader.select("pages/authority", authority=ox.NamedNode(KGR[f"authority/{gss}"]))
    if not rows:
        raise HttpError(404, f"No council with GSS code {gss} in the graph.")
    return rows


async def authority_context(reader: GraphReader, gss: str) -> dict:
    iri = KGR[f"authority/{gss}"]
    rows = await authority_rows(reader, gss)
    inspections = await inspections_of(reader, authority=ox.NamedNode(iri))
    holdings = attestations(await reader.select("pages/attestations", organisation=ox.NamedNode(iri)))
    for holding in holdings:
        holding["person_href"] = local_url(holding["person"])
    return {"authority": rows[0], "gss": gss, "iri": str(iri),
            "same_as": sorted({r["same_as"] for r in rows if "same_as" in r}),
            "inspections": inspections, "holdings": holdings,
            "timeline": build_timeline(inspections, holdings),
            "undated": [i for i in inspections if i["interval"] is None]}


async def person_context(reader: GraphReader, iri: str) -> dict:
    node = ox.NamedNode(iri)
    roles: dict[tuple[str, str], dict] = {}
    for record in attestations(await reader.select("pages/attestations", person=node)):
        key = (record["role_label"], record["organisation"])
        roles.setdefault(key, {"role_label": record["role_label"], "organisation_href": local_url(record["organisation"]),
                               "organisation_label": record.get("organisation_label", record["organisation"]),
                               "attestations": []})["attestations"].append(record)
    return {"roles": [roles[k] for k in sorted(roles)],
            "at_inspections": await reader.select("pages/roles-at-inspection", person=node)}


async def inspection_context(reader: GraphReader, iri: str) -> dict:
    node = ox.NamedNode(iri)
    [inspection] = await inspections_of(reader, inspection=node)
    return {"inspection": inspection, "people": await reader.select("pages/roles-at-inspection", inspection=node)}


async def compare_context(reader: GraphReader) -> dict:
    """Councils by region against years, each cell the overall grades given that year."""
    rows = await reader.select("pages/overall-grades")
    cells: dict[tuple[str, int], list[dict]] = defaultdict(list)
    councils: dict[str, dict[str, str]] = {}
    for row in rows:
        year = int(row["date"][:4])
        councils[row["authority"]] = {"href": local_url(row["authority"]), "label": row["label"],
                                      "region": row.get("region", "Region not recorded")}
        cells[(row["authority"], year)].append({"href": local_url(row["inspection"]), "colour": grade_colour(row["grade"]),
                                                "title": f"{row['label']}: {row['type_label']} {row['date']}, {row['grade']}"})
    years = list(range(min(y for _, y in cells), max(y for _, y in cells) + 1)) if cells else []
    regions: dict[str, list[dict]] = defaultdict(list)
    for iri, council in sorted(councils.items(), key=lambda item: item[1]["label"]):
        regions[council["region"]].append({**council, "cells": [sorted(cells.get((iri, y), []), key=lambda c: c["title"])
                                                                for y in years]})
    return {"years": years, "regions": dict(sorted(regions.items()))}


async def highlighted_source(reader: GraphReader, path: str, start: str | None, end: str | None) -> dict:
    rows = await reader.select("pages/document", path=ox.Literal(path))
    if not rows:
        raise HttpError(404, f"No source document {path!r} in the graph.")
    text = rows[0]["text"]
    if start is None and end is None:
        return {"document": rows[0], "before": text, "quote": "", "after": ""}
    if not (start and end and start.isdigit() and end.isdigit()):
        raise HttpError(400, "start and end must both be whole numbers (character offsets into the text)")
    first, last = int(start), int(end)
    whole = int(rows[0].get("length", len(text)))
    if len(text) < last <= whole and first < last:
        raise HttpError(404, f"characters {first}-{last} lie beyond the first {len(text)} of this document's {whole}, "
                             "which are all the graph keeps of so long a text; the fact's own page gives its exact quote")
    if not first < last <= len(text):
        raise HttpError(400, f"the span {first}-{last} is not within the text's {len(text)} characters")
    return {"document": rows[0], "before": text[:first], "quote": text[first:last], "after": text[last:],
            "span": (first, last)}
