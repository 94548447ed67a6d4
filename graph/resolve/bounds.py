"""Temporal bounds: what an undated event happened after or before, as the documents state or imply."""

from __future__ import annotations

from collections import defaultdict

from graph.records import Evidence, InspectionMention
from graph.timeline import precedes
from graph.resolve.clusters import family
from graph.resolve.model import Bound, Inspection


def temporal_bounds(extractions, inspections: dict[str, Inspection], mention_map) -> list[Bound]:
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
    if this.when is not None or family(before.inspection_type) != "graded" or before.when is None:
        return []
    later = [i for i in inspections.values()
             if i.authority == this.authority and family(i.inspection_type) == "graded"
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
