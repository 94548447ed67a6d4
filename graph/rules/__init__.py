"""Rules kept as data: the YAML files of graph/rules/, validated when loaded.

A component declares the JSON Schema its file must follow and which fields
hold controlled values; loading fails loudly (PatternError) on a malformed
file or a notation the ontology does not define.
"""

from __future__ import annotations

from typing import Any, Iterable

import jsonschema
import yaml

from graph import concepts
from graph.resources import rules_file



class PatternError(Exception):
    """A pattern file that does not follow its schema or names an unknown concept."""


def load_patterns(name: str, schema: dict[str, Any]) -> Any:
    """Load graph/rules/NAME.yaml and check it against `schema`."""
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
    known = set(concepts.notations(scheme))
    unknown = sorted(set(values) - known)
    if unknown:
        raise PatternError(f"{file_name}: not in concept scheme {scheme!r}: {', '.join(unknown)}")

