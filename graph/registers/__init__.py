"""The shipped registers (data/registers), loaded once into frozen records.

Authorities come from the joined children's-services table, enriched with
mySociety names, digital-land IRIs and any refreshed Wikidata/ONS snapshot;
MPs from the DfE lookup plus the hand-checked identifier table; inspection
outcomes from Ofsted's official statistics and, at lower confidence, the
JT-39 scrape of Ofsted's report PDFs. Nothing here needs the network.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from graph.resources import REGISTERS_DIR


JOINED = "england_childrens_services_las_joined.csv"
MYSOCIETY = "mysociety_uk_local_authorities.csv"
DIGITAL_LAND = "digital_land_local_authority.csv"
DFE_LAS = "dfe_las.csv"
MP_LOOKUP = "dfe_mp_lookup.csv"
IDENTIFIERS = "stoke_and_people_identifiers.csv"
OFSTED_HISTORY = "ofsted_ilacs_inspection_history_2018-2025.csv"
OFSTED_IN_YEAR = "ofsted_la_inspections_in_year_2024-25.csv"
JT39_SCRAPE = "ofsted_ilacs_scrape_history_jt39.csv"
COMMON_WORDS = "name_index_common_words.csv"
# Written by graph.registers.refresh; optional, they only add to the above.
WIKIDATA_COUNCILS = "wikidata_councils.csv"
WIKIDATA_MEMBERS = "wikidata_members.csv"
ONS_GSS_CODES = "ons_gss_codes.csv"
SNAPSHOT = "snapshot.json"

CHILDRENS_SERVICES_TYPES = frozenset({"UA", "MD", "LBO", "CTY", "CC"})
AREAS = ("overall-effectiveness", "leaders", "help-and-protection", "children-in-care", "care-leavers")
# The JT-39 scrape is a proof-of-concept PDF parser; official statistics are 1.0.
SCRAPE_CONFIDENCE = 0.7
OFFICIAL_CONFIDENCE = 1.0

_OFFICIAL_TYPES = {
    "ILACS Standard Inspection": "ilacs-standard",
    "ILACS Short Inspection": "ilacs-short",
    "ILACS Focused Visit": "focused-visit",
    "LA Monitoring visit": "monitoring-visit",
}
_OFFICIAL_GRADES = {
    "Outstanding": "outstanding",
    "Good": "good",
    "Requires improvement to be good": "requires-improvement",
    "Inadequate": "inadequate",
}
_OFFICIAL_AREA_COLUMNS = {
    "overall-effectiveness": "Overall effectiveness",
    "leaders": "The impact of leaders on social work practice with children and families",
    "help-and-protection": "The experiences and progress of children who need help and protection",
    "children-in-care": "The experiences and progress of children in care",
    "care-leavers": "The experiences and progress of care leavers",
}
_SCRAPE_TYPES = {"standard": "ilacs-standard", "short": "ilacs-short"}
_SCRAPE_GRADES = {
    "outstanding": "outstanding",
    "good": "good",
    "requires improvement": "requires-improvement",
    "inadequate": "inadequate",
}
_SCRAPE_AREA_COLUMNS = {
    "overall-effectiveness": "overall_effectiveness_grade",
    "leaders": "impact_of_leaders_grade",
    "help-and-protection": "help_and_protection_grade",
    "children-in-care": "in_care_grade",
    "care-leavers": "care_leavers_grade",
}
# SIF ran from November 2013; its last reports were published in 2018. An
# unlabelled scraped report published in that window is a SIF report.
_SIF_PUBLISHED = ("2014-01-01", "2018-12-31")

_HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "lord", "lady", "baroness", "baron",
    "rt", "hon", "right", "honourable", "the", "cllr", "councillor", "prof", "professor", "mp",
})
_COUNCIL_SUFFIXES = (
    " metropolitan borough council", " metropolitan district council", " city council",
    " county council", " borough council", " district council", " council", " corporation",
    " london boro", " ua",
)
_COUNCIL_PREFIXES = ("london borough of ", "royal borough of ", "council of the ", "borough of ", "city of ", "county of ")
_HEAD_OF_PLACE = re.compile(r"^(\w+)(?: |-)(?:on|upon|under)(?: |-)", re.IGNORECASE)


# ---------------------------------------------------------------- records

@dataclass(frozen=True)
class AuthorityRecord:
    """One of the 153 English children's-services (upper-tier) authorities."""

    gss_code: str
    former_gss_codes: tuple[str, ...]
    dfe_la_code: str
    ofsted_urn: str
    official_name: str
    short_name: str
    alt_names: tuple[str, ...]
    la_type: str
    region_code: str
    region_name: str
    wikidata: str | None
    wikidata_area: str | None
    opendatacommunities: str | None


