"""The learned part of finding extraction: linear models over a clause's words and context.

Three heads read the same features: `finding` (does this clause state an inspection
finding), `polarity` (concern or strength) and `category` (a concern-category
notation); the category head also reads the tags of CATEGORY_ONLY. Each is a logistic regression trained by graph/extract/train_findings.py
on the dev split's annotations only, and stored as plain weights in
graph/rules/findings_model.json (never a pickle): scoring is a sum of weights, so
the builder needs no learning library.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Iterable

from graph.resources import RULES_DIR

MODEL_FILE = RULES_DIR / "findings_model.json"
FORMAT = 1

# Context tags only the category head reads (graph/extract/category_lexicon.py; the category cues of
# the clause's whole sentence): the finding and polarity heads are trained without them.
CATEGORY_ONLY = ("c:lex-", "c:lex2-", "c:subj-", "c:sentence-cat-")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def features(clause: str, context: Iterable[str] = ()) -> list[str]:
    """The clause's words and word pairs, its first word, and the context tags the caller read.

    Word pairs carry negation and degree ("not always", "too long") that single
    words lose; the first word carries the clause's link to the one before it
    ("however", "although", "and").
    """
    words = _WORD_RE.findall(clause.lower().translate(_QUOTES))
    found = [f"w:{w}" for w in words]
    found += [f"b:{a}_{b}" for a, b in zip(words, words[1:])]
    if words:
        found.append(f"first:{words[0]}")
    found += [f"c:{tag}" for tag in context]
    return list(dict.fromkeys(found))  # each once: a repeated word is no more evidence of a finding


@dataclass(frozen=True)
class Head:
    """One linear model: rows of weights, one per class (a binary head has one row, for classes[1]).

    Weights are kept sparse, per feature: (row, weight) pairs; the file holds them
    per row, feature by feature, so a reader can see which words point to a class.
    """

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[tuple[int, float], ...]]

    def scores(self, found: list[str]) -> list[float]:
        """One score per row; `found` holds each feature once (as `features` returns them)."""
        if len(self.bias) == 1:
            return [self._binary_score(found)]
        totals = list(self.bias)
        get = self.weights.get
        for name in found:
            pairs = get(name)
            if pairs:
                for row, weight in pairs:
                    totals[row] += weight
        return totals

    def _binary_score(self, found: list[str]) -> float:
        """The one row's score: the same additions in the same order as the rows' loop, without it."""
        total = self.bias[0]
        get = self._single_weights.get
        for name in found:
            weight = get(name)
            if weight is not None:
                total += weight
        return total

    @cached_property
    def _single_weights(self) -> dict[str, float]:
        """A binary head's weights by feature: scoring a clause is a dict look-up per feature (hot: every clause)."""
        single: dict[str, float] = {}
        for name, pairs in self.weights.items():
            if len(pairs) != 1:
                raise ValueError(f"feature {name}: {len(pairs)} weights in a one-row head")
            single[name] = pairs[0][1]
        return single

    def probability(self, found: list[str]) -> float:
        """P(classes[1]) of a binary head."""
        return 1.0 / (1.0 + math.exp(-self.scores(found)[0]))

    def best(self, found: list[str]) -> str:
        scores = self.scores(found)
        if len(scores) == 1:
            return self.classes[1] if scores[0] > 0 else self.classes[0]
        return self.classes[max(range(len(scores)), key=scores.__getitem__)]

    def row_labels(self) -> list[str]:
        return list(self.classes[1:]) if len(self.bias) == 1 else list(self.classes)

    def to_json(self) -> dict[str, Any]:
        rows: list[dict[str, float]] = [{} for _ in self.bias]
        for name in sorted(self.weights):
            for row, weight in self.weights[name]:
                rows[row][name] = weight
        return {"classes": list(self.classes),
                "rows": [{"label": label, "bias": bias, "weights": weights}
                         for label, bias, weights in zip(self.row_labels(), self.bias, rows)]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Head:
        weights: dict[str, list[tuple[int, float]]] = {}
        for row, item in enumerate(data["rows"]):
            for name, weight in item["weights"].items():
                weights.setdefault(name, []).append((row, float(weight)))
        return cls(tuple(data["classes"]), tuple(float(r["bias"]) for r in data["rows"]),
                   {name: tuple(pairs) for name, pairs in weights.items()})


@dataclass(frozen=True)
class FindingsModel:
    finding: Head
    polarity: Head
    category: Head
    threshold: float  # P(finding) from which a clause is taken
    unattributed_threshold: float  # the same for a clause nothing near attributes to inspectors

    def is_finding(self, found: list[str], attributed: bool = True) -> bool:
        return self.finding.probability(found) >= (self.threshold if attributed else self.unattributed_threshold)

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "threshold": self.threshold,
                "unattributed_threshold": self.unattributed_threshold, "finding": self.finding.to_json(),
                "polarity": self.polarity.to_json(), "category": self.category.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> FindingsModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"findings model format {data.get('format')!r}, expected {FORMAT}")
        return cls(Head.from_json(data["finding"]), Head.from_json(data["polarity"]),
                   Head.from_json(data["category"]), float(data["threshold"]), float(data["unattributed_threshold"]))


@cache
def load(path: Path = MODEL_FILE) -> FindingsModel:
    return FindingsModel.from_json(json.loads(path.read_text(encoding="utf-8")))
