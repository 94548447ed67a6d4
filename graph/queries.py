"""Every SPARQL text the project runs, read from queries/ as records: the one loader.

Public named queries are queries/NAME.rq (DESIGN.md fixes their names and
columns); internal ones, for pages, exports and evaluation, live in subfolders
(queries/pages/NAME.rq ...). The header format is fixed by queries/README.md.
`NamedQuery.sparql` is the text to run: the project's prefixes (graph/vocab.py)
declared once in front of it, so internal files need no PREFIX lines.
Parameters are bound as RDF terms through the store's substitution, never
spliced into the query text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Iterable, Mapping, TypeVar

import pyoxigraph as ox

from graph.resources import QUERIES_DIR
from graph.vocab import PREFIXES

PREFIX_DECLARATIONS = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("string", "iri", "integer", "date")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_HEADER_FIELD = re.compile(r"^#\s?(title|description|param|partition):\s*(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_YEAR_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
_YEAR = re.compile(r"^[0-9]{4}$")
_WHERE_OPENS = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
T = TypeVar("T")


class NamedQueryError(Exception):
    """A named query cannot be run as asked."""


class MalformedQueryFile(NamedQueryError):
    """A file of queries/ breaks the header format: the project's fault, not the caller's."""


class UnknownQuery(NamedQueryError):
    """A request names a query that queries/ does not hold."""


class BadParameter(NamedQueryError):
    """A request gives a parameter the query does not declare, or a value not of its type."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    doc: str


@dataclass(frozen=True)
class Partition:
    """A query that may be answered a few values of `variable` at a time, the values listed, in the
    order the query sorts its rows, by the internal query `values` (queries/README.md)."""

    variable: str
    values: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    partitions: tuple[Partition, ...] = ()  # in order of preference (see `pieces`)

    @property
    def sparql(self) -> str:
        """The text to run: the project's prefixes declared once, then the file as written."""
        return PREFIX_DECLARATIONS + self.text

    def with_values(self, variable: str, terms: Iterable[ox.NamedNode | ox.Literal]) -> str:
        """The text to run with `VALUES ?variable { ... }` opening its WHERE clause (see `with_values`)."""
        return with_values(self.sparql, variable, terms, f"query {self.name}")

    def as_record(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "parameters": [{"name": p.name, "type": p.type, "doc": p.doc} for p in self.parameters],
            "query": self.text,
            "links": {"html": f"/queries/{self.name}", "json": f"/queries/{self.name}.json",
                      "csv": f"/queries/{self.name}.csv"},
        }


def with_values(text: str, variable: str, terms: Iterable[ox.NamedNode | ox.Literal], name: str = "the query") -> str:
    """`text` with `VALUES ?variable { ... }` opening its WHERE clause: one row per term.

    For endpoints that take no substitutions (Wikidata, ONS), and for answering a query a few
    values of its partition at a time. The block comes first in the pattern, so engines join
    from the given values, not from every match; each term is written by pyoxigraph, never
    spliced text.
    """
    if not _NAME.match(variable):
        raise MalformedQueryFile(f"{variable!r} is not a SPARQL variable name (give it without '?')")
    written = []
    for term in terms:
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise MalformedQueryFile(f"VALUES ?{variable} takes IRIs and literals, not {type(term).__name__}")
        written.append(str(term))
    where = _WHERE_OPENS.search(text)
    if where is None:
        raise MalformedQueryFile(f"{name} has no WHERE {{ to open with VALUES ?{variable}")
    block = f"\n  VALUES ?{variable} {{ {' '.join(written)} }}"
    return text[:where.end()] + block + text[where.end():]


