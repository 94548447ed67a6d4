"""Finding any of some thousands of multi-word names in text, longest first, in one pass.

Names are folded (graph.registers.normalise_name: lowercase words, '&' as
'and'); text is cut into words, and a trie of words is walked from each
capitalised word. Between two words of a name the text may have spaces, a
hyphen, a line break, or a full stop, apostrophe or comma before them ("St.
Helens", "Bristol, City of"); '&' needs no spaces ("B&NES"). A dict trie
builds in milliseconds where one regex alternation of the same names takes
seconds to compile.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_WORD_RE = re.compile(r"[A-Za-z0-9]+|&")
_SEPARATOR_RE = re.compile(r"[.'’,]?[ \t\-]+|[ \t]*,?[ \t]*\n[ \t]*")
_NAME_GOES_ON_RE = re.compile(r"-?\w")  # a name ends at a word's end ("Stoke" is not in "Stoke-on-Trent")
_END = ""


class NameTrie:
    def __init__(self, names: Iterable[str]) -> None:
        self._root: dict[str, dict] = {}
        for name in names:
            node = self._root
            for word in name.split():
                node = node.setdefault(word, {})
            node[_END] = {}

    def find(self, text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
        """Spans [start, end) of the longest names in text[lo:hi] that start with a capital, left to right,
        none overlapping."""
        words = list(_WORD_RE.finditer(text, lo, hi))
        position = lo
        for i, word in enumerate(words):
            if word.start() < position or not word.group(0)[0].isupper():
                continue
            last = self._longest(text, words, i, hi)
            if last is not None:
                position = words[last].end()
                yield word.start(), position

    def _longest(self, text: str, words: list[re.Match[str]], first: int, hi: int) -> int | None:
        """Index of the last word of the longest name starting at words[first], or None."""
        node = self._root.get(_folded(words[first]))
        found = None
        i = first
        while node is not None:
            if _END in node and not _NAME_GOES_ON_RE.match(text, words[i].end(), hi):
                found = i
            if i + 1 == len(words) or not _joined(text, words[i], words[i + 1]):
                break
            i += 1
            node = node.get(_folded(words[i]))
        return found


def _folded(word: re.Match[str]) -> str:
    return "and" if word.group(0) == "&" else word.group(0).lower()


def _joined(text: str, word: re.Match[str], following: re.Match[str]) -> bool:
    gap = text[word.end(): following.start()]
    if not gap:
        return "&" in (word.group(0), following.group(0))
    return _SEPARATOR_RE.fullmatch(gap) is not None
