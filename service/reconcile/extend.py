"""Data extension: property proposals for a type, and property values for reconciled ids.

Values take the shapes the 0.2 schema allows: register codes, regions, grades
and posts as `str`, councils and people as `{id, name}`, a full day as
`{date: 'YYYY-MM-DDT00:00:00'}`. A month or a year is given as the `str` it is
('2019-05'): the graph never knows a date more precisely than its evidence, and
the service does not invent a day.
"""

from __future__ import annotations

import json

from graph import concepts
from service.errors import HttpError
from service.reconcile.index import Entity, ReconcileIndex
from service.reconcile.model import BATCH_SIZE, PROPERTIES, PROPERTY_BY_ID, SCHEMA_SPACE, TYPE_IDS, date_value, dates_in


def proposals(type_id: str | None, limit: int | None) -> dict:
    """The properties data extension offers for a type (every type's when none is given)."""
    if type_id and type_id.startswith(SCHEMA_SPACE):
        type_id = type_id[len(SCHEMA_SPACE):]
    if type_id and type_id not in TYPE_IDS:
        raise HttpError(400, f"type: no type {type_id!r}; the types are {', '.join(sorted(TYPE_IDS))}")
    offered = [p for p in PROPERTIES if p.extend and (not type_id or type_id in p.types)]
    if limit:
        offered = offered[:limit]
    answer: dict = {"properties": [{"id": p.id, "name": p.name, "description": p.description} for p in offered]}
    if type_id:
        answer["type"] = type_id
    if limit:
        answer["limit"] = limit
    return answer


def read_extend(raw: str) -> tuple[list[str], list[tuple[str, dict]]]:
    try:
        request = json.loads(raw)
    except ValueError as err:
        raise HttpError(400, f"extend: not valid JSON ({err})") from None
    if not isinstance(request, dict) or not isinstance(request.get("ids"), list) \
            or not isinstance(request.get("properties"), list):
        raise HttpError(400, "extend: expected a JSON object with 'ids' and 'properties' lists")
    ids, properties = request["ids"], request["properties"]
    if len(ids) > BATCH_SIZE:
        raise HttpError(413, f"extend: a batch holds at most {BATCH_SIZE} ids (batchSize); this one holds {len(ids)}")
    if not all(isinstance(i, str) for i in ids):
        raise HttpError(400, "extend: every id must be a string")
    wanted = []
    for item in properties:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise HttpError(400, "extend: every property must be an object with an 'id'")
        pid = item["id"][len(SCHEMA_SPACE):] if item["id"].startswith(SCHEMA_SPACE) else item["id"]
        if pid not in PROPERTY_BY_ID or not PROPERTY_BY_ID[pid].extend:
            raise HttpError(400, f"extend: no property {item['id']!r}; see /reconcile/properties")
        settings = item.get("settings") or {}
        if not isinstance(settings, dict):
            raise HttpError(400, f"extend: the settings of {pid!r} must be an object")
        wanted.append((pid, settings))
    return ids, wanted


def extend(index: ReconcileIndex, ids: list[str], wanted: list[tuple[str, dict]]) -> dict:
    rows: dict[str, dict] = {}
    for eid in ids:
        entity = index.entities.get(eid)
        row = rows.setdefault(eid, {})
        for pid, settings in wanted:
            values = values_of(index, entity, pid, settings) if entity else []
            limit = _limit(settings)
            row[pid] = values[:limit] if limit else values
    meta = []
    for pid, _ in wanted:
        prop = PROPERTY_BY_ID[pid]
        entry: dict = {"id": pid, "name": prop.name}
        if pid in {"authority"} or pid.startswith("holder/"):
            entry["type"] = {"id": "Authority" if pid == "authority" else "Person",
                             "name": "Council" if pid == "authority" else "Person"}
        meta.append(entry)
    return {"meta": meta, "rows": rows}


def _limit(settings: dict) -> int:
    try:
        return max(0, int(float(settings.get("limit") or 0)))
    except (TypeError, ValueError):
        raise HttpError(400, f"extend: the limit setting must be a number, not {settings.get('limit')!r}") from None


def values_of(index: ReconcileIndex, entity: Entity, pid: str, settings: dict) -> list[dict]:
    if entity.type not in PROPERTY_BY_ID[pid].types:
        return []
    if pid in {"gssCode", "dfeLaCode", "ofstedUrn", "wikidata", "region"}:
        return [{"str": value} for value in entity.facts.get(pid, [])]
    if pid in {"startDate", "endDate", "publishedDate"}:
        return [date_value(value) for value in entity.facts.get(pid, [])]
    if pid == "inspectionType":
        return [{"str": concepts.label("inspection-type", v)} for v in entity.facts.get(pid, [])]
    if pid == "authority":
        return [_entity_value(index, eid) for eid in entity.facts.get("authority", [])]
    if pid == "posts":
        return [{"str": title} for title in entity.description.split("; ")] if entity.facts.get("role") else []
    if pid == "inspectionDates":
        dates = sorted({index.entities[i].facts["startDate"][0] for i in index.inspections_of.get(entity.id, [])
                        if index.entities[i].facts.get("startDate")})
        return [date_value(d) for d in dates]
    kind, _, key = pid.partition("/")
    if kind == "grade":
        grade = index.grades.get(entity.id, {}).get(key)
        return [{"str": concepts.label("grade", grade)}] if grade else []
    if kind in {"latestGrade", "latestGradeDate"}:
        return _latest(index, entity, key, kind == "latestGradeDate")
    if kind == "holder":
        return _holders(index, entity, key, str(settings.get("at") or "").strip())
    return []


def _latest(index: ReconcileIndex, entity: Entity, area: str, want_date: bool) -> list[dict]:
    graded = []
    for iid in index.inspections_of.get(entity.id, []):
        grade = index.grades.get(iid, {}).get(area)
        facts = index.entities[iid].facts
        when = (facts.get("startDate") or facts.get("publishedDate") or [""])[0]
        if grade and when:
            graded.append((when, grade))
    if not graded:
        return []
    when, grade = max(graded)
    return [date_value(when)] if want_date else [{"str": concepts.label("grade", grade)}]


def _holders(index: ReconcileIndex, entity: Entity, role: str, at: str) -> list[dict]:
    """The people attested in the post at the council on `at` (or, without it, the latest attested)."""
    if at and not dates_in(at):
        raise HttpError(400, f"extend: the 'at' setting must be a date (YYYY-MM-DD), not {at!r}")
    day = dates_in(at)[0] if at else None
    best: dict[str, str] = {}
    for post in index.posts:
        if post.organisation != entity.id or post.role != role:
            continue
        seen = post.start or post.attested or ""
        if day is not None:
            if post.end and post.end[:len(day)] < day[:len(post.end)]:
                continue  # ended before the date
            if not seen or seen[:len(day)] > day[:len(seen)]:
                continue  # first known after the date
        best[post.person] = max(best.get(post.person, ""), post.attested or seen)
    if not best:
        return []
    latest = max(best.values())
    return [_entity_value(index, person) for person, when in sorted(best.items()) if when == latest]


def _entity_value(index: ReconcileIndex, eid: str) -> dict:
    entity = index.entities.get(eid)
    return {"id": eid, "name": entity.name if entity else eid}
