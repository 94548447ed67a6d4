"""The round trip with a real client: OpenRefine (the Debian package, headless on loopback) reconciles
spreadsheet columns against the running service through its own HTTP API and extends them.

The service runs under uvicorn (conftest's live_server) over the pages fixture; OpenRefine
(tests/openrefine.py) creates projects from CSVs of council names in several forms, of
people and of inspections, reconciles each column with auto-match, then extends the councils
with GSS codes and latest grades. Skipped, loudly, only when OpenRefine cannot be installed.
"""

from __future__ import annotations

import pytest

STOKE, DERBY, STAFFS = "authority/E06000021", "authority/E06000015", "authority/E10000028"
COUNCILS = {  # the cell as a spreadsheet might have it -> the council it names
    "Stoke": STOKE, "Stoke-on-Trent City Council": STOKE, "stoke on trent": STOKE, "861": STOKE,
    "E06000021": STOKE, "Q17022507": STOKE, "Derby": DERBY, "Derby City Council": DERBY, "831": DERBY,
    "Staffordshire County Council": STAFFS, "Staffordshire": STAFFS, "80561": STAFFS,
}
PEOPLE = [("Abi Brown", "Stoke-on-Trent", "person/abi-brown"), ("Cllr Abi Brown", "861", "person/abi-brown"),
          ("Alex Example", "Staffordshire", "person/alex-example"), ("Dave Evans", "Stoke", "person/dave-evans")]
INSPECTIONS = [("Derby, May 2019", "inspection/E06000015/ilacs-short/2019-05"),
               ("Staffordshire County Council 2022-06", "inspection/E10000028/ilacs-standard/2022-06")]


@pytest.fixture(scope="module")
def service(live_server, pages_store):
    with live_server(pages_store.directory) as url:
        yield f"{url}/reconcile"


def _csv(header: str, rows: list[tuple[str, ...]]) -> str:
    return header + "\n" + "".join(",".join(f'"{cell}"' for cell in row) + "\n" for row in rows)


def _matches(table: list[list[dict | None]], column: int) -> list[str | None]:
    found = []
    for row in table:
        recon = (row[column] or {}).get("r") or {}
        found.append((recon.get("m") or {}).get("id") if recon.get("j") == "matched" else None)
    return found


def test_councils_in_several_forms_reconcile_and_extend(openrefine, service) -> None:
    project = openrefine.create_project("councils", _csv("council", [(name,) for name in COUNCILS]))
    openrefine.reconcile(project, "council", service, "Authority", "Council")
    openrefine.extend(project, "council", service, [
        {"id": "gssCode", "name": "ONS GSS code"},
        {"id": "latestGrade/overall-effectiveness", "name": "Latest grade: Overall effectiveness"},
        {"id": "latestGradeDate/overall-effectiveness", "name": "Latest grade date: Overall effectiveness"},
    ], at=1)
    columns, table = openrefine.rows(project)
    assert columns == ["council", "ONS GSS code", "Latest grade: Overall effectiveness",
                       "Latest grade date: Overall effectiveness"]
    matched = _matches(table, 0)
    print(f"\nOpenRefine councils: {sum(m is not None for m in matched)}/{len(matched)} cells matched")
    assert matched == list(COUNCILS.values())
    values = {row[0]["v"]: [(cell or {}).get("v") for cell in row[1:]] for row in table}
    assert values["861"] == ["E06000021", "Requires improvement to be good", "2022-10"]
    assert values["Derby"] == ["E06000015", "Outstanding", "2019-05"]  # a month stays a month
    assert values["80561"] == ["E10000028", "Good", "2022-06"]


def test_people_reconcile_with_their_council_as_a_property(openrefine, service) -> None:
    project = openrefine.create_project("people", _csv("name,council", [(n, c) for n, c, _ in PEOPLE]))
    openrefine.reconcile(project, "name", service, "Person", "Person", properties=[("council", "authority")])
    _, table = openrefine.rows(project)
    matched = _matches(table, 0)
    print(f"\nOpenRefine people: {sum(m is not None for m in matched)}/{len(matched)} cells matched")
    assert matched == [expected for _, _, expected in PEOPLE]


def test_inspections_reconcile_by_council_and_date(openrefine, service) -> None:
    project = openrefine.create_project("inspections", _csv("inspection", [(text,) for text, _ in INSPECTIONS]))
    openrefine.reconcile(project, "inspection", service, "Inspection", "Inspection")
    openrefine.extend(project, "inspection", service, [{"id": "startDate", "name": "Start date"},
                                                       {"id": "grade/overall-effectiveness", "name": "Overall"}], at=1)
    columns, table = openrefine.rows(project)
    matched = _matches(table, 0)
    print(f"\nOpenRefine inspections: {sum(m is not None for m in matched)}/{len(matched)} cells matched")
    assert matched == [expected for _, expected in INSPECTIONS]
    assert [[(cell or {}).get("v") for cell in row[1:]] for row in table] == [["2019-05", "Outstanding"],
                                                                              ["2022-06", "Good"]]
