"""Findings: concerns and strengths with categories, bound to the primary inspection."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.extract import extract
from graph.extract.concerns import findings
from graph.extract.base import Annotated
from graph.evaluation.fixtures import extract_text
from graph.ingest import ingest
from graph.records import ConcernFact, DocumentFact, InspectionMention

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
GOLD = json.loads((ROOT / "tests" / "fixtures" / "seeds_gold.json").read_text(encoding="utf-8"))


def classify(sentence: str, kind: str = "ofsted-letter") -> set[tuple[str, str, str]]:
    """Findings of one paragraph of a document of this kind, classified without needing an inspection."""
    text = f"{sentence}\n"
    annotated = Annotated(document=extract_text(text).document, content=((0, len(text)),),
                          facts=(DocumentFact("kind", kind, None),))
    return {(text[start:end], category, polarity) for start, end, category, polarity in findings(annotated)}


@pytest.mark.parametrize("sentence, category, polarity", [
    ("Risk to children is not consistently identified and acted on.", "risk-identification", "concern"),
    ("The quality of assessments of children's need is too variable.", "assessment", "concern"),
    ("Management oversight and supervision of cases is weak.", "management-oversight", "concern"),
    ("Casework audits undertaken by managers are overly optimistic.", "quality-assurance", "concern"),
    ("Children who go missing are identified quickly.", "exploitation-missing", "strength"),
    ("Progress has been made in reducing numbers of unallocated cases.", "caseloads-workforce", "strength"),
    ("Thresholds are well understood by partner agencies.", "thresholds", "strength"),
    ("Care leavers do not always have up-to-date pathway plans.", "care-leavers-support", "concern"),
])
def test_a_finding_gets_its_polarity_and_category(sentence, category, polarity):
    assert classify(sentence) == {(sentence, category, polarity)}


@pytest.mark.parametrize("sentence", [
    "I am copying this letter to the Department for Education.",
    "Inspectors looked at the quality of assessments and plans.",
    "During this visit, inspectors reviewed the progress of the improvement plan.",
    "We are very disappointed and this simply is not good enough.",
    "Children's services were rated inadequate in 2019.",
    "The council has 1,000 children in care.",
])
def test_methodology_speech_and_plain_facts_are_not_findings(sentence):
    assert classify(sentence) == set()


def test_a_mixed_sentence_is_split_into_its_clauses():
    found = classify("Too many children came into care in crisis and that social worker caseloads were too high.")
    assert ("social worker caseloads were too high.", "caseloads-workforce", "concern") in found


def test_items_under_what_needs_to_improve_are_concerns_without_a_cue():
    found = classify("What needs to improve\n◼ The consistency of written plans for care leavers.")
    assert ("◼ The consistency of written plans for care leavers.", "care-leavers-support", "concern") in found


def test_context_sections_hold_no_findings():
    text = "Information about this local authority area\nThe number of children in care has not changed and is too high."
    assert classify(text) == set()


def news_findings(text: str) -> set[tuple[str, str]]:
    """(quote, polarity) of the findings a news text yields through the whole pipeline."""
    return {(f.evidence.quote, f.polarity) for f in extract_text(text).facts if isinstance(f, ConcernFact)}


def test_news_reporting_what_inspectors_said_yields_findings_without_an_inspection():
    facts = [f for f in extract_text("Inspectors said care planning was too variable.").facts
             if isinstance(f, ConcernFact)]
    assert [(f.polarity, f.inspection) for f in facts] == [("concern", None)]


@pytest.mark.parametrize("text, polarity", [
    ('Inspectors found "serious and widespread failings" in the help given to children at risk.', "concern"),
    ('Ofsted praised the council for its "strong and stable leadership".', "strength"),
    ("The report found that children were seen regularly by their social workers.", "strength"),
])
def test_reported_speech_and_quoted_fragments_of_a_report_are_findings(text, polarity):
    assert {p for _, p in news_findings(text)} == {polarity}


@pytest.mark.parametrize("text", [
    "The council leader said she was delighted with the result and thanked staff for their hard work.",
    "The council will recruit 20 more social workers next year under its improvement plan.",
    'Councillor Smith said: "We are disappointed and we will do better for our children."',
])
def test_a_reaction_or_a_plan_reported_in_the_news_is_not_a_finding(text):
    assert news_findings(text) == set()


def test_in_news_the_finding_is_taken_and_the_reaction_next_to_it_is_not():
    found = news_findings("The watchdog said the council had been too slow to act when children were at risk. "
                          "Council leader Jo Bloggs said the council was pleased to have a plan in place.")
    assert [p for q, p in found if "too slow" in q] == ["concern"]
    assert not any("pleased" in q for q, _ in found)


def test_concerns_are_bound_to_the_primary_inspection():
    extraction = extract(ingest(SOURCES / "001_e457eb0c386e4a22.txt", SOURCES))
    primary = next(f.key for f in extraction.facts if isinstance(f, InspectionMention) and f.primary)
    concerns = [f for f in extraction.facts if isinstance(f, ConcernFact)]
    assert concerns and all(f.inspection == primary for f in concerns)


# ------------------------------------------------------------ the five sources against the gold

def source_concerns(name: str) -> list[ConcernFact]:
    return [f for f in extract(ingest(SOURCES / name, SOURCES)).facts if isinstance(f, ConcernFact)]


@pytest.mark.parametrize("example", GOLD["concerns_examples"], ids=lambda e: e["text"][:40])
def test_gold_concern_is_found_with_its_category(example):
    assert any(example["text"] in f.evidence.quote and f.category == example["category"] and f.polarity == "concern"
               for f in source_concerns(example["source"]))


@pytest.mark.parametrize("example", GOLD["strengths_examples"], ids=lambda e: e["text"][:40])
def test_gold_strength_is_found(example):
    assert any(example["text"] in f.evidence.quote and f.polarity == "strength"
               for f in source_concerns(example["source"]))


def test_a_heading_is_not_a_finding_but_the_line_after_it_is():
    found = classify("Summary\nLeaders have an effective grip on practice.\n\nWhat needs to improve?\n"
                     "◼ The consistency of written plans for care leavers.")
    assert found == {("Leaders have an effective grip on practice.", "leadership-governance", "strength"),
                     ("◼ The consistency of written plans for care leavers.", "care-leavers-support", "concern")}


def test_a_full_report_yields_findings_from_its_detailed_sections_as_well_as_its_summary():
    """docs/findings-guideline.md counts every evaluative sentence of a report's body."""
    text = ("Kent County Council\nInspection of children's social care services\n"
            "Inspection dates: 1 to 12 March 2021\nLead inspector: Jane Porter HMI\n\n"
            "Leaders have not ensured that plans are effective.\n\n"
            "What needs to improve\n◼ The timeliness of assessments.\n\n"
            "The experiences and progress of children who need help and protection: inadequate\n"
            "1. Management oversight of casework is weak and supervision is infrequent.\n")
    found = [f.evidence.quote for f in extract_text(text, "report.txt").facts if isinstance(f, ConcernFact)]
    assert any("plans are effective" in q for q in found)
    assert any("timeliness of assessments" in q for q in found)
    assert any("Management oversight" in q for q in found)


def test_a_background_section_of_a_report_holds_no_findings():
    text = ("Kent County Council\nInspection of children's social care services\n"
            "Inspection dates: 1 to 12 March 2021\n\n"
            "The local authority\nPrevious Ofsted inspections\n"
            "• The previous inspection judged services to be inadequate and found weak practice.\n\n"
            "Summary\nSocial workers know their children well.\n")
    found = [f.evidence.quote for f in extract_text(text, "report.txt").facts if isinstance(f, ConcernFact)]
    assert found and not any("previous inspection" in q for q in found)


def test_a_heading_word_inside_a_sentence_does_not_open_a_section():
    found = classify("The inspection team found that leaders have not ensured that plans are effective.",
                     kind="news-article")
    assert [p for _, _, p in found] == ["concern"]
