"""The shipped registers load into the records the resolver and the builder rely on."""

import csv
from dataclasses import FrozenInstanceError

import pytest

from graph.resources import REGISTERS_DIR

from graph.registers import (
    authorities,
    authority_by_code,
    authority_name_index,
    former_authorities,
    members_of_parliament,
    mp_by_constituency,
    mp_by_name,
    normalise_name,
    official_inspections,
    person_slug,
    register_sources,
    scraped_inspections,
)


def resolve_name(text: str) -> str | None:
    return authority_name_index().get(normalise_name(text))


def test_there_are_153_childrens_services_authorities_with_unique_codes():
    records = authorities()
    assert len(records) == 153
    for field in ("gss_code", "dfe_la_code", "ofsted_urn"):
        values = [getattr(record, field) for record in records]
        assert len(set(values)) == 153 and all(values), field
    assert {record.gss_code[:3] for record in records} == {"E06", "E08", "E09", "E10"}


def test_stoke_on_trent_carries_all_its_codes():
    stoke = authority_by_code("E06000021")
    assert stoke is not None
    assert (stoke.dfe_la_code, stoke.ofsted_urn, stoke.wikidata) == ("861", "80564", "Q17022507")
    assert stoke.wikidata_area == "Q21891722"
    assert stoke.official_name == "Stoke-on-Trent City Council"
    assert stoke.short_name == "Stoke-on-Trent"
    assert {"Stoke", "City of Stoke-on-Trent"} <= set(stoke.alt_names)
    assert stoke.region_code == "E12000005" and stoke.region_name == "West Midlands"
    assert stoke.opendatacommunities == "http://opendatacommunities.org/id/unitary-authority/stoke-on-trent"


def test_authority_is_found_by_dfe_code_and_ofsted_urn():
    assert authority_by_code("861").gss_code == "E06000021"
    assert authority_by_code("80564").gss_code == "E06000021"
    assert authority_by_code("860").gss_code == "E10000028"


def test_staffordshire_is_a_county_with_its_own_code():
    staffordshire = authority_by_code("E10000028")
    assert staffordshire.official_name == "Staffordshire County Council"
    assert staffordshire.wikidata == "Q6386295"


@pytest.mark.parametrize("old, new", [("E08000016", "E08000038"), ("E08000019", "E08000039")])
def test_recoded_authorities_resolve_from_their_old_code(old, new):
    record = authority_by_code(old)
    assert record is not None and record.gss_code == new
    assert old in record.former_gss_codes


def test_district_councils_do_not_resolve_by_code_or_name():
    assert authority_by_code("E07000197") is None  # Stafford borough (a district)
    for name in ("Stafford Borough Council", "Stafford", "Newcastle-under-Lyme Borough Council",
                 "Newcastle", "Cannock Chase Council"):
        assert resolve_name(name) is None, name


def test_no_name_of_a_current_district_council_is_in_the_index():
    index = authority_name_index()
    with (REGISTERS_DIR / "mysociety_uk_local_authorities.csv").open(encoding="utf-8") as handle:
        districts = [row for row in csv.DictReader(handle)
                     if row["local-authority-type"] == "NMD" and row["current-authority"] == "True"]
    assert len(districts) > 150
    for row in districts:
        for name in (row["official-name"], row["nice-name"]):
            assert normalise_name(name) not in index, name


@pytest.mark.parametrize("name, code", [
    ("Stoke-on-Trent City Council", "E06000021"),
    ("stoke-on-trent city council", "E06000021"),
    ("Stoke on Trent", "E06000021"),
    ("Stoke", "E06000021"),
    ("Stoke-on-Trent council", "E06000021"),
    ("City of Stoke-on-Trent", "E06000021"),
    ("Hull City Council", "E06000010"),
    ("Hull", "E06000010"),
    ("Kingston upon Hull", "E06000010"),
    ("Bristol City Council", "E06000023"),
    ("City of Bristol", "E06000023"),
    ("Bristol", "E06000023"),
    ("Kent County Council", "E10000016"),
    ("the London Borough of Barnet", "E09000003"),
    ("Barnet Council", "E09000003"),
    ("Royal Borough of Kingston upon Thames", "E09000021"),
    ("Telford & Wrekin Council", "E06000020"),
    ("Telford and Wrekin", "E06000020"),
    ("Cumberland Council", "E06000063"),
    ("North Northamptonshire Council", "E06000061"),
    ("Staffordshire County Council", "E10000028"),
    ("Westminster City Council", "E09000033"),
])
def test_name_index_resolves_the_forms_news_copy_uses(name, code):
    assert resolve_name(name) == code


@pytest.mark.parametrize("name", [
    "Kingston",  # Kingston upon Hull and Kingston upon Thames
    "Reading", "Bury", "Westminster", "London",  # everyday words / other senses
])
def test_ambiguous_names_and_common_words_are_left_out(name):
    assert resolve_name(name) is None


def test_name_index_keys_are_normalised_or_hyphenated_spellings():
    for key in authority_name_index():
        assert key == normalise_name(key) or key.replace("-", " ") == normalise_name(key), key


def test_normalise_name_folds_case_ampersand_punctuation_and_leading_article():
    assert normalise_name("The Telford & Wrekin Council") == "telford and wrekin council"
    assert normalise_name("St. Helens") == "st helens"
    assert normalise_name("Stoke-on-Trent") == "stoke on trent"


