"""The author of a news story or trade-press piece, from its byline.

A byline is "By NAME" (capital B), "Author: NAME", "Published by: NAME", a
name followed by the story's date ("Jane Doe 09 January 2019", "Jane Doe
Monday, July 23, 2018"), a name followed by "Local Democracy Reporting Service",
or a name alone on a line near the top next to a date line. Names in capitals
("By JOHN SMITH") are read in title case. The metadata component's author, when
it found one, comes first.
"""

from __future__ import annotations

import re

from graph import registers
from graph.extract.base import Annotated, evidence
from graph.extract.people_rules import PeopleRules
from graph.extract.people_text import is_name_word
from graph.records import AuthorityMention, DocumentFact, RoleFact

_NAME = r"(?P<name>(?:[A-Z][\w’'-]+|[A-Z]\.?)(?:[ \t]+(?:[A-Z][\w’'-]+|[A-Z]\.)){1,3})"
_DATE = (r"\(?(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?[ \t]+)?"
         r"(?:\d{1,2}(?:st|nd|rd|th)?[ \t]+[A-Z][a-z]+,?[ \t]+\d{4}|[A-Z][a-z]+[ \t]+\d{1,2},?[ \t]+\d{4})")
_BYLINES = (
    re.compile(rf"(?:^|(?<=[\s\-–|]))(?:By|BY)[ \t]+{_NAME}(?![\w’'-])"),
    re.compile(rf"\b(?:Author|Published by|Written by|Words by):[ \t]*{_NAME}(?![\w’'-])"),
    re.compile(rf"(?:^|(?<=\s)){_NAME}[ \t]+(?=(?:{_DATE}|Local Democracy Report))"),
)
_LINE_RE = re.compile(r"[^\n]*\S[^\n]*")
_DATE_LINE_RE = re.compile(r"\b(?:19|20)\d\d\b")


def author_fact(doc: Annotated, found: PeopleRules, named: set[str]) -> RoleFact | None:
    """The byline's author, unless the document is Ofsted's own or the name already holds a post in it."""
    kind = next((f.value for f in doc.of_type(DocumentFact) if f.field_name == "kind"), None)
    if kind in ("ofsted-letter", "ofsted-report") or not doc.content:
        return None
    stated = next((f for f in doc.of_type(DocumentFact) if f.field_name == "author" and f.evidence), None)
    span = (stated.evidence.start, stated.evidence.end) if stated else _byline(doc, found)
    if span is None:
        return None
    councils = [m.evidence.start for m in doc.of_type(AuthorityMention) if span[0] <= m.evidence.start < span[1]]
    if councils:  # "Published by: Jo Bloggs Bolton is ...": a council's name ends the byline
        span = (span[0], len(doc.text[:min(councils)].rstrip()))
        if span[1] <= span[0]:
            return None
    name = _tidy(re.sub(r"^By[ \t]+", "", doc.text[span[0]:span[1]].strip()), found)
    if name is None or name in named:
        return None
    return RoleFact(name=name, role="author", evidence=evidence(doc, *span), title="author",
                    organisation=_publisher(doc) or _agency(doc.text, span[1]), attested=doc.published())


def _tidy(name: str, found: PeopleRules, from_end: bool = False) -> str | None:
    """The name as a register holds it: post-nominals off, capitals in title case, cut at the first word no
    name has ("Author: Jo Bloggs Published"), or read from the end when a date follows ("... Ofsted Jo
    Bloggs 9 May 2019"); None if fewer than two words of a name are left."""
    words = [w.capitalize() if w.isupper() and len(w) > 1 else w for w in name.split() if w not in found.words.suffixes]
    if from_end:
        words.reverse()
    kept = []
    for word in words:
        if not is_name_word(word) or word.lower() in found.words.not_name or from_end and _place(word):
            break
        kept.append(word)
    if from_end:
        kept.reverse()
    elif len(kept) > 2 and _place(kept[-1]):
        kept.pop()  # "Published by: Jo Bloggs Bolton is ...": the story begins with a council's name
    return " ".join(kept[:4] if not from_end else kept[-4:]) if len(kept) >= 2 else None


def _place(word: str) -> bool:
    """A word the register knows as a council's name ("... County Hall Durham 10 January 2017")."""
    return registers.authority_name_index().get(registers.normalise_name(word)) is not None


def _byline(doc: Annotated, found: PeopleRules) -> tuple[int, int] | None:
    """A byline near the top of the first content region."""
    lo, hi = doc.content[0]
    lines = [m for _, m in zip(range(found.byline_lines), _LINE_RE.finditer(doc.text, lo, hi))]
    if not lines:
        return None
    top = lines[-1].end()
    for index, pattern in enumerate(_BYLINES):
        from_end = index == len(_BYLINES) - 1  # a name before a date: the words nearest the date
        for match in pattern.finditer(doc.text, lo, top):
            name = _tidy(match["name"], found, from_end)
            if name:
                return _name_span(doc.text, match.start("name"), match.end("name"), name)
    for index, line in enumerate(lines[1:], start=1):
        neighbours = [lines[i].group(0) for i in (index - 1, index + 1) if 0 <= i < len(lines)]
        whole = line.group(0).strip()
        if _tidy(whole, found) == " ".join(whole.split()) and any(_DATE_LINE_RE.search(n) for n in neighbours):
            return line.start() + len(line.group(0)) - len(line.group(0).lstrip()), line.end()
    return None


def _name_span(text: str, start: int, end: int, name: str) -> tuple[int, int]:
    """Where the words of `name` stand in text[start:end] (in any case)."""
    found = re.search(r"\s+".join(map(re.escape, name.split())), text[start:end], re.IGNORECASE)
    return (start + found.start(), start + found.end()) if found else (start, end)


_AGENCY_RE = re.compile(r"[ \t]*(?:[-–,][ \t]*)?(?P<agency>Local Democracy Reporting Service)\b")


def _agency(text: str, end: int) -> str | None:
    """A news agency named right after the byline's name: "By Jo Bloggs, Local Democracy Reporting Service"."""
    found = _AGENCY_RE.match(text, end)
    return found["agency"] if found else None


def _publisher(doc: Annotated) -> str | None:
    """The publisher the metadata component found: a byline's organisation."""
    return next((f.value for f in doc.of_type(DocumentFact) if f.field_name == "publisher"), None)
