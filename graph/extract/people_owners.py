"""Whose post a title is: the council (or another body) named as its owner before or after it.

Before: "Kent County Council’s leader", "Walsall Council leader", "the council's director",
"WSCC's chief executive", "Barnardo’s chief executive". After: "leader of Walsall Council",
"cabinet member for children at Cornwall Council", ", Hounslow Council,", "chief executive of
Together for Children", "Jo Bloggs – Chief Executive – Connexions" (minutes).
"""

from __future__ import annotations

from dataclasses import dataclass

from graph import registers
from graph.extract.people_context import Context, name_starts, vocabulary
from graph.extract.people_rules import PeopleRules
from graph.extract.people_text import is_name_word
from graph.records import AuthorityMention

COUNCIL_WORDS = frozenset({"council", "authority", "borough", "county", "city", "corporation"})
_OWNER_PREPOSITIONS = frozenset({"of", "at", "for", "in", "on", "from"})
# "leader of neighbouring Walsall Council": a word that may stand between the preposition and the council.
_OWNER_ADJECTIVES = frozenset({"neighbouring", "nearby", "fellow", "neighbour", "adjoining", "rival"})
# Words whose possessive may stand among a title's premodifiers ("the group's spokesperson", "the
# service's director", "the Government's commissioner"), never a council's.
GROUP_WORDS = frozenset({"group", "party", "opposition", "government", "service", "services", "department"})
_AFTER_A_BODY = frozenset({"also", "attending", "present", "apologies", "in", "said", "says"})
_BODY_CONNECTORS = frozenset({"for", "of", "and", "&", "the", "in", "on", "upon"})


@dataclass(frozen=True)
class Owner:
    """The council a title names as its owner: its code when known ("the council's" names none), its
    characters, and whether the words say "council" ("Barnet Labour leader" names a place, not the council)."""

    code: str | None
    start: int
    end: int
    explicit: bool


def owner_before(context: Context, first: int) -> tuple[int, Owner | None, str | None]:
    """(owner's first token, the council, another body) named just before the title: "Kent County
    Council’s leader", "Walsall Council leader", "the council's director", "Reading’s lead member",
    "Barnardo’s chief executive"."""
    tokens = context.tokens
    covering = context.mention_over(first)
    if covering is not None:
        return context.index_at(covering.evidence.start), _mention_owner(covering), None
    possessive = first > 0 and tokens[first - 1].low == "'s"
    at = first - 1 if possessive else first
    if at == 0:
        return first, None, None
    mention = context.mention_ending_at(at)
    if mention is not None:
        return context.index_at(mention.evidence.start), _mention_owner(mention), None
    word = tokens[at - 1]
    if word.low in COUNCIL_WORDS:
        begin = at - 2 if at > 1 and tokens[at - 2].low == "the" else at - 1
        return begin, Owner(None, tokens[begin].start, word.end, True), None
    if abbreviation(word.text, context.rules):
        mention = context.mention_ending_at(at - 1)  # "Hampshire CC chief executive"
        if mention is not None:
            return context.index_at(mention.evidence.start), Owner(mention.gss_code, mention.evidence.start,
                                                                    word.end, True), None
        return at - 1, Owner(None, word.start, word.end, True), None
    if at >= 3 and tokens[at - 2].text == "&" and _initials(word.text) and _initials(tokens[at - 3].text):
        return at - 3, Owner(None, tokens[at - 3].start, word.end, True), None  # "H&F Cabinet Member", "B&NES leader"
    if not (word.is_word and word.is_capitalised):
        return first, None, None
    if word.low in context.rules.words.not_name:  # "Ofsted's regional director": no council's, but the title's
        if not possessive:
            return first, None, None
        return at - 1, None, (None if word.low in GROUP_WORDS else word.text)
    code = registers.authority_name_index().get(registers.normalise_name(word.text))
    if code is not None:
        return at - 1, Owner(code, word.start, word.end, False), None
    if possessive or word.text.isupper() and word.text in context.rules.other_bodies_initials:
        return at - 1, None, word.text  # "Barnardo's chief executive", "NSPCC chief executive"
    return first, None, None


def _mention_owner(mention: AuthorityMention) -> Owner:
    words = set(mention.evidence.quote.lower().split())
    return Owner(mention.gss_code, mention.evidence.start, mention.evidence.end, bool(words & COUNCIL_WORDS))


def _initials(word: str) -> bool:
    return 1 <= len(word) <= 4 and word.isalpha() and word.isupper()


def abbreviation(word: str, found: PeopleRules) -> bool:
    """A council's initials ("BCC", "WSCC"; "H&F" is three tokens, read in owner_before)."""
    return 2 <= len(word) <= 6 and word.isupper() and word.isalpha() and word.endswith("C") \
        and word.lower() not in found.words.not_name and word not in found.other_bodies_initials


