"""The records that flow between pipeline stages, declared once.

Every extracted fact is frozen and carries its `Evidence`: the source file,
the character span in the document's normalised text, and the exact quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Literal

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

Precision = Literal["year", "month", "day"]


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date no more precise than its evidence: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'."""

    value: str

    def __post_init__(self) -> None:
        if not _DATE_RE.match(self.value):
            raise ValueError(f"not a partial ISO date: {self.value!r}")

    @property
    def precision(self) -> Precision:
        return {4: "year", 7: "month", 10: "day"}[len(self.value)]

    @property
    def year(self) -> int:
        return int(self.value[:4])

    @property
    def month(self) -> int | None:
        return int(self.value[5:7]) if len(self.value) >= 7 else None

    def truncate(self, precision: Precision) -> PartialDate:
        return PartialDate(self.value[: {"year": 4, "month": 7, "day": 10}[precision]])

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Evidence:
    """A span of a source document's normalised text: [start, end) and its exact quote."""

    source: str
    start: int
    end: int
    quote: str

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end:
            raise ValueError(f"empty or negative span {self.start}-{self.end} in {self.source}")
        if len(self.quote) != self.end - self.start:
            raise ValueError(f"quote length does not match span {self.start}-{self.end} in {self.source}")


@dataclass(frozen=True)
class Document:
    """One ingested source: its normalised text and what is known about it."""

    source: str  # path relative to the corpus root it was given in
    path: str  # absolute path on disk
    media_type: str  # text/plain, text/markdown, text/html, application/pdf
    sha256: str
    text: str
    page_starts: tuple[int, ...] = ()  # offsets where each PDF page begins
    metadata: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # sidecar


@dataclass(frozen=True)
class DocumentFact:
    """Metadata a document states about itself (title, author, date, publisher, url, kind)."""

    field_name: Literal["title", "published", "author", "publisher", "url", "kind", "addressee"]
    value: str
    evidence: Evidence | None  # None only for values from a sidecar file or the file name


@dataclass(frozen=True)
class AuthorityMention:
    gss_code: str
    evidence: Evidence


@dataclass(frozen=True)
class InspectionMention:
    """An inspection or visit the document names.

    `key` identifies it within the document; judgements and concerns point to it.
    `primary` marks the inspection the document reports on.
    """

    key: str
    authority: str | None  # GSS code
    inspection_type: str | None  # DESIGN.md notation, None when the text does not say
    evidence: Evidence
    start: PartialDate | None = None
    end: PartialDate | None = None
    published: PartialDate | None = None
    ordinal: int | None = None
    month: int | None = None  # a month named without a year ("in February") that no document date fixes
    grade_hint: str | None = None  # overall grade the same phrase states ("judged inadequate in March 2019")
    primary: bool = False
    previous: bool = False  # the text marks it as an earlier event ("the last inspection", "the previous ...")
    fits: str | None = None  # the inspection-type collection its wording names ("inspection-type/full"), if any
    after: str | None = None  # key of an inspection this one is stated to follow
    before: str | None = None  # key of an inspection this one is stated to precede
    date_evidence: Evidence | None = None
    published_evidence: Evidence | None = None


@dataclass(frozen=True)
class JudgementFact:
    inspection: str  # InspectionMention.key
    area: str  # DESIGN.md notation
    grade: str  # grade concept local name: outstanding, good, requires-improvement, inadequate, adequate
    evidence: Evidence


@dataclass(frozen=True)
class RoleFact:
    """A person named as holding a role at an organisation, as one span states it."""

    name: str  # the person's full name as best the text gives it
    role: str  # DESIGN.md notation
    evidence: Evidence
    title: str | None = None  # the role title as written
    authority: str | None = None  # GSS code of the council, when the organisation is one
    organisation: str | None = None  # a non-council organisation's name (Ofsted, a newspaper)
    honorific: str | None = None
    constituency: str | None = None
    attested: PartialDate | None = None
    start: PartialDate | None = None
    end: PartialDate | None = None


@dataclass(frozen=True)
class ConcernFact:
    inspection: str | None  # InspectionMention.key; None until bound to the document's inspection
    category: str  # concern-category notation
    polarity: Literal["concern", "strength"]
    evidence: Evidence
    # GSS code of the council the finding is about, when known: its inspection mention's, else the
    # only council the document names. The graph needs it when the inspection stays unknown.
    authority: str | None = None


Fact = DocumentFact | AuthorityMention | InspectionMention | JudgementFact | RoleFact | ConcernFact


@dataclass(frozen=True)
class Extraction:
    """What the extract stage returns for one document."""

    document: Document
    facts: tuple[Fact, ...]

    def summary(self) -> Extraction:
        """What stages reading across all documents need: no text, no concerns, each council once.

        The builder keeps this in memory for every document and reads the
        whole extraction back from disk only to write that document's graph.
        """
        councils: set[str] = set()
        kept = []
        for fact in self.facts:
            if isinstance(fact, ConcernFact):
                continue
            if isinstance(fact, AuthorityMention):
                if fact.gss_code in councils:
                    continue
                councils.add(fact.gss_code)
            kept.append(fact)
        return Extraction(replace(self.document, text="", page_starts=()), tuple(kept))


@dataclass(frozen=True)
class RegisterRow:
    """Where a register fact comes from: a row of an analyst's table, not a span of text.

    `register` is the table's file name (its key: two tables of one name are refused),
    `line` the file line the row starts on (the header is line 1), `text` the row as
    written and `citation` its source column (a URL or a citation).
    """

    register: str
    line: int
    text: str
    citation: str


@dataclass(frozen=True)
class OfficeHolding:
    """One row of an office-holder register: a person in a council post over a period."""

    name: str  # the person's name, honorifics stripped as the people extractor strips them
    role: str  # DESIGN.md notation, from the post as written through the extractor's role rules
    title: str  # the post as written
    authority: str  # GSS code
    row: RegisterRow
    start: PartialDate | None = None
    end: PartialDate | None = None  # None: still in post
    honorific: str | None = None


@dataclass(frozen=True)
class BadRow:
    """A register row that was not loaded, and why (the rest of its table loads)."""

    register: str
    line: int
    reason: str


@dataclass(frozen=True)
class Rejection:
    """A file the build could not read, and why."""

    source: str
    reason: str
