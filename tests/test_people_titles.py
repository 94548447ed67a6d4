"""Titles as councils word them and the constructions that tie a name to one (graph/extract/people_*.py).

Every sentence here is written for the test: the people are fictional, the councils and constituencies
real, since a council post is read against the register.
"""

from __future__ import annotations

import pytest

from graph.evaluation.fixtures import extract_text
from graph.extract.people_titles import read_title
from graph.records import RoleFact

KENT, ESSEX, SURREY = "E10000016", "E10000012", "E10000030"


def roles(text: str) -> set[tuple[str, str]]:
    return {(f.name, f.role) for f in extract_text(text).facts if isinstance(f, RoleFact)}


def facts(text: str) -> list[RoleFact]:
    return [f for f in extract_text(text).facts if isinstance(f, RoleFact)]


@pytest.mark.parametrize(("sentence", "role"), [
    ("Cllr Ann Example, executive member for adult and children's social care and public health, spoke.",
     "lead-member-for-children"),
    ("Ann Example, portfolio holder for children, young people and education, spoke.", "lead-member-for-children"),
    ("Cabinet lead member for schools and families Ann Example spoke.", "lead-member-for-children"),
    ("Ann Example, cabinet member for valuing families, spoke.", "lead-member-for-children"),
    ("Ann Example, corporate director for children's services, spoke.", "director-of-childrens-services"),
    ("Ann Example, Executive Director of Families, spoke.", "director-of-childrens-services"),
    ("Ann Example, Strategic Director for Children and Young People, spoke.", "director-of-childrens-services"),
    ("Ann Example, director of children and family wellbeing, spoke.", "director-of-childrens-services"),
    ("The children's services boss Ann Example spoke.", "director-of-childrens-services"),
    ("Ann Example, Corporate Director for People, spoke.", "director-of-childrens-services"),
])
def test_local_titles_with_long_portfolios_name_the_core_post(sentence, role):
    assert roles(sentence) == {("Ann Example", role)}


@pytest.mark.parametrize(("sentence", "role"), [
    ("Ann Example, cabinet member for finance and assets, spoke.", "other"),
    ("Cabinet member Ann Example spoke.", "other"),
    ("Ann Example, director of children's social care, spoke.", "other"),
    ("Ann Example, deputy director of children's services, spoke.", "other"),
    ("Labour group leader Ann Example spoke.", "other"),
    ("Ann Example, leader of the Liberal Democrats, spoke.", "other"),
    ("The opposition spokesperson for children, Cllr Ann Example, spoke.", "other"),
    ("Ann Example, chair of the children's scrutiny committee, spoke.", "other"),
    ("Ann Example, chair of the children and families committee, spoke.", "lead-member-for-children"),
])
def test_posts_outside_the_core_are_other_and_never_a_core_post(sentence, role):
    assert roles(sentence) == {("Ann Example", role)}


@pytest.mark.parametrize("sentence", [
    "Kent County Council Leader Ann Example said so.",
    "Kent County Council leader, Cllr Ann Example, said so.",
    "Kent County Council was praised. Leader of KCC, councillor Ann Example, said so.",
    "Ann Example, leader of neighbouring Kent County Council, said so.",
])
def test_the_council_before_or_after_the_title_or_by_its_initials_is_the_owner(sentence):
    (fact,) = facts(sentence)
    assert (fact.name, fact.role, fact.authority) == ("Ann Example", "council-leader", KENT)


def test_a_councils_possessive_owns_the_directors_post():
    (fact,) = facts("Essex County Council's director of children's services, Ann Example, said so.")
    assert (fact.name, fact.role, fact.authority) == ("Ann Example", "director-of-childrens-services", ESSEX)


@pytest.mark.parametrize("sentence", [
    "Conservative MP for Maldon, Ann Example, said so.",
    "Tory MP for Maldon Ann Example said so.",
])
def test_party_words_stay_out_of_an_mps_name_and_the_constituency_is_kept(sentence):
    (fact,) = facts(sentence)
    assert (fact.name, fact.role, fact.constituency) == ("Ann Example", "member-of-parliament", "Maldon")


