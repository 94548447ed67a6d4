"""Cabinet lists that give a portfolio and the councillor holding it with no head word between:
"Children’s Services and Lifelong Learning Cllr Tony Smith (Labour)", "Deputy Leader, Children Young
People and Education Cllr Jasmine Ali". Only a children's portfolio is read (the lead member's): the
words before the honorific must all be portfolio words, and begin the list entry (the text's start,
a line, or after a bracket, a bullet or a comma).
"""

from __future__ import annotations

import re

from graph.extract.base import Annotated, evidence
from graph.extract.people_rules import CHILDREN_RE, PeopleRules, rules
from graph.records import RoleFact

_ENTRY_RE = re.compile(
    r"(?P<portfolio>[A-Z][\w’'-]*(?:[ \t]+(?:[A-Z][\w’'-]*|and|&|of|for|the)){0,8})[ \t]+"
    r"(?P<honorific>Cllr\.?|Councillor|Coun\.?)[ \t]+(?P<name>[A-Z][\w’'-]+(?:[ \t]+[A-Z][\w’'-]+){1,2})")
_NOT_A_PORTFOLIO_RE = re.compile(r"\b(?:committee|board|panel|scrutiny|overview|select|group|party)\b", re.IGNORECASE)
_ENTRY_STARTS = ("", "\n", ")", "•", "·", ",", ":", ";")


def lead_members(doc: Annotated, council: str | None) -> list[RoleFact]:
    """A lead member (of `council`, the document's) for every councillor a list gives a children's portfolio to."""
    found = rules()
    facts = []
    for match in _ENTRY_RE.finditer(doc.text):
        portfolio = _portfolio(match["portfolio"], found)
        start = match.end("portfolio") - len(portfolio)
        if not portfolio or not CHILDREN_RE.search(portfolio) or _NOT_A_PORTFOLIO_RE.search(portfolio) \
                or doc.text[:start].rstrip(" \t")[-1:] not in _ENTRY_STARTS:
            continue
        name = _name(match["name"], found)
        if name is None:
            continue
        end = match.start("name") + len(name)
        facts.append(RoleFact(name=name, role="lead-member-for-children", evidence=evidence(doc, start, end),
                              title=portfolio, authority=council, honorific=match["honorific"],
                              attested=doc.published()))
    return facts


def _portfolio(words: str, found: PeopleRules) -> str:
    """The longest tail of `words` made of portfolio words only, beginning with a capitalised one."""
    parts = words.split()
    for start in range(len(parts)):
        tail = parts[start:]
        if tail[0][:1].isupper() and all(w.lower().replace("’", "'").replace("'", "") in found.portfolio_words
                                         or w in ("&",) for w in tail):
            return " ".join(tail)
    return ""


def _name(words: str, found: PeopleRules) -> str | None:
    """The councillor's name, up to the next entry's portfolio ("Jasmine Ali Health and Wellbeing")."""
    kept = []
    for word in words.split():
        if kept and word.lower() in found.portfolio_words or word.lower() in found.words.not_name:
            break
        kept.append(word)
    return " ".join(kept) if len(kept) > 1 else None
