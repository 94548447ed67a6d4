"""Rules kept as data: the YAML files of graph/rules/, validated when loaded.

A component declares the JSON Schema its file must follow and which fields
hold controlled values; loading fails loudly (PatternError) on a malformed
file or a notation the ontology does not define.
"""

from __future__ import annotations

from typing import Any, Iterable

import yaml
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for

from graph import concepts
from graph.resources import rules_file


class PatternError(Exception):
    """A pattern file that does not follow its schema or names an unknown concept."""


# libyaml's loader where PyYAML has it: every extraction worker loads the rules as it starts.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_patterns(name: str, schema: dict[str, Any]) -> Any:
    """Load graph/rules/NAME.yaml and check it against `schema`.

    The schema itself is not checked against its meta-schema here (that took
    most of a worker's start-up); tests/test_patterns.py checks every one.
    """
    path = rules_file(name)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as err:
        raise PatternError(f"{path.name}: cannot load: {err}") from err
    error = best_match(validator_for(schema)(schema).iter_errors(data))
    if error is not None:
        location = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise PatternError(f"{path.name}: at {location}: {error.message}")
    return data


def check_notations(file_name: str, scheme: str, values: Iterable[str]) -> None:
    """Fail unless every value is a notation of the named concept scheme."""
    known = set(concepts.notations(scheme))
    unknown = sorted(set(values) - known)
    if unknown:
        raise PatternError(f"{file_name}: not in concept scheme {scheme!r}: {', '.join(unknown)}")

