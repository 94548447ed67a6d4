"""Train the findings model (graph/rules/findings_model.json) on the dev split, and cross-validate it.

    python -m graph.extract.train_findings [--passages DIR] [--cv] [--write]

Training reads only the dev split (graph.evaluation.passages.split_of): the annotated
whole reports of tests/fixtures/findings whose `source` is dev, and the dev pages'
passages. A clause is a positive example when it overlaps an annotated finding, which
also gives its polarity and category; every other candidate clause of those documents
is a negative. `--cv` estimates generalisation by document: each report, and each
page's passages, is held out of the model that scores it. Training is deterministic
(lbfgs, sorted features, rounded weights): the same data gives the same file.
Needs the `train` extra (scikit-learn); the builder only reads the weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from graph.evaluation.passages import FINDINGS_DIR, REAL_DIR, load_passages, page_key, split_of
from graph.evaluation.real import Tally, format_report, locate, score_findings
from graph.extract import PIPELINE
from graph.extract.base import Annotated, evidence
from graph.extract.concerns import decide, featured
from graph.extract.finding_units import Unit, lowered
from graph.extract.findings_model import CATEGORY_ONLY, MODEL_FILE, FindingsModel, Head
from graph.ingest import ingest, normalise_text
from graph.records import ConcernFact, Document, Extraction
from graph.resources import shared_dir

FOLDS = 7
MIN_WEIGHT = 0.05  # smaller weights are dropped: they barely move a score and would make the file large
MIN_COUNT = 2  # a feature seen in fewer training clauses gets no weight: it cannot generalise
C_FINDING, C_POLARITY, C_CATEGORY = 0.3, 1.0, 1.0
THRESHOLD = 0.5
UNATTRIBUTED_THRESHOLD = 0.6


@dataclass
class Example:
    """One dev document: its candidate clauses with features, and what the annotator marked."""

    label: str
    group: str  # the report's source, or the passage's page: held out together
    domain: str  # "reports" or "passages"
    document: Document
    lower: str
    units: list[tuple[Unit, list[str]]]
    expected: list[dict[str, Any]]


def annotated(document: Document) -> Annotated:
    """The document through every component but the findings one (the model under training)."""
    doc = Annotated(document=document, content=((0, len(document.text)),))
    for name, component in PIPELINE:
        if name != "concerns":
            doc = component(doc)
    return doc


def _example(label: str, group: str, domain: str, document: Document, expected: list[dict]) -> Example:
    doc = annotated(document)
    lower = lowered(document.text)
    return Example(label, group, domain, document, lower, list(featured(doc, lower)), expected)


def dev_examples(passages_dir: Path = REAL_DIR, findings_dir: Path = FINDINGS_DIR) -> list[Example]:
    """Every dev report and dev passage that has findings annotated (an empty list counts)."""
    examples = []
    corpus = shared_dir() / "corpus" / "ofsted"
    for path in sorted(findings_dir.glob("*.yaml")):
        annotation = yaml.safe_load(path.read_text(encoding="utf-8"))
        if split_of(annotation["source"]) != "dev":
            continue  # the test split's annotations are never read further
        document = ingest(corpus / annotation["source"], corpus)
        examples.append(_example(path.stem, annotation["source"], "reports", document, annotation["findings"]))
    for passage in load_passages(passages_dir):
        if passage.split != "dev" or "findings" not in passage.facts:
            continue
        text = normalise_text(passage.text)
        document = Document(source=f"{passage.id}.txt", path=f"{passage.id}.txt", media_type="text/plain",
                            sha256=hashlib.sha256(text.encode()).hexdigest(), text=text)
        examples.append(_example(passage.id, page_key(passage.url), "passages", document,
                                 passage.facts["findings"] or []))
    return examples


def labels(example: Example) -> list[tuple[list[str], dict[str, Any] | None]]:
    """Each unit's features and the annotated finding it states most of (None: not a finding)."""
    spans = [(locate(str(item["contains"]), example.document.text), item) for item in example.expected]
    out = []
    for unit, feats in example.units:
        best, best_overlap = None, 0
        for span, item in spans:
            if span is None:
                continue
            overlap = min(span[1], unit.end) - max(span[0], unit.start)
            enough = min(15, (span[1] - span[0]) // 2, (unit.end - unit.start) // 2)
            if overlap >= max(enough, 1) and overlap > best_overlap:
                best, best_overlap = item, overlap
        out.append((feats, best))
    return out


def fit(examples: list[Example]) -> FindingsModel:
    """The three heads, trained on the examples' labelled units."""
    rows = [row for example in examples for row in labels(example)]
    vocabulary = _vocabulary([feats for feats, _ in rows])
    # The category evidence (graph/extract/category_lexicon.py, sentence cues) tells categories
    # apart, not findings from the rest: cross-validated, it cost the finding head recall.
    general = [name for name in vocabulary if not name.startswith(CATEGORY_ONLY)]
    finding = _train([feats for feats, _ in rows], ["yes" if item else "no" for _, item in rows],
                     general, C_FINDING)
    positives = [(feats, item) for feats, item in rows if item]
    polarity = _train([f for f, _ in positives], [i["polarity"] for _, i in positives], general, C_POLARITY)
    category = _train([f for f, _ in positives], [i["category"] for _, i in positives], vocabulary, C_CATEGORY)
    return FindingsModel(finding, polarity, category, THRESHOLD, UNATTRIBUTED_THRESHOLD)


def _vocabulary(rows: list[list[str]]) -> list[str]:
    counts: dict[str, int] = {}
    for feats in rows:
        for name in set(feats):
            counts[name] = counts.get(name, 0) + 1
    return sorted(name for name, count in counts.items() if count >= MIN_COUNT)


def _train(rows: list[list[str]], targets: list[str], vocabulary: list[str], c: float) -> Head:
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    index = {name: k for k, name in enumerate(vocabulary)}
    cells = [(r, index[name]) for r, feats in enumerate(rows) for name in set(feats) if name in index]
    matrix = csr_matrix(([1.0] * len(cells), ([r for r, _ in cells], [k for _, k in cells])),
                        shape=(len(rows), len(vocabulary)))
    model = LogisticRegression(C=c, max_iter=5000, solver="lbfgs")
    model.fit(matrix, targets)
    classes = tuple(str(c) for c in model.classes_)
    weights: dict[str, tuple[tuple[int, float], ...]] = {}
    for name, k in index.items():
        kept = tuple((row, round(float(w), 3)) for row, w in enumerate(model.coef_[:, k]) if abs(w) >= MIN_WEIGHT)
        if kept:
            weights[name] = kept
    return Head(classes, tuple(round(float(b), 3) for b in model.intercept_), weights)


def fold_of(example: Example, reports: list[str]) -> int:
    if example.domain == "reports":
        return reports.index(example.group) % FOLDS
    return hashlib.sha256(example.group.encode()).digest()[0] % FOLDS


def cross_validate(examples: list[Example]) -> dict[str, Tally]:
    """Scores of each held-out document under a model trained without its fold (graph.evaluation.real's scorer)."""
    reports = sorted({e.group for e in examples if e.domain == "reports"})
    tallies = {"cv-passages": Tally(), "cv-reports": Tally()}
    for fold in range(FOLDS):
        held = [e for e in examples if fold_of(e, reports) == fold]
        model = fit([e for e in examples if fold_of(e, reports) != fold])
        for example in held:
            score_findings(example.label, example.expected, extraction_of(example, model),
                           tallies[f"cv-{example.domain}"])
    return tallies


def extraction_of(example: Example, model: FindingsModel) -> Extraction:
    facts = tuple(ConcernFact(None, category, polarity, evidence(example.document, start, end))
                  for start, end, category, polarity in decide(example.lower, example.units, model))
    return Extraction(example.document, facts)


def write(model: FindingsModel, path: Path = MODEL_FILE) -> None:
    # One weight a line: a retrained model's diff shows which weights moved.
    path.write_text(json.dumps(model.to_json(), ensure_ascii=False, sort_keys=True, indent=0) + "\n",
                    encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph.extract.train_findings")
    parser.add_argument("--passages", type=Path, default=REAL_DIR, help="the real passages (batch-*.yaml)")
    parser.add_argument("--findings-dir", type=Path, default=FINDINGS_DIR, help="annotated whole reports")
    parser.add_argument("--cv", action="store_true", help="cross-validate by document within dev")
    parser.add_argument("--write", action="store_true", help=f"train on all of dev and write {MODEL_FILE.name}")
    args = parser.parse_args(argv)
    examples = dev_examples(args.passages, args.findings_dir)
    print(f"dev: {sum(e.domain == 'reports' for e in examples)} reports, "
          f"{sum(e.domain == 'passages' for e in examples)} passages, {sum(len(e.units) for e in examples)} clauses")
    if args.cv:
        print(format_report([], cross_validate(examples)).split("\n", 1)[1])
    if args.write:
        write(fit(examples))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
