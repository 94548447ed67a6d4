"""Named queries: header records, /queries listings, runs with bound parameters."""

from __future__ import annotations

import pytest

from graph.queries import NamedQueryError, Parameter, parse

STOKE = {
    "authority_code": {"type": "literal", "value": "E06000021"},
    "authority_name": {"type": "literal", "value": "Stoke-on-Trent"},
    "inspection": {"type": "uri", "value": "https://w3id.org/ofsted-kg/id/inspection/E06000021/ilacs-standard/2019-02"},
    "start_date": {"type": "literal", "value": "2019-02", "datatype": "http://www.w3.org/2001/XMLSchema#gYearMonth"},
    "grade": {"type": "literal", "value": "Inadequate", "xml:lang": "en"},
}
VARIABLES = ["authority_code", "authority_name", "inspection", "start_date", "grade"]


@pytest.fixture(scope="module")
def http(service_client):
    return service_client


def test_header_gives_title_description_with_continuations_and_parameters():
    query = parse("q", "# title: T\n# description: first line\n#   second line\n"
                       "# param: code string a GSS code\n# param: day date a day\nSELECT ?code ?day {}\n")
    assert (query.title, query.description, query.parameters) == (
        "T", "first line second line", (Parameter("code", "string", "a GSS code"), Parameter("day", "date", "a day")))


@pytest.mark.parametrize("text", ["SELECT * {}", "# title: only a title\nSELECT * {}",
                                  "# title: T\n# description: D\n# param: x number no such type\nSELECT * {}"])
def test_a_malformed_header_is_an_error_naming_the_query(text):
    with pytest.raises(NamedQueryError, match="named query broken"):
        parse("broken", text)


def test_list_as_json_gives_every_query_record(http):
    records = http.get("/queries.json").json()
    assert [r["name"] for r in records] == ["authorities", "grades"]
    assert records[1]["parameters"] == [
        {"name": "authority_code", "type": "string", "doc": "ONS GSS code of one council (default: every council)"},
        {"name": "start_date", "type": "date", "doc": "Only the inspection that started then (YYYY, YYYY-MM or YYYY-MM-DD)"},
    ]
    assert records[1]["links"] == {"html": "/queries/grades", "json": "/queries/grades.json", "csv": "/queries/grades.csv"}


def test_list_as_html_links_every_query(http):
    page = http.get("/queries").text
    assert '<a href="/queries/grades">Overall grade of each inspection</a>' in page
    assert '<a href="/queries/authorities.csv">CSV</a>' in page


def test_a_parameter_is_bound_as_a_term_not_spliced_into_text(http):
    response = http.get("/queries/grades.json", params={"authority_code": "E06000021"})
    assert response.json() == {"head": {"vars": VARIABLES}, "results": {"bindings": [STOKE]}}
    injection = http.get("/queries/grades.json", params={"authority_code": 'E06000021" } UNION { ?x ?y "'})
    assert injection.json()["results"]["bindings"] == []


def test_a_date_parameter_takes_the_precision_given(http):
    assert http.get("/queries/grades.json", params={"start_date": "2019-02"}).json()["results"]["bindings"] == [STOKE]
    assert http.get("/queries/grades.json", params={"start_date": "2019"}).json()["results"]["bindings"] == []


def test_an_empty_parameter_leaves_the_variable_free(http):
    assert len(http.get("/queries/grades.json", params={"authority_code": ""}).json()["results"]["bindings"]) == 2


def test_csv_of_a_named_query_reads_plainly(http):
    response = http.get("/queries/authorities.csv")
    assert response.text == (
        "authority,authority_code,authority_name\r\n"
        "https://w3id.org/ofsted-kg/id/authority/E06000021,E06000021,Stoke-on-Trent\r\n"
        "https://w3id.org/ofsted-kg/id/authority/E08000025,E08000025,Birmingham\r\n")


def test_an_unknown_parameter_is_400_naming_it(http):
    response = http.get("/queries/grades.json", params={"council": "x"})
    assert (response.status_code, response.text) == (
        400, "unknown parameter council for grades (parameters: authority_code, start_date)\n")


def test_a_malformed_value_is_400_naming_the_parameter(http):
    response = http.get("/queries/grades.json", params={"start_date": "last tuesday"})
    assert (response.status_code, response.text) == (400, "parameter start_date: 'last tuesday' is not a valid date\n")


def test_an_unknown_query_is_404(http):
    response = http.get("/queries/nope.json")
    assert (response.status_code, response.text) == (404, "no named query called 'nope'; see /queries for the list\n")


def test_html_page_has_the_form_and_the_results_table(http):
    page = http.get("/queries/grades", params={"authority_code": "E06000021"}).text
    assert "<h1>Overall grade of each inspection</h1>" in page
    assert '<input name="authority_code" value="E06000021"' in page
    assert "<th>authority_code</th><th>authority_name</th><th>inspection</th><th>start_date</th><th>grade</th>" in page
    assert "<td>Stoke-on-Trent</td>" in page
    assert "<p>1 row</p>" in page


def test_query_page_lists_every_named_query_and_loads_assets_from_the_service(http):
    page = http.get("/").text
    assert 'data-query="grades"' in page and 'data-query="authorities"' in page
    assert '<script src="/static/vendor/yasgui/yasgui.min.js"></script>' in page
    assert "http" not in page.split("<body>")[1].split('<script id="named-queries-data"')[0].replace('href="/', "")
    for asset in ("/static/vendor/yasgui/yasgui.min.js", "/static/vendor/yasgui/yasgui.min.css", "/static/query.js"):
        assert http.get(asset).status_code == 200
