"""The people component's rules (graph/rules/roles.yaml), loaded and checked once, and its name patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from graph.rules import check_notations, load_patterns

_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_SCHEMA = {
    "type": "object",
    "required": ["honorifics", "name_suffixes", "not_name_words", "blocked_before", "roles", "title_keywords",
                 "inspector_labels", "listed_inspectors", "byline_lines", "tenure_start", "tenure_end"],
    "additionalProperties": False,
    "properties": {
        "honorifics": _STRINGS,
        "name_suffixes": _STRINGS,
        "not_name_words": _STRINGS,
        "blocked_before": {"type": "string"},
        "inspector_labels": {"type": "string"},
        "listed_inspectors": {"type": "object", "required": ["role", "lead"], "additionalProperties": False,
                              "properties": {"role": {"type": "string"}, "lead": {"type": "string"}}},
        "title_keywords": _STRINGS,
        "tenure_start": {"type": "string", "minLength": 1},
        "tenure_end": {"type": "string", "minLength": 1},
        "byline_lines": {"type": "integer", "minimum": 1},
        "roles": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["role", "titles"],
                "additionalProperties": False,
                "properties": {
                    "role": {"type": "string"},
                    "council": {"type": "boolean"},
                    "organisation": {"type": "string"},
                    "titles": _STRINGS,
                },
            },
        },
    },
}

_NAME_WORD = r"(?:[A-Z](?:[a-z]+|['’][A-Z][a-z]+)(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?|[A-Z]\.)"
_PARTICLE = r"(?:de|van|von|der|du|da|di|le|la|del|bin|al)"
# Whose post it is, between a name and a title: "Kent County Council's", "the council's".
_OWNER = r"(?:(?:(?:[A-Z][\w’'-]*|of|upon|on|and)[ \t]+){0,5}?[A-Z][\w’'-]*['’]s[ \t]+|(?:the[ \t]+)?council['’]s[ \t]+)"


@dataclass(frozen=True)
class RoleSpec:
    role: str
    council: bool
    organisation: str | None


@dataclass(frozen=True)
class PeopleRules:
    titles: re.Pattern[str]
    keywords: tuple[str, ...]  # lowercase ones are looked for in lowercased text
    specs: tuple[RoleSpec, ...]
    name_after: re.Pattern[str]
    name_before: re.Pattern[str]
    name_line_before: re.Pattern[str]
    bare_name_before: re.Pattern[str]
    honorific: re.Pattern[str]
    suffix: re.Pattern[str]
    not_name_words: frozenset[str]
    blocked_before: re.Pattern[str]
    inspector_label: re.Pattern[str]
    list_lead: re.Pattern[str]
    list_spec: RoleSpec
    listed_name: re.Pattern[str]
    byline: re.Pattern[str]
    byline_lines: int
    tenure_start: re.Pattern[str]
    tenure_end: re.Pattern[str]


@dataclass(frozen=True)
class Found:
    """One person-role reading before its organisation is settled."""

    name: str
    honorific: str | None
    spec: RoleSpec
    title: str
    start: int
    end: int
    title_start: int
    title_end: int


@cache
def rules() -> PeopleRules:
    data = load_patterns("roles", _SCHEMA)
    check_notations("roles.yaml", "role", (r["role"] for r in data["roles"]))
    specs = tuple(RoleSpec(r["role"], r.get("council", False), r.get("organisation")) for r in data["roles"])
    titles = "|".join(f"(?P<r{i}>{'|'.join(r['titles'])})" for i, r in enumerate(data["roles"]))
    honorifics = "|".join(re.escape(h) for h in sorted(data["honorifics"], key=len, reverse=True))
    suffixes = "|".join(re.escape(s) for s in data["name_suffixes"])
    person = (rf"(?P<hon>(?:(?:{honorifics})\.?[ \t]+)*)"
              rf"(?P<name>{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_NAME_WORD}){{0,3}})")
    return PeopleRules(
        titles=re.compile(rf"\b(?:{titles})(?![\w’'])", re.IGNORECASE),
        keywords=tuple(data["title_keywords"]),
        specs=specs,
        name_after=re.compile(rf"(?:[ \t]*[:,][ \t]*|[ \t]+){person}(?![\w’'-])"),
        name_before=re.compile(rf"{person},[ \t]+(?:(?:the|a|an|who is|as|also)[ \t]+)*{_OWNER}?"
                               r"(?:(?:new|current|then|permanent)[ \t]+)?$"),
        name_line_before=re.compile(rf"(?:^|\n)[ \t*#]*{person}[ \t*]*\n(?:[ \t]*\n)?[ \t*#]*$"),
        bare_name_before=re.compile(rf"{person}[ \t]+$"),
        honorific=re.compile(rf"^(?:{honorifics})\.?$"),
        suffix=re.compile(rf"(?:[ \t]+(?:{suffixes}))+$"),
        not_name_words=frozenset(data["not_name_words"]),
        blocked_before=re.compile(data["blocked_before"], re.IGNORECASE),
        inspector_label=re.compile(rf"{data['inspector_labels']}[ \t]*:[ \t]*$", re.IGNORECASE),
        list_lead=re.compile(rf"\b{data['listed_inspectors']['lead']}(?=[ \t])", re.IGNORECASE),
        list_spec=next(spec for spec in specs if spec.role == data["listed_inspectors"]["role"]),
        # After the lead or a previous name (and its post-nominal): a space, a comma or "and".
        listed_name=re.compile(rf"(?:[ \t]+(?-i:S?HMI))?(?:,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+|[ \t]+)"
                               rf"{person}(?![\w’'-])"),
        byline=re.compile(rf"^[ \t]*(?:By[ \t]+)?{person}[ \t]*$"),
        byline_lines=data["byline_lines"],
        tenure_start=re.compile(data["tenure_start"], re.IGNORECASE),
        tenure_end=re.compile(data["tenure_end"], re.IGNORECASE),
    )
