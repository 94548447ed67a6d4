"""The reconciliation index: every council, person and inspection with its name forms, codes and facts.

Built once per published build from the queries of queries/reconcile, read
through the QueryPool like every other read of the store, plus the council name
forms of graph/registers/names.py; rebuilt when the build (or, after an
update, the pool's generation) changes. Matching, suggest, preview and data
extension then answer from memory.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass, field

from starlette.requests import Request

from graph import concepts, queries
from graph.registers import authority_name_index, council_forms, normalise_name, person_slug
from service.execution import ExecutionError, QueryPool
from service.reconcile.model import entity_id

WIKIDATA = "http://www.wikidata.org/entity/"
# Words every council's name may carry: fuzzy matching compares names without them, so that
# 'Stoke-on-Trent City Council' is not near 'Bedford Borough Council' for sharing 'council'.
GENERIC = frozenset({"council", "city", "county", "borough", "metropolitan", "district", "royal", "of", "and",
                     "local", "authority", "corporation", "ua", "childrens", "services", "the"})


def stem(folded: str) -> str:
    """A folded name without the words every council's name may carry (the name itself when nothing else is left)."""
    kept = [word for word in folded.split() if word not in GENERIC]
    return " ".join(kept) or folded


@dataclass
class Entity:
    id: str
    name: str
    type: str
    description: str = ""
    forms: set[str] = field(default_factory=set)  # normalised names it is known by
    codes: set[str] = field(default_factory=set)  # identifiers, upper case, that find it exactly
    facts: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # property id -> values


@dataclass(frozen=True)
class Post:
    person: str
    role: str
    organisation: str  # an entity id (authority/...) or an organisation id
    organisation_name: str
    attested: str | None
    start: str | None
    end: str | None


class ReconcileIndex:
    def __init__(self) -> None:
        self.entities: dict[str, Entity] = {}
        self.codes: dict[str, str] = {}  # code -> entity id
        self.forms: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # type -> form -> ids
        self.stems: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # type -> stem -> ids
        self.choices: dict[str, list[str]] = {}  # type -> the stems fuzzy matching runs over
        self.posts: list[Post] = []
        self.inspections_of: dict[str, list[str]] = defaultdict(list)  # authority id -> inspection ids
        self.grades: dict[str, dict[str, str]] = defaultdict(dict)  # inspection id -> area -> grade notation

    def add(self, entity: Entity) -> Entity:
        return self.entities.setdefault(entity.id, entity)

    def of_type(self, type_id: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == type_id]

    def finish(self) -> ReconcileIndex:
        for entity in self.entities.values():
            for form in entity.forms:
                self.forms[entity.type][form].add(entity.id)
                if entity.type != "Inspection":  # inspections are matched through their council
                    self.stems[entity.type][stem(form)].add(entity.id)
            for code in entity.codes:
                self.codes.setdefault(code, entity.id)
        self.choices = {type_id: sorted(stems) for type_id, stems in self.stems.items()}
        return self


def build_index(authorities: list[dict], names: list[dict], people: list[dict], inspections: list[dict],
                judgements: list[dict]) -> ReconcileIndex:
    """The index from the rows of queries/reconcile/*.rq (lexical values, unbound variables absent)."""
    index = ReconcileIndex()
    _add_authorities(index, authorities, names)
    _add_people(index, people)
    _add_inspections(index, inspections, judgements)
    return index.finish()


def _add_authorities(index: ReconcileIndex, rows: list[dict], names: list[dict]) -> None:
    alt: dict[str, list[str]] = defaultdict(list)
    for row in names:
        alt[entity_id(row["authority"])].append(row["name"])
    by_gss: dict[str, str] = {}
    for row in rows:
        key = entity_id(row["authority"])
        entity = index.add(Entity(key, row["label"], "Authority"))
        entity.codes.add(key.upper())
        entity.codes.add(row["authority"].upper())
        for prop, column in (("gssCode", "gss"), ("gssCode", "former_gss"), ("dfeLaCode", "dfe"),
                             ("ofstedUrn", "urn"), ("region", "region")):
            if row.get(column) and row[column] not in entity.facts[prop]:
                entity.facts[prop].append(row[column])
                if prop != "region":
                    entity.codes.add(row[column].upper())
        if row.get("same_as", "").startswith(WIKIDATA):
            qid = row["same_as"][len(WIKIDATA):]
            if qid not in entity.facts["wikidata"]:
                entity.facts["wikidata"].append(qid)
            entity.codes |= {qid.upper(), row["same_as"].upper()}
        if row.get("dissolved"):
            entity.facts["dissolved"] = [row["dissolved"]]
        if row.get("gss"):
            by_gss[row["gss"]] = key
    for entity in index.of_type("Authority"):
        entity.forms |= {normalise_name(form) for form in council_forms([entity.name, *alt[entity.id]], childrens_services=True)}
        entity.forms.add(normalise_name(entity.name))
        region = ", ".join(entity.facts.get("region", []))
        codes = ", ".join(entity.facts.get("gssCode", []))
        dissolved = f"; dissolved {entity.facts['dissolved'][0]}" if entity.facts.get("dissolved") else ""
        entity.description = f"Council, {region or 'region unknown'} ({codes}){dissolved}"
    for form, gss in authority_name_index().items():  # the registers' forms ('Stoke' for Stoke-on-Trent)
        if gss in by_gss:
            index.entities[by_gss[gss]].forms.add(normalise_name(form))


