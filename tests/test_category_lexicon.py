"""Category evidence that generalises: each category's own definition words and a clause's subject."""

from __future__ import annotations

from graph.extract.category_lexicon import lexicon_tags, lexicons, stem, subject_tags


def test_stems_meet_across_plural_and_verb_endings():
    assert stem("assessments") == stem("assessment") and stem("planning") == stem("plan")


def test_each_category_but_other_has_defining_words_that_no_three_categories_share():
    found = lexicons()
    assert "other" not in found and all(found.values())
    assert "children" not in found["planning"] and "timescal" in found["planning"]


def test_a_clause_speaking_a_definition_s_words_is_tagged_with_that_category():
    tags = lexicon_tags("pathway plans are not reviewed and personal advisers change often")
    assert "lex-care-leavers-support" in tags and "lex2-care-leavers-support" in tags


def test_the_subject_is_the_words_before_the_first_auxiliary():
    assert subject_tags("management oversight of cases is not consistently effective") == [
        "subj-manage", "subj-oversight", "subj-case"]