def parse(name: str, text: str) -> NamedQuery:
    fields: list[list[str]] = []  # [key, text] in file order; continuation lines extend the last
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _HEADER_FIELD.match(line):
            fields.append([match.group(1), match.group(2).strip()])
        elif (match := _CONTINUATION.match(line)) and fields:
            fields[-1][1] += " " + match.group(1).strip()
    titles = [value for key, value in fields if key == "title"]
    descriptions = [value for key, value in fields if key == "description"]
    if len(titles) != 1 or len(descriptions) != 1:
        raise MalformedQueryFile(f"named query {name}: the header needs one title and one description")
    parameters = tuple(_parameter(name, value) for key, value in fields if key == "param")
    partitions = tuple(_partition(name, value) for key, value in fields if key == "partition")
    return NamedQuery(name, titles[0], descriptions[0], parameters, text, partitions)


def _partition(query_name: str, declaration: str) -> Partition:
    variable, _, values = declaration.partition(" ")
    values = values.strip()
    if not _NAME.match(variable) or not re.fullmatch(r"[a-z-]+/[a-z-]+", values):
        raise MalformedQueryFile(f"named query {query_name}: bad partition declaration {declaration!r}")
    return Partition(variable, values)


def _parameter(query_name: str, declaration: str) -> Parameter:
    name, _, rest = declaration.partition(" ")
    type_, _, doc = rest.strip().partition(" ")
    if not _NAME.match(name) or type_ not in PARAM_TYPES:
        raise MalformedQueryFile(f"named query {query_name}: bad parameter declaration {declaration!r}")
    return Parameter(name, type_, doc.strip())


def load_all(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """The public named queries (top level of the folder), by name; read afresh so edits show at once."""
    if not directory.is_dir():
        return {}
    return {path.stem: parse(path.stem, path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.rq"))}


def find(name: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    """A public named query by the name a request gives."""
    if not _NAME.match(name) or not (directory / f"{name}.rq").is_file():
        raise UnknownQuery(f"no named query called {name!r}; see /queries for the list")
    return parse(name, (directory / f"{name}.rq").read_text(encoding="utf-8"))


@cache
def internal(name: str) -> NamedQuery:
    """A query the code itself runs, by its path under queries/ ('pages/authority'); read once."""
    path = QUERIES_DIR / f"{name}.rq"
    if not path.is_file():
        raise MalformedQueryFile(f"the project has no query {name!r} (looked for {path})")
    return parse(name, path.read_text(encoding="utf-8"))


def pieces(query: NamedQuery, substitutions: Mapping[str, T]) -> tuple[Partition, NamedQuery, dict[str, T]] | None:
    """How `query` run with `substitutions` is answered a few values at a time: the first of its partitions
    whose variable is left free, the internal query listing its values, and the substitutions that listing
    takes: those of the query's parameters it declares (authority_code bound: one council's values)."""
    for partition in query.partitions:
        if partition.variable not in substitutions:
            listing = internal(partition.values)
            return partition, listing, {p.name: substitutions[p.name] for p in listing.parameters if p.name in substitutions}
    return None


def bind(query: NamedQuery, values: Mapping[str, str]) -> dict[str, object]:
    """The substitutions for the given parameter values; an empty value leaves the variable free."""
    declared = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise BadParameter(f"unknown parameter {', '.join(unknown)} for {query.name} (parameters: {known})")
    return {name: _term(declared[name], value) for name, value in values.items() if value != ""}


def _term(parameter: Parameter, value: str) -> object:
    bad = BadParameter(f"parameter {parameter.name}: {value!r} is not a valid {parameter.type}")
    if parameter.type == "string":
        return ox.Literal(value)
    if parameter.type == "integer":
        if not _INTEGER.match(value):
            raise bad
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))
    if parameter.type == "iri":
        if not _ABSOLUTE_IRI.match(value):
            raise bad
        try:
            return ox.NamedNode(value)
        except ValueError:
            raise bad from None
    return _date_term(value, bad)


def _date_term(value: str, bad: BadParameter) -> ox.Literal:
    if _YEAR.match(value):
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "gYear"))
    if _YEAR_MONTH.match(value):
        return ox.Literal(value, datatype=ox.NamedNode(XSD + "gYearMonth"))
    try:
        date.fromisoformat(value)
    except ValueError:
        raise bad from None
    if len(value) != 10:
        raise bad
    return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
