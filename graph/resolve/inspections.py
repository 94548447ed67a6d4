"""Inspections: mentions clustered into real inspections, with stable keys, linked to the registers."""

from __future__ import annotations

import hashlib
from collections import defaultdict

from graph import registers
from graph.records import Extraction, InspectionMention, PartialDate
from graph.timeline import months_between, near, overlaps
from graph.resolve.model import (
    FULL_TYPES, PUBLICATION_LAG_MONTHS, REGISTER_MATCH_DAYS, VISIT_TYPES, Inspection, MentionRef,
)


def family(inspection_type: str | None) -> str:
    if inspection_type in (None, *FULL_TYPES):
        return "full"
    return inspection_type


def resolve_inspections(extractions: list[Extraction]) -> tuple[dict[str, Inspection], dict[MentionRef, str]]:
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
    if family(inspection.inspection_type or None) != family(mention.inspection_type):
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
    for preferred in (*FULL_TYPES, *VISIT_TYPES):  # each collection in its display order
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
            if family(record.inspection_type) == family(inspection.inspection_type) and \
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
