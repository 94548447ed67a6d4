"""Grade tables as PDF text comes out of them: a row at a time, or a column at a time.

The row layout is the front page of Ofsted's report on Telford and Wrekin, July 2024
(Crown copyright, Open Government Licence); the column layouts are the same cells in
the order some PDF producers write a table: every label, then every grade.
"""

from graph.extract.judgements import table_rows

ROWS = """Judgement Grade
The impact of leaders on social work 
practice with children and families
Outstanding 
The experiences and progress of 
children who need help and protection
Good 
The experiences and progress of 
children in care
Requires improvement to be good 
The experiences and progress of care 
leavers
Inadequate 
Overall effectiveness Good 
Children and families in Telford and Wrekin continue to experience"""

LABELS = """The impact of leaders on social work 
practice with children and families
The experiences and progress of 
children who need help and protection
The experiences and progress of 
children in care
The experiences and progress of care 
leavers
Overall effectiveness"""

GRADES = "Outstanding \nGood \nRequires improvement to be good \nInadequate \nGood "

CELLS = [("leaders", "outstanding"), ("help-and-protection", "good"), ("children-in-care", "requires-improvement"),
         ("care-leavers", "inadequate"), ("overall-effectiveness", "good")]


def cells(text: str) -> list[tuple[str, str]]:
    return [(f.area, f.grade) for f in table_rows(text, 0, len(text))]


def test_a_table_read_a_row_at_a_time_gives_each_label_the_grade_after_it():
    assert cells(ROWS) == CELLS


def test_a_table_read_a_column_at_a_time_pairs_labels_and_grades_in_order():
    assert cells(f"Judgement Grade\n{LABELS}\n{GRADES}\nChildren and families") == CELLS


def test_a_grade_heading_between_the_columns_is_passed_over():
    assert cells(f"Judgement\n{LABELS}\nGrade\n{GRADES}\nChildren and families") == CELLS


def test_a_column_of_grades_shorter_than_its_labels_pairs_nothing():
    # Which label lost its grade is unknown, so no label takes a neighbour's grade.
    three_grades = "Outstanding \nGood \nInadequate \n"
    assert cells(f"Judgement Grade\n{LABELS}\n{three_grades}Children and families in Telford") == []


def test_the_span_of_a_column_cell_runs_from_its_label_to_its_grade():
    text = f"Judgement Grade\n{LABELS}\n{GRADES}"
    first = next(table_rows(text, 0, len(text)))
    assert text[first.start:first.end].startswith("The impact of leaders")
    assert text[first.grade_start:first.end] == "Outstanding"


def test_every_layout_the_layouts_evaluation_tries_keeps_the_cells():
    from graph.evaluation.layouts import ROW_LAYOUTS, column_wise, with_rows

    rows = list(table_rows(ROWS, 0, len(ROWS)))
    texts = {name: with_rows(ROWS, rows, rewrite) for name, rewrite in ROW_LAYOUTS.items()}
    texts["columns"] = column_wise(ROWS, rows, "Grade")
    assert {name: cells(text) for name, text in texts.items()} == {name: CELLS for name in texts}
