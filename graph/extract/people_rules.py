"""The people component's rules (graph/rules/roles.yaml), loaded and checked once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from graph import registers
from graph.resources import RULES_DIR
from graph.extract.people_text import NameWords
from graph.rules import PatternError, check_notations, load_patterns

# Honorifics only an elected member carries (roles.yaml's honorifics hold them among the others), and the
# words that make a portfolio or a title the children's one.
_COUNCILLOR_RE = re.compile(r"(?:(?:county|city|borough) )?councillor|cllr|cilr|coun|clr|cnllr", re.IGNORECASE)
CHILDREN_RE = re.compile(r"\b(?:children|young people|education|schools)\b", re.IGNORECASE)


def is_councillor_honorific(word: str) -> bool:
    """Whether `word` (a dot after it allowed) is an honorific only a councillor carries."""
    return bool(_COUNCILLOR_RE.fullmatch(word.rstrip(".")))


_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_REGEX = {"type": "string", "minLength": 1}
_POST = {
    "type": "object",
    "required": ["role", "head"],
    "additionalProperties": False,
    "properties": {
        "role": {"type": "string"}, "head": _REGEX, "council": {"type": "boolean"},
        "organisation": {"type": "string"}, "covers": _REGEX, "portfolio_is": _REGEX, "not_covers": _REGEX, "before": _REGEX,
        "not_before": _REGEX, "portfolio": {"type": "boolean"}, "owned": {"type": "boolean"},
        "constituency": {"type": "boolean"}, "weak": {"type": "boolean"},
    },
}
_SCHEMA = {
    "type": "object",
    "required": ["honorifics", "name_suffixes", "name_particles", "not_name_words", "title_keywords",
                 "premodifiers", "former", "portfolio_words", "portfolio_stop_words", "portfolio_openers",
                 "plural_heads", "verb_heads", "other_bodies_initials", "posts", "councillor_lead_in", "sign_off", "name_title_links",
                 "byline_lines", "tenure_start", "tenure_end", "party_labels", "party_before_seat", "party_possessive"],
    "additionalProperties": False,
    "properties": {
        "honorifics": _STRINGS, "name_suffixes": _STRINGS, "name_particles": _STRINGS, "not_name_words": _STRINGS,
        "title_keywords": _STRINGS, "premodifiers": _REGEX, "former": _REGEX,
        "portfolio_words": _STRINGS, "portfolio_stop_words": _STRINGS, "portfolio_openers": _REGEX,
        "plural_heads": _STRINGS, "verb_heads": _STRINGS, "other_bodies_initials": _STRINGS, "posts": {"type": "array", "items": _POST},
        "party_labels": _REGEX, "party_before_seat": _REGEX, "party_possessive": _REGEX, "councillor_lead_in": _REGEX, "sign_off": _REGEX, "name_title_links": _REGEX, "byline_lines": {"type": "integer", "minimum": 1},
        "tenure_start": _REGEX, "tenure_end": _REGEX,
    },
}
NO_POST = "none"  # a post entry whose title is no post we record


@dataclass(frozen=True)
class Post:
    """One entry of `posts`: a role and the conditions a title meets to hold it."""

    role: str
    council: bool
    organisation: str | None
    head: re.Pattern[str]
    covers: re.Pattern[str] | None = None
    portfolio_is: re.Pattern[str] | None = None
    not_covers: re.Pattern[str] | None = None
    before: re.Pattern[str] | None = None
    not_before: re.Pattern[str] | None = None
    portfolio: bool | None = None
    owned: bool | None = None
    constituency: bool = False
    weak: bool = False  # kept only for a person who holds no other post in the document


@dataclass(frozen=True)
class PeopleRules:
    words: NameWords
    honorific: re.Pattern[str]  # one honorific as written, a dot after it allowed ("Cllr", "The Rt Hon")
    suffix: re.Pattern[str]     # post-nominal letters at the end of a name ("… OBE MP")
    posts: tuple[Post, ...]
    heads: re.Pattern[str]          # any post's head, to find titles with
    keywords: frozenset[str]        # lowercase keywords, looked for in lowercased words
    cased_keywords: frozenset[str]  # keywords in capitals, matched as written
    premodifier: re.Pattern[str]
    former: re.Pattern[str]
    portfolio_words: frozenset[str]
    portfolio_stop_words: frozenset[str]
    portfolio_opener: re.Pattern[str]
    plural_heads: frozenset[str]
    verb_heads: frozenset[str]      # heads that are verbs, their object the owner ("who leads the council")
    other_bodies_initials: frozenset[str]
    given_names: frozenset[str]     # first names (MPs', an open list's): a hint that a name begins
    councillor_lead_in: re.Pattern[str]
    sign_off: re.Pattern[str]
    name_title_links: re.Pattern[str]
    byline_lines: int
    tenure_start: re.Pattern[str]
    tenure_end: re.Pattern[str]
    party_labels: str  # a party as Hansard abbreviates it after a member's seat: "(Lab)", "(Con)"
    party_before_seat: str  # a party before the seat in one bracket: "(Conservative, Sutton and Cheam)"
    party_possessive: re.Pattern[str]  # before a name after its title: "the leader, Labour's Jo Bloggs"


def _compile(pattern: str | None) -> re.Pattern[str] | None:
    return re.compile(pattern, re.IGNORECASE) if pattern else None


def _post(entry: dict) -> Post:
    return Post(
        role=entry["role"], council=entry.get("council", False), organisation=entry.get("organisation"),
        head=re.compile(rf"(?:{entry['head']})", re.IGNORECASE), covers=_compile(entry.get("covers")),
        portfolio_is=_compile(entry.get("portfolio_is")),
        not_covers=_compile(entry.get("not_covers")), before=_compile(entry.get("before")),
        not_before=_compile(entry.get("not_before")), portfolio=entry.get("portfolio"),
        owned=entry.get("owned"), constituency=entry.get("constituency", False), weak=entry.get("weak", False),
    )


def _given_names() -> frozenset[str]:
    """First names of the MPs in the Parliament register and of an open list (given_names.txt, its
    origin and licence in its header), lowercased."""
    listed = (RULES_DIR / "given_names.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(words[0].lower() for member in registers.members_of_parliament()
                     if len(words := member.name.split()) > 1 and words[0].isalpha()) \
        | frozenset(line.strip().lower() for line in listed if line.strip() and not line.startswith("#"))


@cache
def rules() -> PeopleRules:
    data = load_patterns("roles", _SCHEMA)
    posts = tuple(_post(entry) for entry in data["posts"])
    check_notations("roles.yaml", "role", [p.role for p in posts if p.role != NO_POST])
    keywords = data["title_keywords"]
    honorifics = sorted((tuple(h.lower().split()) for h in data["honorifics"]), key=len, reverse=True)
    words = NameWords(
        not_name=frozenset(w.lower() for w in data["not_name_words"]),
        honorifics=tuple(honorifics), suffixes=frozenset(data["name_suffixes"]),
        particles=frozenset(data["name_particles"]),
        honorific_words=frozenset(word for sequence in honorifics for word in sequence))
    heads = "|".join(f"(?:{entry['head']})" for entry in data["posts"])
    try:
        return PeopleRules(
            words=words, posts=posts,
            honorific=re.compile(rf"^(?:{'|'.join(map(re.escape, data['honorifics']))})\.?$", re.IGNORECASE),
            suffix=re.compile(rf"(?:[ \t]+(?:{'|'.join(map(re.escape, data['name_suffixes']))}))+$"),
            heads=re.compile(rf"(?:{heads})(?![\w'’])", re.IGNORECASE),
            keywords=frozenset(k.lower() for k in keywords if not k.isupper()),
            cased_keywords=frozenset(k for k in keywords if k.isupper()),
            premodifier=re.compile(rf"(?:{data['premodifiers']})", re.IGNORECASE),
            former=re.compile(data["former"], re.IGNORECASE),
            portfolio_words=frozenset(w.lower() for w in data["portfolio_words"]),
            portfolio_stop_words=frozenset(data["portfolio_stop_words"]),
            portfolio_opener=re.compile(data["portfolio_openers"], re.IGNORECASE),
            plural_heads=frozenset(data["plural_heads"]),
            verb_heads=frozenset(data["verb_heads"]),
            other_bodies_initials=frozenset(data["other_bodies_initials"]),
            given_names=_given_names(),
            councillor_lead_in=re.compile(data["councillor_lead_in"], re.IGNORECASE),
            sign_off=re.compile(data["sign_off"], re.IGNORECASE),
            name_title_links=re.compile(data["name_title_links"], re.IGNORECASE),
            byline_lines=data["byline_lines"],
            tenure_start=re.compile(data["tenure_start"], re.IGNORECASE),
            tenure_end=re.compile(data["tenure_end"], re.IGNORECASE),
            party_labels=data["party_labels"],
            party_before_seat=data["party_before_seat"],
            party_possessive=re.compile(data["party_possessive"], re.IGNORECASE),
        )
    except re.error as err:
        raise PatternError(f"roles.yaml: a pattern does not compile: {err}") from err
