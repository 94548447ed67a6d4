"""Extraction component: what a document says about itself.

Kind (news-article, ofsted-letter, ofsted-report, press-release, other),
title, publication date, author, publisher and a letter's addressee, each a
DocumentFact with the span that states it. Sidecar metadata wins over the
text. Dates are only read from the head of the content (a byline, a letter's
date line, a report's front matter): dates in sidebars belong to other
articles.
"""

from __future__ import annotations

import re
from typing import Iterator

from functools import cache

from graph.dates import find_dates
from graph.extract.base import Annotated, evidence
from graph.rules import load_patterns
from graph.records import DocumentFact, PartialDate

HEAD_CHARS = 1500  # bylines, date lines and report front matter sit in the first lines
LETTER_HEAD_CHARS = 2500  # a letter's address block comes before its date line
REPORT_FRONT_CHARS = 4000

_REPORT_RE = re.compile(r"\b(?:Re-?)?inspection of ", re.I)
_REPORT_DATES_RE = re.compile(r"^\s*Inspection dates?\s*:", re.I | re.M)
_LETTER_RE = re.compile(r"^\s*Dear\s+\S", re.M)
_OFSTED_RE = re.compile(r"\bOfsted\b|Majesty[’']s Inspector|\bHMI\b")
_PRESS_RELEASE_RE = re.compile(r"\bpress release\b|^\s*notes to editors\b|^\s*ENDS\s*$", re.I | re.M)
_NEWS_RE = re.compile(r"\b(?:said|says|told|added|according to|stated)\b")
_NOT_FOUND_RE = re.compile(r"\b(?:page|report|document) not found\b|\bno longer exists\b", re.I)

_PUBLISHED_RE = re.compile(
    r"^[ \t]*(?:Report published|Published(?: on)?|Date published|Posted(?: on)?|Publication date)\s*:?[ \t]*(?=\S)",
    re.I | re.M)
_DATE_LINE_RE = re.compile(r"^[ \t]*(?P<date>[^\n]{6,40}?)[ \t]*$", re.M)
_BYLINE_RE = re.compile(r"^[ \t]*(?:By[ \t]+)?(?P<name>[A-Z][a-z’'-]+(?:[ \t]+[A-Z][a-zA-Z’'-]+){1,2})[ \t]*$", re.M)
_SIGN_OFF_RE = re.compile(r"^\s*Yours (?:sincerely|faithfully)\s*\n\s*(?:\n\s*)?(?P<name>[A-Z][^\n*]{2,60}?)\s*$", re.M)
_DEAR_RE = re.compile(r"^\s*Dear\s+(?P<name>[^\n,]{2,60}?)\s*,?\s*$", re.M)
_TITLE_LINE_RE = re.compile(r"^[ \t#*]*(?P<title>\S[^\n]{3,200}?)[ \t*]*$", re.M)
_LETTER_HEADING_RE = re.compile(
    r"^[ \t#*]*(?P<title>(?:Monitoring visit|Focused visit|Joint targeted area inspection)[^\n]{3,150}?)[ \t*]*$",
    re.I | re.M)
# A report's title runs from its "Inspection of" heading to its date line.
_REPORT_TITLE_RE = re.compile(
    r"(?P<title>\b(?:Re-?)?inspection of [^\n]+(?:\n(?!\s*(?:Inspection dates?|Report published|Lead inspector"
    r"|Reporting inspector|Published|Age group)\b)[^\n]+){0,3})", re.I)
_COPYRIGHT_RE = re.compile(r"^[ \t]*(?:©|Copyright)[ \t]*(?:\d{4}[ \t]+)?(?P<name>[A-Z][\w&.’' -]{2,60}?)[ \t]*$", re.M)
_PUBLISHERS_SCHEMA = {
    "type": "object", "required": ["branding_cues", "masthead_words"], "additionalProperties": False,
    "properties": {"branding_cues": {"type": "array", "minItems": 1,
                                     "items": {"type": "string", "pattern": r"\(\?P<publisher>"}},
                   "masthead_words": {"type": "array", "minItems": 1,
                                      "items": {"type": "string", "pattern": r"^[A-Z][a-z]+$"}}},
}
# A masthead: the first line, a few capitalised words (joined by "and", "&", "of", "the")
# ending in a newspaper's word, a blank line, perhaps a section line ("NEWS | EDUCATION"),
# then a headline that is not a sentence.
_MASTHEAD_WORD = r"[A-Z][\w’'-]*"
_MASTHEAD_RE = re.compile(
    rf"[ \t#*]*(?P<name>(?:{_MASTHEAD_WORD}[ \t]+(?:(?:and|&|of|the|upon|on)[ \t]+)?){{0,4}}(?P<last>[A-Z][a-z]+))"
    r"[ \t*]*\n[ \t]*\n(?:[^\n|]*\|[^\n]*\n(?:[ \t]*\n)?)?"
    r"[ \t#*]*(?P<headline>[^\n|]{10,200}?[^.\n|])[ \t*]*\n")
