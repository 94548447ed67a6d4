"""Every resource is located by graph/resources.py, and the extraction cache key covers all of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph import resources


def test_every_located_resource_exists():
    for path in (resources.ONTOLOGY_FILE, resources.CONCEPTS_FILE, resources.SHAPES_FILE,
                 resources.QUERIES_DIR, resources.REGISTERS_DIR, resources.RULES_DIR,
                 resources.TEMPLATES_DIR, resources.STATIC_DIR):
        assert path.exists(), path


def _copy_inputs(tmp_path: Path) -> tuple[Path, ...]:
    copies = []
    for index, source in enumerate(resources.EXTRACTION_INPUTS):
        target = tmp_path / f"input{index}"
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        copies.append(target)
    return tuple(copies)


def _one_file_of_each_kind(inputs: tuple[Path, ...]) -> list[Path]:
    """A Python module, a rule file, the concepts, a register: one file under each input root and suffix."""
    chosen: dict[tuple[Path, str], Path] = {}
    for root in inputs:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                chosen.setdefault((root, path.suffix), path)
    return sorted(chosen.values())


def test_changing_any_extraction_input_changes_the_fingerprint(tmp_path):
    inputs = _copy_inputs(tmp_path)
    baseline = resources.extraction_fingerprint(inputs)
    assert resources.extraction_fingerprint(inputs) == baseline
    touched = _one_file_of_each_kind(inputs)
    assert {path.suffix for path in touched} >= {".py", ".yaml", ".ttl", ".csv"}
    for path in touched:
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        assert resources.extraction_fingerprint(inputs) != baseline, path
        path.write_bytes(original)
    assert resources.extraction_fingerprint(inputs) == baseline


@pytest.mark.parametrize("name", ["names.py", "concepts.ttl", "roles.yaml", "dfe_las.csv", "dates.py"])
def test_a_named_input_the_builder_reads_changes_the_fingerprint(tmp_path, name):
    inputs = _copy_inputs(tmp_path)
    baseline = resources.extraction_fingerprint(inputs)
    [path] = [p for root in inputs for p in root.rglob(name) if "_resources" not in p.parts]
    path.write_bytes(path.read_bytes() + b"\n# changed\n")
    assert resources.extraction_fingerprint(inputs) != baseline