def person_form(name: str) -> str:
    """A person's name folded for matching: honorifics and post-nominals dropped, as their IRI slug does."""
    try:
        return person_slug(name).replace("-", " ")
    except ValueError:
        return normalise_name(name)


def _add_people(index: ReconcileIndex, rows: list[dict]) -> None:
    for row in rows:
        key = entity_id(row["person"])
        entity = index.add(Entity(key, row["name"], "Person"))
        entity.codes.add(key.upper())
        entity.codes.add(row["person"].upper())
        entity.forms.add(person_form(row["name"]))
        if not row.get("role"):
            continue
        post = Post(key, row["role"], entity_id(row["organisation"]), row.get("organisation_name", ""),
                    row.get("attested"), row.get("start"), row.get("end"))
        index.posts.append(post)
        if row["role"] not in entity.facts["role"]:
            entity.facts["role"].append(row["role"])
        if post.organisation not in entity.facts["authority"]:
            entity.facts["authority"].append(post.organisation)
    for entity in index.of_type("Person"):
        entity.description = "; ".join(_post_titles(index, entity.id)) or "Person named in the documents"


def _post_titles(index: ReconcileIndex, person: str) -> list[str]:
    titles: dict[str, list[str]] = {}
    for post in index.posts:
        if post.person == person:
            title = f"{concepts.label('role', post.role)}, {post.organisation_name or post.organisation}"
            years = titles.setdefault(title, [])
            dated = post.start or post.attested
            if dated and dated[:4] not in years:
                years.append(dated[:4])
    return [f"{title} ({', '.join(sorted(years))})" if years else title for title, years in titles.items()]


def _add_inspections(index: ReconcileIndex, rows: list[dict], judgements: list[dict]) -> None:
    for row in rows:
        key = entity_id(row["inspection"])
        authority = index.entities.get(entity_id(row["authority"]))
        council = authority.name if authority else entity_id(row["authority"])
        when = row.get("start") or (f"published {row['published']}" if row.get("published") else "undated")
        type_label = concepts.label("inspection-type", row["type"])
        entity = index.add(Entity(key, f"{council}: {type_label}, {when}", "Inspection"))
        entity.codes |= {key.upper(), row["inspection"].upper()}
        entity.facts["authority"] = [entity_id(row["authority"])]
        entity.facts["inspectionType"] = [row["type"]]
        for prop, column in (("startDate", "start"), ("endDate", "end"), ("publishedDate", "published")):
            if row.get(column):
                entity.facts[prop] = [row[column]]
        places = authority.forms if authority else {normalise_name(council)}
        dates = {row.get("start", ""), row.get("published", "")} - {""}
        entity.forms |= {normalise_name(f"{place} {type_label} {date}") for place in places for date in dates or {""}}
        entity.description = f"{type_label} of {council}" + (f", {row['start']} to {row['end']}" if row.get("end") else "")
        index.inspections_of[entity.facts["authority"][0]].append(key)
    for row in judgements:
        index.grades[entity_id(row["inspection"])][row["area"]] = row["grade"]


async def read_index(pool: QueryPool) -> ReconcileIndex:
    rows = []
    for name in ("reconcile/authorities", "reconcile/authority-names", "reconcile/people", "reconcile/inspections",
                 "reconcile/judgements"):
        rows.append(list(await pool.select(queries.internal(name), max_rows=1_000_000)))
    return build_index(*rows)


_LOCK = "reconcile_lock"


async def current_index(request: Request) -> ReconcileIndex:
    """The index of the published build: built on first use, kept until the build or generation changes."""
    state = request.app.state
    pool: QueryPool = state.pool
    try:  # the build's id, asked through the query workers like every other read
        builds = await pool.select(queries.internal("pages/build"))
    except ExecutionError as err:
        if err.status != 503:
            raise
        builds = []
    key = (builds[0]["build"] if builds else None, pool.generation)
    cached = getattr(state, "reconcile_index", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    lock: asyncio.Lock = state.__dict__.setdefault(_LOCK, asyncio.Lock())
    async with lock:
        cached = getattr(state, "reconcile_index", None)
        if cached is None or cached[0] != key:
            state.reconcile_index = (key, await read_index(pool))
        return state.reconcile_index[1]
