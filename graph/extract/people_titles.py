"""Role titles among tokens: words before the head, the head, the portfolio after it, and the post they make.

"the council's interim Executive Director for Children, Families and Education"
reads as owner ("the council's"), premodifiers ("interim"), head ("Executive
Director") and portfolio ("Children, Families and Education"); the post is the
first entry of roles.yaml's `posts` whose conditions hold for those parts. A
council named as the owner, before the title ("Kent County Council's leader",
"Walsall Council leader") or after it ("leader of Walsall Council", "cabinet
member for children at Cornwall Council"), is kept with the title, as is a body
that is not a council ("chief executive of Together for Children"), which makes
a council post someone else's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from graph import registers
from graph.extract.people_context import Context, ends_word, name_starts, span_words, vocabulary
from graph.extract.people_owners import GROUP_WORDS, Owner, owner_after, owner_before, owner_object
from graph.extract.people_rules import NO_POST, PeopleRules, Post, rules
from graph.extract.people_text import PLAIN, Token, tokenize

_AT_THE_TIME_RE = re.compile(r"\s+at the time\b", re.IGNORECASE)
_HEAD_REACH = 5  # how many words before its keyword a head may begin ("deputy city council leader")
_PORTFOLIO_REACH = 24  # tokens
_BRACKET_REACH = 10  # tokens of a portfolio in brackets after a head


@dataclass(frozen=True)
class Title:
    """A title in a row of tokens; token indices are [first, last), chars [start, end)."""

    owner_first: int  # where an owner before the title begins ("Kent County Council’s"); = first if none
    first: int        # the first premodifier, else the head
    head_first: int
    last: int         # one past the portfolio and any owner after it
    post: Post
    text: str         # premodifiers, head and portfolio as written
    portfolio: str
    former: bool
    plural: bool
    owner: Owner | None  # the council named as the title's owner
    owned: bool          # the title says it is a council's ("the council's", "of X Council", "Council leader")
    other_body: str | None          # a body that is not a council, named as its owner
    body_after: bool                # named after the title ("leader of the X Association"), not before it
    start: int
    end: int


def find_titles(context: Context) -> list[Title]:
    """Every title among the tokens, left to right, none overlapping another."""
    tokens, found = context.tokens, context.rules
    titles: list[Title] = []
    covered = 0
    for index, token in enumerate(tokens):
        if index < covered or not (token.low.rsplit("-", 1)[-1] in found.keywords or token.text in found.cased_keywords):
            continue
        head = _head(context, max(covered, index - _HEAD_REACH), index)
        if head is None:
            continue
        title = _title(context, *head)
        if title is not None:
            titles.append(title)
            covered = title.last
        else:
            covered = head[1]
    return titles


def read_title(text: str) -> tuple[Post, int] | None:
    """The post a title standing alone names ("Cabinet Member for Children and Young People") and where
    the title ends in `text`; None unless a title begins the text."""
    context = Context.of(text, text.translate(PLAIN), tokenize(text, 0, len(text)), (), rules())
    titles = find_titles(context)
    if not titles or titles[0].first != 0:
        return None
    return titles[0].post, titles[0].end


def _head(context: Context, lo: int, keyword: int) -> tuple[int, int] | None:
    """[first, last) of the head that covers token `keyword` and ends furthest, the leftmost of those:
    "shared Director of Children's Services (DCS)" is one head, not "shared Director"."""
    text, tokens = context.plain, context.tokens
    best: tuple[int, int] | None = None  # (end character, first token)
    for first in range(lo, keyword + 1):
        if not tokens[first].is_word or not context.rules.heads.match(text, tokens[first].start):
            continue  # the union of all heads rules most starts out in one match
        for post in context.rules.posts:
            match = post.head.match(text, tokens[first].start)
            if match and match.end() >= tokens[keyword].end and ends_word(text, match.end()) \
                    and (best is None or match.end() > best[0]):
                best = (match.end(), first)
    if best is None:
        return None
    return best[1], context.index_at(best[0], best[1])


def _title(context: Context, head_first: int, head_last: int) -> Title | None:
    tokens, found = context.tokens, context.rules
    first = _premodifiers_start(context, head_first)
    owner_first, owner, body_before = owner_before(context, first)
    last, portfolio, owner_after, body_after = _after_head(context, head_first, head_last)
    close = _closing_bracket(context, first, last) if owner_after is None else None
    if close is not None:  # minutes: "Jo Bloggs (Head of Primary and Targeted Interventions)": all of it
        opener = found.portfolio_opener.match(context.plain, tokens[head_last].start) if head_last < close else None
        start_at = context.index_at(opener.end(), head_last) if opener else head_last
        portfolio, last = span_words(context, start_at, close).lstrip(",-: "), close
    premods = span_words(context, first, head_first)
    head = span_words(context, head_first, head_last)
    at_the_time = _AT_THE_TIME_RE.match(context.plain, tokens[last - 1].end)
    if at_the_time:  # "the leader at the time, Cllr Jane Doe": a post held then
        last = context.index_at(at_the_time.end(), last)
    owner = owner or owner_after
    owned = bool(owner and owner.explicit) or "council" in f"{premods} {head}".lower().split()
    post = _post(found.posts, premods, head, portfolio, owned)
    if post is None or post.role == NO_POST:
        return None
    start, end = tokens[first].start, tokens[last - 1].end
    return Title(
        owner_first=owner_first, first=first, head_first=head_first, last=last, post=post,
        text=context.text[start:end], portfolio=portfolio, former=bool(at_the_time or found.former.search(premods + " ")),
        plural=tokens[head_last - 1].low in found.plural_heads, owner=owner, owned=owned,
        other_body=body_before or body_after, body_after=bool(body_after), start=start, end=end)


def _closing_bracket(context: Context, first: int, last: int) -> int | None:
    """The ")" that closes a bracket opened just before the title and not yet closed at its end."""
    tokens = context.tokens
    if first == 0 or tokens[first - 1].text != "(":
        return None
    for index in range(last, min(len(tokens), first + _PORTFOLIO_REACH)):
        if tokens[index].text == "(" or "\n" in context.text[tokens[index - 1].end:tokens[index].start]:
            return None
        if tokens[index].text == ")":
            return index
    return None


def _premodifiers_start(context: Context, head_first: int) -> int:
    tokens, first = context.tokens, head_first
    while first > 0 and context.mention_ending_at(first) is None:  # "Walsall Council leader": "Council" is the name's
        word = tokens[first - 1].low
        if not (context.rules.premodifier.fullmatch(word)
                or word in ("'s", "'") and first > 1 and tokens[first - 2].low in GROUP_WORDS):
            break
        first -= 1
    return first


def _after_head(context: Context, head_first: int, head_last: int) -> tuple[int, str, Owner | None, str | None]:
    """(one past the title, its portfolio, the council owner, another body) after the head."""
    position = head_last
    head = span_words(context, head_first, head_last)
    if any(p.constituency and p.head.fullmatch(head) for p in context.rules.posts):
        end, words = _constituency(context, position)  # "MP for Wigan": a constituency, not a council's post
        return end, words, None, None
    if context.tokens[head_last - 1].low in context.rules.verb_heads:
        return owner_object(context, position)  # "who leads the council": the object is the owner
    end, owner, body = owner_after(context, position)
    if body and context.tokens[position].low == "-":
        return end, "", None, body  # minutes: "Chief Executive – Learning and Skills Council"
    if owner is not None and end < len(context.tokens) and context.tokens[end].low == "'s":
        end, portfolio = _portfolio(context, head_first, end + 1, opened=True)  # "director of X Council's children's services"
        return end, portfolio, owner, None
    if owner is not None and _portfolio_follows(context, end):
        after, portfolio = _portfolio(context, head_first, end, opened=True)  # "director of Haringey children's services"
        return (after, portfolio, owner, None) if portfolio else (end, "", owner, None)
    if owner is not None:
        return end, "", owner, None
    position, portfolio = _portfolio(context, head_first, position)
    end, owner, body = owner_after(context, position)
    return (end if owner or body else position), portfolio, owner, body


_CONNECTORS = frozenset({"and", "&", "of", "for", "the"})


def _portfolio_follows(context: Context, at: int) -> bool:
    """A portfolio's own word (not a connector) right after an owner: "director of Haringey children's services",
    not "leader of the council and ..." or "Leader of the Council for the remainder of his term"."""
    tokens = context.tokens
    return vocabulary(tokens, at, context.rules) and tokens[at].low not in _CONNECTORS


def _portfolio(context: Context, head_first: int, position: int, opened: bool = False) -> tuple[int, str]:
    """(one past the portfolio, its words) after a head: "for children, young people and education",
    ", Children's Services" (minutes), "Children's Services" after a head in capitals."""
    tokens, found = context.tokens, context.rules
    start = position
    if position < len(tokens) and not opened:
        opener = found.portfolio_opener.match(context.plain, tokens[position].start)
        if opener and ends_word(context.plain, opener.end()):
            position = context.index_at(opener.end(), position)
        elif tokens[position].text in (",", "-", "–", ":") and vocabulary(tokens, position + 1, found) \
                and not _possessive_before_name(context, position + 2):  # not "the leader, Labour's Jo Bloggs"
            position += 1
        elif tokens[position].text == "(" and (close := _bracketed(context, position)) is not None:
            return close + 1, span_words(context, position + 1, close)  # "Strategic Director (Children's Services)"
        elif not (tokens[head_first].is_capitalised and tokens[position].is_capitalised
                  and vocabulary(tokens, position, found)):
            return start, ""
    if position < len(tokens) and tokens[position].low in ("the", "its", "their"):
        position += 1  # "chair of its children, education and safeguarding committee"
    end = position
    while end < len(tokens) and end - position < _PORTFOLIO_REACH and _continues(context, end):
        end += 1
    while end > position and tokens[end - 1].low in ("and", "&", ",", "the", "of", "for", "-", "'s", "'"):
        end -= 1  # a connector belongs to what follows the portfolio
    if end == position:
        return start, ""
    return end, span_words(context, position, end)


def _possessive_before_name(context: Context, index: int) -> bool:
    tokens = context.tokens
    return index + 1 < len(tokens) and tokens[index].low in ("'s", "'") and name_starts(context, index + 1)


def _bracketed(context: Context, opening: int) -> int | None:
    """The ")" closing a bracket of portfolio words only, opened at token `opening`."""
    tokens, found = context.tokens, context.rules
    for index in range(opening + 1, min(len(tokens), opening + _BRACKET_REACH)):
        if tokens[index].text == ")":
            return index if index > opening + 1 else None
        if not (vocabulary(tokens, index, found) or tokens[index].text in ("'s", "’s", "&", ",", "-", "–")):
            return None
    return None


def _continues(context: Context, index: int) -> bool:
    """Token `index` is still part of a portfolio: a word of one, or a connector before one."""
    tokens, found = context.tokens, context.rules
    token = tokens[index]
    if context.mention_at(index) is not None or name_starts(context, index):
        return False
    following = index + 1
    if token.text == ",":  # after a comma only a portfolio's own words go on: ", young people and education"
        return vocabulary(tokens, following, found) and not name_starts(context, following) \
            and not (following < len(tokens) and found.councillor_lead_in.match(context.plain, tokens[following].start))
    if token.text in ("&", "'s", "’s", "’", "'", "-", "–") or token.low == "and":
        return following < len(tokens) and _portfolio_word(tokens, following, found) \
            and not name_starts(context, following) and not _head_at(context, following)
    return _portfolio_word(tokens, index, found)


def _portfolio_word(tokens: Sequence[Token], index: int, found: PeopleRules) -> bool:
    """A capitalised word of the portfolio vocabulary, or any lowercase word but the sentence's own."""
    if index >= len(tokens) or not tokens[index].is_word:
        return False
    token = tokens[index]
    if token.is_capitalised:
        return vocabulary(tokens, index, found)
    return token.low not in found.portfolio_stop_words


