"""Measure identity: is there one node per real inspection?

`python -m graph.evaluation identity [--store DIR]` (or `ofsted-kg evaluate identity`)
reads a built store and prints: the inspection nodes (kg:Inspection: real events,
not unresolved mentions), how many are undated and how many typed `other`, the pairs
of nodes of one council with the same type and dates that could be the same
(duplicates), and the official records (Ofsted's 2018-2025 outcomes history) of the
councils the documents cover, by how many nodes each is linked to (0, 1, many).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from graph import queries
from graph.records import PartialDate
from graph.timeline import overlaps


@dataclass(frozen=True)
class Node:
    iri: str
    authority: str
    inspection_type: str
    start: str | None
    end: str | None
    published: str | None

    @property
    def when(self) -> str | None:
        return self.start or self.published


@dataclass
class Figures:
    nodes: list[Node] = field(default_factory=list)
    duplicates: list[tuple[Node, Node]] = field(default_factory=list)
    records: dict[str, set[str]] = field(default_factory=dict)  # official record -> nodes linked to it

    @property
    def undated(self) -> list[Node]:
        """Nodes with no start date (known at most by their publication or their ordinal)."""
        return [n for n in self.nodes if n.start is None]

    @property
    def other_typed(self) -> list[Node]:
        return [n for n in self.nodes if n.inspection_type == "other"]

    def records_matched(self) -> dict[str, int]:
        counts = {"0": 0, "1": 0, "many": 0}
        for nodes in self.records.values():
            counts["0" if not nodes else "1" if len(nodes) == 1 else "many"] += 1
        return counts

    def summary(self) -> dict[str, object]:
        return {"inspection nodes": len(self.nodes), "undated": len(self.undated),
                "other-typed": len(self.other_typed), "duplicate pairs": len(self.duplicates),
                "official records matched 0/1/many": self.records_matched()}


def _value(term) -> str | None:
    return None if term is None else term.value


def measure(store) -> Figures:
    """The identity figures of a built store (anything with `.query(sparql)`)."""
    figures = Figures()
    seen: dict[str, Node] = {}
    for row in store.query(queries.internal("evaluation/inspection-nodes").sparql):
        iri = row["inspection"].value
        if iri not in seen:
            seen[iri] = Node(iri, row["authority_code"].value, row["inspection_type"].value,
                             _value(row["start_date"]), _value(row["end_date"]), _value(row["published"]))
    figures.nodes = sorted(seen.values(), key=lambda n: n.iri)
    figures.duplicates = duplicate_pairs(figures.nodes)
    records: dict[str, set[str]] = defaultdict(set)
    for row in store.query(queries.internal("evaluation/official-records").sparql):
        linked = records[row["record"].value]
        if row["inspection"] is not None:
            linked.add(row["inspection"].value)
    figures.records = dict(records)
    return figures


def duplicate_pairs(nodes: list[Node]) -> list[tuple[Node, Node]]:
    """Pairs of dated nodes of one council and type whose dates could name the same time."""
    groups: dict[tuple[str, str], list[Node]] = defaultdict(list)
    for node in nodes:
        if node.start:
            groups[(node.authority, node.inspection_type)].append(node)
    pairs = []
    for group in groups.values():
        for a, b in combinations(group, 2):
            if overlaps(PartialDate(a.start), PartialDate(b.start),
                        PartialDate(a.end) if a.end else None, PartialDate(b.end) if b.end else None):
                pairs.append((a, b))
    return pairs


def report(figures: Figures) -> str:
    lines = [f"{name}: {value}" for name, value in figures.summary().items()]
    lines += [f"   undated: {n.iri} ({n.inspection_type})" for n in figures.undated]
    lines += [f"   duplicate: {a.iri} = {b.iri}" for a, b in figures.duplicates]
    lines += [f"   record linked to {len(nodes)} nodes: {record} {sorted(nodes)}"
              for record, nodes in sorted(figures.records.items()) if len(nodes) != 1]
    return "\n".join(lines)


def main(argv: list[str] | None = None, prog: str = "python -m graph.evaluation identity") -> int:
    from graph.store import EmbeddedStore

    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a built embedded store")
    args = parser.parse_args(argv)
    print(report(measure(EmbeddedStore(args.store))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
