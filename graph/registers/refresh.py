"""Refresh the shipped register snapshot from live registers, where there is network.

    python -m graph.registers.refresh [--wikidata-endpoint URL] [--ons-endpoint URL]
                                      [--registers-dir DIR] [--dry-run]

Asks Wikidata's query service for the council and area items of our GSS
codes (P836, and councils by P1001 "applies to jurisdiction") and for the
items of our MPs (P10428 "UK Parliament identifier"), and the ONS linked-data
service for the status, name and predecessors of our GSS codes. The answers
are merged into wikidata_councils.csv, wikidata_members.csv and
ons_gss_codes.csv: a value fills a blank, and a value that disagrees with
what is shipped is reported and NOT written (merge, not clobber).
snapshot.json records when, from where and what changed.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.error import URLError

from pyoxigraph import Literal, NamedNode
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from graph.queries import internal
from graph.resources import REGISTERS_DIR
from graph.registers import (
    ONS_GSS_CODES,
    SNAPSHOT,
    WIKIDATA_COUNCILS,
    WIKIDATA_MEMBERS,
    Registers,
    load_registers,
)

WIKIDATA_ENDPOINT = "https://query.wikidata.org/sparql"
ONS_ENDPOINT = "https://statistics.data.gov.uk/sparql"
USER_AGENT = "ofsted-kg-register-refresh/0.1 (https://w3id.org/ofsted-kg; register snapshot refresh)"
ONS_GEOGRAPHY = "http://statistics.data.gov.uk/id/statistical-geography/"

Rows = dict[str, dict[str, str]]  # key -> field -> value


class RefreshError(Exception):
    """A live register could not be queried or answered something unusable."""


@dataclass(frozen=True)
class Disagreement:
    register: str
    key: str
    field: str
    shipped: str
    refreshed: str


@dataclass(frozen=True)
class RegisterRefresh:
    """One register's refresh: what it asked, what came back and what changed."""

    register: str
    file_name: str
    key_field: str
    endpoint: str
    received: int
    merged: Rows
    added: tuple[str, ...]  # "key field" pairs that filled a blank
    disagreements: tuple[Disagreement, ...]
    ambiguous: tuple[str, ...]  # keys for which the register gave several different values


# ---------------------------------------------------------------- queries

def councils_query(gss_codes: list[str]) -> str:
    return internal("registers/wikidata-councils").with_values("gss", map(Literal, gss_codes))


def members_query(member_ids: list[str]) -> str:
    return internal("registers/wikidata-members").with_values("memberId", map(Literal, member_ids))


def ons_query(gss_codes: list[str]) -> str:
    areas = (NamedNode(ONS_GEOGRAPHY + code) for code in gss_codes)
    return internal("registers/ons-geographies").with_values("area", areas)


def select(endpoint: str, query: str) -> list[dict[str, str]]:
    """Run a SELECT query; each solution as variable -> lexical value."""
    client = SPARQLWrapper(endpoint, agent=USER_AGENT)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setQuery(query)
    try:
        result = client.queryAndConvert()
    except (URLError, SPARQLWrapperException, OSError) as err:
        raise RefreshError(f"query to {endpoint} failed: {err}") from err
    if not isinstance(result, dict) or "results" not in result:
        raise RefreshError(f"{endpoint} did not answer with SPARQL JSON results")
    return [{name: cell["value"] for name, cell in solution.items()} for solution in result["results"]["bindings"]]


# ---------------------------------------------------------------- shipped baselines

def read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def council_baseline(registers: Registers) -> Rows:
    return {a.gss_code: {"council_wikidata": a.wikidata or "", "area_wikidata": a.wikidata_area or ""}
            for a in registers.authorities}


def member_baseline(registers: Registers) -> Rows:
    return {m.member_id: {"name": m.name, "wikidata": m.wikidata or ""} for m in registers.members}


def ons_baseline(registers: Registers, directory: Path) -> Rows:
    """Every shipped authority code is live; what an earlier refresh recorded is kept."""
    rows = {a.gss_code: {"status": "live"} for a in registers.authorities}
    return _overlay(rows, read_csv(directory / ONS_GSS_CODES), "gss_code")


def _overlay(rows: Rows, extra: list[dict[str, str]], key_field: str) -> Rows:
    for row in extra:
        rows.setdefault(row[key_field], {}).update({k: v for k, v in row.items() if k != key_field and v})
    return rows


# ---------------------------------------------------------------- answers -> rows

def council_answers(solutions: list[dict[str, str]]) -> dict[str, dict[str, set[str]]]:
    answers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for solution in solutions:
        fields = answers[solution["gss"]]
        fields["area_wikidata"].add(_qid(solution["area"]))
        if "council" in solution:
            fields["council_wikidata"].add(_qid(solution["council"]))
    return answers


def member_answers(solutions: list[dict[str, str]]) -> dict[str, dict[str, set[str]]]:
    answers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for solution in solutions:
        answers[solution["memberId"]]["wikidata"].add(_qid(solution["person"]))
    return answers


def ons_answers(solutions: list[dict[str, str]]) -> dict[str, dict[str, set[str]]]:
    answers: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for solution in solutions:
        fields = answers[solution["area"].removeprefix(ONS_GEOGRAPHY)]
        if "name" in solution:
            fields["official_name"].add(solution["name"])
        if "status" in solution:
            fields["status"].add(solution["status"])
        if "previous" in solution:
            fields["replaces"].add(solution["previous"].removeprefix(ONS_GEOGRAPHY))
    # Predecessors are a set; compare them as one sorted value.
    for fields in answers.values():
        fields["replaces"] = {" / ".join(sorted(fields["replaces"]))} if fields["replaces"] else set()
    return answers


