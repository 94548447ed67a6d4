"""Inspection findings: ConcernFacts with a category and a polarity (docs/findings-guideline.md).

Every clause of a document's body is a candidate (graph/extract/finding_units.py);
a linear model over its words and context (graph/extract/findings_model.py) says
whether it states a finding, its polarity and its category. Rules from
graph/rules/concerns.yaml frame the model where the guideline is categorical:
background sections hold no findings, items under "What needs to improve" are
concerns, methodology and bare grade statements are not findings, and outside
Ofsted's own reports and letters a clause counts only when it or a neighbouring
sentence attributes it to inspectors, an inspection or a report, so that a
politician's reaction or a council's plan is not taken. The cue lists of that file
are also features of the model: a learned weight on "not consistently" generalises
better than its n-grams seen a few times.

A finding is bound to the document's primary inspection, else to the first
inspection it mentions, else to none; and to that inspection's council, else to the
only council the document names. A finding of no known inspection (news naming
none, or one the resolution cannot tie to one) still reaches the graph, with its
council when known (graph/emit/__init__.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Iterable, Iterator, Literal

from graph.extract.base import Annotated, evidence
from graph.extract.category_lexicon import lexicon_tags, subject_tags
from graph.extract.cues import is_top_level_alternation
from graph.extract.finding_units import Segmenter, Unit, lowered, units
from graph.extract.findings_model import FindingsModel, features, load
from graph.records import AuthorityMention, ConcernFact, InspectionMention, JudgementFact
from graph.rules import PatternError, check_notations, load_patterns

_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_SCHEMA = {
    "type": "object",
    "required": ["concern_cues", "strength_cues", "neutral_starts", "neutral_anywhere", "first_person_words",
                 "polarity_ignore", "clause_breaks", "attribution", "categories", "sections"],
    "additionalProperties": False,
    "properties": {
        "concern_cues": _STRINGS,
        "strength_cues": _STRINGS,
        "neutral_starts": _STRINGS,
        "neutral_anywhere": _STRINGS,
        "first_person_words": _STRINGS,
        "polarity_ignore": _STRINGS,
        "clause_breaks": _STRINGS,
        "attribution": _STRINGS,
        "categories": {
            "type": "array",
            "items": {
                "type": "object", "required": ["category", "tier", "cues"], "additionalProperties": False,
                "properties": {"category": {"type": "string"}, "tier": {"enum": ["specific", "general"]},
                               "cues": _STRINGS},
            },
        },
        "sections": {
            "type": "array",
            "items": {
                "type": "object", "required": ["heading", "kind"], "additionalProperties": False,
                "properties": {"heading": {"type": "string"},
                               "kind": {"enum": ["concern", "strength", "skip", "findings"]}},
            },
        },
    },
}

Polarity = Literal["concern", "strength"]
_GRADE_ORDER = ("inadequate", "requires-improvement", "adequate", "good", "outstanding")  # worst first
_QUOTE_RE = re.compile("[\"“”‘’']")  # a quoted fragment: news quoting the report (apostrophes too: PDFs mix them)


@dataclass(frozen=True)
class ConcernRules:
    segmenter: Segmenter
    polarity_cues: re.Pattern[str]  # groups named concern_k / strength_k
    neutral_start: re.Pattern[str]
    neutral_anywhere: re.Pattern[str]
    first_person: re.Pattern[str]
    polarity_ignore: re.Pattern[str]
    category_cues: re.Pattern[str]  # groups named s{index}_k (specific) / g{index}_k (general)
    category_names: tuple[str, ...]


@cache
def rules() -> ConcernRules:
    data = load_patterns("concerns", _SCHEMA)
    names = tuple(c["category"] for c in data["categories"])
    check_notations("concerns.yaml", "concern-category", names)
    category_cues = [(f"{c['tier'][0]}{i}", cue) for i, c in enumerate(data["categories"]) for cue in c["cues"]]
    polarity_cues = [("concern", cue) for cue in data["concern_cues"]] + [("strength", cue) for cue in data["strength_cues"]]
    first_person = "|".join(re.escape(w) for w in data["first_person_words"])
    headings = "|".join(f"(?P<s{i}>{s['heading']})" for i, s in enumerate(data["sections"]))
    segmenter = Segmenter(
        headings=re.compile(rf"^[ \t#*\d.]*(?:{headings})", re.IGNORECASE | re.MULTILINE),
        heading_kinds=tuple(s["kind"] for s in data["sections"]),
        clause_breaks=re.compile("|".join(_spaced(b) for b in data["clause_breaks"])),
        attribution=re.compile(r"\b(?:" + "|".join(_spaced(a) for a in data["attribution"]) + ")"),
    )
    return ConcernRules(
        segmenter=segmenter,
        polarity_cues=_cue_regex(polarity_cues),
        neutral_start=re.compile("|".join(f"(?:{_spaced(p)})" for p in data["neutral_starts"])),
        neutral_anywhere=re.compile("|".join(f"(?:{_spaced(p)})" for p in data["neutral_anywhere"])),
        first_person=re.compile(rf"(?<![\w’'])(?:{first_person})(?![\w’'])"),
        polarity_ignore=re.compile("|".join(f"(?:{_spaced(p)})" for p in data["polarity_ignore"])),
        category_cues=_cue_regex(category_cues),
        category_names=names,
    )


def _cue_regex(cues: list[tuple[str, str]]) -> re.Pattern[str]:
    """One regex for (group name, cue) pairs, tried at word starts, cues grouped by first letter.

    Python's regex engine tries every alternative at every word start; grouping
    the cues under their first letter makes a failed start cost one comparison
    per letter instead of one per cue. Each group name is numbered apart
    (name_k), so `lastgroup` tells which name matched.
    """
    by_letter: dict[str, list[str]] = {}
    for k, (name, cue) in enumerate(cues):
        if not _PLAIN_START_RE.match(cue):
            raise PatternError(f"concerns.yaml: a cue must begin with a plain letter: {cue!r}")
        if is_top_level_alternation(cue):
            # "has yet to|is yet to" under its first letter would read "h(?:as yet to|is yet to)"
            raise PatternError(f"concerns.yaml: one alternative a cue, each as its own cue: {cue!r}")
        by_letter.setdefault(cue[0], []).append(f"(?P<{name}_{k}>{_spaced(cue[1:])})")
    grouped = [f"{letter}(?:{'|'.join(rests)})" for letter, rests in by_letter.items()]
    return re.compile(r"\b(?:" + "|".join(grouped) + ")")


def _spaced(pattern: str) -> str:
    """A space in a pattern matches any run of whitespace: PDF lines break inside sentences."""
    return pattern.replace(" ", r"\s+")


# A plain first letter: not made optional or repeated by what follows it.
_PLAIN_START_RE = re.compile(r"[a-z0-9](?![?*+{])")


def extract(doc: Annotated) -> Annotated:
    mention = _mention_of(doc)
    inspection = mention.key if mention else None
    authority = _authority_of(doc, mention)
    return doc.add(*[
        ConcernFact(inspection=inspection, category=category, polarity=polarity, evidence=evidence(doc, start, end),
                    authority=authority)
        for start, end, category, polarity in findings(doc)
    ])


def _mention_of(doc: Annotated) -> InspectionMention | None:
    mentions = doc.of_type(InspectionMention)
    primary = next((m for m in mentions if m.primary), None)
    return primary or (mentions[0] if mentions else None)


def _inspection_of(doc: Annotated) -> str | None:
    mention = _mention_of(doc)
    return mention.key if mention else None


def _authority_of(doc: Annotated, mention: InspectionMention | None) -> str | None:
    """The council of the finding's inspection, else the only council the document names;
    a page naming several councils and no inspection leaves it unknown rather than guessed."""
    if mention and mention.authority:
        return mention.authority
    councils = {m.gss_code for m in doc.of_type(AuthorityMention)}
    return councils.pop() if len(councils) == 1 else None


def findings(doc: Annotated, model: FindingsModel | None = None) -> Iterator[tuple[int, int, str, Polarity]]:
    """(start, end, category, polarity) of each finding clause, each text once."""
    lower = lowered(doc.text)
    return decide(lower, featured(doc, lower), model or load())


def featured(doc: Annotated, lower: str) -> Iterator[tuple[Unit, list[str]]]:
    """The candidate units with the model's features (kept apart from `decide`: training reuses them)."""
    for unit, tags in candidates(doc, lower, rules()):
        yield unit, features(doc.text[unit.start:unit.end], tags)


