"""Who holds a title: the name a sentence attaches to it, by the ways news copy, minutes and letters do.

Before the title: "Jane Doe, the council's director of ...", "Jane Doe (Cabinet
Member for ...)", "Jane Doe – Council Leader", "Jane Doe was appointed
director of ...", "appointed Jane Doe as its interim director", a name line
above a title line. After it: "council leader Jane Doe", "Leader of BCC,
councillor Jane Doe, said", "Lead inspector: Jane Doe", "The cabinet member
responsible was Cllr Jane Doe", and, after a plural head, a list
("Inspectors Jane Doe and Sam Lee"). Titles joined by "and" share one name
("deputy leader and cabinet member for children"). A name before the title
wins over one after it: "A, cabinet member for X B, director of Y" gives A
the first title and B the second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Sequence

from graph import registers
from graph.extract.people_text import Name, name_at, name_ending_at
from graph.extract.people_titles import Context, Title

_BEFORE_REACH = 16  # tokens between a title and the end of a name before it
_PARENTHESIS_RE = re.compile(r"\((?P<inside>[^()\n]{0,60})\)")
_WARD_RE = re.compile(r", [A-Z][a-z]+(?:(?: and | & | )[A-Z][a-z]+)*,")
_TITLE_WORD_RE = re.compile(r"\b(?:leader|member|director|executive|mayor|holder)\b", re.IGNORECASE)
_SPEECH = frozenset({"said", "says", "added", "adds", "told", "wrote", "writes", "commented", "explained",
                     "welcomed", "responded", "stated", "remarked", "warned", "admitted", "insisted"})
_CLOSING = frozenset({",", ".", ";", ":", "(", ")", "'s", "’s", "]", "!", "?", "–", "-", "“", "”", '"'})
_JOINS = frozenset({"and", "&", ","})


@dataclass(frozen=True)
class Reading:
    """One person named as holding one title, with the characters that state it."""

    name: Name
    title: Title
    start: int
    end: int
    former: bool


def readings(context: Context, titles: Sequence[Title]) -> Iterator[Reading]:
    """A reading for every title a name is attached to."""
    taken_after: int | None = None  # the name the previous title took from after it
    previous: tuple[Name, Title] | None = None  # the previous title named by a name before it
    starts = frozenset(t.owner_first for t in titles)
    for chain in _chains(context, titles):
        if chain[-1].plural:
            for name in _listed(context, chain[-1]):
                yield reading_of(context, name, chain[-1], False)
            continue
        before, after = _named_before(context, chain[0]), _named_after(context, chain[-1], starts)
        if before is not None and before[0].core == taken_after and after is not None:
            before = None  # "Title1 A (pictured), Title2, B": A is Title1's, so B is Title2's
        if before is None and after is None and previous is not None:
            before = _predicate(context, *previous, chain[0])
        named = before or after
        taken_after = after[0].core if after is not None and named is after else None
        previous = (named[0], chain[-1]) if named is not None and named is before else None
        if named is not None:
            for title in chain:
                yield reading_of(context, named[0], title, named[1])


def _predicate(context: Context, name: Name, earlier: Title, title: Title) -> tuple[Name, bool] | None:
    """"Jo Bloggs, director of X at Y, was appointed interim director of children's services": the
    subject of an apposition is the subject of the predicate after it."""
    gap = context.text[earlier.end:context.tokens[title.owner_first].start].lstrip()
    gap = gap[1:] if gap.startswith(")") else gap  # "Jo Bloggs (Director of X), who had been ..."
    if not gap.lstrip().startswith(","):
        return None
    links = _links(gap.lstrip()[1:], context.rules.name_title_links)
    return (name, bool(_LEFT_RE.search(links))) if links and links not in (",", "-", "(") else None


def reading_of(context: Context, name: Name, title: Title, former: bool) -> Reading:
    tokens = context.tokens
    start = min(tokens[name.first].start, title.start)
    end = max(tokens[name.last - 1].end, title.end)
    return Reading(name, title, start, end, former or title.former)


def _chains(context: Context, titles: Sequence[Title]) -> list[list[Title]]:
    """Titles joined by "and" (or a comma) with nothing else between: one person holds them all."""
    chains: list[list[Title]] = []
    for title in titles:
        if chains and _joined(context, chains[-1][-1], title):
            chains[-1].append(title)
        else:
            chains.append([title])
    return chains


def _joined(context: Context, left: Title, right: Title) -> bool:
    between = [t.low for t in context.tokens[left.last:right.owner_first]]
    return bool(between) and between[0] in _JOINS and all(w in _JOINS or w == "the" for w in between) \
        and len(between) <= 3


def _named_before(context: Context, title: Title) -> tuple[Name, bool] | None:
    """The name just before a title, and whether the words between say the post was left."""
    tokens, found = context.tokens, context.rules
    first = title.owner_first
    for end in range(first, max(0, first - _BEFORE_REACH), -1):
        name = name_ending_at(tokens, end, found.words, context.text)
        if name is None:
            continue
        gap = context.text[tokens[end - 1].end:tokens[first].start] if first > end - 1 else ""
        links = _links(gap, found.name_title_links)
        if links is not None and _gap_allowed(context, name, title, gap):
            return name, bool(_LEFT_RE.search(links))
    return None


_LEFT_RE = re.compile(r"\b(?:resigned|stepped down|quit|replaced|had been|then)\b", re.IGNORECASE)


def _links(gap: str, pattern: re.Pattern[str]) -> str | None:
    """The words between a name and its title, once a short parenthesis after the name is skipped
    ("(Lab)", "(Heaton, Lab)"); None when they are not words that link the two."""
    gap = _PARENTHESIS_RE.sub(lambda m: " " if _TITLE_WORD_RE.search(m["inside"]) is None else m.group(0), gap)
    words = " ".join(gap.replace("–", "-").replace("’", "'").split())
    ward = _WARD_RE.match(words)
    if ward and ward.end() < len(words):  # "Jo Bloggs, Seaton and Colyton, was confirmed as deputy leader"
        words = words[ward.end():].lstrip()
    if words in ("-", "(", ",", ""):
        return words
    return words if pattern.fullmatch(words + " ") else None


def _gap_allowed(context: Context, name: Name, title: Title, gap: str) -> bool:
    """A name and a title with only spaces between need a capitalised title on the same line
    ("Jos Saunders Conservative Spokesperson"), or a name line above a title line."""
    if gap.strip():
        return "\n" not in gap or gap.strip() in ("-", "(")
    if context.tokens[title.head_first].low in context.rules.verb_heads:
        return "\n" not in gap  # "Jo Bloggs led the council": the subject of the verb
    if _place(name.text) or _place(context.text[context.tokens[name.first].start:context.tokens[title.first].start]):
        return False  # "Bradford East MP Jane Doe", "South West Norfolk MP": a place before the title, not a name
    if "\n" in gap:
        line_start = context.text.rfind("\n", 0, context.tokens[name.first].start) + 1
        return not context.text[line_start:context.tokens[name.first].start].strip(" \t*#")
    # "Cllr Jos Saunders Conservative Spokesperson", "Yours faithfully, Jo Bloggs Chief Executive": only after
    # an honorific or a letter's close, which mark where the name begins
    first = context.tokens[title.first]
    signed = bool(context.rules.sign_off.search(context.text, max(0, context.tokens[name.first].start - 40),
                                                context.tokens[name.first].start))
    return first.text in context.rules.words.suffixes or (bool(name.honorific) or signed or _subject(context, name, title)) \
        and first.is_capitalised


def _subject(context: Context, name: Name, title: Title) -> bool:
    """Minutes name an officer and the post with no comma, then the verb: "Jo Bloggs Executive Director for
    Children and Young People acknowledged ...": a given name first, a portfolio, and a lowercase verb after."""
    tokens = context.tokens
    after = tokens[title.last] if title.last < len(tokens) else None
    return bool(title.portfolio) and tokens[name.core].low in context.rules.given_names and after is not None \
        and after.is_word and not after.is_capitalised and after.low in context.rules.portfolio_stop_words


