"""Score extraction on real text: the passages of tests/fixtures/real and the findings
annotated in whole Ofsted reports (tests/fixtures/findings).

    python -m graph.evaluation real [--failures] [--check] [--batch NAME]

Figures are printed per split. Failures are listed for the dev split only: the test split
is for measuring, and reading its misses is the first step of tuning on it.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from graph.evaluation.fixtures import Score, extract_text
from graph.evaluation.passages import (
    FINDINGS_DIR, REAL_DIR, Passage, check_passages, load_passages, reserved_pages, split_of,
)
from graph.extract import extract
from graph.ingest import ingest, normalise_text
from graph.records import AuthorityMention, ConcernFact, Extraction, RoleFact
from graph.resources import shared_dir

# The posts the owner's measure counts: people who lead, run, inspect or direct a council's
# children's services. `author` (bylines) and `other` posts are scored apart.
CORE_ROLES = frozenset({
    "council-leader", "deputy-council-leader", "mayor", "lead-member-for-children",
    "director-of-childrens-services", "chief-executive", "member-of-parliament", "hmi",
    "commissioner", "minister",
})
MEASURES = ("authorities", "people", "core_people", "findings")


@dataclass
class Tally:
    """Scores of one set of passages (or reports), plus the accuracies that ride on true positives."""

    scores: dict[str, Score] = field(default_factory=lambda: {key: Score() for key in MEASURES})
    organisation_right: int = 0
    organisation_checked: int = 0
    category_right: int = 0
    failures: list[str] = field(default_factory=list)

    def fold(self, other: Tally) -> None:
        for key, score in other.scores.items():
            self.scores[key].add(score)
        self.organisation_right += other.organisation_right
        self.organisation_checked += other.organisation_checked
        self.category_right += other.category_right
        self.failures += other.failures


def score_passage(passage: Passage) -> Tally:
    """Extract one passage as a document of its own and compare with what a reader takes from it."""
    # The page's date travels with it, as a sidecar would carry it: which council a name meant
    # (Dorset county or Dorset Council) and which visit "last month" was depend on it.
    sidecar = {"published": passage.published} if passage.published else {}
    extraction = extract_text(passage.text, source=f"{passage.id}.txt", metadata=sidecar)
    tally = Tally()
    facts = passage.facts
    if "authorities" in facts:
        found = {f.gss_code for f in extraction.facts if isinstance(f, AuthorityMention)}
        tally.scores["authorities"] = _compare(set(facts["authorities"] or []), found, passage.id,
                                               "authority", tally.failures)
    if "people_roles" in facts:
        _score_people(passage, facts["people_roles"] or [], extraction, tally)
    if "findings" in facts:
        score_findings(passage.id, facts["findings"] or [], extraction, tally)
    return tally


def _name(name: str) -> str:
    return " ".join(normalise_text(name).replace("’", "'").split()).casefold()


def _score_people(passage: Passage, expected: list[dict], extraction: Extraction, tally: Tally) -> None:
    roles = [f for f in extraction.facts if isinstance(f, RoleFact)]
    wanted = {(_name(e["name"]), e["role"]) for e in expected}
    found = {(_name(f.name), f.role) for f in roles}
    tally.scores["people"] = _compare(wanted, found, passage.id, "person", tally.failures)
    core = {pair for pair in wanted if pair[1] in CORE_ROLES}
    tally.scores["core_people"] = _compare(core, {p for p in found if p[1] in CORE_ROLES}, passage.id,
                                           "core person", [])
    for item in expected:
        organisation = item.get("authority") or item.get("organisation")
        matches = [f for f in roles if (_name(f.name), f.role) == (_name(item["name"]), item["role"])]
        if organisation and matches:
            tally.organisation_checked += 1
            if any((f.authority or f.organisation) == organisation for f in matches):
                tally.organisation_right += 1
            else:
                got = ", ".join(str(f.authority or f.organisation) for f in matches)
                tally.failures.append(f"{passage.id}: person {item['name']} of {organisation}, got {got}")


def _compare(expected: set, found: set, passage_id: str, label: str, failures: list[str]) -> Score:
    failures += [f"{passage_id}: {label} missing {item}" for item in sorted(expected - found, key=str)]
    failures += [f"{passage_id}: {label} unexpected {item}" for item in sorted(found - expected, key=str)]
    return Score(len(expected & found), len(found - expected), len(expected - found))


def score_findings(label: str, expected: list[dict], extraction: Extraction, tally: Tally) -> None:
    """Recall: each annotated finding overlapped by a fact of the same polarity. Precision: the
    facts that overlap some annotated finding (docs/findings-guideline.md, "Span")."""
    text = extraction.document.text
    facts = [f for f in extraction.facts if isinstance(f, ConcernFact)]
    spans = []
    for item in expected:
        span = locate(str(item["contains"]), text)
        spans.append(span)
        if span is None:
            tally.failures.append(f"{label}: annotated finding not in the text: {item['contains']!r}")
    score = tally.scores["findings"]
    for item, span in zip(expected, spans):
        over = [f for f in facts if span and _overlaps(span, f)]
        right = [f for f in over if f.polarity == item["polarity"]]
        if right:
            score.true_positives += 1
            tally.category_right += any(f.category == item["category"] for f in right)
        else:
            score.false_negatives += 1
            got = ", ".join(f"{f.polarity}/{f.category}" for f in over) or "nothing"
            tally.failures.append(f"{label}: finding missed ({item['polarity']}) {item['contains']!r}, got {got}")
    for fact in facts:
        if not any(span and _overlaps(span, fact) for span in spans):
            score.false_positives += 1
            tally.failures.append(f"{label}: not a finding ({fact.polarity}) {fact.evidence.quote[:120]!r}")


def locate(contains: str, text: str) -> tuple[int, int] | None:
    """Where an annotated span lies in `text`, whatever whitespace (line breaks of a PDF) splits it."""
    words = normalise_text(contains).split()
    found = re.search(r"\s+".join(map(re.escape, words)), text) if words else None
    return found.span() if found else None


def _overlaps(span: tuple[int, int], fact: ConcernFact) -> bool:
    return fact.evidence.start < span[1] and span[0] < fact.evidence.end


def score_reports(directory: Path = FINDINGS_DIR, corpus: Path | None = None) -> dict[str, Tally]:
    """Findings of the whole Ofsted reports annotated in `directory`, per split (drawn like the
    passages', by the report's path); empty when there are none or the corpus is absent."""
    corpus = corpus or shared_dir() / "corpus" / "ofsted"
    files = sorted(directory.glob("*.yaml"))
    if not files or not corpus.is_dir():
        return {}
    tallies: dict[str, Tally] = {}
    for path in files:
        annotation = yaml.safe_load(path.read_text(encoding="utf-8"))
        extraction = extract(ingest(corpus / annotation["source"], corpus))
        tally = tallies.setdefault(f"reports-{split_of(annotation['source'])}", Tally())
        score_findings(path.stem, annotation.get("findings") or [], extraction, tally)
    return dict(sorted(tallies.items()))


def score_split(passages: list[Passage]) -> Tally:
    tally = Tally()
    for passage in passages:
        tally.fold(score_passage(passage))
    return tally


def format_report(passages: list[Passage], tallies: dict[str, Tally]) -> str:
    pages = {p.url for p in passages}
    councils = {p.about for p in passages if p.about}
    lines = [f"real passages: {len(passages)} from {len(pages)} pages, {len(councils)} councils, "
             f"{len({p.publisher for p in passages})} publishers",
             f"{'split':<12} {'measure':<12} {'precision':>9} {'recall':>7} {'tp':>5} {'fp':>5} {'fn':>5}"]
    for split, tally in tallies.items():
        for key, score in tally.scores.items():
            if score.true_positives + score.false_positives + score.false_negatives:
                lines.append(f"{split:<12} {key:<12} {_percent(score.precision):>9} {_percent(score.recall):>7} "
                             f"{score.true_positives:>5} {score.false_positives:>5} {score.false_negatives:>5}")
        found = tally.scores["findings"].true_positives
        lines.append(f"{split:<12} council of a found person right: {_ratio(tally.organisation_right, tally.organisation_checked)}; "
                     f"category of a found finding right: {_ratio(tally.category_right, found)}")
    return "\n".join(lines)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _ratio(right: int, checked: int) -> str:
    return f"{right}/{checked}" + (f" ({right / checked:.1%})" if checked else "")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph.evaluation real")
    parser.add_argument("--dir", type=Path, default=REAL_DIR, help="the real passages (batch-*.yaml)")
    parser.add_argument("--findings-dir", type=Path, default=FINDINGS_DIR, help="annotated whole reports")
    parser.add_argument("--failures", action="store_true", help="list the dev split's misses")
    parser.add_argument("--batch", metavar="NAME",
                        help="score only one batch's passages, e.g. g5 for batch-g5.yaml (still per split)")
    parser.add_argument("--check", nargs="*", type=Path, metavar="BATCH",
                        help="only check the format and rules of use (of these batch files, else of all)")
    args = parser.parse_args(argv)
    passages = load_passages(args.dir, args.check or None)
    reserved_file = shared_dir() / "eval" / "RESERVED.md"
    problems = check_passages(passages, reserved_pages(reserved_file) if reserved_file.exists() else None)
    if args.check is not None or problems:
        print("\n".join(problems) or f"{len(passages)} passages, no problems")
        return 1 if problems else 0
    if args.batch:
        passages = [p for p in passages if p.batch == f"batch-{args.batch}"]
        if not passages:
            print(f"no passages in batch-{args.batch}.yaml under {args.dir}", file=sys.stderr)
            return 2
    tallies = {split: score_split([p for p in passages if p.split == split]) for split in ("dev", "test")}
    if not args.batch:
        tallies.update(score_reports(args.findings_dir))
    print(format_report(passages, tallies))
    if args.failures:
        print("\n".join(failure for split, tally in tallies.items() if split.endswith("dev")
                        for failure in tally.failures))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