_NOT_NAMES = re.compile(r"\b(?:Council|Ofsted|Children|Services|Inspection|News|Crown|Published|Updated)\b")


def extract(doc: Annotated) -> Annotated:
    kind = document_kind(doc)
    facts = [DocumentFact("kind", kind, None)]
    facts += _from_sidecar(doc)
    stated = {f.field_name for f in facts if f.evidence is None and f.field_name != "kind"}
    if "kind" in doc.document.metadata:
        facts[0] = DocumentFact("kind", doc.document.metadata["kind"], None)
    for fact in _from_text(doc, kind):
        if fact.field_name not in stated:
            facts.append(fact)
            stated.add(fact.field_name)
    return doc.add(*facts)


def document_kind(doc: Annotated) -> str:
    """The genre of a document, read from its opening and its letter form."""
    text = doc.text
    head = text[:REPORT_FRONT_CHARS]
    if _NOT_FOUND_RE.search(text[:600]):
        return "other"
    if _REPORT_DATES_RE.search(head) and _REPORT_RE.search(head) and _LETTER_RE.search(head) is None:
        return "ofsted-report"
    if _LETTER_RE.search(text[:LETTER_HEAD_CHARS]) and _OFSTED_RE.search(text):
        return "ofsted-letter"
    if _PRESS_RELEASE_RE.search(text):
        return "press-release"
    if _NEWS_RE.search(text) or _OFSTED_RE.search(text):
        return "news-article"
    return "other"


def _from_sidecar(doc: Annotated) -> list[DocumentFact]:
    return [DocumentFact(name, value, None) for name, value in doc.document.metadata.items()
            if name in ("title", "published", "author", "publisher", "url")]


def _from_text(doc: Annotated, kind: str) -> Iterator[DocumentFact]:
    readers = {
        "ofsted-report": (_report_title, _report_published, _ofsted_publisher),
        "ofsted-letter": (_letter_title, _letter_published, _letter_author, _addressee, _ofsted_publisher),
        "news-article": (_news_title, _byline_published, _byline_author, _copyright_publisher,
                         _branding_publisher, _masthead_publisher),
        "press-release": (_news_title, _byline_published, _copyright_publisher),
    }.get(kind, ())
    found: set[str] = set()
    for reader in readers:
        fact = reader(doc)
        if fact is not None and fact.field_name not in found:  # the first reader to find a field wins
            found.add(fact.field_name)
            yield fact


def _group_fact(doc: Annotated, field_name: str, match: re.Match[str], group: str) -> DocumentFact:
    """A metadata fact whose value is one group of a match, with that group's span as evidence."""
    return DocumentFact(field_name, match[group], evidence(doc, match.start(group), match.end(group)))


def _content_head(doc: Annotated, size: int) -> tuple[int, int]:
    lo = doc.content[0][0] if doc.content else 0
    hi = doc.content[0][1] if doc.content else len(doc.text)
    return lo, min(hi, lo + size)


def _news_title(doc: Annotated) -> DocumentFact | None:
    lo, hi = _content_head(doc, HEAD_CHARS)
    masthead = _masthead(doc)
    if masthead:
        return _group_fact(doc, "title", masthead, "headline")
    m = _TITLE_LINE_RE.search(doc.text, lo, hi)
    return _group_fact(doc, "title", m, "title") if m else None


def _letter_title(doc: Annotated) -> DocumentFact | None:
    m = _LETTER_HEADING_RE.search(doc.text, 0, LETTER_HEAD_CHARS * 2)
    return _group_fact(doc, "title", m, "title") if m else None


def _report_title(doc: Annotated) -> DocumentFact | None:
    m = _REPORT_TITLE_RE.search(doc.text, 0, REPORT_FRONT_CHARS)
    if not m:
        return None
    return DocumentFact("title", " ".join(m["title"].split()), evidence(doc, m.start("title"), m.end("title")))


def _report_published(doc: Annotated) -> DocumentFact | None:
    return _labelled_date(doc, 0, REPORT_FRONT_CHARS)


