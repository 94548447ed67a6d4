"""Inspection findings: ConcernFacts with a category and a polarity.

A finding is a sentence, or a clause of one, that evaluates practice with a
clear cue (graph/rules/concerns.yaml): concern cues ("not consistently",
"too high", "poor") win over strength cues ("effective", "identified
quickly"); methodology, grade statements and first-person speech are not
findings. Items under a "What needs to improve" heading are concerns even
without a cue; sections such as "Information about this area" hold none.
Every finding is bound to the document's primary inspection, and a document
without one yields none.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from typing import Iterator, Literal

from graph.extract.base import Annotated, evidence, sentence_spans
from graph.rules import PatternError, check_notations, load_patterns
from graph.records import ConcernFact, DocumentFact

_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_SCHEMA = {
    "type": "object",
    "required": ["concern_cues", "strength_cues", "neutral_starts", "neutral_anywhere", "first_person_words",
                 "polarity_ignore", "clause_breaks", "categories", "sections", "report_details"],
    "additionalProperties": False,
    "properties": {
        "concern_cues": _STRINGS,
        "strength_cues": _STRINGS,
        "neutral_starts": _STRINGS,
        "neutral_anywhere": _STRINGS,
        "first_person_words": _STRINGS,
        "polarity_ignore": _STRINGS,
        "clause_breaks": _STRINGS,
        "categories": {
            "type": "array",
            "items": {
                "type": "object", "required": ["category", "tier", "cues"], "additionalProperties": False,
                "properties": {"category": {"type": "string"}, "tier": {"enum": ["specific", "general"]},
                               "cues": _STRINGS},
            },
        },
        "report_details": {"type": "string", "minLength": 1},
        "sections": {
            "type": "array",
            "items": {
                "type": "object", "required": ["heading", "kind"], "additionalProperties": False,
                "properties": {"heading": {"type": "string"},
                               "kind": {"enum": ["concern", "strength", "skip", "findings"]}},
            },
        },
    },
}

Polarity = Literal["concern", "strength"]
SectionKind = Literal["concern", "strength", "skip", "findings"]

_MIN_CHARS = 20  # shorter clauses are fragments ("and acted on")
# Headlines, headings and grade lists have no closing punctuation; findings do.
_ENDS_AS_SENTENCE_RE = re.compile(r"[.!?][\"'”’)]*\s*$")
_MAX_CHARS = 700
_PAGE_NUMBER_END_RE = re.compile(r"\s\d{1,3}\s*$")  # longer "sentences" are tables or run-together lists, not findings


@dataclass(frozen=True)
class ConcernRules:
    polarity_cues: re.Pattern[str]  # groups named concern_k / strength_k
    neutral_start: re.Pattern[str]
    neutral_anywhere: re.Pattern[str]
    first_person: re.Pattern[str]
    polarity_ignore: re.Pattern[str]
    clause_breaks: re.Pattern[str]
    clause_break_words: tuple[str, ...]
    category_cues: re.Pattern[str]  # groups named s{index}_k (specific) / g{index}_k (general)
    category_names: tuple[str, ...]
    headings: re.Pattern[str]
    heading_kinds: tuple[SectionKind, ...]
    report_details: re.Pattern[str]


@cache
def rules() -> ConcernRules:
    data = load_patterns("concerns", _SCHEMA)
    names = tuple(c["category"] for c in data["categories"])
    check_notations("concerns.yaml", "concern-category", names)
    category_cues = [(f"{c['tier'][0]}{i}", cue) for i, c in enumerate(data["categories"]) for cue in c["cues"]]
    polarity_cues = [("concern", cue) for cue in data["concern_cues"]] + [("strength", cue) for cue in data["strength_cues"]]
    first_person = "|".join(re.escape(w) for w in data["first_person_words"])
    headings = "|".join(f"(?P<s{i}>{s['heading']})" for i, s in enumerate(data["sections"]))
    return ConcernRules(
        polarity_cues=_cue_regex(polarity_cues),
        neutral_start=re.compile("|".join(f"(?:{_spaced(p)})" for p in data["neutral_starts"])),
        neutral_anywhere=re.compile("|".join(f"(?:{_spaced(p)})" for p in data["neutral_anywhere"])),
        first_person=re.compile(rf"(?<![\w’'])(?:{first_person})(?![\w’'])"),
        clause_breaks=re.compile("|".join(re.escape(b).replace("\\ ", r"\s+") for b in data["clause_breaks"])),
        clause_break_words=tuple(data["clause_breaks"]),
        category_cues=_cue_regex(category_cues),
        polarity_ignore=re.compile("|".join(f"(?:{_spaced(p)})" for p in data["polarity_ignore"])),
        category_names=names,
        headings=re.compile(rf"^[ \t#*◼•\d.]*(?:{headings})", re.IGNORECASE | re.MULTILINE),
        heading_kinds=tuple(s["kind"] for s in data["sections"]),
        report_details=re.compile(rf"^[ \t#*◼•\d.]*(?:{data['report_details']})", re.IGNORECASE | re.MULTILINE),
    )


def _cue_regex(cues: list[tuple[str, str]]) -> re.Pattern[str]:
    """One regex for (group name, cue) pairs, tried at word starts, cues grouped by first letter.

    Python's regex engine tries every alternative at every word start; grouping
    the cues under their first letter makes a failed start cost one comparison
    per letter instead of one per cue (four times faster over a 100-page
    report). Each group name is numbered apart (name_k), so `lastgroup` tells
    which name matched.
    """
    by_letter: dict[str, list[str]] = {}
    for k, (name, cue) in enumerate(cues):
        if not _PLAIN_START_RE.match(cue):
            raise PatternError(f"concerns.yaml: a cue must begin with a plain letter: {cue!r}")
        by_letter.setdefault(cue[0], []).append(f"(?P<{name}_{k}>{_spaced(cue[1:])})")
    grouped = [f"{letter}(?:{'|'.join(rests)})" for letter, rests in by_letter.items()]
    return re.compile(r"\b(?:" + "|".join(grouped) + ")")


def _spaced(pattern: str) -> str:
    """A space in a pattern matches any run of whitespace: PDF lines break inside sentences."""
    return pattern.replace(" ", r"\s+")


# A plain first letter: not made optional or repeated by what follows it.
_PLAIN_START_RE = re.compile(r"[a-z0-9](?![?*+{])")


def extract(doc: Annotated) -> Annotated:
    inspection = doc.primary_inspection()
    if inspection is None:
        return doc
    facts = [
        ConcernFact(inspection=inspection.key, category=category, polarity=polarity,
                    evidence=evidence(doc, start, end))
        for start, end, category, polarity in findings(doc)
    ]
    return doc.add(*facts)


def findings(doc: Annotated) -> Iterator[tuple[int, int, str, Polarity]]:
    """(start, end, category, polarity) of each finding clause, each text once."""
    found = rules()
    text = doc.text
    lowered = _lowered(text)
    sections = _sections(text, found)
    starts = [position for position, _ in sections]
    seen: set[str] = set()
    summary_end = _summary_end(doc, sections, found)
    for start, end in sentence_spans(doc):
        if start >= summary_end:
            break
        if end - start > _MAX_CHARS or not _ENDS_AS_SENTENCE_RE.search(text, start, end):
            continue
        index = bisect.bisect_right(starts, start) - 1
        section: SectionKind = sections[index][1] if index >= 0 else "findings"
        if section == "skip":
            continue
        if index >= 0:
            start = _after_heading_line(text, starts[index], start)
        for clause_start, clause_end in _clauses(text, start, end, found):
            clause_start, clause_end = _trimmed(text, clause_start, clause_end)
            finding = _classify(lowered, clause_start, clause_end, section, found)
            if finding is None:
                continue
            key = " ".join(lowered[clause_start:clause_end].split())
            if key not in seen:
                seen.add(key)
                yield clause_start, clause_end, *finding


def _summary_end(doc: Annotated, sections: list[tuple[int, SectionKind]], found: ConcernRules) -> int:
    """Where a full report's summary ends: at the first detailed section after its improvement list.

    A full report states its findings in a summary and a "what needs to improve"
    list, then argues them at length section by section; the summary's
    findings are the inspection's, the rest is their evidence. Letters and
    news are short and read whole.
    """
    kind = next((f.value for f in doc.of_type(DocumentFact) if f.field_name == "kind"), None)
    if kind != "ofsted-report":
        return len(doc.text)
    improve = next((position for position, section in sections if section == "concern"), None)
    if improve is None:
        return len(doc.text)
    for detail in found.report_details.finditer(doc.text, improve):
        if not _contents_entry(doc.text, detail.start()):
            return detail.start()
    return len(doc.text)


def _lowered(text: str) -> str:
    """The text in lower case with every offset kept (str.lower may lengthen a few letters)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else "".join(c.lower()[0] for c in text)


