"""Bad documents: each builds or is rejected by name with a reason, and the good one always builds.

Every case is built in one build beside a copy of a real source (good.txt);
the row says what became of the case and whether good.txt's graph came out
whole (the same quads as when it is built alone).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from chaos.common import (GOOD_NAME, GOOD_SOURCE, Row, add_good, build_here, corpus_pdfs, graph_quads,
                          longest_quote, stored_text)
from chaos.fuzz import fuzz_pdfs
from graph.ingest import _CONTROL_RE, MAX_BYTES

TEXT_KEPT = 1_000_000
QUOTE_BOUND = 1_000  # characters: extractors quote a clause or a name, never a runaway sentence


@dataclass
class Case:
    name: str
    files: list[Path]
    expect: str  # "built", "rejected" or "either" (each file read or rejected with a reason)
    must_keep: tuple[str, ...] = ()  # strings the stored kg:text must hold intact
    mutations: tuple[str, ...] = ()  # for fuzzed files, how each was made


def _good_text() -> str:
    return GOOD_SOURCE.read_text(encoding="utf-8")


def text_cases(directory: Path) -> list[Case]:
    """The small text cases: a 10 MB line, control characters, NULs, mixed encodings, right-to-left."""
    directory.mkdir(parents=True, exist_ok=True)
    good = _good_text()
    cases = []

    def write(name: str, data: bytes, expect: str, label: str, *must_keep: str) -> None:
        path = directory / name
        path.write_bytes(data)
        cases.append(Case(label, [path], expect, must_keep))

    write("long-line.txt", (good + "\n" + "inspection " * 1_000_000).encode(), "built", "one line of 10 MB")
    controls = "".join(chr(c) for c in range(1, 32) if chr(c) not in "\n\t\r")
    write("controls.txt", (good.replace(". ", ". " + controls + "\x7f ", 20)).encode(), "built",
          "control characters")
    write("nul-late.txt", (good + "\n" * 9000 + "after\x00the\x00nul\n" + good).encode(), "built",
          "NULs inside text (past 8 KB)")
    write("nul-early.txt", good.replace(" ", " \x00", 3).encode(), "rejected",
          "NULs inside text (first 8 KB)")
    write("mixed-encoding.txt", good.encode() + "\nIt said “naïve” – £5\n".encode("cp1252")
          + "and in UTF-8: “naïve” – £5\n".encode(), "built", "mixed encodings (UTF-8 + Windows-1252)",
          "It said “naïve” – £5", "and in UTF-8: “naïve” – £5")
    phrase = ("the director of children's services, Jane Smith, told inspectors that leaders do not have a "
              "sufficient grip on the quality of practice and that children wait too long for help; ")
    write("one-sentence.txt", (good + "\n" + (phrase * (10_000_000 // len(phrase) + 1))[:10_000_000] + "\n").encode(),
          "built", "one sentence of 10 MB (no full stop)")
    rtl = ("\u200fتقرير التفتيش عن خدمات الأطفال في المجلس\n\u202eכל הזכויות שמורות\u202c\n"
           "\u2067مدير الخدمات: أحمد\u2069 (Director)\n")
    write("right-to-left.txt", (rtl + good + rtl).encode(), "built", "right-to-left text", *rtl.splitlines())
    return cases


def pdf_of_pages(pages: int, path: Path) -> Path:
    """A PDF of `pages` pages made by repeating the pages of the smallest corpus report."""
    for smallest in sorted(corpus_pdfs(), key=lambda p: p.stat().st_size):
        if smallest.read_bytes()[:5] == b"%PDF-":  # the corpus holds some HTML pages saved as .pdf
            break
    with pikepdf.open(smallest) as source, pikepdf.new() as out:
        while len(out.pages) < pages:
            for page in source.pages:
                if len(out.pages) >= pages:
                    break
                out.pages.append(page)
        out.save(path)
    return path


def pathological_pdf(path: Path, operators: int = 1_000_000) -> Path:
    """A one-page PDF of a few KB whose page draws `operators` text operators: pdfium takes many seconds."""
    with pikepdf.new() as pdf:
        page = pdf.add_blank_page(page_size=(612, 792))
        font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                    BaseFont=pikepdf.Name.Helvetica))
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        page.Contents = pdf.make_stream(b"BT /F1 1 Tf " + b"1 0 Td (a) Tj " * operators + b"ET")
        pdf.save(path, compress_streams=True)
    return path


def pathological_pdf_case(directory: Path, timeout: float) -> list[Case]:
    directory.mkdir(parents=True, exist_ok=True)
    return [Case(f"pathological PDF (a million drawing operators; reader limit {timeout:g} s)",
                 [pathological_pdf(directory / "slow.pdf")], "rejected")]


def big_text(path: Path, size: int) -> Path:
    """A text file of exactly `size` bytes: the good report repeated, written in slices."""
    unit = (_good_text() + "\n").encode()
    with path.open("wb") as handle:
        left = size
        while left > 0:
            chunk = unit * max(1, min(left, 8 << 20) // len(unit))
            handle.write(chunk[:left])
            left -= min(left, len(chunk))
    return path


def size_limit_cases(directory: Path) -> list[Case]:
    directory.mkdir(parents=True, exist_ok=True)
    return [Case("100 MB text, 1 byte under the limit", [big_text(directory / "under-limit.txt", MAX_BYTES - 1)],
                 "built"),
            Case("100 MB text, 1 byte over the limit", [big_text(directory / "over-limit.txt", MAX_BYTES + 1)],
                 "rejected")]


def pdf_case(directory: Path, pages: int) -> list[Case]:
    directory.mkdir(parents=True, exist_ok=True)
    return [Case(f"{pages:,}-page PDF", [pdf_of_pages(pages, directory / f"pages-{pages}.pdf")], "built")]


def fuzz_case(directory: Path, count: int, seed: int) -> list[Case]:
    made = fuzz_pdfs(corpus_pdfs(), count, directory, seed)
    return [Case(f"fuzzed PDFs (seed {seed})", [path for path, _ in made], "either",
                 mutations=tuple(mutation for _, mutation in made))]


def run_cases(cases: list[Case], sources: Path, store: Path, baseline: int, jobs: int = 2) -> list[Row]:
    """Build every case's files beside good.txt in one build; one row per case, one for good.txt."""
    add_good(sources)
    started = time.perf_counter()
    try:
        report = build_here(sources, store, jobs=jobs)
    except Exception as err:  # the build itself failed: every case and the good document lost
        seconds = time.perf_counter() - started
        return [Row(c.name, len(c.files), f"BUILD FAILED: {type(err).__name__}: {err}"[:200], "everything",
                    ok=False, seconds=seconds) for c in cases]
    seconds = time.perf_counter() - started
    rejected = {r.source: r.reason for r in report.rejected}
    rows = [_case_row(case, sources, store, rejected, seconds) for case in cases]
    good = graph_quads(store, GOOD_NAME)
    rows.append(Row(f"good.txt beside {', '.join(c.name for c in cases)}"[:90], 1,
                    f"built, {good} quads (alone: {baseline})", "none" if good == baseline else "SOME",
                    ok=good == baseline, seconds=seconds))
    return rows