@dataclass(frozen=True)
class FormerAuthorityRecord:
    """An abolished upper-tier council, kept so its old records still have a subject."""

    gss_code: str
    official_name: str
    short_name: str
    dfe_la_code: str | None
    end_date: str
    successor_gss_codes: tuple[str, ...]


@dataclass(frozen=True)
class MpRecord:
    """A member of parliament: current ones from the DfE lookup, past ones from the identifier table."""

    member_id: str
    name: str
    honorific: str | None
    alt_names: tuple[str, ...]
    constituency: str | None
    constituency_code: str | None
    party: str | None
    authority_gss_codes: tuple[str, ...]
    wikidata: str | None
    current: bool


@dataclass(frozen=True)
class OfficialInspection:
    """An inspection or visit as Ofsted's official statistics record it."""

    gss_code: str  # current code of the authority (or the abolished authority's own code)
    recorded_gss_code: str  # as the register row writes it
    inspection_type: str  # DESIGN.md notation
    start_date: str
    published_date: str | None
    grades: tuple[tuple[str, str], ...]  # (area notation, grade local name), AREAS order
    visit_theme: str | None
    register: str  # file name of the register row
    confidence: float = OFFICIAL_CONFIDENCE

    def grade(self, area: str) -> str | None:
        return dict(self.grades).get(area)


@dataclass(frozen=True)
class ScrapedInspection:
    """A report row from the JT-39 scrape, for what the official statistics do not cover."""

    gss_code: str
    ofsted_urn: str
    inspection_type: str | None  # None when the scraper could not tell
    start_date: str | None
    end_date: str | None
    published_date: str
    grades: tuple[tuple[str, str], ...]
    lead_inspector: str | None
    report_url: str
    register: str
    confidence: float = SCRAPE_CONFIDENCE

    def grade(self, area: str) -> str | None:
        return dict(self.grades).get(area)


@dataclass(frozen=True, eq=False)  # hashed by identity, so the indexes below can be cached per load
class Registers:
    authorities: tuple[AuthorityRecord, ...]
    former_authorities: tuple[FormerAuthorityRecord, ...]
    name_index: dict[str, str]
    members: tuple[MpRecord, ...]
    official_inspections: tuple[OfficialInspection, ...]
    scraped_inspections: tuple[ScrapedInspection, ...]
    sources: dict[str, dict[str, str]]


# ---------------------------------------------------------------- public API

@lru_cache(maxsize=1)
def shipped_registers() -> Registers:
    return load_registers(REGISTERS_DIR)


def authorities() -> tuple[AuthorityRecord, ...]:
    return shipped_registers().authorities


def former_authorities() -> tuple[FormerAuthorityRecord, ...]:
    return shipped_registers().former_authorities


def authority_by_code(code: str) -> AuthorityRecord | None:
    """Find an authority by current or former GSS code, DfE LA code or Ofsted URN."""
    return _authority_code_index(shipped_registers()).get(code.strip().upper())


def authority_name_index() -> dict[str, str]:
    """Normalised surface name -> GSS code (see `build_name_index` for the rule)."""
    return dict(shipped_registers().name_index)


def members_of_parliament() -> tuple[MpRecord, ...]:
    return shipped_registers().members


def mp_by_name(name: str) -> MpRecord | None:
    """The MP whose full name (or a recorded alternative full name) is `name`; never a surname alone."""
    return _unique(_mp_name_index(shipped_registers()).get(person_slug(name), ()))


def mp_by_constituency(name: str) -> MpRecord | None:
    return _unique(_mp_constituency_index(shipped_registers()).get(normalise_name(name), ()))


def official_inspections() -> tuple[OfficialInspection, ...]:
    return shipped_registers().official_inspections


def scraped_inspections() -> tuple[ScrapedInspection, ...]:
    return shipped_registers().scraped_inspections


def register_sources() -> dict[str, dict[str, str]]:
    """Per shipped file: origin, commit, licence and attribution (from snapshot.json)."""
    return shipped_registers().sources


