"""Members of Parliament as Hansard and its mirrors name them, with no title at all: the seat and the
party in brackets after the name ("Mrs Emma Lewell-Buck (South Shields) (Lab)", "Mr Brian Jenkins
(Tamworth) (Lab):"). Two brackets, the second a party label, say the name is a member's. One bracket
with a party and a seat does too when the register knows the seat as a constituency ("Paul Scully
(Conservative, Sutton and Cheam)"): a councillor's ward is rarely one ("Cllr Jo Bloggs (Lab, Heaton)").
"""

from __future__ import annotations

import re
from functools import cache

from graph import registers
from graph.extract.base import Annotated, evidence
from graph.extract.people_rules import PeopleRules, is_councillor_honorific, rules
from graph.records import RoleFact

_NAME = r"(?P<name>[A-Z][\w’'-]+(?:[ \t]+(?:[A-Z][\w’'-]+|[A-Z]\.)){1,3})"
_SEAT = r"(?P<seat>[A-Z][^()\n]{1,60})"


@cache
def _patterns(labels: str, parties: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    return (re.compile(rf"(?<![\w’'-]){_NAME}[ \t]*\({_SEAT}\)[ \t]*\((?:{labels})\)"),
            re.compile(rf"(?<![\w’'-]){_NAME}[ \t]*\((?:{parties}),[ \t]*{_SEAT}\)"))


def members(doc: Annotated) -> list[RoleFact]:
    """An MP for every name the text follows with a seat and a party label in brackets."""
    found = rules()
    facts = []
    seat_then_party, party_and_seat = _patterns(found.party_labels, found.party_before_seat)
    matches = list(seat_then_party.finditer(doc.text)) + [
        m for m in party_and_seat.finditer(doc.text) if registers.mp_by_constituency(m["seat"])]
    for match in matches:
        name = _without_honorific(match["name"], found)
        if name is None:
            continue
        facts.append(RoleFact(name=name, role="member-of-parliament", evidence=evidence(doc, match.start(), match.end()),
                              title="MP", organisation="UK Parliament", constituency=" ".join(match["seat"].split()),
                              attested=doc.published()))
    return facts


def _without_honorific(name: str, found: PeopleRules) -> str | None:
    """The name after its honorific, and after any word run on before that ("Portrait Mrs Jo Bloggs");
    None for a councillor or when one word is left."""
    words = name.split()
    plain = [w.lower().rstrip(".") for w in words]
    honorific = max((i for i, w in enumerate(plain) if (w,) in found.words.honorifics), default=None)
    if honorific is not None:
        if is_councillor_honorific(plain[honorific]):
            return None
        words = words[honorific + 1:]
    elif len(words) > 2 and plain[0] not in found.given_names and plain[1] in found.given_names:
        words = words[1:]
    if any(w.lower() in found.words.not_name for w in words):
        return None
    return " ".join(words) if len(words) > 1 else None