def _after_heading_line(text: str, heading_start: int, sentence_start: int) -> int:
    """Where a sentence's own text begins when it starts on a heading's line ("Summary\nLeaders are...")."""
    heading_end = text.find("\n", heading_start)
    if heading_end == -1:
        return len(text)
    return heading_end + 1 if sentence_start < heading_end else sentence_start


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sections(text: str, found: ConcernRules) -> list[tuple[int, SectionKind]]:
    return [(m.start(), found.heading_kinds[int(m.lastgroup[1:])]) for m in found.headings.finditer(text)
            if not _contents_entry(text, m.start())]


def _contents_entry(text: str, start: int) -> bool:
    """A heading on a line ending in a page number is a table-of-contents entry, not a section."""
    line_end = text.find("\n", start)
    return bool(_PAGE_NUMBER_END_RE.search(text, start, line_end if line_end != -1 else len(text)))


def _clauses(text: str, start: int, end: int, found: ConcernRules) -> Iterator[tuple[int, int]]:
    sentence = text[start:end]
    if not any(word in sentence for word in found.clause_break_words):
        yield start, end  # substring tests are cheaper than a regex pass
        return
    position = start
    for match in found.clause_breaks.finditer(text, start, end):
        yield position, match.start()
        position = match.end()
    yield position, end