def normalise_name(text: str) -> str:
    """Fold a surface name for lookup: ASCII, lowercase, '&' -> 'and', punctuation and hyphens to spaces, no leading 'the'."""
    folded = _ascii(text).lower().replace("&", " and ")
    folded = re.sub(r"['\u2019.]", "", folded)
    folded = re.sub(r"[^a-z0-9]+", " ", folded).strip()
    return re.sub(r"^the ", "", folded)


def person_slug(name: str) -> str:
    """IRI slug of a person's name: lowercase ASCII words joined by '-', honorifics dropped."""
    words = re.sub(r"['\u2019]", "", _ascii(name).lower())
    tokens = re.findall(r"[a-z0-9]+", words)
    while tokens and tokens[0] in _HONORIFICS:
        tokens.pop(0)
    while tokens and tokens[-1] in {"mp", "cbe", "obe", "mbe", "kc", "qc"}:
        tokens.pop()
    if not tokens:
        raise ValueError(f"no name left to slug in {name!r}")
    return "-".join(tokens)


# ---------------------------------------------------------------- loading

def load_registers(directory: Path) -> Registers:
    """Read every register file in `directory` into records (no caching)."""
    reader = _Reader(directory)
    current = _load_authorities(reader)
    name_index = build_name_index(current, _other_council_names(reader, current), _common_words(reader))
    current = _with_place_heads(current, name_index)
    official = _load_official_inspections(reader, current)
    return Registers(
        authorities=current,
        former_authorities=_load_former_authorities(reader, current),
        name_index=name_index,
        members=_load_members(reader),
        official_inspections=official,
        scraped_inspections=_load_scraped_inspections(reader, current, official),
        sources=reader.snapshot().get("files", {}),
    )


class _Reader:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def rows(self, name: str) -> list[dict[str, str]]:
        path = self.directory / name
        if not path.exists():
            raise FileNotFoundError(f"register file missing: {path}")
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))

    def optional_rows(self, name: str) -> list[dict[str, str]]:
        return self.rows(name) if (self.directory / name).exists() else []

    def snapshot(self) -> dict:
        path = self.directory / SNAPSHOT
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _load_authorities(reader: _Reader) -> tuple[AuthorityRecord, ...]:
    mysociety = _by_gss(reader.rows(MYSOCIETY), "gss-code", current_only=True)
    digital_land = _by_gss(reader.rows(DIGITAL_LAND), "statistical-geography", current_only=True)
    wikidata = {row["gss_code"]: row for row in reader.optional_rows(WIKIDATA_COUNCILS)}
    ons_former = _ons_former_codes(reader)
    records = []
    for row in reader.rows(JOINED):
        codes = [row["gss_code"], *_split(row["gss_code_former"], ",")]
        society = _first(mysociety.get(code) for code in codes)
        land = _first(digital_land.get(code) for code in codes)
        refreshed = wikidata.get(row["gss_code"], {})
        former = {*codes[1:], *_split(society.get("former-gss-codes", "") if society else "", ","),
                  *ons_former.get(row["gss_code"], ())}
        former.discard(row["gss_code"])
        records.append(AuthorityRecord(
            gss_code=row["gss_code"],
            former_gss_codes=tuple(sorted(former)),
            dfe_la_code=row["dfe_la_code"],
            ofsted_urn=row["ofsted_provider_urn"],
            official_name=_tidy(row["official_name"]),
            short_name=_short_name(row["la_name_dfe"]),
            alt_names=_alt_names(row, society, land),
            la_type=row["la_type"],
            region_code=row["region_code"],
            region_name=row["region_name"],
            wikidata=row["wikidata_council"] or refreshed.get("council_wikidata") or None,
            wikidata_area=row["wikidata_area"] or refreshed.get("area_wikidata") or None,
            opendatacommunities=(land or {}).get("opendatacommunities-uri") or None,
        ))
    return tuple(sorted(records, key=lambda record: record.gss_code))


