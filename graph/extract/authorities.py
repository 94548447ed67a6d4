"""Councils named in a document, recognised against the registers' council name table.

The table (graph.registers.authority_name_table, docs/authorities.md) holds
every written form of every children's-services council since 2009 and of the
other councils that share them. Names are found in one pass with a trie of
words over all of them (name_trie.py); the table says which council a form
means at the document's date. Context rules (data, in graph/rules/authorities.yaml) drop
football clubs, constituencies, people's surnames and lower-tier councils, and
mark the slots of Ofsted's titles, where a name can only be a children's-services
authority.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Iterator

from graph import registers
from graph.dates import find_dates
from graph.extract.base import Annotated, evidence
from graph.extract.name_trie import NameTrie
from graph.rules import load_patterns
from graph.records import AuthorityMention

_SCHEMA = {
    "type": "object",
    "required": ["lowercase_words", "reject_after", "allowed_word_before", "honorifics_before",
                 "ambiguous_alone", "heading_chars", "club_endings", "council_words_after", "title_before",
                 "title_after", "cue_chars", "date_chars"],
    "additionalProperties": False,
    "properties": {
        "lowercase_words": {"type": "array", "items": {"type": "string"}},
        "reject_after": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "allowed_word_before": {"type": "array", "items": {"type": "string"}},
        "honorifics_before": {"type": "string"},
        "ambiguous_alone": {"type": "array", "items": {"type": "string"}},
        "heading_chars": {"type": "integer", "minimum": 0},
        "club_endings": {"type": "array", "items": {"type": "string"}},
        "council_words_after": {"type": "string"},
        "title_before": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "title_after": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "cue_chars": {"type": "integer", "minimum": 1},
        "date_chars": {"type": "integer", "minimum": 0},
    },
}

_COUNCIL_WORDS = frozenset({"council", "borough", "corporation", "county", "city", "district", "authority"})


@dataclass(frozen=True)
class AuthorityRules:
    names: NameTrie
    table: registers.NameTable
    lowercase_words: frozenset[str]
    reject_after: re.Pattern[str]
    allowed_word_before: frozenset[str]
    honorifics_before: re.Pattern[str]
    ambiguous_alone: frozenset[str]
    heading_chars: int
    club_endings: frozenset[str]
    council_words_after: re.Pattern[str]
    title_before: re.Pattern[str]
    title_after: re.Pattern[str]
    cue_chars: int
    date_chars: int


@dataclass(frozen=True)
class NameMatch:
    gss_code: str
    start: int
    end: int


@cache
def rules() -> AuthorityRules:
    data = load_patterns("authorities", _SCHEMA)
    table = registers.authority_name_table()
    return AuthorityRules(
        names=NameTrie(table.forms()),
        table=table,
        lowercase_words=frozenset(data["lowercase_words"]),
        reject_after=_any_of(data["reject_after"]),
        allowed_word_before=frozenset(data["allowed_word_before"]),
        honorifics_before=re.compile(data["honorifics_before"]),
        ambiguous_alone=frozenset(_fold(n) for n in data["ambiguous_alone"]),
        heading_chars=data["heading_chars"],
        club_endings=frozenset(data["club_endings"]),
        council_words_after=re.compile(data["council_words_after"]),
        title_before=_any_of(data["title_before"]),
        title_after=_any_of(data["title_after"]),
        cue_chars=data["cue_chars"],
        date_chars=data["date_chars"],
    )


def extract(doc: Annotated) -> Annotated:
    mentions = [
        AuthorityMention(gss_code=m.gss_code, evidence=evidence(doc, m.start, m.end))
        for m in find_names(doc.text, doc.content, _document_date(doc))
    ]
    return doc.add(*mentions)


def find_names(text: str, regions: tuple[tuple[int, int], ...], when: str | None = None) -> Iterator[NameMatch]:
    """Council names inside `regions` of `text` that pass the context rules, each the council
    its name meant at `when` (the document's date, ISO, maybe partial; None: now)."""
    found = rules()
    for lo, hi in regions:
        for start, end in found.names.find(text, lo, hi):
            code = _accept(text, start, end, found, when)
            if code:
                yield NameMatch(code, start, end)


def main_authority(doc: Annotated) -> str | None:
    """The document's own council: the first named in its heading, else the most named."""
    mentions = doc.of_type(AuthorityMention)
    if not mentions:
        return None
    first_content = doc.content[0][0] if doc.content else 0
    heading = [m for m in mentions if m.evidence.start < first_content + rules().heading_chars]
    if heading:
        return min(heading, key=lambda m: m.evidence.start).gss_code
    counts = Counter(m.gss_code for m in mentions)
    ranked = counts.most_common(2)
    if len(ranked) == 2 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def _document_date(doc: Annotated) -> str | None:
    """The date that chooses between a predecessor and its successor: the document's publication,
    else the first date its opening states (a report's inspection dates, a letter's date)."""
    published = doc.published()
    if published is not None:
        return published.value
    opening = find_dates(doc.text, 0, min(len(doc.text), rules().date_chars))
    return next((found.first.value for found in opening if found.first is not None), None)


def _accept(text: str, start: int, end: int, found: AuthorityRules, when: str | None) -> str | None:
    surface = text[start:end]
    key = _fold(surface)
    if key not in found.table.owners or not _written_as_name(surface, found.lowercase_words):
        return None
    if _in_title_slot(text, start, end, found):
        return found.table.choose(key, when, childrens_services_context=True)
    code = found.table.choose(key, when)
    if code is None or key in found.ambiguous_alone:
        return None
    line_end = text.find("\n", end)
    after = text[end: line_end if line_end >= 0 else len(text)]
    if found.reject_after.search(after):
        return None
    if surface.split()[-1] in found.club_endings and not found.council_words_after.match(after):
        return None
    if not _names_council_type(key) and _part_of_other_name(text, start, found):
        return None
    return code


def _in_title_slot(text: str, start: int, end: int, found: AuthorityRules) -> bool:
    """The name fills the council's slot of an Ofsted title or address, where only a
    children's-services authority can stand."""
    before = text[max(0, start - found.cue_chars): start]
    after = text[end: end + found.cue_chars]
    return bool(found.title_before.search(before) or found.title_after.match(after))


def _written_as_name(surface: str, lowercase_words: frozenset[str]) -> bool:
    """A proper name: its first letter capital, other words capitalised or connectors."""
    words = re.findall(r"[A-Za-z]+", surface)
    if not words or not words[0][0].isupper():
        return False
    return all(w[0].isupper() or w.lower() in lowercase_words for w in words)


def _names_council_type(key: str) -> bool:
    """Names that say what they are ("... council", "london borough of ...") need no context check."""
    return any(word in _COUNCIL_WORDS for word in key.split())


def _part_of_other_name(text: str, start: int, found: AuthorityRules) -> bool:
    before = text[max(0, start - 40): start]
    if found.honorifics_before.search(before):
        return True
    previous = re.search(r"([A-Z][A-Za-z’']*)[ \t]+$", before)
    return bool(previous) and previous.group(1) not in found.allowed_word_before


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def _fold(name: str) -> str:
    """The lookup form shared by index keys and text: registers' normalisation, hyphens as spaces."""
    return registers.normalise_name(name)
