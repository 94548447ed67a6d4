"""A build of sources/ holds every fact of ../shared/eval/seeds_gold.json, read through the named queries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.pipeline import build
from graph.store import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
GOLD = json.loads((ROOT / "tests" / "fixtures" / "seeds_gold.json").read_text(encoding="utf-8"))
KG = "https://w3id.org/ofsted-kg/def#"
PREFIXES = f"""PREFIX kg: <{KG}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <http://schema.org/> PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX time: <http://www.w3.org/2006/time#> PREFIX org: <http://www.w3.org/ns/org#>
"""
GOLD_TYPES = {"full inspection": {"ilacs-standard", "sif"},
              "full inspection (single inspection framework)": {"sif"},
              "focused visit": {"focused-visit"}, "monitoring visit": {"monitoring-visit"}}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> EmbeddedStore:
    directory = tmp_path_factory.mktemp("gold")
    store = EmbeddedStore(directory / "store")
    build([ROOT / "sources"], store, jobs=1)
    return store


def named(store: EmbeddedStore, name: str) -> list[dict[str, str | None]]:
    result = store.query((ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8"))
    variables = [v.value for v in result.variables]
    return [{v: (row[v].value if row[v] is not None else None) for v in variables} for row in result]


def select(store: EmbeddedStore, body: str) -> list[dict[str, str | None]]:
    result = store.query(PREFIXES + body)
    variables = [v.value for v in result.variables]
    return [{v: (row[v].value if row[v] is not None else None) for v in variables} for row in result]


@pytest.fixture(scope="module")
def inspections(store) -> dict[str, dict]:
    """The graph's inspections keyed by the gold's ids, matched on type and date."""
    rows = select(store, """SELECT DISTINCT ?inspection ?type ?start ?published WHERE {
        ?inspection a kg:Inspection ; kg:inspectionType/skos:notation ?type .
        OPTIONAL { ?inspection kg:startDate ?start } OPTIONAL { ?inspection kg:publishedDate ?published } }""")
    matched = {}
    for gold in GOLD["inspections"]:
        candidates = [r for r in rows if r["type"] in GOLD_TYPES[gold["type"]]
                      and (r["start"] or None) == gold["date"]]
        assert len(candidates) == 1, (gold["id"], rows)
        matched[gold["id"]] = candidates[0]
    return matched


def test_the_five_sources_yield_exactly_six_inspections(store, inspections):
    rows = select(store, "SELECT DISTINCT ?i WHERE { ?i a kg:Inspection }")
    assert len(rows) == 6
    assert len({i["inspection"] for i in inspections.values()}) == 6


def test_each_inspection_is_named_by_the_sources_the_gold_lists(store, inspections):
    for gold in GOLD["inspections"]:
        rows = select(store, f"""SELECT DISTINCT ?path WHERE {{
            <{inspections[gold['id']]['inspection']}> kg:mentionedIn/oa:hasSource/kg:sourcePath ?path }}""")
        assert {r["path"] for r in rows} >= set(gold["source"]), gold["id"]


def test_publication_months_of_the_inspections(inspections):
    for gold in GOLD["inspections"]:
        if gold.get("published"):
            assert (inspections[gold["id"]]["published"] or "").startswith(gold["published"]), gold["id"]


def test_judgements_match_the_gold(store, inspections):
    areas = {"overall effectiveness": "overall-effectiveness",
             "the impact of leaders on social work practice with children and families": "leaders",
             "the experiences and progress of children who need help and protection": "help-and-protection",
             "the experiences and progress of children in care and care leavers": "children-in-care"}
    rows = named(store, "inspection-judgements")
    for gold in GOLD["inspections"]:
        found = {(r["area"], r["grade"]) for r in rows if r["inspection"] == inspections[gold["id"]]["inspection"]}
        assert found == {(areas[a], g) for a, g in gold["judgements"].items()}, gold["id"]


def test_undated_events_carry_the_bounds_the_text_supports(store, inspections):
    rows = select(store, """SELECT ?a ?relation ?b WHERE {
        ?bound a kg:TemporalBound ; rdf:subject ?a ; rdf:predicate ?relation ; rdf:object ?b }""".replace(
        "SELECT", "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> SELECT"))
    bounds = {(r["a"], r["relation"].rsplit("#", 1)[1], r["b"]) for r in rows}
    iri = {key: value["inspection"] for key, value in inspections.items()}
    assert (iri["focused-visit"], "after", iri["2015-inspection"]) in bounds
    assert (iri["focused-visit"], "before", iri["2019-inspection"]) in bounds
    assert (iri["monitoring-visit-1"], "before", iri["monitoring-visit-2"]) in bounds


def test_leader_at_each_inspection(store, inspections):
    rows = named(store, "leader-at-inspection")
    assert len(rows) == 6
    by_inspection = {r["inspection"]: r for r in rows}
    for gold in GOLD["leader_at_inspection"]:
        row = by_inspection[inspections[gold["inspection"]]["inspection"]]
        assert row["leader_name"] == gold["leader"], gold["inspection"]
        if gold["leader"]:
            assert row["source"] == gold["evidence"]
            assert row["leader_name"].split()[-1] in row["quote"]


def test_every_person_of_the_gold_holds_their_role(store):
    rows = named(store, "people-roles")
    for person in GOLD["people"]:
        held = [r for r in rows if r["name"] == person["name"] and r["role"] == person["role"]]
        assert {r["source"] for r in held} == set(person["source"]), person["name"]
        if "organisation" in person:
            assert {r["organisation_name"] for r in held} == {person["organisation"]}, person["name"]
        for day in (a for a in person.get("attested", []) if len(a) == 10):
            assert day in {r["attested"] for r in held}, person["name"]


def test_page_furniture_names_no_one(store):
    names = {r["name"] for r in select(store, """SELECT DISTINCT ?name WHERE {
        ?holding org:member ?p . ?p schema:name ?name }""")}
    assert names
    for furniture in GOLD["not_people_of_this_story"]:
        assert furniture["name"] not in names


def test_register_links_of_the_council_and_the_mps(store):
    links = {(r["register"], r["identifier"]) for r in named(store, "register-links")}
    stoke = GOLD["authorities"][0]
    assert {("ons-gss", stoke["gss_code"]), ("dfe-la-code", stoke["dfe_la_code"]),
            ("ofsted-urn", stoke["ofsted_urn"]), ("wikidata", stoke["wikidata"])} <= links
    assert ("ons-gss", GOLD["authorities"][1]["gss_code"]) in links
    for person in GOLD["people"]:
        if "uk_parliament_member_id" in person:
            assert ("uk-parliament-member", person["uk_parliament_member_id"]) in links
        if "wikidata" in person:
            assert ("wikidata", person["wikidata"]) in links


def test_documents_carry_their_dates_authors_and_publishers(store):
    rows = select(store, """SELECT ?path ?published ?author ?publisher WHERE {
        ?doc a kg:SourceDocument ; kg:sourcePath ?path .
        OPTIONAL { ?doc schema:datePublished ?published }
        OPTIONAL { ?doc schema:author/schema:name ?author }
        OPTIONAL { ?doc schema:publisher ?publisher } }""")
    by_path = {}
    for row in rows:
        by_path.setdefault(row["path"], []).append(row)
    for gold in GOLD["documents"]:
        found = by_path[gold["file"]]
        assert {r["published"] for r in found} == {gold["published"]}, gold["file"]
        for key in ("author", "publisher"):
            if gold.get(key):
                assert gold[key] in {r[key] for r in found}, (gold["file"], key)


def test_gold_concerns_and_strengths_are_found_with_their_category(store, inspections):
    rows = named(store, "concerns")
    for example in GOLD["concerns_examples"]:
        hits = [r for r in rows if example["text"].lower() in r["text"].lower() and r["source"] == example["source"]]
        assert hits, example["text"]
        assert any(r["category"] == example["category"] and r["polarity"] == "concern" for r in hits), example
        assert any(r["inspection"] == inspections[example["inspection"]]["inspection"] for r in hits), example
    for example in GOLD["strengths_examples"]:
        hits = [r for r in rows if example["text"].lower() in r["text"].lower() and r["source"] == example["source"]]
        assert any(r["polarity"] == "strength" for r in hits), example["text"]


def test_an_undated_story_is_bounded_by_what_it_reports(store, inspections):
    rows = select(store, """SELECT ?path ?bound ?by WHERE {
        ?doc kg:sourcePath ?path ; kg:notPublishedBefore ?bound ; kg:publicationBoundedBy ?by }""")
    bounds = {r["path"]: (r["bound"], r["by"]) for r in rows}
    assert bounds["003_35293310fe09c270.txt"] == ("2019-02", inspections["2019-inspection"]["inspection"])
    dated = {d["file"] for d in GOLD["documents"] if d["published"]}
    assert not dated & set(bounds)


def test_every_post_holder_tied_to_an_inspection(store, inspections):
    rows = {(r["inspection"], r["role"], r["holder_name"]) for r in named(store, "role-at-inspection")}
    iri = {key: value["inspection"] for key, value in inspections.items()}
    assert (iri["monitoring-visit-2"], "director-of-childrens-services", "Sarah Parker") in rows
    assert (iri["2022-inspection"], "lead-member-for-children", "Dave Evans") in rows
    leaders = {(i, name) for i, role, name in rows if role == "council-leader"}
    assert leaders == {(iri[g["inspection"]], g["leader"]) for g in GOLD["leader_at_inspection"] if g["leader"]}