def _load_former_authorities(reader: _Reader, current: tuple[AuthorityRecord, ...]) -> tuple[FormerAuthorityRecord, ...]:
    by_society_code = {row["local-authority-code"]: row for row in reader.rows(MYSOCIETY)}
    dfe_codes = {row["new_la_code"]: row["old_la_code"] for row in reader.rows(DFE_LAS)}
    current_codes = {code for record in current for code in (record.gss_code, *record.former_gss_codes)}
    records = []
    for row in by_society_code.values():
        if row["current-authority"] == "True" or row["local-authority-type"] not in CHILDRENS_SERVICES_TYPES:
            continue
        if row["gss-code"] in current_codes:
            continue
        successors = [by_society_code[code]["gss-code"] for code in _split(row["replaced-by"], ",") if code in by_society_code]
        records.append(FormerAuthorityRecord(
            gss_code=row["gss-code"],
            official_name=_tidy(row["official-name"]),
            short_name=_tidy(row["nice-name"]),
            dfe_la_code=dfe_codes.get(row["gss-code"]) or row["old-ons-la-code"] or None,
            end_date=row["end-date"],
            successor_gss_codes=tuple(sorted(_current_code(code, current) for code in successors)),
        ))
    return tuple(sorted(records, key=lambda record: record.gss_code))


def _load_members(reader: _Reader) -> tuple[MpRecord, ...]:
    wikidata = {row["member_id"]: row["wikidata"] for row in reader.optional_rows(WIKIDATA_MEMBERS) if row["wikidata"]}
    people = _identifier_people(reader.rows(IDENTIFIERS))
    members: dict[str, MpRecord] = {}
    for row in reader.rows(MP_LOOKUP):
        honorific, name = _split_honorific(row["display_as"])
        person = people.get(row["member_id"], {})
        members[row["member_id"]] = MpRecord(
            member_id=row["member_id"],
            name=name,
            honorific=honorific,
            alt_names=tuple(person.get("alt_names", ())),
            constituency=row["pcon_name"],
            constituency_code=row["pcon_code"],
            party=row["party_text"] or None,
            authority_gss_codes=tuple(_split(row["new_la_codes"], " / ")),
            wikidata=person.get("wikidata") or wikidata.get(row["member_id"]),
            current=True,
        )
    for member_id, person in people.items():
        if member_id not in members:
            members[member_id] = MpRecord(
                member_id=member_id, name=person["name"], honorific=None,
                alt_names=tuple(person["alt_names"]), constituency=None, constituency_code=None,
                party=None, authority_gss_codes=(),
                wikidata=person.get("wikidata") or wikidata.get(member_id), current=False,
            )
    return tuple(sorted(members.values(), key=lambda member: int(member.member_id)))


def _identifier_people(rows: list[dict[str, str]]) -> dict[str, dict]:
    """Member id -> name, alternative names and Wikidata QID, from the evidence table.

    The table has one row per (person, scheme); the person's names are in
    `entity` as 'Name (Other name; Other name)'.
    """
    by_entity: dict[str, dict] = defaultdict(dict)
    for row in rows:
        if row["entity_kind"] != "person":
            continue
        scheme = row["scheme"].lower()
        name, alt_names = _entity_names(row["entity"])
        person = by_entity[name]
        person.setdefault("name", name)
        person.setdefault("alt_names", set()).update(alt_names)
        if scheme.startswith("uk parliament member id"):
            person["member_id"] = row["identifier"]
        elif scheme == "wikidata qid":
            person["wikidata"] = row["identifier"]
    return {
        person["member_id"]: {**person, "alt_names": sorted(person["alt_names"])}
        for person in by_entity.values() if "member_id" in person
    }


def _load_official_inspections(reader: _Reader, current: tuple[AuthorityRecord, ...]) -> tuple[OfficialInspection, ...]:
    merged: dict[tuple[str, str, str], OfficialInspection] = {}
    for register, date_column, type_column in (
        (OFSTED_HISTORY, "Inspection date", "Inspection type"),
        (OFSTED_IN_YEAR, "Inspection/Visit date", "Inspection/Visit type"),
    ):
        for row in reader.rows(register):
            record = _official_record(row, register, date_column, type_column, current)
            key = (record.gss_code, record.inspection_type, record.start_date)
            merged[key] = _merge_official(merged.get(key), record)
    return tuple(sorted(merged.values(), key=lambda record: (record.gss_code, record.start_date, record.inspection_type)))


def _official_record(row: dict[str, str], register: str, date_column: str, type_column: str,
                     current: tuple[AuthorityRecord, ...]) -> OfficialInspection:
    kind = row[type_column]
    if kind not in _OFFICIAL_TYPES:
        raise ValueError(f"{register}: unknown inspection type {kind!r}")
    recorded = row["Local authority area code"]
    return OfficialInspection(
        gss_code=_current_code(recorded, current),
        recorded_gss_code=recorded,
        inspection_type=_OFFICIAL_TYPES[kind],
        start_date=row[date_column],
        published_date=row["Publication date"] or None,
        grades=_grades(row, _OFFICIAL_AREA_COLUMNS, _OFFICIAL_GRADES, register),
        visit_theme=row.get("Visit Theme") or None,
        register=register,
    )


