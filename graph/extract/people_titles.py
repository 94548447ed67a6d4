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
from bisect import bisect_left
from dataclasses import dataclass
from typing import Sequence

from graph import registers
from graph.extract.people_rules import NO_POST, PeopleRules, Post, rules
from graph.extract.people_text import PLAIN, Token, is_name_word, tokenize
from graph.records import AuthorityMention

_AT_THE_TIME_RE = re.compile(r"\s+at the time\b", re.IGNORECASE)
_HEAD_REACH = 5  # how many words before its keyword a head may begin ("deputy city council leader")
_PORTFOLIO_REACH = 24  # tokens
_COUNCIL_WORDS = frozenset({"council", "authority", "borough", "county", "city", "corporation"})
_OWNER_PREPOSITIONS = frozenset({"of", "at", "for", "in", "on", "from"})
# Words whose possessive may stand among a title's premodifiers: "the group's spokesperson",
# "the service's director", "the Government's commissioner".
_OWNER_ADJECTIVES = frozenset({"neighbouring", "nearby", "fellow", "neighbour", "adjoining", "rival"})
_GROUP_WORDS = frozenset({"group", "party", "opposition", "government", "service", "services", "department"})
_BODY_CONNECTORS = frozenset({"for", "of", "and", "&", "the", "in", "on", "upon"})


@dataclass(frozen=True)
class Owner:
    """The council a title names as its owner: its code when known ("the council's" names none), its
    characters, and whether the words say "council" ("Barnet Labour leader" names a place, not the council)."""

    code: str | None
    start: int
    end: int
    explicit: bool


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


@dataclass(frozen=True)
class Context:
    """What reading titles needs besides the tokens."""

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
        if not tokens[first].is_word:
            continue
        for post in context.rules.posts:
            match = post.head.match(text, tokens[first].start)
            if match and match.end() >= tokens[keyword].end and _ends_word(text, match.end()) \
                    and (best is None or match.end() > best[0]):
                best = (match.end(), first)
    if best is None:
        return None
    return best[1], context.index_at(best[0], best[1])


def _ends_word(text: str, end: int) -> bool:
    return end >= len(text) or not (text[end].isalnum() or text[end] in "'’")


def _title(context: Context, head_first: int, head_last: int) -> Title | None:
    tokens, found = context.tokens, context.rules
    first = _premodifiers_start(context, head_first)
    owner_first, owner, body_before = _owner_before(context, first)
    last, portfolio, owner_after, body_after = _after_head(context, head_first, head_last)
    close = _closing_bracket(context, first, last) if owner_after is None else None
    if close is not None:  # minutes: "Jo Bloggs (Head of Primary and Targeted Interventions)": all of it
        opener = found.portfolio_opener.match(context.plain, tokens[head_last].start) if head_last < close else None
        start_at = context.index_at(opener.end(), head_last) if opener else head_last
        portfolio, last = _words(context, start_at, close).lstrip(",-: "), close
    premods = _words(context, first, head_first)
    head = _words(context, head_first, head_last)
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


def _words(context: Context, first: int, last: int) -> str:
    """Tokens [first, last) as written, apostrophes plain, spaces collapsed."""
    if last <= first:
        return ""
    tokens = context.tokens
    return " ".join(context.plain[tokens[first].start:tokens[last - 1].end].split())


def _premodifiers_start(context: Context, head_first: int) -> int:
    tokens, first = context.tokens, head_first
    while first > 0 and context.mention_ending_at(first) is None:  # "Walsall Council leader": "Council" is the name's
        word = tokens[first - 1].low
        if not (context.rules.premodifier.fullmatch(word)
                or word in ("'s", "'") and first > 1 and tokens[first - 2].low in _GROUP_WORDS):
            break
        first -= 1
    return first


def _owner_before(context: Context, first: int) -> tuple[int, Owner | None, str | None]:
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
    if word.low in _COUNCIL_WORDS:
        begin = at - 2 if at > 1 and tokens[at - 2].low == "the" else at - 1
        return begin, Owner(None, tokens[begin].start, word.end, True), None
    if _abbreviation(word.text, context.rules):
        mention = context.mention_ending_at(at - 1)  # "Hampshire CC chief executive"
        if mention is not None:
            return context.index_at(mention.evidence.start), Owner(mention.gss_code, mention.evidence.start,
                                                                    word.end, True), None
        return at - 1, Owner(None, word.start, word.end, True), None
    if not (word.is_word and word.is_capitalised):
        return first, None, None
    if word.low in context.rules.words.not_name:  # "Ofsted's regional director": no council's, but the title's
        if not possessive:
            return first, None, None
        return at - 1, None, (None if word.low in _GROUP_WORDS else word.text)
    code = registers.authority_name_index().get(registers.normalise_name(word.text))
    if code is not None:
        return at - 1, Owner(code, word.start, word.end, False), None
    if possessive or word.text.isupper() and word.text in context.rules.other_bodies_initials:
        return at - 1, None, word.text  # "Barnardo's chief executive", "NSPCC chief executive"
    return first, None, None


