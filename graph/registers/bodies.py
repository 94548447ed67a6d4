"""Children's-services councils as documents name them: the 153 in being and their predecessors since 2009.

The DfE register (dfe_las.csv) lists every children's-services code since 2009
with its dates and DfE LA code. A code that has ended is

- the same council under an older code when a council in being kept its LA code
  (Barnsley and Sheffield before 2025; the Buckinghamshire, North Yorkshire and
  Somerset county councils, whose LA codes and Ofsted provider the unitary
  councils kept, and under whose current codes Ofsted's statistics file their
  inspections), or, for a code with no LA code ("x": the counties that became
  unitary in April 2009), when a council in being has its place name: its
  names are then that council's names;
- otherwise a council of its own (Bournemouth, Poole, Dorset County,
  Northamptonshire, Cumbria, Bedfordshire, Cheshire), named by its own code;
- left out when it has no LA code and no council in being has its name
  (Cornwall and Isles of Scilly: a statistical area of two councils).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from graph.registers.files import RegisterFiles
from graph.registers.name_forms import council_stem, rules as name_rules
from graph.registers.name_table import CouncilBody
from graph.registers.names import alt_name_list, normalise_name
from graph.registers.records import AuthorityRecord

DFE_LAS = "dfe_las.csv"
MYSOCIETY = "mysociety_uk_local_authorities.csv"

_NO_LA_CODE = "x"


def council_bodies(reader: RegisterFiles, current: tuple[AuthorityRecord, ...],
                   dfe: EndedCodes) -> tuple[CouncilBody, ...]:
    """Every children's-services council since 2009, with every name the registers give it."""
    society = {row["gss-code"]: row for row in reader.rows(MYSOCIETY)}
    alternatives = name_rules().alternative_names
    bodies = []
    for record in current:
        codes = [record.gss_code, *record.former_gss_codes, *dfe.merged.get(record.gss_code, ())]
        rows = [dfe.rows[code] for code in codes if code in dfe.rows]
        names = [record.official_name, record.short_name, *record.alt_names, *alternatives.get(record.gss_code, ()),
                 *(row["la_name"] for row in rows),
                 *(name for code in codes[1:] for name in _society_names(society.get(code)))]
        bodies.append(CouncilBody(record.gss_code, _unique(names), _entity_types(codes),
                                  _earliest(row["date_of_operation"] for row in rows), None))
    for row in dfe.distinct:
        code = row["new_la_code"]
        bodies.append(CouncilBody(code, _unique([row["la_name"], *_society_names(society.get(code))]),
                                  _entity_types([code]), iso_date(row["date_of_operation"]),
                                  iso_date(row["date_of_termination"])))
    return tuple(bodies)


@dataclass(frozen=True)
class EndedCodes:
    """The DfE register's ended codes, sorted into the three cases of the module docstring."""

    rows: dict[str, dict[str, str]]  # every DfE row by code
    merged: dict[str, list[str]]  # current code -> ended codes of the same council
    distinct: list[dict[str, str]]  # rows of ended councils of their own


def ended_codes(reader: RegisterFiles, current: tuple[AuthorityRecord, ...]) -> EndedCodes:
    rows = {row["new_la_code"]: row for row in reader.rows(DFE_LAS) if "/" not in row["new_la_code"]}
    known = {code for record in current for code in (record.gss_code, *record.former_gss_codes)}
    by_la_code = {record.dfe_la_code: record.gss_code for record in current}
    by_place = {normalise_name(council_stem(name)): record.gss_code
                for record in current for name in (record.official_name, record.short_name)}
    merged: dict[str, list[str]] = defaultdict(list)
    distinct = []
    for code, row in sorted(rows.items()):
        if code in known or not row["date_of_termination"]:
            continue
        same = (by_la_code.get(row["old_la_code"]) if row["old_la_code"] != _NO_LA_CODE
                else by_place.get(normalise_name(row["la_name"])))
        if same:
            merged[same].append(code)
        elif row["old_la_code"] != _NO_LA_CODE:
            distinct.append(row)
    return EndedCodes(rows, dict(merged), distinct)


def other_councils(reader: RegisterFiles, current: tuple[AuthorityRecord, ...], dfe: EndedCodes,
                   land_rows: list[dict[str, str]]) -> list[tuple[str, list[str]]]:
    """(GSS code, names) of councils in being that are not children's-services authorities (and never
    were since 2009: digital-land leaves some abolished counties without an end date)."""
    ours = {code for record in current for code in (record.gss_code, *record.former_gss_codes)}
    ours |= set(dfe.rows)
    found: dict[str, list[str]] = defaultdict(list)
    for row in reader.rows(MYSOCIETY):
        if row["current-authority"] == "True" and row["gss-code"] not in ours:
            found[row["gss-code"]] += [row["official-name"], row["nice-name"], *alt_name_list(row["alt-names"])]
    for row in land_rows:
        if not row["end-date"] and row["statistical-geography"] not in ours:
            found[row["statistical-geography"]].append(row["name"])
    return sorted(found.items())


def _society_names(row: dict[str, str] | None) -> list[str]:
    return [row["official-name"], row["nice-name"], *alt_name_list(row["alt-names"])] if row else []


def _entity_types(codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({code[:3] for code in codes}))


def _earliest(dates: Iterable[str]) -> str | None:
    return min((iso for date in dates if (iso := iso_date(date))), default=None)


def iso_date(dmy: str) -> str | None:
    """'31/03/2019' -> '2019-03-31'; blank -> None."""
    return datetime.strptime(dmy, "%d/%m/%Y").date().isoformat() if dmy.strip() else None


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    """Names deduplicated on their folded form, first spelling kept."""
    seen: dict[str, str] = {}
    for name in names:
        name = " ".join(name.split())
        if name and re.search(r"\w", name):
            seen.setdefault(normalise_name(name), name)
    return tuple(seen.values())
