"""People, and who held a leadership post at each inspection."""

from __future__ import annotations

from collections import defaultdict

from graph import registers
from graph.records import AuthorityMention, Evidence, Extraction, InspectionMention, RoleFact
from graph.timeline import months_between
from graph.resolve.model import (
    ATTESTATION_WINDOW_MONTHS, LEADERSHIP_ROLES, Inspection, Person, RoleAtInspection,
)


def resolve_people(extractions: list[Extraction]) -> tuple[dict[str, Person], dict[tuple[str, int], str]]:
    """One person per full name and council; the same name at two councils is two people."""
    contexts: dict[str, set[str]] = defaultdict(set)
    facts = [(ext.document.source, f) for ext in extractions for f in ext.facts if isinstance(f, RoleFact)]
    for _source, fact in facts:
        contexts[registers.person_slug(fact.name)].add(_context_of(fact))
    persons: dict[str, Person] = {}
    person_of: dict[tuple[str, int], str] = {}
    for source, fact in facts:
        slug = registers.person_slug(fact.name)
        councils = {c for c in contexts[slug] if c.startswith("E")}
        key = f"{slug}-{_context_of(fact)}" if len(councils) > 1 and _context_of(fact).startswith("E") else slug
        mp = registers.mp_by_name(fact.name) if fact.role == "member-of-parliament" else None
        persons.setdefault(key, Person(key=key, name=fact.name, mp=mp))
        person_of[(source, fact.evidence.start)] = key
    return persons, person_of


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
