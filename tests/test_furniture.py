"""Page furniture is cut from a document's content; the article itself stays."""

from __future__ import annotations

from pathlib import Path

from graph.extract.furniture import content_regions
from graph.ingest import ingest

SOURCES = Path(__file__).resolve().parent.parent / "sources"


def content_text(text: str, media_type: str = "text/plain") -> str:
    return "\n".join(text[lo:hi] for lo, hi in content_regions(text, media_type))


ARTICLE = """Council services improve

By Jo Writer
1 May 2023

Inspectors found that plans are now reviewed regularly.

Councils face rising costs, the leader said. Picture: Google Maps

Image credit - SomePhotographer

There are no comments. Why not be the first?

Add your comment

View all News

Tom Other, director at Somewhere, writes about funding
"""


def test_comment_prompts_and_the_news_list_after_them_are_cut():
    kept = content_text(ARTICLE)
    assert "Inspectors found that plans are now reviewed regularly." in kept
    assert "Tom Other" not in kept
    assert "no comments" not in kept


def test_image_credits_and_captions_ending_in_a_credit_are_cut():
    kept = content_text(ARTICLE)
    assert "SomePhotographer" not in kept
    assert "Google Maps" not in kept


def test_a_headline_that_looks_like_a_tail_marker_does_not_cut_the_article():
    text = "Related news\n\nBody of the article says something.\n\nMore text.\n"
    assert "Body of the article" in content_text(text)


def test_subscription_box_radio_trailer_and_tags_are_cut():
    text = ("Headline\n\nThe article.\n\nRead the full report here\n\n"
            "Hear all the latest news on the hour on Some Radio.\n\nTags: a, b\n\n"
            "CYP Now Digital membership\n\n  • Latest digital issues\n\nSubscribe\n")
    kept = content_text(text)
    assert "The article." in kept
    for furniture in ("full report here", "Some Radio", "Tags:", "membership", "Subscribe"):
        assert furniture not in kept


def test_the_ofsted_address_block_is_cut_but_the_letter_is_kept():
    text = ("\nOfsted\nPiccadilly Gate\nStore Street\nManchester\nM1 2WD\n\nT 0300 123 1231\n"
            "enquiries@ofsted.gov.uk\nwww.gov.uk/ofsted\n\n1 May 2020\n\nJane Doe\n"
            "Director of Children's Services\n\nDear Jane Doe\n\nThis letter summarises the findings.\n")
    kept = content_text(text)
    assert "Piccadilly Gate" not in kept and "0300" not in kept
    assert "Jane Doe" in kept and "This letter summarises the findings." in kept


def test_web_furniture_rules_do_not_apply_to_pdf_reports():
    text = "Report heading\nline two\nline three\nAdd your comment on the plan was noted.\n"
    assert "Add your comment" in content_text(text, "application/pdf")


def test_the_five_sources_lose_their_furniture():
    texts = {p.name: ingest(p, SOURCES) for p in sorted(SOURCES.glob("*.txt"))}
    kept = {name: content_text(doc.text, doc.media_type) for name, doc in texts.items()}
    assert "Rob Whiteman" not in kept["003_35293310fe09c270.txt"]
    assert "Peter Kyle" not in kept["003_35293310fe09c270.txt"]
    assert "CraigRJD" not in kept["003_35293310fe09c270.txt"]
    assert "Subscribe" not in kept["000_b92515f3430d9920.txt"]
    assert "Greatest Hits Radio" not in kept["002_4bb65f1cfdd924b5.txt"]
    assert "Ruth Smeeth, the MP for Stoke-on-Trent North" in kept["003_35293310fe09c270.txt"]