def owner_after(context: Context, position: int) -> tuple[int, Owner | None, str | None]:
    """(one past it, the council, another body) after a title: "of Kent County Council", "at the
    council", ", Hounslow Council,", "of Together for Children"."""
    tokens = context.tokens
    if position >= len(tokens) or tokens[position].low not in _OWNER_PREPOSITIONS | {",", "-"}:
        return position, None, None
    at = position + 1
    if at < len(tokens) and tokens[at].low == "the":
        at += 1
    if at + 1 < len(tokens) and tokens[at].low in _OWNER_ADJECTIVES and context.mention_at(at + 1):
        at += 1  # "leader of neighbouring Walsall Council"
    if at >= len(tokens):
        return position, None, None
    if tokens[position].low == "from" and (context.mention_at(at) or council_run(context, at, body_end(context, at))):
        return position, None, None  # "director of children's services from X Council": where they came from
    mention = context.mention_at(at) if tokens[position].low != "from" else None
    if mention is not None:
        end = context.index_at(mention.evidence.end, at)
        while end < len(tokens) and (tokens[end].low in COUNCIL_WORDS or abbreviation(tokens[end].text, context.rules)):
            end += 1  # "at Rochdale Borough Council", "at West Sussex CC" where the mention is the place
        if end < len(tokens) and tokens[end].is_word and tokens[end].is_capitalised and tokens[position].text != "," \
                and not name_starts(context, end) and context.mention_at(end) is None:
            # "of Middlesbrough Independent Councillors' Association": a body named after the place
            return body_end(context, at), None, context.text[tokens[at].start:tokens[body_end(context, at) - 1].end]
        if tokens[position].text == "," and end < len(tokens) and tokens[end].text == ",":
            end += 1
        return end, Owner(mention.gss_code, mention.evidence.start, tokens[end - 1].end, True), None
    person = tokens[at].low in context.rules.given_names and name_starts(context, at)  # "Cabinet Member – Jo Bloggs"
    if tokens[position].low == "-" and is_name_word(tokens[at].text) and not vocabulary(tokens, at, context.rules) \
            and not person:  # minutes: "Jo Bloggs – Chief Executive – Connexions"
        council = council_run(context, at, body_end(context, at))
        return council or (body_end(context, at), None, context.text[tokens[at].start:tokens[body_end(context, at) - 1].end])
    if tokens[position].text in (",", "-"):
        return position, None, None
    if tokens[position].low == "from":
        pass
    elif tokens[at].low in COUNCIL_WORDS or abbreviation(tokens[at].text, context.rules):
        end = at
        while end < len(tokens) and (tokens[end].low in COUNCIL_WORDS or abbreviation(tokens[end].text, context.rules)):
            end += 1
        return end, Owner(None, tokens[at].start, tokens[end - 1].end, True), None
    if tokens[at - 1].low == "the" and tokens[at].low.endswith("-run") and at + 1 < len(tokens) \
            and tokens[at + 1].low in COUNCIL_WORDS:
        return at + 2, Owner(None, tokens[at].start, tokens[at + 1].end, True), None  # "at the Labour-run council"
    if tokens[position].low in ("of", "at", "for", "from") and is_name_word(tokens[at].text):
        end = body_end(context, at)
        council = council_run(context, at, end) if tokens[position].low != "from" else None
        if council is not None:
            return council
        if tokens[position].low in ("of", "at", "from"):
            return end, None, context.text[tokens[at].start:tokens[end - 1].end]
    return position, None, None


def owner_object(context: Context, position: int) -> tuple[int, str, Owner | None, str | None]:
    """(one past it, no portfolio, the council, no body) as the object of a verb head: "leads the
    council", "led Kent County Council"."""
    tokens = context.tokens
    at = position + 1 if position < len(tokens) and tokens[position].low == "the" else position
    if at >= len(tokens):
        return position, "", None, None
    mention = context.mention_at(at)
    if mention is not None:
        end = context.index_at(mention.evidence.end, at)
        return end, "", _mention_owner(mention), None
    if tokens[at].low in ("council", "authority") and at > position:
        return at + 1, "", Owner(None, tokens[position].start, tokens[at].end, True), None
    return position, "", None, None


def council_run(context: Context, at: int, end: int) -> tuple[int, Owner, None] | None:
    """A council the authority component did not name: "at Portsmouth City Council" ends in a council word."""
    tokens = context.tokens
    last = max((i for i in range(at, end) if tokens[i].low in COUNCIL_WORDS and i > at), default=None)
    if last is None:
        return None
    code = _indexed(context, at, last + 1)
    if code is None and any(vocabulary(tokens, i, context.rules) for i in range(at, last)):
        return None  # "the Conservative Group on Bradford Council": a group, not a council
    return last + 1, Owner(code, tokens[at].start, tokens[last].end, True), None


def body_end(context: Context, at: int) -> int:
    """One past the capitalised words of a body's name: "Together for Children", "Sandwell Children’s Trust"."""
    tokens, last = context.tokens, at
    while last < len(tokens) and (tokens[last].is_capitalised and tokens[last].is_word or tokens[last].low in ("'s", "'")
                                  or tokens[last].low in _BODY_CONNECTORS and last + 1 < len(tokens)
                                  and tokens[last + 1].is_capitalised):
        if last > at and (tokens[last].low in context.rules.given_names and name_starts(context, last)
                          or tokens[last].low in _AFTER_A_BODY):
            break  # minutes run lines together: "– Connexions Jo Bloggs – ...", "... Trust Also Attending:"
        last += 1
    return last


def _indexed(context: Context, first: int, last: int) -> str | None:
    """The code of the council that tokens [first, last) name ("Rochdale Borough Council"), or their
    leading words do ("Rochdale"), in the register's name index."""
    tokens, index = context.tokens, registers.authority_name_index()
    for end in range(last, first, -1):
        code = index.get(registers.normalise_name(context.text[tokens[first].start:tokens[end - 1].end]))
        if code is not None:
            return code
    return None
