"""Extraction component: inspections (first cut, to be completed)."""

from __future__ import annotations

from graph.extractors.base import Annotated


def extract(doc: Annotated) -> Annotated:
    return doc
