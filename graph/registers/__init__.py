"""The shipped registers (data/registers), loaded once into frozen records.

Authorities come from the joined children's-services table, enriched with
mySociety names, digital-land IRIs and any refreshed Wikidata/ONS snapshot;
MPs from the DfE lookup plus the hand-checked identifier table; inspection
outcomes from Ofsted's official statistics and, at lower confidence, the
JT-39 scrape of Ofsted's report PDFs. Nothing here needs the network.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from graph.registers.load import (
    COMMON_WORDS, DFE_LAS, DIGITAL_LAND, IDENTIFIERS, JOINED, MP_LOOKUP, MYSOCIETY, ONS_GSS_CODES,
    WIKIDATA_COUNCILS, WIKIDATA_MEMBERS, load_registers,
)
from graph.registers.files import SNAPSHOT
from graph.registers.name_forms import council_forms
from graph.registers.name_table import NameTable
from graph.registers.names import normalise_name, person_slug
from graph.registers.outcomes import JT39_SCRAPE, OFSTED_HISTORY, OFSTED_IN_YEAR
from graph.registers.records import (
    OFFICIAL_CONFIDENCE, SCRAPE_CONFIDENCE, AuthorityRecord, FormerAuthorityRecord, MpRecord, OfficialInspection,
    Registers, ScrapedInspection,
)
from graph.resources import REGISTERS_DIR

__all__ = [
    "COMMON_WORDS", "DFE_LAS", "DIGITAL_LAND", "IDENTIFIERS", "JOINED", "JT39_SCRAPE", "MP_LOOKUP", "MYSOCIETY",
    "OFFICIAL_CONFIDENCE", "OFSTED_HISTORY", "OFSTED_IN_YEAR", "ONS_GSS_CODES", "SCRAPE_CONFIDENCE", "SNAPSHOT",
    "WIKIDATA_COUNCILS", "WIKIDATA_MEMBERS",
    "AuthorityRecord", "FormerAuthorityRecord", "MpRecord", "NameTable", "OfficialInspection", "Registers",
    "ScrapedInspection",
    "authorities", "authority_by_code", "authority_name_index", "authority_name_table", "council_forms",
    "former_authorities", "load_registers", "members_of_parliament", "mp_by_constituency", "mp_by_name",
    "normalise_name", "official_inspections", "person_slug", "register_sources", "scraped_inspections",
    "shipped_registers",
]

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
    """Normalised surface name -> GSS code of the current authority it names in running text today."""
    return dict(shipped_registers().name_index)


def authority_name_table() -> NameTable:
    """Every written form of every children's-services council since 2009 (graph/registers/name_table.py)."""
    return shipped_registers().name_table


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


def _unique(members: tuple[MpRecord, ...]) -> MpRecord | None:
    return members[0] if len(members) == 1 else None
