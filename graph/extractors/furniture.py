"""Page furniture: find the regions of a document that are its own content."""

from __future__ import annotations

from graph.extractors.base import Annotated


def find_content(doc: Annotated) -> Annotated:
    return doc.with_content(((0, len(doc.text)),))