def _mention_owner(mention: AuthorityMention) -> Owner:
    words = set(mention.evidence.quote.lower().split())
    return Owner(mention.gss_code, mention.evidence.start, mention.evidence.end, bool(words & _COUNCIL_WORDS))


def _abbreviation(word: str, found: PeopleRules) -> bool:
    """A council's initials ("BCC", "WSCC", "H&F" is three tokens and not taken)."""
    return 2 <= len(word) <= 6 and word.isupper() and word.isalpha() and word.endswith("C") \
        and word.lower() not in found.words.not_name and word not in found.other_bodies_initials


def _after_head(context: Context, head_first: int, head_last: int) -> tuple[int, str, Owner | None, str | None]:
    """(one past the title, its portfolio, the council owner, another body) after the head."""
    position = head_last
    head = _words(context, head_first, head_last)
    if any(p.constituency and p.head.fullmatch(head) for p in context.rules.posts):
        end, words = _constituency(context, position)  # "MP for Wigan": a constituency, not a council's post
        return end, words, None, None
    end, owner, body = _owner_after(context, position)
    if owner is not None and end < len(context.tokens) and context.tokens[end].low == "'s":
        end, portfolio = _portfolio(context, head_first, end + 1, opened=True)  # "director of X Council's children's services"
        return end, portfolio, owner, None
    if owner is not None:
        return end, "", owner, None
    position, portfolio = _portfolio(context, head_first, position)
    end, owner, body = _owner_after(context, position)
    return (end if owner or body else position), portfolio, owner, body


def _owner_after(context: Context, position: int) -> tuple[int, Owner | None, str | None]:
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
    if tokens[position].low == "from" and (context.mention_at(at) or _council_run(context, at, _body_end(context, at))):
        return position, None, None  # "director of children's services from X Council": where they came from
    mention = context.mention_at(at) if tokens[position].low != "from" else None
    if mention is not None:
        end = context.index_at(mention.evidence.end, at)
        while end < len(tokens) and (tokens[end].low in _COUNCIL_WORDS or _abbreviation(tokens[end].text, context.rules)):
            end += 1  # "at Rochdale Borough Council", "at West Sussex CC" where the mention is the place
        if end < len(tokens) and tokens[end].is_word and tokens[end].is_capitalised and tokens[position].text != "," \
                and not _name_starts(context, end) and context.mention_at(end) is None:
            # "of Middlesbrough Independent Councillors' Association": a body named after the place
            return _body_end(context, at), None, context.text[tokens[at].start:tokens[_body_end(context, at) - 1].end]
        if tokens[position].text == "," and end < len(tokens) and tokens[end].text == ",":
            end += 1
        return end, Owner(mention.gss_code, mention.evidence.start, tokens[end - 1].end, True), None
    if tokens[position].low == "-" and is_name_word(tokens[at].text):  # minutes: "Jo Bloggs – Chief Executive – Connexions"
        council = _council_run(context, at, _body_end(context, at))
        return council or (_body_end(context, at), None, context.text[tokens[at].start:tokens[_body_end(context, at) - 1].end])
    if tokens[position].text in (",", "-"):
        return position, None, None
    if tokens[position].low == "from":
        pass
    elif tokens[at].low in _COUNCIL_WORDS or _abbreviation(tokens[at].text, context.rules):
        end = at
        while end < len(tokens) and (tokens[end].low in _COUNCIL_WORDS or _abbreviation(tokens[end].text, context.rules)):
            end += 1
        return end, Owner(None, tokens[at].start, tokens[end - 1].end, True), None
    if tokens[at - 1].low == "the" and tokens[at].low.endswith("-run") and at + 1 < len(tokens) \
            and tokens[at + 1].low in _COUNCIL_WORDS:
        return at + 2, Owner(None, tokens[at].start, tokens[at + 1].end, True), None  # "at the Labour-run council"
    if tokens[position].low in ("of", "at", "for", "from") and is_name_word(tokens[at].text):
        end = _body_end(context, at)
        council = _council_run(context, at, end) if tokens[position].low != "from" else None
        if council is not None:
            return council
        if tokens[position].low in ("of", "at", "from"):
            return end, None, context.text[tokens[at].start:tokens[end - 1].end]
    return position, None, None


