"""Constructions that name a person's post away from a plain apposition, each checked on a short real
quote (dev split of tests/fixtures/real, the URL it was read at beside it)."""

from __future__ import annotations

import pytest

from graph.evaluation.fixtures import extract_text
from graph.records import RoleFact

DCS, LEAD, LEADER = "director-of-childrens-services", "lead-member-for-children", "council-leader"


def facts(text: str) -> list[RoleFact]:
    return [f for f in extract_text(text).facts if isinstance(f, RoleFact)]


def roles(text: str) -> set[tuple[str, str]]:
    return {(f.name, f.role) for f in facts(text)}


@pytest.mark.parametrize(("quote", "expected"), [
    # https://www.tavistock-today.co.uk/news/new-county-council-leader-vows-to-prioritise-devons-vulnerable-children-796662
    ("Cllr Richard Jefferies (Feniton and Honiton) has responsibility for children’s social services.",
     ("Richard Jefferies", LEAD)),
    # http://www.pressreader.com/uk/leicester-mercury/20211126/281827172034838
    ("Leicester mayor Sir Peter Soulsby then stepped in to take over political responsibility for the children’s "
     "services department and started to put measures in place to deal with the crisis.", ("Peter Soulsby", LEAD)),
    # https://www.rochvalleyradio.com/local-news/community/new-head-of-childrens-services-appointed-at-bury-council/
    ("Sheila Durr has been appointed to one of the most important positions at Bury Council as executive director "
     "for children and young people.", ("Sheila Durr", DCS)),
    # https://www.pontefractandcastlefordexpress.co.uk/news/politics/wakefield-conservatives-repeat-calls-for-council-leader-peter-box-to-stand-down-1-9828526
    ("Councillor Nadeem Ahmed, Tory group leader, said that the report was \"not a good one\" for the council, and "
     "that the \"time had come\" for Coun Box, who has led the authority since 1998, to stand down.", ("Box", LEADER)),
    # https://www.blackpoolgazette.co.uk/news/politics/demand-for-answers-amid-real-fear-for-children-s-safety-after-blackpool-council-ofsted-report-1-9545177
    ("It comes after council leader Simon Blackburn hit back as opposition leader Tony Williams called for him and "
     "Coun Graham Cain, who is responsible for the department, to resign in the wake of the damning report.",
     ("Graham Cain", LEAD)),
    # http://www.pressreader.com/uk/leicester-mercury/20211126/281827172034838
    ("This led to the sacking of two major council figures, Elaine McHale, the council’s interim director of "
     "children’s services at the time, and Councillor Vi Dempster, who held the portfolio for the department.",
     ("Vi Dempster", LEAD)),
])
def test_a_post_stated_by_a_verb(quote, expected):
    assert expected in roles(quote)


# https://www.bracknellnews.co.uk/news/17920671.wokingham-childrens-services-unveils-12-point-plan/
def test_a_bare_director_in_childrens_services_copy_is_the_dcs():
    quote = ("Ofsted recommended five key areas the department needed to improve in but director Carol Cammiss said "
             "children’s services was in a “far better place” than it was at its last inspection.")
    assert roles(quote) == {("Carol Cammiss", DCS)}


@pytest.mark.parametrize(("quote", "successor", "predecessor"), [
    # http://www.pressreader.com/uk/hull-daily-mail/20201009/281505048682993
    ("Pauline Turner will take over at the end of the year from interim director Nikki Clemo, who was drafted in "
     "eight months ago after a highly-critical Ofsted inspection report.", "Pauline Turner", "Nikki Clemo"),
    # https://creditoncourier.co.uk/news/interim-boss-welcomed-to-devons-failing-childrens-services-589612
    ("Julian Wooster was speaking at his first cabinet meeting after starting his temporary role last week, "
     "replacing previous director Melissa Caslake who recently left after just over 18 months.",
     "Julian Wooster", "Melissa Caslake"),
    # https://www.cypnow.co.uk/content/news/council-ordered-to-take-urgent-action-to-tackle-serious-shortfalls-in-practice
    ("In June, the council appointed Professor Sarah O'Brien as director of people. She replaced Mike Wyatt who had "
     "held the post since early 2016.", "Sarah O'Brien", "Mike Wyatt"),
])
def test_succession_gives_the_successor_the_post_and_the_predecessor_has_left_it(quote, successor, predecessor):
    found = {f.name: f for f in extract_text(quote, metadata={"published": "2020-10-09"}).facts
             if isinstance(f, RoleFact) and f.role == DCS}
    assert set(found) == {successor, predecessor}
    assert found[successor].attested is not None and found[predecessor].attested is None  # left: not attested now


