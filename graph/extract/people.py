"""People with roles: RoleFacts from the ways news copy, letters and reports name them.

Every construction is anchored on a role title (graph/rules/roles.yaml):
the name stands before it ("Ruth Smeeth, the MP for ...", "Neil Penswick
HMI", a name line above a title line) or after it ("Council leader Abi
Brown", "Lead inspector: Jane Doe", "The leader of X Council, Ann James,").
A council post takes its council from a council name next to the title, else
the document's main council; nothing is taken from a neighbouring sentence.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from graph import registers
from graph.extract.authorities import main_authority
from graph.extract.base import Annotated, evidence
from graph.dates import find_dates
from graph.records import AuthorityMention, DocumentFact, PartialDate, RoleFact

from graph.extract.people_rules import (
    rules, Found, PeopleRules, RoleSpec,
)


def extract(doc: Annotated) -> Annotated:
    found = rules()
    council = main_authority(doc)
    mentions = sorted(doc.of_type(AuthorityMention), key=lambda m: m.evidence.start)
    facts: list[RoleFact] = []
    seen: set[tuple[str, str, str | None, str | None]] = set()
    readings = list(_readings(doc, found))
    full_names = {r.name for r in readings if " " in r.name}
    for reading in readings:
        fact = _role_fact(doc, reading, mentions, council, full_names)
        if fact is None:
            continue
        key = (fact.name, fact.role, fact.authority, fact.organisation)
        if key not in seen:
            seen.add(key)
            facts.append(fact)
    author = _author_fact(doc, found, {f.name for f in facts})
    return doc.add(*facts, *([author] if author else []))


# ------------------------------------------------------------ readings

def _readings(doc: Annotated, found: PeopleRules) -> Iterator[Found]:
    text = doc.text
    for lo, hi in doc.content:
        yield from _listed_inspectors(text, lo, hi, found)
        for match in _titles(text, lo, hi, found):
            spec = found.specs[int(match.lastgroup[1:])]
            if found.blocked_before.search(text, max(lo, match.start() - 30), match.start()):
                continue
            reading = _name_for_title(text, match, spec, found, lo, hi)
            if reading is not None:
                yield reading


def _listed_inspectors(text: str, lo: int, hi: int, found: PeopleRules) -> Iterator[Found]:
    """"His Majesty's Inspectors for this visit were X and Y": a reading for each name listed."""
    for lead in found.list_lead.finditer(text, lo, hi):
        position = lead.end()
        while (person := found.listed_name.match(text, position, hi)) and _valid_name(person["name"], found):
            yield _reading(person, found.list_spec, lead, lead.start(), person.end("name"))
            position = person.end("name")


_TITLE_REACH = (45, 160)  # how far a title may start before its keyword and end after it


def _titles(text: str, lo: int, hi: int, found: PeopleRules) -> Iterator[re.Match[str]]:
    """Role titles in text[lo:hi], tried only at the word starts just before their keywords:
    one full regex pass over a 100-page report costs seconds, substring search milliseconds."""
    covered = lo
    for position in _keyword_positions(text, lo, hi, found.keywords):
        if position < covered:
            continue
        window_end = min(hi, position + _TITLE_REACH[1])
        for word in _WORD_START_RE.finditer(text, max(covered, position - _TITLE_REACH[0]), position + 1):
            match = found.titles.match(text, word.start(), window_end)
            if match and match.end() > position:
                covered = match.end()
                yield match
                break


_WORD_START_RE = re.compile(r"\b\w")


def _keyword_positions(text: str, lo: int, hi: int, keywords: tuple[str, ...]) -> list[int]:
    lowered = text[lo:hi].lower()
    positions: list[int] = []
    for keyword in keywords:
        haystack = text[lo:hi] if keyword.isupper() else lowered
        needle = keyword if keyword.isupper() else keyword.lower()
        index = haystack.find(needle)
        while index >= 0:
            positions.append(lo + index)
            index = haystack.find(needle, index + 1)
    return sorted(positions)


def _name_for_title(text: str, title: re.Match[str], spec: RoleSpec, found: PeopleRules,
                    lo: int, hi: int) -> Found | None:
    """The person a title belongs to: named just before it, else just after it."""
    start, end = title.span()
    before_from = max(lo, start - 120)
    candidates = (
        found.name_before.search(text, before_from, start),
        found.name_line_before.search(text, before_from, start) if _starts_line(text, start) else None,
        found.bare_name_before.search(text, before_from, start) if title.group(0) in ("HMI", "SHMI", "MP") else None,
    )
    for match in candidates:
        if match and _valid_name(match["name"], found):
            return _reading(match, spec, title, match.start("hon") if match["hon"] else match.start("name"), end)
    after_start = _after_organisation(text, end, hi)
    after = found.name_after.match(text, after_start, hi)
    if after and _valid_name(after["name"], found) and _name_follows_title(text, after, found, start):
        reading = _reading(after, spec, title, start, after.end("name"))
        return _without_constituency(reading, found) if title.group(0).lower().endswith(" for") else reading
    return None


def _without_constituency(reading: Found, found: PeopleRules) -> Found:
    """"MP for Wigan Helen Ashcroft": a constituency the register knows comes off the name's front."""
    words = reading.name.split()
    known = _known_constituency(words[:-2], from_end=False)
    if known is None:
        return reading
    name = " ".join(words[len(known.split()):])
    return replace(reading, name=name) if _valid_name(name, found) else reading


