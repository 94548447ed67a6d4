"""Scale the corpus up: synthesise more councils' documents from the real ones, as text files.

    python bench/synthesise.py --copies 50 [--out bench/out/corpus]

The base is the shared corpus: the 179 Ofsted reports (their text pulled out
once with graph.ingest) and the five documents in sources/. Copy 0 is that
base as it is. Every later copy rewrites each base document:

- each council it names becomes another real English council, by a fixed
  rotation through the children's-services register, so the extractor still
  recognises it through the registers it already has (no invented register
  rows, nothing the extractor was tuned on);
- each person the extractor found in it gets a new name, made up from first
  names and surnames, consistently within the copy;
- the language, layout, dates and judgements stay as written.

Spans come from running the project's own extraction over the base, so the
rewrite touches exactly what the extractor reads as councils and people.
Copies land in OUT/copy-NNN/, each with its own relative paths, so source
IRIs never collide. Output goes under bench/out/ (git-ignored).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import pickle
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from math import gcd
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from graph.extract import extract  # noqa: E402
from graph.ingest import IngestError, ingest  # noqa: E402
from graph.records import AuthorityMention, RoleFact  # noqa: E402

SHARED_CORPUS = PROJECT.parent / "shared" / "corpus" / "ofsted"
OWNER_SOURCES = PROJECT / "sources"
COUNCIL_REGISTER = PROJECT / "data" / "registers" / "england_childrens_services_las_joined.csv"
DEFAULT_OUT = PROJECT / "bench" / "out" / "corpus"
ROTATION_STRIDE = 7  # councils move this many places along the register per copy
HONORIFICS = r"(?:Mr|Mrs|Ms|Miss|Dr|Cllr|Councillor|Professor|Sir|Dame)\.?"

FIRST_NAMES = """Aisha Alan Alice Amir Angela Anita Barbara Ben Carla Chloe Colin Daniel Deborah Dev Diane Eleanor
Emma Farah Fiona Gareth Grace Hannah Harjit Helen Ian Imran Jack James Janet Jasmine Joanne Karen Kwame Laura Leon
Lucy Malik Margaret Mark Martin Michelle Mohammed Nadia Neil Nicola Olivia Owen Patricia Paul Priya Rachel Rebecca
Richard Rosa Ruth Samir Sandra Sarah Simon Sophie Stephen Tariq Thomas Valerie Wendy Yusuf Zoe""".split()
SURNAMES = """Abbott Adeyemi Ahmed Ashworth Bailey Banerjee Barker Bennett Bhatti Booth Bradshaw Brennan Carter
Chambers Chowdhury Clarke Collins Crawford Dawson Dixon Doyle Edwards Ellis Farrell Fletcher Foster Gallagher Gill
Goodwin Hale Hargreaves Hussain Iqbal Jennings Kaur Kelly Kennedy Lambert Lawson Lloyd Mahmood Malone Marsh Mensah
Moss Nash Newton Nolan Okafor Osei Parkes Patel Pearson Quinn Rahman Reid Rowe Sandhu Shaw Sheikh Slater Stone
Sutton Thornton Tucker Turner Vaughan Wade Walsh Webb Whitaker Yates""".split()


@dataclass(frozen=True)
class BaseDocument:
    """A real document's text and what the extractor reads in it as councils and people."""

    relative: str  # path under the base, with a .txt suffix
    text: str
    councils: tuple[tuple[int, int, str], ...]  # (start, end, GSS code) of each council mention
    people: tuple[str, ...]  # full names the extractor found


@dataclass(frozen=True)
class Council:
    gss: str
    name: str  # the short name the register and the reports use, e.g. "Stoke-on-Trent"
    slug: str


def read_councils() -> list[Council]:
    with COUNCIL_REGISTER.open(encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda row: row["gss_code"])
    return [Council(r["gss_code"], r["la_name_dfe"], re.sub(r"[^a-z0-9]+", "-", r["la_name_dfe"].lower()).strip("-"))
            for r in rows if r["gss_code"] and r["la_name_dfe"]]


def base_inputs() -> list[tuple[Path, Path, str]]:
    """(file, corpus root, relative output path) of every base document."""
    ofsted = [(p, SHARED_CORPUS, p.relative_to(SHARED_CORPUS).with_suffix(".txt").as_posix())
              for p in sorted(SHARED_CORPUS.rglob("*.pdf"))]
    owner = [(p, OWNER_SOURCES, f"sources/{p.name}") for p in sorted(OWNER_SOURCES.glob("*.txt"))]
    return ofsted + owner


