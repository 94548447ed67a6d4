"""Finding units: the clauses of a document that may state a finding, each with its context.

A unit is a clause of a sentence (docs/findings-guideline.md, "Span": normally one
clause). Its context is what the guideline decides by: the report section it lies
in (an improvement list, a background section), whether the document is Ofsted's
own report or letter, and, for other documents, whether the sentence or a
neighbour attributes what it says to inspectors, an inspection or a report
("inspectors said", "the report found", "Ofsted praised"): news reports findings
that way, and a sentence with no such attribution nearby is a reaction, a plan or
the writer's own claim. graph/extract/concerns.py decides which units are findings.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Iterator, Literal

from graph.extract.base import Annotated, sentence_spans
from graph.records import DocumentFact

SectionKind = Literal["concern", "strength", "skip", "findings"]

OFSTED_KINDS = frozenset({"ofsted-report", "ofsted-letter"})  # documents whose every finding is the inspectors'
MAX_SENTENCE = 700  # characters: longer "sentences" are tables or run-together lists, not findings
MAX_HEADING = 120  # characters of a heading's line
MIN_UNIT = 12  # characters: shorter clauses are fragments ("and acted on")
# Sentences before and after one that can carry its attribution: a lead-in ("Inspectors
# found:") and the sentence that follows a quoted finding ("..., the report said").
ATTRIBUTION_BEFORE, ATTRIBUTION_AFTER = 2, 1

_ENDS_AS_SENTENCE_RE = re.compile(r"[.!?:;][\"'”’)]*\s*$")
_PAGE_NUMBER_END_RE = re.compile(r"\s\d{1,3}\s*$")
_GRADE_RE = re.compile(r"\b(outstanding|good|requires\s+improvement|inadequate)\b", re.IGNORECASE)
_GRADE_NAMES = {"outstanding": "outstanding", "good": "good", "requires": "requires-improvement",
                "inadequate": "inadequate"}


@dataclass(frozen=True)
class Segmenter:
    """The compiled rules units are cut and placed by (from graph/rules/concerns.yaml)."""

    headings: re.Pattern[str]
    heading_kinds: tuple[SectionKind, ...]
    clause_breaks: re.Pattern[str]
    attribution: re.Pattern[str]


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    sentence: tuple[int, int]
    section: SectionKind
    ofsted: bool  # the document is Ofsted's own report or letter
    attributed: bool  # Ofsted's own document, or the sentence or a neighbour attributes it to inspectors
    says_who: bool  # the sentence itself names inspectors, an inspection or a report
    ends_as_sentence: bool  # headlines, headings and grade lists have no closing punctuation
    grade: str | None  # the grade its section's heading states ("... in care: inadequate")


def units(doc: Annotated, rules: Segmenter) -> Iterator[Unit]:
    """Every clause of the document's content outside background sections, in text order."""
    text = doc.text
    ofsted = document_kind(doc) in OFSTED_KINDS
    sections = _sections(text, rules)
    starts = [position for position, _, _ in sections]
    sentences = [s for s in _sentences(doc, sections, starts) if s[2] != "skip"]
    lower = lowered(text)
    says = [bool(rules.attribution.search(lower, start, end)) for start, end, _, _ in sentences]
    for index, (start, end, section, grade) in enumerate(sentences):
        near = says[max(0, index - ATTRIBUTION_BEFORE): index + ATTRIBUTION_AFTER + 1]
        ends = bool(_ENDS_AS_SENTENCE_RE.search(text, start, end))
        for clause_start, clause_end in _clauses(text, start, end, rules):
            if clause_end - clause_start >= MIN_UNIT:
                yield Unit(clause_start, clause_end, (start, end), section, ofsted,
                           attributed=ofsted or any(near), says_who=says[index], ends_as_sentence=ends,
                           grade=grade)


def document_kind(doc: Annotated) -> str | None:
    return next((f.value for f in doc.of_type(DocumentFact) if f.field_name == "kind"), None)


def _sentences(doc: Annotated, sections: list[tuple[int, SectionKind, str | None]],
               starts: list[int]) -> Iterator[tuple[int, int, SectionKind, str | None]]:
    """Sentences with their section, a heading's own line cut from the sentence that starts on it."""
    text = doc.text
    for start, end in sentence_spans(doc):
        if end - start > MAX_SENTENCE:
            continue
        index = bisect.bisect_right(starts, start) - 1
        section, grade = sections[index][1:] if index >= 0 else ("findings", None)
        if index >= 0:
            start = _after_heading_line(text, starts[index], start)
        start, end = trimmed(text, start, end)
        if start < end:
            yield start, end, section, grade


def _sections(text: str, rules: Segmenter) -> list[tuple[int, SectionKind, str | None]]:
    """(start, kind, grade) of each section heading."""
    return [(m.start(), rules.heading_kinds[int(m.lastgroup[1:])], _heading_grade(text, m.start()))
            for m in rules.headings.finditer(text)
            if _is_heading(text, m.start(m.lastgroup)) and not _contents_entry(text, m.start())]


def _heading_grade(text: str, start: int) -> str | None:
    """The grade a heading states on its line or the next (a long heading wraps)."""
    first = text.find("\n", start)
    second = text.find("\n", first + 1) if first != -1 else -1
    found = _GRADE_RE.search(text, start, second if second != -1 else len(text))
    return _GRADE_NAMES[found.group(1).lower().split()[0]] if found else None


def _is_heading(text: str, start: int) -> bool:
    """A heading is a short line that starts with a capital and is not a sentence.

    A wrapped sentence's next line can begin with a heading's words ("recommendations
    are well articulated"), and a paragraph can begin like one ("The inspection team
    found that ..."): neither opens a section.
    """
    line_end = text.find("\n", start)
    line = text[start: len(text) if line_end == -1 else line_end].rstrip()
    return text[start].isupper() and len(line) <= MAX_HEADING and not line.endswith(".")


def _contents_entry(text: str, start: int) -> bool:
    """A heading on a line ending in a page number is a table-of-contents entry, not a section."""
    line_end = text.find("\n", start)
    return bool(_PAGE_NUMBER_END_RE.search(text, start, line_end if line_end != -1 else len(text)))


def _after_heading_line(text: str, heading_start: int, sentence_start: int) -> int:
    """Where a sentence's own text begins when it starts on a heading's line ("Summary\nLeaders are...")."""
    heading_end = text.find("\n", heading_start)
    if heading_end == -1:
        return len(text)
    return heading_end + 1 if sentence_start < heading_end else sentence_start


def _clauses(text: str, start: int, end: int, rules: Segmenter) -> Iterator[tuple[int, int]]:
    position = start
    for match in rules.clause_breaks.finditer(text, start, end):
        yield trimmed(text, position, match.start())
        position = match.end()
    yield trimmed(text, position, end)


def lowered(text: str) -> str:
    """The text in lower case with every offset kept (str.lower may lengthen a few letters)."""
    lower = text.lower()
    return lower if len(lower) == len(text) else "".join(c.lower()[0] for c in text)


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
