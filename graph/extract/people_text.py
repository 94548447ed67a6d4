"""Words as tokens, and the shape of a person's name among them.

The people component reads a sentence as a row of tokens: words (a possessive
"’s" split off as a token of its own, "then-"/"ex-" split off a title) and
single punctuation marks, each with its character span. A person's name is a
run of one to four capitalised words that are not ordinary words of council
prose (roles, organisations, sentence openers), after any honorifics and before
any post-nominal letters; a single word is a name only after an honorific
("Cllr Carter") or as the surname of a full name the document gives ("Alex Hopkins ... Hopkins
joined"), since a lone capitalised word is more often anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

_TOKEN_RE = re.compile(
    r"(?i:then|ex)-(?=[^\W\d_])"            # "then-leader", "ex-minister": the marker is a word of its own
    r"|[^\W\d_]+(?:[’'][^\W\d_]+)*(?:-[^\W\d_]+)*"
    r"|\d+(?:[.,:/]\d+)*"
    r"|\S")
_POSSESSIVE = ("’s", "'s")
# Curly apostrophes and dashes made plain, one character for one: rules match the plain text.
PLAIN = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})


class Token:
    """One word or punctuation mark and its span; `low` is the word lowercased, with curly apostrophes and
    dashes made plain: what rules compare against. (A plain class with slots: a long report has
    hundreds of thousands of tokens.)"""

    __slots__ = ("text", "start", "end", "low")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        self.low = text.lower().translate(PLAIN)

    def __repr__(self) -> str:
        return f"Token({self.text!r}, {self.start}, {self.end})"

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()

    @property
    def is_capitalised(self) -> bool:
        return self.text[0].isupper()


def tokenize(text: str, lo: int, hi: int) -> list[Token]:
    """The tokens of text[lo:hi]; "Council’s" is two tokens, "Council" and "’s"."""
    tokens: list[Token] = []
    for match in _TOKEN_RE.finditer(text, lo, hi):
        word, start, end = match.group(0), match.start(), match.end()
        if len(word) > 3 and word.endswith(_POSSESSIVE) and word[0].isalpha():
            tokens.append(Token(word[:-2], start, end - 2))
            tokens.append(Token(word[-2:], end - 2, end))
        else:
            tokens.append(Token(word, start, end))
    return tokens


def is_name_word(text: str) -> bool:
    """The shape of one word of a name: "Jane", "O’Brien", "McInerney", "Safi-Ngongo", an initial "B"."""
    if len(text) == 1:
        return text.isupper()
    parts = re.split(r"[’'-]", text)
    return all(p[:1].isupper() and p.isalpha() and _INNER_CAPITALS.fullmatch(p) for p in parts) \
        and any(c.islower() for c in text)


# A capital inside a word only after a short prefix ("McInerney", "MacDonald", "DeShawn"): "NeepCouncillor"
# and "GreggPCC" are two words run together.
_INNER_CAPITALS = re.compile(r"(?:[A-Z][a-z]{0,2})?[A-Z][^A-Z]*")


@dataclass(frozen=True)
class NameWords:
    """What the name finder needs to know about words: which are never part of a name."""

    not_name: frozenset[str]      # lowercased words that are never in a name
    honorifics: tuple[tuple[str, ...], ...]   # lowercased token sequences, longest first
    suffixes: frozenset[str]      # post-nominal letters, as written
    particles: frozenset[str]     # "de", "van": lowercase words inside a name
    honorific_words: frozenset[str]  # every word of an honorific ("rt", "hon"): never a word of the name
    surnames: frozenset[str] = frozenset()  # last words of full names the document gives: a name alone


@dataclass(frozen=True)
class Name:
    """A person's name among the tokens: honorifics at [first, core), the name at [core, last)."""

    first: int
    core: int
    last: int  # one past the name's last word (post-nominals not included)
    text: str
    honorific: str | None
    after: int  # one past the post-nominals: where the text after the name resumes