def _reading(person: re.Match[str], spec: RoleSpec, title: re.Match[str], start: int, end: int) -> Found:
    honorific = " ".join(person["hon"].split()) or None
    return Found(person["name"], honorific, spec, " ".join(title.group(0).split()),
                 start, end, title.start(), title.end())


def _after_organisation(text: str, end: int, hi: int) -> int:
    """Skip "of X Council" after a title so that "The leader of X, Ann James," reaches the name."""
    match = _ORGANISATION_AFTER_RE.match(text, end, hi)
    return match.end() if match else end


_ORGANISATION_AFTER_RE = re.compile(
    r"[ \t]+(?:of|for|at)[ \t]+(?:the[ \t]+)?(?:[A-Z][\w’'-]*(?:[ \t]+(?:[A-Z][\w’'-]*|of|upon|on|and|under))*)"
    r"(?:[ \t]*\([A-Z]+\))?(?=,)|[ \t]*\([A-Z]+\)(?=,)")


def _name_follows_title(text: str, after: re.Match[str], found: PeopleRules, title_start: int) -> bool:
    """A name after a title: "leader Abi Brown", "Lead inspector: X", "The leader of X, Ann James,"."""
    separator = text[after.start(): after.start("hon") if after["hon"] else after.start("name")]
    if ":" in separator:
        line_start = text.rfind("\n", 0, title_start) + 1
        return bool(found.inspector_label.search(text, line_start, after.start() + separator.index(":") + 1))
    if "," in separator:
        following = text[after.end("name"): after.end("name") + 2]
        return following[:1] in (",", "(", ".") or following == " ("
    return True


def _starts_line(text: str, position: int) -> bool:
    line_start = text.rfind("\n", 0, position) + 1
    return not text[line_start:position].strip(" \t*#")


def _valid_name(name: str, found: PeopleRules) -> bool:
    words = name.split()
    if any(w.rstrip(".") in found.not_name_words or w.endswith(("’s", "'s")) for w in words):
        return False
    return not (len(words) == 1 and words[0].endswith("."))


# ------------------------------------------------------------ facts

