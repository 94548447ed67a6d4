"""People and their roles, however the sentence names them; precision over recall."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.evaluation.fixtures import extract_text
from graph.ingest import ingest
from graph.extract import extract
from graph.records import PartialDate, RoleFact

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
GOLD = json.loads((ROOT / "tests" / "fixtures" / "seeds_gold.json").read_text(encoding="utf-8"))
STOKE, KENT, BARNET = "E06000021", "E10000016", "E09000003"


def roles(text: str) -> set[tuple[str, str, str | None]]:
    return {(f.name, f.role, f.authority or f.organisation)
            for f in extract_text(text).facts if isinstance(f, RoleFact)}


def role_facts(text: str) -> list[RoleFact]:
    return [f for f in extract_text(text).facts if isinstance(f, RoleFact)]


@pytest.mark.parametrize("sentence", [
    "Kent County Council leader Jane Fielding said the report was fair.",
    "Kent County Council's leader, Jane Fielding, said the report was fair.",
    "The leader of Kent County Council, Jane Fielding, said the report was fair.",
    "Jane Fielding, leader of Kent County Council, said the report was fair.",
])
def test_council_leader_however_the_sentence_is_built(sentence):
    assert roles(sentence) == {("Jane Fielding", "council-leader", KENT)}


def test_bare_council_title_takes_the_documents_main_council():
    text = "Kent children's services improve\n\nKent County Council was inspected.\n\nCouncil leader Jane Fielding said: \"Good.\""
    assert roles(text) == {("Jane Fielding", "council-leader", KENT)}


def test_honorific_is_stripped_from_the_name_and_kept():
    (fact,) = role_facts("Councillor Dave Evans, cabinet member for children and young people at Kent County Council, said so.")
    assert (fact.name, fact.honorific, fact.role, fact.authority) == ("Dave Evans", "Councillor", "lead-member-for-children", KENT)


@pytest.mark.parametrize("title", [
    "Director of Children and Family Services", "Executive Director of Children's Services",
    "Strategic Director, People", "interim director of children's services",
])
def test_local_titles_of_the_director_of_childrens_services(title):
    assert roles(f"Kent County Council said so.\n\nSam Lee, {title}, said the plan was agreed.") == {
        ("Sam Lee", "director-of-childrens-services", KENT)}


def test_mp_by_constituency_goes_to_parliament_not_the_council():
    facts = role_facts("Stoke-on-Trent City Council was criticised. Ruth Smeeth, the MP for Stoke-on-Trent North, spoke.")
    (fact,) = facts
    assert (fact.role, fact.organisation, fact.authority, fact.constituency) == (
        "member-of-parliament", "UK Parliament", None, "Stoke-on-Trent North")


def test_a_constituency_between_the_title_and_the_name_is_not_part_of_the_name():
    (fact,) = role_facts("Wigan Council was criticised. MP for Wigan Helen Ashcroft said it must act.")
    assert (fact.name, fact.role, fact.constituency) == ("Helen Ashcroft", "member-of-parliament", "Wigan")


def test_a_name_after_mp_for_keeps_words_the_register_does_not_know_as_a_constituency():
    (fact,) = role_facts("Wigan Council was criticised. MP for Wigan Mary Jane Ashcroft said it must act.")
    assert fact.name == "Mary Jane Ashcroft"
    (fact,) = role_facts("Wigan Council was criticised. Helen Ashcroft, MP for Wigan, said it must act.")
    assert (fact.name, fact.constituency) == ("Helen Ashcroft", "Wigan")


@pytest.mark.parametrize("sentence", [
    "His Majesty's Inspectors for this visit were Priya Natarajan and Graham Poole.",
    "The inspectors were Priya Natarajan HMI and Graham Poole HMI.",
    "Inspectors were Priya Natarajan, Ann Smith and Graham Poole.",
])
def test_every_inspector_a_sentence_lists_is_found(sentence):
    facts = role_facts(f"Torbay Council was visited. {sentence}")
    assert {(f.name, f.role, f.organisation) for f in facts} >= {
        ("Priya Natarajan", "hmi", "Ofsted"), ("Graham Poole", "hmi", "Ofsted")}
    assert all(f.evidence.quote.endswith(f.name) for f in facts)


def test_inspectors_were_followed_by_no_name_gives_nobody():
    assert role_facts("Torbay Council was visited. Inspectors were at the council between 8 and 19 July.") == []


def test_inspectors_named_in_a_letter_and_a_report_label():
    assert roles("The inspectors were Ann Hill, Her Majesty's Inspector, and Bob Stone, Her Majesty's Inspector.") == {
        ("Ann Hill", "hmi", "Ofsted"), ("Bob Stone", "hmi", "Ofsted")}
    assert roles("Kent County Council\nInspection dates: 1 to 5 May 2019\nLead inspector: Neil Penswick HMI\n") == {
        ("Neil Penswick", "hmi", "Ofsted")}


def test_addressee_block_gives_the_director_at_the_named_council():
    text = "1 May 2019\n\nSarah Parker\nDirector of Children and Family Services\nLondon Borough of Barnet\n\nDear Sarah Parker\n"
    assert roles(text) == {("Sarah Parker", "director-of-childrens-services", BARNET)}


def test_chief_inspector_is_not_an_hmi():
    assert roles("Ofsted's chief inspector, Amanda Spielman, said councils must act.") == {
        ("Amanda Spielman", "other", "Ofsted")}


def test_a_ceremonial_lord_mayor_is_not_a_mayor():
    assert roles("The Lord Mayor of Leeds, Councillor Alison Garth, opened the event.") == set()


def test_party_group_leader_and_charity_chief_executive_are_other_posts_not_the_councils():
    text = "Kent County Council was inspected. Labour group leader Jo Bright objected. NSPCC chief executive Peter Wanless spoke."
    assert roles(text) == {("Jo Bright", "other", KENT), ("Peter Wanless", "other", "NSPCC")}


def test_an_unnamed_post_holder_yields_nothing():
    assert roles("Kent County Council has appointed a new interim director of children's services.") == set()


def test_no_role_from_proximity_across_sentences():
    assert roles("Kent County Council has a new leader. Jane Fielding said the report was fair.") == set()


def test_a_later_surname_mention_does_not_make_a_second_person():
    text = ("Kent County Council was inspected.\n\nKaren Bell, Kent County Council's chief executive, spoke.\n\n"
            "Ms Bell, who is also the council's acting director of children's services, agreed.")
    assert roles(text) == {("Karen Bell", "chief-executive", KENT), ("Karen Bell", "director-of-childrens-services", KENT)}


def test_role_facts_are_attested_on_the_documents_date():
    (fact,) = [f for f in extract(ingest(SOURCES / "002_4bb65f1cfdd924b5.txt", SOURCES)).facts
               if isinstance(f, RoleFact) and f.name == "Dave Evans"]
    assert str(fact.attested) == "2022-11-26"


# ------------------------------------------------------------ the five sources against the gold

def source_roles() -> set[tuple[str, str, str | None]]:
    found = set()
    for path in sorted(SOURCES.glob("*.txt")):
        for fact in extract(ingest(path, SOURCES)).facts:
            if isinstance(fact, RoleFact):
                found.add((fact.name, fact.role, fact.authority or fact.organisation))
    return found


def gold_organisation(person: dict) -> str | None:
    names = {a["name"]: a["gss_code"] for a in GOLD["authorities"]}
    if person["role"] == "member-of-parliament":
        return "UK Parliament"
    return names.get(person.get("organisation"), person.get("organisation"))


def test_every_gold_person_role_is_found_in_the_sources():
    found = source_roles()
    for person in GOLD["people"]:
        assert (person["name"], person["role"], gold_organisation(person)) in found


def test_no_furniture_person_is_found_in_the_sources():
    names = {name for name, _, _ in source_roles()}
    for entry in GOLD["not_people_of_this_story"]:
        assert entry["name"] not in names


def test_the_sources_yield_no_person_role_beyond_the_gold():
    wanted = {(p["name"], p["role"], gold_organisation(p)) for p in GOLD["people"]}
    assert source_roles() == wanted


TENURE = ("Council shake-up\nPublished: 4 May 2021\n\n"
          "Kent County Council leader Roger Gough said: \"We have made progress since 2019.\" "
          "Sarah Hammond, director of children's services at Kent County Council, has been in post since March 2015. "
          "Kent County Council's chief executive, David Cockburn, who left in 2020, was praised.\n")


def _tenure_of(name: str):
    from graph.evaluation.fixtures import extract_text

    fact = next(f for f in extract_text(TENURE, "tenure.txt").facts if isinstance(f, RoleFact) and f.name == name)
    return fact.attested, fact.start, fact.end


def test_in_post_since_a_date_becomes_the_start_of_the_post():
    assert _tenure_of("Sarah Hammond") == (PartialDate("2021-05-04"), PartialDate("2015-03"), None)


def test_a_post_left_is_ended_and_not_attested_at_the_story_date():
    assert _tenure_of("David Cockburn") == (None, None, PartialDate("2020"))


def test_a_date_inside_the_persons_quoted_speech_is_not_their_tenure():
    assert _tenure_of("Roger Gough") == (PartialDate("2021-05-04"), None, None)


def test_a_leader_of_a_neighbouring_council_is_tied_to_that_council_not_the_story_s():
    from graph.evaluation.fixtures import extract_text

    text = ("Wolverhampton children's services rated outstanding\nPublished: 26 April 2024\n\n"
            "Wolverhampton City Council's children's services were rated outstanding. Cllr Nigel Ridgway, "
            "leader of neighbouring Walsall Council, said: \"Wolverhampton has set the bar.\"\n")
    facts = [f for f in extract_text(text, "w.txt").facts if isinstance(f, RoleFact)]
    assert [(f.name, f.role, f.authority) for f in facts] == [("Nigel Ridgway", "council-leader", "E08000030")]


def test_county_councillor_is_an_honorific_and_an_education_and_childrens_director_a_dcs():
    from graph.evaluation.fixtures import extract_text

    text = ("Lancashire County Council\nPublished: 28 July 2022\n\n"
            "County Councillor Ann Smith, cabinet member for children and families, said it was fair. "
            "Joe Bloggs, executive director of education and children's services, said work would go on.\n")
    facts = {(f.name, f.role, f.honorific) for f in extract_text(text, "l.txt").facts if isinstance(f, RoleFact)}
    assert facts == {("Ann Smith", "lead-member-for-children", "County Councillor"),
                     ("Joe Bloggs", "director-of-childrens-services", None)}
