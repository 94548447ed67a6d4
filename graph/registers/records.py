"""The records the registers load into: authorities, MPs, inspection outcomes (frozen, hashable)."""

from __future__ import annotations

from dataclasses import dataclass

from graph.registers.name_table import NameTable

# The JT-39 scrape is a proof-of-concept PDF parser; official statistics are 1.0.
SCRAPE_CONFIDENCE = 0.7
OFFICIAL_CONFIDENCE = 1.0


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
    grades: tuple[tuple[str, str], ...]  # (area notation, grade notation), in the areas' display order
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
    name_index: dict[str, str]  # folded form -> current authority, in running text today
    name_table: NameTable  # every form of every children's-services council since 2009, and its owners
    members: tuple[MpRecord, ...]
    official_inspections: tuple[OfficialInspection, ...]
    scraped_inspections: tuple[ScrapedInspection, ...]
    sources: dict[str, dict[str, str]]
