"""The forms a council's name takes around its place name, generated from the registers' names.

A register name is a place name with council words around it: "Hull City
Council", "Royal Borough of Greenwich", "Bristol, City of". Taking the words off
gives the place name and the kinds of council the words mark (city, county,
borough, ...); each kind then licenses all the words documents put around a
place name of that kind ("City of Hull", "Hull City Council"). The words are
data: graph/rules/council_names.yaml. Forms keep their spelling; the name
table (name_table.py) folds them into lookup keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from graph.rules import load_patterns

_WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_SCHEMA = {
    "type": "object",
    "required": ["kinds", "entity_kinds", "every_council", "childrens_services", "stripped_prefixes",
                 "stripped_suffixes", "alternative_names"],
    "additionalProperties": False,
    "properties": {
        "kinds": {"type": "object", "additionalProperties": {
            "type": "object", "required": ["prefixes", "suffixes"], "additionalProperties": False,
            "properties": {"prefixes": _WORDS, "suffixes": _WORDS}}},
        "entity_kinds": {"type": "object", "additionalProperties": _WORDS},
        "every_council": _WORDS,
        "childrens_services": _WORDS,
        "stripped_prefixes": _WORDS,
        "stripped_suffixes": _WORDS,
        "alternative_names": {"type": "object", "additionalProperties": _WORDS},
    },
}

# "Stoke-on-Trent" is "Stoke" too, "Newcastle upon Tyne" "Newcastle": the head of a place name.
_HEAD_OF_PLACE = re.compile(r"^(\w+)(?: |-)(?:on|upon|under)(?: |-)", re.IGNORECASE)


@dataclass(frozen=True)
class NameRules:
    prefixes: dict[str, tuple[str, ...]]  # kind -> its prefixes
    suffixes: dict[str, tuple[str, ...]]  # kind -> its suffixes
    entity_kinds: dict[str, tuple[str, ...]]
    every_council: tuple[str, ...]
    childrens_services: tuple[str, ...]
    alternative_names: dict[str, tuple[str, ...]]
    # What `place_and_kinds` takes off a name: any prefix or suffix, longest first, and the kind
    # each marks (by its lowercased words; None for words only stripped).
    strippable_prefix: re.Pattern[str]
    strippable_suffix: re.Pattern[str]
    kind_of: dict[str, str | None]


@cache
def rules() -> NameRules:
    data = load_patterns("council_names", _SCHEMA)
    kinds = data["kinds"]
    prefixes = {kind: tuple(words["prefixes"]) for kind, words in kinds.items()}
    suffixes = {kind: tuple(words["suffixes"]) for kind, words in kinds.items()}
    kind_of = _kinds_by_words(prefixes, data["stripped_prefixes"]) | _kinds_by_words(
        suffixes, [*data["stripped_suffixes"], *data["every_council"]])
    return NameRules(
        prefixes=prefixes,
        suffixes=suffixes,
        entity_kinds={code: tuple(names) for code, names in data["entity_kinds"].items()},
        every_council=tuple(data["every_council"]),
        childrens_services=tuple(data["childrens_services"]),
        alternative_names={code: tuple(names) for code, names in data["alternative_names"].items()},
        strippable_prefix=re.compile(
            rf"^(?:the\s+)?(?P<words>{_alternation(prefixes, data['stripped_prefixes'])})\s+(?=\S)", re.IGNORECASE),
        strippable_suffix=re.compile(
            rf"(?<=\S)\s+(?P<words>{_alternation(suffixes, [*data['stripped_suffixes'], *data['every_council']])})$",
            re.IGNORECASE),
        kind_of=kind_of,
    )


def place_and_kinds(name: str) -> tuple[str, frozenset[str]]:
    """'Hull City Council' -> ('Hull', {city}); 'Bristol, City of' -> ('Bristol', {city}); spelling kept."""
    found = rules()
    place = _uninverted(_tidy(name), found)
    kinds: set[str] = set()
    while match := found.strippable_prefix.match(place) or found.strippable_suffix.search(place):
        kind = found.kind_of[" ".join(match.group("words").lower().split())]
        kinds |= {kind} if kind else set()
        place = place[match.end():] if match.start() == 0 else place[: match.start()]
    return place, frozenset(kinds)


def council_stem(name: str) -> str:
    """A council's name without 'City Council', 'London Borough of' and the like, spelling kept."""
    return place_and_kinds(name)[0]


def place_head(place: str) -> str | None:
    """'Stoke-on-Trent' -> 'Stoke'; None for a place name without 'on', 'upon' or 'under'."""
    match = _HEAD_OF_PLACE.match(place)
    return match.group(1) if match else None


def council_forms(names: Iterable[str], entity_types: Iterable[str] = (), childrens_services: bool = False,
                  not_places: frozenset[str] = frozenset()) -> set[str]:
    """Every way documents write the council these names name: each name as registered, and each
    place name with the words its kinds take. `entity_types` are the GSS entity codes of the
    council's codes (E06, E10, ...); `not_places` are folded names that are no council's place
    (a region's name) and so take no council words."""
    found = rules()
    names = [_tidy(name) for name in names if name.strip()]
    kinds = {kind for code in entity_types for kind in found.entity_kinds.get(code, ())}
    places: set[str] = set()
    for name in names:
        place, name_kinds = place_and_kinds(name)
        kinds |= name_kinds
        places.add(place)
    places |= {head for place in places if (head := place_head(place))}
    prefixes = [prefix for kind in sorted(kinds) for prefix in found.prefixes[kind]]
    suffixes = [*found.every_council, *(suffix for kind in sorted(kinds) for suffix in found.suffixes[kind])]
    forms = set(names)
    for place in places:
        if _folded(place) in not_places:
            continue
        for prefix in ["", *prefixes]:
            forms |= {_tidy(f"{prefix} {place} {suffix}") for suffix in ["", *suffixes]}
    if childrens_services:  # any of them may stand in Ofsted's "Inspection of X local authority ..."
        forms |= {f"{form} {words}" for form in forms for words in found.childrens_services}
    return forms


def _uninverted(name: str, found: NameRules) -> str:
    """'Bristol, City of' (the ONS order) -> 'City of Bristol'."""
    head, comma, tail = name.rpartition(",")
    if comma and found.strippable_prefix.match(f"{tail.strip()} x"):
        return f"{tail.strip()} {head.strip()}"
    return name


def _kinds_by_words(by_kind: dict[str, tuple[str, ...]], plain: Iterable[str]) -> dict[str, str | None]:
    """Lowercased words -> the kind they mark; words several kinds share mark the first, alphabetically."""
    found: dict[str, str | None] = {words.lower(): None for words in plain}
    for kind, words_list in sorted(by_kind.items(), reverse=True):
        found |= {words.lower(): kind for words in words_list}
    return found


def _alternation(by_kind: dict[str, tuple[str, ...]], plain: Iterable[str]) -> str:
    """All the words as one regex alternation, longest first, spaces matching any run of spaces."""
    words = {w for words_list in by_kind.values() for w in words_list} | set(plain)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=lambda w: (-len(w), w)))


def _folded(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _tidy(text: str) -> str:
    return " ".join(text.split())
