"""The events a document names besides its own: phrases grouped into one mention per event named.

Several phrases may name one event ("a focused visit in 2018" on the front page, "the focused
visit in April 2018" in the body). Phrases that identify their event (a date, a publication
date, an ordinal) are grouped first; an undated phrase ("the last inspection", "since that
inspection") then joins the one group it fits, or, where several fit, the one named just before
it; otherwise it stays a mention of its own, for resolution to place (docs/resolution.md).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from graph import concepts
from graph.dates import FoundDate
from graph.extract.base import Annotated, evidence
from graph.extract.inspection_rules import FULL, OLDER_FRAMEWORK, Event, framework_at, rules
from graph.records import InspectionMention, PartialDate

# The types a phrase worded as a full inspection can name (ontology/concepts.ttl).
FULL_COLLECTION = "inspection-type/full"

# The ungraded visits, never the same event as a full inspection (a SKOS collection of the ontology).
VISIT_TYPES = frozenset(concepts.members("inspection-type/visit"))

# How far before an undated phrase the event it refers back to may be named: "the last inspection
# in 2019, when services were judged inadequate"; "last inspected in September 2018 ... Since that
# inspection, ..." (a sentence or two).
REFERS_BACK_CHARS = 300


def merged_others(doc: Annotated, events: list[Event], primary: InspectionMention | None,
                  authority: str | None) -> list[tuple[InspectionMention, bool]]:
    """Past events, one mention per event named; with each, whether 'since' orders it."""
    events = [_numbered_against(e, primary) for e in events]
    groups: list[list[Event]] = []
    for event in (e for e in events if _identifies(e)):
        group = next((g for g in groups if _fits(g, event)), None)
        if group is None:
            groups.append([event])
        else:
            group.append(event)
    identified = list(groups)
    for event in (e for e in events if not _identifies(e)):
        group = _referred_to(identified, event) or next(
            (g for g in groups if g not in identified and _fits(g, event)), None)
        if group is None:
            groups.append([event])
        else:
            group.append(event)
    groups.sort(key=lambda g: min(e.start for e in g))
    return [(_mention(doc, f"event-{index}", group, authority), any(e.since for e in group))
            for index, group in enumerate(groups, start=1)]


def _identifies(event: Event) -> bool:
    return event.date is not None or event.published is not None or event.ordinal is not None


def _fits(group: list[Event], event: Event) -> bool:
    return all(compatible(e, event) for e in group)


def _referred_to(groups: list[list[Event]], event: Event) -> list[Event] | None:
    """The one identified event an undated phrase fits; of several, the one named just before it."""
    fitting = [g for g in groups if _fits(g, event)]
    if len(fitting) == 1:
        return fitting[0]
    before = [(max(e.end for e in g if e.end <= event.start), g) for g in fitting
              if any(e.end <= event.start for e in g)]
    if not before:
        return None
    end, group = max(before, key=lambda pair: pair[0])
    return group if event.start - end <= REFERS_BACK_CHARS else None


def _numbered_against(event: Event, primary: InspectionMention | None) -> Event:
    """'the last monitoring visit' in the letter on the n-th visit is visit n-1."""
    if (primary and primary.ordinal and event.type == primary.inspection_type and event.previous
            and event.ordinal is None):
        return replace(event, ordinal=primary.ordinal - 1)
    return event


def _mention(doc: Annotated, key: str, group: list[Event], authority: str | None) -> InspectionMention:
    first = min(group, key=lambda e: e.start)
    dated = _most_precise(e.date for e in group)
    published = _most_precise(e.published for e in group)
    typed = next((e.type for e in group if e.type not in (None, FULL)), None) or \
        next((e.type for e in group if e.type), None)
    when = dated.first if dated and dated.first else _publication_year(published)
    return InspectionMention(
        key=key, authority=authority, inspection_type=typed_by_date(typed, when),
        evidence=evidence(doc, first.start, first.end),
        start=dated.first if dated else None, end=dated.last if dated and dated.is_range else None,
        month=dated.month if dated and dated.first is None else None,
        published=published.first if published else None,
        ordinal=next((e.ordinal for e in group if e.ordinal), None),
        grade_hint=next((e.grade for e in group if e.grade), None),
        previous=any(e.previous for e in group),
        fits=FULL_COLLECTION if any(e.full for e in group) else None,
        date_evidence=evidence(doc, dated.start, dated.end) if dated else None,
        published_evidence=evidence(doc, published.start, published.end) if published else None,
    )


def _most_precise(found: Iterator[FoundDate | None]) -> FoundDate | None:
    """Of the dates the phrases naming one event give, the most precise (the first of equals):
    "a focused visit in 2018" and "a focused visit in April 2018" name April 2018."""
    dates = [d for d in found if d is not None]
    if not dates:
        return None
    return max(dates, key=lambda d: (len(d.first.value) if d.first else 0, -d.start))


def _publication_year(published: FoundDate | None) -> PartialDate | None:
    """A report published in the year a framework began may be of either framework: no year to type it by."""
    if published is None or published.first is None \
            or published.first.year in (rules().sif_from.year, rules().ilacs_from_year):
        return None
    return published.first.truncate("year")


def typed_by_date(event_type: str | None, when: PartialDate | None) -> str | None:
    """A full inspection is of the framework in use at its date, if the date settles one; an event of no
    stated kind before the SIF began is `other` too (an older framework's inspection, or another kind)."""
    if event_type not in (None, FULL):
        return event_type
    framework = framework_at(when) if when is not None else None
    if event_type is None:
        return framework if framework == OLDER_FRAMEWORK else None
    return framework


def compatible(a: Event, b: Event) -> bool:
    """Two phrases may name one event: types, ordinals and dates do not disagree."""
    if a.type not in (None, FULL) and b.type not in (None, FULL) and a.type != b.type:
        return False
    if FULL in (a.type, b.type) and {a.type, b.type} & VISIT_TYPES:
        return False
    if a.ordinal and b.ordinal and a.ordinal != b.ordinal:
        return False
    return _dates_agree(a.date, b.date) and _dates_agree(a.published, b.published) \
        and _dates_agree(a.date, b.published, same_year_only=True) \
        and _dates_agree(a.published, b.date, same_year_only=True)


def _dates_agree(a: FoundDate | None, b: FoundDate | None, same_year_only: bool = False) -> bool:
    if a is None or b is None:
        return True
    if a.first is None or b.first is None:
        return a.month is None or b.month is None or a.month == b.month or same_year_only
    if same_year_only:
        return a.first.year == b.first.year
    shorter = min(len(a.first.value), len(b.first.value))
    return a.first.value[:shorter] == b.first.value[:shorter]
