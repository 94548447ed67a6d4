"""Reading the shipped register files (data/registers) into records; nothing here needs the network.

Authorities come from the joined children's-services table, enriched with
mySociety names, digital-land IRIs and any refreshed Wikidata/ONS snapshot;
MPs from the DfE lookup plus the hand-checked identifier table; inspection
outcomes (outcomes.py) from Ofsted's official statistics and, at lower
confidence, the JT-39 scrape of Ofsted's report PDFs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from graph.registers.bodies import (
    DFE_LAS, MYSOCIETY, EndedCodes, council_bodies, ended_codes, iso_date, other_councils,
)
from graph.registers.names import (
    alternative_names, entity_names, short_form, split_honorific, tidy, normalise_name,
)
from graph.registers.name_forms import place_head
from graph.registers.files import RegisterFiles
from graph.registers.name_table import build_name_table, unambiguous_index
from graph.registers.outcomes import current_code, load_official_inspections, load_scraped_inspections
from graph.registers.records import AuthorityRecord, FormerAuthorityRecord, MpRecord, Registers

JOINED = "england_childrens_services_las_joined.csv"
DIGITAL_LAND = "digital_land_local_authority.csv"
OFSTED_PROVIDERS = "ofsted_la_provider_lookup_jt39.csv"
MP_LOOKUP = "dfe_mp_lookup.csv"
IDENTIFIERS = "stoke_and_people_identifiers.csv"
COMMON_WORDS = "name_index_common_words.csv"
# Written by graph.registers.refresh; optional, they only add to the above.
WIKIDATA_COUNCILS = "wikidata_councils.csv"
WIKIDATA_MEMBERS = "wikidata_members.csv"
ONS_GSS_CODES = "ons_gss_codes.csv"

CHILDRENS_SERVICES_TYPES = frozenset({"UA", "MD", "LBO", "CTY", "CC"})

def load_registers(directory: Path) -> Registers:
    """Read every register file in `directory` into records (no caching)."""
    reader = RegisterFiles(directory)
    current = _load_authorities(reader)
    ended = ended_codes(reader, current)
    name_table = build_name_table(
        council_bodies(reader, current, ended), other_councils(reader, current, ended, reader.rows(DIGITAL_LAND)),
        _common_words(reader), frozenset(record.region_name for record in current))
    name_index = unambiguous_index(name_table, frozenset(record.gss_code for record in current))
    current = _with_place_heads(current, name_index)
    official = load_official_inspections(reader, current)
    return Registers(
        authorities=current,
        former_authorities=_load_former_authorities(reader, current, ended),
        name_index=name_index,
        name_table=name_table,
        members=_load_members(reader),
        official_inspections=official,
        scraped_inspections=load_scraped_inspections(reader, current, official),
        sources=reader.snapshot().get("files", {}),
    )


def _load_authorities(reader: RegisterFiles) -> tuple[AuthorityRecord, ...]:
    mysociety = _by_gss(reader.rows(MYSOCIETY), "gss-code", current_only=True)
    digital_land = _by_gss(reader.rows(DIGITAL_LAND), "statistical-geography", current_only=True)
    wikidata = {row["gss_code"]: row for row in reader.optional_rows(WIKIDATA_COUNCILS)}
    ons_former = _ons_former_codes(reader)
    known_as = {row["la_code_new"]: row["also_known_as"] for row in reader.rows(OFSTED_PROVIDERS)}
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
            official_name=tidy(row["official_name"]),
            short_name=short_form(row["la_name_dfe"]),
            alt_names=alternative_names(row, society, land, known_as.get(row["gss_code"], "")),
            la_type=row["la_type"],
            region_code=row["region_code"],
            region_name=row["region_name"],
            wikidata=row["wikidata_council"] or refreshed.get("council_wikidata") or None,
            wikidata_area=row["wikidata_area"] or refreshed.get("area_wikidata") or None,
            opendatacommunities=(land or {}).get("opendatacommunities-uri") or None,
        ))
    return tuple(sorted(records, key=lambda record: record.gss_code))


def _load_former_authorities(reader: RegisterFiles, current: tuple[AuthorityRecord, ...],
                             ended: EndedCodes) -> tuple[FormerAuthorityRecord, ...]:
    """Abolished upper-tier councils: mySociety's, and the DfE register's councils of their own that
    mySociety lacks (the counties split in 2009, whose successors no register names)."""
    records = _society_former_authorities(reader, current)
    known = {record.gss_code for record in records}
    for row in ended.distinct:
        if row["new_la_code"] not in known:
            records.append(FormerAuthorityRecord(
                gss_code=row["new_la_code"], official_name=row["la_name"], short_name=row["la_name"],
                dfe_la_code=row["old_la_code"], end_date=iso_date(row["date_of_termination"]), successor_gss_codes=()))
    return tuple(sorted(records, key=lambda record: record.gss_code))


def _society_former_authorities(reader: RegisterFiles,
                                current: tuple[AuthorityRecord, ...]) -> list[FormerAuthorityRecord]:
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
            official_name=tidy(row["official-name"]),
            short_name=tidy(row["nice-name"]),
            dfe_la_code=dfe_codes.get(row["gss-code"]) or row["old-ons-la-code"] or None,
            end_date=row["end-date"],
            successor_gss_codes=tuple(sorted(current_code(code, current) for code in successors)),
        ))
    return records


def _load_members(reader: RegisterFiles) -> tuple[MpRecord, ...]:
    wikidata = {row["member_id"]: row["wikidata"] for row in reader.optional_rows(WIKIDATA_MEMBERS) if row["wikidata"]}
    people = _identifier_people(reader.rows(IDENTIFIERS))
    members: dict[str, MpRecord] = {}
    for row in reader.rows(MP_LOOKUP):
        honorific, name = split_honorific(row["display_as"])
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
        name, alt_names = entity_names(row["entity"])
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


def _with_place_heads(current: tuple[AuthorityRecord, ...], index: dict[str, str]) -> tuple[AuthorityRecord, ...]:
    """Add 'Stoke' for 'Stoke-on-Trent' to alt_names where the name index found it unambiguous."""
    records = []
    for record in current:
        heads = [head for name in (record.short_name, *record.alt_names) if (head := place_head(name))]
        new = [head for head in dict.fromkeys(heads)
               if index.get(normalise_name(head)) == record.gss_code
               and normalise_name(head) not in {normalise_name(name) for name in record.alt_names}]
        records.append(replace(record, alt_names=record.alt_names + tuple(new)))
    return tuple(records)


def _common_words(reader: RegisterFiles) -> frozenset[str]:
    return frozenset(normalise_name(row["word"]) for row in reader.rows(COMMON_WORDS))


def _ons_former_codes(reader: RegisterFiles) -> dict[str, tuple[str, ...]]:
    return {row["gss_code"]: tuple(_split(row.get("replaces", ""), " / ")) for row in reader.optional_rows(ONS_GSS_CODES)}


def _by_gss(rows: list[dict[str, str]], column: str, current_only: bool) -> dict[str, dict[str, str]]:
    index = {}
    for row in rows:
        if current_only and (row.get("end-date") or row.get("current-authority") == "False"):
            continue
        if row[column]:
            index[row[column]] = row
    return index


def _split(text: str, separator: str) -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]


def _first(values: Iterable[dict[str, str] | None]) -> dict[str, str] | None:
    return next((value for value in values if value), None)
