"""People, and who held a leadership post at each inspection."""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from graph import registers
from graph.records import (
    AuthorityMention, Evidence, Extraction, InspectionMention, OfficeHolding, PartialDate, RegisterRow, RoleFact,
)
from graph.timeline import months_between
from graph.resolve.model import (
    ATTESTATION_WINDOW_MONTHS, LEADERSHIP_ROLES, HolderConflict, Inspection, Person, RoleAtInspection,
)

# The rule a register row ties a holder to an inspection by (docs/office-holders.md).
REGISTER_RULE = "register-tenure-covers-visit"


def resolve_people(extractions: list[Extraction], holdings: Sequence[OfficeHolding] = ()
                   ) -> tuple[dict[str, Person], dict[tuple[str, int], str], dict[RegisterRow, str]]:
    """One person per full name and council; the same name at two councils is two people.

    Office-holder register rows name people by the same rule, so a row and a
    document about one person at one council give one person.
    """
    contexts: dict[str, set[str]] = defaultdict(set)
    facts = [(ext.document.source, f) for ext in extractions for f in ext.facts if isinstance(f, RoleFact)]
    for _source, fact in facts:
        contexts[registers.person_slug(fact.name)].add(_context_of(fact))
    for holding in holdings:
        contexts[registers.person_slug(holding.name)].add(holding.authority)

    def key_of(name: str, context: str) -> str:
        slug = registers.person_slug(name)
        councils = {c for c in contexts[slug] if c.startswith("E")}
        return f"{slug}-{context}" if len(councils) > 1 and context.startswith("E") else slug

    persons: dict[str, Person] = {}
    person_of: dict[tuple[str, int], str] = {}
    for source, fact in facts:
        key = key_of(fact.name, _context_of(fact))
        mp = registers.mp_by_name(fact.name) if fact.role == "member-of-parliament" else None
        persons.setdefault(key, Person(key=key, name=fact.name, mp=mp))
        person_of[(source, fact.evidence.start)] = key
    person_of_row: dict[RegisterRow, str] = {}
    for holding in holdings:
        key = key_of(holding.name, holding.authority)
        persons.setdefault(key, Person(key=key, name=holding.name))
        person_of_row[holding.row] = key
    return persons, person_of, person_of_row


def _context_of(fact: RoleFact) -> str:
    return fact.authority or registers.person_slug(fact.organisation or "unknown")


def authorities_of(ext: Extraction) -> set[str]:
    return {f.gss_code for f in ext.facts if isinstance(f, AuthorityMention)} | \
        {f.authority for f in ext.facts if isinstance(f, RoleFact) and f.authority}


# --- who held a post at each inspection ----------------------------------------------------

def roles_at_inspections(extractions, inspections, mention_map, person_of) -> list[RoleAtInspection]:
    found: dict[tuple[str, str], list[tuple[int, str, Evidence, str]]] = defaultdict(list)
    for ext in extractions:
        source = ext.document.source
        primary = next((m for m in ext.facts if isinstance(m, InspectionMention) and m.primary), None)
        reported = mention_map.get((source, primary.key)) if primary else None
        for fact in ext.facts:
            if not isinstance(fact, RoleFact) or fact.role not in LEADERSHIP_ROLES or not fact.authority:
                continue
            person = person_of[(source, fact.evidence.start)]
            for inspection in inspections.values():
                if inspection.authority != fact.authority:
                    continue
                rule = _tie(inspection, reported, fact)
                if rule:
                    rank = 0 if rule == "reported-in-same-document" else 1
                    found[(inspection.key, fact.role)].append((rank, person, fact.evidence, rule))
    return [row for (inspection, role), candidates in sorted(found.items())
            for row in _settle(inspection, role, candidates)]


def _tie(inspection: Inspection, reported: str | None, fact: RoleFact) -> str | None:
    if reported == inspection.key:
        return "reported-in-same-document"
    gap = months_between(inspection.start, fact.attested) if inspection.start and fact.attested else None
    if gap is not None and 0 <= gap <= ATTESTATION_WINDOW_MONTHS:
        return "attested-within-window"
    return None


def _settle(inspection: str, role: str, candidates) -> list[RoleAtInspection]:
    """The holders the strongest evidence names; two people tied both stay, so the conflict shows."""
    best_rank = min(c[0] for c in candidates)
    best = [c for c in candidates if c[0] == best_rank]
    rows = []
    for person in sorted({c[1] for c in best}):
        evidence = tuple(sorted({c[2] for c in best if c[1] == person}, key=lambda e: (e.source, e.start)))
        rows.append(RoleAtInspection(inspection, role, person, evidence, best[0][3]))
    return rows


# --- office-holder registers: second to the documents ---------------------------------------

def register_roles_at_inspections(holdings: Sequence[OfficeHolding], inspections: dict[str, Inspection],
                                  person_of_row: dict[RegisterRow, str], documented: list[RoleAtInspection]
                                  ) -> tuple[list[RoleAtInspection], list[HolderConflict]]:
    """Holders register rows tie to inspections no document ties anyone to, and the disagreements.

    A row ties its holder to an inspection of its council when its tenure
    certainly covers the day the visit began (at the precision both have: a
    tenure from 2019-05 does not cover a visit in 2019). Where documents tie
    someone to that post at that inspection they stand: a row naming someone
    else is a conflict, both kept; it never replaces them.
    """
    stated: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in documented:
        stated[(row.inspection, row.role)].add(row.person)
    found: dict[tuple[str, str], dict[str, list[RegisterRow]]] = defaultdict(lambda: defaultdict(list))
    for holding in holdings:
        if holding.role not in LEADERSHIP_ROLES:
            continue
        for inspection in inspections.values():
            if inspection.authority == holding.authority and inspection.start \
                    and tenure_covers(holding.start, holding.end, inspection.start):
                found[(inspection.key, holding.role)][person_of_row[holding.row]].append(holding.row)
    rows, conflicts = [], []
    for (inspection, role), by_person in sorted(found.items()):
        documents = stated.get((inspection, role))
        if documents:
            others = sorted(set(by_person) - documents)
            if others:
                grounds = tuple(sorted({r for person in others for r in by_person[person]},
                                       key=lambda r: (r.register, r.line)))
                conflicts.append(HolderConflict(inspection, role, tuple(sorted(documents)), tuple(others), grounds))
            continue
        for person in sorted(by_person):
            grounds = tuple(sorted(set(by_person[person]), key=lambda r: (r.register, r.line)))
            rows.append(RoleAtInspection(inspection, role, person, (), REGISTER_RULE, grounds))
    return rows, conflicts


def tenure_covers(start: PartialDate | None, end: PartialDate | None, when: PartialDate) -> bool:
    """Whether a tenure [start, end] (end None: still in post) certainly includes the date `when`."""
    if start is None or _last_day(start) > _first_day(when):
        return False
    return end is None or _first_day(end) >= _last_day(when)


def _first_day(value: PartialDate) -> date:
    return date(value.year, value.month or 1, int(value.value[8:10]) if value.precision == "day" else 1)


def _last_day(value: PartialDate) -> date:
    if value.precision == "day":
        return date.fromisoformat(value.value)
    month = value.month or 12
    return date(value.year, month, calendar.monthrange(value.year, month)[1])
