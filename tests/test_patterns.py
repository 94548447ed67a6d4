"""Rules kept as data: every pattern file loads, follows its schema and names only known concepts."""

from __future__ import annotations

import pytest
from jsonschema.validators import validator_for

from graph import resources
from graph.extract import (
    authorities, concerns, furniture, inspection_rules, inspections, judgements, metadata, people, people_rules,
)
from graph.registers import name_forms
from graph.rules import PatternError, check_notations, load_patterns

LOADERS = {
    "authorities": authorities.rules, "concerns": concerns.rules, "furniture": furniture.rules,
    "inspection types": inspections.rules, "people": people.rules, "publishers": metadata.branding_cues,
    "areas and grades": judgements.rules,
}


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_every_pattern_file_loads_and_validates(name):
    LOADERS[name].cache_clear()
    assert LOADERS[name]() is not None


# The schema each pattern file is checked against; loading does not check the schemas themselves.
SCHEMAS = {
    "authorities": authorities._SCHEMA, "concerns": concerns._SCHEMA, "furniture": furniture._SCHEMA,
    "inspection_types": inspection_rules.TYPES_SCHEMA, "areas": judgements.AREAS_SCHEMA,
    "grades": judgements.GRADES_SCHEMA, "publishers": metadata._PUBLISHERS_SCHEMA, "roles": people_rules._SCHEMA,
    "council_names": name_forms._SCHEMA,
}


def test_every_pattern_file_has_a_schema_and_each_schema_is_valid_json_schema():
    assert set(SCHEMAS) == {path.stem for path in resources.RULES_DIR.glob("*.yaml")}
    for schema in SCHEMAS.values():
        validator_for(schema).check_schema(schema)


def test_a_pattern_file_breaking_its_schema_says_where(tmp_path, monkeypatch):
    (tmp_path / "broken.yaml").write_text("cues:\n  - 3\n", encoding="utf-8")
    monkeypatch.setattr(resources, "RULES_DIR", tmp_path)
    schema = {"type": "object", "properties": {"cues": {"type": "array", "items": {"type": "string"}}}}
    with pytest.raises(PatternError, match=r"broken.yaml: at cues/0: 3 is not of type 'string'"):
        load_patterns("broken", schema)


def test_a_notation_the_ontology_does_not_define_is_refused():
    with pytest.raises(PatternError, match="not in concept scheme 'role': mayor-of-casterbridge"):
        check_notations("roles.yaml", "role", ["council-leader", "mayor-of-casterbridge"])
