"""The real passages (tests/fixtures/real) keep their format and the rules of use, the split
stays frozen, and the scorer counts what docs/findings-guideline.md says it counts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph.evaluation.passages import (
    MAX_QUOTE, Passage, check_passages, load_passages, page_key, reserved_pages, split_of,
)
from graph.evaluation.real import Tally, score_findings
from graph.records import ConcernFact, Document, Evidence, Extraction
from graph.resources import shared_dir

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "tests" / "fixtures" / "real"
RESERVED = shared_dir() / "eval" / "RESERVED.md"


def _passage(**changes) -> Passage:
    fields = dict(id="x-001", url="https://news.example.org/a/1", publisher="Example News", kind="news",
                  text="Inspectors found that plans were too variable.", facts={}, batch="batch-x")
    return Passage(**{**fields, **changes})


def test_every_committed_passage_keeps_the_format_and_quotes_at_most_300_characters():
    passages = load_passages(REAL)
    assert passages, "no real passages found"
    assert check_passages(passages) == []
    assert max(len(p.text) for p in passages) <= MAX_QUOTE


@pytest.mark.skipif(not RESERVED.exists(), reason=f"no RESERVED.md at {RESERVED}: set OFSTED_KG_SHARED")
def test_no_committed_passage_comes_from_a_page_reserved_for_evaluation():
    reserved = reserved_pages(RESERVED)
    assert len(reserved) > 30
    assert [p.id for p in load_passages(REAL) if page_key(p.url) in reserved] == []


def test_the_split_is_a_fixed_draw_by_page_so_one_page_is_never_in_both():
    assert split_of("https://www.example.org/news/1") == split_of("http://example.org/news/1/")
    pages = {p.url for p in load_passages(REAL)}
    test_pages = [url for url in pages if split_of(url) == "test"]
    assert 0.2 < len(test_pages) / len(pages) < 0.45


def test_check_names_each_breach():
    long_text = "a" * (MAX_QUOTE + 1)
    problems = check_passages([
        _passage(id="long", text=long_text),
        _passage(id="role", facts={"people_roles": [{"name": "Ann Lee", "role": "boss"}]}),
        _passage(id="span", facts={"findings": [{"contains": "not in text", "polarity": "concern",
                                                 "category": "planning"}]}),
        _passage(id="reserved", url="http://www.reserved.example/page?x=1"),
        _passage(id="long"),
    ], reserved={page_key("https://reserved.example/page?x=1")})
    assert problems == [
        f"long: text has {MAX_QUOTE + 1} characters, over the {MAX_QUOTE} allowed",
        "role: role 'boss' is not a role notation",
        "span: finding 'not in text' is not a substring of the text",
        "reserved: http://www.reserved.example/page?x=1 is reserved for evaluation (RESERVED.md)",
        "long: id used twice",
    ]


def _extraction(text: str, *findings: tuple[str, str]) -> Extraction:
    document = Document(source="d.txt", path="d.txt", media_type="text/plain", sha256="0", text=text)
    facts = []
    for quote, polarity in findings:
        start = text.index(quote)
        facts.append(ConcernFact(inspection=None, category="planning", polarity=polarity,
                                 evidence=Evidence("d.txt", start, start + len(quote), quote)))
    return Extraction(document, tuple(facts))


def test_a_finding_counts_when_an_extracted_quote_overlaps_it_with_the_same_polarity():
    text = "Plans are too variable. Visits are regular. The council said it was pleased."
    extraction = _extraction(text, ("Plans are too variable.", "concern"), ("Visits are regular.", "concern"),
                             ("The council said it was pleased.", "strength"))
    tally = Tally()
    score_findings("doc", [{"contains": "too variable", "polarity": "concern", "category": "planning"},
                           {"contains": "Visits are regular", "polarity": "strength", "category": "statutory-visits"}],
                   extraction, tally)
    findings = tally.scores["findings"]
    # The first is found with its category; the second has the wrong polarity; the reaction is no finding.
    assert (findings.true_positives, findings.false_negatives, findings.false_positives) == (1, 1, 1)
    assert tally.category_right == 1


def test_batch_scores_one_batch_and_says_when_there_is_none(tmp_path, capsys):
    from graph.evaluation.real import main

    passage = {"id": "{}-001", "url": "https://news.example.org/{}", "publisher": "Example News", "kind": "news",
               "text": "Council leader Jo Bloggs said the report was fair.", "facts": {"people_roles": []}}
    for batch in ("x1", "x2"):
        item = {key: value.format(batch) if isinstance(value, str) else value for key, value in passage.items()}
        (tmp_path / f"batch-{batch}.yaml").write_text(yaml.safe_dump({"passages": [item]}), encoding="utf-8")
    assert main(["--dir", str(tmp_path), "--batch", "x1"]) == 0
    assert capsys.readouterr().out.startswith("real passages: 1 from 1 pages")
    assert main(["--dir", str(tmp_path), "--batch", "x3"]) == 2
    assert f"no passages in batch-x3.yaml under {tmp_path}" in capsys.readouterr().err