def _merge_official(earlier: OfficialInspection | None, later: OfficialInspection) -> OfficialInspection:
    """The history and the in-year table overlap; they must agree, and the theme is kept."""
    if earlier is None:
        return later
    if (earlier.grades, earlier.published_date) != (later.grades, later.published_date):
        raise ValueError(f"official registers disagree on {later.gss_code} {later.inspection_type} {later.start_date}")
    return replace(earlier, visit_theme=earlier.visit_theme or later.visit_theme)


def _load_scraped_inspections(reader: _Reader, current: tuple[AuthorityRecord, ...],
                              official: tuple[OfficialInspection, ...]) -> tuple[ScrapedInspection, ...]:
    """Scraped report rows that no official record covers (same authority, same start or publication date)."""
    by_urn = {record.ofsted_urn: record.gss_code for record in current}
    covered = {(record.gss_code, date) for record in official for date in (record.start_date, record.published_date) if date}
    records = []
    for row in reader.rows(JT39_SCRAPE):
        if row["urn"] not in by_urn:
            raise ValueError(f"{JT39_SCRAPE}: Ofsted URN {row['urn']} is not a children's-services authority")
        gss_code = by_urn[row["urn"]]
        start = _dmy(row["inspection_start_date"])
        published = _dmy(row["publication_date"])
        if (gss_code, start) in covered or (gss_code, published) in covered:
            continue
        records.append(ScrapedInspection(
            gss_code=gss_code,
            ofsted_urn=row["urn"],
            inspection_type=_scraped_type(row["inspection_framework"], published),
            start_date=start,
            end_date=_dmy(row["inspection_end_date"]),
            published_date=published,
            grades=_grades(row, _SCRAPE_AREA_COLUMNS, _SCRAPE_GRADES, None),
            lead_inspector=row["inspector_name"] or None,
            report_url=row["inspection_link"],
            register=JT39_SCRAPE,
        ))
    return tuple(sorted(records, key=lambda record: (record.gss_code, record.published_date, record.report_url)))


def _scraped_type(framework: str, published: str) -> str | None:
    if framework in _SCRAPE_TYPES:
        return _SCRAPE_TYPES[framework]
    if not framework and _SIF_PUBLISHED[0] <= published <= _SIF_PUBLISHED[1]:
        return "sif"
    return None


def _grades(row: dict[str, str], columns: dict[str, str], values: dict[str, str], strict_register: str | None
            ) -> tuple[tuple[str, str], ...]:
    """Map grade cells to grade local names; blanks and scraper markers are unknown, not grades."""
    grades = []
    for area in AREAS:
        cell = row.get(columns[area], "").strip()
        if cell in values:
            grades.append((area, values[cell]))
        elif cell and strict_register:
            raise ValueError(f"{strict_register}: unknown grade {cell!r} for {area}")
    return tuple(grades)


# ---------------------------------------------------------------- names

def build_name_index(current: tuple[AuthorityRecord, ...], other_council_names: Iterable[str],
                     common_words: frozenset[str]) -> dict[str, str]:
    """Map each normalised surface name of a children's-services authority to its GSS code.

    Surface names are the official, short and alternative names and the forms
    derived from them (`surface_names`), each both with hyphens folded to
    spaces and as spelt. A name is left out when two authorities share it,
    when any other council (a district, combined authority, the GLA) is known
    by it, or when it is listed in name_index_common_words.csv.
    """
    owners: dict[str, set[str]] = defaultdict(set)
    for record in current:
        for name in surface_names((record.official_name, record.short_name, *record.alt_names)):
            owners[name].add(record.gss_code)
    blocked = set(surface_names(other_council_names)) | set(common_words)
    return {
        name: next(iter(codes))
        for name, codes in sorted(owners.items())
        if len(codes) == 1 and name not in blocked
    }


def surface_names(names: Iterable[str]) -> Iterator[str]:
    """Every lookup key for a council's names: the names, their stems and 'stem council' forms."""
    for name in names:
        for form in _name_forms(normalise_keeping_hyphens(name)):
            yield form
            if "-" in form:
                yield form.replace("-", " ")