def _council_run(context: Context, at: int, end: int) -> tuple[int, Owner, None] | None:
    """A council the authority component did not name: "at Portsmouth City Council" ends in a council word."""
    tokens = context.tokens
    last = max((i for i in range(at, end) if tokens[i].low in _COUNCIL_WORDS and i > at), default=None)
    if last is None:
        return None
    code = _indexed(context, at, last + 1)
    if code is None and any(_vocabulary(tokens, i, context.rules) for i in range(at, last)):
        return None  # "the Conservative Group on Bradford Council": a group, not a council
    return last + 1, Owner(code, tokens[at].start, tokens[last].end, True), None


def _body_end(context: Context, at: int) -> int:
    """One past the capitalised words of a body's name: "Together for Children", "Sandwell Children’s Trust"."""
    tokens, last = context.tokens, at
    while last < len(tokens) and (tokens[last].is_capitalised and tokens[last].is_word or tokens[last].low in ("'s", "'")
                                  or tokens[last].low in _BODY_CONNECTORS and last + 1 < len(tokens)
                                  and tokens[last + 1].is_capitalised):
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


def _portfolio(context: Context, head_first: int, position: int, opened: bool = False) -> tuple[int, str]:
    """(one past the portfolio, its words) after a head: "for children, young people and education",
    ", Children's Services" (minutes), "Children's Services" after a head in capitals."""
    tokens, found = context.tokens, context.rules
    start = position
    if position < len(tokens) and not opened:
        opener = found.portfolio_opener.match(context.plain, tokens[position].start)
        if opener and _ends_word(context.plain, opener.end()):
            position = context.index_at(opener.end(), position)
        elif tokens[position].text in (",", "-", "–", ":") and _vocabulary(tokens, position + 1, found):
            position += 1
        elif not (tokens[head_first].is_capitalised and tokens[position].is_capitalised
                  and _vocabulary(tokens, position, found)):
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
    return end, _words(context, position, end)


def _continues(context: Context, index: int) -> bool:
    """Token `index` is still part of a portfolio: a word of one, or a connector before one."""
    tokens, found = context.tokens, context.rules
    token = tokens[index]
    if context.mention_at(index) is not None or _name_starts(context, index):
        return False
    following = index + 1
    if token.text == ",":  # after a comma only a portfolio's own words go on: ", young people and education"
        return _vocabulary(tokens, following, found) and not _name_starts(context, following)
    if token.text in ("&", "'s", "’s", "’", "'", "-", "–") or token.low == "and":
        return following < len(tokens) and _portfolio_word(tokens, following, found) \
            and not _name_starts(context, following) and not _head_at(context, following)
    return _portfolio_word(tokens, index, found)


def _portfolio_word(tokens: Sequence[Token], index: int, found: PeopleRules) -> bool:
    """A capitalised word of the portfolio vocabulary, or any lowercase word but the sentence's own."""
    if index >= len(tokens) or not tokens[index].is_word:
        return False
    token = tokens[index]
    if token.is_capitalised:
        return _vocabulary(tokens, index, found)
    return token.low not in found.portfolio_stop_words


def _vocabulary(tokens: Sequence[Token], index: int, found: PeopleRules) -> bool:
    return index < len(tokens) and tokens[index].low.replace("'", "") in found.portfolio_words


def _name_starts(context: Context, index: int) -> bool:
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


def _head_at(context: Context, index: int) -> bool:
    text = context.plain
    start = context.tokens[index].start
    return any((m := p.head.match(text, start)) and _ends_word(text, m.end()) for p in context.rules.posts)


def _constituency(context: Context, position: int) -> tuple[int, str]:
    """After "MP for": the longest run of words the register knows as a constituency, else the
    capitalised words up to a comma."""
    tokens = context.tokens
    if position >= len(tokens) or tokens[position].low != "for":
        return position, ""
    start = position + 1
    if start < len(tokens) and tokens[start].low == "the":
        start += 1
    for end in range(min(len(tokens), start + 7), start, -1):
        if not tokens[end - 1].is_word:
            continue
        words = context.text[tokens[start].start:tokens[end - 1].end]
        if registers.mp_by_constituency(words):
            return end, words
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
