"""People with roles: RoleFacts from the ways news copy, letters, minutes and reports name them.

Each content region is read as tokens (people_text); role titles are found
among them with their premodifiers, portfolio and owner (people_titles); the
name each title belongs to comes from the constructions of people_grammar.
A council post takes its council from the council the title names as its
owner, else the document's main council; a post the title gives to another
body ("chief executive of Together for Children") is that body's. When the
document names no council at all, a council post is kept without one: who
holds it is still stated. Bylines give the author (people_bylines); Hansard's "Name (Seat) (Party)", an MP (people_parliament);
a cabinet list's "Children's Services Cllr Jo Bloggs", a lead member (people_portfolios).
"""

from __future__ import annotations

import re
from dataclasses import replace

from graph import registers
from graph.dates import find_dates
from graph.extract.authorities import main_authority
from graph.extract.base import Annotated, evidence
from graph.extract.people_bylines import author_fact
from graph.extract.people_grammar import Reading, readings
from graph.extract.people_links import linked_readings
from graph.extract.people_parliament import members
from graph.extract.people_portfolios import lead_members
from graph.extract.people_rules import CHILDREN_RE, PeopleRules, Post, is_councillor_honorific, rules
from graph.extract.people_text import PLAIN, is_name_word, tokenize
from graph.extract.people_titles import Context, find_titles
from graph.records import AuthorityMention, PartialDate, RoleFact

# Council posts that other bodies have too: "Barnardo's chief executive" is no council's (a director of
# children's services is a statutory council post: "Kingston's director of children's services" is Kingston's).
_POSTS_ELSEWHERE = frozenset({"chief-executive", "other"})


def extract(doc: Annotated) -> Annotated:
    found = rules()
    council = main_authority(doc)
    given = given_full_names(doc, found)
    found_readings = _all_readings(doc, found, given)
    mentions = doc.of_type(AuthorityMention)
    full_names = {_person(r.name.text, found) for r in found_readings if " " in r.name.text} | given
    facts: list[RoleFact] = []
    seen: set[tuple[str, str, str | None, str | None]] = set()
    posted = {_full_name(_person(r.name.text, found), full_names)
              for r in found_readings if not r.title.post.weak}
    for reading in found_readings:
        fact = _role_fact(doc, reading, council, full_names, mentions)
        if reading.title.post.weak and fact.name in posted:
            continue  # "Labour councillor Jo Bloggs, cabinet member for ...": the cabinet post says it all
        key = (fact.name, fact.role, fact.authority, fact.organisation)
        if key not in seen:
            seen.add(key)
            facts.append(fact)
    known = {(f.name, f.role) for f in facts}
    facts += [m for m in members(doc) + lead_members(doc, council) if (m.name, m.role) not in known]
    facts = _bare_directors(facts)
    author = author_fact(doc, found, {f.name for f in facts})
    return doc.add(*facts, *([author] if author else []))


_NAMED_DCS_RE = re.compile(r"\bchildren|\b(?-i:DCS)\b", re.IGNORECASE)
_BARE_EXECUTIVE_DIRECTOR_RE = re.compile(r"(?:(?:interim|acting|new) )?executive director", re.IGNORECASE)


def _bare_directors(facts: list[RoleFact]) -> list[RoleFact]:
    """A bare "executive director" is read as the DCS in children's services copy, but not beside someone
    the text names director of children's services: "chief executive Kath O'Dwyer, executive director
    Mark Palethorpe, and director of children's services Hilary Brooks"."""
    dcs = "director-of-childrens-services"
    named = {f.name for f in facts if f.role == dcs and _NAMED_DCS_RE.search(f.title or "")}
    return [replace(f, role="other") if f.role == dcs and named - {f.name}
            and _BARE_EXECUTIVE_DIRECTOR_RE.fullmatch(f.title or "") else f for f in facts]


