"""Phrases that name an inspection event ("the last inspection, in March 2019", "was judged inadequate"),
with the date, ordinal and grade that stand next to them."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from typing import Iterator

from graph.dates import FoundDate, find_dates
from graph.extract import judgements
from graph.extract.base import Annotated
from graph.extract.cues import Cues
from graph.records import PartialDate
from graph.extract.inspection_rules import (
    CONTEXT_CHARS, DATE_GAP_RE, DATE_REACH, FULL, SINCE_RE, rules, Event,
)


def find_events(doc: Annotated, regions: tuple[tuple[int, int], ...]) -> list[Event]:
    """Event phrases and dated grading phrases, in text order.

    A pattern runs only on the sentences its cue lets through: on the others
    it would find nothing (graph/extract/cues.py says why that is exact).
    """
    reference = doc.published()
    found: list[Event] = []
    for lo, hi, may_match in event_cues().sentences(doc.text, regions):
        grades = list(judgements.prose_grades(doc.text, lo, hi)) if "grade" in may_match else []
        phrases = list(_event_phrases(doc.text, lo, hi, reference)) if "event" in may_match else []
        dated_grades = list(_grading_phrases(doc.text, lo, hi, reference, grades))
        found.extend(phrases + dated_grades + _grades_of_past(grades, phrases + dated_grades))
    return sorted(found, key=lambda e: e.start)


def _grades_of_past(grades: list[judgements.Found], events: list[Event]) -> list[Event]:
    """'the last inspection in 2019, when services were found to be inadequate': the past event's grade."""
    past = [e for e in events if e.previous or e.since]
    graded = []
    for found in grades:
        before = [e for e in past if e.end <= found.start]
        if before and not any(e.start <= found.start < e.end for e in events):
            graded.append(replace(before[-1], start=found.start, end=found.end, grade=found.grade,
                                  date=None, published=None))
    return graded


@cache
def event_cues() -> Cues:
    """The cues of the event and grading patterns (graph/extract/cues.py), built once."""
    return Cues({"event": rules().event, "grade": judgements.rules().prose})


def _event_phrases(text: str, lo: int, hi: int, reference: PartialDate | None) -> Iterator[Event]:
    for m in rules().event.finditer(text, lo, hi):
        before = text[max(lo, m.start() - CONTEXT_CHARS):m.start()]
        yield Event(
            start=m.start(), end=m.end(), type=type_of_event(m),
            date=_date_after(text, m.end(), hi, reference) or _date_just_before(text, lo, m.start(), reference),
            previous=bool(rules().previous.search(before)) and not rules().current.search(before[-15:]),
            since=bool(SINCE_RE.search(before)),
            ordinal=ordinal_before(text, m.start()),
            full=bool(rules().full.search(m.group(0))),
        )


def _grading_phrases(text: str, lo: int, hi: int, reference: PartialDate | None,
                     grades: list[judgements.Found]) -> Iterator[Event]:
    """'judged inadequate in March 2019': an event dated by the month its grade was published."""
    for found in grades:
        when = _date_after(text, found.end, hi, reference, allow_words=r"(?:overall|by Ofsted|by inspectors)?")
        if when is not None:
            before = text[max(lo, found.start - CONTEXT_CHARS):found.start]
            yield Event(found.start, when.end, FULL, published=when, grade=found.grade,
                        since=bool(SINCE_RE.search(before)), previous=True)


def type_of_event(m: re.Match[str]) -> str | None:
    return rules().event_types[int(m.lastgroup[1:])]


def _date_after(text: str, pos: int, hi: int, reference: PartialDate | None,
                allow_words: str = "") -> FoundDate | None:
    found = find_dates(text, pos, min(hi, pos + DATE_REACH), reference)
    if not found:
        return None
    gap = text[pos:found[0].start]
    if allow_words:
        gap = re.sub(allow_words, "", gap, count=1, flags=re.I)
    return found[0] if DATE_GAP_RE.match(gap) or _is_relative_phrase(found[0], text) else None


def _is_relative_phrase(found: FoundDate, text: str) -> bool:
    return found.relative and found.first is not None and text[found.start:found.end].split()[0].lower() in (
        "last", "this", "next", "previous", "earlier", "later")


def _date_just_before(text: str, lo: int, pos: int, reference: PartialDate | None) -> FoundDate | None:
    """'the 2015 inspection': a year or month right before the event word."""
    found = find_dates(text, max(lo, pos - 20), pos, reference)
    if found and re.fullmatch(r"\s*(?:[A-Za-z’']+\s+)?", text[found[-1].end:pos]):
        return found[-1] if found[-1].first else None
    return None


def ordinal_before(text: str, pos: int) -> int | None:
    m = rules().ordinal.search(text, max(0, pos - 25), pos)
    return rules().ordinals[m["word"].lower()] if m else None