def _classify(lowered: str, start: int, end: int, section: SectionKind,
              found: ConcernRules) -> tuple[str, Polarity] | None:
    """Category and polarity of lowered[start:end], or None when it is not a finding.

    Regexes run on the lowercased document between the clause's offsets: no
    copies per clause. The cheap polarity test comes first; most clauses
    without a cue need no other test.
    """
    if end - start < _MIN_CHARS:
        return None
    polarity = _polarity(lowered, start, end, section, found)
    if polarity is None or found.neutral_start.match(lowered, start, end):
        return None
    if found.neutral_anywhere.search(lowered, start, end) or found.first_person.search(lowered, start, end):
        return None
    return _category(lowered, start, end, found), polarity


def _category(lowered: str, start: int, end: int, found: ConcernRules) -> str:
    """The leftmost specific cue's category, else the leftmost general cue's, else "other"."""
    general = None
    for cue in found.category_cues.finditer(lowered, start, end):
        if cue.lastgroup[0] == "s":
            return _category_name(cue.lastgroup, found)
        general = general or cue.lastgroup
    return _category_name(general, found) if general else "other"


def _category_name(group: str, found: ConcernRules) -> str:
    return found.category_names[int(group[1:].split("_")[0])]


def _polarity(lowered: str, start: int, end: int, section: SectionKind, found: ConcernRules) -> Polarity | None:
    if section == "concern":
        return "concern"
    ignored = [m.span() for m in found.polarity_ignore.finditer(lowered, start, end)]
    strength = False
    for cue in found.polarity_cues.finditer(lowered, start, end):
        if any(lo <= cue.start() < hi for lo, hi in ignored):
            continue
        if cue.lastgroup.startswith("concern"):
            return "concern"
        strength = True
    return "strength" if strength or section == "strength" else None