def _name_token(tokens: Sequence[Token], i: int, words: NameWords) -> bool:
    token = tokens[i]
    return is_name_word(token.text) and token.low not in words.not_name and token.low not in words.honorific_words


def _honorific_ending_at(tokens: Sequence[Token], end: int, words: NameWords) -> int | None:
    """Where an honorific that ends just before token `end` begins (a dot after it allowed)."""
    stop = end - 1 if end > 0 and tokens[end - 1].text == "." else end
    if stop == 0 or tokens[stop - 1].low not in words.honorific_words:
        return None
    for sequence in words.honorifics:
        begin = stop - len(sequence)
        if begin >= 0 and tuple(t.low for t in tokens[begin:stop]) == sequence:
            return begin
    return None


def _honorific_starting_at(tokens: Sequence[Token], start: int, words: NameWords) -> int | None:
    """One past an honorific that starts at token `start` (and its dot, if any)."""
    if start >= len(tokens) or tokens[start].low not in words.honorific_words:
        return None
    for sequence in words.honorifics:
        end = start + len(sequence)
        if end <= len(tokens) and tuple(t.low for t in tokens[start:end]) == sequence:
            return end + 1 if end < len(tokens) and tokens[end].text == "." and len(sequence[-1]) <= 4 else end
    return None


def name_at(tokens: Sequence[Token], start: int, words: NameWords, text: str) -> Name | None:
    """The name that starts at token `start`, honorifics first: "Cllr Dave Evans", "Sir Alan Wood"."""
    core = start
    while (after := _honorific_starting_at(tokens, core, words)) is not None:
        core = after
    last = core
    while last < len(tokens) and last - core < 4 and _same_line(text, tokens, last, core):
        if _name_token(tokens, last, words):
            last += 1
        elif tokens[last].text == "." and len(tokens[last - 1].text) == 1 and last > core and last + 1 < len(tokens) \
                and _name_token(tokens, last + 1, words):
            last += 2  # an initial and its dot: "Cllr. P. Dowd"
        elif tokens[last].low in words.particles and last + 1 < len(tokens) and _name_token(tokens, last + 1, words) \
                and last > core:
            last += 2
        else:
            break
    return _name(tokens, start, core, last, words)


def name_ending_at(tokens: Sequence[Token], end: int, words: NameWords, text: str) -> Name | None:
    """The name whose last word (or post-nominal) is token `end - 1`: "… Jane Doe OBE" before a title."""
    last = end
    while last > 0 and tokens[last - 1].text in words.suffixes:
        last -= 1
    core = last
    while core > 0 and last - core < 4 and _same_line(text, tokens, core - 1, last - 1):
        if _name_token(tokens, core - 1, words):
            core -= 1
        elif tokens[core - 1].low in words.particles and core - 1 > 0 and _name_token(tokens, core - 2, words):
            core -= 2
        else:
            break
    first = core
    while (begin := _honorific_ending_at(tokens, first, words)) is not None and begin < first:
        first = begin
    return _name(tokens, first, core, last, words)


def _same_line(text: str, tokens: Sequence[Token], i: int, j: int) -> bool:
    """A name does not run over a line break (a heading above it, a title line below it)."""
    lo, hi = sorted((i, j))
    return "\n" not in text[tokens[lo].start:tokens[hi].end]


def _name(tokens: Sequence[Token], first: int, core: int, last: int, words: NameWords) -> Name | None:
    if last <= core or (last - core == 1 and first == core and tokens[core].text not in words.surnames):
        return None  # no name, or one word with no honorific before it that is no known full name's surname
    if last - core == 1 and len(tokens[core].text) == 1:
        return None  # an initial alone
    after = last
    while after < len(tokens) and tokens[after].text in words.suffixes:
        after += 1
    honorific = " ".join(t.text for t in tokens[first:core] if t.text != ".") or None
    text = " ".join(t.text for t in tokens[core:last]).replace(" .", ".")
    return Name(first, core, last, text, honorific, after)