def _place(words: str) -> bool:
    """Words the registers know as a constituency or a council."""
    return bool(registers.mp_by_constituency(words)
                or registers.authority_name_index().get(registers.normalise_name(words)))


def _named_after(context: Context, title: Title, starts: frozenset[int] = frozenset()) -> tuple[Name, bool] | None:
    """The name right after a title: "council leader Jane Doe", "Council leader, Cllr Jane Doe, said",
    "Leader – Jo Bloggs Deputy Leader – Sam Lee" (a list of posts run into one line: `starts`, where titles begin)."""
    tokens, text = context.tokens, context.text
    at = title.last
    separator = ""
    if at < len(tokens) and tokens[at].text in (",", ":", "[", "(", "-", "–"):
        separator, at = tokens[at].text, at + 1
    elif at < len(tokens) and tokens[at].low in ("was", "is"):
        separator, at = "is", at + 1
    party = context.rules.party_possessive.match(context.plain, tokens[at].start) \
        if separator == "," and at < len(tokens) else None
    if party:  # "the council leader, Labour's Jo Bloggs", "the elected mayor, the English Democrats' Peter Davies"
        at = context.index_at(party.end(), at)
    if at >= len(tokens) or tokens[at].low == "the" and not (at + 1 < len(tokens) and tokens[at + 1].low == "rt"):
        return None  # "the leader, the council said" names no one; "The Rt Hon Jo Bloggs" does
    councillor = context.rules.councillor_lead_in.match(context.plain, tokens[at].start)
    if councillor:  # "the executive member for X, Labour Farley councillor Jo Bloggs, was absent"
        at = context.index_at(councillor.end(), at)
    name = name_at(tokens, at, context.rules.words, text)
    if name is None or name.last - name.core > 3 and not name.honorific:
        return None
    if "\n" in text[title.end:tokens[name.first].start] and separator != ":":
        return None
    if separator == ":" and not _label(context, title):
        return None
    following = tokens[name.after] if name.after < len(tokens) else None
    if separator in ("(", "["):
        return (name, False) if following is not None and following.text in (")", "]") else None
    if separator in (",", "is", "-", "–") and not name.honorific and following is not None \
            and following.is_word and following.is_capitalised \
            and not (separator in ("-", "–") and name.after in starts):
        return None  # "the leader, Jane Doe, said" but not "the leader, Jane Doe Smith Ltd"
    return name, False


def _label(context: Context, title: Title) -> bool:
    """A title that begins its line and is followed by a colon: a label ("Lead inspector: ...")."""
    line_start = context.text.rfind("\n", 0, title.start) + 1
    return not context.text[line_start:title.start].strip(" \t*#")


_LIST_OPENER_RE = re.compile(r"\s*(?:(?:for th(?:is|e) (?:visit|inspection) )?(?:were|are)\s+|[:–-]\s*)?",
                             re.IGNORECASE)


def _listed(context: Context, title: Title) -> Iterator[Name]:
    """The names listed after a plural head: "Inspectors were A, B and C", "MPs – A, B and C"."""
    tokens, text = context.tokens, context.text
    if title.last >= len(tokens):
        return
    opener = _LIST_OPENER_RE.match(text, tokens[title.last - 1].end)
    at = context.index_at(opener.end(), title.last) if opener else title.last
    while at < len(tokens):
        name = name_at(tokens, at, context.rules.words, text)
        if name is None:
            return
        yield name
        at = name.after
        if at < len(tokens) and tokens[at].text == ",":
            at += 1
        if at < len(tokens) and tokens[at].low == "and":
            at += 1
        elif at < len(tokens) and tokens[at - 1].text != ",":
            return
