"""What the reconciliation service offers: its types, its properties, its ids and its value shapes.

Entity ids are the graph's IRIs relative to the identifier space (kgr:, so
'authority/E06000021'); type and property ids are relative to the schema space
(kg:, so 'Authority', 'gssCode'). Controlled values (roles, areas, grades,
inspection types) come from graph/concepts.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph import concepts
from graph.dates import find_dates
from graph.vocab import KG, KGR

IDENTIFIER_SPACE = str(KGR)
SCHEMA_SPACE = str(KG)
BATCH_SIZE = 50  # queries (or ids to extend) in one request; more is refused with 413
SUGGEST_PAGE = 10
PREVIEW_WIDTH = 420
PREVIEW_HEIGHT = 190


@dataclass(frozen=True)
class Type:
    id: str
    name: str
    description: str

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "description": self.description}


TYPES = (
    Type("Authority", "Council", "An English council with children's services (a local authority), "
         "from the ONS, DfE and Ofsted registers"),
    Type("Person", "Person", "A person the documents name in a post: a council leader, director of "
         "children's services, lead member, inspector ..."),
    Type("Inspection", "Inspection", "An Ofsted inspection or visit of a council's children's services"),
)
TYPE_IDS = {t.id for t in TYPES}


@dataclass(frozen=True)
class Property:
    id: str
    name: str
    types: tuple[str, ...]  # the types it applies to
    description: str
    match: bool = True  # usable as a property constraint in a match query
    extend: bool = True  # offered by data extension


def _area_properties() -> tuple[Property, ...]:
    found = []
    for area in concepts.notations("area"):
        label = concepts.label("area", area)
        found += [
            Property(f"latestGrade/{area}", f"Latest grade: {label}", ("Authority",),
                     f"The grade of the council's latest inspection judging '{label}'", match=False),
            Property(f"latestGradeDate/{area}", f"Latest grade date: {label}", ("Authority",),
                     f"The start date of the council's latest inspection judging '{label}'", match=False),
            Property(f"grade/{area}", f"Grade: {label}", ("Inspection",),
                     f"The inspection's grade for '{label}'", match=False),
        ]
    return tuple(found)


def _holder_properties() -> tuple[Property, ...]:
    return tuple(
        Property(f"holder/{role}", f"Holder: {concepts.label('role', role)}", ("Authority",),
                 f"Who held the post of {concepts.label('role', role)} at the council on the date of the "
                 "'at' setting (default: the latest attested holder)", match=False)
        for role in concepts.notations("role") if role not in {"hmi", "author", "minister", "other"}
    )


PROPERTIES: tuple[Property, ...] = (
    Property("gssCode", "ONS GSS code", ("Authority",), "The council's ONS GSS code, e.g. E06000021"),
    Property("dfeLaCode", "DfE LA code", ("Authority",), "The council's DfE local authority code, e.g. 861"),
    Property("ofstedUrn", "Ofsted URN", ("Authority",), "The council's Ofsted unique reference number"),
    Property("wikidata", "Wikidata item", ("Authority",), "The council's Wikidata QID, e.g. Q17022507"),
    Property("region", "Region", ("Authority",), "The English region the council is in"),
    Property("inspectionDates", "Inspection dates", ("Authority",),
             "Start dates of the council's inspections and visits", match=False),
    *_area_properties(),
    *_holder_properties(),
    Property("role", "Post", ("Person",), "A post the person held (a role, e.g. council leader)"),
    Property("authority", "Council", ("Person", "Inspection"),
             "The council (a person's posts were held at it; an inspection inspected it): a name, a code or an id"),
    Property("posts", "Posts", ("Person",), "The posts the documents attest, with their councils", match=False),
    Property("inspectionType", "Inspection type", ("Inspection",), "ILACS standard, SIF, focused visit ..."),
    Property("startDate", "Start date", ("Inspection",), "The date the inspection started (as precise as known)"),
    Property("endDate", "End date", ("Inspection",), "The date the inspection ended", match=False),
    Property("publishedDate", "Published", ("Inspection",), "The date the report was published", match=False),
)
PROPERTY_BY_ID = {p.id: p for p in PROPERTIES}

PROPERTY_SETTINGS = [
    {"type": "text", "name": "at", "label": "At date", "default": "",
     "help_text": "For post holders: the date (YYYY-MM-DD) to give the holder at; empty for the latest attested"},
    {"type": "number", "name": "limit", "label": "Limit", "default": 0,
     "help_text": "The most values to give per cell (0 for all)"},
]


def entity_id(iri: str) -> str:
    """'https://w3id.org/ofsted-kg/id/authority/E06000021' -> 'authority/E06000021'."""
    return iri[len(IDENTIFIER_SPACE):] if iri.startswith(IDENTIFIER_SPACE) else iri


def type_of(entity: str) -> str | None:
    head = entity.split("/", 1)[0]
    return {"authority": "Authority", "person": "Person", "inspection": "Inspection"}.get(head)


_ISO = re.compile(r"\b((?:19|20)\d{2})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?\b")


def dates_in(text: str) -> list[str]:
    """Partial ISO dates ('2019', '2019-02', '2019-02-04') a text gives, as precise as it writes them."""
    found = ["-".join(part for part in match.groups() if part) for match in _ISO.finditer(text)]
    if not any(len(value) == 10 for value in found):
        found += [d.first.value for d in find_dates(text) if d.first is not None and not d.relative]
    return list(dict.fromkeys(found))


def date_value(partial: str) -> dict[str, str]:
    """A partial date as a 0.2 data extension value: a full day as a date, a month or year as the string it is."""
    if len(partial) == 10:
        return {"date": f"{partial}T00:00:00"}
    return {"str": partial}


def dates_agree(stated: str, known: str) -> bool:
    """Whether two partial dates can be the same day: one is a prefix of the other."""
    return stated.startswith(known) or known.startswith(stated)
