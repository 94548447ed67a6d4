"""Score extraction against answer keys: graded cells and inspection start dates.

`python -m graph.evaluate [--corpus DIR] [--answer-key FILE ...] [--jobs N]`
extracts every report in the corpus (ingest + extract, one process per core),
takes each report's primary inspection and compares it with each answer key:
Ofsted's official statistics (matched by GSS code and start date, or by the
corpus manifest's council and publication date) and hand-made keys (matched
by file). It prints the share of graded cells and of start dates right and
lists every miss.

Rows are kept simple so the input can later come from the built graph:
(source, authority_code, inspection_type, start_date, end_date, published, area, grade).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "ofsted"
REGISTERS = ROOT / "data" / "registers"
OFFICIAL_KEY = REGISTERS / "ofsted_ilacs_inspection_history_2018-2025.csv"
HAND_KEY = ROOT / "eval" / "answer_key_sif_and_2025.csv"
PROVIDER_LOOKUP = REGISTERS / "ofsted_la_provider_lookup_jt39.csv"
AREAS = ("overall-effectiveness", "leaders", "help-and-protection", "children-in-care",
         "care-leavers", "adoption", "lscb")
RECODED = {"E08000016": "E08000038", "E08000019": "E08000039"}  # Barnsley, Sheffield (2025)
OFFICIAL_AREAS = {
    "Overall effectiveness": "overall-effectiveness",
    "The impact of leaders on social work practice with children and families": "leaders",
    "The experiences and progress of children who need help and protection": "help-and-protection",
    "The experiences and progress of children in care": "children-in-care",
    "The experiences and progress of care leavers": "care-leavers",
}
OFFICIAL_TYPES = {"ILACS Standard Inspection": "ilacs-standard", "ILACS Short Inspection": "ilacs-short"}
GRADES = {"outstanding": "outstanding", "good": "good", "requires improvement to be good": "requires-improvement",
          "requires improvement": "requires-improvement", "inadequate": "inadequate", "adequate": "adequate"}


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


def extraction_rows(extraction) -> list[Row]:
    """The primary inspection of one extracted document, one row per judgement."""
    from graph.records import InspectionMention, JudgementFact

    primary = next((f for f in extraction.facts if isinstance(f, InspectionMention) and f.primary), None)
    if primary is None:
        return []
    base = (extraction.document.source, primary.authority, primary.inspection_type,
            _text(primary.start), _text(primary.end), _text(primary.published))
    grades = [f for f in extraction.facts if isinstance(f, JudgementFact) and f.inspection == primary.key]
    return [Row(*base, g.area, g.grade) for g in grades] or [Row(*base, None, None)]


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def official_rows(path: Path) -> list[Row]:
    """Ofsted's official outcomes file as key rows (source left empty)."""
    rows = []
    for record in _read_csv(path):
        code = RECODED.get(record["Local authority area code"], record["Local authority area code"])
        base = ("", code, OFFICIAL_TYPES.get(record["Inspection type"], record["Inspection type"]),
                record["Inspection date"], None, record["Publication date"])
        for column, area in OFFICIAL_AREAS.items():
            grade = GRADES.get(record.get(column, "").strip().lower())
            if grade:
                rows.append(Row(*base, area, grade))
    return rows


def hand_rows(path: Path) -> list[Row]:
    """A hand-made key: one line per report, a column per area (empty when not graded)."""
    rows = []
    for record in _read_csv(path):
        base = (record["file"], record["authority_code"] or None, record["inspection_type"] or None,
                record["start_date"] or None, record["end_date"] or None, None)
        graded = [(area, record[area]) for area in AREAS if record.get(area)]
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

def _extract_file(args: tuple[str, str]) -> tuple[str, list[Row] | None, str | None, float]:
    from graph.extract import extract
    from graph.ingest import IngestError, ingest

    path, root = args
    started = time.perf_counter()
    try:
        document = ingest(Path(path), Path(root))
    except IngestError as err:
        return path, None, str(err), 0.0
    ingested = time.perf_counter()
    rows = extraction_rows(extract(document))
    return path, rows, None, time.perf_counter() - ingested


def corpus_files(corpus: Path) -> list[Path]:
    from graph.ingest import is_sidecar

    return sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in (".pdf", ".txt", ".html",
                                                                                          ".htm", ".md")
                  and not is_sidecar(p))


def run_corpus(corpus: Path, jobs: int) -> tuple[list[Row], list[tuple[str, str]], float]:
    """Extracted rows, skipped files with reasons, and the seconds extraction took (ingest excluded)."""
    files = [(str(p), str(corpus)) for p in corpus_files(corpus)]
    rows, skipped, extract_seconds = [], [], 0.0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for path, found, reason, seconds in pool.map(_extract_file, files, chunksize=4):
            if found is None:
                skipped.append((Path(path).relative_to(corpus).as_posix(), reason or ""))
            else:
                rows.extend(found)
                extract_seconds += seconds
    return rows, skipped, extract_seconds


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--answer-key", type=Path, action="append", dest="keys")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    keys = args.keys or [OFFICIAL_KEY, HAND_KEY]
    missing = [str(k) for k in keys + [args.corpus] if not k.exists()]
    if missing:
        print(f"not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    rows, skipped, extract_seconds = run_corpus(args.corpus, args.jobs)
    elapsed = time.perf_counter() - started
    print(f"corpus {args.corpus}: {len(fold(rows))} primary inspections, {len(skipped)} skipped, "
          f"{elapsed:.1f} s wall ({extract_seconds:.1f} s of extraction, summed over workers)")
    for source, reason in skipped:
        print(f"   skipped {source}: {reason}")
    identities = manifest_identities(args.corpus)
    for key in keys:
        print(report(compare(rows, key_rows(key), key.name, identities)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
