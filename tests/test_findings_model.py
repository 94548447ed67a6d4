"""The findings model: features, scoring from plain weights, the stored file, and deterministic training."""

from __future__ import annotations

import json

import pytest

from graph.extract import findings_model
from graph.extract.base import Annotated
from graph.extract.concerns import rules
from graph.extract.finding_units import units
from graph.extract.findings_model import FindingsModel, Head, features
from graph.evaluation.fixtures import extract_text
from graph.records import DocumentFact


def test_features_hold_words_word_pairs_the_first_word_and_context_each_once():
    found = features("However, plans are not always clear; plans", ["quote"])
    assert {"w:plans", "b:not_always", "first:however", "c:quote"} <= set(found)
    assert len(found) == len(set(found))


def test_a_binary_head_scores_its_one_row_and_a_multiclass_head_picks_the_best_row():
    binary = Head(("no", "yes"), (-1.0,), {"w:poor": ((0, 3.0),)})
    assert binary.best(["w:poor"]) == "yes" and binary.best(["w:fine"]) == "no"
    assert binary.probability(["w:poor"]) == pytest.approx(1 / (1 + 2.718281828 ** -2.0))
    multi = Head(("delay", "planning"), (0.0, 0.5), {"w:waited": ((0, 2.0),)})
    assert multi.best(["w:waited"]) == "delay" and multi.best([]) == "planning"


def test_a_model_survives_its_json_form():
    head = Head(("concern", "strength"), (0.25,), {"w:good": ((0, 1.5),), "w:poor": ((0, -2.0),)})
    model = FindingsModel(head, head, Head(("a", "b", "c"), (0.0, 0.1, 0.2), {"w:x": ((2, 1.0),)}), 0.5, 0.7)
    again = FindingsModel.from_json(json.loads(json.dumps(model.to_json())))
    assert again == model


def test_an_unattributed_clause_needs_the_higher_threshold():
    head = Head(("no", "yes"), (0.0,), {"w:weak": ((0, 0.5),)})  # P(yes) = 0.62
    model = FindingsModel(head, head, head, threshold=0.5, unattributed_threshold=0.7)
    assert model.is_finding(["w:weak"]) and not model.is_finding(["w:weak"], attributed=False)


def test_the_shipped_model_loads_and_its_categories_are_notations():
    from graph import concepts

    model = findings_model.load()
    assert set(model.category.classes) <= set(concepts.notations("concern-category"))
    assert model.polarity.classes == ("concern", "strength")


def _units(text: str, kind: str):
    document = extract_text(text).document
    doc = Annotated(document=document, content=((0, len(text)),), facts=(DocumentFact("kind", kind, None),))
    return [(text[u.start:u.end], u) for u in units(doc, rules().segmenter)]


def test_a_sentence_is_cut_into_clauses_at_a_contrast():
    found = [t for t, _ in _units("Plans are detailed, but reviews are too slow.", "ofsted-letter")]
    assert found == ["Plans are detailed", "reviews are too slow."]


def test_in_news_attribution_reaches_the_neighbouring_sentences_only():
    text = ("Inspectors visited the council in May. Plans were found to be weak. "
            "The weather was fine. The roads were busy. The match was cancelled.")
    attributed = {t: u.attributed for t, u in _units(text, "news-article")}
    assert attributed["Plans were found to be weak."] and attributed["The weather was fine."]
    assert not attributed["The match was cancelled."]


def test_every_clause_of_ofsted_s_own_letter_counts_as_the_inspectors():
    assert all(u.attributed for _, u in _units("The weather was fine. The roads were busy.", "ofsted-letter"))


def test_a_section_heading_gives_its_grade_to_the_sentences_under_it():
    text = "The experiences and progress of children in care: inadequate\nPlans drift and reviews are late.\n"
    assert [u.grade for _, u in _units(text, "ofsted-report")] == ["inadequate"]


def test_training_twice_on_the_same_examples_writes_the_same_weights(tmp_path):
    pytest.importorskip("sklearn")
    from graph.extract import train_findings

    text = ("Inspectors found plans were poor. Inspectors found plans were strong. "
            "The council said it would recruit staff. Inspectors found supervision was weak.")
    document = extract_text(text).document
    expected = [{"contains": "plans were poor", "polarity": "concern", "category": "planning"},
                {"contains": "plans were strong", "polarity": "strength", "category": "planning"},
                {"contains": "supervision was weak", "polarity": "concern", "category": "supervision"}]
    example = train_findings._example("a", "a", "passages", document, expected)
    written = []
    for name in ("one.json", "two.json"):
        train_findings.write(train_findings.fit([example, example]), tmp_path / name)
        written.append((tmp_path / name).read_text(encoding="utf-8"))
    assert written[0] == written[1]
    assert FindingsModel.from_json(json.loads(written[0])).polarity.classes == ("concern", "strength")
