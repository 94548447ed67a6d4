"""Events a document names, as precise as its words: dates at the precision the text gives, the
framework an old inspection was of, and one mention per event named. Short made-up sentences."""

from __future__ import annotations

import pytest

from graph.evaluation.fixtures import extract_text
from graph.records import InspectionMention

LEEDS = "E08000035"


def mentions(body: str, dated: str = "Tuesday, May 7, 2024") -> list[InspectionMention]:
    """The inspection mentions of a news story dated `dated` about Leeds."""
    facts = extract_text(f"Ofsted report on council\n\n{dated}\n\n{body}").facts
    return [f for f in facts if isinstance(f, InspectionMention)]


def described(found: list[InspectionMention]) -> list[tuple]:
    return [(m.inspection_type, str(m.start) if m.start else None, str(m.end) if m.end else None) for m in found]


@pytest.mark.parametrize("body, expected", [
    ("Leeds City Council had a focused visit in April 2018.", ("focused-visit", "2018-04", None)),
    ("The inspection of Leeds City Council in March and April 2019 found services good.",
     ("ilacs-standard", "2019-03", "2019-04")),
    ("Leeds City Council was last inspected by Ofsted in September 2018.", ("ilacs-standard", "2018-09", None)),
    ("Leeds City Council was inspected in early 2019.", ("ilacs-standard", "2019", None)),
    ("Leeds City Council has improved since the 2019 inspection.", ("ilacs-standard", "2019", None)),
    ("Since the joint targeted area inspection (JTAI) in July 2017, Leeds City Council has improved.",
     ("jtai", "2017-07", None)),
])
def test_a_past_event_is_dated_as_precisely_as_the_text_says_and_no_more(body, expected):
    assert described(mentions(body)) == [expected]


def test_last_months_inspection_is_the_month_before_the_story_and_the_story_is_about_it():
    (found,) = mentions("Inspectors said last month's inspection of Leeds City Council found services good.")
    assert (found.primary, found.previous, str(found.start)) == (True, False, "2024-04")
    assert found.date_evidence.quote == "last month"


def test_a_day_without_a_year_takes_it_from_the_document_date():
    (found,) = mentions("The focused visit to Leeds City Council on 5 and 6 March looked at children in care.",
                        dated="Tuesday, April 9, 2019")
    assert described([found]) == [("focused-visit", "2019-03-05", "2019-03-06")]
    assert found.date_evidence.quote == "5 and 6 March"


def test_an_inspection_before_the_sif_began_is_of_an_older_framework():
    found = mentions("Leeds City Council services improved. Since the last inspection in 2012, and the "
                     "safeguarding and looked after children inspection in 2010, much has changed. "
                     "The 2013 inspection found them adequate.", dated="Tuesday, May 7, 2016")
    # 2013 may be either side of the SIF's start (November 2013): no framework is guessed.
    assert described(found) == [("other", "2012", None), ("other", "2010", None), (None, "2013", None)]


def test_a_fostering_or_adoption_services_own_inspection_is_not_the_councils():
    assert mentions("Leeds City Council's last Ofsted fostering inspection in 2011 found it adequate, and "
                    "the last inspection of its adoption service in 2012 found it good.") == []


def test_that_inspection_refers_back_to_the_event_just_named():
    found = mentions("Leeds City Council was last inspected by Ofsted in September 2018. Since that inspection, "
                     "services have declined.")
    assert described(found) == [("ilacs-standard", "2018-09", None)]


def test_an_undated_last_inspection_that_several_named_events_fit_stays_a_mention_of_its_own():
    found = mentions("Leeds City Council services have improved since the last inspection. "
                     + "Staff turnover fell and caseloads are lower than before. " * 6
                     + "An inspection in 2010 found them adequate. So did an inspection in 2012.",
                     dated="Tuesday, May 7, 2016")
    assert [(m.previous, str(m.start) if m.start else None) for m in found if not m.primary] == [
        (True, None), (False, "2010"), (False, "2012")]
