"""Date parsing: spans and partial dates no more precise than the text."""

from __future__ import annotations

import pytest

from graph.dates import find_dates, parse_date
from graph.records import PartialDate


@pytest.mark.parametrize("text, first, last", [
    ("23 March 2020", "2020-03-23", "2020-03-23"),
    ("27th February 2020", "2020-02-27", "2020-02-27"),
    ("Wednesday, March 25, 2020", "2020-03-25", "2020-03-25"),
    ("1/06/2015", "2015-06-01", "2015-06-01"),
    ("Published 26th Nov 2022", "2022-11-26", "2022-11-26"),
    ("4 to 15 February 2019", "2019-02-04", "2019-02-15"),
    ("28 January to 8 February 2019", "2019-01-28", "2019-02-08"),
    ("30 November – 4 December 2015", "2015-11-30", "2015-12-04"),
    ("1/06/2015 - 25/06/2015", "2015-06-01", "2015-06-25"),
    ("4-15 February 2019", "2019-02-04", "2019-02-15"),
    ("on 3 and 4 March 2021", "2021-03-03", "2021-03-04"),
    ("18 Feb 2014 – 12 March 2014", "2014-02-18", "2014-03-12"),
    ("30 December 2019 to 10 January 2020", "2019-12-30", "2020-01-10"),
    ("March 2019", "2019-03", "2019-03"),
    ("the last inspection in 2015", "2015", "2015"),
])
def test_reads_days_ranges_months_and_years_at_their_precision(text, first, last):
    found = parse_date(text)
    assert (str(found.first), str(found.last)) == (first, last)


def test_span_covers_exactly_the_date_expression():
    text = "The visit on 27 February 2020 was the second."
    (found,) = [d for d in find_dates(text) if d.first.precision == "day"]
    assert text[found.start:found.end] == "27 February 2020"


def test_a_bare_month_without_a_document_date_keeps_only_the_month():
    (found,) = find_dates("During the inspection in February, inspectors met staff.")
    assert found.first is None and found.month == 2


@pytest.mark.parametrize("text, reference, expected", [
    ("a visit in February", "2020-03-25", "2020-02"),
    ("a visit in November", "2020-03-25", "2019-11"),
    ("a follow-up visit in February this year", "2020-03-25", "2020-02"),
    ("inspectors visited us last month", "2022-11-26", "2022-10"),
    ("inspectors visited last month", "2023-01-05", "2022-12"),
    ("the full inspection last year", "2020-03-25", "2019"),
    ("earlier this year", "2021-06-01", "2021"),
])
def test_relative_phrases_are_read_against_the_document_date(text, reference, expected):
    found = parse_date(text, reference=PartialDate(reference))
    assert str(found.first) == expected and found.relative


def test_invalid_calendar_days_are_not_dates():
    assert all(d.first.precision != "day" for d in find_dates("31 February 2020"))


def test_may_the_verb_is_not_a_month():
    assert find_dates("Leaders may wish to review plans.") == []


def test_a_day_range_without_a_year_takes_it_from_the_story_date():
    found = find_dates("carried out between 16 and 27 January and", reference=PartialDate("2023-03-14"))
    assert [(f.first, f.last, f.relative) for f in found] == [
        (PartialDate("2023-01-16"), PartialDate("2023-01-27"), True)]
    across = find_dates("from 28 November to 9 December", reference=PartialDate("2023-01-20"))
    assert [(f.first, f.last) for f in across] == [(PartialDate("2022-11-28"), PartialDate("2022-12-09"))]
    assert find_dates("between 16 and 27 January") == []


def test_two_months_of_one_year_are_a_range_of_months():
    assert [(str(f.first), str(f.last)) for f in find_dates("the inspection in March and April 2019")] == [
        ("2019-03", "2019-04")]
    assert [(str(f.first), str(f.last)) for f in find_dates("between December and January 2020")] == [
        ("2019-12", "2020-01")]


def test_a_day_without_a_year_takes_it_from_the_document_date_and_is_no_date_without_one():
    found = find_dates("the visit on 5 March looked at", reference=PartialDate("2019-04-09"))
    assert [(str(f.first), f.relative) for f in found] == [("2019-03-05", True)]
    assert [str(f.first) for f in find_dates("on 5 May,", reference=PartialDate("2019-04-09"))] == ["2018-05-05"]
    assert find_dates("the visit on 5 March looked at") == []
