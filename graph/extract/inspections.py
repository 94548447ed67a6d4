"""Extraction component: the inspections a document names, and their judgements.

An Ofsted report or letter reports on the inspection its template heading
names (dates from its front matter, grades from its grade table). A news
story reports on the first event it names that is not marked as past; other
events ("the last inspection in 2015", "judged inadequate in March 2019")
become further mentions, ordered against the primary one where the text
says so ("since ..."; graph.extract.past_events groups them). The wording is data:
graph/rules/inspection_types.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import replace
from datetime import date
from typing import Iterator

from graph.dates import FoundDate, find_dates
from graph.extract import judgements
from graph.extract.base import Annotated, evidence, sentence_spans
from graph.records import (
    AuthorityMention, Document, DocumentFact, Evidence, InspectionMention, JudgementFact, PartialDate,
)
from graph.extract.inspection_rules import (
    CONTEXT_CHARS, FRONT_CHARS, FRONT_PAGES, FULL, ILACS, LETTER_DATES_CHARS, REPORT_DATES_RE, SINCE_RE,
    SUMMARY_CHARS, rules, Event,
)
from graph.extract.inspection_events import type_of_event, find_events, ordinal_before
from graph.extract.past_events import compatible, merged_others, typed_by_date


def extract(doc: Annotated) -> Annotated:
    kind = _kind(doc)
    authority = main_authority(doc)
    if kind in ("ofsted-report", "ofsted-letter"):
        return _from_ofsted_document(doc, kind, authority)
    if kind in ("news-article", "press-release"):
        return _from_news(doc, authority)
    return doc


def main_authority(doc: Annotated) -> str | None:
    """The council a document is mostly about: its most named authority, earliest on ties."""
    mentions = doc.of_type(AuthorityMention)
    if not mentions:
        return None
    counts = Counter(m.gss_code for m in mentions)
    first = {}
    for m in sorted(mentions, key=lambda m: m.evidence.start):
        first.setdefault(m.gss_code, m.evidence.start)
    return min(counts, key=lambda code: (-counts[code], first[code]))


def _kind(doc: Annotated) -> str:
    return next((f.value for f in doc.of_type(DocumentFact) if f.field_name == "kind"), "other")


# --- Ofsted reports and letters -------------------------------------------------

def _from_ofsted_document(doc: Annotated, kind: str, authority: str | None) -> Annotated:
    front_end = front_pages_end(doc.document)
    template = _template(doc.text, front_end)
    if template is None:
        return doc
    type_start, type_end, template_type = template
    authority = _titled_authority(doc, type_end) or authority
    dates = _report_dates(doc, front_end) if kind == "ofsted-report" else _letter_dates(doc, type_end)
    inspection_type = _resolve_type(template_type, dates)
    published = doc.published() if kind == "ofsted-report" else None
    published_fact = next((f for f in doc.of_type(DocumentFact) if f.field_name == "published"), None)
    primary = InspectionMention(
        key="primary", authority=authority, inspection_type=inspection_type,
        evidence=evidence(doc, type_start, type_end),
        start=dates.first if dates else None, end=dates.last if dates else None,
        published=published, primary=True,
        ordinal=_primary_ordinal(doc, type_end, template_type),
        date_evidence=evidence(doc, dates.start, dates.end) if dates else None,
        published_evidence=published_fact.evidence if published and published_fact else None,
    )
    events = [e for e in find_events(doc, doc.content)
              if (e.previous or e.since or e.published is not None
                  or (e.type not in (None, FULL, template_type) and e.ordinal is None))
              and (kind == "ofsted-letter" or e.start < front_end or _dated(e))]
    others = merged_others(doc, events, primary, authority)
    primary = _ordered(primary, others)
    found = list(judgements.table_rows(doc.text, 0, front_end)) or [
        f for lo, hi in judgements.summary_regions(doc.text, front_end, SUMMARY_CHARS)
        for f in judgements.table_rows(doc.text, lo, hi)]
    if kind == "ofsted-report":
        found += _lscb_review(doc, template_type, found)
    return doc.add(primary, *[m for m, _ in others], *_judgement_facts(doc, "primary", found))


def _dated(event: Event) -> bool:
    """Past events in a report's body count only where they are dated: "a focused visit in April 2018"
    sharpens the front page's "a focused visit in 2018"; an undated one there adds nothing."""
    return any(d is not None and d.first is not None for d in (event.date, event.published))


