"""Rules kept as data: pattern files in graph/patterns/, validated when loaded.

A component declares the JSON Schema its file must follow and which fields
hold controlled values; loading fails loudly (PatternError) on a malformed
file or a notation the ontology does not define.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Iterable

import jsonschema
import yaml
from rdflib import Graph
from rdflib.namespace import SKOS

from graph.resources import CONCEPTS_FILE, rules_file
from graph.vocab import KGS



class PatternError(Exception):
    """A pattern file that does not follow its schema or names an unknown concept."""


def load_patterns(name: str, schema: dict[str, Any]) -> Any:
    """Load graph/patterns/NAME.yaml and check it against `schema`."""
    path = rules_file(name)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise PatternError(f"{path.name}: cannot load: {err}") from err
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as err:
        location = "/".join(str(p) for p in err.absolute_path) or "(top)"
        raise PatternError(f"{path.name}: at {location}: {err.message}") from err
    return data


def check_notations(file_name: str, scheme: str, values: Iterable[str]) -> None:
    """Fail unless every value is a notation of the named concept scheme."""
    known = notations(scheme)
    unknown = sorted(set(values) - known)
    if unknown:
        raise PatternError(f"{file_name}: not in concept scheme {scheme!r}: {', '.join(unknown)}")


@cache
def notations(scheme: str) -> frozenset[str]:
    """The skos:notation values of one concept scheme, read from the ontology."""
    graph = Graph().parse(CONCEPTS_FILE)
    scheme_iri = KGS[scheme]
    return frozenset(
        str(graph.value(c, SKOS.notation))
        for c in graph.subjects(SKOS.inScheme, scheme_iri)
        if graph.value(c, SKOS.notation) is not None
    )