def normalise_keeping_hyphens(text: str) -> str:
    """`normalise_name`, but hyphens stay as written ("stoke-on-trent")."""
    parts = (normalise_name(part) for part in re.split(r"\s*-\s*", text))
    return "-".join(part for part in parts if part)


def _name_forms(name: str) -> set[str]:
    forms = {name}
    reordered = re.match(r"^(.+?) (city|county) of$", name)  # "bristol city of" (ONS "Bristol, City of")
    if reordered:
        forms |= {f"{reordered.group(2)} of {reordered.group(1)}", reordered.group(1)}
    for form in list(forms):
        stem = _council_stem(form)
        if stem != form:
            forms |= {stem, f"{stem} council"}
            if form.startswith("city of "):
                forms.add(f"{stem} city council")
    for form in list(forms):
        head = _HEAD_OF_PLACE.match(form)  # "stoke-on-trent" -> "stoke"
        if head:
            forms |= {head.group(1), f"{head.group(1)} council"}
    bare = [form for form in forms if not form.endswith(("council", "corporation"))]
    forms |= {f"{form} council" for form in bare}
    # Ofsted's template: "Inspection of Reading local authority children's services".
    forms |= {f"{form} local authority" for form in bare}
    return {form for form in forms if form}


def _other_council_names(reader: _Reader, current: tuple[AuthorityRecord, ...]) -> list[str]:
    """Names of councils still in being that are not children's-services authorities."""
    ours = {code for record in current for code in (record.gss_code, *record.former_gss_codes)}
    names = []
    for row in reader.rows(MYSOCIETY):
        if row["current-authority"] == "True" and row["gss-code"] not in ours:
            names += [row["official-name"], row["nice-name"], *_alt_name_list(row["alt-names"])]
    for row in reader.rows(DIGITAL_LAND):
        if not row["end-date"] and row["statistical-geography"] not in ours:
            names.append(row["name"])
    return names


def _common_words(reader: _Reader) -> frozenset[str]:
    return frozenset(normalise_name(row["word"]) for row in reader.rows(COMMON_WORDS))


def _alt_names(row: dict[str, str], society: dict[str, str] | None, land: dict[str, str] | None) -> tuple[str, ...]:
    """Other names the registers give, tidied, deduplicated case-insensitively, capitalised spelling kept."""
    candidates = [row["official_name"], row["la_name_dfe"], row["utla23_name_ons"], row["wikidata_council_name"],
                  row["wikidata_area_label"]]
    if society:
        candidates += [society["nice-name"], society["official-name"], *_alt_name_list(society["alt-names"])]
    if land:
        candidates.append(land["name"])
    names = [form for name in candidates for form in _tidy_alt_name(name)]
    names.append(_council_stem(row["official_name"]))  # "Hull City Council" -> "Hull"
    seen = {normalise_name(_short_name(row["la_name_dfe"]))}
    kept = []
    for name in sorted(names, key=lambda text: (text[:1].islower(), names.index(text))):
        key = normalise_name(name)
        if key and key not in seen:
            seen.add(key)
            kept.append(name)
    return tuple(kept)


def _tidy_alt_name(name: str) -> list[str]:
    """'Bristol, City of' -> 'City of Bristol', 'Bristol'; 'Bristol UA' -> 'Bristol'."""
    name = _tidy(re.sub(r"\s+(UA|london boro)$", "", name, flags=re.IGNORECASE))
    reordered = re.match(r"^(.+?),? (City|County) of$", name, flags=re.IGNORECASE)
    if reordered:
        return [f"{reordered.group(2).title()} of {reordered.group(1)}", reordered.group(1)]
    return [name] if name else []


def _council_stem(name: str) -> str:
    """A council's name without 'City Council', 'London Borough of' and the like, spelling kept."""
    stem = _tidy(name)
    changed = True
    while changed:
        lowered = stem.lower()
        suffix = next((s for s in _COUNCIL_SUFFIXES if lowered.endswith(s) and len(lowered) > len(s)), None)
        prefix = next((p for p in _COUNCIL_PREFIXES if lowered.startswith(p) and len(lowered) > len(p)), None)
        if suffix:
            stem = stem[: -len(suffix)]
        if prefix:
            stem = stem[len(prefix):]
        changed = bool(suffix or prefix)
    return stem


