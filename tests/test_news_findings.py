"""A finding stated in news with no inspection it can be tied to still reaches the graph.

It is a kg:Concern in its source graph with its evidence and source, its council when the
page names only one, and no kg:aboutInspection: the unknown inspection stays unknown, and no
inspection node is made for it (docs/MODEL.md, kg:Concern). The build's SHACL gate passes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.pipeline import build
from graph.store import EmbeddedStore
from graph.queries import PREFIX_DECLARATIONS

ROOT = Path(__file__).resolve().parent.parent

ONE_COUNCIL = """Council told to speed up help for families

Stoke-on-Trent City Council has been told to improve its children's services.

Inspectors said that care planning for children was too variable and that too many assessments were late.

The council leader said the authority would recruit more social workers.
"""

TWO_COUNCILS = """Councils told to improve

Inspectors said that management oversight in Derby City Council and Nottingham City Council was not consistently effective.
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    directory = tmp_path_factory.mktemp("news-findings")
    sources = directory / "sources"
    sources.mkdir()
    (sources / "one-council.txt").write_text(ONE_COUNCIL, encoding="utf-8")
    (sources / "two-councils.txt").write_text(TWO_COUNCILS, encoding="utf-8")
    build([sources], EmbeddedStore(directory / "store"), jobs=1)
    return EmbeddedStore(directory / "store")


def select(store: EmbeddedStore, body: str) -> list[dict[str, str | None]]:
    result = store.query(PREFIX_DECLARATIONS + body)
    variables = [v.value for v in result.variables]
    return [{v: (row[v].value if row[v] is not None else None) for v in variables} for row in result]


FINDINGS = """SELECT ?concern ?path ?quote ?text ?category ?polarity ?authority ?inspection ?start ?end ?derived WHERE {
  ?concern a kg:Concern ; rdf:value ?text ; prov:wasDerivedFrom ?derived ;
           kg:category/skos:notation ?category ; kg:polarity/skos:notation ?polarity ;
           kg:evidence ?evidence .
  ?evidence oa:hasSource/kg:sourcePath ?path ; kg:quote ?quote ;
            oa:hasSelector [ oa:start ?start ; oa:end ?end ] .
  OPTIONAL { ?concern kg:aboutAuthority ?authority }
  OPTIONAL { ?concern kg:aboutInspection ?inspection }
}"""


def test_a_news_finding_of_no_inspection_is_in_the_graph_with_its_source_span_and_council(store):
    rows = [r for r in select(store, FINDINGS) if r["path"] == "one-council.txt"]
    late = [r for r in rows if "assessments were late" in r["quote"]]
    assert len(late) == 1
    found = late[0]
    assert found["polarity"] == "concern" and found["category"] == "assessment"
    assert found["text"] == found["quote"] == ONE_COUNCIL[int(found["start"]):int(found["end"])]
    assert found["authority"].endswith("/authority/E06000021")
    assert found["inspection"] is None
    assert found["derived"].endswith("/source/one-council.txt")


def test_a_finding_of_no_known_council_has_neither_council_nor_inspection(store):
    rows = [r for r in select(store, FINDINGS) if r["path"] == "two-councils.txt"]
    assert rows and all(r["authority"] is None and r["inspection"] is None for r in rows)


def test_no_inspection_node_is_invented_for_them(store):
    assert select(store, "SELECT ?i WHERE { ?i a kg:Inspection }") == []


def test_the_concerns_query_lists_a_finding_under_its_council_with_its_inspection_unbound(store):
    result = store.query((ROOT / "queries" / "concerns.rq").read_text(encoding="utf-8"))
    rows = [{v.value: (row[v].value if row[v] is not None else None) for v in result.variables} for row in result]
    assert rows and {r["source"] for r in rows} == {"one-council.txt"}
    assert all(r["authority_code"] == "E06000021" and r["inspection"] is None and r["start_date"] is None
               for r in rows)
    assert any("assessments were late" in r["text"] for r in rows)
