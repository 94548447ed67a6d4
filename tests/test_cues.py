"""Cues (graph/extract/cues.py): the literals read off a pattern are in every match, the folded text
finds what a case-insensitive literal matches, and no sentence where a pattern matches is left out."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from graph.extract import judgements
from graph.extract.base import sentences
from graph.extract.cues import Cues, fold, required_clauses
from graph.extract.inspection_rules import rules
from graph.ingest import ingest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted((ROOT / "sources").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures").glob("*/*.txt")) + \
    sorted((ROOT / "tests" / "fixtures" / "ofsted").glob("*.pdf"))

# Each way a sentence's words can meet the patterns' literals: case, the characters outside ASCII
# that IGNORECASE matches to ASCII letters, hyphens, words run together, a sentence-ending quote.
TRICKY = (
    "The last INSPECTION, in March 2019, judged services Inadequate. Re-inspection followed.\n\n"
    "A reinspection in 2020 rated it good. Ofsted visited the council in May 2021. "
    "A focuſed viſit (sic) in 2018 was GRADED İNADEQUATE. Inspectors VISITED in June. "
    "\u201cThe JTAI found nothing.\u201d The follow-up visit in 2022 found the service "
    "to be requires improvement.\n• the monitoring visit of 3 May\n• a visit\n"
    "The council was handed the lowest possible rating in 2017. Nothing else here."
)
PATTERNS = {"event": rules().event, "grade": judgements.rules().prose}


def test_a_sequence_needs_each_literal_run_and_an_optional_part_nothing():
    assert required_clauses(re.compile(r"monitoring\s+visit", re.I)) == ({"monitoring"}, {"visit"})
    assert required_clauses(re.compile(r"(?:full\s+)?re-?inspection(?! of)", re.I)) == ({"re"}, {"inspection"})
    assert required_clauses(re.compile(r"a?b*c{0,2}(?=d)[ef]")) == ()


def test_an_alternation_needs_one_literal_of_each_branch_or_nothing_if_a_branch_has_none():
    assert required_clauses(re.compile(r"focused\s+(?:visit|report)|(?<=the\s)visit\b")) == (
        {"focused", "visit"},)
    assert required_clauses(re.compile(r"judged\s+(?:good|\d+)")) == ({"judged"},)


def test_literals_are_lowercase_ascii_runs_broken_at_other_characters():
    assert required_clauses(re.compile(r"Watchdog[’']s Café")) == ({"watchdog"}, {"s"}, {"caf"})


def test_the_shipped_event_and_grading_patterns_each_have_a_cue():
    cues = {name: required_clauses(pattern) for name, pattern in PATTERNS.items()}
    assert cues["event"] and cues["grade"]
    assert {"inspection", "visit"} <= cues["event"][0]


def test_folding_keeps_offsets_and_matches_what_ignorecase_matches_to_each_ascii_letter_or_digit():
    every = "".join(chr(point) for point in range(0x110000) if not 0xD800 <= point < 0xE000)
    folded = fold(every)
    assert len(folded) == len(every)
    for char in string.ascii_lowercase + string.digits:
        matched = [m.start() for m in re.finditer(char, every, re.I)]
        assert matched == [m.start() for m in re.finditer(char, folded)], char


def _matching(text: str, lo: int, hi: int) -> set[str]:
    return {name for name, pattern in PATTERNS.items() if pattern.search(text, lo, hi)}


def test_the_tricky_sentences_each_keep_the_patterns_that_match_in_them():
    kept = {TRICKY[lo:hi]: names for lo, hi, names in Cues(PATTERNS).sentences(TRICKY, ((0, len(TRICKY)),))}
    for lo, hi in sentences(TRICKY, ((0, len(TRICKY)),)):
        assert _matching(TRICKY, lo, hi) <= kept.get(TRICKY[lo:hi], set()), TRICKY[lo:hi]
    assert kept["A focuſed viſit (sic) in 2018 was GRADED İNADEQUATE."] == {"event", "grade"}
    assert "Nothing else here." not in kept


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_no_sentence_where_a_pattern_matches_is_left_out(path):
    text = ingest(path, path.parent).text
    regions = ((0, len(text)),)
    kept = {(lo, hi): names for lo, hi, names in Cues(PATTERNS).sentences(text, regions)}
    for lo, hi in sentences(text, regions):
        assert _matching(text, lo, hi) <= kept.get((lo, hi), set()), text[lo:hi]
