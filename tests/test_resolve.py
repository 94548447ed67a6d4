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
    """It stays a mention linked to both candidates (it was once an inspection of its own: a second node
    for an event the graph already had)."""
    report = Extraction(document("r.pdf"), (
        mention("r.pdf", "a", start=PartialDate("2019-02-04"), inspection_type="ilacs-standard"),
        mention("r.pdf", "b", 10, start=PartialDate("2016-02-01"), inspection_type="sif"),))
    news = Extraction(document("n.txt"), (mention("n.txt", "feb", month=2, primary=True),))
    resolution = resolve([report, news])
    assert ("n.txt", "feb") not in resolution.mention_to_inspection
    unresolved = resolution.unresolved[("n.txt", "feb")]
    assert unresolved.reason == "ambiguous"
    assert set(unresolved.candidates) == {resolution.mention_to_inspection[("r.pdf", "a")],
                                          resolution.mention_to_inspection[("r.pdf", "b")]}
    assert len(resolution.inspections) == 2


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


# --- one node per real inspection: mentions of earlier events -------------------------------------

def report(source: str, start: str, end: str, inspection_type: str = "ilacs-standard", *others) -> Extraction:
    return Extraction(document(source), (
        mention(source, "primary", inspection_type=inspection_type, start=PartialDate(start),
                end=PartialDate(end), primary=True), *others))


def merge_of(resolution, ref):
    return next(m for m in resolution.merges if m.mention == ref)


def test_the_last_inspection_names_the_latest_graded_inspection_before_the_document():
    older = report("2015.pdf", "2015-06-01", "2015-06-25", "sif")
    newer = report("2019.pdf", "2019-02-04", "2019-02-15", "ilacs-standard",
                   mention("2019.pdf", "event-1", 20, previous=True))
    resolution = resolve([older, newer])
    assert resolution.mention_to_inspection[("2019.pdf", "event-1")] == "E06000021/sif/2015-06-01"
    merge = merge_of(resolution, ("2019.pdf", "event-1"))
    assert merge.rule == "latest-before-document"
    assert merge.inspections == ("E06000021/ilacs-standard/2019-02-04",)
    assert len(resolution.inspections) == 2 and not resolution.unresolved


def test_the_last_inspection_stays_a_mention_when_the_register_knows_an_event_no_document_names():
    # The register has Stoke-on-Trent's ILACS of 2022-10-03; no document here names it.
    older = report("2019.pdf", "2019-02-04", "2019-02-15")
    newer = report("2025.pdf", "2025-05-12", "2025-05-23", "ilacs-standard",
                   mention("2025.pdf", "event-1", 20, previous=True))
    resolution = resolve([older, newer])
    assert ("2025.pdf", "event-1") in resolution.unresolved
    assert len(resolution.inspections) == 2


def test_an_earlier_event_with_no_candidate_stays_a_mention_and_is_no_inspection():
    letter = report("2019.pdf", "2019-02-04", "2019-02-15", "ilacs-standard",
                    mention("2019.pdf", "event-1", 20, inspection_type="jtai"))
    resolution = resolve([letter])
    assert set(resolution.inspections) == {"E06000021/ilacs-standard/2019-02-04"}
    assert resolution.unresolved[("2019.pdf", "event-1")].reason == "no-candidate"
    assert resolution.unresolved[("2019.pdf", "event-1")].candidates == ()


def stoke_like(with_dated_visit: bool) -> list[Extraction]:
    sif = report("2015.pdf", "2015-06-01", "2015-06-25", "sif")
    visit = (mention("2019.pdf", "event-1", 20, inspection_type="focused-visit", start=PartialDate("2018-04")),)
    ilacs = report("2019.pdf", "2019-02-04", "2019-02-15", "ilacs-standard", *(visit if with_dated_visit else ()))
    news = Extraction(document("news.txt"), (
        mention("news.txt", "primary", inspection_type="focused-visit", primary=True, after="event-1"),
        mention("news.txt", "event-1", 20, inspection_type="sif", start=PartialDate("2015"), previous=True),))
    return [sif, ilacs, news]


def test_an_undated_focused_report_bounded_by_two_inspections_is_the_one_focused_visit_between():
    resolution = resolve(stoke_like(with_dated_visit=True))
    assert resolution.mention_to_inspection[("news.txt", "primary")] == "E06000021/focused-visit/2018-04"
    merge = merge_of(resolution, ("news.txt", "primary"))
    assert merge.rule == "only-candidate-within-bounds"
    assert set(merge.inspections) == {"E06000021/sif/2015-06-01", "E06000021/ilacs-standard/2019-02-04"}
    assert len(resolution.inspections) == 3


def test_a_documents_own_subject_that_no_known_inspection_can_be_is_an_undated_inspection():
    resolution = resolve(stoke_like(with_dated_visit=False))
    key = resolution.mention_to_inspection[("news.txt", "primary")]
    assert key.startswith("E06000021/focused-visit/undated-")
    assert resolution.inspections[key].start is None


def test_a_month_stated_anywhere_beats_a_year():
    year = Extraction(document("a.pdf"), (
        mention("a.pdf", "event-1", inspection_type="focused-visit", start=PartialDate("2018")),))
    month = Extraction(document("b.pdf"), (
        mention("b.pdf", "event-1", inspection_type="focused-visit", start=PartialDate("2018-04")),))
    resolution = resolve([year, month])
    assert set(resolution.inspections) == {"E06000021/focused-visit/2018-04"}
    assert merge_of(resolution, ("a.pdf", "event-1")).rule == "same-date"


