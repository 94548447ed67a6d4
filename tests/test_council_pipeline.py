"""A report on any council, in the corpus or not, builds into an inspection of that council.

Synthetic reports are generated from the registers (tests/council_matrix.py: Ofsted's title
templates with the council's name): an ILACS report for each of the 153 councils in being, a SIF
report under its official name for each predecessor of SIF's time. No council's real report is
read. The whole pipeline builds them into a store, and each document's inspection is read back as
the evaluation reads it (graph.evaluation.official.graph_rows).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from council_matrix import TEMPLATES, councils, document, document_date
from graph.evaluation.official import graph_rows
from graph.pipeline import build
from graph.store import EmbeddedStore



@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, tuple[str, str]], dict]:
    """Each synthetic report's expected (council, type), and what the graph holds for it."""
    directory = tmp_path_factory.mktemp("councils")
    sources = directory / "sources"
    sources.mkdir()
    expected = {}
    templates = {template.key: template for template in TEMPLATES}
    for council in councils():
        key, inspection_type, name = (("ilacs-report", "ilacs-standard", council.short_name) if council.current
                                      else ("sif-report", "sif", council.official_name))
        if document_date(templates[key], council) is not None:  # no SIF for the counties of early 2009
            path = sources / f"{council.code}-{council.entity}-{key}.txt"
            path.write_text(document(templates[key], name, council), encoding="utf-8")
            expected[path.name] = (council.code, inspection_type)
    build([sources], EmbeddedStore(directory / "store"), jobs=1)
    found: dict[str, dict] = {}
    for row in graph_rows(EmbeddedStore(directory / "store")):
        entry = found.setdefault(Path(row.source).name, {"authority": row.authority_code,
                                                        "type": row.inspection_type, "grades": {}})
        if row.area:
            entry["grades"][row.area] = row.grade
    return expected, found


def test_every_council_since_2009_has_its_reports_built_into_its_own_inspections(built):
    expected, found = built
    assert len(expected) >= 153 + 8
    wrong = {source: found.get(source) for source, (code, _) in expected.items()
             if (found.get(source) or {}).get("authority") != code}
    assert not wrong


def test_each_report_keeps_its_inspection_type_and_overall_judgement(built):
    expected, found = built
    for source, (_, inspection_type) in expected.items():
        assert found[source]["type"] == inspection_type, source
        assert found[source]["grades"].get("overall-effectiveness") == "good", source