def decide(lower: str, units_features: Iterable[tuple[Unit, list[str]]],
           model: FindingsModel) -> Iterator[tuple[int, int, str, Polarity]]:
    seen: set[str] = set()
    for unit, feats in units_features:
        if not model.is_finding(feats, attributed=unit.attributed):
            continue
        key = " ".join(lower[unit.start:unit.end].split())
        if key in seen:
            continue
        seen.add(key)
        polarity = "concern" if unit.section == "concern" else model.polarity.best(feats)
        yield unit.start, unit.end, model.category.best(feats), polarity  # type: ignore[misc]


def candidates(doc: Annotated, lower: str, found: ConcernRules) -> Iterator[tuple[Unit, list[str]]]:
    """The units the guideline allows to be findings, with the context tags the model reads."""
    grade = _overall_grade(doc)
    sentence_cues: SentenceCues = {}  # a sentence's clauses share its cues: read once
    for unit in units(doc, found.segmenter):
        if _neutral(lower, unit, found):
            continue
        tags = context_tags(doc.text, lower, unit, found, sentence_cues) + ([] if unit.attributed else ["unattributed"])
        yield unit, tags + ([f"overall-{grade}"] if grade else [])


def _overall_grade(doc: Annotated) -> str | None:
    """The overall grade of the inspection the document reports (else its lowest area grade):
    an inadequate service's report states mostly shortfalls, an outstanding one's mostly strengths."""
    inspection = _inspection_of(doc)
    grades = {j.area: j.grade for j in doc.of_type(JudgementFact) if j.inspection == inspection}
    if not grades:
        return None
    return grades.get("overall-effectiveness") or min(grades.values(), key=_GRADE_ORDER.index)