def _role_fact(doc: Annotated, reading: Found, mentions: list[AuthorityMention], council: str | None,
               full_names: set[str]) -> RoleFact | None:
    found = rules()
    name = _full_name(found.suffix.sub("", reading.name), reading.honorific, full_names)
    if name is None:
        return None
    spec = reading.spec
    authority, start, end = None, reading.start, reading.end
    if spec.council:
        adjacent = _adjacent_authority(doc.text, reading, mentions)
        if adjacent is not None:
            authority = adjacent.gss_code
            start, end = min(start, adjacent.evidence.start), max(end, adjacent.evidence.end)
        elif _named_other_body(doc.text, reading.title_start):
            return None
        else:
            authority = council
        if authority is None:
            return None
    constituency = _constituency(doc.text, reading) if spec.role == "member-of-parliament" else None
    if constituency:
        start, end = min(start, constituency[1]), max(end, constituency[2])
    began, ended, tenure_end = _tenure(doc, end)
    if tenure_end:
        end = tenure_end
    return RoleFact(
        name=name, role=spec.role, evidence=evidence(doc, start, end), title=reading.title,
        authority=authority, organisation=spec.organisation, honorific=reading.honorific,
        constituency=constituency[0] if constituency else None,
        # A post the source says has ended is not attested at the source's date.
        attested=None if ended else doc.published(), start=began, end=ended,
    )


def _tenure(doc: Annotated, after: int) -> tuple[PartialDate | None, PartialDate | None, int | None]:
    """(start, end, where the phrase ends) of a post, from a tenure phrase in the rest of the sentence."""
    stop = _SENTENCE_STOP_RE.search(doc.text, after)
    hi = stop.start() if stop else len(doc.text)
    found = rules()
    hi = min(hi, after + _TENURE_REACH)
    for cue, is_end in ((found.tenure_end, True), (found.tenure_start, False)):
        for match in cue.finditer(doc.text, after, hi):
            if doc.text[after:match.start()].strip(" ,") not in _TENURE_LINKS:
                continue  # the phrase must follow the reading directly, not later in the sentence
            dates = find_dates(doc.text, match.end(), min(hi, match.end() + 40), reference=doc.published())
            if dates and dates[0].first and not doc.text[match.end():dates[0].start].strip(" ,"):
                when = dates[0].first
                return (None, when, dates[0].end) if is_end else (when, None, dates[0].end)
    return None, None, None


def _full_name(name: str, honorific: str | None, full_names: set[str]) -> str | None:
    """A surname alone ("Cllr Brown") stands for the one full name in the document that ends with it."""
    if " " in name:
        return name
    matches = [full for full in full_names if full.split()[-1] == name]
    return matches[0] if len(matches) == 1 and honorific else None


_SENTENCE_STOP_RE = re.compile(r"[.!?:;](?:\s|$)|\n\s*\n|[“\"]")
_TENURE_REACH = 80  # characters after a reading in which its tenure phrase may stand
_TENURE_LINKS = frozenset({"", "who", "and", "who has", "who had", "has", "had", "who was", "was"})
_POSSESSIVE_GAP_RE = re.compile(r"(?:['’]s)?[ \t]*$")
# "leader of Walsall Council", "leader of neighbouring Walsall Council"
_OF_GAP_CHARS = 25
_OF_GAP_RE = re.compile(r"^[ \t]+(?:of|for|at)[ \t]+(?:the[ \t]+)?(?:[a-z]+[ \t]+)?$")


def _adjacent_authority(text: str, reading: Found, mentions: list[AuthorityMention]) -> AuthorityMention | None:
    """A council named right before the title ("Kent County Council's leader") or right after ("leader of X")."""
    for mention in mentions:
        span = mention.evidence
        if span.start < reading.title_start < span.end <= reading.title_end:
            return mention  # the title begins inside the name: "X City Council leader"
        if span.end <= reading.title_start and reading.title_start - span.end <= 4:
            if _POSSESSIVE_GAP_RE.fullmatch(text, span.end, reading.title_start):
                return mention
        if span.start >= reading.title_end and span.start - reading.title_end <= _OF_GAP_CHARS:
            if _OF_GAP_RE.match(text[reading.title_end: span.start]):
                return mention
        if span.start > reading.title_end + _OF_GAP_CHARS:
            break
    return None


_OTHER_BODY_RE = re.compile(r"(?:^|[ \t])(?P<word>[A-Z][\w’'&.-]*)(?:['’]s)?[ \t]+$")
_COUNCIL_CONTEXT = frozenset({"Council", "Council's", "Council’s", "The", "Authority", "Its", "Their", "Our"})