def _with_place_heads(current: tuple[AuthorityRecord, ...], index: dict[str, str]) -> tuple[AuthorityRecord, ...]:
    """Add 'Stoke' for 'Stoke-on-Trent' to alt_names where the name index found it unambiguous."""
    records = []
    for record in current:
        heads = [match.group(1) for name in (record.short_name, *record.alt_names)
                 if (match := _HEAD_OF_PLACE.match(name.replace("-", " ")))]
        new = [head for head in dict.fromkeys(heads)
               if index.get(normalise_name(head)) == record.gss_code
               and normalise_name(head) not in {normalise_name(name) for name in record.alt_names}]
        records.append(replace(record, alt_names=record.alt_names + tuple(new)))
    return tuple(records)


def _short_name(dfe_name: str) -> str:
    reordered = re.match(r"^(.+?), (City|County) of$", dfe_name)
    return reordered.group(1) if reordered else _tidy(dfe_name)


# ---------------------------------------------------------------- indexes

@lru_cache(maxsize=4)
def _authority_code_index(registers: Registers) -> dict[str, AuthorityRecord]:
    index: dict[str, AuthorityRecord] = {}
    for record in registers.authorities:
        for code in (record.gss_code, *record.former_gss_codes, record.dfe_la_code, record.ofsted_urn):
            if code:
                index[code.upper()] = record
    return index


@lru_cache(maxsize=4)
def _mp_name_index(registers: Registers) -> dict[str, tuple[MpRecord, ...]]:
    index: dict[str, list[MpRecord]] = defaultdict(list)
    for member in registers.members:
        for name in {member.name, *member.alt_names}:
            index[person_slug(name)].append(member)
    return {slug: tuple(members) for slug, members in index.items()}


@lru_cache(maxsize=4)
def _mp_constituency_index(registers: Registers) -> dict[str, tuple[MpRecord, ...]]:
    index: dict[str, list[MpRecord]] = defaultdict(list)
    for member in registers.members:
        if member.constituency:
            index[normalise_name(member.constituency)].append(member)
    return {name: tuple(members) for name, members in index.items()}


# ---------------------------------------------------------------- helpers

def _ons_former_codes(reader: _Reader) -> dict[str, tuple[str, ...]]:
    return {row["gss_code"]: tuple(_split(row.get("replaces", ""), " / ")) for row in reader.optional_rows(ONS_GSS_CODES)}


def _current_code(code: str, current: tuple[AuthorityRecord, ...]) -> str:
    for record in current:
        if code == record.gss_code or code in record.former_gss_codes:
            return record.gss_code
    return code


def _by_gss(rows: list[dict[str, str]], column: str, current_only: bool) -> dict[str, dict[str, str]]:
    index = {}
    for row in rows:
        if current_only and (row.get("end-date") or row.get("current-authority") == "False"):
            continue
        if row[column]:
            index[row[column]] = row
    return index


def _entity_names(entity: str) -> tuple[str, list[str]]:
    match = re.match(r"^(.*?)\s*\((.*)\)\s*$", entity)
    if not match:
        return entity.strip(), []
    return match.group(1).strip(), [part.strip() for part in match.group(2).split(";") if part.strip()]


def _split_honorific(display_name: str) -> tuple[str | None, str]:
    words = display_name.split()
    titles = []
    while len(words) > 2 and words[0].lower().rstrip(".") in _HONORIFICS:
        titles.append(words.pop(0))
    return (" ".join(titles) or None), " ".join(words)


def _dmy(text: str) -> str | None:
    """'15/07/25' or '12/05/2025' -> ISO date; blank -> None."""
    if not text:
        return None
    pattern = "%d/%m/%y" if len(text.split("/")[-1]) == 2 else "%d/%m/%Y"
    return datetime.strptime(text, pattern).date().isoformat()


def _alt_name_list(cell: str) -> list[str]:
    """mySociety separates alt-names by ',' with no space; a ', ' is inside a name ("Bristol, City of")."""
    return [part.strip() for part in re.split(r",(?! )", cell) if part.strip()]


def _split(text: str, separator: str) -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]


def _first(values: Iterable[dict[str, str] | None]) -> dict[str, str] | None:
    return next((value for value in values if value), None)


def _unique(members: tuple[MpRecord, ...]) -> MpRecord | None:
    return members[0] if len(members) == 1 else None


def _tidy(text: str) -> str:
    return " ".join(text.split())


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