def _neutral(lower: str, unit: Unit, found: ConcernRules) -> bool:
    """Methodology ("inspectors looked at") and a grade alone ("rated good") are not findings."""
    return bool(found.neutral_start.match(lower, unit.start, unit.end)
                or found.neutral_anywhere.search(lower, unit.start, unit.end))


# A sentence's (span) polarity and category cue tags, read once for all its clauses.
SentenceCues = dict[tuple[int, int], tuple[list[str], list[str]]]


def context_tags(text: str, lower: str, unit: Unit, found: ConcernRules,
                 sentence_cues: SentenceCues | None = None) -> list[str]:
    """What the model reads beside the clause's words: its place, its attribution, and the rule cues.
    `sentence_cues` keeps each sentence's cue tags for its next clause."""
    tags = [f"sec:{unit.section}", "ofsted" if unit.ofsted else "other"]
    if unit.grade:
        tags.append(f"section-{unit.grade}")
    if unit.says_who:
        tags.append("says")
    if not unit.ends_as_sentence:
        tags.append("noend")
    if _QUOTE_RE.search(text, unit.start, unit.end):
        tags.append("quote")
    if found.first_person.search(lower, unit.start, unit.end):
        tags.append("first-person")
    tags += _polarity_cues(lower, unit.start, unit.end, found)
    cues = None if sentence_cues is None else sentence_cues.get(unit.sentence)
    if cues is None:
        # A clause's category often rests on its sentence ("This means that ..." comments on what precedes).
        cues = ([f"sentence-{tag}" for tag in _polarity_cues(lower, *unit.sentence, found)],
                [f"sentence-{tag}" for tag in _category_cues(lower, *unit.sentence, found)])
        if sentence_cues is not None:
            sentence_cues[unit.sentence] = cues
    tags += cues[0]
    # A list item or a second clause takes its polarity from what leads into it in the sentence
    # ("concerns about: caseloads, supervision", "praised ... and X"): its own words seldom say.
    if unit.start > unit.sentence[0]:
        tags += [f"lead-{tag}" for tag in _polarity_cues(lower, unit.sentence[0], unit.start, found)]
    tags += _category_cues(lower, unit.start, unit.end, found)
    tags += cues[1]
    clause = lower[unit.start:unit.end]
    return tags + lexicon_tags(clause) + subject_tags(clause)


def _polarity_cues(lower: str, start: int, end: int, found: ConcernRules) -> list[str]:
    ignored = [m.span() for m in found.polarity_ignore.finditer(lower, start, end)]
    kinds = {cue.lastgroup.split("_")[0] for cue in found.polarity_cues.finditer(lower, start, end)
             if not any(lo <= cue.start() < hi for lo, hi in ignored)}
    return [f"cue-{kind}" for kind in sorted(kinds)]


def _category_cues(lower: str, start: int, end: int, found: ConcernRules) -> list[str]:
    """Each category whose cue the clause holds; the leftmost specific one also as "first"."""
    names: set[str] = set()
    first = None
    for cue in found.category_cues.finditer(lower, start, end):
        name = found.category_names[int(cue.lastgroup[1:].split("_")[0])]
        names.add(name)
        if first is None and cue.lastgroup[0] == "s":
            first = name
    return [f"cat-{name}" for name in sorted(names)] + ([f"cat-first-{first}"] if first else [])
