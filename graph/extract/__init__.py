"""Stage 2, extract: run the extraction components over one document.

Matching lives in the components (graph/extract/authorities.py, people.py, ...); this module only
chains them. Turning a failing document into a reported skip happens in
one place, graph.pipeline's per-document step.
"""

from __future__ import annotations

from graph.extract import (
    authorities, concerns, furniture, inspection_events, inspection_rules, inspections, judgements, metadata, people,
    people_rules,
)
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


def load_rules() -> None:
    """Load and compile every component's rules now (each keeps its own, cached).

    A process about to fork extraction workers calls this, so that they start
    with the rules compiled instead of each compiling them (a second or more a
    process, as long as reading a dozen reports): no slower on idle cores, and
    that much less work where the cores are shared.
    """
    for load in (furniture.rules, metadata.branding_cues, authorities.rules, inspection_rules.rules,
                 judgements.rules, inspection_events.event_cues, people_rules.rules, concerns.rules):
        load()


def extract(document: Document) -> Extraction:
    """All facts one document states, each with its evidence."""
    annotated = Annotated(document=document, content=((0, len(document.text)),))
    for _name, component in PIPELINE:
        annotated = component(annotated)
    return Extraction(document=document, facts=annotated.facts)
