"""What a build tells its caller: the `Report` of a finished build and the `BuildError` of a failed one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graph.records import BadRow, Rejection


class BuildError(Exception):
    """The build could not produce a valid graph; nothing was published."""


@dataclass
class Report:
    documents: int = 0
    reused: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    bad_rows: list[BadRow] = field(default_factory=list)  # office-holder register rows not loaded
    register_rows: int = 0  # office-holder register rows loaded
    ignored: int = 0
    facts: Counter = field(default_factory=Counter)
    triples: Counter = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=dict)
    total_quads: int = 0

    def lines(self) -> list[str]:
        out = [f"documents read: {self.documents} ({self.reused} unchanged, reused from cache)"]
        if self.register_rows or self.bad_rows:
            out.append(f"office-holder register rows loaded: {self.register_rows} ({len(self.bad_rows)} bad)")
        if self.ignored:
            out.append(f"files ignored (not a document type): {self.ignored}")
        out.append("facts: " + ", ".join(f"{k} {v}" for k, v in sorted(self.facts.items())))
        out.append("triples per class: " + ", ".join(f"{k} {v}" for k, v in sorted(self.triples.items())))
        out.append(f"quads in the dataset: {self.total_quads}")
        out.append("seconds per stage: " + ", ".join(f"{k} {v:.2f}" for k, v in self.seconds.items()))
        for rejection in self.rejected:
            out.append(f"rejected: {rejection.source}: {rejection.reason}")
        for bad in self.bad_rows:
            out.append(f"bad register row: {bad.register} line {bad.line}: {bad.reason}")
        return out
