"""What resolution produces: inspections, people, bounds and post holders with stable keys, and its thresholds."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph import concepts, registers
from graph.records import Evidence, InspectionMention, OfficeHolding, PartialDate, RegisterRow


# The graded inspections of the whole service (what an unqualified "inspection" can mean), the ones a
# "full inspection" can mean (SIF, ILACS standard), and the ungraded visits (SKOS collections of the ontology).
GRADED_TYPES = concepts.members("inspection-type/graded")
FULL_TYPES = concepts.members("inspection-type/full")
VISIT_TYPES = concepts.members("inspection-type/visit")
# How long after an inspection's visit its report is published, at most; news dates an
# inspection by the month its judgement came out (GLOSSARY.md).
PUBLICATION_LAG_MONTHS = 4
# An attestation dated within this many months after an inspection's visit counts as
# holding the post at that inspection (the leader-at-inspection rule, docs/resolution.md).
ATTESTATION_WINDOW_MONTHS = 3
# A document and the register may disagree on the day an inspection began by a few days
# (a typo, or the first day on site against the day of notice); weeks apart is another event.
REGISTER_MATCH_DAYS = 10
# The posts whose holders are tied to the inspections held while they were in post (a SKOS collection).
LEADERSHIP_ROLES = concepts.members("role/leadership")

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
    # (kg: property, one source's value, another's) where the documents disagree; both are kept
    stated_conflicts: list[tuple[str, PartialDate, PartialDate]] = field(default_factory=list)

    @property
    def when(self) -> PartialDate | None:
        return self.start or self.published


@dataclass(frozen=True)
class Merge:
    """A mention resolved to an inspection: by which rule, on which facts (derived graph)."""

    mention: MentionRef
    evidence: Evidence  # the mention's own span
    inspection: str
    rule: str
    facts: tuple[Evidence, ...] = ()  # the spans the rule read besides the mention (dates, bounds)
    inspections: tuple[str, ...] = ()  # the inspections the rule read (bounds, the document's own)
    register_record: registers.OfficialInspection | None = None


@dataclass
class UnresolvedMention:
    """A mention of an event the evidence ties to no one inspection: several fit, or none."""

    key: str  # IRI slug: {source path}/{evidence start}
    ref: MentionRef
    authority: str
    mention: InspectionMention
    reason: str  # "ambiguous" (several candidates) | "no-candidate"
    candidates: tuple[str, ...] = ()
    facts: tuple[Evidence, ...] = ()


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
    register_rows: tuple[RegisterRow, ...] = ()  # the office-holder rows it rests on, when no document ties anyone

    @property
    def basis(self) -> str:
        return "register" if self.register_rows else "document"


@dataclass(frozen=True)
class HolderConflict:
    """Documents tie `stated` to a post at an inspection; office-holder rows name `registered` instead."""

    inspection: str
    role: str
    stated: tuple[str, ...]  # person keys the documents tie
    registered: tuple[str, ...]  # person keys the register rows name that the documents do not
    rows: tuple[RegisterRow, ...]


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
    # office-holder registers (--register): their rows, whose person each names, and where they disagree
    office_holdings: tuple[OfficeHolding, ...] = ()
    person_of_row: dict[RegisterRow, str] = field(default_factory=dict)
    holder_conflicts: list[HolderConflict] = field(default_factory=list)
    unresolved: dict[MentionRef, UnresolvedMention] = field(default_factory=dict)
    merges: list[Merge] = field(default_factory=list)
