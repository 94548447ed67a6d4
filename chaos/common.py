"""What the chaos cases share: the good document, in-process and command-line builds, store checks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from graph.pipeline import Report, build
from graph.resources import shared_dir
from graph.store import EmbeddedStore
from graph.vocab import source_graph

ROOT = Path(__file__).resolve().parent.parent
GOOD_SOURCE = ROOT / "sources" / "000_b92515f3430d9920.txt"
GOOD_NAME = "good.txt"
NAMED_QUERY = ROOT / "queries" / "inspection-judgements.rq"


def corpus_dir() -> Path:
    """The shared Ofsted corpus: OFSTED_KG_SHARED/corpus/ofsted, else ../shared beside the checkout."""
    return shared_dir() / "corpus" / "ofsted"


FIXTURE_PDFS = ROOT / "tests" / "fixtures" / "ofsted"  # a real report shipped with the tests (OGL)


def corpus_pdfs(limit: int | None = None) -> list[Path]:
    """Real PDFs to mutate: the shared corpus's, or, where it is not at hand, the tests' own report."""
    pdfs = sorted(corpus_dir().rglob("*.pdf")) or sorted(FIXTURE_PDFS.rglob("*.pdf"))
    return pdfs[:limit] if limit else pdfs


def have_shared_corpus() -> bool:
    return any(corpus_dir().rglob("*.pdf"))


@dataclass
class Row:
    """One line of the table: what was tried, how many inputs, what happened, what was lost."""

    case: str
    inputs: int
    outcome: str
    data_lost: str
    ok: bool = True
    seconds: float = 0.0


def add_good(directory: Path) -> Path:
    """A copy of a real source beside the bad ones: its facts must be in the graph after every build."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / GOOD_NAME
    shutil.copyfile(GOOD_SOURCE, target)
    return target


def build_here(sources: Path, store: Path, jobs: int = 2) -> Report:
    """Build in this process, with the cache in the store as the command does."""
    return build([sources], EmbeddedStore(store), jobs=jobs, cache_dir=store)


def build_command(sources: Path, store: Path, *extra: str) -> subprocess.Popen:
    """The command-line build, started (not waited for)."""
    return subprocess.Popen([sys.executable, str(ROOT / "build_graph.py"), "--sources", str(sources),
                             "--store", str(store), "--jobs", "1", *extra],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def graph_quads(store: Path, source: str) -> int:
    """Quads in one source document's named graph (0 when the document is not in the graph)."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{source_graph(source)}> {{ ?s ?p ?o }} }}"
    return int(next(iter(EmbeddedStore(store).query(query)))["n"].value)


def total_quads(store: Path) -> int:
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    return int(next(iter(EmbeddedStore(store).query(query)))["n"].value)


def named_query_rows(store: Path) -> list[tuple]:
    """The rows of a public named query, sorted: a whole graph answers it as before."""
    result = EmbeddedStore(store).query(NAMED_QUERY.read_text())
    return sorted(tuple(str(value) for value in solution) for solution in result)


def stored_text(store: Path, source: str) -> tuple[str, int]:
    """(kg:text, the whole length) of one document: kg:textLength is given only when text was cut."""
    query = f"""PREFIX kg: <https://w3id.org/ofsted-kg/def#>
    SELECT ?text ?length WHERE {{ GRAPH <{source_graph(source)}> {{
      ?d kg:text ?text OPTIONAL {{ ?d kg:textLength ?length }} }} }}"""
    row = next(iter(EmbeddedStore(store).query(query)), None)
    if row is None:
        return "", 0
    text = row["text"].value
    return text, int(row["length"].value) if row["length"] is not None else len(text)


def longest_quote(store: Path, source: str) -> int:
    """Characters in the longest kg:quote of one document's graph (0 when it has none)."""
    query = f"""PREFIX kg: <https://w3id.org/ofsted-kg/def#>
    SELECT (MAX(STRLEN(?quote)) AS ?n) WHERE {{ GRAPH <{source_graph(source)}> {{ ?e kg:quote ?quote }} }}"""
    row = next(iter(EmbeddedStore(store).query(query)), None)
    return int(row["n"].value) if row is not None and row["n"] is not None else 0


def good_baseline(work: Path) -> int:
    """Quads in the good document's graph when it is built alone."""
    sources = work / "good-alone"
    add_good(sources)
    build_here(sources, work / "good-alone-store", jobs=1)
    return graph_quads(work / "good-alone-store", GOOD_NAME)


def format_table(rows: list[Row]) -> str:
    headers = ("case", "inputs tried", "outcome", "data lost", "s")
    cells = [headers] + [(r.case + ("" if r.ok else "  ** FAILED **"), str(r.inputs), r.outcome, r.data_lost,
                          f"{r.seconds:.1f}") for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(headers))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(cells[0], widths)) + " |",
             "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |" for row in cells[1:]]
    return "\n".join(lines)
