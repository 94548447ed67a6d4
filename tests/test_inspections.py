"""Inspections and judgements: primary event, past events, ordering, grades."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from graph.extract import extract
from graph.evaluation.fixtures import extract_text
from graph.extract import judgements
from graph.ingest import ingest
from graph.extract.inspection_rules import framework_at
from graph.records import Document, InspectionMention, JudgementFact, PartialDate

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
FIXTURES = ROOT / "tests" / "fixtures" / "docs"


def extracted(document: Document) -> tuple[list[InspectionMention], list[JudgementFact]]:
    facts = extract(document).facts
    return ([f for f in facts if isinstance(f, InspectionMention)],
            [f for f in facts if isinstance(f, JudgementFact)])


def from_source(name: str):
    return extracted(ingest(next(SOURCES.glob(f"{name}_*")), SOURCES))


def from_text(text: str):
    return extracted(Document(source="doc.txt", path="/tmp/doc.txt", media_type="text/plain",
                              sha256=hashlib.sha256(text.encode()).hexdigest(), text=text))


def primary_of(mentions: list[InspectionMention]) -> InspectionMention:
    (primary,) = [m for m in mentions if m.primary]
    return primary


def by_key(mentions: list[InspectionMention], key: str) -> InspectionMention:
    return next(m for m in mentions if m.key == key)


def test_monitoring_letter_primary_is_the_second_visit_after_the_inadequate_judgement():
    mentions, grades = from_source("001")
    primary = primary_of(mentions)
    assert (primary.inspection_type, str(primary.start), primary.ordinal) == ("monitoring-visit", "2020-02-27", 2)
    earlier = by_key(mentions, primary.after)
    assert str(earlier.published) == "2019-03" and earlier.grade_hint == "inadequate"
    assert earlier.evidence.quote == "judged inadequate in March 2019"
    assert grades == []


def test_monitoring_letter_names_the_first_visit_as_visit_one():
    mentions, _ = from_source("001")
    assert [m.ordinal for m in mentions if m.inspection_type == "monitoring-visit" and not m.primary] == [1]


def test_news_list_yields_the_four_2022_judgements_with_row_evidence():
    mentions, grades = from_source("002")
    primary = primary_of(mentions)
    assert (primary.inspection_type, str(primary.start)) == ("ilacs-standard", "2022-10")
    assert {(g.area, g.grade) for g in grades} == {
        ("overall-effectiveness", "requires-improvement"), ("leaders", "requires-improvement"),
        ("help-and-protection", "requires-improvement"), ("children-in-care", "good")}
    assert all(g.inspection == primary.key for g in grades)
    care = next(g for g in grades if g.area == "children-in-care")
    assert care.evidence.quote == "The experiences and progress of children in care and care leavers – Good"


def test_news_past_inspection_carries_its_date_and_grade():
    mentions, _ = from_source("002")
    past = by_key(mentions, primary_of(mentions).after)
    assert str(past.start) == "2019-02" and past.grade_hint == "inadequate"


def test_follow_up_visit_in_february_this_year_is_the_primary_monitoring_visit():
    mentions, grades = from_source("000")
    primary = primary_of(mentions)
    assert (primary.inspection_type, str(primary.start)) == ("monitoring-visit", "2020-02")
    lowest = [m for m in mentions if m.grade_hint == "inadequate"]
    assert [str(m.published) for m in lowest] == ["2019-03"]
    assert grades == []


def test_month_without_year_in_an_undated_article_sets_only_the_month():
    mentions, grades = from_source("003")
    primary = primary_of(mentions)
    assert primary.month == 2 and primary.start is None
    assert str(by_key(mentions, primary.after).start) == "2015"
    assert [(g.area, g.grade) for g in grades] == [("overall-effectiveness", "inadequate")]


def test_focused_visit_follows_the_last_inspection_in_2015():
    mentions, _ = from_source("004")
    primary = primary_of(mentions)
    assert primary.inspection_type == "focused-visit"
    after = by_key(mentions, primary.after)
    assert str(after.start) == "2015" and after.evidence.quote == "Ofsted inspection"


def test_requires_improvement_and_requires_improvement_to_be_good_are_one_grade():
    assert judgements.grade_of("requires improvement") == judgements.grade_of("Requires improvement\nto be good")


def test_report_table_wrapped_across_lines_is_read_row_by_row():
    text = ("Inspection of Leeds local authority children’s services\nInspection dates: 4 to 15 March 2024\n"
            "Judgement Grade\nThe impact of leaders on social work \npractice with children and families\n"
            "Outstanding\nThe experiences and progress of \nchildren who need help and protection\nGood\n"
            "Overall effectiveness Outstanding\n")
    mentions, grades = from_text(text)
    assert primary_of(mentions).inspection_type == "ilacs-standard"
    assert {(g.area, g.grade) for g in grades} == {
        ("leaders", "outstanding"), ("help-and-protection", "good"), ("overall-effectiveness", "outstanding")}


def test_a_grade_marked_as_previous_in_prose_does_not_become_the_primary_judgement():
    text = ("Leeds children's services rated outstanding\n\nTuesday, May 7, 2024\n\n"
            "Ofsted's latest inspection found services in Leeds outstanding, Ofsted said. "
            "Bradford was previously rated inadequate.\n")
    _, grades = from_text(text)
    assert [(g.area, g.grade) for g in grades] == [("overall-effectiveness", "outstanding")]


def test_type_of_a_full_inspection_follows_the_framework_in_use_at_its_date():
    assert [framework_at(PartialDate(d)) for d in ("2015", "2019", "2012", "2013-10", "2013-11", "2013")] == [
        "sif", "ilacs-standard", "other", "other", "sif", None]  # the SIF began in November 2013


def fixture_names() -> list[str]:
    return sorted(p.name[: -len(".expected.yaml")] for p in FIXTURES.glob("insp_*.expected.yaml"))


@pytest.mark.parametrize("name", fixture_names())
def test_fixture_documents_yield_their_expected_inspections_and_judgements(name):
    expected = yaml.safe_load((FIXTURES / f"{name}.expected.yaml").read_text(encoding="utf-8"))
    mentions, grades = extracted(ingest(FIXTURES / f"{name}.txt", FIXTURES))
    primary = primary_of(mentions)
    got = [_as_expected(m, primary) for m in mentions]
    for want in expected["inspections"]:
        assert want in [{k: g[k] for k in want} for g in got], f"{want} not in {got}"
    assert {(g.area, g.grade) for g in grades if g.inspection == primary.key} == {
        (j["area"], j["grade"]) for j in expected["judgements"]}


def _as_expected(mention: InspectionMention, primary: InspectionMention) -> dict:
    return {
        "type": mention.inspection_type, "start": _text(mention.start), "end": _text(mention.end),
        "published": _text(mention.published), "primary": mention.primary, "ordinal": mention.ordinal,
        "grade_hint": mention.grade_hint, "after_previous": mention.after is not None,
    }


def _text(value) -> str | None:
    return None if value is None else str(value)


def test_a_grade_given_for_several_areas_in_one_sentence_holds_for_each():
    from graph.extract.judgements import prose_grades

    text = ("The council was judged good for overall effectiveness, for the impact of leaders and "
            "for the experiences and progress of children who need help and protection.")
    assert {(f.area, f.grade) for f in prose_grades(text, 0, len(text))} == {
        ("overall-effectiveness", "good"), ("leaders", "good"), ("help-and-protection", "good")}


def test_news_naming_a_visit_without_type_or_grade_still_extracts():
    # Once an IndexError: a current event with no type, and no grade to anchor the item on.
    extraction = extract_text("Jane Roe, who was not in post when Ofsted visited, said the report "
                              "was \u201cnot easy reading\u201d.")
    inspections = [f for f in extraction.facts if isinstance(f, InspectionMention)]
    assert [(m.inspection_type, m.primary) for m in inspections] == [(None, True)]
