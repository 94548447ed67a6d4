"""The W3C Reconciliation Service API 0.2 at /reconcile, over the pages fixture (three councils, people,
inspections, judgements), every JSON answer validated against the 0.2 JSON Schemas of
tests/conformance/reconciliation-0.2 (Draft 7, each schema registered by its $id)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7

from service.reconcile.model import BATCH_SIZE

CONFORMANCE = Path(__file__).resolve().parent / "conformance" / "reconciliation-0.2"
SCHEMAS = CONFORMANCE / "schemas"
SPEC_BASE = "https://reconciliation-api.github.io/specs/0.2/schemas/"
STOKE = "authority/E06000021"


def _registry() -> Registry:
    """Every schema file under its $id and, since some $ids name other folders, under its 0.2 file name."""
    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resource = DRAFT7.create_resource(contents)
        resources += [(contents["$id"].rstrip("#"), resource), (SPEC_BASE + path.name, resource)]
    return Registry().with_resources(resources)


REGISTRY = _registry()


def validator(schema: str) -> Draft7Validator:
    return Draft7Validator(json.loads((SCHEMAS / f"{schema}.json").read_text(encoding="utf-8")), registry=REGISTRY)


def valid(schema: str, document: object) -> object:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(schema).iter_errors(document)]
    assert errors == [], errors
    return document


EXAMPLES = sorted(p for p in (CONFORMANCE / "examples").glob("*/*/*.json") if (SCHEMAS / f"{p.parts[-3]}.json").exists())


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: "/".join(p.parts[-3:]))
def test_the_validator_agrees_with_upstreams_examples(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert validator(path.parts[-3]).is_valid(document) is (path.parts[-2] == "valid")


def test_upstreams_examples_cover_every_schema_we_validate_with() -> None:
    assert {p.parts[-3] for p in EXAMPLES} >= {"manifest", "reconciliation-result-batch", "data-extension-response",
                                               "suggest-entities-response", "reconciliation-query-batch"}


@pytest.fixture(scope="module")
def client(pages_client):
    return pages_client


def reconcile(client, queries: dict, method: str = "POST") -> dict:
    valid("reconciliation-query-batch", queries)
    if method == "POST":
        response = client.post("/reconcile", data={"queries": json.dumps(queries)})
    else:
        response = client.get("/reconcile", params={"queries": json.dumps(queries)})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    return valid("reconciliation-result-batch", response.json())


def test_manifest(client) -> None:
    response = client.get("/reconcile")
    assert response.status_code == 200
    base = "http://testserver"
    assert valid("manifest", response.json()) == {
        "versions": ["0.2"],
        "name": "Ofsted inspections of English councils' children's services (ofsted-kg)",
        "identifierSpace": "https://w3id.org/ofsted-kg/id/",
        "schemaSpace": "https://w3id.org/ofsted-kg/def#",
        "documentation": f"{base}/",
        "view": {"url": f"{base}/id/{{{{id}}}}"},
        "defaultTypes": [{"id": "Authority", "name": "Council"}, {"id": "Person", "name": "Person"},
                         {"id": "Inspection", "name": "Inspection"}],
        "preview": {"url": f"{base}/reconcile/preview?id={{{{id}}}}", "width": 420, "height": 190},
        "suggest": {kind: {"service_url": f"{base}/reconcile", "service_path": f"/suggest/{kind}"}
                    for kind in ("entity", "property", "type")},
        "extend": {"propose_properties": {"service_url": f"{base}/reconcile", "service_path": "/properties"},
                   "property_settings": response.json()["extend"]["property_settings"]},
        "batchSize": BATCH_SIZE,
    }
    assert [s["name"] for s in response.json()["extend"]["property_settings"]] == ["at", "limit"]


@pytest.mark.parametrize("text", ["Stoke", "Stoke-on-Trent City Council", "stoke on trent", "861", "E06000021",
                                  "80564", "Q17022507", STOKE])
@pytest.mark.parametrize("method", ["POST", "GET"])
def test_any_name_form_or_register_code_finds_stoke_on_trent(client, text: str, method: str) -> None:
    answer = reconcile(client, {"q0": {"query": text, "type": "Authority"}}, method)
    first = answer["q0"]["result"][0]
    assert first == {
        "id": STOKE, "name": "Stoke-on-Trent City Council", "description": "Council, West Midlands (E06000021)",
        "type": [{"id": "Authority", "name": "Council"}], "score": 100.0,
        "features": [{"id": "name", "value": 100.0}], "match": True,
    }
    assert [c["match"] for c in answer["q0"]["result"][1:]] == [False] * (len(answer["q0"]["result"]) - 1)


def test_at_most_one_match_and_only_when_clearly_ahead(client) -> None:
    answer = reconcile(client, {"a": {"query": "Derby City Council"}, "b": {"query": "Council"},
                                "c": {"query": "Staffs County Council", "type": "Authority"}})
    for key, result in answer.items():
        assert sum(c["match"] for c in result["result"]) <= 1, key
        scores = [c["score"] for c in result["result"]]
        assert scores == sorted(scores, reverse=True)
    assert answer["a"]["result"][0]["id"] == "authority/E06000015" and answer["a"]["result"][0]["match"]
    assert not any(c["match"] for c in answer["b"]["result"])


def test_type_guessing_returns_typed_candidates(client) -> None:
    answer = reconcile(client, {f"q{i}": {"query": text, "limit": 3}
                                for i, text in enumerate(["Stoke", "Derby City Council", "Abi Brown"])})
    assert [r["result"][0]["type"][0]["id"] for r in answer.values()] == ["Authority", "Authority", "Person"]
    assert all(len(r["result"]) <= 3 for r in answer.values())


def test_properties_confirm_or_contradict(client) -> None:
    answer = reconcile(client, {
        "agrees": {"query": "Stoke", "type": "Authority", "properties": [{"pid": "gssCode", "v": "E06000021"},
                                                                         {"pid": "region", "v": "West Midlands"}]},
        "contradicts": {"query": "Stoke", "type": "Authority", "properties": [{"pid": "region", "v": "London"}]},
        "only": {"type": "Authority", "properties": [{"pid": "dfeLaCode", "v": "831"}]},
    })
    assert (answer["agrees"]["result"][0]["score"], answer["agrees"]["result"][0]["match"]) == (100.0, True)
    contradicted = answer["contradicts"]["result"][0]
    assert (contradicted["id"], contradicted["score"], contradicted["match"]) == (STOKE, 70.0, False)
    assert [c["id"] for c in answer["only"]["result"]] == ["authority/E06000015"]


def test_people_and_inspections(client) -> None:
    answer = reconcile(client, {
        "person": {"query": "Cllr Abi Brown", "type": "Person",
                   "properties": [{"pid": "authority", "v": "Stoke-on-Trent"}, {"pid": "role", "v": "council leader"}]},
        "wrong-council": {"query": "Abi Brown", "type": "Person", "properties": [{"pid": "authority", "v": "E06000015"}]},
        "inspection": {"query": "Derby, May 2019", "type": "Inspection"},
        "by-date": {"query": "Staffordshire", "type": "Inspection", "properties": [{"pid": "startDate", "v": "2022-06"}]},
    })
    assert answer["person"]["result"][0]["id"] == "person/abi-brown" and answer["person"]["result"][0]["match"]
    assert not answer["wrong-council"]["result"][0]["match"]
    assert answer["wrong-council"]["result"][0]["score"] == 70.0
    inspection = answer["inspection"]["result"][0]
    assert (inspection["id"], inspection["match"]) == ("inspection/E06000015/ilacs-short/2019-05", True)
    assert answer["by-date"]["result"][0]["id"] == "inspection/E10000028/ilacs-standard/2022-06"


def test_malformed_and_oversized_batches(client) -> None:
    bad = client.post("/reconcile", data={"queries": "{not json"})
    assert (bad.status_code, bad.text) == (
        400, "queries: not valid JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1))\n")
    not_object = client.get("/reconcile", params={"queries": "[]"})
    assert (not_object.status_code, not_object.text) == (400, "queries: expected a JSON object mapping keys to queries\n")
    empty = client.post("/reconcile", data={"queries": json.dumps({"q": {"query": " "}})})
    assert (empty.status_code, empty.text) == (400, "queries: query 'q' has neither a query string nor properties\n")
    many = {f"q{i}": {"query": "Derby"} for i in range(BATCH_SIZE + 1)}
    too_many = client.post("/reconcile", data={"queries": json.dumps(many)})
    assert (too_many.status_code, too_many.text) == (
        413, f"queries: a batch holds at most {BATCH_SIZE} queries (batchSize); this one holds {BATCH_SIZE + 1}\n")


def test_suggest_entities_properties_and_types(client) -> None:
    entities = valid("suggest-entities-response", client.get("/reconcile/suggest/entity", params={"prefix": "sto"}).json())
    assert entities["result"][0] == {"id": STOKE, "name": "Stoke-on-Trent City Council",
                                     "description": "Council, West Midlands (E06000021)",
                                     "notable": [{"id": "Authority", "name": "Council"}]}
    typed = client.get("/reconcile/suggest/entity", params={"prefix": "a", "type": "Person"}).json()
    assert {e["notable"][0]["id"] for e in valid("suggest-entities-response", typed)["result"]} == {"Person"}
    page = client.get("/reconcile/suggest/property", params={"prefix": "grade", "type": "Authority"}).json()
    second = client.get("/reconcile/suggest/property",
                        params={"prefix": "grade", "type": "Authority", "cursor": "10"}).json()
    valid("suggest-properties-response", page), valid("suggest-properties-response", second)
    assert len(page["result"]) == 10 and second["result"] and not {p["id"] for p in page["result"]} & {
        p["id"] for p in second["result"]}
    types = valid("suggest-types-response", client.get("/reconcile/suggest/type", params={"prefix": "insp"}).json())
    assert types == {"result": [{"id": "Inspection", "name": "Inspection",
                                 "description": "An Ofsted inspection or visit of a council's children's services"}]}
    assert client.get("/reconcile/suggest/entity", params={"prefix": "a", "cursor": "x"}).status_code == 400


def test_preview_is_a_small_card_an_iframe_may_show(client) -> None:
    response = client.get("/reconcile/preview", params={"id": STOKE})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "x-frame-options" not in response.headers
    assert "<h1><a href=\"http://testserver/id/authority/E06000021\"" in response.text
    assert "<dt>GSS</dt><dd>E06000021</dd>" in response.text and "<script" not in response.text
    assert client.get("/reconcile/preview", params={"id": "authority/nope"}).status_code == 404


def test_property_proposals(client) -> None:
    for kind in ("Authority", "Person", "Inspection"):
        proposal = valid("data-extension-property-proposal",
                         client.get("/reconcile/properties", params={"type": kind}).json())
        assert proposal["type"] == kind and proposal["properties"]
    limited = client.get("/reconcile/properties", params={"type": "Authority", "limit": "3"}).json()
    assert [p["id"] for p in limited["properties"]] == ["gssCode", "dfeLaCode", "ofstedUrn"]
    assert client.get("/reconcile/properties", params={"type": "Nope"}).status_code == 400


DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T00:00:00$")


def test_data_extension(client) -> None:
    request = {"ids": [STOKE, "authority/E06000015", "person/abi-brown", "authority/nope"],
               "properties": [{"id": "gssCode"}, {"id": "region"}, {"id": "wikidata"},
                              {"id": "latestGrade/overall-effectiveness"},
                              {"id": "latestGradeDate/overall-effectiveness"}, {"id": "inspectionDates"},
                              {"id": "holder/council-leader", "settings": {"at": "2030-01-01"}}, {"id": "posts"}]}
    valid("data-extension-query", request)
    answer = valid("data-extension-response",
                   client.post("/reconcile", data={"extend": json.dumps(request)}).json())
    assert [m["id"] for m in answer["meta"]] == [p["id"] for p in request["properties"]]
    assert all(m["name"] for m in answer["meta"])
    derby = answer["rows"]["authority/E06000015"]
    assert derby["gssCode"] == [{"str": "E06000015"}] and derby["region"] == [{"str": "East Midlands"}]
    assert derby["latestGrade/overall-effectiveness"] == [{"str": "Outstanding"}]
    assert derby["latestGradeDate/overall-effectiveness"] == [{"str": "2019-05"}]  # a month stays a month
    assert answer["rows"][STOKE]["wikidata"] == [{"str": "Q17022507"}]
    assert answer["rows"][STOKE]["holder/council-leader"] == [{"id": "person/abi-brown", "name": "Abi Brown"}]
    assert answer["rows"]["authority/nope"] == {p["id"]: [] for p in request["properties"]}
    values = [v for row in answer["rows"].values() for cell in row.values() for v in cell]
    assert all(DATE.match(v["date"]) for v in values if "date" in v)
    assert not any(isinstance(x, bool) for v in values for x in v.values())


def test_extension_errors(client) -> None:
    unknown = client.get("/reconcile", params={"extend": json.dumps({"ids": [STOKE], "properties": [{"id": "x"}]})})
    assert (unknown.status_code, unknown.text) == (400, "extend: no property 'x'; see /reconcile/properties\n")
    many = {"ids": [STOKE] * (BATCH_SIZE + 1), "properties": [{"id": "gssCode"}]}
    too_many = client.post("/reconcile", data={"extend": json.dumps(many)})
    assert too_many.status_code == 413


def test_jsonp(client) -> None:
    response = client.get("/reconcile", params={"callback": "jQuery123_456"})
    assert response.headers["content-type"] == "application/javascript; charset=utf-8"
    match = re.fullmatch(r"/\*\*/jQuery123_456\((.*)\);", response.text, re.S)
    assert match and valid("manifest", json.loads(match.group(1)))
    suggest = client.get("/reconcile/suggest/entity", params={"prefix": "derby", "callback": "cb"})
    assert valid("suggest-entities-response", json.loads(suggest.text[len("/**/cb("):-2]))["result"]
    bad = client.get("/reconcile", params={"callback": "alert(1)//"})
    assert bad.status_code == 400


@pytest.mark.parametrize("path", ["/reconcile", "/reconcile/suggest/entity", "/reconcile/suggest/property",
                                  "/reconcile/suggest/type", "/reconcile/properties", "/reconcile/preview"])
def test_cors_on_every_endpoint(client, path: str) -> None:
    preflight = client.options(path, headers={"Origin": "http://127.0.0.1:3333",
                                              "Access-Control-Request-Method": "POST",
                                              "Access-Control-Request-Headers": "Content-Type"})
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == "*"
    assert client.options(path).status_code == 204
    query = {"id": STOKE} if path.endswith("preview") else {}
    simple = client.get(path, params=query, headers={"Origin": "http://127.0.0.1:3333"})
    assert simple.status_code == 200 and simple.headers["access-control-allow-origin"] == "*"


def test_the_index_is_built_once_per_build(client) -> None:
    client.get("/reconcile/suggest/entity", params={"prefix": "derby"})
    key, index = client.app.state.reconcile_index
    client.get("/reconcile/suggest/entity", params={"prefix": "stoke"})
    assert client.app.state.reconcile_index[1] is index
    client.app.state.pool.new_generation()  # what an update does: the next request rebuilds
    client.get("/reconcile/suggest/entity", params={"prefix": "stoke"})
    assert client.app.state.reconcile_index[1] is not index and client.app.state.reconcile_index[0] != key