def read_base_document(item: tuple[Path, Path, str]) -> BaseDocument | str:
    """Ingest and extract one real document; a message instead when it cannot be read."""
    path, root, relative = item
    try:
        extraction = extract(ingest(path, root))
    except IngestError as err:
        return f"{relative}: {err}"
    councils = sorted({(f.evidence.start, f.evidence.end, f.gss_code)
                       for f in extraction.facts if isinstance(f, AuthorityMention)})
    people = sorted({f.name for f in extraction.facts if isinstance(f, RoleFact) and len(f.name.split()) >= 2})
    return BaseDocument(relative, extraction.document.text, tuple(_without_overlaps(councils)), tuple(people))


def _without_overlaps(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def load_base(cache: Path, jobs: int) -> list[BaseDocument]:
    """The base documents, extracted once and kept in `cache` for later runs."""
    if cache.is_file():
        return pickle.loads(cache.read_bytes())
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(read_base_document, base_inputs(), chunksize=1))
    for skipped in (r for r in results if isinstance(r, str)):
        print(f"skipped: {skipped}", file=sys.stderr)
    documents = [r for r in results if isinstance(r, BaseDocument)]
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(documents))
    return documents


def council_rotation(councils: list[Council], copy: int) -> dict[str, Council]:
    stride = ROTATION_STRIDE
    while gcd(stride, len(councils)) != 1:
        stride += 1
    return {c.gss: councils[(i + copy * stride) % len(councils)] for i, c in enumerate(councils)}


def new_name(copy: int, name: str) -> str:
    """A made-up name standing for `name` in this copy; the same every run."""
    digest = hashlib.sha256(f"{copy}:{name}".encode()).digest()
    first = FIRST_NAMES[int.from_bytes(digest[:4], "big") % len(FIRST_NAMES)]
    last = SURNAMES[int.from_bytes(digest[4:8], "big") % len(SURNAMES)]
    return f"{first} {last}"


def rewrite(document: BaseDocument, councils: dict[str, Council], by_gss: dict[str, Council], copy: int) -> str:
    text = _rename_councils(document, councils, by_gss)
    return _rename_people(text, document.people, copy)


def _rename_councils(document: BaseDocument, rotation: dict[str, Council], by_gss: dict[str, Council]) -> str:
    parts, last = [], 0
    for start, end, gss in document.councils:
        target, original = rotation.get(gss), by_gss.get(gss)
        if target is None or original is None:
            continue  # a council outside the register keeps its name
        mention = document.text[start:end]
        renamed = mention.replace(original.name, target.name) if original.name in mention else target.name
        parts += [document.text[last:start], renamed]
        last = end
    parts.append(document.text[last:])
    return "".join(parts)


def _rename_people(text: str, people: tuple[str, ...], copy: int) -> str:
    if not people:
        return text
    renames = {name: new_name(copy, name) for name in people}
    surnames = {name.split()[-1]: renames[name].split()[-1] for name in people}
    full = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(renames, key=len, reverse=True)) + r")\b")
    text = full.sub(lambda m: renames[m.group(1)], text)
    titled = re.compile(rf"\b({HONORIFICS}\s+)(" + "|".join(re.escape(s) for s in surnames) + r")\b")
    return titled.sub(lambda m: m.group(1) + surnames[m.group(2)], text)


def write_copy(base: list[BaseDocument], councils: list[Council], copy: int, out: Path) -> int:
    """Write one copy of the corpus; returns the number of files written."""
    by_gss = {c.gss: c for c in councils}
    rotation = council_rotation(councils, copy)
    directory = out / f"copy-{copy:03d}"
    for document in base:
        relative = document.relative
        if copy == 0:
            text = document.text
        else:
            text = rewrite(document, rotation, by_gss, copy)
            relative = _renamed_path(document, rotation)
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return len(base)


def _renamed_path(document: BaseDocument, rotation: dict[str, Council]) -> str:
    """The council folder follows the document's main council; file names stay (they carry the date)."""
    folder, _, name = document.relative.partition("/")
    if folder == "sources" or not document.councils:
        return document.relative
    main = max({g for *_, g in document.councils}, key=[g for *_, g in document.councils].count)
    target = rotation.get(main)
    return f"{target.slug if target else folder}/{name}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Scale the corpus up by synthesising documents from the real ones.")
    parser.add_argument("--copies", type=int, default=50, help="copies of the base corpus, the first unchanged")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--jobs", type=int, default=0, help="worker processes for the one extraction of the base")
    args = parser.parse_args()
    base = load_base(args.out / "base.pickle", args.jobs or None)
    councils = read_councils()
    written = sum(write_copy(base, councils, copy, args.out) for copy in range(args.copies))
    size = sum(len(d.text) for d in base)
    print(f"{len(base)} base documents ({size / 1e6:.1f} M characters), {args.copies} copies: "
          f"{written} files in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
