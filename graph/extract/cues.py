"""Cues: literals every match of a pattern contains, so that the pattern runs only where they are.

Running the event and grading patterns on each of a report's sentences on its
own costs a pattern call per sentence, and few sentences match. A pattern's
cue is read off its parsed form (`required_clauses`): a sequence needs every
one of its items, an alternation one of its branches (each branch's best
clause, joined), a repeat at least once what it repeats; an optional,
zero-width or class item needs nothing. So every match contains a literal
of each of the pattern's clauses, and the filter is exact, not a guess: a
pattern kept off a sentence would have found nothing there.

`Cues.sentences` scans each region once for one clause of every pattern, then
checks only the sentences with a hit against all of each pattern's clauses.
Literals are runs of ASCII letters and digits, so a hit never spans
whitespace; sentences part only at whitespace, so the hit that finds a
literal lies in that literal's own sentence. Scan and checks run
case-sensitively over `fold(text)`, one character for each of the text's,
in which every character `re.IGNORECASE` matches to an ASCII letter or digit
is that letter or digit: several times faster than a case-insensitive scan, and
it finds whatever a literal of a case-insensitive pattern (or of a
case-sensitive one) matches.
"""

from __future__ import annotations

import re
import string
from re import _constants as sre  # the standard library's own regex parser (3.11+): no second grammar here
from re import _parser
from typing import Iterable, Iterator

from graph.extract.base import sentences

_WORD_CHAR = frozenset(string.ascii_letters + string.digits)
# The only characters outside ASCII that re.IGNORECASE matches to an ASCII letter or digit
# (tests/test_cues.py checks every code point). str.lower() leaves ı and ſ as they are and
# turns İ into two characters; mapped first, the folded text keeps the text's offsets.
_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_NEEDS_MAPPING = re.compile("[\u0130\u0131\u017f]")

Clause = frozenset[str]  # one of these literals occurs in every match


def fold(text: str) -> str:
    """`text` lower-cased character for character, each character IGNORECASE matches to ASCII made it."""
    if _NEEDS_MAPPING.search(text):
        text = text.translate(_TO_ASCII)
    return text.lower()


def required_clauses(pattern: re.Pattern[str]) -> tuple[Clause, ...]:
    """Clauses of lower-case literals: every match of `pattern` contains a literal of each clause."""
    return tuple(_clauses(_parser.parse(pattern.pattern, pattern.flags)))


def is_top_level_alternation(pattern: str) -> bool:
    """Whether `pattern` is an alternation outside any group ("has yet to|is yet to")."""
    parsed = _parser.parse(pattern)
    return len(parsed) == 1 and parsed[0][0] is sre.BRANCH


def _clauses(items: Iterable[tuple]) -> list[Clause]:
    """What each item of a sequence requires: every one is required, being in sequence."""
    clauses: list[Clause] = []
    run = ""
    for op, arg in items:
        if op is sre.LITERAL and chr(arg) in _WORD_CHAR:
            run += chr(arg).lower()
            continue
        if run:
            clauses.append(frozenset([run]))
            run = ""
        clause = _required_by(op, arg)
        if clause is not None:
            clauses.append(clause)
    if run:
        clauses.append(frozenset([run]))
    return clauses


def _required_by(op, arg) -> Clause | None:
    if op is sre.SUBPATTERN:
        return _best(_clauses(arg[3]))
    if op is sre.ATOMIC_GROUP:
        return _best(_clauses(arg))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return _best(_clauses(arg[2])) if arg[0] >= 1 else None
    if op is sre.BRANCH:
        branches = [_best(_clauses(branch)) for branch in arg[1]]
        return None if None in branches else frozenset().union(*branches)
    return None  # a class, any character, an assertion, a back reference: no literal of its own


def _best(clauses: list[Clause]) -> Clause | None:
    """The clause whose shortest literal is longest (fewest chance hits), fewer literals on ties."""
    return max(clauses, key=lambda clause: (min(map(len, clause)), -len(clause)), default=None)


class Cues:
    """The cues of several named patterns, and one scan for all of them over a text's regions."""

    def __init__(self, patterns: dict[str, re.Pattern[str]]) -> None:
        self._clauses = {name: required_clauses(pattern) for name, pattern in patterns.items()}
        # One clause of each pattern finds every sentence it can match in; the pattern's best
        # clause (longest literals) costs the scan least. A pattern with none leaves no scan.
        scanned = [_best(list(clauses)) for clauses in self._clauses.values()]
        literals = None if None in scanned else sorted(frozenset().union(*scanned), key=lambda w: (-len(w), w))
        self._scan = re.compile("|".join(map(re.escape, literals))) if literals else None

    def sentences(self, text: str, regions: tuple[tuple[int, int], ...]
                  ) -> Iterator[tuple[int, int, frozenset[str]]]:
        """Each sentence of `regions` where some pattern may match, with the names of those that may.

        A pattern left out of a sentence's names finds nothing when run on that sentence alone.
        """
        folded = fold(text)
        spans = sentences(text, regions)
        if self._scan is not None:
            hits = sorted(m.start() for lo, hi in regions for m in self._scan.finditer(folded, lo, hi))
            spans = _holding(spans, hits)
        for lo, hi in spans:
            holds = folded[lo:hi].__contains__
            names = frozenset(name for name, clauses in self._clauses.items()
                              if all(any(map(holds, clause)) for clause in clauses))
            if names:
                yield lo, hi, names


def _holding(spans: Iterable[tuple[int, int]], hits: list[int]) -> Iterator[tuple[int, int]]:
    """The spans (in order) that contain one of the sorted `hits`."""
    index = 0
    for lo, hi in spans:
        while index < len(hits) and hits[index] < lo:
            index += 1
        if index == len(hits):
            return
        if hits[index] < hi:
            yield lo, hi
