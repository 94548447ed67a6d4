"""What the service must know about an operation before running it, read from its parse tree.

- SERVICE (and an update's LOAD) would make the server send requests of its
  own (SSRF): pyoxigraph evaluates SERVICE by calling the remote endpoint.
  Such operations are refused.
- A query's own dataset (FROM / FROM NAMED) must stand when the request gives
  none, instead of the union default graph.

- Brackets nested deeper than MAX_NESTING are refused before any parser
  sees them: pyoxigraph parses and evaluates recursively, and a few thousand
  levels overflow its stack and kill the process (a segmentation fault).

SERVICE, LOAD and FROM are found in rdflib's parse of the operation, not by
matching text. Parsing costs tens of milliseconds (and half a minute for a
megabyte), so it runs in a query worker, under the deadline, never in the web
process; and it is skipped when the text cannot spell a keyword that matters:
keywords are case-insensitive and may be written with \\u escapes, so a text
with neither the letters nor an escape cannot hold one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

_FETCHING = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
_KEYWORDS = ("\\u", "service", "load", "from")
MAX_NESTING = 1000  # far beyond any real query; pyoxigraph's stack holds several times this (service/worker.py)
# What brackets inside do not nest: strings (long and short), IRIs and comments, matched whole.
_OPAQUE = re.compile("|".join((
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # long strings
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n]|\\.)*"',  # short strings
    r"'(?:[^'\\\n]|\\.)*'",
    r'<[^<>"{}|^`\\\s]*>',  # IRIs (a less-than sign is followed by a space or ends no IRI)
    r"#[^\n]*",  # comments
)))
_BRACKETS = re.compile(r"[({\[]|[)}\]]")


class FederationRefused(Exception):
    """The operation asks the server to fetch from elsewhere, or cannot be checked for it."""


class NestedTooDeeply(Exception):
    """The operation nests brackets deeper than MAX_NESTING."""


@dataclass(frozen=True)
class Inspection:
    has_dataset_clause: bool  # FROM or FROM NAMED


def inspect(text: str, *, is_update: bool) -> Inspection:
    """What matters about the operation; raises FederationRefused for SERVICE or LOAD, NestedTooDeeply."""
    depth = nesting(text)
    if depth > MAX_NESTING:
        raise NestedTooDeeply(f"the query nests brackets {depth:,} levels deep; the limit is {MAX_NESTING:,}")
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


def nesting(text: str) -> int:
    """How deep (), {} and [] nest outside strings, IRIs and comments; unbalanced text counts what opens."""
    deepest = depth = 0
    for part in _OPAQUE.split(text):
        for bracket in _BRACKETS.findall(part):
            depth += 1 if bracket in "({[" else -1
            deepest = max(deepest, depth)
    return deepest


@lru_cache(maxsize=512)
def _read(text: str, is_update: bool) -> tuple[str | None, bool]:
    try:
        tree = parseUpdate(text) if is_update else parseQuery(text)
    except ParseException as err:
        # Unreadable here means unverifiable: refuse rather than let it reach an engine that fetches.
        raise FederationRefused(f"malformed query (checked for SERVICE and LOAD before running): {err}") from None
    except RecursionError:  # rdflib's parser recurses per operator: a long flat chain can exhaust it
        raise FederationRefused("the query is too long a chain of operators to be checked for SERVICE and LOAD; "
                                "split it or drop its FROM clauses") from None
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
