"""Councils are recognised in their local forms, and look-alikes are not."""

from __future__ import annotations

from graph.evaluation.fixtures import extract_text
from graph.records import AuthorityMention

KENT, STOKE, STAFFORDSHIRE, BARNET, HULL = "E10000016", "E06000021", "E10000028", "E09000003", "E06000010"


def mentions(text: str) -> set[tuple[str, str]]:
    return {(f.gss_code, f.evidence.quote) for f in extract_text(text).facts if isinstance(f, AuthorityMention)}


def codes(text: str) -> set[str]:
    return {code for code, _ in mentions(text)}


def test_official_short_and_informal_names_resolve_to_one_council():
    found = mentions("Stoke-on-Trent City Council met. Stoke-on-Trent council agreed. Stoke was praised.")
    assert found == {(STOKE, "Stoke-on-Trent City Council"), (STOKE, "Stoke-on-Trent council"), (STOKE, "Stoke")}


def test_london_borough_form_keeps_its_full_span():
    assert mentions("The London Borough of Barnet published a statement.") == {(BARNET, "London Borough of Barnet")}


def test_a_partner_council_is_named_too():
    assert codes("The joint threshold document between Stoke and Staffordshire was revised.") == {STOKE, STAFFORDSHIRE}


def test_a_person_called_kent_is_not_kent_county_council():
    assert codes("Councillor Harry Kent spoke. Mr Kent said more.") == set()


def test_football_clubs_and_constituencies_are_not_councils():
    assert codes("Hull City beat Stoke City. Hull Kingston Rovers lost.") == set()
    assert codes("Stoke-on-Trent Central MP Jo Bloggs spoke.") == set()


def test_the_city_council_behind_a_club_name_is_still_found():
    assert codes("Hull City Council responded.") == {HULL}


def test_lower_case_words_are_not_council_names():
    assert codes("Officers will kent the matter and bury the report while reading it.") == set()


def test_a_district_council_of_the_same_place_is_not_the_county():
    assert codes("Kent District Council is not a children's services authority.") == set()


def test_kent_county_council_is_found():
    assert codes("Kent County Council responded quickly.") == {KENT}


def test_a_council_whose_short_name_is_a_common_word_is_found_in_the_report_title():
    text = "Inspection of Reading local authority children’s services\nInspection dates: 22 April to 3 May 2024\n"
    codes = {f.gss_code for f in extract_text(text, "report.txt").facts if isinstance(f, AuthorityMention)}
    assert codes == {"E06000038"}


def test_a_councils_own_initials_name_it():
    # Real (dev page https://lbhf.gov.uk/news/2018/10/ofsted-s-plaudits-hf-children-s-service-staff):
    assert mentions("Cllr Larry Culhane, H&F Cabinet Member for Children and Education, welcomed Ofsted’s "
                    "findings") == {("E09000013", "H&F")}
    assert codes("B&NES Council said.") == {"E06000022"}
    assert codes("RBKC children's services were rated good.") == {"E09000020"}


def test_initials_inside_a_word_or_lower_case_are_not_a_council():
    assert codes("The rbkc-style layout and the SH&FT trust were discussed.") == set()