def _head_at(context: Context, index: int) -> bool:
    text = context.plain
    start = context.tokens[index].start
    return any((m := p.head.match(text, start)) and ends_word(text, m.end()) for p in context.rules.posts)


def _constituency(context: Context, position: int) -> tuple[int, str]:
    """After "MP for": the longest run of words the register knows as a constituency, else the
    capitalised words up to a comma. After a verb ("who represents Wigan"): only the register's, and
    not a ward's name ("represents Wigan Central ward")."""
    tokens = context.tokens
    verb = tokens[position - 1].low in context.rules.verb_heads
    if position >= len(tokens) or tokens[position].low != "for" and not verb:
        return position, ""
    start = position if verb else position + 1
    if start < len(tokens) and tokens[start].low == "the":
        start += 1
    for end in range(min(len(tokens), start + 7), start, -1):
        if not tokens[end - 1].is_word:
            continue
        words = context.text[tokens[start].start:tokens[end - 1].end]
        if registers.mp_by_constituency(words):
            ward = end < len(tokens) and (tokens[end].is_capitalised and tokens[end].is_word
                                          or tokens[end].low in ("ward", "division"))
            return (position, "") if verb and ward else (end, words)
    if verb:
        return position, ""
    end = start
    while end < len(tokens) and (tokens[end].is_capitalised and tokens[end].is_word
                                 or tokens[end].low in ("and", "&", "of", "upon", "on", "under", "-")):
        end += 1
    if end < len(tokens) and tokens[end].text == "," and end > start:
        return end, context.text[tokens[start].start:tokens[end - 1].end]
    return position, ""


def _post(posts: Sequence[Post], premods: str, head: str, portfolio: str, owned: bool) -> Post | None:
    """The first post whose conditions the title's parts meet."""
    covers = f"{head} {portfolio}".strip()
    for post in posts:
        if not post.head.fullmatch(head):
            continue
        if post.portfolio is not None and post.portfolio != bool(portfolio):
            continue
        if post.owned is not None and post.owned != owned:
            continue
        if post.before and not post.before.search(premods):
            continue
        if post.not_before and post.not_before.search(premods):
            continue
        if post.covers and not post.covers.search(covers):
            continue
        if post.portfolio_is and not post.portfolio_is.fullmatch(portfolio):
            continue
        if post.not_covers and post.not_covers.search(f"{premods} {covers}"):
            continue
        return post
    return None
