"""Resolution rules on small hand-made extractions: identity, bounds, conflicts, who held a post."""

from __future__ import annotations

from graph.records import (
    Document, Evidence, Extraction, InspectionMention, PartialDate, RoleFact,
)
from graph.resolve import resolve

TEXT = "x" * 400


def document(source: str) -> Document:
    return Document(source=source, path=source, media_type="text/plain", sha256=source, text=TEXT)


def span(source: str, start: int) -> Evidence:
    return Evidence(source, start, start + 5, TEXT[start:start + 5])


def mention(source: str, key: str, at: int = 0, **fields) -> InspectionMention:
    return InspectionMention(key=key, authority=fields.pop("authority", "E06000021"),
                             inspection_type=fields.pop("inspection_type", None),
                             evidence=span(source, at), **fields)


def test_a_publication_month_names_the_inspection_visited_weeks_before():
    report = Extraction(document("report.pdf"), (
        mention("report.pdf", "primary", inspection_type="ilacs-standard", start=PartialDate("2019-02-04"),
                primary=True),))
    news = Extraction(document("news.txt"), (
        mention("news.txt", "past", published=PartialDate("2019-03"), grade_hint="inadequate"),))
    resolution = resolve([report, news])
    assert len(resolution.inspections) == 1
    assert resolution.mention_to_inspection[("news.txt", "past")] == "E06000021/ilacs-standard/2019-02-04"


def test_an_undatable_mention_stays_an_inspection_of_its_own():
    one = Extraction(document("a.txt"), (mention("a.txt", "fv", inspection_type="focused-visit", primary=True),))
    two = Extraction(document("b.txt"), (mention("b.txt", "fv", inspection_type="focused-visit", primary=True),))
    assert len(resolve([one, two]).inspections) == 2


def test_an_ambiguous_month_is_not_merged_into_a_guess():
    report = Extraction(document("r.pdf"), (
        mention("r.pdf", "a", start=PartialDate("2019-02-04"), inspection_type="ilacs-standard"),
        mention("r.pdf", "b", 10, start=PartialDate("2016-02-01"), inspection_type="sif"),))
    news = Extraction(document("n.txt"), (mention("n.txt", "feb", month=2, primary=True),))
    resolution = resolve([report, news])
    assert resolution.mention_to_inspection[("n.txt", "feb")] not in {
        resolution.mention_to_inspection[("r.pdf", "a")], resolution.mention_to_inspection[("r.pdf", "b")]}


def test_the_same_name_at_two_councils_is_two_people():
    facts = (RoleFact("Ann James", "council-leader", span("a.txt", 0), authority="E06000021"),
             RoleFact("Ann James", "council-leader", span("a.txt", 10), authority="E10000028"))
    resolution = resolve([Extraction(document("a.txt"), facts)])
    assert set(resolution.persons) == {"ann-james-E06000021", "ann-james-E10000028"}


def test_a_register_day_that_differs_from_the_documents_is_kept_and_flagged():
    report = Extraction(document("r.pdf"), (
        mention("r.pdf", "p", inspection_type="ilacs-standard", start=PartialDate("2019-02-05"), primary=True),))
    inspection = next(iter(resolve([report]).inspections.values()))
    assert inspection.register_record is not None
    assert inspection.conflicts == [("startDate", PartialDate("2019-02-05"), PartialDate("2019-02-04"))]


def test_a_leader_is_tied_to_the_inspection_their_document_reports_and_no_other():
    story = Extraction(document("s.txt"), (
        mention("s.txt", "p", inspection_type="ilacs-standard", start=PartialDate("2022-10"), primary=True),
        mention("s.txt", "old", 10, start=PartialDate("2019-02"), inspection_type="ilacs-standard"),
        RoleFact("Abi Brown", "council-leader", span("s.txt", 20), authority="E06000021"),))
    rows = resolve([story]).roles_at_inspection
    assert [(r.inspection, r.person, r.rule) for r in rows] == [
        ("E06000021/ilacs-standard/2022-10", "abi-brown", "reported-in-same-document")]


def test_an_undated_attestation_in_another_document_ties_no_one():
    report = Extraction(document("r.pdf"), (
        mention("r.pdf", "p", inspection_type="ilacs-standard", start=PartialDate("2022-10-03"), primary=True),))
    other = Extraction(document("o.txt"), (
        RoleFact("Jo Bloggs", "council-leader", span("o.txt", 0), authority="E06000021"),))
    assert resolve([report, other]).roles_at_inspection == []


def test_an_attestation_dated_within_the_window_ties_the_holder():
    report = Extraction(document("r.pdf"), (
        mention("r.pdf", "p", inspection_type="ilacs-standard", start=PartialDate("2022-10-03"), primary=True),))
    other = Extraction(document("o.txt"), (
        RoleFact("Jo Bloggs", "council-leader", span("o.txt", 0), authority="E06000021",
                 attested=PartialDate("2022-12-01")),))
    rows = resolve([report, other]).roles_at_inspection
    assert [(r.person, r.rule) for r in rows] == [("jo-bloggs", "attested-within-window")]


def test_summaries_resolve_and_derive_exactly_as_whole_extractions():
    # The builder keeps only summaries in memory; they must lose nothing resolve or emit_derived read.
    from pathlib import Path

    from graph.emit import emit_derived
    from graph.extract import extract
    from graph.ingest import ingest

    sources = Path(__file__).resolve().parent.parent / "sources"
    whole = [extract(ingest(path, sources)) for path in sorted(sources.glob("*.txt"))]
    summaries = [extraction.summary() for extraction in whole]
    assert all(s.document.text == "" and len(s.facts) < len(w.facts) for s, w in zip(summaries, whole))
    assert resolve(summaries) == resolve(whole)
    assert emit_derived(summaries, resolve(summaries)) == emit_derived(whole, resolve(whole))