# https://www.yorkpress.co.uk/news/20245774.york-making-changes-critical-ofsted-report/?ref=rss
def test_who_replaced_someone_as_a_title_holds_it_too():
    quote = ("Coun Andrew Waller, who replaced Coun Ian Cuthbertson as executive member for children following the "
             "Ofsted report, said: “I don’t believe that children were not taken seriously under my predecessor.")
    assert roles(quote) == {("Andrew Waller", LEAD), ("Ian Cuthbertson", LEAD)}


# https://www.northumberlandgazette.co.uk/news/politics/council/labour-gives-cautious-welcome-proposed-new-northumberland-county-council-leader-warn-it-prepared-vote-his-removal-if-they-dont-see-change-2980830
def test_a_departure_after_a_change_of_holder_names_the_one_who_left():
    quote = ("Cllr Sanderson became deputy leader after the resignation of Cllr Wayne Daley in August, and then "
             "acting leader in the wake of Cllr Jackson’s dismissal.")
    assert ("Wayne Daley", "deputy-council-leader") in roles(quote)


@pytest.mark.parametrize(("quote", "expected"), [
    # https://expressandstar.com/news/local-hubs/walsall/2017/09/22/walsall-councils-failing-childrens-services-drafts-in-new-boss
    ("Ms Rowe is coming from Luton Borough Council where she was corporate director of people.", ("Rowe", DCS)),
    # http://mikerigby.org/mikes-statement-continued-adequacy-somerset-childrens-services/
    ("The slide in performance began under now Leader John Osman when he was Cabinet Member for Children’s Services.",
     ("John Osman", LEAD)),
])
def test_a_pronoun_gives_the_post_to_the_name_before_it(quote, expected):
    assert expected in roles(quote)


# http://www.pressreader.com/uk/hull-daily-mail/20201009/281505048682993
def test_a_possessive_position_as_gives_the_post_to_the_name_before_it():
    quote = ("A current Ofsted inspector, Ms Turner will move to Hull from her current position as director of "
             "operations at Sandwell Children’s Trust.")
    (fact,) = [f for f in facts(quote) if f.role == "other"]
    assert (fact.name, fact.organisation) == ("Turner", "Sandwell Children’s Trust")


# https://www.newhamrecorder.co.uk/news/new-boss-of-children-s-services-appointed-1-6189013
def test_an_appointment_without_a_name_goes_to_the_name_opening_the_next_sentence():
    quote = ("Newham Council has appointed its new permanent corporate director of children and young people. Tim "
             "Aldridge will be accountable for the delivery of safe and effective services, with his portfolio "
             "including social care, youth offending and school improvement.")
    assert roles(quote) == {("Tim Aldridge", DCS)}


# https://www.inkl.com/news/ex-children-s-boss-calls-for-resignations-after-damning-liverpool-council-inspection
def test_a_post_named_by_reference_is_the_title_named_before():
    quote = ("Barry Kushner, former cabinet member for children’s services, took to social media to call for the "
             "resignation of Cllr Frazer Lake, who held the portfolio from 2021 until this month’s elections.")
    assert roles(quote) == {("Barry Kushner", LEAD), ("Frazer Lake", LEAD)}


