"""Holders a title's own sentence does not name beside it, found through the words around it.

Succession: "Jo Bloggs ..., replacing previous director Ann Lee", "Jo Bloggs will take over
... from interim director Ann Lee", "Jo Bloggs, who replaced Ann Lee as cabinet member for
children" give Jo Bloggs the post Ann Lee held (and Ann Lee has left it); "director Ann Lee,
who was replaced by Jo Bloggs" too. A pronoun: "Ms Lee is coming from Luton, where she was
corporate director of people" gives the post to the nearest name before the pronoun. An
appointment stated without a name: "Newham Council has appointed its new corporate director
of children and young people. Tim Aldridge will be accountable ..." gives it to the name that
opens the next sentence ("This appointment of Tim Aldridge follows ..." too).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator, Sequence

from graph.extract.people_grammar import Reading, reading_of
from graph.extract.people_text import Name, name_at, name_ending_at
from graph.extract.people_titles import Context, Title

# Words just before a reading that make its holder the one replaced by the sentence's subject.
_REPLACING_RE = re.compile(
    r"\b(?:replac(?:e|es|ed|ing)|succeed(?:s|ed|ing)?|in place of"
    r"|(?:take|takes|took|taking|taken) over(?:[ \t]+[\w']+){0,8}?[ \t]+from)[ \t]*$", re.IGNORECASE)
# Words just after a reading that name who replaced its holder.
_REPLACED_BY_RE = re.compile(
    r",?[ \t]+(?:who[ \t]+)?(?:was|has been|had been|is being|will be|is to be|is)[ \t]+(?:replaced|succeeded)"
    r"[ \t]+by[ \t]+", re.IGNORECASE)
# A change of holder: the verb between a name and its title, and the departure after the title.
_BECAME_RE = re.compile(r"\b(?:became|become|becomes|appointed|named|elected|took over|takes over|take over"
                        r"|made|installed|confirmed)\b", re.IGNORECASE)
_DEPARTURE_RE = re.compile(
    r"[ \t]*,?[ \t]*(?:in[ \t]+\w+[ \t]+)?(?:after|following|in the wake of|on)[ \t]+(?:the[ \t]+)?"
    r"(?:resignation|departure|retirement|dismissal|sacking|death|exit|removal|suspension)[ \t]+of[ \t]+",
    re.IGNORECASE)
# A post named by reference to a title before it: "who held the portfolio", "took over the role".
_THE_POST_RE = re.compile(
    r"\b(?P<verb>held|holds|took over|takes over|took on|takes on|took up|takes up|filled|fills|assumed|oversaw"
    r"|oversees|stepped into)[ \t]+the[ \t]+(?P<post>post|role|portfolio|job|position)\b", re.IGNORECASE)
# Between the name and that verb: "Cllr Ann Lee, who had held the post".
_THE_POST_LEAD_RE = re.compile(r"(?:[,–-][ \t]*)?(?:who[ \t]+)?(?P<aux>(?:has|have|had)[ \t]+)?$", re.IGNORECASE)
_PRONOUNS = frozenset({"he", "she"})
# "... from her current position as director of operations": a possessive, a post and "as".
_POSSESSIVES = frozenset({"his", "her"})
_POSITION_AS_RE = re.compile(r"(?:(?:current|previous|former|new|present) )?(?:role|post|position|job) as(?: an?| the)?")
_REPLACING_VERBS = frozenset({"replaced", "replaces", "replacing", "succeeded", "succeeds", "succeeding"})
_PRONOUN_REACH = 6  # tokens between a pronoun and the title it is linked to
_ANTECEDENT_REACH = 40  # tokens before a pronoun in which its antecedent is looked for
_APPOINTING = frozenset({"appointed", "appoints", "appoint", "named", "names", "announced", "announces",
                         "recruited", "hired", "chosen", "selected", "confirmed"})
_APPOINTMENT_OF_RE = re.compile(r"(?:this|the|her|his)[ \t]+(?:new[ \t]+)?appointment[ \t]+of[ \t]+", re.IGNORECASE)
_LOOKBACK = 80  # characters before a reading in which a succession verb is looked for
_SENTENCE_ENDS = frozenset({".", "!", "?"})


def linked_readings(context: Context, titles: Sequence[Title], found: Sequence[Reading]) -> list[Reading]:
    """The readings the title's own sentence gave (`found`), a replaced holder's marked as left, and
    the readings the constructions above add."""
    linked: list[Reading] = []
    for reading in found:
        linked += _succession(context, reading) if not reading.title.plural else [reading]
    held = {id(r.title) for r in found}
    for title in titles:
        if id(title) in held or title.plural:
            continue
        named = _pronoun_antecedent(context, title) or _next_sentence_subject(context, title)
        if named is not None:
            linked.append(reading_of(context, named, title, False))
    return linked + list(_predecessors(context, linked)) + list(_departed(context, linked)) \
        + list(_the_post(context, titles, linked))


def _departed(context: Context, linked: Sequence[Reading]) -> Iterator[Reading]:
    """"Jo Bloggs became deputy leader after the resignation of Cllr Ann Lee": Ann Lee held the post."""
    tokens, text = context.tokens, context.text
    for reading in linked:
        name, title = reading.name, reading.title
        if name.last > title.first or not _BECAME_RE.search(text, tokens[name.last - 1].end, title.start):
            continue
        after = _DEPARTURE_RE.match(text, title.end)
        at = context.index_at(after.end()) if after else len(tokens)
        left = name_at(tokens, at, context.rules.words, text) if at < len(tokens) else None
        if left is not None:
            yield reading_of(context, left, title, True)


def _the_post(context: Context, titles: Sequence[Title], linked: Sequence[Reading]) -> Iterator[Reading]:
    """"Cllr Ann Lee, who held the portfolio", "Jo Bloggs took over the role": the post is the title
    named last before the name (a portfolio, a lead member's)."""
    tokens, text = context.tokens, context.text
    for match in _THE_POST_RE.finditer(text, tokens[0].start, tokens[-1].end):
        lead = _THE_POST_LEAD_RE.search(text, max(tokens[0].start, match.start() - 24), match.start())
        if lead is None:
            continue
        name = name_ending_at(tokens, context.index_at(lead.start()), context.rules.words, text)
        if name is None:
            continue
        aux = (lead["aux"] or "").strip().lower()
        left = aux == "had" or not aux and match["verb"].lower() in ("held", "oversaw")
        start = tokens[name.first].start
        earlier = [t for t in titles if t.end <= start and not t.plural
                   and (match["post"].lower() != "portfolio" or t.post.role == "lead-member-for-children")]
        if earlier and not any(r.name.core == name.core and r.title is earlier[-1] for r in linked):
            yield reading_of(context, name, earlier[-1], left)


def _predecessors(context: Context, linked: Sequence[Reading]) -> Iterator[Reading]:
    """"Jo Bloggs was appointed director of people. She replaced Ann Lee, who ...": the one replaced
    held the post the subject of "replaced" was given before, and has left it."""
    tokens = context.tokens
    for verb, token in enumerate(tokens[1:-1], start=1):
        if token.low not in _REPLACING_VERBS:
            continue
        replaced = name_at(tokens, verb + 1, context.rules.words, context.text)
        if replaced is None or any(r.name.core == replaced.core for r in linked):
            continue  # "replaced Ann Lee as director": the title after the name is read already
        subject = _antecedent(context, verb - 1) if tokens[verb - 1].low in _PRONOUNS \
            else _nearest_name(context, verb, replaced)
        held = [r for r in linked if subject is not None and r.name.text == subject.text
                and r.end <= token.start and not r.former]
        if held:
            yield reading_of(context, replaced, held[-1].title, True)


def _succession(context: Context, reading: Reading) -> list[Reading]:
    """The reading, and if the words around it say its holder was replaced, the holder as having left
    the post and the successor as holding it."""
    tokens, text = context.tokens, context.text
    left = min(reading.name.first, reading.title.owner_first)
    lead = _REPLACING_RE.search(text, max(0, tokens[left].start - _LOOKBACK), tokens[left].start)
    successor = None
    if lead is not None:
        verb = context.index_at(lead.start())
        successor = _nearest_name(context, verb, reading.name)
    else:
        after = _REPLACED_BY_RE.match(text, tokens[reading.name.after - 1].end) \
            if reading.name.after > 0 else None
        if after is not None:
            at = context.index_at(after.end())
            successor = name_at(tokens, at, context.rules.words, text) if at < len(tokens) else None
    if successor is None or successor.core == reading.name.core:
        return [reading]
    return [Reading(reading.name, reading.title, reading.start, reading.end, True),
            replace(reading_of(context, successor, reading.title, False), former=False)]  # not "previous director"'s


def _nearest_name(context: Context, before: int, not_this: Name) -> Name | None:
    """The name ending nearest before token `before` in its sentence (not `not_this`)."""
    tokens = context.tokens
    for end in range(before, max(0, before - _ANTECEDENT_REACH), -1):
        if _sentence_ends(context, end - 1):
            return None
        name = name_ending_at(tokens, end, context.rules.words, context.text)
        if name is not None and name.core != not_this.core:
            return name
    return None


def _pronoun_antecedent(context: Context, title: Title) -> Name | None:
    """"... Ms Lee, where she was corporate director of people": the name the pronoun stands for, the
    nearest before it in its sentence or the one before."""
    tokens = context.tokens
    first = title.owner_first
    for pronoun in range(first - 2, max(-1, first - _PRONOUN_REACH), -1):
        if tokens[pronoun].low not in _PRONOUNS and tokens[pronoun].low not in _POSSESSIVES:
            continue
        gap = " ".join(context.text[tokens[pronoun].end:tokens[first].start].split()).lower()
        linked = _POSITION_AS_RE.fullmatch(gap) if tokens[pronoun].low in _POSSESSIVES \
            else gap and context.rules.name_title_links.fullmatch(gap + " ")
        return _antecedent(context, pronoun) if linked else None
    return None


def _antecedent(context: Context, pronoun: int) -> Name | None:
    """The nearest name before token `pronoun`, in its sentence or the one before."""
    ends = 0
    for end in range(pronoun, max(0, pronoun - _ANTECEDENT_REACH), -1):
        ends += _sentence_ends(context, end - 1)
        if ends > 1:
            return None
        name = name_ending_at(context.tokens, end, context.rules.words, context.text)
        if name is not None:
            return name
    return None


def _next_sentence_subject(context: Context, title: Title) -> Name | None:
    """The name opening the sentence after one that states an appointment to `title` and names no one."""
    tokens = context.tokens
    start = title.owner_first
    while start > 0 and not _sentence_ends(context, start - 1):
        start -= 1
    stop = title.last
    while stop < len(tokens) and not _sentence_ends(context, stop):
        stop += 1
    sentence = range(start, stop)
    if stop + 1 >= len(tokens) or not any(tokens[i].low in _APPOINTING for i in sentence):
        return None
    if any(context.mention_at(i) is None and name_at(tokens, i, context.rules.words, context.text) for i in sentence):
        return None  # the sentence names someone (a council is no one): the title is theirs or no one's
    at = stop + 1
    opener = _APPOINTMENT_OF_RE.match(context.plain, tokens[at].start)
    if opener:  # "... has been appointed by X Council. This appointment of Jo Bloggs follows ..."
        at = context.index_at(opener.end(), at)
    name = name_at(tokens, at, context.rules.words, context.text)
    return name if name is not None and (name.honorific or name.last - name.core > 1) else None


def _sentence_ends(context: Context, index: int) -> bool:
    """Token `index` ends a sentence: a full stop (not an honorific's or an initial's) before a capital."""
    tokens = context.tokens
    if index < 0 or index >= len(tokens) or tokens[index].text not in _SENTENCE_ENDS:
        return False
    previous = tokens[index - 1] if index > 0 else None
    if previous is not None and (previous.low in context.rules.words.honorific_words
                                 or len(previous.text) == 1 and previous.text.isupper()):
        return False
    return index + 1 == len(tokens) or tokens[index + 1].text[:1].isupper() or not tokens[index + 1].is_word