def _case_row(case: Case, sources: Path, store: Path, rejected: dict[str, str], seconds: float) -> Row:
    names = [path.relative_to(sources).as_posix() for path in case.files]
    if case.expect == "either":
        return _fuzz_row(case, names, store, rejected, seconds)
    name = names[0]
    if name in rejected:
        return Row(case.name, 1, f"rejected: {name}: {rejected[name]}", "the file (named, with its reason)",
                   ok=case.expect == "rejected", seconds=seconds)
    quads = graph_quads(store, name)
    text, length = stored_text(store, name)
    lost = "none" if len(text) == length else f"kg:text keeps {len(text):,} of {length:,} chars (facts from all)"
    text_file = case.files[0].suffix != ".pdf"
    controls = len(_CONTROL_RE.findall(case.files[0].read_text("utf-8", "replace"))) if text_file else 0
    if controls:
        lost = f"{controls:,} control characters dropped, by design"
    damaged = [s for s in case.must_keep if s not in text]
    if damaged:
        lost = f"text damaged: {damaged[0]!r} not kept"
    quote = longest_quote(store, name)
    return Row(case.name, 1, f"built: {quads} quads, {length:,} chars of text, longest quote {quote:,} chars", lost,
               ok=case.expect == "built" and quads > 0 and not damaged and quote <= QUOTE_BOUND, seconds=seconds)


def _fuzz_row(case: Case, names: list[str], store: Path, rejected: dict[str, str], seconds: float) -> Row:
    reasons = Counter(re.sub(r"\d+", "N", rejected[n].split(":")[0]) for n in names if n in rejected)
    built = [n for n in names if n not in rejected]
    missing = [n for n in built if graph_quads(store, n) == 0]
    mutations = Counter(case.mutations)
    outcome = (f"{len(built)} read, {sum(reasons.values())} rejected by name ("
               + ", ".join(f"{k} {v}" for k, v in reasons.most_common()) + "); mutations: "
               + ", ".join(f"{k} {v}" for k, v in sorted(mutations.items())))
    lost = f"{sum(reasons.values())} rejected files (each named)" + (
        f"; {len(missing)} read but absent from the graph" if missing else "")
    return Row(case.name, len(names), outcome, lost, ok=not missing, seconds=seconds)
