"""Grade tables laid out otherwise: do a report's judgements survive the text a different PDF makes?

Unseen reports state the same grades in the same tables, but their text comes
out of other PDF producers: other separators, cases, line breaks, spaces, and
tables read a column at a time. Each corpus report's front-page grade rows are
rewritten in each such layout, the text extracted again, and the primary
inspection's council, type, start and graded cells compared with the original's.

    python -m graph.evaluation layouts [--corpus DIR] [--sample N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Callable

from graph.extract import extract
from graph.extract.inspections import front_pages_end
from graph.extract.judgements import Found, table_rows
from graph.ingest import IngestError, ingest
from graph.records import Document, InspectionMention, JudgementFact
from graph.resources import shared_dir

Rewrite = Callable[[str, str], str]  # (label with its separator, grade) -> the row as another layout writes it


def _wrapped(label: str, grade: str) -> str:
    first, _, rest = grade.partition(" ")
    return f"{label}{first} \n{rest}" if rest else label + grade


ROW_LAYOUTS: dict[str, Rewrite] = {
    "grade upper-case": lambda label, grade: label + grade.upper(),
    "grade title-case": lambda label, grade: label + grade.title(),
    "label upper-case": lambda label, grade: label.upper() + grade,
    "colon": lambda label, grade: f"{label.rstrip()}: {grade}",
    "dash": lambda label, grade: f"{label.rstrip()} – {grade}",
    "tab": lambda label, grade: f"{label.rstrip()}\t{grade}",
    "grade on the next line": lambda label, grade: f"{label.rstrip()} \n{grade}",
    "one line": lambda label, grade: f"{' '.join(label.split())} {grade}",
    "no-break spaces": lambda label, grade: (label + grade).replace(" ", "\u00a0"),
    "grade wrapped": _wrapped,
    "double spaces": lambda label, grade: label.replace(" ", "  ") + grade,
    "footnote mark": lambda label, grade: f"{label.rstrip()}1 {grade}",
}


def with_rows(text: str, rows: list[Found], rewrite: Rewrite) -> str:
    out, last = [], 0
    for row in rows:
        out += [text[last:row.start], rewrite(text[row.start:row.grade_start], text[row.grade_start:row.end])]
        last = row.end
    return "".join(out) + text[last:]


def column_wise(text: str, rows: list[Found], heading: str = "") -> str:
    """The rows' labels one per line, then their grades: a table read a column at a time."""
    labels = [" ".join(text[r.start:r.grade_start].split()).strip(" :–-") for r in rows]
    grades = [text[r.grade_start:r.end] for r in rows]
    return text[:rows[0].start] + "\n".join(labels + [heading] * bool(heading) + grades) + text[rows[-1].end:]


def outcome(document: Document) -> tuple:
    """The primary inspection's council, type and start, and its graded cells."""
    facts = extract(document).facts
    primary = next((f for f in facts if isinstance(f, InspectionMention) and f.primary), None)
    cells = frozenset((f.area, f.grade) for f in facts if isinstance(f, JudgementFact) and f.inspection == "primary")
    if primary is None:
        return None, cells
    return (primary.authority, primary.inspection_type, str(primary.start)), cells


def variants(document: Document) -> dict[str, str]:
    rows = list(table_rows(document.text, 0, front_pages_end(document)))
    if len(rows) < 2:
        return {}
    texts = {name: with_rows(document.text, rows, rewrite) for name, rewrite in ROW_LAYOUTS.items()}
    texts["columns"] = column_wise(document.text, rows)
    texts["columns with a Grade heading"] = column_wise(document.text, rows, "Grade")
    return texts


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph.evaluation layouts")
    parser.add_argument("--corpus", type=Path, default=shared_dir() / "corpus" / "ofsted")
    parser.add_argument("--sample", type=int, default=30, help="reports drawn at random (0: all)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    paths = sorted(args.corpus.rglob("*.pdf"))
    if args.sample:
        paths = random.Random(args.seed).sample(paths, min(args.sample, len(paths)))
    kept, tried, misses = Counter(), Counter(), []
    for path in paths:
        try:
            document = ingest(path, args.corpus)
        except IngestError as err:
            print(f"skipped {path}: {err}")
            continue
        original = outcome(document)
        for name, text in variants(document).items():
            tried[name] += 1
            if outcome(replace(document, text=text)) == original:
                kept[name] += 1
            else:
                misses.append(f"{name}: {document.source}")
    print(f"reports: {len(paths)}; a layout keeps a report when its council, type, start and cells are unchanged")
    for name in tried:
        print(f"{name:32} {kept[name]:4}/{tried[name]:<4} kept")
    print("\n".join(misses))
    return 0