@pytest.mark.parametrize(("sentence", "honorific"), [
    ("Coun Ann Example, cabinet member for children, said so.", "Coun"),
    ("Cabinet member for children Cllr Ann Example (Lab) said so.", "Cllr"),
    ("Councillor Ann Example (Lib Dem, Crossways), cabinet member for children, said so.", "Councillor"),
    ("Dr Ann Example, director of children's services, said so.", "Dr"),
    ("Director of children's services Dame Ann Example said so.", "Dame"),
])
def test_honorifics_and_party_labels_stay_out_of_the_name(sentence, honorific):
    (fact,) = facts(sentence)
    assert (fact.name, fact.honorific) == ("Ann Example", honorific)


@pytest.mark.parametrize(("sentence", "role"), [
    ("Lead inspector Ann Example wrote that progress was slow.", "hmi"),
    ("The letter was addressed to council leader Ann Example.", "council-leader"),
    ("Ann Example was appointed director of children's services in May.", "director-of-childrens-services"),
    ("The council appointed Ann Example as its interim director of children's services.",
     "director-of-childrens-services"),
    ("Ann Example, who is also the cabinet member for young people, spoke.", "lead-member-for-children"),
    ("Ann Example remains leader of the council.", "council-leader"),
])
def test_a_verb_can_state_the_post(sentence, role):
    assert roles(sentence) == {("Ann Example", role)}


@pytest.mark.parametrize("sentence", [
    "Former cabinet member for children Ann Example spoke.",
    "The then-leader Ann Example spoke.",
    "Ann Example resigned as council leader last year.",
    "The leader at the time, Cllr Ann Example, spoke.",
])
def test_a_former_post_is_not_attested_at_the_documents_date(sentence):
    text = f"Council news\nPublished: 4 May 2021\n\n{sentence}\n"
    (fact,) = facts(text)
    assert fact.name == "Ann Example" and fact.attested is None


def test_titles_joined_by_and_share_the_name():
    assert roles("Cllr Ann Example, deputy leader and cabinet member for children, said so.") == {
        ("Ann Example", "deputy-council-leader"), ("Ann Example", "lead-member-for-children")}


def test_a_name_before_a_title_is_that_titles_and_the_next_name_the_next_titles():
    text = ("Present: Ann Example, Cabinet Member for Children and Families Bob Sample, "
            "Executive Director for Children and Learning")
    assert roles(text) == {("Ann Example", "lead-member-for-children"),
                           ("Bob Sample", "director-of-childrens-services")}


def test_minutes_put_the_title_in_brackets_after_the_name():
    assert roles("Councillor Ann Example (Cabinet Member for Children, Families and Schools) introduced it.") == {
        ("Ann Example", "lead-member-for-children")}


def test_a_plural_head_lists_its_people():
    assert roles("Inspectors Ann Example and Bob Sample found progress.") == {
        ("Ann Example", "hmi"), ("Bob Sample", "hmi")}


def test_a_body_named_after_the_title_makes_the_post_that_bodys():
    (fact,) = facts("Kent County Council was praised. Ann Example, chief executive of Forward for Families, said so.")
    assert (fact.role, fact.organisation, fact.authority) == ("other", "Forward for Families", None)


def test_a_trade_press_byline_is_a_name_then_the_date():
    (fact,) = facts("Ann Example 09 January 2019 Council praised for its children's services")
    assert (fact.name, fact.role) == ("Ann Example", "author")


def test_a_council_post_in_a_passage_that_names_no_council_is_kept_without_one():
    (fact,) = facts("Council leader Ann Example said so.")
    assert (fact.role, fact.authority) == ("council-leader", None)


def test_a_party_councillor_holding_a_cabinet_post_is_only_the_cabinet_member():
    assert roles("Labour councillor Ann Example, cabinet member for children, said so.") == {
        ("Ann Example", "lead-member-for-children")}


def test_a_place_before_mp_is_not_a_name():
    assert roles("Surrey Heath MP Ann Example said so.") == {("Ann Example", "member-of-parliament")}


@pytest.mark.parametrize(("title", "role"), [
    ("Cabinet Member for Children, Families and Lifelong Learning", "lead-member-for-children"),
    ("Executive Director of People", "director-of-childrens-services"),
    ("Leader of the Council", "council-leader"),
])
def test_a_title_standing_alone_reads_as_in_a_sentence(title, role):
    read = read_title(title)
    assert read is not None and read[0].role == role and read[1] == len(title)