def _titled_authority(doc: Annotated, heading_end: int) -> str | None:
    """The one council a report or letter names in its title, up to its template heading ("City of
    Westminster / Inspection of children's social care services"): the council it is about, however
    often the text names a partner council it shares services with."""
    named = {m.gss_code for m in doc.of_type(AuthorityMention) if m.evidence.end <= heading_end}
    return named.pop() if len(named) == 1 else None


def front_pages_end(document: Document) -> int:
    """Where a report's front pages (title, dates, grade table) end in its text."""
    starts = document.page_starts
    if len(starts) > FRONT_PAGES:
        return starts[FRONT_PAGES]
    return min(len(document.text), FRONT_CHARS)


def _template(text: str, front_end: int) -> tuple[int, int, str] | None:
    """The first heading in the text that names a template (a report may name other events later)."""
    found = []
    for order, (pattern, inspection_type) in enumerate(rules().templates):
        m = pattern.search(text, 0, front_end)
        if m:
            found.append((m.start(), order, m.end(), inspection_type))
    if not found:
        return None
    start, _order, end, inspection_type = min(found)
    return start, end, inspection_type


def _report_dates(doc: Annotated, front_end: int) -> FoundDate | None:
    label = REPORT_DATES_RE.search(doc.text, 0, front_end)
    if label is None:
        return None
    found = find_dates(doc.text, label.end(), min(front_end, label.end() + 120))
    return next((d for d in found if d.first and d.first.precision == "day"), None)


def _letter_dates(doc: Annotated, heading_end: int) -> FoundDate | None:
    found = find_dates(doc.text, heading_end, min(len(doc.text), heading_end + LETTER_DATES_CHARS))
    return next((d for d in found if d.first and d.first.precision == "day"), None)


def _resolve_type(template_type: str, dates: FoundDate | None) -> str:
    if template_type != ILACS:
        return template_type
    if dates is None or dates.first.precision != "day" or dates.last.precision != "day":
        return "ilacs-standard"
    days = (date.fromisoformat(dates.last.value) - date.fromisoformat(dates.first.value)).days + 1
    return "ilacs-short" if days <= rules().short_max_days else "ilacs-standard"


def _primary_ordinal(doc: Annotated, heading_end: int, template_type: str) -> int | None:
    if template_type != "monitoring-visit":
        return None
    region_end = min(len(doc.text), heading_end + LETTER_DATES_CHARS)
    for m in rules().event.finditer(doc.text, heading_end, region_end):
        if type_of_event(m) == "monitoring-visit":
            ordinal = ordinal_before(doc.text, m.start())
            if ordinal and not SINCE_RE.search(doc.text, max(0, m.start() - CONTEXT_CHARS), m.start()):
                return ordinal
    return None


def _lscb_review(doc: Annotated, template_type: str, found: list[judgements.Found]) -> list[judgements.Found]:
    """A SIF report grades its safeguarding board in its own section, often not on the front page."""
    if template_type != "sif" or any(f.area == "lscb" for f in found):
        return []
    for lo, hi in judgements.lscb_regions(doc.text):
        rows = [f for f in judgements.table_rows(doc.text, lo, hi) if f.area == "lscb"]
        if rows:
            return rows[:1]
    return []


# --- news -------------------------------------------------------------------------

def _news_anchor(current: list[Event], grades: list[judgements.Found]) -> Event:
    """The event a news item is about: its first typed current event, else where it first states a
    grade, else its first current event ("when Ofsted visited" alone names no type and no grade)."""
    typed = [e for e in current if e.type is not None]
    if typed:
        return typed[0]
    return Event(grades[0].start, grades[0].end, None) if grades else current[0]


