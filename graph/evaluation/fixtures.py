"""Score extraction against the fixture documents in tests/fixtures/docs/.

Each fixture is a document and NAME.expected.yaml (format in that
directory's README.md). `evaluate_fixture` checks one; `evaluate_all`
scores all of them per fact type; `python -m graph.evaluation.fixtures` prints the
table.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

import hashlib

from graph.extract import extract
from graph.ingest import ingest, normalise_text
from graph.records import (
    AuthorityMention, ConcernFact, Document, Extraction, InspectionMention, JudgementFact, RoleFact,
)

FIXTURE_DIR = Path("tests/fixtures/docs")  # the default, relative to the working directory (a checkout)
DOCUMENT_SUFFIXES = (".txt", ".md", ".html")
FACT_TYPES = ("authorities", "people_roles", "concerns", "inspections", "judgements")


@dataclass
class Score:
    """Counts for one fact type; precision is None where nothing was checked for it."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    def add(self, other: Score) -> None:
        self.true_positives += other.true_positives
        self.false_positives += other.false_positives
        self.false_negatives += other.false_negatives

    @property
    def precision(self) -> float | None:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else None

    @property
    def recall(self) -> float | None:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else None


@dataclass
class FixtureResult:
    name: str
    scores: dict[str, Score] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


def extract_text(text: str, source: str = "document.txt", media_type: str = "text/plain",
                 metadata: dict[str, str] | None = None) -> Extraction:
    """Run the whole extraction pipeline over a text given inline (for tests); `metadata` stands
    for a sidecar file (title, published, author, publisher, url)."""
    normalised = normalise_text(text)
    document = Document(source=source, path=source, media_type=media_type,
                        sha256=hashlib.sha256(normalised.encode()).hexdigest(), text=normalised,
                        metadata=metadata or {})
    return extract(document)


def fixture_documents(directory: Path = FIXTURE_DIR) -> list[Path]:
    """Every document in `directory` that has an expectations file."""
    return sorted(p for p in directory.iterdir()
                  if p.suffix in DOCUMENT_SUFFIXES and expectations_path(p).exists())


def expectations_path(document: Path) -> Path:
    return document.with_name(f"{document.stem}.expected.yaml")


def evaluate_fixture(document: Path) -> FixtureResult:
    """Extract one fixture document and compare its facts with its expectations."""
    expected = yaml.safe_load(expectations_path(document).read_text(encoding="utf-8")) or {}
    extraction = extract(ingest(document, document.parent))
    result = FixtureResult(document.name)
    checks = {
        "authorities": _check_authorities, "people_roles": _check_people, "concerns": _check_concerns,
        "inspections": _check_inspections, "judgements": _check_judgements,
    }
    for key, check in checks.items():
        if key in expected:
            result.scores[key] = check(expected[key] or [], extraction, result.failures)
    if "not_people" in expected:
        score = result.scores.setdefault("people_roles", Score())
        _check_not_people(expected["not_people"] or [], extraction, score, result.failures)
    return result


def evaluate_all(directory: Path = FIXTURE_DIR) -> tuple[dict[str, Score], list[FixtureResult]]:
    totals = {key: Score() for key in FACT_TYPES}
    results = [evaluate_fixture(path) for path in fixture_documents(directory)]
    for result in results:
        for key, score in result.scores.items():
            totals[key].add(score)
    return totals, results


# ------------------------------------------------------------ checks

def _facts(extraction: Extraction, kind: type) -> list[Any]:
    return [fact for fact in extraction.facts if isinstance(fact, kind)]


def _compare_sets(expected: set, found: set, label: str, failures: list[str]) -> Score:
    failures += [f"{label}: missing {item}" for item in sorted(expected - found, key=str)]
    failures += [f"{label}: unexpected {item}" for item in sorted(found - expected, key=str)]
    return Score(len(expected & found), len(found - expected), len(expected - found))


def _check_authorities(expected: list[str], extraction: Extraction, failures: list[str]) -> Score:
    found = {m.gss_code for m in _facts(extraction, AuthorityMention)}
    return _compare_sets(set(expected), found, "authority", failures)


def _person_key(name: str, role: str, authority: str | None, organisation: str | None) -> tuple[str, str, str]:
    return name, role, authority or organisation or ""


def _check_people(expected: list[dict], extraction: Extraction, failures: list[str]) -> Score:
    wanted = {_person_key(e["name"], e["role"], e.get("authority"), e.get("organisation")) for e in expected}
    found = {_person_key(f.name, f.role, f.authority, f.organisation) for f in _facts(extraction, RoleFact)}
    return _compare_sets(wanted, found, "person-role", failures)


def _check_not_people(names: Iterable[str], extraction: Extraction, score: Score, failures: list[str]) -> None:
    for name in names:
        for fact in _facts(extraction, RoleFact):
            if fact.name == name:
                failures.append(f"person-role: furniture or stray name {name!r} in {fact.name} ({fact.role})")
                score.false_positives += 1


def _check_concerns(expected: list[dict], extraction: Extraction, failures: list[str]) -> Score:
    """Recall over the expected findings; precision over the facts that quote one of them."""
    facts = _facts(extraction, ConcernFact)
    score = Score()
    for item in expected:
        quoting = [f for f in facts if item["contains"] in f.evidence.quote]
        # An expectation without a category checks the finding and its polarity only.
        right = [f for f in quoting if f.polarity == item["polarity"] and item.get("category", f.category) == f.category]
        if right:
            score.true_positives += 1
        else:
            score.false_negatives += 1
            got = ", ".join(f"{f.category}/{f.polarity}" for f in quoting) or "no finding quotes it"
            failures.append(f"concern: {item['contains']!r} wanted {item.get('category', 'any')}/{item['polarity']}, got {got}")
        score.false_positives += len(quoting) - len(right) if not right else 0
    return score


def _check_inspections(expected: list[dict], extraction: Extraction, failures: list[str]) -> Score:
    mentions = _facts(extraction, InspectionMention)
    score = Score()
    for item in expected:
        if any(_inspection_matches(item, m) for m in mentions):
            score.true_positives += 1
        else:
            score.false_negatives += 1
            failures.append(f"inspection: missing {item}")
    return score


def _inspection_matches(item: dict, mention: InspectionMention) -> bool:
    values = {"type": mention.inspection_type, "start": mention.start, "end": mention.end,
              "published": mention.published, "primary": mention.primary}
    return all(str(values[key]) == str(wanted) if key != "primary" else values[key] == wanted
               for key, wanted in item.items() if key in values)


def _check_judgements(expected: list[dict], extraction: Extraction, failures: list[str]) -> Score:
    wanted = {(e["area"], e["grade"]) for e in expected}
    found = {(j.area, j.grade) for j in _facts(extraction, JudgementFact)}
    return _compare_sets(wanted, found, "judgement", failures)


# ------------------------------------------------------------ report

def format_table(totals: dict[str, Score]) -> str:
    lines = [f"{'fact type':<14} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}"]
    for key, score in totals.items():
        lines.append(f"{key:<14} {_percent(score.precision):>9} {_percent(score.recall):>7} "
                     f"{score.true_positives:>4} {score.false_positives:>4} {score.false_negatives:>4}")
    return "\n".join(lines)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def main(argv: list[str]) -> int:
    directory = Path(argv[0]) if argv else FIXTURE_DIR
    totals, results = evaluate_all(directory)
    print(format_table(totals))
    for result in results:
        for failure in result.failures:
            print(f"{result.name}: {failure}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