def test_former_authorities_name_their_successors():
    by_code = {record.gss_code: record for record in former_authorities()}
    assert by_code["E10000021"].successor_gss_codes == ("E06000061", "E06000062")
    assert by_code["E06000028"].successor_gss_codes == ("E06000058",)
    assert all(authority_by_code(code) is None for code in by_code)


def test_records_are_frozen():
    with pytest.raises(FrozenInstanceError):
        authorities()[0].gss_code = "X"


def test_mps_match_on_full_name_with_member_id_and_wikidata():
    smeeth = mp_by_name("Ruth Smeeth")
    assert smeeth is not None and (smeeth.member_id, smeeth.wikidata) == ("4508", "Q19586268")
    assert not smeeth.current
    snell = mp_by_name("Gareth Snell")
    assert snell is not None and snell.member_id == "4595"
    assert snell.constituency == "Stoke-on-Trent Central" and "E06000021" in snell.authority_gss_codes


def test_mp_names_match_regardless_of_honorific_and_case():
    assert mp_by_name("ruth smeeth").member_id == "4508"
    assert mp_by_name("Ruth Anderson").member_id == "4508"
    titled = next(member for member in members_of_parliament() if member.honorific == "Sir")
    assert mp_by_name(f"Sir {titled.name}") == titled == mp_by_name(titled.name)


@pytest.mark.parametrize("name", ["Smeeth", "Snell", "Ruth", "Mr Snell", "G Snell"])
def test_a_bare_surname_or_partial_name_matches_no_mp(name):
    assert mp_by_name(name) is None


def test_mp_by_constituency_gives_the_current_member():
    assert mp_by_constituency("Stoke-on-Trent Central").member_id == "4595"
    assert mp_by_constituency("stoke on trent central").member_id == "4595"
    assert mp_by_constituency("Nowhere North") is None


def test_there_are_650_current_mps_and_the_past_ones_from_the_identifier_table():
    members = members_of_parliament()
    assert sum(member.current for member in members) == 650
    assert {member.member_id for member in members if not member.current} == {"4508"}


def test_person_slug_is_lowercase_ascii_joined_by_hyphens():
    assert person_slug("Ruth Smeeth") == "ruth-smeeth"
    assert person_slug("Dr Siân O'Neill-Jones") == "sian-oneill-jones"
    with pytest.raises(ValueError):
        person_slug("Mr")


def stoke_official():
    return {(record.inspection_type, record.start_date): record
            for record in official_inspections() if record.gss_code == "E06000021"}


def test_official_inspections_for_stoke_hold_the_2019_and_2022_standard_inspections():
    records = stoke_official()
    first = records[("ilacs-standard", "2019-02-04")]
    assert first.published_date == "2019-03-18"
    assert {first.grade(area) for area in ("overall-effectiveness", "leaders", "help-and-protection",
                                            "children-in-care")} == {"inadequate"}
    assert first.grade("care-leavers") is None  # not graded before 2023
    second = records[("ilacs-standard", "2022-10-03")]
    assert second.grade("overall-effectiveness") == "requires-improvement"
    assert second.grade("children-in-care") == "good"
    visit = records[("focused-visit", "2024-10-01")]
    assert visit.grades == () and visit.visit_theme == "Children in need/subject to a plan"


def test_official_inspections_cover_all_types_and_use_current_codes():
    records = official_inspections()
    assert {record.inspection_type for record in records} == {
        "ilacs-standard", "ilacs-short", "focused-visit", "monitoring-visit"}
    barnsley = [record for record in records if record.recorded_gss_code == "E08000016"]
    assert barnsley and {record.gss_code for record in barnsley} == {"E08000038"}
    keys = [(record.gss_code, record.inspection_type, record.start_date) for record in records]
    assert len(keys) == len(set(keys))


def test_abolished_authorities_keep_their_own_code_on_official_records():
    codes = {record.gss_code for record in official_inspections()}
    assert "E10000021" in codes  # Northamptonshire 2019, before the split


def test_scraped_inspections_add_what_the_official_statistics_lack_at_lower_confidence():
    stoke = [record for record in scraped_inspections() if record.gss_code == "E06000021"]
    may_2025 = next(record for record in stoke if record.start_date == "2025-05-12")
    assert may_2025.inspection_type == "ilacs-standard" and may_2025.published_date == "2025-07-15"
    assert may_2025.grade("care-leavers") == "requires-improvement"
    assert may_2025.lead_inspector == "John Roughton"
    assert any(record.inspection_type == "sif" and record.published_date < "2018-01-01" for record in stoke)
    assert all(record.confidence < 1.0 for record in scraped_inspections())
    official_starts = {record.start_date for record in official_inspections() if record.gss_code == "E06000021"}
    assert not official_starts & {record.start_date for record in stoke}


def test_scraped_grades_are_only_real_grades():
    grades = {grade for record in scraped_inspections() for _, grade in record.grades}
    assert grades <= {"outstanding", "good", "requires-improvement", "inadequate"}


def test_every_shipped_file_has_origin_licence_and_attribution():
    sources = register_sources()
    shipped = {path.name for path in REGISTERS_DIR.glob("*.csv")}
    assert shipped <= set(sources)
    for name in shipped:
        assert sources[name]["licence"] and sources[name]["attribution"], name
