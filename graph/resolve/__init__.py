"""Stage 3, resolve: one identity per real thing across all documents.

Mentions become inspections, people, role holdings and councils with stable
keys; cross-document reasoning (which mention names which inspection, what
bounds an undated event, who led the council at an inspection) happens here
and nowhere else. The rules are written out in docs/resolution.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from graph.records import DocumentFact, Extraction, InspectionMention, JudgementFact, OfficeHolding
from graph.resolve.model import (
    Bound, HolderConflict, Inspection, MentionRef, Merge, Person, Resolution, RoleAtInspection, UnresolvedMention,
)
from graph.resolve.bounds import temporal_bounds
from graph.resolve.inspections import resolve_inspections
from graph.resolve.people import (
    authorities_of, register_roles_at_inspections, resolve_people, roles_at_inspections,
)

__all__ = ["Bound", "HolderConflict", "Inspection", "MentionRef", "Merge", "Person", "Resolution",
           "RoleAtInspection", "UnresolvedMention", "resolve"]


def resolve(extractions: list[Extraction], office_holdings: Sequence[OfficeHolding] = ()) -> Resolution:
    """Give every mention its real-world identity; office-holder register rows come second to documents."""
    found = resolve_inspections(extractions)
    inspections, mention_map = found.inspections, found.mention_map
    bounds = temporal_bounds(extractions, inspections, mention_map)
    persons, person_of, person_of_row = resolve_people(extractions, office_holdings)
    roles = roles_at_inspections(extractions, inspections, mention_map, person_of)
    registered, holder_conflicts = register_roles_at_inspections(office_holdings, inspections, person_of_row, roles)
    authorities = {a for ext in extractions for a in authorities_of(ext)}
    authorities |= {i.authority for i in inspections.values()}
    authorities |= {h.authority for h in office_holdings}
    conflicts = _conflicting_judgements(extractions, mention_map)
    publication = _publication_bounds(extractions, inspections, mention_map)
    return Resolution(inspections, mention_map, persons, person_of, bounds, roles + registered, authorities,
                      conflicts, publication, tuple(office_holdings), person_of_row, holder_conflicts,
                      found.unresolved, found.merges)


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
