"""Councils named in a document, recognised against the register's name index.

The index (graph.registers.authority_name_index) maps every unambiguous
surface form of a children's-services authority to its GSS code. Names are
found in one pass with a token-trie regex; context rules (data, in
graph/rules/authorities.yaml) drop football clubs, constituencies,
people's surnames and lower-tier councils.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Iterator

from graph import registers
from graph.extract.base import Annotated, evidence
from graph.rules import load_patterns
from graph.records import AuthorityMention

_SCHEMA = {
    "type": "object",
    "required": ["lowercase_words", "reject_after", "allowed_word_before", "honorifics_before",
                 "ambiguous_alone", "heading_chars", "club_endings", "council_words_after"],
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
    },
}

_CAPITALISED_WORD_RE = re.compile(r"\b[A-Z][A-Za-z]*")
_TOKEN_SEPARATOR = r"(?:[.'’]?[ \t\-]+|[ \t]*\n[ \t]*)"
_COUNCIL_WORDS = frozenset({"council", "borough", "corporation", "county", "city", "district", "authority"})


@dataclass(frozen=True)
class AuthorityRules:
    names: re.Pattern[str]
    first_words: frozenset[str]
    index: dict[str, str]
    lowercase_words: frozenset[str]
    reject_after: re.Pattern[str]
    allowed_word_before: frozenset[str]
    honorifics_before: re.Pattern[str]
    ambiguous_alone: frozenset[str]
    heading_chars: int
    club_endings: frozenset[str]
    council_words_after: re.Pattern[str]


@dataclass(frozen=True)
class NameMatch:
    gss_code: str
    start: int
    end: int


@cache
def rules() -> AuthorityRules:
    data = load_patterns("authorities", _SCHEMA)
    index = {_fold(name): code for name, code in registers.authority_name_index().items()}
    return AuthorityRules(
        names=_trie_regex(sorted(index)),
        first_words=frozenset(name.split()[0] for name in index),
        index=index,
        lowercase_words=frozenset(data["lowercase_words"]),
        reject_after=re.compile("|".join(f"(?:{p})" for p in data["reject_after"])),
        allowed_word_before=frozenset(data["allowed_word_before"]),
        honorifics_before=re.compile(data["honorifics_before"]),
        ambiguous_alone=frozenset(_fold(n) for n in data["ambiguous_alone"]),
        heading_chars=data["heading_chars"],
        club_endings=frozenset(data["club_endings"]),
        council_words_after=re.compile(data["council_words_after"]),
    )


def extract(doc: Annotated) -> Annotated:
    mentions = [
        AuthorityMention(gss_code=m.gss_code, evidence=evidence(doc, m.start, m.end))
        for m in find_names(doc.text, doc.content)
    ]
    return doc.add(*mentions)


def find_names(text: str, regions: tuple[tuple[int, int], ...]) -> Iterator[NameMatch]:
    """Council names inside `regions` of `text` that pass the context rules."""
    found = rules()
    for lo, hi in regions:
        position = lo
        # Names start with a capitalised word; only those that can begin a name are tried.
        for word in _CAPITALISED_WORD_RE.finditer(text, lo, hi):
            if word.start() < position or word.group(0).lower() not in found.first_words:
                continue
            match = found.names.match(text, word.start(), hi)
            if match is None:
                continue
            position = match.end()
            code = _accept(text, match, found)
            if code:
                yield NameMatch(code, match.start(), match.end())


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


def _accept(text: str, match: re.Match[str], found: AuthorityRules) -> str | None:
    surface = match.group(0)
    key = _fold(surface)
    code = found.index.get(key)
    if code is None or not _written_as_name(surface, found.lowercase_words):
        return None
    if key in found.ambiguous_alone:
        return None
    line_end = text.find("\n", match.end())
    after = text[match.end(): line_end if line_end >= 0 else len(text)]
    if found.reject_after.search(after):
        return None
    if surface.split()[-1] in found.club_endings and not found.council_words_after.match(after):
        return None
    if not _names_council_type(key) and _part_of_other_name(text, match.start(), found):
        return None
    return code


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


def _fold(name: str) -> str:
    """The lookup form shared by index keys and text: registers' normalisation, hyphens as spaces."""
    return registers.normalise_name(name)


def _trie_regex(names: list[str]) -> re.Pattern[str]:
    """One regex matching any of the names (longest first), factored by shared leading words."""
    trie: dict = {}
    for name in names:
        node = trie
        for token in name.split():
            node = node.setdefault(token, {})
        node[""] = {}
    return re.compile(rf"{_trie_pattern(trie)}(?!-?\w)", re.IGNORECASE)


def _trie_pattern(node: dict) -> str:
    branches = []
    for token in sorted((t for t in node if t), key=lambda t: (-len(t), t)):
        child = node[token]
        word = "(?:and|&)" if token == "and" else re.escape(token)
        rest = _trie_pattern(child) if any(child) else ""
        branches.append(f"{word}(?:{_TOKEN_SEPARATOR}{rest})?" if rest and "" in child
                        else f"{word}{_TOKEN_SEPARATOR}{rest}" if rest else word)
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