def _labelled_date(doc: Annotated, lo: int, hi: int) -> DocumentFact | None:
    """A date after a 'Published:' label."""
    for label in _PUBLISHED_RE.finditer(doc.text, lo, hi):
        line_end = doc.text.find("\n", label.end())
        line_end = hi if line_end < 0 else min(line_end, hi)
        dates = [d for d in find_dates(doc.text, label.end(), line_end) if d.first and not d.is_range]
        if dates and dates[0].first.precision == "day":
            return _date_fact(doc, dates[0].first, dates[0].start, dates[0].end)
    return None


def _letter_published(doc: Annotated) -> DocumentFact | None:
    """A letter's date line: a line holding only a date, before the salutation."""
    dear = _DEAR_RE.search(doc.text, 0, LETTER_HEAD_CHARS)
    return _date_line(doc, 0, dear.start() if dear else LETTER_HEAD_CHARS)


def _byline_published(doc: Annotated) -> DocumentFact | None:
    lo, hi = _content_head(doc, HEAD_CHARS)
    return _labelled_date(doc, lo, hi) or _date_line(doc, lo, hi)


def _date_line(doc: Annotated, lo: int, hi: int) -> DocumentFact | None:
    for line in _DATE_LINE_RE.finditer(doc.text, lo, hi):
        dates = find_dates(doc.text, line.start("date"), line.end("date"))
        if len(dates) == 1 and dates[0].first and dates[0].first.precision == "day" and not dates[0].is_range \
                and _mostly(dates[0].end - dates[0].start, line.end("date") - line.start("date")):
            return _date_fact(doc, dates[0].first, dates[0].start, dates[0].end)
    return None


def _mostly(part: int, whole: int) -> bool:
    return part >= 0.6 * whole


def _date_fact(doc: Annotated, value: PartialDate, start: int, end: int) -> DocumentFact:
    return DocumentFact("published", value.value, evidence(doc, start, end))


def _byline_author(doc: Annotated) -> DocumentFact | None:
    """A name alone on a line next to the byline date, or after 'By'."""
    published = _byline_published(doc)
    lo, hi = _content_head(doc, HEAD_CHARS)
    for m in _BYLINE_RE.finditer(doc.text, lo, hi):
        if _NOT_NAMES.search(m["name"]) or m.start() == lo:
            continue
        near_date = published is not None and published.evidence is not None and (
            abs(published.evidence.start - m.end()) < 40 or abs(m.start() - published.evidence.end) < 40)
        if near_date or doc.text[m.start():m.end()].lstrip().startswith("By "):
            return _group_fact(doc, "author", m, "name")
    return None


def _letter_author(doc: Annotated) -> DocumentFact | None:
    tail = max(0, len(doc.text) - 3000)
    matches = list(_SIGN_OFF_RE.finditer(doc.text, tail))
    if not matches:
        return None
    m = matches[-1]
    return _group_fact(doc, "author", m, "name")


def _addressee(doc: Annotated) -> DocumentFact | None:
    m = _DEAR_RE.search(doc.text, 0, LETTER_HEAD_CHARS)
    return _group_fact(doc, "addressee", m, "name") if m else None


def _ofsted_publisher(doc: Annotated) -> DocumentFact | None:
    m = re.search(r"\bOfsted\b", doc.text)
    return DocumentFact("publisher", "Ofsted", evidence(doc, m.start(), m.end())) if m else None


def _copyright_publisher(doc: Annotated) -> DocumentFact | None:
    m = _COPYRIGHT_RE.search(doc.text)
    return _group_fact(doc, "publisher", m, "name") if m else None


@cache
def _publisher_patterns() -> dict:
    return load_patterns("publishers", _PUBLISHERS_SCHEMA)


@cache
def branding_cues() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in _publisher_patterns()["branding_cues"])


def _masthead(doc: Annotated) -> re.Match[str] | None:
    """The newspaper's name on the first content line, above the headline."""
    lo, hi = _content_head(doc, HEAD_CHARS)
    m = _MASTHEAD_RE.match(doc.text, lo, hi)
    if m is None or m["last"] not in _publisher_patterns()["masthead_words"]:
        return None
    return m


def _masthead_publisher(doc: Annotated) -> DocumentFact | None:
    m = _masthead(doc)
    return _group_fact(doc, "publisher", m, "name") if m else None


def _branding_publisher(doc: Annotated) -> DocumentFact | None:
    for cue in branding_cues():
        m = cue.search(doc.text)
        if m:
            return _group_fact(doc, "publisher", m, "publisher")
    return None
