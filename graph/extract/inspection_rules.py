"""The inspections component's rules (graph/rules/inspection_types.yaml), its reach constants and events."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from graph.dates import FoundDate
from graph.extract import judgements
from graph.records import PartialDate
from graph.rules import check_notations, load_patterns
from graph.timeline import precedes

FRONT_CHARS = 6000  # a report's front page: title, dates, grade table
FRONT_PAGES = 2
SUMMARY_CHARS = 1500  # a judgement summary after its heading
LETTER_DATES_CHARS = 2500  # a letter states its visit dates in its first paragraph
CONTEXT_CHARS = 60  # how far before an event its qualifiers ("the last", "since") stand
# How far after an event word its date may end: "inspection of [a council's name] children's services
# between 16 and 27 January" runs to some 100 characters.
DATE_REACH = 110
# What may stand between an event and its date: "inspection of its children's services in May",
# "inspectors visited the county in January", "the inspection of Leeds City Council in March",
# "carried out in 2019", "joint targeted area inspection (JTAI) in July 2019", "last inspected by
# Ofsted in September 2018", "inspected in early 2019" (a year: the qualifier adds no precision).
# A name is capitalised even though the rest is read case-blind: "of Leeds City Council in", not
# "of its adoption service was in".
DATE_GAP_RE = re.compile(
    r"^\)?[\s,]*(?:\(\w{2,8}\)[\s,]*)?"
    r"(?:of\s+(?:[\w’'-]+\s+){0,4}?services\s+(?:\(\w{2,8}\)\s+)?|(?:of|to)\s+(?:(?-i:[A-Z])[\w’'-]*\s+){1,5}"
    r"|(?:us|them|it|the\s+\w+)\s+|by\s+(?:Ofsted|inspectors)\s+)?"
    r"(?:,?\s*(?:which|that)\s+)?"
    r"(?:(?:took\s+place|was\s+held|were\s+held|held|ran|carried\s+out|conducted|undertaken|published|completed)"
    r"\s+)?"
    r"(?:over\s+(?:one|two|a)\s+weeks?,?\s+)?"
    r"(?:(?:in|on|of|from|during|between|dated|at\s+the\s+(?:start|end)\s+of)\s+)?"
    r"(?:(?:early|late|mid-?|(?:the\s+)?(?:spring|summer|autumn|winter)(?:\s+of)?)\s*)?$", re.I)
SINCE_RE = re.compile(r"\bsince\b[^.;]*$", re.I)
REPORT_DATES_RE = re.compile(r"^\s*Inspection dates?\s*:?", re.I | re.M)

_TEMPLATE = {"type": "object", "required": ["type", "pattern"], "additionalProperties": False,
             "properties": {"type": {"type": "string"}, "pattern": {"type": "string", "minLength": 1}}}
TYPES_SCHEMA = {
    "type": "object",
    "required": ["templates", "events", "ilacs_short_max_days", "sif_from", "ilacs_from_year",
                 "previous_markers", "current_markers", "full_markers", "ordinals", "published_today"],
    "additionalProperties": False,
    "properties": {
        "templates": {"type": "array", "items": _TEMPLATE, "minItems": 1},
        "events": {"type": "array", "items": _TEMPLATE, "minItems": 1},
        "ilacs_short_max_days": {"type": "integer", "minimum": 1},
        "sif_from": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
        "ilacs_from_year": {"type": "integer", "minimum": 2000},
        "previous_markers": {"type": "string"},
        "current_markers": {"type": "string"},
        "full_markers": {"type": "string", "minLength": 1},
        "published_today": {"type": "string", "minLength": 1},
        "ordinals": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}},
    },
}
# Pseudo-types in the pattern file: an ILACS report (standard or short by its
# length), a graded full inspection (SIF or ILACS by its year) and an event
# of no stated kind.
ILACS, FULL, UNSPECIFIED = "ilacs", "full", "unspecified"
# The graded inspections before the SIF (safeguarding and looked after children, child protection) have
# no notation of their own: DESIGN.md's `other` ("e.g. the pre-2013 ... inspections") is theirs.
OLDER_FRAMEWORK = "other"


@dataclass(frozen=True)
class TypeRules:
    templates: tuple[tuple[re.Pattern[str], str], ...]
    event: re.Pattern[str]
    event_types: tuple[str | None, ...]
    previous: re.Pattern[str]
    current: re.Pattern[str]
    full: re.Pattern[str]
    ordinal: re.Pattern[str]
    ordinals: dict[str, int]
    short_max_days: int
    sif_from: PartialDate
    ilacs_from_year: int
    published_today: re.Pattern[str]


@cache
def rules() -> TypeRules:
    data = load_patterns("inspection_types", TYPES_SCHEMA)
    named = {t["type"] for t in data["templates"] + data["events"]} - {ILACS, FULL, UNSPECIFIED}
    check_notations("inspection_types.yaml", "inspection-type", named)
    flags = re.I | re.M
    ordinal_words = "|".join(sorted(data["ordinals"], key=len, reverse=True))
    return TypeRules(
        templates=tuple((re.compile(judgements.spaced(t["pattern"]), flags), t["type"]) for t in data["templates"]),
        # The leading \b spares the engine trying every alternative inside words.
        event=re.compile(r"\b(?:" + "|".join(f"(?P<e{i}>{judgements.spaced(e['pattern'])})"
                                              for i, e in enumerate(data["events"])) + ")", flags),
        event_types=tuple(None if e["type"] == UNSPECIFIED else e["type"] for e in data["events"]),
        previous=re.compile(data["previous_markers"], re.I),
        current=re.compile(data["current_markers"], re.I),
        full=re.compile(data["full_markers"], re.I),
        ordinal=re.compile(rf"\b(?P<word>{ordinal_words})\s+(?:\w+\s+)?$", re.I),
        ordinals={k.lower(): v for k, v in data["ordinals"].items()},
        short_max_days=data["ilacs_short_max_days"],
        sif_from=PartialDate(data["sif_from"]),
        ilacs_from_year=data["ilacs_from_year"],
        published_today=re.compile(data["published_today"], re.I),
    )


def framework_at(when: PartialDate) -> str | None:
    """The graded framework in use at `when`, where its precision settles one: `other` (an older
    framework) certainly before the SIF began, `sif` certainly after and before ILACS, `ilacs-standard`
    from the ILACS year. A year 2013 may be either side of November 2013: None."""
    sif_from = rules().sif_from
    if precedes(when, sif_from):
        return OLDER_FRAMEWORK
    if when.year >= rules().ilacs_from_year:
        return "ilacs-standard"
    width = min(len(when.value), len(sif_from.value))
    settled = when.value[:width] > sif_from.value[:width] or len(when.value) >= len(sif_from.value)
    return "sif" if settled else None


@dataclass(frozen=True)
class Event:
    """One phrase naming an event, before mentions of the same event are merged."""

    start: int
    end: int
    type: str | None
    date: FoundDate | None = None
    published: FoundDate | None = None
    grade: str | None = None
    previous: bool = False
    since: bool = False
    ordinal: int | None = None
    full: bool = False  # worded as a full (or standard) inspection: SIF or ILACS standard, not short
