"""Sentences (graph/extract/base.py): where they part, and that only whitespace lies between two."""

from __future__ import annotations

from graph.extract.base import sentences

TEXT = ("Leaders act. \u201cThey care.\u201d Children wait (too long). 3 visits took place! e.g. lower "
        "case goes on\n\nA new paragraph\n  \u2022 a bullet\n- a dash item\nend.")


def test_sentences_part_after_a_stop_before_a_capital_at_blank_lines_and_before_list_items():
    assert [TEXT[lo:hi] for lo, hi in sentences(TEXT, ((0, len(TEXT)),))] == [
        "Leaders act.", "\u201cThey care.\u201d", "Children wait (too long).",
        "3 visits took place! e.g. lower case goes on", "A new paragraph", "  \u2022 a bullet",
        "- a dash item\nend."]


def test_only_whitespace_lies_between_sentences_of_a_region():
    spans = sentences(TEXT, ((7, len(TEXT) - 3),))
    assert TEXT[spans[0][0]:spans[0][1]] == " act."  # a region starts where it is told to
    assert all(not TEXT[a_end:b_start].strip() for (_, a_end), (b_start, _) in zip(spans, spans[1:]))
    assert spans[-1][1] == len(TEXT) - 3
