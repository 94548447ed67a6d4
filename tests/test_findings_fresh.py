"""Findings in real news wording the model had not read before batch g6 (issue 12).

Each sentence is a short quote of a dev page of tests/fixtures/real/batch-g6.yaml, with its
URL. They pin the three general means added for them: shortfalls said in news's own words
are concern cues, a clause reads the polarity cues of what leads into it in its sentence,
and "commended" attributes a sentence to the inspectors as "praised" does.
"""

from __future__ import annotations

import pytest

from graph.evaluation.fixtures import extract_text
from graph.evaluation.passages import REAL_DIR, load_passages
from graph.evaluation.real import main as evaluate
from graph.extract.base import Annotated
from graph.extract.concerns import _cue_regex, _polarity_cues, candidates, findings, rules
from graph.extract.finding_units import lowered
from graph.records import DocumentFact
from graph.rules import PatternError


def news(text: str) -> Annotated:
    text = f"{text}\n"
    return Annotated(document=extract_text(text).document, content=((0, len(text)),),
                     facts=(DocumentFact("kind", "news", None),))


def polarity_of(sentence: str, phrase: str) -> set[str]:
    """The polarities of the findings of `sentence` (a news paragraph) whose span holds `phrase`."""
    doc = news(sentence)
    return {polarity for start, end, _, polarity in findings(doc) if phrase in doc.text[start:end]}


@pytest.mark.parametrize("sentence, phrase", [
    # https://www.newsshopper.co.uk/news/18184951.least-two-years-childrens-social-care-consistently-good-lewisham/
    ("The July inspection noted the council’s early help services were “underdeveloped” despite recommendations "
     "to improve in the 2015 report.", "underdeveloped"),
    # https://www.newsshopper.co.uk/news/17851398.lewisham-council-39-fully-accepts-39-ofsted-findings-children-social-care/?ref=rss
    ("According to Ofsted, some families have had to wait two months for support from early help services, which "
     "are outsourced.", "wait two months"),
    # https://feeds.bbci.co.uk/news/uk-england-humber-58676425
    ("Following the visit in May 2021 inspectors said the coronavirus pandemic had slowed down improvement efforts.",
     "slowed down"),
    # https://www.miltonkeynes.co.uk/news/care-for-needy-children-in-milton-keynes-needs-to-improve-1155468
    ("The adoption rate in MK is under the national average and should be improved, say the Ofsted inspectors.",
     "under the national average"),
    # https://feeds.bbci.co.uk/news/uk-england-shropshire-42108826
    ("In total, 12 recommendations have been made and the report says the council needs to do more work on the "
     "progress of children who leave care.", "needs to do more work"),
])
def test_a_shortfall_in_news_words_is_a_concern_not_a_strength(sentence, phrase):
    assert polarity_of(sentence, phrase) == {"concern"}


def test_a_clause_reads_the_polarity_cues_of_its_lead_in():
    # https://hellorayo.co.uk/greatest-hits/staffordshire-cheshire/news/staffordshire-county-council-committed-to-improving-inspection-report
    doc = news("However, it also criticised other aspects of the children’s social care service, including inconsistent "
               "oversight of cases, initial assessments taking too long to complete, and insufficient practical "
               "support for those leaving care.")
    lower = lowered(doc.text)
    tags = {doc.text[unit.start:unit.end]: found for unit, found in candidates(doc, lower, rules())}
    first, last = sorted(tags, key=doc.text.index)
    assert "lead-cue-concern" in tags[last] and not any(t.startswith("lead-") for t in tags[first])
    assert polarity_of(doc.text, "insufficient practical support") == {"concern"}


def test_a_praised_finding_attributed_by_its_own_verb_is_taken():
    # https://www.milton-keynes.gov.uk/news/2023/support-children-care-praised-following-ofsted-visit
    doc = news("Social workers were commended for understanding the individual needs of children.")
    assert [unit.says_who for unit, _ in candidates(doc, lowered(doc.text), rules())] == [True]
    assert polarity_of(doc.text, "commended") == {"strength"}


def test_the_evaluation_scores_one_batch_when_asked(capsys):
    batch = load_passages(REAL_DIR, [REAL_DIR / "batch-g6.yaml"])
    assert evaluate(["--batch", "g6"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"real passages: {len(batch)} from {len({p.url for p in batch})} pages")
    assert len(batch) < len(load_passages(REAL_DIR))
    assert evaluate(["--batch", "no-such-batch"]) == 2


def test_a_cue_with_alternatives_outside_a_group_is_refused_and_each_alternative_matches():
    # Under its first letter "has yet to|is yet to" would read "h(?:as yet to|is yet to)".
    with pytest.raises(PatternError, match="one alternative a cue"):
        _cue_regex([("concern", "has yet to|is yet to")])
    found = rules()
    for clause in ("the plan is yet to show impact", "this has yet to lead to change", "unsustainable caseloads"):
        assert _polarity_cues(clause, 0, len(clause), found) == ["cue-concern"]
