"""Linked Data pages: dereferencing /id/..., the council page, the source view, /compare."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset

from graph.store import EmbeddedStore
from graph.vocab import ONTOLOGY_GRAPH

PROJECT = Path(__file__).resolve().parent.parent
PAGES_DATASET = PROJECT / "tests" / "fixtures" / "pages_dataset.trig"


def load_pages_dataset(directory: Path) -> EmbeddedStore:
    """The hand-made dataset plus the ontology in kgg:ontology, as the builder publishes them."""
    dataset = Dataset()
    dataset.parse(PAGES_DATASET, format="trig")
    ontology = dataset.graph(ONTOLOGY_GRAPH)
    for name in ("concepts.ttl", "ofsted-kg.ttl"):
        ontology.parse(PROJECT / "ontology" / name, format="turtle")
    nquads = directory / "dataset.nq"
    dataset.serialize(nquads, format="nquads")
    store = EmbeddedStore(directory / "store")
    store.publish(nquads)
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    return load_pages_dataset(tmp_path_factory.mktemp("pages"))
