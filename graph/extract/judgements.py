"""Judgements: area and grade, from report grade tables, news lists and news prose.

The wording lives in graph/rules/areas.yaml and grades.yaml. A table row
or list item is an area label at the start of a line followed by a grade; a
prose judgement is a verb of grading ("judged", "rated", "graded") followed
by a grade. Each yields the exact span that states it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Iterator

from graph.rules import check_notations, load_patterns

_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}
AREAS_SCHEMA = {
    "type": "object",
    "required": ["areas", "table_headings"],
    "additionalProperties": False,
    "properties": {
        "areas": {"type": "array", "items": {
            "type": "object", "required": ["area", "labels"], "additionalProperties": False,
            "properties": {"area": {"type": "string"}, "labels": _STRINGS}}},
        "table_headings": _STRINGS,
    },
}
GRADES_SCHEMA = {
    "type": "object",
    "required": ["grades", "euphemisms"],
    "additionalProperties": False,
    "properties": {
        key: {"type": "array", "items": {
            "type": "object", "required": ["grade", "patterns"], "additionalProperties": False,
            "properties": {"grade": {"type": "string"}, "patterns": _STRINGS}}}
        for key in ("grades", "euphemisms")
    },
}

LSCB_RE = re.compile(r"^[ \t]*The (?:effectiveness of the )?Local\s+Safeguarding\s+Children\s+Board", re.I | re.M)
LSCB_GRADE_CHARS = 120
_LINE_START = r"^[ \t]*(?:[•◼▪●*–-][ \t]*|\d+(?:\.\d+)*\.?[ \t]+)?"
_SEPARATOR = r"(?:[ \t]*\d{1,2}(?![\d.]))?\s*(?:[:|–—-]\s*)?['‘\"“]?"
_COLUMN_HEADERS = r"(?:grades?|judgements?|ratings?)"
_GRADING_VERB = (r"\b(?:judged|rated|graded|found to be|declared|deemed|assessed as|labelled|given|handed|"
                 r"received|awarded|got|gets|given a|rating of|rating as)\b")
_NEGATION_RE = re.compile(r"(?:\b(?:not|no longer|never|avoid(?:ed|ing)?|escap(?:e|ed|ing))|n[’']t)"
                          r"\s+(?:\w+\s+){0,3}$", re.I)


@dataclass(frozen=True)
class Found:
    """An area/grade statement at text[start:end]."""

    area: str
    grade: str
    start: int
    end: int
    grade_start: int


@dataclass(frozen=True)
class JudgementRules:
    table_row: re.Pattern[str]
    label_line: re.Pattern[str]
    grade_line: re.Pattern[str]
    prose: re.Pattern[str]
    area_in_text: re.Pattern[str]
    table_heading: re.Pattern[str]
    area_of_label: tuple[tuple[re.Pattern[str], str], ...]
    grade_of_word: tuple[tuple[re.Pattern[str], str], ...]


@cache
def rules() -> JudgementRules:
    areas = load_patterns("areas", AREAS_SCHEMA)
    grades = load_patterns("grades", GRADES_SCHEMA)
    check_notations("areas.yaml", "area", (a["area"] for a in areas["areas"]))
    check_notations("grades.yaml", "grade", (g["grade"] for g in grades["grades"] + grades["euphemisms"]))
    area_labels = [(spaced(label), a["area"]) for a in areas["areas"] for label in a["labels"]]
    grade_words = [(spaced(p), g["grade"]) for g in grades["grades"] for p in g["patterns"]]
    euphemisms = [(spaced(p), g["grade"]) for g in grades["euphemisms"] for p in g["patterns"]]
    area_alt = _longest_first(label for label, _ in area_labels)
    grade_alt = _longest_first(word for word, _ in grade_words)
    any_grade = _longest_first(word for word, _ in grade_words + euphemisms)
    flags = re.I | re.M
    return JudgementRules(
        table_row=re.compile(rf"{_LINE_START}(?P<area>{area_alt}){_SEPARATOR}(?P<grade>{grade_alt})\b", flags),
        label_line=re.compile(rf"{_LINE_START}(?P<area>{area_alt})[ \t]*(?:\d{{1,2}}(?![\d.]))?[ \t]*:?[ \t]*$", flags),
        grade_line=re.compile(rf"\s*(?:{_COLUMN_HEADERS}[ \t]*\n)?[ \t]*['‘\"“]?(?P<grade>{grade_alt})\b[ \t.]*$",
                              flags),
        prose=re.compile(rf"{_GRADING_VERB}\s+(?:it\s+|as\s+|being\s+|to\s+be\s+|an?\s+)*['‘\"“]?(?P<grade>{any_grade})\b", flags),
        area_in_text=re.compile(area_alt, flags),
        table_heading=re.compile(_longest_first(spaced(h) for h in areas["table_headings"]), flags),
        area_of_label=tuple((re.compile(label, flags), area)
                            for label, area in sorted(area_labels, key=lambda la: -len(la[0]))),
        grade_of_word=tuple((re.compile(word, flags), grade) for word, grade in grade_words + euphemisms),
    )


def spaced(pattern: str) -> str:
    """A space in a pattern matches any whitespace run: PDF text wraps table cells."""
    return re.sub(r"(?<!\\) ", r"\\s+", pattern)


def _longest_first(patterns: Iterator[str] | list[str]) -> str:
    return "|".join(f"(?:{p})" for p in sorted(set(patterns), key=len, reverse=True))


def area_of(label: str) -> str:
    """The area a matched label names (labels are tried longest first, as in the search)."""
    return next(area for pattern, area in rules().area_of_label if pattern.fullmatch(label))


def grade_of(word: str) -> str:
    return next(grade for pattern, grade in rules().grade_of_word if pattern.fullmatch(word))


def table_rows(text: str, lo: int, hi: int) -> Iterator[Found]:
    """Grade-table rows and list items ("Overall effectiveness – Good") in text[lo:hi], in text order.

    A table whose text comes out a column at a time (every label, then every
    grade) is read as such; its labels are never paired with the grade after them.
    """
    columns = list(column_tables(text, lo, hi))
    rows = [Found(area_of(m["area"]), grade_of(m["grade"]), m.start("area"), m.end("grade"), m.start("grade"))
            for m in rules().table_row.finditer(text, lo, hi)
            if not any(column.start <= m.start("area") < column.end for column in columns)]
    yield from sorted(rows + [f for column in columns for f in column.cells], key=lambda f: f.start)


@dataclass(frozen=True)
class ColumnTable:
    """Two or more label lines at text[start:end] followed by grade lines; `cells` pairs them, or is
    empty when the counts differ (which label lost its grade is then unknown)."""

    start: int
    end: int
    cells: tuple[Found, ...]


def column_tables(text: str, lo: int, hi: int) -> Iterator[ColumnTable]:
    """Tables read a column at a time: two or more lines that are each an area label, then lines that
    are each a grade (a "Grade" heading may stand between), paired in order when as many."""
    run: list[re.Match[str]] = []
    for m in rules().label_line.finditer(text, lo, hi):
        if run and text[run[-1].end():m.start()].strip():
            yield from _column(text, run, hi)
            run = []
        run.append(m)
    yield from _column(text, run, hi)


def _column(text: str, labels: list[re.Match[str]], hi: int) -> Iterator[ColumnTable]:
    if len(labels) < 2:
        return
    grades, position = [], labels[-1].end()
    while len(grades) <= len(labels) and (m := rules().grade_line.match(text, position, hi)):
        grades.append(m)
        position = m.end()
    if not grades:
        return
    cells = tuple(Found(area_of(label["area"]), grade_of(grade["grade"]), label.start("area"), grade.end("grade"),
                        grade.start("grade")) for label, grade in zip(labels, grades))
    yield ColumnTable(labels[0].start("area"), labels[-1].end(), cells if len(grades) == len(labels) else ())


def summary_regions(text: str, front_end: int, size: int) -> list[tuple[int, int]]:
    """Judgement summaries after the front pages, wherever a heading announces one."""
    return [(m.start(), min(len(text), m.start() + size)) for m in rules().table_heading.finditer(text, front_end)]


def lscb_regions(text: str) -> Iterator[tuple[int, int]]:
    """Lines naming the safeguarding board, where its own section states its grade."""
    for m in LSCB_RE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        yield line_start, min(len(text), m.end() + LSCB_GRADE_CHARS)


def prose_grades(text: str, lo: int, hi: int) -> Iterator[Found]:
    """Grades stated in a sentence by a grading verb, negations left out.

    A grade takes the areas named after it, up to the next grade ("judged good
    for overall effectiveness, for the impact of leaders and for ..."); failing
    those, the first area the sentence names, else overall effectiveness.
    """
    grades = [m for m in rules().prose.finditer(text, lo, hi)
              if not _NEGATION_RE.search(text, max(lo, m.start() - 40), m.start())]
    for index, m in enumerate(grades):
        stop = grades[index + 1].start() if index + 1 < len(grades) else hi
        following = list(rules().area_in_text.finditer(text, m.end(), stop))
        for area in following:
            yield Found(area_of(area.group()), grade_of(m["grade"]), m.start(), area.end(), m.start("grade"))
        if not following:
            area = rules().area_in_text.search(text, lo, hi)
            yield Found(area_of(area.group()) if area else "overall-effectiveness",
                        grade_of(m["grade"]), m.start(), m.end(), m.start("grade"))
