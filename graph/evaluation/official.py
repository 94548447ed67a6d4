"""Score the built graph against answer keys: graded cells and inspection start dates.

`python -m graph.evaluation [--corpus DIR] [--answer-key FILE ...] [--jobs N]` (or `ofsted-kg evaluate`)
builds the corpus into a temporary store (the whole pipeline, both cores),
reads its inspections and judgements back through the `inspection-judgements`
named query, and compares them with each answer key: Ofsted's official
statistics (matched by GSS code and start date, or by the corpus manifest's
council and publication date) and hand-made keys (matched by file). It prints
the share of graded cells and of start dates right and lists every miss.

Rows: (source, authority_code, inspection_type, start_date, end_date, published, area, grade).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, NamedTuple

from graph import concepts, queries
from graph.pipeline import build
from graph.resources import register_file
from graph.store import EmbeddedStore

# Defaults, relative to the working directory (a checkout next to ../shared); each is an argument.
DEFAULT_CORPUS = Path("../shared/corpus/ofsted")
HAND_KEY = Path("eval/answer_key_sif_and_2025.csv")
OFFICIAL_KEY = register_file("ofsted_ilacs_inspection_history_2018-2025.csv")
PROVIDER_LOOKUP = register_file("ofsted_la_provider_lookup_jt39.csv")
RECODED = {"E08000016": "E08000038", "E08000019": "E08000039"}  # Barnsley, Sheffield (2025)


def areas() -> tuple[str, ...]:
    """The judgement areas, as the hand key's columns name them (their notations)."""
    return concepts.notations("area")


def grade_notation(text: str) -> str | None:
    """A grade as a key or the graph writes it ("Requires improvement to be good", "good") -> its notation."""
    return concepts.notation_of("grade", text)


def _type_of(text: str) -> str:
    """Ofsted's wording of an inspection type ("ILACS Standard Inspection") -> its notation, else as written."""
    return concepts.notation_of("inspection-type", text) or text


class Row(NamedTuple):
    source: str
    authority_code: str | None
    inspection_type: str | None
    start_date: str | None
    end_date: str | None
    published: str | None
    area: str | None
    grade: str | None


@dataclass
class Inspection:
    """Rows of one inspection folded together: its fields and its grade per area."""

    source: str
    authority_code: str | None
    inspection_type: str | None
    start_date: str | None
    end_date: str | None
    published: str | None
    grades: dict[str, str] = field(default_factory=dict)


class Miss(NamedTuple):
    source: str
    field: str
    expected: str | None
    got: str | None


@dataclass
class Score:
    key_name: str
    cells: int = 0
    cells_right: int = 0
    starts: int = 0
    starts_right: int = 0
    matched: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def cells_pct(self) -> float:
        return 100.0 * self.cells_right / self.cells if self.cells else 0.0

    @property
    def starts_pct(self) -> float:
        return 100.0 * self.starts_right / self.starts if self.starts else 0.0


# --- rows -----------------------------------------------------------------------------

def fold(rows: Iterable[Row]) -> list[Inspection]:
    """Group rows (one per judgement) into inspections, by source, authority and start."""
    folded: dict[tuple, Inspection] = {}
    for row in rows:
        key = (row.source, row.authority_code, row.start_date)
        inspection = folded.setdefault(key, Inspection(*row[:6]))
        if row.area and row.grade:
            inspection.grades[row.area] = row.grade
    return list(folded.values())


def graph_rows(store: EmbeddedStore) -> list[Row]:
    """For each document, the inspection it reports on: one row per judgement, or one if ungraded.

    Judgements come from the `inspection-judgements` named query; which
    inspection a document is about comes from its schema:about link, so the
    past inspections a report mentions are not scored as if it reported them.
    """
    judged = store.query(queries.find("inspection-judgements").sparql)
    grades: dict[str, list[tuple[str, str]]] = {}
    for r in judged:
        grade = grade_notation(r["grade"].value)
        if grade is None:
            raise ValueError(f"the graph grades {r['inspection'].value} {r['grade'].value!r}, no grade label")
        grades.setdefault(r["inspection"].value, []).append((r["area"].value, grade))
    rows = []
    for r in store.query(queries.internal("evaluation/reported-inspections").sparql):
        base = (_value(r["source"]), _value(r["authority_code"]), _value(r["inspection_type"]),
                _value(r["start_date"]), _value(r["end_date"]), _value(r["published"]))
        found = grades.get(r["inspection"].value, [])
        rows.extend(Row(*base, area, grade) for area, grade in found)
        if not found:
            rows.append(Row(*base, None, None))
    return rows


def _value(term) -> str | None:
    return None if term is None else term.value


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def official_rows(path: Path) -> list[Row]:
    """Ofsted's official outcomes file as key rows (source left empty)."""
    rows = []
    for record in _read_csv(path):
        code = RECODED.get(record["Local authority area code"], record["Local authority area code"])
        base = ("", code, _type_of(record["Inspection type"]), record["Inspection date"], None,
                record["Publication date"])
        for column, cell in record.items():
            area = concepts.notation_of("area", column)
            grade = grade_notation(cell.strip()) if area and cell and cell.strip() else None
            if grade:
                rows.append(Row(*base, area, grade))
    return rows


