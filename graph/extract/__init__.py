"""Stage 2, extract: run the extraction components over one document.

Matching lives in the components (graph/extract/authorities.py, people.py, ...); this module only
chains them. Turning a failing document into a reported skip happens in
one place, graph.pipeline's per-document step.
"""

from __future__ import annotations

from graph.extract import authorities, concerns, furniture, inspections, metadata, people
from graph.extract.base import Annotated, Component
from graph.records import Document, Extraction

PIPELINE: tuple[tuple[str, Component], ...] = (
    ("furniture", furniture.find_content),
    ("metadata", metadata.extract),
    ("authorities", authorities.extract),
    ("inspections", inspections.extract),
    ("people", people.extract),
    ("concerns", concerns.extract),
)


def extract(document: Document) -> Extraction:
    """All facts one document states, each with its evidence."""
    annotated = Annotated(document=document, content=((0, len(document.text)),))
    for _name, component in PIPELINE:
        annotated = component(annotated)
    return Extraction(document=document, facts=annotated.facts)
