"""Just enough SPARQL reading to bind variables on a store that has no substitution: `scan_query`
finds a query's form and its outermost WHERE group, `values_block` writes the VALUES block to put there."""

from __future__ import annotations

import re
from typing import Mapping

import pyoxigraph as ox

from graph.store.base import StoreError, Term


# A SPARQL lexer just good enough to find the query form and the outermost WHERE group:
# comments, strings and IRIs are skipped whole so braces and keywords inside them don't count.
_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<prefixed>[\w.\-]*:[\w.\-%:]*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>\S)
""", re.VERBOSE)
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def scan_query(sparql: str) -> tuple[str, int | None]:
    """The query form and the offset just inside its WHERE group (None when it has none)."""
    form, braces, parens, groups, where_seen = None, 0, 0, 0, False
    for token in _TOKEN.finditer(sparql):
        kind, text = token.lastgroup, token.group()
        at_top = braces == 0 and parens == 0
        if text == "{":
            if at_top and form is not None:
                # CONSTRUCT {template} {pattern}: without WHERE, the second top-level group is the pattern
                if where_seen or form != "CONSTRUCT" or groups == 1:
                    return form, token.end()
                groups += 1
            braces += 1
        elif text == "}":
            braces -= 1
        elif text == "(":
            parens += 1
        elif text == ")":
            parens -= 1
        elif kind == "word" and at_top:
            keyword = text.upper()
            if form is None and keyword in _FORMS:
                form = keyword
            elif keyword == "WHERE":
                where_seen = True
    if form is None:
        raise StoreError("not a SPARQL query: no SELECT, ASK, CONSTRUCT or DESCRIBE")
    return form, None


def values_block(substitutions: Mapping[str, Term]) -> str:
    """A one-row VALUES block binding each variable, its terms written by pyoxigraph."""
    names, terms = [], []
    for name, term in substitutions.items():
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise StoreError(f"substitution name {name!r} is not a SPARQL variable name (give it without '?')")
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise StoreError(f"substitution ?{name}: VALUES takes IRIs and literals, not {type(term).__name__}")
        names.append(f"?{name}")
        terms.append(str(term))
    return f" VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }} "
