"""Stage 3, resolve: one identity per real thing across all documents.

Mentions become inspections, people, role holdings and councils with stable
keys; cross-document reasoning (which mention names which inspection, what
bounds an undated event, who led the council at an inspection) happens here
and nowhere else. The rules are written out in docs/resolution.md.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from graph import registers
from graph.records import (
    AuthorityMention, DocumentFact, Evidence, Extraction, InspectionMention, JudgementFact, PartialDate, RoleFact,
)
from graph.timeline import months_between, near, overlaps, precedes

FULL_TYPES = frozenset({"sif", "ilacs-standard", "ilacs-short"})
# How long after an inspection's visit its report is published, at most; news dates an
# inspection by the month its judgement came out (GLOSSARY.md).
PUBLICATION_LAG_MONTHS = 4
# An attestation dated within this many months after an inspection's visit counts as
# holding the post at that inspection (the leader-at-inspection rule, docs/resolution.md).
ATTESTATION_WINDOW_MONTHS = 3
# A document and the register may disagree on the day an inspection began by a few days
# (a typo, or the first day on site against the day of notice); weeks apart is another event.
REGISTER_MATCH_DAYS = 10
LEADERSHIP_ROLES = ("council-leader", "director-of-childrens-services", "lead-member-for-children",
                    "chief-executive", "mayor")

MentionRef = tuple[str, str]  # (source, mention key)


@dataclass
class Inspection:
    """A real inspection: the mentions that name it and what they agree on."""

    key: str
    authority: str
    inspection_type: str
    mentions: list[InspectionMention] = field(default_factory=list)
    start: PartialDate | None = None
    end: PartialDate | None = None
    published: PartialDate | None = None
    ordinal: int | None = None
    register_record: registers.OfficialInspection | None = None
    # (kg: property, the documents' value, the register's value) where they disagree
    conflicts: list[tuple[str, PartialDate, PartialDate]] = field(default_factory=list)

    @property
    def when(self) -> PartialDate | None:
        return self.start or self.published


@dataclass(frozen=True)
class Bound:
    """`subject` happened after (or before) `other`, as `evidence` states or implies."""

    subject: str
    relation: str  # "after" | "before"
    other: str
    evidence: Evidence
    rule: str


@dataclass(frozen=True)
class Person:
    key: str  # the IRI slug
    name: str
    mp: registers.MpRecord | None = None


@dataclass(frozen=True)
class RoleAtInspection:
    inspection: str
    role: str
    person: str
    attestations: tuple[Evidence, ...]
    rule: str


@dataclass
class Resolution:
    inspections: dict[str, Inspection]
    mention_to_inspection: dict[MentionRef, str]
    persons: dict[str, Person]
    person_of: dict[tuple[str, int], str]  # (source, RoleFact evidence start) -> person key
    bounds: list[Bound]
    roles_at_inspection: list[RoleAtInspection]
    authorities: set[str]
    conflicting_judgements: set[tuple[str, str]]  # (inspection, area) that sources grade differently
    publication_bounds: dict[str, str]  # undated document's source -> the latest inspection it names


def resolve(extractions: list[Extraction]) -> Resolution:
    """Give every mention its real-world identity."""
    inspections, mention_map = _resolve_inspections(extractions)
    bounds = _bounds(extractions, inspections, mention_map)
    persons, person_of = _resolve_people(extractions)
    roles = _roles_at_inspections(extractions, inspections, mention_map, person_of)
    authorities = {a for ext in extractions for a in _authorities_of(ext)}
    authorities |= {i.authority for i in inspections.values()}
    conflicts = _conflicting_judgements(extractions, mention_map)
    publication = _publication_bounds(extractions, inspections, mention_map)
    return Resolution(inspections, mention_map, persons, person_of, bounds, roles, authorities, conflicts,
                      publication)


def _publication_bounds(extractions, inspections: dict[str, Inspection], mention_map) -> dict[str, str]:
    """A document that gives no date appeared after the latest dated inspection it names."""
    bounds = {}
    for ext in extractions:
        if any(isinstance(f, DocumentFact) and f.field_name == "published" for f in ext.facts):
            continue
        named = {mention_map.get((ext.document.source, m.key)) for m in ext.facts if isinstance(m, InspectionMention)}
        dated = [inspections[key] for key in named if key and inspections[key].when is not None]
        if dated:
            bounds[ext.document.source] = max(dated, key=lambda i: i.when.value).key
    return bounds


def _conflicting_judgements(extractions: list[Extraction], mention_map) -> set[tuple[str, str]]:
    grades: dict[tuple[str, str], set[str]] = defaultdict(set)
    for ext in extractions:
        for fact in ext.facts:
            if isinstance(fact, JudgementFact):
                key = mention_map.get((ext.document.source, fact.inspection))
                if key:
                    grades[(key, fact.area)].add(fact.grade)
    return {pair for pair, found in grades.items() if len(found) > 1}


# --- inspections ---------------------------------------------------------------------------


def _family(inspection_type: str | None) -> str:
    if inspection_type in (None, *FULL_TYPES):
        return "full"
    return inspection_type


def _resolve_inspections(extractions: list[Extraction]) -> tuple[dict[str, Inspection], dict[MentionRef, str]]:
    by_authority: dict[str, list[tuple[str, InspectionMention]]] = defaultdict(list)
    for ext in extractions:
        for mention in ext.facts:
            if isinstance(mention, InspectionMention) and mention.authority:
                by_authority[mention.authority].append((ext.document.source, mention))
    inspections: dict[str, Inspection] = {}
    mention_map: dict[MentionRef, str] = {}
    for authority in sorted(by_authority):
        for inspection, refs in _cluster(authority, by_authority[authority]):
            inspections[inspection.key] = inspection
            for ref in refs:
                mention_map[ref] = inspection.key
    _link_registers(inspections)
    return inspections, mention_map


def _cluster(authority: str, mentions: list[tuple[str, InspectionMention]]):
    """Group one council's mentions into inspections, most precise evidence first."""
    clusters: list[tuple[Inspection, list[MentionRef]]] = []
    ordered = sorted(mentions, key=lambda sm: _specificity(sm[1]), reverse=True)
    for source, mention in ordered:
        match = _find_cluster(clusters, mention)
        if match is None:
            match = (Inspection(key="", authority=authority, inspection_type=mention.inspection_type or ""), [])
            clusters.append(match)
        _absorb(match[0], mention)
        match[1].append((source, mention.key))
    for inspection, refs in clusters:
        inspection.inspection_type = _settled_type(inspection)
        inspection.key = _inspection_key(inspection, refs)
    return clusters