def _all_readings(doc: Annotated, found: PeopleRules, given: set[str]) -> list[Reading]:
    """Readings of every stretch; a stretch where the surname of a full name found (or `given` in full
    elsewhere) stands alone is read again with that surname taken for a name ("run by Alex Hopkins,
    chief executive of ... Hopkins joined Sunderland as Director of Children's Services")."""
    plain = doc.text.translate(PLAIN)
    mentions = doc.of_type(AuthorityMention)
    stretches = [(start, end, _readings(doc, plain, mentions, (start, end), found))
                 for lo, hi in doc.content for start, end in _stretches(doc.text, plain, lo, hi, found)]
    surnames = frozenset(r.name.text.split()[-1] for _, _, read in stretches for r in read if " " in r.name.text) \
        | frozenset(name.split()[-1] for name in given)
    again = replace(found, words=replace(found.words, surnames=surnames))
    pattern = "|".join(map(re.escape, sorted(surnames)))
    alone = re.compile(rf"(?<![\w’'-])(?:{pattern})(?![\w’'-])") if surnames else None
    found_readings: list[Reading] = []
    for start, end, read in stretches:
        if alone and any(_alone(doc.text, match.start()) for match in alone.finditer(doc.text, start, end)):
            read = _readings(doc, plain, mentions, (start, end), again)
        found_readings += read
    return found_readings


_WORD_BEFORE_RE = re.compile(r"(\S+)[ \t]+$")
_GIVEN_AND_SURNAME_RE = re.compile(r"(?<![\w’'-])([A-Z][a-z]+)[ \t]+([A-Z][a-z][\w’'-]*[a-z])(?![\w’'-])")


def given_full_names(doc: Annotated, found: PeopleRules) -> set[str]:
    """Names the text gives in full, a given name first ("Frankie Sulke will report ..."), though with no
    title: a surname alone later is theirs ("Sulke will remain commissioner"). Places are no one's."""
    names = set()
    for lo, hi in doc.content:
        for match in _GIVEN_AND_SURNAME_RE.finditer(doc.text, lo, hi):
            given, surname = match.groups()
            if given.lower() in found.given_names and surname.lower() not in found.words.not_name \
                    and not registers.authority_name_index().get(registers.normalise_name(surname)):
                names.add(match.group(0).replace("\t", " "))
    return names


def _alone(text: str, at: int) -> bool:
    """The surname at `at` has no name word before it ("Hopkins joined", not "Alex Hopkins")."""
    before = _WORD_BEFORE_RE.search(text, max(0, at - 40), at)
    return before is None or not is_name_word(before.group(1))


def _readings(doc: Annotated, plain: str, mentions: list[AuthorityMention], stretch: tuple[int, int],
              found: PeopleRules) -> list[Reading]:
    """Readings in one stretch of content around a title's keyword: tokenising a 100-page report
    whole costs seconds; the stretches, a fraction of that."""
    start, end = stretch
    tokens = tokenize(doc.text, start, end)
    inside = [m for m in mentions if start <= m.evidence.start and m.evidence.end <= end]
    context = Context.of(doc.text, plain, tokens, inside, found)
    titles = find_titles(context)
    return linked_readings(context, titles, list(readings(context, titles)))


# Characters before and after a keyword: beyond the reach of any construction (a name up to 16 tokens
# before a title, a portfolio of up to 24 tokens and a name after it).
_STRETCH = (180, 280)


# What a verb head's object begins with: "leads the council", "led Kent County Council", "represents Wigan".
_VERB_OBJECT_RE = re.compile(r"[ \t]+(?:the[ \t]+(?:council|authority)\b|[A-Z])")


