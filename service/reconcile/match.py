"""Reconciliation queries: reading a batch, and scoring the index's entities against each query.

A candidate's score is out of 100. An exact identifier (a register code, a
QID, the entity's id or IRI) scores 100; so does a name form only one entity
of the type is known by. Fuzzy matches (rapidfuzz's WRatio over the folded
name forms) stay below 96. A property that agrees raises the score a little;
one that contradicts lowers it by 30 and rules out `match`. `match: true` goes
to the top candidate only, and only when it scores 90 or more and leads the
next by 10 or more, or is an exact match no other candidate shares.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from graph import concepts
from graph.registers import normalise_name
from service.errors import HttpError
from service.reconcile.index import Entity, ReconcileIndex, person_form, stem
from service.reconcile.model import BATCH_SIZE, SCHEMA_SPACE, TYPE_IDS, TYPES, dates_agree, dates_in

DEFAULT_LIMIT = 5
FUZZY_CUTOFF = 60.0
FUZZY_CEILING = 95.0
AGREES = 3.0
CONTRADICTS = 30.0
MATCH_SCORE = 90.0
MATCH_LEAD = 10.0
COUNCIL_SHARE = 0.85
DATE_AGREES = 12.0
_ISO_OR_WORDS = re.compile(r"\b\d{1,4}(?:[-/]\d{1,2}){0,2}\b"
                           r"|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
                           r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
                           r"|\b(?:ilacs|sif|standard|short|inspection|focused|monitoring|visit|jtai)\b", re.I)
TYPE_NAMES = {t.id: t.name for t in TYPES}


@dataclass
class Query:
    text: str
    types: tuple[str, ...]
    limit: int
    properties: list[tuple[str, list[str]]] = field(default_factory=list)


def read_batch(raw: str) -> dict[str, Query]:
    """The `queries` parameter as Query records by key; HttpError 400 when malformed, 413 when too many."""
    try:
        batch = json.loads(raw)
    except ValueError as err:
        raise HttpError(400, f"queries: not valid JSON ({err})") from None
    if not isinstance(batch, dict):
        raise HttpError(400, "queries: expected a JSON object mapping keys to queries")
    if len(batch) > BATCH_SIZE:
        raise HttpError(413, f"queries: a batch holds at most {BATCH_SIZE} queries (batchSize); this one holds {len(batch)}")
    return {key: _query(key, value) for key, value in batch.items()}


def _query(key: str, value: object) -> Query:
    if not isinstance(value, dict):
        raise HttpError(400, f"queries: query {key!r} is not a JSON object")
    text = value.get("query", "")
    properties = value.get("properties", [])
    if not isinstance(text, str) or not isinstance(properties, list):
        raise HttpError(400, f"queries: query {key!r} needs 'query' as a string and 'properties' as a list")
    if not text.strip() and not properties:
        raise HttpError(400, f"queries: query {key!r} has neither a query string nor properties")
    raw_type = value.get("type")
    raw_types = [raw_type] if isinstance(raw_type, str) else raw_type or []
    if not isinstance(raw_types, list) or not all(isinstance(t, str) for t in raw_types):
        raise HttpError(400, f"queries: query {key!r} has a 'type' that is neither a string nor a list of strings")
    limit = value.get("limit", DEFAULT_LIMIT)
    if not isinstance(limit, (int, float)) or isinstance(limit, bool) or limit < 0:
        raise HttpError(400, f"queries: query {key!r} has a 'limit' that is not a non-negative number")
    constraints = []
    for item in properties:
        if not isinstance(item, dict) or not isinstance(item.get("pid"), str) or "v" not in item:
            raise HttpError(400, f"queries: query {key!r} has a property without 'pid' and 'v'")
        values = item["v"] if isinstance(item["v"], list) else [item["v"]]
        constraints.append((item["pid"], [_value_text(v) for v in values]))
    types = tuple(t[len(SCHEMA_SPACE):] if t.startswith(SCHEMA_SPACE) else t for t in raw_types)
    return Query(text.strip(), types, int(limit) or DEFAULT_LIMIT, constraints)


def _value_text(value: object) -> str:
    if isinstance(value, dict):
        return str(value.get("id", value.get("name", "")))
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def reconcile(index: ReconcileIndex, query: Query) -> list[dict]:
    """The candidates for one query, best first, at most `query.limit`."""
    types = query.types or tuple(t.id for t in TYPES)
    scores: dict[str, float] = {}
    exact: set[str] = set()
    if query.text:
        _by_code(index, query.text, types, scores, exact)
        if not exact:
            for type_id in (t for t in types if t in TYPE_IDS):
                _by_name(index, query.text, type_id, scores, exact)
    elif query.properties:
        for type_id in (t for t in types if t in TYPE_IDS):
            scores.update({e.id: 50.0 for e in index.of_type(type_id)})
    results = []
    for eid, base in scores.items():
        entity = index.entities[eid]
        score, agreed, contradicted = _with_properties(index, entity, base, query)
        if query.text and entity.type == "Inspection":
            score, contradicted = _with_dates(entity, dates_in(query.text), score, contradicted)
        if score <= 0 or (not query.text and not agreed):
            continue
        results.append((round(score, 1), entity, base, contradicted))
    results.sort(key=lambda item: (-item[0], item[1].name, item[1].id))
    top = results[: query.limit]
    return [_candidate(entity, score, base, i == 0 and _clear(results, exact, contradicted))
            for i, (score, entity, base, contradicted) in enumerate(top)]


def _clear(results: list, exact: set[str], contradicted: bool) -> bool:
    """Whether the first of `results` is clearly the match: no contradiction, and ahead of the rest."""
    score, entity = results[0][0], results[0][1]
    if contradicted or score < MATCH_SCORE:
        return False
    second = results[1][0] if len(results) > 1 else 0.0
    if entity.id in exact and len(exact) == 1:
        return second < score
    return score - second >= MATCH_LEAD


def _by_code(index: ReconcileIndex, text: str, types: tuple[str, ...], scores: dict, exact: set) -> None:
    eid = index.codes.get(text.upper())
    if eid and index.entities[eid].type in types:
        scores[eid] = 100.0
        exact.add(eid)


def _by_name(index: ReconcileIndex, text: str, type_id: str, scores: dict, exact: set) -> None:
    if type_id == "Inspection":
        _inspections(index, text, scores)
        return
    folded = person_form(text) if type_id == "Person" else normalise_name(text)
    owners = index.forms.get(type_id, {}).get(folded, set())
    for eid in owners:
        scores[eid] = 100.0 if len(owners) == 1 else FUZZY_CEILING
        if len(owners) == 1:
            exact.add(eid)
    if not folded:
        return
    stems = index.stems.get(type_id, {})
    for found, score, _ in process.extract(stem(folded), index.choices.get(type_id, []), scorer=fuzz.WRatio,
                                           processor=None, limit=40, score_cutoff=FUZZY_CUTOFF):
        for eid in stems[found]:
            scores[eid] = max(scores.get(eid, 0.0), score * FUZZY_CEILING / 100)


def _inspections(index: ReconcileIndex, text: str, scores: dict) -> None:
    """Inspections through their council: the council the text names (without its dates), then each of
    its inspections at most COUNCIL_SHARE of that score, more when the text names the inspection type."""
    place = _ISO_OR_WORDS.sub(" ", text)
    councils: dict[str, float] = {}
    _by_code(index, place.strip(), ("Authority",), councils, set())
    if not councils:
        _by_name(index, place, "Authority", councils, set())
    folded = normalise_name(text)
    named = {n for n in concepts.notations("inspection-type")
             if n.replace("-", " ") in folded or normalise_name(concepts.label("inspection-type", n)) in folded}
    for council, score in sorted(councils.items(), key=lambda item: -item[1])[:5]:
        for iid in index.inspections_of.get(council, []):
            kinds = index.entities[iid].facts.get("inspectionType", [])
            bonus = (AGREES if set(kinds) & named else -CONTRADICTS) if named else 0.0
            scores[iid] = max(scores.get(iid, 0.0), score * COUNCIL_SHARE + bonus)


def _with_properties(index: ReconcileIndex, entity: Entity, score: float, query: Query) -> tuple[float, bool, bool]:
    agreed = contradicted = False
    for pid, values in query.properties:
        verdict = agreement(index, entity, pid, values)
        if verdict is True:
            agreed = True
            bonus = DATE_AGREES if pid.endswith("startDate") else AGREES
            score = min(score + bonus, 100.0 if score >= 100.0 else FUZZY_CEILING + AGREES)
        elif verdict is False:
            contradicted = True
            score -= CONTRADICTS
    return score, agreed, contradicted


def _with_dates(entity: Entity, dates: list[str], score: float, contradicted: bool) -> tuple[float, bool]:
    known = entity.facts.get("startDate", []) + entity.facts.get("publishedDate", [])
    if not dates or not known:
        return score, contradicted
    if any(dates_agree(d, k) for d in dates for k in known):
        return min(score + DATE_AGREES, 100.0), contradicted
    return score - CONTRADICTS, True


def agreement(index: ReconcileIndex, entity: Entity, pid: str, values: list[str]) -> bool | None:
    """True when a value agrees with what the graph holds, False when it contradicts it, None when unknown."""
    pid = pid[len(SCHEMA_SPACE):] if pid.startswith(SCHEMA_SPACE) else pid
    values = [v for v in values if v]
    known = entity.facts.get(pid, [])
    if not values or not known:
        return None
    if pid in {"gssCode", "dfeLaCode", "ofstedUrn", "wikidata"}:
        return any(v.upper() in {k.upper() for k in known} for v in values)
    if pid == "region":
        return any(normalise_name(v) in {normalise_name(k) for k in known} for v in values)
    if pid == "role":
        return any((concepts.notation_of("role", v) or v) in known for v in values)
    if pid == "inspectionType":
        return any((concepts.notation_of("inspection-type", v) or v) in known for v in values)
    if pid == "startDate":
        stated = [d for v in values for d in dates_in(v)]
        return any(dates_agree(d, k) for d in stated for k in known) if stated else None
    if pid == "authority":
        councils = {c for v in values for c in resolve_authority(index, v)}
        return bool(councils & set(known)) if councils else None
    return None


def resolve_authority(index: ReconcileIndex, value: str) -> set[str]:
    """The councils a cell names: by code, id or IRI, or by a name form only one council has."""
    eid = index.codes.get(value.strip().upper())
    if eid and index.entities[eid].type == "Authority":
        return {eid}
    owners = index.forms.get("Authority", {}).get(normalise_name(value), set())
    return set(owners) if len(owners) == 1 else set()


def _candidate(entity: Entity, score: float, base: float, match: bool) -> dict:
    return {
        "id": entity.id,
        "name": entity.name,
        "description": entity.description,
        "type": [{"id": entity.type, "name": TYPE_NAMES[entity.type]}],
        "score": score,
        "features": [{"id": "name", "value": round(base, 1)}],
        "match": match,
    }
