"""Evaluation: folding rows, matching keys, scoring cells and start dates."""

from __future__ import annotations

from pathlib import Path

from graph.evaluation.official import Row, compare, fold, hand_rows, official_rows

OFFICIAL_HEADER = ("ofsted_la_webpage,Local authority area code,Local authority name,Local authority status,"
                   "Ofsted region,Inspection date,Publication date,Inspection type,Overall effectiveness,"
                   "The impact of leaders on social work practice with children and families,"
                   "The experiences and progress of children who need help and protection,"
                   "The experiences and progress of children in care,"
                   "The experiences and progress of care leavers\n")


def row(source, area, grade, start="2019-02-04", code="E06000021", kind="ilacs-standard", published=None):
    return Row(source, code, kind, start, None, published, area, grade)


def test_fold_groups_judgement_rows_into_one_inspection():
    (inspection,) = fold([row("a.pdf", "leaders", "good"), row("a.pdf", "overall-effectiveness", "good")])
    assert inspection.grades == {"leaders": "good", "overall-effectiveness": "good"}


def test_official_file_is_matched_by_code_and_start_date_and_misses_are_listed():
    key = [row("", "overall-effectiveness", "inadequate"), row("", "leaders", "inadequate")]
    got = [row("a.pdf", "overall-effectiveness", "inadequate"), row("a.pdf", "leaders", "good")]
    score = compare(got, key, "official")
    assert (score.cells, score.cells_right, score.starts_right) == (2, 1, 1)
    assert [(m.field, m.expected, m.got) for m in score.misses] == [("leaders", "inadequate", "good")]


def test_a_wrong_start_date_is_still_scored_through_the_manifest_identity():
    key = [row("", "overall-effectiveness", "good", published="2019-04-01")]
    got = [row("a.pdf", "overall-effectiveness", "good", start="2019-02-11")]
    score = compare(got, key, "official", identities={"a.pdf": ("E06000021", "2019-04-01")})
    assert (score.matched, score.starts_right, score.cells_right) == (1, 0, 1)
    assert score.misses[0].field == "start_date"


def test_inspections_the_key_does_not_cover_are_not_scored():
    score = compare([row("a.pdf", "overall-effectiveness", "good", start="2015-01-01")],
                    [row("", "overall-effectiveness", "good")], "official")
    assert score.matched == 0 and score.cells == 0


def test_an_area_the_key_does_not_grade_is_listed_as_extra():
    score = compare([row("a.pdf", "adoption", "good")], [row("a.pdf", "leaders", "good")], "hand")
    assert ("adoption", None, "good") in [(m.field, m.expected, m.got) for m in score.misses]


def test_official_rows_recode_barnsley_and_read_grade_labels(tmp_path: Path):
    path = tmp_path / "official.csv"
    path.write_text(OFFICIAL_HEADER + "x,E08000016,Barnsley,Current,YH,2019-01-07,2019-02-20,"
                    "ILACS Short Inspection,Requires improvement to be good,Good,Good,Good,\n", encoding="utf-8")
    rows = official_rows(path)
    assert {r.authority_code for r in rows} == {"E08000038"}
    assert {r.inspection_type for r in rows} == {"ilacs-short"}
    assert ("overall-effectiveness", "requires-improvement") in {(r.area, r.grade) for r in rows}
    assert "care-leavers" not in {r.area for r in rows}


def test_hand_key_rows_are_matched_by_file(tmp_path: Path):
    path = tmp_path / "hand.csv"
    path.write_text("file,authority_code,inspection_type,start_date,end_date,overall-effectiveness,leaders,"
                    "help-and-protection,children-in-care,care-leavers,adoption,lscb\n"
                    "x/2015.pdf,E09000003,sif,2015-03-02,2015-03-25,good,good,,,,,requires-improvement\n",
                    encoding="utf-8")
    key = hand_rows(path)
    got = [Row("x/2015.pdf", "E09000003", "sif", "2015-03-02", "2015-03-25", None, "overall-effectiveness", "good"),
           Row("x/2015.pdf", "E09000003", "sif", "2015-03-02", "2015-03-25", None, "leaders", "good"),
           Row("x/2015.pdf", "E09000003", "sif", "2015-03-02", "2015-03-25", None, "lscb", "good")]
    score = compare(got, key, "hand")
    assert (score.cells, score.cells_right, score.starts_right) == (3, 2, 1)
