"""Refuse operations that would make the server send requests of its own (no SSRF).

pyoxigraph evaluates SERVICE by calling the remote endpoint, and an update's
LOAD fetches a URL. Both are found in the parsed query (rdflib's SPARQL
parser), not by matching text. Parsing costs tens of milliseconds, so it is
skipped when the text cannot spell the keyword: SPARQL keywords are matched
case-insensitively and may be written with \\u escapes, so a text with neither
the letters nor an escape cannot hold one.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

_FETCHING = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}


class FederationRefused(Exception):
    """The operation asks the server to fetch from elsewhere."""


def refuse_fetching(text: str, *, is_update: bool) -> None:
    """Raise FederationRefused if the operation contains SERVICE (or, in an update, LOAD)."""
    lowered = text.lower()
    if "\\u" not in lowered and "service" not in lowered and "load" not in lowered:
        return
    keyword = _fetching_keyword(text, is_update)
    if keyword:
        raise FederationRefused(
            f"{keyword} is refused: this service answers from its own graph only and never "
            "fetches from other endpoints or URLs"
        )


@lru_cache(maxsize=512)
def _fetching_keyword(text: str, is_update: bool) -> str | None:
    try:
        tree = parseUpdate(text) if is_update else parseQuery(text)
    except ParseException as err:
        # Unreadable here means unverifiable: refuse rather than let it reach an engine that fetches.
        raise FederationRefused(f"malformed query (checked for SERVICE and LOAD before running): {err}") from None
    return next((_FETCHING[node.name] for node in _nodes(tree) if node.name in _FETCHING), None)


def _nodes(tree: object) -> Iterator[CompValue]:
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)
