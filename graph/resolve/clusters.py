"""Inspections in the making: the clusters the three passes build, and how a mention joins one.

Every pass of graph.resolve.inspections (identify, backbone, earlier) works on the
same objects: a `Cluster` is an inspection still without its key, with the mentions
it holds and the types it may yet be; a `Pending` is a merge recorded before the
keys exist. Joining a mention narrows the cluster's types and settles its dates at
the most precise one stated, recording the dates the documents dispute.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph import concepts, registers
from graph.extract.inspection_rules import OLDER_FRAMEWORK, framework_at
from graph.records import Evidence, InspectionMention, PartialDate
from graph.resolve.model import GRADED_TYPES, Inspection, MentionRef
from graph.timeline import overlaps


def family(inspection_type: str | None) -> str:
    if inspection_type in (None, *GRADED_TYPES):
        return "graded"
    return inspection_type


def type_options(mention: InspectionMention) -> frozenset[str]:
    """The inspection types a mention can name.

    A visit or an `other` event is its own type. A document's own inspection may be
    any graded type (a report is typed by its days on site, news by its year). A mention
    worded as a "full inspection" is SIF or ILACS standard; a "short inspection" ILACS
    short; an unqualified "inspection" any graded type. A full or unqualified one that may
    have come before the SIF began (undated, or dated 2013) may also be an older framework's.
    """
    kind = mention.inspection_type
    if kind is not None and kind not in GRADED_TYPES:
        return frozenset({kind})
    if mention.primary:
        return frozenset(GRADED_TYPES)
    if kind == "ilacs-short" and not mention.fits:
        return frozenset({kind})
    options = frozenset(concepts.members(mention.fits) if mention.fits else GRADED_TYPES)
    return options | {OLDER_FRAMEWORK} if _may_precede_sif(mention) else options


def _may_precede_sif(mention: InspectionMention) -> bool:
    when = mention.start or mention.published
    return when is None or framework_at(when) in (None, OLDER_FRAMEWORK)


@dataclass(eq=False)
class Cluster:
    inspection: Inspection
    refs: list[MentionRef] = field(default_factory=list)
    types: frozenset[str] = frozenset()
    merged_into: Cluster | None = None

    @property
    def when(self) -> PartialDate | None:
        return self.inspection.when


@dataclass
class Pending:
    """A merge before the inspections have keys."""

    ref: MentionRef
    mention: InspectionMention
    cluster: Cluster
    rule: str
    facts: tuple[Evidence, ...] = ()
    read: tuple[Cluster, ...] = ()
    record: registers.OfficialInspection | None = None


def final(cluster: Cluster) -> Cluster:
    while cluster.merged_into is not None:
        cluster = cluster.merged_into
    return cluster


def add_mention(cluster: Cluster, ref: MentionRef, mention: InspectionMention) -> None:
    """The types an inspection may be narrow with each mention; a report or letter's own word decides."""
    cluster.refs.append(ref)
    _absorb(cluster.inspection, mention)
    primaries = [m for m in cluster.inspection.mentions if m.primary]
    if primaries:
        cluster.types = frozenset().union(*(type_options(m) for m in primaries))
    elif len(cluster.inspection.mentions) > 1:
        cluster.types = cluster.types & type_options(mention)
    else:
        cluster.types = type_options(mention)


def _absorb(inspection: Inspection, mention: InspectionMention) -> None:
    inspection.mentions.append(mention)
    span = (inspection.start, inspection.end)
    for prop, attr in (("startDate", "start"), ("endDate", "end"), ("publishedDate", "published")):
        current, new = getattr(inspection, attr), getattr(mention, attr)
        setattr(inspection, attr, _more_precise(current, new))
        if current and new and not _agree(current, new) and not (attr != "published" and span[0] and overlaps(
                new, span[0], None, span[1])):
            inspection.stated_conflicts.append((prop, current, new))
    inspection.ordinal = inspection.ordinal or mention.ordinal


def _agree(a: PartialDate, b: PartialDate) -> bool:
    """Two statements of one date agree when one is the other at a lower precision."""
    return a.value.startswith(b.value) or b.value.startswith(a.value)


def _more_precise(current: PartialDate | None, new: PartialDate | None) -> PartialDate | None:
    if current is None:
        return new
    if new is None or len(new.value) <= len(current.value):
        return current
    return new if new.value.startswith(current.value) else current


def date_facts(mention: InspectionMention) -> tuple[Evidence, ...]:
    return tuple(e for e in (mention.date_evidence, mention.published_evidence) if e)
