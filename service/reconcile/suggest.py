"""Suggest (auto-completion) of entities, properties and types, with `prefix`, `type` and `cursor`.

Entities whose name forms start with the typed prefix come first, then fuzzy
matches; `cursor` pages through the list SUGGEST_PAGE at a time.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from graph.registers import normalise_name
from service.errors import HttpError
from service.reconcile.index import ReconcileIndex, person_form
from service.reconcile.model import PROPERTIES, SCHEMA_SPACE, SUGGEST_PAGE, TYPE_IDS, TYPES

TYPE_NAMES = {t.id: t.name for t in TYPES}


def cursor_of(raw: str | None) -> int:
    if raw in (None, ""):
        return 0
    if not raw.isdigit():
        raise HttpError(400, f"cursor: expected a non-negative integer, not {raw!r}")
    return int(raw)


def _page(items: list[dict], cursor: int) -> dict:
    return {"result": items[cursor: cursor + SUGGEST_PAGE]}


def suggest_entities(index: ReconcileIndex, prefix: str, type_id: str | None, cursor: int) -> dict:
    if type_id and type_id.startswith(SCHEMA_SPACE):
        type_id = type_id[len(SCHEMA_SPACE):]
    if type_id and type_id not in TYPE_IDS:
        raise HttpError(400, f"type: no type {type_id!r}; the types are {', '.join(sorted(TYPE_IDS))}")
    types = [type_id] if type_id else [t.id for t in TYPES]
    ranked: dict[str, tuple] = {}
    for t in types:
        folded = person_form(prefix) if t == "Person" else normalise_name(prefix)
        forms = index.forms.get(t, {})
        if not folded:
            continue
        for form, owners in forms.items():
            if form.startswith(folded):
                for eid in owners:
                    ranked[eid] = min(ranked.get(eid, (2,)), (0, len(form)))
        for form, score, _ in process.extract(folded, index.choices.get(t, []), scorer=fuzz.WRatio,
                                              processor=None, limit=50, score_cutoff=70):
            for eid in forms[form]:
                ranked[eid] = min(ranked.get(eid, (2,)), (1, -score))
    code = index.codes.get(prefix.strip().upper())
    if code and index.entities[code].type in types:
        ranked[code] = (-1,)
    order = sorted(ranked, key=lambda eid: (ranked[eid], index.entities[eid].name, eid))
    items = []
    for eid in order:
        entity = index.entities[eid]
        items.append({"id": eid, "name": entity.name, "description": entity.description,
                      "notable": [{"id": entity.type, "name": TYPE_NAMES[entity.type]}]})
    return _page(items, cursor)


def suggest_properties(prefix: str, type_id: str | None, cursor: int) -> dict:
    folded = prefix.strip().lower()
    if type_id and type_id.startswith(SCHEMA_SPACE):
        type_id = type_id[len(SCHEMA_SPACE):]
    items = [{"id": p.id, "name": p.name, "description": p.description} for p in PROPERTIES
             if (not type_id or type_id in p.types)
             and (folded in p.id.lower() or folded in p.name.lower())]
    return _page(items, cursor)


def suggest_types(prefix: str, cursor: int) -> dict:
    folded = prefix.strip().lower()
    items = [t.as_json() for t in TYPES if folded in t.id.lower() or folded in t.name.lower()]
    return _page(items, cursor)
