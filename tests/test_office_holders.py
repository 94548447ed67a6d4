"""Office-holder registers (build_graph.py --register): loading, provenance, basis, conflicts, pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

import build_graph
from graph.pipeline import UNVALIDATED_GRAPHS, build
from graph.records import BadRow, PartialDate
from graph.registers.office_holders import council_code, person_name, post_role, read_office_holders
from graph.resolve.people import tenure_covers
from graph.store import EmbeddedStore
from graph.validate import validate_nquads
from ofsted_kg import cli

ROOT = Path(__file__).resolve().parent.parent
PREFIXES = """PREFIX kg: <https://w3id.org/ofsted-kg/def#> PREFIX schema: <http://schema.org/>
PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX org: <http://www.w3.org/ns/org#>
"""


def _rows(result) -> list[dict[str, str | None]]:
    variables = [v.value for v in result.variables]
    return [{v: (row[v].value if row[v] is not None else None) for v in variables} for row in result]


def named(store: EmbeddedStore, name: str) -> list[dict[str, str | None]]:
    return _rows(store.query((ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")))


def select(store: EmbeddedStore, body: str) -> list[dict[str, str | None]]:
    return _rows(store.query(PREFIXES + body))
SAMPLE = ROOT / "docs" / "office-holders-sample.csv"
ID = "https://w3id.org/ofsted-kg/id/"
STOKE = ID + "inspection/E06000021/"
SAMPLE_CITATION = "Fictional sample row (docs/office-holders.md)"
BAD = """person,post,council,from,to,source
Cllr Eve Invented,Leader of the Council,Narnia County Council,2019,,a citation
Fay Invented,Opposition group leader,Stoke-on-Trent,2019,,a citation