def _keyword_positions(plain: str, lo: int, hi: int, found: PeopleRules) -> list[int]:
    """Where keywords stand as whole words in plain[lo:hi], found by substring search (a regex
    alternation over a whole report is several times slower)."""
    lowered = plain[lo:hi].lower()
    positions = []
    for keyword in found.keywords | found.cased_keywords:
        haystack, needle = (plain[lo:hi], keyword) if keyword.isupper() else (lowered, keyword)
        index = haystack.find(needle)
        while index >= 0:
            after = index + len(needle)
            if (index == 0 or not haystack[index - 1].isalnum()) and \
                    (after == len(haystack) or not haystack[after].isalnum()) and \
                    (keyword not in found.verb_heads or _VERB_OBJECT_RE.match(plain, lo + after)):
                positions.append(lo + index)  # a whole word ("leadership" is not "leader"); a verb with an object
            index = haystack.find(needle, after)
    return sorted(positions)


def _stretches(text: str, plain: str, lo: int, hi: int, found: PeopleRules) -> list[tuple[int, int]]:
    """[start, end) stretches of text[lo:hi] around title keywords, merged, cut at whitespace."""
    spans: list[list[int]] = []
    for position in _keyword_positions(plain, lo, hi, found):
        start, end = max(lo, position - _STRETCH[0]), min(hi, position + _STRETCH[1])
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    stretches = []
    for start, end in spans:
        while start > lo and not text[start - 1].isspace():
            start -= 1
        while end < hi and not text[end].isspace():
            end += 1
        stretches.append((start, end))
    return stretches


# ------------------------------------------------------------ facts

def _person(name: str, found: PeopleRules) -> str:
    """A name without a leading capitalised word that is no given name before one that is: "Troubleshooter
    Eleanor Brazil" is Eleanor Brazil (given names: the Parliament register's)."""
    words = name.split()
    if len(words) >= 3 and words[0].lower() not in found.given_names and words[1].lower() in found.given_names:
        return " ".join(words[1:])
    return name


def _role_fact(doc: Annotated, reading: Reading, council: str | None, full_names: set[str],
               mentions: list[AuthorityMention]) -> RoleFact:
    name = _full_name(_person(reading.name.text, rules()), full_names)
    title = reading.title
    post = _as_councillor(title.post, title.text, reading.name.honorific)
    role, organisation, authority = post.role, post.organisation, None
    start, end = reading.start, reading.end
    body_council = _council_named(title.other_body, mentions) if title.other_body else None
    if title.owner is not None and (post.council or post.role == "commissioner"):
        named = title.owner.code or _council_named(doc.text[title.owner.start:title.owner.end], mentions)
        authority = named or (council if post.council else None)
        start, end = min(start, title.owner.start), max(end, title.owner.end)
    elif post.council and body_council:
        authority = body_council  # "Reading’s lead councillor" where the story names Reading Borough Council
    elif post.council and title.other_body and (title.body_after or post.role in _POSTS_ELSEWHERE):
        role, organisation = "other", title.other_body
    elif post.council:
        authority = council
    elif organisation is None:  # "adviser at the Department for Education", "Jo Bloggs, of Kent Police,"
        organisation = title.other_body or _organisation_after(doc.text, reading)
    constituency = _constituency(doc.text, title.portfolio, title.start) if post.constituency else None
    if constituency:
        start, end = min(start, constituency[1]), max(end, constituency[2])
    began, ended, tenure_end = _tenure(doc, end)
    if tenure_end:
        end = tenure_end
    former = reading.former or ended is not None
    return RoleFact(
        name=name, role=role, evidence=evidence(doc, start, end), title=title.text,
        authority=authority, organisation=organisation, honorific=reading.name.honorific,
        constituency=constituency[0] if constituency else None,
        # A post the source says has ended is not attested at the source's date.
        attested=None if former else doc.published(), start=began, end=ended,
    )


def _as_councillor(post: Post, title: str, honorific: str | None) -> Post:
    """A councillor holds no officer's post: "Essex children's chief, Councillor Sarah Candy" and
    "Councillor Pavitar Mann, commissioner for children and education" are lead members."""
    if not (honorific and is_councillor_honorific(honorific)):
        return post
    if post.role == "director-of-childrens-services" or (post.role == "commissioner" and CHILDREN_RE.search(title)):
        return replace(post, role="lead-member-for-children", council=True, organisation=None)
    return post


