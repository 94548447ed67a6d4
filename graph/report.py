"""What a build tells its caller: the `Report` of a finished build and the `BuildError` of a failed one."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graph.records import BadRow, Rejection


class BuildError(Exception):
    """The build could not produce a valid graph; nothing was published."""


@dataclass
class Changes:
    """What an incremental publish changed: documents by outcome, named graphs and quads."""

    added: list[str] = field(default_factory=list)  # source paths
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # changed on disk but unreadable: their previous facts stay
    emitted: int = 0  # source graphs emitted again: the changed documents' and those whose resolution changed
    graphs: int = 0  # named graphs whose content changed
    quads_added: int = 0
    quads_removed: int = 0
    validated: int = 0  # subjects SHACL-validated

    def line(self) -> str:
        kept = f", {len(self.kept)} unreadable (previous facts kept)" if self.kept else ""
        return (f"incremental: {len(self.added)} added, {len(self.replaced)} replaced, {len(self.removed)} removed"
                f"{kept}; {self.emitted} source graphs emitted, {self.graphs} named graphs changed "
                f"(+{self.quads_added} -{self.quads_removed} quads); "
                f"{self.validated} subjects validated")


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
    changes: Changes | None = None  # set when the build was an incremental publish
    why_full: str = ""  # why an incremental publish was not possible, when it was asked for

    def lines(self) -> list[str]:
        out = [f"documents read: {self.documents} ({self.reused} unchanged, reused from cache)"]
        if self.why_full:
            out.append(f"full build: {self.why_full}")
        if self.changes is not None:
            out.append(self.changes.line())
        if self.register_rows or self.bad_rows:
            out.append(f"office-holder register rows loaded: {self.register_rows} ({len(self.bad_rows)} bad)")
        if self.ignored:
            out.append(f"files ignored (not a document type): {self.ignored}")
        out.append("facts: " + ", ".join(f"{k} {v}" for k, v in sorted(self.facts.items())))
        if self.triples:  # counted while writing the whole dataset: a full build
            out.append("triples per class: " + ", ".join(f"{k} {v}" for k, v in sorted(self.triples.items())))
        out.append(f"quads in the dataset: {self.total_quads}")
        out.append("seconds per stage: " + ", ".join(f"{k} {v:.2f}" for k, v in self.seconds.items()))
        for rejection in self.rejected:
            out.append(f"rejected: {rejection.source}: {rejection.reason}")
        for bad in self.bad_rows:
            out.append(f"bad register row: {bad.register} line {bad.line}: {bad.reason}")
        return out
