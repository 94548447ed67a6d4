"""Document metadata: kind, title, date, author, publisher, addressee; sidecar wins."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from graph.extract import extract
from graph.ingest import ingest
from graph.records import Document, DocumentFact

SOURCES = Path(__file__).resolve().parent.parent / "sources"


def facts_of(document: Document) -> dict[str, DocumentFact]:
    return {f.field_name: f for f in extract(document).facts if isinstance(f, DocumentFact)}


def text_document(text: str, metadata: dict[str, str] | None = None) -> Document:
    return Document(source="doc.txt", path="/tmp/doc.txt", media_type="text/plain",
                    sha256=hashlib.sha256(text.encode()).hexdigest(), text=text, metadata=metadata or {})


def source(name: str) -> dict[str, DocumentFact]:
    path = next(SOURCES.glob(f"{name}_*"))
    return facts_of(ingest(path, SOURCES))


def test_news_byline_gives_date_and_author_with_spans():
    facts = source("000")
    assert facts["kind"].value == "news-article"
    assert facts["published"].value == "2020-03-25"
    assert facts["published"].evidence.quote == "Wednesday, March 25, 2020"
    assert facts["author"].value == "Joe Lepper" and facts["author"].evidence.quote == "Joe Lepper"


def test_ofsted_letter_gives_date_line_addressee_author_and_publisher():
    facts = source("001")
    assert facts["kind"].value == "ofsted-letter"
    assert facts["published"].value == "2020-03-23"
    assert facts["addressee"].value == "Sarah Parker"
    assert facts["author"].value == "Peter McEntee"
    assert facts["publisher"].value == "Ofsted"
    assert facts["title"].value.startswith("Monitoring visit of")


def test_published_label_with_ordinal_day():
    assert source("002")["published"].value == "2022-11-26"


@pytest.mark.parametrize("name", ["003", "004"])
def test_undated_articles_get_no_date_even_with_dated_sidebars(name):
    assert "published" not in source(name)


def test_sidebar_dates_of_other_articles_are_not_the_document_date():
    text = ("Council praised for foster care\n\nA new scheme was launched in Bury.\n\n"
            "Most read\n\n21/06/2019 Another story\n19/06/2019 A third story\n")
    assert "published" not in facts_of(text_document(text))


def test_sidecar_metadata_wins_over_the_text_and_has_no_evidence():
    text = "Oldham children's services\n\nAnna Bell\nMonday, May 4, 2020\n\nOfsted said services improved.\n"
    facts = facts_of(text_document(text, {"published": "2020-05-05", "author": "A. Bell"}))
    assert facts["published"].value == "2020-05-05" and facts["published"].evidence is None
    assert facts["author"].value == "A. Bell" and facts["author"].evidence is None


def test_report_front_matter_gives_kind_title_and_published_date():
    text = ("1\nDurham County Council\nInspection of services for children in need of help and \n"
            "protection, children looked after and care leavers\nInspection date: 2 March – 25 March 2015\n"
            "Report published: 12 May 2015\nThe overall judgement is good\n")
    facts = facts_of(text_document(text))
    assert facts["kind"].value == "ofsted-report"
    assert facts["published"].value == "2015-05-12"
    assert facts["title"].value.startswith("Inspection of services for children in need")


def test_an_error_page_is_other():
    text = "Report not found - Find an Inspection Report - Ofsted\n\nSorry, the document you requested no longer exists.\n"
    assert facts_of(text_document(text))["kind"].value == "other"


NEWS_BODY = ("By Joseph Metcalfe\nPublished: 18 April 2024\n\n"
             "Kent County Council's children's services were judged good by Ofsted inspectors this week.\n")


@pytest.mark.parametrize("section", ["", "NEWS | EDUCATION\n\n"], ids=["masthead", "masthead-and-section-line"])
def test_a_newspapers_masthead_is_its_publisher_and_the_next_line_its_title(section):
    facts = facts_of(text_document(f"Dales and Vale Advertiser\n\n{section}Care leavers 'well supported', "
                                   f"inspectors find\n\n{NEWS_BODY}"))
    assert facts["publisher"].value == facts["publisher"].evidence.quote == "Dales and Vale Advertiser"
    assert facts["title"].value == "Care leavers 'well supported', inspectors find"


@pytest.mark.parametrize("head", [
    "Kent Services Rated Good\n\nThe council's children's services were judged good this week.\n\n",
    "Kent County Council\n\nKent children's services rated good by Ofsted\n\n",
], ids=["headline-then-lede", "first-line-is-no-newspaper"])
def test_a_first_line_that_is_no_masthead_stays_the_title(head):
    facts = facts_of(text_document(head + NEWS_BODY))
    assert "publisher" not in facts
    assert facts["title"].value == head.split("\n", 1)[0]
