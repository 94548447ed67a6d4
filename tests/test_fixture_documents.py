"""Every fixture document in tests/fixtures/docs/ meets its expectations."""

from __future__ import annotations

import pytest

from pathlib import Path

from graph.evaluation.fixtures import evaluate_fixture, fixture_documents

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "docs"


@pytest.mark.parametrize("document", fixture_documents(FIXTURES), ids=lambda path: path.name)
def test_fixture_document_meets_its_expectations(document):
    result = evaluate_fixture(document)
    assert result.failures == []


def test_there_are_at_least_twenty_fixture_documents():
    assert len(fixture_documents(FIXTURES)) >= 20