def _specificity(mention: InspectionMention) -> tuple:
    precision = {"day": 3, "month": 2, "year": 1}
    start = precision[mention.start.precision] if mention.start else 0
    published = precision[mention.published.precision] if mention.published else 0
    return (start, published, mention.primary, mention.inspection_type is not None, mention.ordinal or 0)


def _find_cluster(clusters, mention: InspectionMention):
    """The one inspection this mention can name; none when it is ambiguous or undatable."""
    if mention.start is None and mention.published is None and mention.month is None and mention.ordinal is None:
        return None
    candidates = [c for c in clusters if _compatible(c[0], mention)]
    return candidates[0] if len(candidates) == 1 else None


def _compatible(inspection: Inspection, mention: InspectionMention) -> bool:
    if _family(inspection.inspection_type or None) != _family(mention.inspection_type):
        return False
    if mention.ordinal and inspection.ordinal and mention.ordinal != inspection.ordinal:
        return False
    if mention.grade_hint and not _grade_consistent(inspection, mention.grade_hint):
        return False
    if mention.start:
        return inspection.start is not None and overlaps(mention.start, inspection.start, mention.end, inspection.end)
    if mention.published:
        if inspection.published:
            return overlaps(mention.published, inspection.published)
        lag = months_between(inspection.start, mention.published) if inspection.start else None
        return lag is not None and 0 <= lag <= PUBLICATION_LAG_MONTHS
    if mention.month:
        return inspection.start is not None and inspection.start.month == mention.month
    if mention.ordinal:
        return inspection.ordinal == mention.ordinal
    return False


def _grade_consistent(inspection: Inspection, grade: str) -> bool:
    hints = {m.grade_hint for m in inspection.mentions if m.grade_hint}
    return not hints or grade in hints


def _absorb(inspection: Inspection, mention: InspectionMention) -> None:
    inspection.mentions.append(mention)
    inspection.start = _more_precise(inspection.start, mention.start)
    inspection.end = _more_precise(inspection.end, mention.end)
    inspection.published = _more_precise(inspection.published, mention.published)
    inspection.ordinal = inspection.ordinal or mention.ordinal


def _more_precise(current: PartialDate | None, new: PartialDate | None) -> PartialDate | None:
    if current is None:
        return new
    if new is None or len(new.value) <= len(current.value):
        return current
    return new if new.value.startswith(current.value) else current


def _settled_type(inspection: Inspection) -> str:
    """The type the inspection's own report or letter states; else the most specific one named."""
    reported = [m.inspection_type for m in inspection.mentions if m.primary and m.inspection_type]
    if reported:
        return min(reported)  # mentions that report the inspection agree; min() keeps it deterministic
    named = [m.inspection_type for m in inspection.mentions if m.inspection_type]
    for preferred in ("ilacs-standard", "ilacs-short", "sif", "focused-visit", "monitoring-visit", "jtai"):
        if preferred in named:
            return preferred
    when = inspection.when
    if when is None:
        return "other"
    return "sif" if when.year < 2018 else "ilacs-standard"