Gus Invented,Leader of the Council,E06000021,2019-02-30,,a citation
Hal Invented,Chief Executive,80564,2019,2018-12,a citation
Brown,Leader of the Council,861,2019,,a citation
Ivy Invented,HMI,Stoke-on-Trent,2019,,a citation
Jo Invented,Chief Executive,Stoke-on-Trent,2019,,
Kit Invented,Chief Executive,Birmingham City Council,2019-03,,"Invented, for the tests"
"""
BAD_ROWS = [
    BadRow("bad.csv", 2, "council 'Narnia County Council' is no children's services authority the registers know "
                         "by that name or code"),
    BadRow("bad.csv", 3, "post 'Opposition group leader' is not a title the role rules know (graph/rules/roles.yaml)"),
    BadRow("bad.csv", 5, "from '2019-02-30' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD"),
    BadRow("bad.csv", 6, "to 2018-12 is before from 2019"),
    BadRow("bad.csv", 7, "person 'Brown': give a full name; a surname alone names no one across sources"),
    BadRow("bad.csv", 8, "post 'HMI' (hmi) is not a council post"),
    BadRow("bad.csv", 9, "no source: give the URL or citation the row rests on"),
]


@pytest.fixture(scope="module")
def bad_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("registers") / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory, bad_csv):
    directory = tmp_path_factory.mktemp("office-holders")
    store = EmbeddedStore(directory / "store")
    report = build([ROOT / "sources"], store, jobs=1, office_holders=[SAMPLE, bad_csv], out=directory / "dataset.nq")
    return store, report, directory / "dataset.nq"


@pytest.fixture(scope="module")
def store(built) -> EmbeddedStore:
    return built[0]


# ------------------------------------------------------------------ reading a table


@pytest.mark.parametrize(("post", "role"), [
    ("Cabinet Member for Children and Young People", "lead-member-for-children"),
    ("Executive Director of Children's Services", "director-of-childrens-services"),
    ("Leader of the Council", "council-leader"),
    ("Director of Children and Family Services", "director-of-childrens-services"),
    ("Deputy Leader", "deputy-council-leader"),
    ("Leader of Stoke-on-Trent City Council", "council-leader"),
])
def test_a_post_in_local_wording_maps_as_the_people_extractor_maps_it(post, role):
    assert post_role(post) == (role, post)


@pytest.mark.parametrize("post", ["Opposition group leader", "Head of Finance", "HMI", ""])
def test_an_unrecognised_or_non_council_post_is_refused_not_guessed(post):
    with pytest.raises(ValueError):
        post_role(post)


@pytest.mark.parametrize("council", ["Stoke-on-Trent", "Stoke-on-Trent City Council", "E06000021", "861", "80564"])
def test_a_council_by_any_name_or_code(council):
    assert council_code(council) == "E06000021"


def test_honorifics_come_off_a_name_as_the_extractor_takes_them_off():
    assert person_name("Cllr Abi Brown") == ("Cllr", "Abi Brown")
    assert person_name("The Rt Hon Ann James MP") == ("The Rt Hon", "Ann James")
    assert person_name("Dr Cal Placeholder") == ("Dr", "Cal Placeholder")


def test_a_tenure_covers_a_visit_only_when_it_certainly_does():
    day = PartialDate
    assert tenure_covers(day("2014-05"), day("2016-05"), day("2015"))
    assert tenure_covers(day("2021-09"), None, day("2022-10"))
    assert not tenure_covers(day("2019-05"), None, day("2019"))  # began some time in 2019: maybe after
    assert not tenure_covers(day("2018"), day("2019-02"), day("2019-02-04"))  # left some time that month
    assert not tenure_covers(day("2020-03-25"), day("2020-03-25"), day("2020-02-27"))


def test_a_table_loads_its_good_rows_and_reports_each_bad_one_with_line_and_reason(bad_csv):
    holdings, bad = read_office_holders(bad_csv)
    assert bad == BAD_ROWS
    assert [(h.name, h.role, h.authority, h.row.line, h.row.citation) for h in holdings] == [
        ("Kit Invented", "chief-executive", "E08000025", 10, "Invented, for the tests")]
    assert holdings[0].row.text == 'Kit Invented,Chief Executive,Birmingham City Council,2019-03,,"Invented, for the tests"'


def test_a_table_without_the_columns_is_rejected_as_a_file_and_the_build_goes_on(tmp_path):
    table = tmp_path / "wrong.csv"
    table.write_text("name,role\nAda Example,Leader\n", encoding="utf-8")
    report = build([ROOT / "sources" / "000_b92515f3430d9920.txt"], EmbeddedStore(tmp_path / "store"), jobs=1,
                   office_holders=[table])
    assert [(r.source, r.reason) for r in report.rejected] == [
        (str(table), "office-holder register: the header row (line 1) lacks the column(s) person, post, council, "
                     "from, to, source; expected person,post,council,from,to,source")]


# ------------------------------------------------------------------ the build report and exit codes


def test_the_build_report_names_each_bad_row_and_the_good_rows_load(built):
    _, report, _ = built
    assert report.bad_rows == BAD_ROWS
    assert report.register_rows == 6  # five sample rows and the one good row of bad.csv
    lines = report.lines()
    assert "office-holder register rows loaded: 6 (7 bad)" in lines
    assert "bad register row: bad.csv line 6: to 2018-12 is before from 2019" in lines


def test_bad_rows_exit_zero_and_non_zero_under_strict(tmp_path, bad_csv, capsys):
    source = str(ROOT / "sources" / "000_b92515f3430d9920.txt")
    common = ["--sources", source, "--register", str(bad_csv), "--jobs", "1"]
    assert build_graph.main([*common, "--store", str(tmp_path / "a")]) == 0
    assert "bad register row: bad.csv line 9: no source: give the URL or citation the row rests on" in \
        capsys.readouterr().out
    assert build_graph.main([*common, "--store", str(tmp_path / "b"), "--strict"]) == 2


def test_the_console_command_takes_the_same_option(tmp_path, capsys):
    assert cli.main(["build", "--sources", str(ROOT / "sources" / "000_b92515f3430d9920.txt"),
                     "--register", str(SAMPLE), "--store", str(tmp_path / "store"), "--jobs", "1"]) == 0
    assert "office-holder register rows loaded: 5 (0 bad)" in capsys.readouterr().out


def test_a_missing_register_file_stops_the_build(tmp_path, capsys):
    assert build_graph.main(["--sources", str(ROOT / "sources"), "--register", str(tmp_path / "nope.csv"),
                             "--store", str(tmp_path / "store")]) == 1
    assert f"--register {tmp_path / 'nope.csv'}: no such file" in capsys.readouterr().err


# ------------------------------------------------------------------ named queries: basis and conflicts


def test_leader_at_inspection_fills_from_a_register_only_where_no_document_ties_a_leader(store):
    rows = [{k: r[k] for k in ("inspection", "leader_name", "source", "rule", "basis", "citation", "conflict")}
            for r in named(store, "leader-at-inspection") if r["authority_code"] == "E06000021"]
    none = {"leader_name": None, "source": None, "rule": None, "basis": None, "citation": None, "conflict": None}
    assert rows == [
        {"inspection": STOKE + "focused-visit/undated-a47ab295ed", **none},
        {"inspection": STOKE + "monitoring-visit/number-1", **none},
        {"inspection": STOKE + "sif/2015", "leader_name": "Ada Example", "source": "office-holders-sample.csv",
         "rule": "register-tenure-covers-visit", "basis": "register", "citation": SAMPLE_CITATION, "conflict": None},
        {"inspection": STOKE + "ilacs-standard/2019-02", "leader_name": "Ann James",
         "source": "003_35293310fe09c270.txt", "rule": "reported-in-same-document", "basis": "document",
         "citation": None, "conflict": STOKE + "ilacs-standard/2019-02/conflict/holder/council-leader"},
        {"inspection": STOKE + "monitoring-visit/2020-02-27", "leader_name": "Abi Brown",
         "source": "000_b92515f3430d9920.txt", "rule": "reported-in-same-document", "basis": "document",
         "citation": None, "conflict": None},
        {"inspection": STOKE + "ilacs-standard/2022-10", "leader_name": "Abi Brown",
         "source": "002_4bb65f1cfdd924b5.txt", "rule": "reported-in-same-document", "basis": "document",
         "citation": None, "conflict": None},
    ]


def test_a_register_rows_quote_is_the_row_as_written(store):
    row = next(r for r in named(store, "leader-at-inspection") if r["basis"] == "register")
    assert row["quote"] == ("Cllr Ada Example,Leader of the Council,Stoke-on-Trent,2014-05,2016-05,"
                            f"{SAMPLE_CITATION},FICTIONAL person: an illustration of the format; "
                            "not a claim about anyone")


def test_role_at_inspection_says_the_basis_of_every_post(store):
    rows = {(r["inspection"].removeprefix(STOKE), r["role"], r["holder_name"], r["basis"], r["conflict"])
            for r in named(store, "role-at-inspection") if r["authority_code"] == "E06000021"}
    assert rows == {
        ("sif/2015", "council-leader", "Ada Example", "register", None),
        ("ilacs-standard/2019-02", "council-leader", "Ann James", "document",
         STOKE + "ilacs-standard/2019-02/conflict/holder/council-leader"),
        ("monitoring-visit/2020-02-27", "council-leader", "Abi Brown", "document", None),
        ("monitoring-visit/2020-02-27", "director-of-childrens-services", "Sarah Parker", "document", None),
        ("monitoring-visit/2020-02-27", "lead-member-for-children", "Dana Madeup", "register", None),
        ("ilacs-standard/2022-10", "council-leader", "Abi Brown", "document", None),
        ("ilacs-standard/2022-10", "director-of-childrens-services", "Cal Placeholder", "register", None),
        ("ilacs-standard/2022-10", "lead-member-for-children", "Dave Evans", "document", None),
    }


def test_a_disagreement_is_a_conflict_in_the_derived_graph_with_both_kept(store):
    rows = select(store, """SELECT ?conflict ?type ?property ?role ?stated ?registered WHERE {
        GRAPH <https://w3id.org/ofsted-kg/graph/derived> {
          ?inspection kg:conflict ?conflict . ?conflict a kg:HolderConflict , ?type ;
            kg:conflictProperty ?property ; kg:conflictRole ?role ; kg:statedValue ?stated ;
            kg:registerValue ?registered } }""")
    conflict = STOKE + "ilacs-standard/2019-02/conflict/holder/council-leader"
    assert {tuple(r.values()) for r in rows} == {
        (conflict, kind, "https://w3id.org/ofsted-kg/def#holder",
         "https://w3id.org/ofsted-kg/concept/role/council-leader", ID + "person/ann-james", ID + "person/bea-fictional")
        for kind in ("https://w3id.org/ofsted-kg/def#RegisterConflict", "https://w3id.org/ofsted-kg/def#HolderConflict")}
    kept = select(store, """SELECT ?name WHERE { ?h org:member/schema:name ?name ; kg:attestation ?a .
        ?a kg:startDate "2018-05"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> }""")
    assert kept == [{"name": "Bea Fictional"}]


# ------------------------------------------------------------------ the register graph and its provenance


def test_each_row_is_evidence_in_the_registers_own_graph(store):
    rows = select(store, """SELECT ?row ?line ?file ?citation ?attestation ?title WHERE {
        GRAPH <https://w3id.org/ofsted-kg/graph/register/office-holders/office-holders-sample.csv> {
          ?attestation a kg:RoleAttestation ; kg:roleTitle ?title ; kg:evidence ?row ;
                       prov:wasDerivedFrom ?register .
          ?row a kg:RegisterRow ; kg:lineNumber ?line ; oa:hasSource ?register ;
               dcterms:bibliographicCitation ?citation .
          ?register a kg:OfficeHolderRegister ; kg:sourcePath ?file } } ORDER BY ?line""".replace(
        "SELECT", "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX dcterms: <http://purl.org/dc/terms/> SELECT"))
    base = ID + "register/office-holders/office-holders-sample.csv/row/"
    assert [(r["row"], r["line"], r["file"], r["attestation"], r["title"]) for r in rows] == [
        (base + "2", "2", "office-holders-sample.csv", ID + "attestation/register/office-holders/office-holders-sample.csv/2",
         "Leader of the Council"),
        (base + "3", "3", "office-holders-sample.csv", ID + "attestation/register/office-holders/office-holders-sample.csv/3",
         "Leader of the Council"),
        (base + "4", "4", "office-holders-sample.csv", ID + "attestation/register/office-holders/office-holders-sample.csv/4",
         "Cabinet Member for Children and Young People"),
        (base + "5", "5", "office-holders-sample.csv", ID + "attestation/register/office-holders/office-holders-sample.csv/5",
         "Executive Director of Children's Services"),
        (base + "6", "6", "office-holders-sample.csv", ID + "attestation/register/office-holders/office-holders-sample.csv/6",
         "Leader of the Council"),
    ]
    assert rows[4]["citation"].startswith("sources/000_b92515f3430d9920.txt: Joe Lepper, CYP Now")


def test_a_register_row_and_a_document_about_one_person_give_one_person(store):
    rows = select(store, """SELECT DISTINCT ?holding ?attestation WHERE {
        ?holding org:member <https://w3id.org/ofsted-kg/id/person/abi-brown> ; kg:attestation ?attestation }""")
    holdings = {r["holding"] for r in rows}
    assert holdings == {ID + "holding/abi-brown/council-leader/E06000021"}
    assert ID + "attestation/register/office-holders/office-holders-sample.csv/6" in {r["attestation"] for r in rows}


def test_the_register_graph_is_validated_by_shacl(built, tmp_path):
    _, _, nquads = built
    graph = "https://w3id.org/ofsted-kg/graph/register/office-holders/office-holders-sample.csv"
    assert not any(graph.startswith(skipped) for skipped in UNVALIDATED_GRAPHS)
    assert validate_nquads(nquads, UNVALIDATED_GRAPHS).conforms
    row = ID + "register/office-holders/office-holders-sample.csv/row/2"
    citation = "http://purl.org/dc/terms/bibliographicCitation"
    line_number = "https://w3id.org/ofsted-kg/def#lineNumber"
    lines = [line for line in nquads.read_text(encoding="utf-8").splitlines(keepends=True)
             if not line.startswith(f"<{row}> <{citation}>")]
    lines.append(f'<{row}> <{line_number}> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <{graph}> .\n')
    broken = tmp_path / "broken.nq"
    broken.write_text("".join(sorted(lines)), encoding="utf-8")
    report = validate_nquads(broken, UNVALIDATED_GRAPHS)
    assert {(str(v.focus_node), str(v.path)) for v in report.violations} == {(row, citation), (row, line_number)}
    assert all(v.source_graphs == (URIRef(graph),) for v in report.violations)


# ------------------------------------------------------------------ pages


@pytest.fixture(scope="module")
def pages(make_client, built):
    store, _, _ = built
    with make_client(store.directory, queries_dir=ROOT / "queries") as client:
        yield client


def test_the_person_page_shows_a_register_holding_as_such(pages):
    page = pages.get("/id/person/ada-example").text
    assert ('<tr><td>Leader of the Council</td><td>2014-05 to 2016-05</td><td><span class="register-row">'
            f"from a register: office-holders-sample.csv, line 2, {SAMPLE_CITATION}</span></td></tr>") in page
    assert "(derived: register-tenure-covers-visit, from a register)" in page


def test_the_timeline_draws_register_holdings_hatched(pages):
    page = pages.get("/authority/E06000021").text
    hatched = [part for part in page.split("<rect ")[1:] if 'class="register"' in part]
    assert len(hatched) == 5
    assert all('fill="url(#register-hatch)"' in part for part in hatched)
    assert "<title>Ada Example, Leader of the Council (2014-05 to 2016-05; from a register: office-holders-sample.csv, " \
           "line 2)</title>" in page