# https://localgovernmentlawyer.co.uk/procurement-and-contracts/402-procurement-news/34018-city-first-to-transfer-voluntarily-running-of-children-services-to-outside-company
def test_a_surname_alone_stands_for_the_full_name_the_document_gives():
    quote = ("The new company will be run by Alex Hopkins, chief executive of Together for Children, alongside a "
             "team of five directors and children's services staff who have transferred from the council. Hopkins "
             "joined Sunderland as Director of Children's Services from Northamptonshire County Council last July.")
    assert ("Alex Hopkins", DCS) in roles(quote)
    assert not any(name == "Hopkins" for name, _ in roles(quote))


# https://docsbay.net/minutes-childrens-services-governance-board-11-september-2006
def test_a_portfolio_in_brackets_after_the_head():
    quote = "Also Attending: John Nash – Strategic Director (Children’s Services) – Borough of Poole"
    assert ("John Nash", DCS) in roles(quote)


# http://www.examiner.co.uk/news/mps-vow-hold-council-chiefs-13623652
def test_a_word_before_a_given_name_is_not_part_of_the_name():
    quote = ("Troubleshooter Eleanor Brazil was appointed commissioner for children’s social care in Kirklees to "
             "carry out a review and report back to the Government.")
    assert roles(quote) == {("Eleanor Brazil", "commissioner")}


@pytest.mark.parametrize(("quote", "expected"), [
    # https://www.lutontoday.co.uk/education/board-for-improving-childrens-services-are-same-people-who-failed-in-first-place-says-luton-councillor-2878023
    ("He was disappointed the executive member for children’s health and wellbeing, Labour Farley councillor Mahmood "
     "Hussain, was absent from a review group meeting where the council's response was being presented.",
     ("Mahmood Hussain", LEAD)),
    # https://democracy.sheffield.gov.uk/mgAi.aspx?ID=19926
    ("John Doyle (Director of Business Strategy), who had been Acting Executive Director – People Services at the "
     "time of the inspection", ("John Doyle", DCS)),
    # https://feeds.bbci.co.uk/news/articles/cv202018vlpo
    ("Carol Bulman, the leader member for children and families at Cheshire East Council, said the authority was "
     "“deeply disappointed” with the outcome of the inspection.", ("Carol Bulman", LEAD)),
    # https://www.slough.gov.uk/council/best-value-commissioners
    ("the Secretary of State for Levelling Up, Housing and Communities, The Rt Hon Michael Gove MP, had appointed "
     "Commissioners", ("Michael Gove", "minister")),
])
def test_titles_worded_loosely(quote, expected):
    assert expected in roles(quote)


@pytest.mark.parametrize(("quote", "name"), [
    # https://careappointments.com/care-news/england/85430/essex-childrens-services-are-no-longer-regarded-as-failing/
    ("Essex children’s chief, Councillor Sarah Candy, said: “This recognition is particularly rewarding for staff "
     "and partners who have worked so hard to ensure progress.”", "Sarah Candy"),
    # http://www.sloughobserver.co.uk/news/slough/articles/2014/10/23/104725-new-independent-chair-appointed-to-head-team-tasked-with-improving-councils-childrens-services/
    ("Councillor Pavitar Mann, commissioner for children and education, said: “I am delighted Phil has joined the "
     "board.", "Pavitar Mann"),
    # https://www.southwarknews.co.uk/news/ofsted-praise-southwark-councils-childrens-services-during-pandemic/
    ("Cllr Jasmine Ali, (pictured) the council’s children’s and schools’ boss, said the findings showed the "
     "resilience of staff, children and teachers.", "Jasmine Ali"),
])
def test_a_councillor_named_as_a_childrens_chief_is_the_lead_member(quote, name):
    assert roles(quote) == {(name, LEAD)}


def test_responsibility_for_another_portfolio_is_another_post():
    # https://www.newsshopper.co.uk/news/education/14601055.Council__shocked__after_Ofsted__raised_the_bar__before_inspection_slamming_Bromley_children_s_services_and_safeguarding/
    quote = ("Speaking at a full council meeting, Councillor Robert Evans, who is responsible for care services, said "
             "the regulatory body became more strict just before the inspection in April.")
    assert roles(quote) == {("Robert Evans", "other")}
