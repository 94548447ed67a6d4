"""What the people component's readers share: the tokens of a stretch of text, the councils named in it,
the rules, and the word tests both the title reader and the owner reader use."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Sequence

from graph.extract.people_rules import PeopleRules
from graph.extract.people_text import Token, is_name_word
from graph.records import AuthorityMention


@dataclass(frozen=True)
class Context:
    """A stretch of text as tokens, with the councils named in it (by their first and one-past-last
    characters) and the rules."""

    text: str
    plain: str  # the text with curly apostrophes and dashes made plain (same length): what rules match
    tokens: Sequence[Token]
    starts: Sequence[int]  # each token's start, for bisecting
    by_start: dict[int, AuthorityMention]  # councils named in the region, by first character
    by_end: dict[int, AuthorityMention]  # and by one past their last
    rules: PeopleRules

    @classmethod
    def of(cls, text: str, plain: str, tokens: Sequence[Token], mentions: Sequence[AuthorityMention],
           found: PeopleRules) -> Context:
        return cls(text, plain, tokens, [t.start for t in tokens], {m.evidence.start: m for m in mentions},
                   {m.evidence.end: m for m in mentions}, found)

    def mention_at(self, index: int) -> AuthorityMention | None:
        """The council mention that starts at token `index`."""
        return self.by_start.get(self.tokens[index].start)

    def mention_ending_at(self, index: int) -> AuthorityMention | None:
        """The council mention whose last token is token `index - 1`."""
        return self.by_end.get(self.tokens[index - 1].end) if index > 0 else None

    def mention_over(self, index: int) -> AuthorityMention | None:
        """A council mention that begins before token `index` and ends inside or after it."""
        start = self.tokens[index].start
        return next((m for end, m in self.by_end.items() if m.evidence.start < start < end), None)

    def index_at(self, char: int, start: int = 0) -> int:
        """The first token at or after character `char`."""
        return bisect_left(self.starts, char, start)


def span_words(context: Context, first: int, last: int) -> str:
    """Tokens [first, last) as written, apostrophes plain, spaces collapsed."""
    if last <= first:
        return ""
    tokens = context.tokens
    return " ".join(context.plain[tokens[first].start:tokens[last - 1].end].split())


def vocabulary(tokens: Sequence[Token], index: int, found: PeopleRules) -> bool:
    """Token `index` is a word of the portfolio vocabulary ("Children", "Families", "Group")."""
    return index < len(tokens) and tokens[index].low.replace("'", "") in found.portfolio_words


def name_starts(context: Context, index: int) -> bool:
    """A person's name (or an honorific) begins at token `index`."""
    tokens, found = context.tokens, context.rules
    token = tokens[index]
    if (token.low,) in found.words.honorifics or token.low in ("cllr", "coun", "councillor"):
        return True
    if not is_name_word(token.text) or token.low in found.portfolio_words:
        return False
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return following is not None and is_name_word(following.text) and (
        token.low in found.given_names or following.low not in found.portfolio_words)


def ends_word(text: str, end: int) -> bool:
    """A match that ends at `end` ends a word."""
    return end >= len(text) or not (text[end].isalnum() or text[end] in "'’")