def _from_news(doc: Annotated, authority: str | None) -> Annotated:
    events = list(find_events(doc, doc.content))
    reference = doc.published()
    current = [e for e in events if _is_current(e, reference)]
    lists = [f for lo, hi in doc.content for f in judgements.table_rows(doc.text, lo, hi)]
    past_starts = sorted(e.start for e in events if e.previous or e.since or e.published)
    prose = [f for lo, hi in sentence_spans(doc) for f in _prose_of_current(doc, lo, hi, past_starts)]
    if not current and not (lists or prose):
        others = merged_others(doc, events, None, authority)
        return doc.add(*[m for m, _ in others])
    anchor = _news_anchor(current, lists + prose)
    absorbed = [e for e in current if compatible(anchor, e)]
    primary = _news_primary(doc, anchor, absorbed, authority, reference)
    taken = set(absorbed)  # a set: a long document has thousands of events, and a list made this quadratic
    others = merged_others(doc, [e for e in events if e not in taken], primary, authority)
    primary = _ordered(primary, others)
    return doc.add(primary, *[m for m, _ in others], *_judgement_facts(doc, "primary", lists + prose))


def _is_current(event: Event, reference: PartialDate | None) -> bool:
    """Not marked as past: no "last", no grade-publication date, and "since" only with a recent date."""
    if event.previous or event.published is not None:
        return False
    recent = bool(event.date and event.date.first and reference and event.date.first.year >= reference.year)
    if event.since and not recent:
        return False
    if event.date and event.date.first and reference:
        return event.date.first.year >= reference.year - 1 or event.date.relative
    return True


def _news_primary(doc: Annotated, anchor: Event, absorbed: list[Event], authority: str | None,
                  reference: PartialDate | None) -> InspectionMention:
    dated = next((e for e in absorbed if e.date), None)
    found = dated.date if dated else None
    typed = next((e.type for e in absorbed if e.type not in (None, FULL)), anchor.type)
    today = _published_today(doc, reference)
    return InspectionMention(
        key="primary", authority=authority, inspection_type=typed_by_date(typed, found.first if found else reference),
        evidence=evidence(doc, anchor.start, anchor.end),
        start=found.first if found else None, end=found.last if found and found.is_range else None,
        month=found.month if found and found.first is None else None,
        ordinal=next((e.ordinal for e in absorbed if e.ordinal), None), primary=True,
        date_evidence=evidence(doc, found.start, found.end) if found else None,
        published=reference if today else None, published_evidence=today,
    )


def _published_today(doc: Annotated, reference: PartialDate | None) -> Evidence | None:
    """'today's report' in a dated article: the report came out on the article's date."""
    if reference is None or reference.precision != "day":
        return None
    for lo, hi in doc.content:
        m = rules().published_today.search(doc.text, lo, hi)
        if m:
            return evidence(doc, m.start(), m.end())
    return None


def _prose_of_current(doc: Annotated, lo: int, hi: int, past_starts: list[int]) -> Iterator[judgements.Found]:
    """Prose grades that belong to the story's own event, not to a past one the sentence names.

    `past_starts` are the sorted starts of the document's past events; bisecting them keeps a
    long document linear (scanning every event for every sentence was quadratic).
    """
    first_past = bisect_left(past_starts, lo)
    for found in judgements.prose_grades(doc.text, lo, hi):
        after_past = first_past < len(past_starts) and past_starts[first_past] <= found.start
        marked = re.search(r"\b(?:previously|formerly|once|last)\b[^.]{0,30}$", doc.text[max(lo, found.start - 40):found.start], re.I)
        if not after_past and not marked:
            yield found


def _ordered(primary: InspectionMention, others: list[tuple[InspectionMention, bool]]) -> InspectionMention:
    """The primary event follows the event the text says it came 'since'."""
    since = next((m.key for m, ordered in others if ordered), None)
    return replace(primary, after=since) if since and primary.after is None else primary


def _judgement_facts(doc: Annotated, key: str, found: list[judgements.Found]) -> list[JudgementFact]:
    """One judgement per area: the first statement of it."""
    facts: dict[str, JudgementFact] = {}
    for f in found:
        facts.setdefault(f.area, JudgementFact(key, f.area, f.grade, evidence(doc, f.start, f.end)))
    return list(facts.values())