def _named_other_body(text: str, title_start: int) -> bool:
    """A capitalised word right before a council title names another body ("NSPCC chief executive")."""
    line_start = text.rfind("\n", 0, title_start) + 1
    match = _OTHER_BODY_RE.search(text[max(line_start, title_start - 40): title_start])
    return bool(match) and match["word"] not in _COUNCIL_CONTEXT


_CONSTITUENCY_AFTER_RE = re.compile(r"[ \t]+for[ \t]+(?P<c>[A-Z][\w’'-]*(?:[ \t]+(?:[A-Z][\w’'-]*|and|upon|on|under))*)")
_WORDS_BEFORE_RE = re.compile(r"(?:[A-Z][\w’'-]*[ \t]+){1,5}$")


def _constituency(text: str, reading: Found) -> tuple[str, int, int] | None:
    """The constituency the text names for an MP (and its span), when the register knows it as one."""
    title_end = reading.title_end
    title_text = text[reading.title_start:title_end]
    if title_text.lower().endswith(" for"):
        title_end -= 4
    after = _CONSTITUENCY_AFTER_RE.match(text, title_end)
    if after:
        known = _known_constituency(after["c"].split(), from_end=False)
        return (known, after.start("c"), after.start("c") + len(known)) if known else None
    before = _WORDS_BEFORE_RE.search(text, max(0, reading.title_start - 60), reading.title_start)
    if before is None:
        return None
    known = _known_constituency(before.group(0).split(), from_end=True)
    if known is None:
        return None
    start = text.rindex(known, before.start(), reading.title_start)
    return known, start, start + len(known)


def _known_constituency(words: list[str], from_end: bool) -> str | None:
    """The longest run of the words next to the title that names a constituency."""
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[-size:] if from_end else words[:size])
        if registers.mp_by_constituency(candidate):
            return candidate
    return None


# ------------------------------------------------------------ author

def _author_fact(doc: Annotated, found: PeopleRules, named: set[str]) -> RoleFact | None:
    """The byline's author, from the metadata component's fact when there is one."""
    kind = next((f.value for f in doc.of_type(DocumentFact) if f.field_name == "kind"), None)
    if kind in ("ofsted-letter", "ofsted-report"):
        return None
    stated = next((f for f in doc.of_type(DocumentFact) if f.field_name == "author" and f.evidence), None)
    span = (stated.evidence.start, stated.evidence.end) if stated else _byline_span(doc, found)
    if span is None:
        return None
    name = found.suffix.sub("", doc.text[span[0]:span[1]].strip())
    name = re.sub(r"^By[ \t]+", "", name)
    if name in named or not _valid_name(name, found) or " " not in name:
        return None
    return RoleFact(name=name, role="author", evidence=evidence(doc, *span), title="author",
                    organisation=_publisher(doc), attested=doc.published())


def _byline_span(doc: Annotated, found: PeopleRules) -> tuple[int, int] | None:
    lines = _first_lines(doc, found.byline_lines)
    for index, line in enumerate(lines[1:], start=1):
        match = found.byline.match(line.group(0))
        if not match or not _valid_name(match["name"], found):
            continue
        neighbours = [lines[i].group(0) for i in (index - 1, index + 1) if 0 <= i < len(lines)]
        if line.group(0).lstrip().startswith("By ") or any(_DATE_LINE_RE.search(n) for n in neighbours):
            return line.start() + match.start("name"), line.start() + match.end("name")
    return None


_DATE_LINE_RE = re.compile(r"\b(?:19|20)\d\d\b")
_LINE_RE = re.compile(r"[^\n]*\S[^\n]*")


def _first_lines(doc: Annotated, count: int) -> list[re.Match[str]]:
    """The first non-blank lines of the document's first content region."""
    if not doc.content:
        return []
    lo, hi = doc.content[0]
    lines = []
    for line in _LINE_RE.finditer(doc.text, lo, hi):
        lines.append(line)
        if len(lines) == count:
            break
    return lines


def _publisher(doc: Annotated) -> str | None:
    """The publisher the metadata component found: a byline's organisation."""
    return next((f.value for f in doc.of_type(DocumentFact) if f.field_name == "publisher"), None)
