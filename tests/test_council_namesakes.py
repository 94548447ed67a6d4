"""Councils whose names share a word are never taken for one another, either way, in titles and in
running text: a city and the county named after it (Derby, Derbyshire), a council and its compass
neighbours (Somerset, North Somerset, Bath and North East Somerset), two places with one head
(Kingston upon Hull, Kingston upon Thames; Newcastle upon Tyne and Newcastle-under-Lyme, a district
that must yield no council), a district and its county (Stafford, Staffordshire), a predecessor and
its successors (Northamptonshire, North Northamptonshire).

The pairs are generated from the registers: two councils are namesakes when their place names share
a word once compass words and a county's "shire" are taken off. A district (no children's-services
authority) named in a document yields no council at all.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

import pytest

from council_matrix import TEMPLATES, Council, councils, districts, document, document_date, in_a_sentence, names_of
from graph.evaluation.fixtures import extract_text
from graph.records import AuthorityMention

_NOT_PLACE_WORDS = {"north", "south", "east", "west", "central", "mid", "and", "of", "the", "upon", "on", "under",
                    "with", "in", "st", "city", "county", "borough", "royal", "london", "council"}
TEMPLATE = {template.key: template for template in TEMPLATES}
TEMPLATE_KEYS = ("ilacs-report", "sif-report", "focused-visit", "news", "news-possessive")
# Neighbours the brief names though their names share no word.
NEIGHBOURS = (("Bristol", "South Gloucestershire"), ("Isle of Wight", "Isles of Scilly"))


@dataclass(frozen=True)
class Named:
    """A council as documents name it: its code (None for a district) and its names."""

    label: str
    code: str | None
    names: tuple[str, ...]
    council: Council | None  # a children's-services council, dated by the matrix


def place_words(place: str) -> frozenset[str]:
    """'North East Derbyshire' -> {derby}; 'Kingston upon Hull' -> {kingston, hull}."""
    words = re.findall(r"[a-z]+", place.lower())
    return frozenset(re.sub(r"shire$", "", word).rstrip("s") for word in words if word not in _NOT_PLACE_WORDS)


def everyone() -> list[Named]:
    named = [Named(c.short_name if c.current else f"{c.short_name} (to {c.end:%Y})", c.code, tuple(names_of(c)), c)
             for c in councils()]
    return named + [Named(label, None, names, None) for label, names in districts().items()]


def namesake_pairs() -> list[tuple[Named, Named]]:
    pairs = []
    for first, second in itertools.combinations(everyone(), 2):
        if first.code is None and second.code is None:
            continue
        shared = place_words(_place(first)) & place_words(_place(second))
        neighbours = {(_place(first), _place(second)), (_place(second), _place(first))} & set(NEIGHBOURS)
        if shared or neighbours:
            pairs.append((first, second))
    return pairs


def _place(named: Named) -> str:
    return named.council.short_name if named.council else named.label


PAIRS = namesake_pairs()


def named_in(text: str) -> set[str]:
    return {f.gss_code for f in extract_text(text, "document.txt").facts if isinstance(f, AuthorityMention)}


def documents_naming(council: Named) -> list[tuple[str, str, str]]:
    """(template, name, document): a district in news copy; a children's-services council in Ofsted's
    titles and letters and in news copy of its time (in a sentence, only names that alone name it)."""
    if council.council is None:
        return [("news", name, f"Published: 3 June 2024\n\n{name} said it welcomed the report, officers said.\n")
                for name in council.names]
    return [(key, name, document(TEMPLATE[key], name, council.council)) for name in council.names
            for key in TEMPLATE_KEYS if document_date(TEMPLATE[key], council.council)
            and (not TEMPLATE[key].running_text or in_a_sentence(name))]


@cache
def confusions(council: Named) -> tuple[str, ...]:
    """Every document naming this council that yields anything but exactly it (nothing, for a district)."""
    expected = {council.code} if council.code else set()
    return tuple(f"{council.label}: {key} / {name!r}: named {sorted(found)}"
                 for key, name, text in documents_naming(council) if (found := named_in(text)) != expected)


def test_the_pairs_hold_every_namesake_the_brief_names():
    labels = {frozenset((_place(first), _place(second))) for first, second in PAIRS}
    for pair in (("Derby", "Derbyshire"), ("Leicester", "Leicestershire"), ("Nottingham", "Nottinghamshire"),
                 ("City of Lincoln", "Lincolnshire"), ("Kingston upon Hull", "Kingston upon Thames"),
                 ("Newcastle upon Tyne", "Newcastle-under-Lyme"), ("Durham", "County Durham"),
                 ("Somerset", "North Somerset"), ("Somerset", "Bath and North East Somerset"),
                 ("Gloucestershire", "South Gloucestershire"), ("Bristol", "South Gloucestershire"),
                 ("Isle of Wight", "Isles of Scilly"), ("York", "North Yorkshire"),
                 ("Northamptonshire", "North Northamptonshire"), ("Bedford", "Central Bedfordshire"),
                 ("North Tyneside", "South Tyneside"), ("Cheshire East", "Cheshire West and Chester")):
        assert frozenset(pair) in labels, pair


@pytest.mark.parametrize("first, second", PAIRS, ids=lambda named: named.label)
def test_namesakes_are_never_taken_for_one_another_either_way(first, second):
    failures = confusions(first) + confusions(second)
    assert not failures, "\n".join(failures)