def test_a_full_inspection_is_a_sif_or_ilacs_standard_and_a_short_inspection_ilacs_short():
    from graph.resolve.inspections import type_options

    in_2016 = PartialDate("2016")
    assert type_options(mention("a", "k", fits="inspection-type/full", start=in_2016)) == {"sif", "ilacs-standard"}
    assert type_options(mention("a", "k", inspection_type="ilacs-short")) == {"ilacs-short"}
    assert type_options(mention("a", "k", start=in_2016)) == {"sif", "ilacs-standard", "ilacs-short"}
    assert type_options(mention("a", "k", inspection_type="ilacs-short", primary=True)) == {
        "sif", "ilacs-standard", "ilacs-short"}


def test_an_inspection_that_may_precede_the_sif_may_also_be_an_older_frameworks():
    from graph.resolve.inspections import type_options

    graded = {"sif", "ilacs-standard", "ilacs-short"}
    assert type_options(mention("a", "k", previous=True)) == graded | {"other"}
    assert type_options(mention("a", "k", start=PartialDate("2013"))) == graded | {"other"}  # the SIF began 2013-11
    assert type_options(mention("a", "k", start=PartialDate("2013-11"))) == graded
    assert type_options(mention("a", "k", inspection_type="other", start=PartialDate("2012"))) == {"other"}


def test_an_inspection_no_date_assigns_to_a_framework_is_typed_other():
    story = Extraction(document("s.txt"), (mention("s.txt", "event-1", start=PartialDate("2013")),))
    assert set(resolve([story]).inspections) == {"E06000021/other/2013"}


def test_the_last_full_inspection_after_a_short_one_stays_a_mention():
    standard = report("2015.pdf", "2015-06-01", "2015-06-25", "sif")
    short = report("2019.pdf", "2019-02-04", "2019-02-08", "ilacs-short")
    latest = report("2022.pdf", "2022-10-03", "2022-10-14", "ilacs-standard",
                    mention("2022.pdf", "event-1", 20, previous=True, fits="inspection-type/full"))
    resolution = resolve([standard, short, latest])
    assert ("2022.pdf", "event-1") in resolution.unresolved


def test_two_inspections_holding_one_register_record_are_one():
    # Stoke-on-Trent's register record starts 2019-02-04; a document three days out is the same event.
    a = report("a.pdf", "2019-02-04", "2019-02-15")
    b = Extraction(document("b.txt"), (
        mention("b.txt", "event-1", inspection_type="ilacs-standard", start=PartialDate("2019-02-01")),))
    resolution = resolve([a, b])
    assert set(resolution.inspections) == {"E06000021/ilacs-standard/2019-02-04"}
    assert merge_of(resolution, ("b.txt", "event-1")).rule == "same-register-record"
    assert resolution.inspections["E06000021/ilacs-standard/2019-02-04"].register_record is not None


def test_a_publication_alone_joins_the_inspection_whose_register_record_was_published_then():
    a = report("a.pdf", "2022-10-03", "2022-10-14")
    b = Extraction(document("b.txt"), (
        mention("b.txt", "event-1", published=PartialDate("2022-11"), grade_hint="requires-improvement"),))
    resolution = resolve([a, b])
    assert set(resolution.inspections) == {"E06000021/ilacs-standard/2022-10-03"}


def test_dates_the_documents_disagree_on_are_kept_and_flagged():
    a = Extraction(document("a.pdf"), (
        mention("a.pdf", "primary", inspection_type="ilacs-standard", start=PartialDate("2019-02-04"),
                published=PartialDate("2019-03-18"), primary=True),))
    b = Extraction(document("b.txt"), (
        mention("b.txt", "event-1", start=PartialDate("2019-02"), published=PartialDate("2019-03-20")),))
    inspection = resolve([a, b]).inspections["E06000021/ilacs-standard/2019-02-04"]
    assert inspection.stated_conflicts == [("publishedDate", PartialDate("2019-03-18"), PartialDate("2019-03-20"))]


def test_the_last_inspection_before_a_sif_report_names_the_older_frameworks_inspection():
    older = Extraction(document("2012.txt"), (
        mention("2012.txt", "event-1", inspection_type="other", start=PartialDate("2012-03")),))
    sif = report("2015.pdf", "2015-06-01", "2015-06-25", "sif", mention("2015.pdf", "event-1", 20, previous=True))
    resolution = resolve([older, sif])
    assert resolution.mention_to_inspection[("2015.pdf", "event-1")] == "E06000021/other/2012-03"
    assert merge_of(resolution, ("2015.pdf", "event-1")).rule == "latest-before-document"
    assert len(resolution.inspections) == 2


def test_the_2013_inspection_when_one_before_and_one_after_the_sif_began_are_known_is_not_guessed():
    known = Extraction(document("k.txt"), (
        mention("k.txt", "event-1", inspection_type="other", start=PartialDate("2013-02")),
        mention("k.txt", "event-2", 10, inspection_type="sif", start=PartialDate("2013-11-04")),))
    story = Extraction(document("s.txt"), (mention("s.txt", "event-1", start=PartialDate("2013")),))
    resolution = resolve([known, story])
    assert resolution.unresolved[("s.txt", "event-1")].reason == "ambiguous"
    assert len(resolution.inspections) == 2


def test_a_year_of_publication_names_the_one_visit_in_the_months_before_it():
    visit = Extraction(document("v.txt"), (
        mention("v.txt", "event-1", inspection_type="other", start=PartialDate("2011-05")),))
    judged = Extraction(document("j.txt"), (
        mention("j.txt", "event-1", inspection_type="other", published=PartialDate("2011"),
                grade_hint="inadequate"),))
    resolution = resolve([visit, judged])
    assert set(resolution.inspections) == {"E06000021/other/2011-05"}
    assert merge_of(resolution, ("j.txt", "event-1")).rule == "published-after-visit"