def _inspection_key(inspection: Inspection, refs: list[MentionRef]) -> str:
    base = f"{inspection.authority}/{inspection.inspection_type}"
    if inspection.start:
        return f"{base}/{inspection.start.value}"
    if inspection.published:
        return f"{base}/published-{inspection.published.value}"
    if inspection.ordinal:
        return f"{base}/number-{inspection.ordinal}"
    source, key = min(refs)
    return f"{base}/undated-{_short_hash(source + '#' + key)}"


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def _link_registers(inspections: dict[str, Inspection]) -> None:
    """Attach Ofsted's official record where one matches; flag where it disagrees."""
    official = defaultdict(list)
    for record in registers.official_inspections():
        official[record.gss_code].append(record)
    for inspection in inspections.values():
        if inspection.start is None:
            continue
        for record in official.get(inspection.authority, ()):
            record_start = PartialDate(record.start_date)
            if _family(record.inspection_type) == _family(inspection.inspection_type) and \
                    near(inspection.start, record_start, REGISTER_MATCH_DAYS):
                inspection.register_record = record
                _flag_conflicts(inspection, record)
                break


def _flag_conflicts(inspection: Inspection, record: registers.OfficialInspection) -> None:
    """Where the documents give a day and the register another, keep both and say so."""
    for prop, ours, theirs in (("startDate", inspection.start, record.start_date),
                               ("publishedDate", inspection.published, record.published_date)):
        if ours is not None and theirs and ours.precision == "day" and ours.value != theirs:
            inspection.conflicts.append((prop, ours, PartialDate(theirs)))


# --- temporal bounds -------------------------------------------------------------------------


def _bounds(extractions, inspections: dict[str, Inspection], mention_map) -> list[Bound]:
    bounds: list[Bound] = []
    for ext in extractions:
        source = ext.document.source
        for mention in ext.facts:
            if not isinstance(mention, InspectionMention):
                continue
            subject = mention_map.get((source, mention.key))
            if subject is None:
                continue
            for relation, other_key in (("after", mention.after), ("before", mention.before)):
                other = mention_map.get((source, other_key)) if other_key else None
                if other and other != subject:
                    bounds.append(Bound(subject, relation, other, mention.evidence, "stated"))
                    if relation == "after":
                        bounds.extend(_next_inspection_bound(subject, other, inspections, mention.evidence))
    bounds.extend(_ordinal_bounds(inspections))
    return sorted(set(bounds), key=lambda b: (b.subject, b.relation, b.other, b.evidence.source, b.evidence.start))


def _next_inspection_bound(subject: str, previous: str, inspections, evidence: Evidence) -> list[Bound]:
    """An event that follows 'the last inspection' came before the next full inspection."""
    before = inspections[previous]
    this = inspections[subject]
    if this.when is not None or _family(before.inspection_type) != "full" or before.when is None:
        return []
    later = [i for i in inspections.values()
             if i.authority == this.authority and _family(i.inspection_type) == "full"
             and i.key not in (subject, previous) and i.when and precedes(before.when, i.when)]
    if not later:
        return []
    nearest = min(later, key=lambda i: i.when.value)
    return [Bound(subject, "before", nearest.key, evidence, "last-inspection-implies-before-next")]


def _ordinal_bounds(inspections: dict[str, Inspection]) -> list[Bound]:
    """The n-th monitoring visit came before the (n+1)-th of the same series."""
    series = defaultdict(dict)
    for inspection in inspections.values():
        if inspection.ordinal and inspection.inspection_type == "monitoring-visit":
            series[inspection.authority][inspection.ordinal] = inspection
    bounds = []
    for visits in series.values():
        for number, visit in visits.items():
            following = visits.get(number + 1)
            if following:
                mention = next(m for m in visit.mentions if m.ordinal == number)
                bounds.append(Bound(visit.key, "before", following.key, mention.evidence, "ordinal-order"))
    return bounds


# --- people --------------------------------------------------------------------------------


def _resolve_people(extractions: list[Extraction]) -> tuple[dict[str, Person], dict[tuple[str, int], str]]:
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


def _authorities_of(ext: Extraction) -> set[str]:
    return {f.gss_code for f in ext.facts if isinstance(f, AuthorityMention)} | \
        {f.authority for f in ext.facts if isinstance(f, RoleFact) and f.authority}


# --- who held a post at each inspection ----------------------------------------------------


def _roles_at_inspections(extractions, inspections, mention_map, person_of) -> list[RoleAtInspection]:
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