def _council_named(words: str, mentions: list[AuthorityMention]) -> str | None:
    """The council a short form stands for, among the councils the document names: its initials
    ("WSCC" for West Sussex County Council) or its first word ("Reading" for Reading Borough Council)."""
    words = words.strip()
    for mention in mentions:
        quote = mention.evidence.quote.split()
        initials = "".join(w[0] for w in quote if w[:1].isupper())
        if len(quote) > 1 and (words == initials if words.isupper() else words == quote[0]):
            return mention.gss_code
    return None


_OF_BODY_RE = re.compile(r",[ \t]*of[ \t]+(?:the[ \t]+)?(?P<body>[A-Z][\w’'&-]*(?:[ \t]+(?:[A-Z][\w’'&-]*|of|for|and|&))*)[ \t]*[,.]")


def _organisation_after(text: str, reading: Reading) -> str | None:
    """A body named in apposition right after the person: ", of Kent Police,"."""
    found = _OF_BODY_RE.match(text, reading.end)
    return found["body"] if found else None


def _full_name(name: str, full_names: set[str]) -> str:
    """A surname alone ("Cllr Brown", "Brown joined") stands for the one full name in the document that
    ends with it; with none (or several), the surname is all the text gives."""
    if " " in name:
        return name
    matches = [full for full in full_names if full.split()[-1] == name]
    return matches[0] if len(matches) == 1 else name


def _tenure(doc: Annotated, after: int) -> tuple[PartialDate | None, PartialDate | None, int | None]:
    """(start, end, where the phrase ends) of a post, from a tenure phrase in the rest of the sentence."""
    stop = _SENTENCE_STOP_RE.search(doc.text, after)
    hi = stop.start() if stop else len(doc.text)
    found = rules()
    hi = min(hi, after + _TENURE_REACH)
    for cue, is_end in ((found.tenure_end, True), (found.tenure_start, False)):
        for match in cue.finditer(doc.text, after, hi):
            if doc.text[after:match.start()].strip(" ,") not in _TENURE_LINKS:
                continue  # the phrase must follow the reading directly, not later in the sentence
            dates = find_dates(doc.text, match.end(), min(hi, match.end() + 40), reference=doc.published())
            if dates and dates[0].first and not doc.text[match.end():dates[0].start].strip(" ,"):
                when = dates[0].first
                return (None, when, dates[0].end) if is_end else (when, None, dates[0].end)
    return None, None, None


_SENTENCE_STOP_RE = re.compile(r"[.!?:;](?:\s|$)|\n\s*\n|[“\"]")
_TENURE_REACH = 80  # characters after a reading in which its tenure phrase may stand
_TENURE_LINKS = frozenset({"", "who", "and", "who has", "who had", "has", "had", "who was", "was"})
_WORDS_BEFORE_RE = re.compile(r"(?:[A-Z][\w’'-]*[ \t]+){1,5}$")


def _constituency(text: str, portfolio: str, title_start: int) -> tuple[str, int, int] | None:
    """The constituency the text names for an MP (and its span), when the register knows it as one:
    after the title ("MP for Wigan") or before it ("Wigan MP Jane Doe")."""
    if portfolio and registers.mp_by_constituency(portfolio):
        start = text.find(portfolio, title_start)
        return (portfolio, start, start + len(portfolio)) if start >= 0 else None
    before = _WORDS_BEFORE_RE.search(text, max(0, title_start - 60), title_start)
    if before is None:
        return None
    words = before.group(0).split()
    for size in range(len(words), 0, -1):
        candidate = " ".join(words[-size:])
        if registers.mp_by_constituency(candidate):
            start = text.rindex(candidate, before.start(), title_start)
            return candidate, start, start + len(candidate)
    return None
