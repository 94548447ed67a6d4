"""Real passages: short quotes of real text with the facts a careful reader takes from them.

The format is tests/fixtures/real/README.md. `load_passages` reads every batch file,
`check_passages` lists what breaks the format or the rules of use (length, notations,
reserved pages), and `split_of` is the frozen dev/test split: a page's passages all fall
in the same split, drawn by a salted hash of its URL, so no page is both tuned on and
measured on, and a passage added later lands in a split without anyone choosing it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml

from graph import concepts

REAL_DIR = Path("tests/fixtures/real")  # the default, relative to the working directory (a checkout)
FINDINGS_DIR = Path("tests/fixtures/findings")
MAX_QUOTE = 300  # characters: a short quote of third-party text, never the article
KINDS = ("news", "press-release", "minutes", "trade-press", "ofsted", "other")
SPLIT_SALT = "ofsted-kg real passages 2026-12-06"  # fixed once: changing it would unfreeze the test split
OFSTED_HOSTS = ("reports.ofsted.gov.uk", "files.ofsted.gov.uk")

Split = Literal["dev", "test"]


@dataclass(frozen=True)
class Passage:
    id: str
    url: str
    publisher: str
    kind: str
    text: str
    facts: dict[str, Any]
    batch: str
    about: str | None = None
    published: str | None = None
    whole_excerpt: bool = False

    @property
    def split(self) -> Split:
        return split_of(self.url)


@dataclass
class Problems:
    """What `check_passages` found, one line per problem, naming the passage."""

    lines: list[str] = field(default_factory=list)

    def add(self, passage_id: str, message: str) -> None:
        self.lines.append(f"{passage_id}: {message}")


def split_of(url: str) -> Split:
    """A third of pages, drawn by hash, are the test split; the draw never changes."""
    digest = hashlib.sha256(f"{SPLIT_SALT}|{page_key(url)}".encode()).digest()
    return "test" if digest[0] % 3 == 0 else "dev"


def page_key(url: str) -> str:
    """A URL as one page: scheme, "www." and fragment ignored (the query stays: minutes pages differ by it)."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{parts.path.rstrip('/')}{query}"


def load_passages(directory: Path = REAL_DIR, files: list[Path] | None = None) -> list[Passage]:
    """Every passage of every batch-*.yaml in `directory` (or of `files`), in file then list order."""
    passages = []
    for path in files or sorted(directory.glob("batch-*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("passages") or []:
            passages.append(_passage(item, path.stem))
    return passages


def _passage(item: dict[str, Any], batch: str) -> Passage:
    published = item.get("published")
    return Passage(
        id=str(item.get("id", "")), url=str(item.get("url", "")), publisher=str(item.get("publisher", "")),
        kind=str(item.get("kind", "")), text=" ".join(str(item.get("text", "")).split()),
        facts=item.get("facts") or {}, batch=batch, about=item.get("about"),
        published=str(published) if published is not None else None,
        whole_excerpt=bool(item.get("whole_excerpt", False)),
    )


def reserved_pages(reserved_file: Path) -> set[str]:
    """Page keys of the URLs listed in the evaluation's RESERVED.md."""
    text = reserved_file.read_text(encoding="utf-8")
    return {page_key(url) for url in re.findall(r"https?://\S+", text)}


def check_passages(passages: list[Passage], reserved: set[str] | None = None,
                   readable_councils: set[str] | None = None) -> list[str]:
    """Every breach of the format and of the rules of use; empty when the passages are fit to use."""
    problems = Problems()
    seen: set[str] = set()
    for passage in passages:
        if passage.id in seen:
            problems.add(passage.id, "id used twice")
        seen.add(passage.id)
        _check_fields(passage, problems)
        _check_facts(passage, problems)
        if reserved is not None and page_key(passage.url) in reserved:
            problems.add(passage.id, f"{passage.url} is reserved for evaluation (RESERVED.md)")
        host = urlsplit(passage.url).netloc.lower()
        if readable_councils is not None and host in OFSTED_HOSTS and passage.about not in readable_councils:
            problems.add(passage.id, "an Ofsted report of a council outside the shared corpus")
    return problems.lines


def _check_fields(passage: Passage, problems: Problems) -> None:
    if not passage.url.startswith(("http://", "https://")):
        problems.add(passage.id, f"url {passage.url!r} is not a web address")
    if not passage.publisher:
        problems.add(passage.id, "no publisher")
    if passage.kind not in KINDS:
        problems.add(passage.id, f"kind {passage.kind!r} is not one of {', '.join(KINDS)}")
    if not passage.text:
        problems.add(passage.id, "no text")
    if len(passage.text) > MAX_QUOTE:
        problems.add(passage.id, f"text has {len(passage.text)} characters, over the {MAX_QUOTE} allowed")


def _check_facts(passage: Passage, problems: Problems) -> None:
    known = {"authorities", "people_roles", "not_people", "findings"}
    for key in set(passage.facts) - known:
        problems.add(passage.id, f"unknown fact key {key!r}")
    roles, categories = set(concepts.notations("role")), set(concepts.notations("concern-category"))
    for person in passage.facts.get("people_roles") or []:
        if not person.get("name"):
            problems.add(passage.id, f"a person without a name: {person}")
        if person.get("role") not in roles:
            problems.add(passage.id, f"role {person.get('role')!r} is not a role notation")
    for finding in passage.facts.get("findings") or []:
        core = " ".join(str(finding.get("contains") or "").split())
        if not core or core not in passage.text:
            problems.add(passage.id, f"finding {finding.get('contains')!r} is not a substring of the text")
        if finding.get("polarity") not in ("concern", "strength"):
            problems.add(passage.id, f"polarity {finding.get('polarity')!r} is not concern or strength")
        if finding.get("category") not in categories:
            problems.add(passage.id, f"category {finding.get('category')!r} is not a concern-category notation")
    for code in passage.facts.get("authorities") or []:
        if not re.fullmatch(r"E\d{8}", str(code)):
            problems.add(passage.id, f"authority {code!r} is not a GSS code")