def hand_rows(path: Path) -> list[Row]:
    """A hand-made key: one line per report, a column per area (empty when not graded)."""
    rows = []
    for record in _read_csv(path):
        base = (record["file"], record["authority_code"] or None, record["inspection_type"] or None,
                record["start_date"] or None, record["end_date"] or None, None)
        graded = [(area, record[area]) for area in areas() if record.get(area)]
        rows.extend(Row(*base, area, grade) for area, grade in graded)
        if not graded:
            rows.append(Row(*base, None, None))
    return rows


def manifest_identities(corpus: Path, lookup: Path = PROVIDER_LOOKUP) -> dict[str, tuple[str, str]]:
    """File -> (GSS code, publication date) from the corpus manifest, when it has one."""
    manifest = corpus / "MANIFEST.csv"
    if not manifest.is_file() or not lookup.is_file():
        return {}
    gss_of_urn = {r["urn"]: RECODED.get(r["la_code_new"], r["la_code_new"]) for r in _read_csv(lookup)}
    return {r["file"]: (gss_of_urn[r["ofsted_urn"]], r["publication_date"])
            for r in _read_csv(manifest) if r["ofsted_urn"] in gss_of_urn}


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# --- comparison ----------------------------------------------------------------------------

def compare(got: Iterable[Row], key: Iterable[Row], key_name: str,
            identities: dict[str, tuple[str, str]] | None = None) -> Score:
    """Score extracted inspections against a key.

    A key with sources is matched by file; one without (the official file) by
    (GSS code, start date), else by the file's manifest identity (council,
    publication date). Inspections the key does not cover are not scored.
    """
    score = Score(key_name)
    key_inspections = fold(key)
    by_source = {k.source: k for k in key_inspections if k.source}
    by_start = {(k.authority_code, k.start_date): k for k in key_inspections if not k.source}
    by_published = {(k.authority_code, k.published): k for k in key_inspections if not k.source}
    identities = identities or {}
    for mine in fold(got):
        expected = by_source.get(mine.source) or by_start.get((RECODED.get(mine.authority_code or "", mine.authority_code), mine.start_date))
        if expected is None and mine.source in identities:
            expected = by_published.get(identities[mine.source])
        if expected is not None:
            _score_one(score, mine, expected)
    return score


def _score_one(score: Score, mine: Inspection, expected: Inspection) -> None:
    score.matched += 1
    for name in ("authority_code", "inspection_type", "end_date"):
        want, have = getattr(expected, name), getattr(mine, name)
        if want and want != have:
            score.misses.append(Miss(mine.source, name, want, have))
    score.starts += 1
    if mine.start_date == expected.start_date:
        score.starts_right += 1
    else:
        score.misses.append(Miss(mine.source, "start_date", expected.start_date, mine.start_date))
    for area, grade in expected.grades.items():
        score.cells += 1
        if mine.grades.get(area) == grade:
            score.cells_right += 1
        else:
            score.misses.append(Miss(mine.source, area, grade, mine.grades.get(area)))
    for area in sorted(set(mine.grades) - set(expected.grades)):
        score.misses.append(Miss(mine.source, area, None, mine.grades[area]))


# --- the command ------------------------------------------------------------------------------

def build_corpus(corpus: Path, jobs: int) -> tuple[list[Row], list[tuple[str, str]], float]:
    """Rows of the built graph, rejected files with reasons, and the build's seconds."""
    with tempfile.TemporaryDirectory(prefix="ofsted-kg-eval-") as directory:
        store = EmbeddedStore(Path(directory) / "store")
        started = time.perf_counter()
        report = build([corpus], store, jobs=jobs)
        seconds = time.perf_counter() - started
        return graph_rows(store), [(r.source, r.reason) for r in report.rejected], seconds


def key_rows(path: Path) -> list[Row]:
    header = path.open(encoding="utf-8-sig").readline()
    return hand_rows(path) if header.startswith("file,") else official_rows(path)


def report(score: Score) -> str:
    lines = [f"== {score.key_name}: {score.matched} inspections matched",
             f"   graded cells right: {score.cells_right}/{score.cells} = {score.cells_pct:.1f}%",
             f"   start dates right:  {score.starts_right}/{score.starts} = {score.starts_pct:.1f}%"]
    if score.misses:
        lines.append(f"   {'file':<62} {'field':<22} {'expected':<22} got")
        lines += [f"   {m.source:<62} {m.field:<22} {str(m.expected):<22} {m.got}" for m in score.misses]
    return "\n".join(lines)


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog or "python -m graph.evaluation", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help=f"the corpus to build (default: {DEFAULT_CORPUS})")
    parser.add_argument("--answer-key", type=Path, action="append", dest="keys",
                        help=f"an answer key (repeatable; default: Ofsted's official statistics and {HAND_KEY})")
    parser.add_argument("--provider-lookup", type=Path, default=PROVIDER_LOOKUP,
                        help="Ofsted URN -> GSS code table for the corpus manifest (default: the shipped register)")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    keys = args.keys or [OFFICIAL_KEY, HAND_KEY]
    missing = [str(k) for k in keys + [args.corpus] if not k.exists()]
    if missing:
        print(f"not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    rows, skipped, seconds = build_corpus(args.corpus, args.jobs)
    print(f"corpus {args.corpus}: built in {seconds:.1f} s; {len(fold(rows))} inspections in the graph, "
          f"{len(skipped)} files skipped")
    for source, reason in skipped:
        print(f"   skipped {source}: {reason}")
    identities = manifest_identities(args.corpus, args.provider_lookup)
    for key in keys:
        print(report(compare(rows, key_rows(key), key.name, identities)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