def _qid(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


# ---------------------------------------------------------------- merge

def merge(register: str, shipped: Rows, answers: dict[str, dict[str, set[str]]]
          ) -> tuple[Rows, list[str], list[Disagreement], list[str]]:
    """Fill blanks from the answers; keep shipped values where they differ, and report those."""
    merged = {key: dict(fields) for key, fields in shipped.items()}
    added, disagreements, ambiguous = [], [], []
    for key in sorted(answers):
        row = merged.setdefault(key, {})
        for field, values in sorted(answers[key].items()):
            if len(values) > 1:
                ambiguous.append(f"{key} {field}: {' | '.join(sorted(values))}")
                continue
            if not values:
                continue
            value = next(iter(values))
            current = row.get(field, "")
            if not current:
                row[field] = value
                added.append(f"{key} {field}")
            elif current != value:
                disagreements.append(Disagreement(register, key, field, current, value))
    return merged, added, disagreements, ambiguous


def refresh_register(register: str, file_name: str, key_field: str, endpoint: str, query: str,
                     shipped: Rows, to_answers) -> RegisterRefresh:
    solutions = select(endpoint, query)
    merged, added, disagreements, ambiguous = merge(register, shipped, to_answers(solutions))
    return RegisterRefresh(register, file_name, key_field, endpoint, len(solutions), merged,
                           tuple(added), tuple(disagreements), tuple(ambiguous))


def refresh_all(directory: Path, wikidata_endpoint: str, ons_endpoint: str) -> list[RegisterRefresh]:
    registers = load_registers(directory)
    councils = council_baseline(registers)
    members = member_baseline(registers)
    ons = ons_baseline(registers, directory)
    codes = sorted(councils)
    return [
        refresh_register("wikidata-councils", WIKIDATA_COUNCILS, "gss_code", wikidata_endpoint,
                         councils_query(codes), councils, council_answers),
        refresh_register("wikidata-members", WIKIDATA_MEMBERS, "member_id", wikidata_endpoint,
                         members_query(sorted(members, key=int)), members, member_answers),
        refresh_register("ons-gss", ONS_GSS_CODES, "gss_code", ons_endpoint, ons_query(codes), ons, ons_answers),
    ]


# ---------------------------------------------------------------- writing

def write_refresh(directory: Path, refreshes: list[RegisterRefresh], when: str) -> None:
    for refresh in refreshes:
        _write_rows(directory / refresh.file_name, refresh.key_field, refresh.merged)
    snapshot_path = directory / SNAPSHOT
    snapshot = json.loads(snapshot_path.read_text(encoding="utf-8")) if snapshot_path.exists() else {}
    snapshot.setdefault("refreshes", []).append({"at": when, "registers": [_summary(refresh) for refresh in refreshes]})
    snapshot["last_refreshed"] = when
    snapshot_path.write_text(json.dumps(snapshot, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _write_rows(path: Path, key_field: str, rows: Rows) -> None:
    fields = sorted({field for row in rows.values() for field in row})
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[key_field, *fields], lineterminator="\n")
        writer.writeheader()
        for key in sorted(rows):
            writer.writerow({key_field: key, **rows[key]})


def _summary(refresh: RegisterRefresh) -> dict:
    return {
        "register": refresh.register,
        "endpoint": refresh.endpoint,
        "file": refresh.file_name,
        "solutions_received": refresh.received,
        "values_added": list(refresh.added),
        "disagreements_kept_shipped_value": [asdict(item) for item in refresh.disagreements],
        "ambiguous": list(refresh.ambiguous),
    }


def report(refreshes: list[RegisterRefresh]) -> str:
    lines = []
    for refresh in refreshes:
        lines.append(f"{refresh.register} ({refresh.endpoint}): {refresh.received} solutions, "
                     f"{len(refresh.added)} values added, {len(refresh.disagreements)} disagreements, "
                     f"{len(refresh.ambiguous)} ambiguous")
        lines += [f"  disagrees: {d.key} {d.field}: shipped {d.shipped!r}, register says {d.refreshed!r} (kept shipped)"
                  for d in refresh.disagreements]
        lines += [f"  ambiguous: {item}" for item in refresh.ambiguous]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Refresh the register snapshot from Wikidata and the ONS.")
    parser.add_argument("--wikidata-endpoint", default=WIKIDATA_ENDPOINT)
    parser.add_argument("--ons-endpoint", default=ONS_ENDPOINT)
    parser.add_argument("--registers-dir", type=Path, default=REGISTERS_DIR)
    parser.add_argument("--dry-run", action="store_true", help="query and report, write nothing")
    args = parser.parse_args(argv)
    when = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    try:
        refreshes = refresh_all(args.registers_dir, args.wikidata_endpoint, args.ons_endpoint)
    except RefreshError as err:
        print(f"refresh_registers: {err}", file=sys.stderr)
        return 1
    print(report(refreshes))
    if not args.dry_run:
        write_refresh(args.registers_dir, refreshes, when)
        print(f"snapshot updated in {args.registers_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
