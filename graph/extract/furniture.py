"""Page furniture: find the regions of a document that are its own content.

Rules are data (graph/rules/furniture.yaml). On web pages: lines that
start furniture running to the end (comment threads, subscription boxes,
lists of other articles) and single furniture lines (credits, trailers,
tags). On every document: blocks such as the Ofsted address. Content is
what remains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from graph.extract.base import Annotated
from graph.rules import load_patterns

_PATTERNS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_SCHEMA = {
    "type": "object",
    "required": ["headline_lines", "web", "every_document"],
    "additionalProperties": False,
    "properties": {
        "headline_lines": {"type": "integer", "minimum": 0},
        "web": {
            "type": "object",
            "required": ["tail_markers", "line_starts", "line_contains"],
            "additionalProperties": False,
            "properties": {"tail_markers": _PATTERNS, "line_starts": _PATTERNS, "line_contains": _PATTERNS},
        },
        "every_document": _PATTERNS,
    },
}

# Furniture rules for web pages do not apply to these (Ofsted's own PDFs).
_PRINTED_MEDIA = frozenset({"application/pdf"})

Span = tuple[int, int]


@dataclass(frozen=True)
class FurnitureRules:
    tail: re.Pattern[str]
    web_line: re.Pattern[str]  # matches inside a furniture line; the whole line is cut
    every_document: re.Pattern[str]  # the whole lines a match touches are cut
    headline_lines: int


@cache
def rules() -> FurnitureRules:
    data = load_patterns("furniture", _SCHEMA)
    web = data["web"]
    # One line-start anchor in front of each union: the regex engine then tries
    # the alternatives only at line starts.
    return FurnitureRules(
        tail=re.compile(f"^[ \\t]*{_union(web['tail_markers'])}", re.IGNORECASE | re.MULTILINE),
        web_line=re.compile(f"^[ \\t]*{_union(web['line_starts'])}|{_union(web['line_contains'])}",
                            re.IGNORECASE | re.MULTILINE),
        every_document=re.compile(_union(data["every_document"])),
        headline_lines=data["headline_lines"],
    )


def _union(patterns: list[str]) -> str:
    return "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"


def find_content(doc: Annotated) -> Annotated:
    return doc.with_content(content_regions(doc.text, doc.document.media_type))


def content_regions(text: str, media_type: str = "text/plain") -> tuple[Span, ...]:
    """The [start, end) regions of `text` left once furniture is cut out."""
    return _complement(furniture_spans(text, media_type), len(text))


def furniture_spans(text: str, media_type: str = "text/plain") -> list[Span]:
    """Every furniture span in `text`, unsorted and possibly overlapping."""
    found = rules()
    end = len(text)
    spans = [_whole_lines(text, *m.span()) for m in found.every_document.finditer(text)]
    if media_type in _PRINTED_MEDIA:
        return spans
    tail_start = _tail_start(text, found)
    if tail_start < end:
        spans.append((tail_start, end))
    spans += [_whole_lines(text, *m.span()) for m in found.web_line.finditer(text, 0, tail_start)]
    return spans


def _tail_start(text: str, found: FurnitureRules) -> int:
    """Where trailing furniture begins: the first tail marker past the headline lines."""
    floor = _offset_after_lines(text, found.headline_lines)
    match = found.tail.search(text, floor)
    return match.start() if match else len(text)


def _offset_after_lines(text: str, count: int) -> int:
    """Offset just past the first `count` non-blank lines."""
    seen = 0
    for match in re.finditer(r"[^\n]*\S[^\n]*", text):
        seen += 1
        if seen >= count:
            return match.end()
    return len(text)


def _whole_lines(text: str, start: int, end: int) -> Span:
    """Widen [start, end) to the lines it touches (a match may begin on a line break)."""
    while start < end and text[start] == "\n":
        start += 1
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", max(start, end - 1))
    return line_start, line_end if line_end >= 0 else len(text)


def _complement(cuts: list[Span], length: int) -> tuple[Span, ...]:
    regions: list[Span] = []
    position = 0
    for start, end in sorted(cuts):
        if start > position:
            regions.append((position, start))
        position = max(position, end)
    if position < length:
        regions.append((position, length))
    return tuple(regions)
