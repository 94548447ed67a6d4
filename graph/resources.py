"""Where every file the code reads lives: the one module that locates resources.

In a checkout (and an editable install) the resources are the project's own
folders: ontology/, queries/, data/registers/, graph/rules/, and the
service's templates and static files. A wheel carries the same files as
package data: pyproject.toml maps ontology/, queries/ and data/registers/ to
graph/_resources/..., so an installed copy finds them without the checkout.
Nothing else in the code builds a path to a resource.
"""

from __future__ import annotations

import hashlib
import os
from importlib.resources import files
from pathlib import Path

import graph

_PACKAGE = Path(str(files("graph")))
_SERVICE = Path(str(files("service")))
_PACKAGED = _PACKAGE / "_resources"  # present only in an installed wheel
_CHECKOUT = _PACKAGE.parent


def _shipped(checkout_relative: str) -> Path:
    """A folder the wheel carries under graph/_resources and a checkout keeps at the top level."""
    packaged = _PACKAGED / Path(checkout_relative).name
    return packaged if packaged.is_dir() else _CHECKOUT / checkout_relative


ONTOLOGY_DIR = _shipped("ontology")
ONTOLOGY_FILE = ONTOLOGY_DIR / "ofsted-kg.ttl"
CONCEPTS_FILE = ONTOLOGY_DIR / "concepts.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = _shipped("queries")
REGISTERS_DIR = _shipped("data/registers")
RULES_DIR = _PACKAGE / "rules"
TEMPLATES_DIR = _SERVICE / "templates"
STATIC_DIR = _SERVICE / "static"


def shared_dir() -> Path:
    """The team's read-only shared folder (corpus, registers, evaluation keys): OFSTED_KG_SHARED,
    else ../shared beside the checkout. Only evaluation and tests read it; a build never does."""
    named = os.environ.get("OFSTED_KG_SHARED")
    return Path(named) if named else _CHECKOUT.parent / "shared"


def rules_file(name: str) -> Path:
    """graph/rules/NAME.yaml: one component's rules."""
    return RULES_DIR / f"{name}.yaml"


def register_file(name: str) -> Path:
    """A register snapshot by file name, e.g. 'dfe_las.csv'."""
    return REGISTERS_DIR / name


def query_file(name: str) -> Path:
    """A SPARQL text of queries/, e.g. 'concerns' or 'pages/authority'."""
    return QUERIES_DIR / f"{name}.rq"


# What extraction reads. The whole builder package is hashed, not a hand-kept list of
# its modules: a list goes stale the day an extractor imports one more module, and a
# stale fingerprint silently reuses old extractions. Over-invalidating only costs time.
EXTRACTION_INPUTS: tuple[Path, ...] = (_PACKAGE, ONTOLOGY_DIR, REGISTERS_DIR)


def _input_files(inputs: tuple[Path, ...]) -> list[Path]:
    found = []
    for root in inputs:
        for path in sorted(root.rglob("*") if root.is_dir() else [root]):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".tmp"}:
                found.append(path)
    return found


def extraction_fingerprint(inputs: tuple[Path, ...] = EXTRACTION_INPUTS) -> str:
    """Changes whenever any code or data that extraction reads changes."""
    digest = hashlib.sha256(graph.__version__.encode())
    for path in _input_files(inputs):
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
