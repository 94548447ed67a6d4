"""What the service must know about an operation before running it, read from its parse tree.

- SERVICE (and an update's LOAD) would make the server send requests of its
  own (SSRF): pyoxigraph evaluates SERVICE by calling the remote endpoint.
  Such operations are refused.
- A query's own dataset (FROM / FROM NAMED) must stand when the request gives
  none, instead of the union default graph.

Both are found in rdflib's parse of the operation, not by matching text.
Parsing costs tens of milliseconds, so it is skipped when the text cannot
spell a keyword that matters: keywords are case-insensitive and may be
written with \\u escapes, so a text with neither the letters nor an escape
cannot hold one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

_FETCHING = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
_KEYWORDS = ("\\u", "service", "load", "from")


class FederationRefused(Exception):
    """The operation asks the server to fetch from elsewhere, or cannot be checked for it."""


@dataclass(frozen=True)
class Inspection:
    has_dataset_clause: bool  # FROM or FROM NAMED


def inspect(text: str, *, is_update: bool) -> Inspection:
    """What matters about the operation; raises FederationRefused for SERVICE or LOAD."""
    lowered = text.lower()
    if not any(keyword in lowered for keyword in _KEYWORDS):
        return Inspection(has_dataset_clause=False)
    fetching, has_dataset_clause = _read(text, is_update)
    if fetching:
        raise FederationRefused(
            f"{fetching} is refused: this service answers from its own graph only and never "
            "fetches from other endpoints or URLs"
        )
    return Inspection(has_dataset_clause)


@lru_cache(maxsize=512)
def _read(text: str, is_update: bool) -> tuple[str | None, bool]:
    try:
        tree = parseUpdate(text) if is_update else parseQuery(text)
    except ParseException as err:
        # Unreadable here means unverifiable: refuse rather than let it reach an engine that fetches.
        raise FederationRefused(f"malformed query (checked for SERVICE and LOAD before running): {err}") from None
    nodes = list(_nodes(tree))
    fetching = next((_FETCHING[node.name] for node in nodes if node.name in _FETCHING), None)
    has_dataset_clause = not is_update and any(dict.get(node, "datasetClause") for node in nodes)
    return fetching, has_dataset_clause


def _nodes(tree: object) -> Iterator[CompValue]:
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            stack.extend(node)
